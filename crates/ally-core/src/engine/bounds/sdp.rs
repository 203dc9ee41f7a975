//! A near-optimal dual vector for the max-cut semidefinite relaxation (Goemans and
//! Williamson 1995), found from the primal side by the low-rank "mixing method" (Wang,
//! Chang and Kolter 2017, a coordinate form of Burer and Monteiro 2003).
//!
//! The relaxation of `max σᵀWσ` over `σ ∈ {±1}ⁿ` is `max ⟨W, X⟩` over `X ⪰ 0` with a unit
//! diagonal; writing `X = VVᵀ` with unit rows `v_i ∈ ℝʳ`, `r(r+1)/2 > n`, loses nothing
//! (Barvinok, Pataki). The mixing method sets each `v_i` in turn to the unit vector along
//! `g_i = Σ_j w_ij v_j`, which never lowers `⟨W, VVᵀ⟩`. At the optimum the multipliers
//! `u_i = ⟨v_i, g_i⟩` make `Diag(u) − W ⪰ 0`, and `Σ u_i` is the relaxation's value. Away
//! from it they are still a dual vector: the bound built from them
//! ([`super::dual_bound`]) holds for *any* `u`; the closer to the optimum, the tighter.
//! Nothing here has to be exact.

use super::super::weights::Weights;
use crate::cancel::{Cancel, Cancelled};

/// The rank: the least `r` with `r(r+1)/2 > n`, at least 2.
pub(super) fn rank(n: usize) -> usize {
    let mut r = 2;
    while r * (r + 1) / 2 <= n {
        r += 1;
    }
    r
}

/// Sweeps stop once one raises `⟨W, VVᵀ⟩` by less than this share of it.
const STALL: f64 = 1e-10;

/// The multipliers `u` after at most `sweeps` sweeps over the states in index order,
/// from a start fixed by the landscape alone (so the same landscape always gets the
/// same `u`).
pub(super) fn multipliers(
    w: &Weights,
    sweeps: usize,
    cancel: &Cancel,
) -> Result<Vec<f64>, Cancelled> {
    let r = rank(w.n);
    let mut v = start(w.n, r);
    Ok(mix(w, &mut v, r, sweeps, cancel)?.0)
}

/// At most `sweeps` sweeps of the mixing method from the unit rows `v` (`n × r`), which
/// it leaves at the last sweep's: the multipliers and the sweeps run. A warm start (the
/// rows of a landscape just solved and then penalised or contracted) needs few sweeps.
pub(super) fn mix(
    w: &Weights,
    v: &mut [f64],
    r: usize,
    sweeps: usize,
    cancel: &Cancel,
) -> Result<(Vec<f64>, usize), Cancelled> {
    let n = w.n;
    // Only the non-zero weights of each row matter; sparse landscapes run much faster.
    let nonzero: Vec<Vec<(usize, f64)>> = (0..n)
        .map(|i| {
            w.row(i)
                .iter()
                .enumerate()
                .filter(|&(j, &x)| j != i && x != 0.0)
                .map(|(j, &x)| (j, x))
                .collect()
        })
        .collect();
    let mut g = vec![0.0; r];
    let mut last = f64::NEG_INFINITY;
    let mut done = 0;
    for sweep in 0..sweeps {
        if sweep % 8 == 0 {
            cancel.check()?;
        }
        done += 1;
        let mut value = 0.0;
        for i in 0..n {
            field(&nonzero[i], v, r, &mut g);
            let norm = g.iter().map(|x| x * x).sum::<f64>().sqrt();
            if norm > 0.0 {
                for (x, y) in v[i * r..(i + 1) * r].iter_mut().zip(&g) {
                    *x = y / norm;
                }
            }
            value += norm;
        }
        if value - last <= STALL * value.abs() {
            break;
        }
        last = value;
    }
    let u = (0..n)
        .map(|i| {
            field(&nonzero[i], v, r, &mut g);
            g.iter()
                .zip(&v[i * r..(i + 1) * r])
                .map(|(a, b)| a * b)
                .sum()
        })
        .collect();
    Ok((u, done))
}

/// `g = Σ_j w_ij v_j` over the row's non-zero weights.
fn field(row: &[(usize, f64)], v: &[f64], r: usize, g: &mut [f64]) {
    g.iter_mut().for_each(|x| *x = 0.0);
    for &(j, x) in row {
        for (a, b) in g.iter_mut().zip(&v[j * r..(j + 1) * r]) {
            *a += x * b;
        }
    }
}

/// Uniform draws in [−1, 1) from a splitmix64 stream with a fixed seed: the mixing
/// method's starting rows and the branch-and-bound's random hyperplanes.
pub(in crate::engine) fn draws(seed: u64) -> impl FnMut() -> f64 {
    let mut state = seed;
    move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
    }
}

/// Unit rows from a splitmix64 stream with a fixed seed.
pub(super) fn start(n: usize, r: usize) -> Vec<f64> {
    let mut next = draws(0x5D9_B0A5_u64);
    let mut v: Vec<f64> = (0..n * r).map(|_| next()).collect();
    for row in v.chunks_mut(r) {
        let norm = row.iter().map(|x| x * x).sum::<f64>().sqrt();
        row.iter_mut().for_each(|x| *x /= norm);
    }
    v
}
