//! The semidefinite bound strengthened by triangle inequalities, dualised (Rendl,
//! Rinaldi and Wiegele 2010, "Solving Max-Cut to optimality by intersecting semidefinite
//! and polyhedral relaxations"; Krislock, Malick and Roupin 2014, BiqCrunch).
//!
//! For spins `σ ∈ {±1}ⁿ` and any three states `a, b, c`, each of
//! `s_ab σ_aσ_b + s_ac σ_aσ_c + s_bc σ_bσ_c ≥ −1` holds when the signs `s` multiply to
//! `+1` (`(+,+,+)`, `(+,−,−)`, `(−,+,−)`, `(−,−,+)`). Write `S_t` for the symmetric
//! matrix with `s` at the triangle's three pairs, so that the left side is `½σᵀS_tσ`.
//! For multipliers `γ_t ≥ 0`, adding `γ_t(½σᵀS_tσ + 1) ≥ 0` and then the eigenvalue
//! bound of [`super`] to `M = W + ½Σ_t γ_t S_t`:
//!
//! `σᵀWσ ≤ σᵀMσ + Σγ_t ≤ Σu_i + n·λ_max(M − Diag(u)) + Σγ_t`
//!
//! for every `u`, hence `E(σ) = W − ½σᵀWσ ≥ W − ½(Σu_i + n·λ_max(M − Diag(u)) + Σγ_t)`.
//! Any `γ ≥ 0` and any `u` give a bound; only `λ_max` needs a proof ([`super::certify`]),
//! and `M` as stored differs from its exact value by the rounding of its sums, for which
//! [`certified`] subtracts an allowance. With `γ = 0` this is the plain bound.
//!
//! `u` and the primal `X = VVᵀ` come from the mixing method on `M`, warm-started from the
//! last rows; the triangles most violated by `X` join the active set, and the
//! multipliers take projected subgradient steps (`1 + ½⟨S_t, X⟩` is a subgradient of the
//! dual at `γ_t`) of Polyak's length towards the value that would prove the incumbent.

use super::super::weights::Weights;
use super::{certify, sdp};
use crate::cancel::{Cancel, Cancelled};

/// One triangle inequality and its multiplier: states `a < b < c`, the sign pattern
/// `p` (0: `+++`, 1: `+−−` , 2: `−+−`, 3: `−−+` on the pairs `ab, ac, bc`).
#[derive(Clone, Debug)]
pub(super) struct Tri {
    pub a: u32,
    pub b: u32,
    pub c: u32,
    pub p: u8,
    pub g: f64,
}

impl Tri {
    fn signs(&self) -> [f64; 3] {
        match self.p {
            0 => [1.0, 1.0, 1.0],
            1 => [1.0, -1.0, -1.0],
            2 => [-1.0, 1.0, -1.0],
            _ => [-1.0, -1.0, 1.0],
        }
    }
}

/// Where a relaxation stands: the mixing method's rows (`n × r`) and the active
/// triangles. A child of the branch-and-bound starts from its parent's.
#[derive(Clone, Debug)]
pub(super) struct State {
    pub v: Vec<f64>,
    pub r: usize,
    pub tri: Vec<Tri>,
}

impl State {
    /// The deterministic cold start of [`sdp`].
    pub fn cold(n: usize) -> Self {
        let r = sdp::rank(n);
        State {
            v: sdp::start(n, r),
            r,
            tri: Vec::new(),
        }
    }

    /// `⟨v_a, v_b⟩`, the relaxation's correlation of two states.
    pub fn x(&self, a: usize, b: usize) -> f64 {
        let r = self.r;
        self.v[a * r..(a + 1) * r]
            .iter()
            .zip(&self.v[b * r..(b + 1) * r])
            .map(|(x, y)| x * y)
            .sum()
    }

    /// The state after state `k` is merged away: its row dropped, the triangles through
    /// it dropped, the others renumbered.
    pub fn without(&self, k: usize) -> Self {
        let r = self.r;
        let mut v = self.v.clone();
        v.drain(k * r..(k + 1) * r);
        let k = k as u32;
        let shift = |x: u32| if x > k { x - 1 } else { x };
        let tri = self
            .tri
            .iter()
            .filter(|t| t.a != k && t.b != k && t.c != k)
            .map(|t| Tri {
                a: shift(t.a),
                b: shift(t.b),
                c: shift(t.c),
                ..t.clone()
            })
            .collect();
        State { v, r: self.r, tri }
    }
}

/// Floating-point work left, counted rather than timed so answers do not depend on the
/// machine's load.
pub(super) struct Meter {
    pub left: f64,
}

impl Meter {
    pub fn spend(&mut self, flops: f64) {
        self.left -= flops;
    }
    pub fn has(&self, flops: f64) -> bool {
        self.left >= flops
    }
}

use super::proof_work;

/// Sweeps of the mixing method from a cold start, and from a warm one.
const COLD_SWEEPS: usize = 300;
const WARM_SWEEPS: usize = 8;

/// Rounds without a better bound before the step length is halved.
const PATIENCE: usize = 20;

/// Triangles that may join the active set in one round, per state.
const NEW_PER_STATE: usize = 3;

/// Violations smaller than this are not worth a multiplier.
const MIN_VIOLATION: f64 = 1e-3;

/// What [`strengthen`] proves and where it stopped.
pub(super) struct Outcome {
    /// A proven lower bound on `E` of the landscape (without any offset).
    pub bound: f64,
}

/// Raises the bound on the least energy of `w` by rounds of mixing, separation and
/// multiplier steps, at most `rounds` of them and while `meter` lasts, stopping once the
/// bound reaches `target` (the energy that would prove the incumbent). `cold` says that
/// `state.v` is a cold start and needs more sweeps.
pub(super) fn strengthen(
    w: &Weights,
    state: &mut State,
    cold: bool,
    target: f64,
    rounds: usize,
    meter: &mut Meter,
    cancel: &Cancel,
) -> Result<Outcome, Cancelled> {
    let n = w.n;
    let (total, size) = totals(w);
    let mut best = f64::NEG_INFINITY;
    let mut theta = 1.0;
    let mut stale = 0;
    let nonzero = (0..n)
        .map(|i| w.row(i).iter().filter(|&&x| x != 0.0).count())
        .sum::<usize>() as f64;
    for round in 0..rounds {
        cancel.check()?;
        let m = penalised(w, &state.tri);
        let sweeps = if cold && round == 0 {
            COLD_SWEEPS
        } else {
            WARM_SWEEPS
        };
        let sweep_work = 2.0 * (nonzero + 6.0 * state.tri.len() as f64) * state.r as f64 + 1.0;
        let round_work = proof_work(n) + 2.0 * (n * n) as f64 * state.r as f64;
        if !meter.has(round_work + sweep_work) {
            break;
        }
        let affordable = ((meter.left - round_work) / sweep_work).floor().max(1.0) as usize;
        let (u, ran) = sdp::mix(&m, &mut state.v, state.r, sweeps.min(affordable), cancel)?;
        meter.spend(ran as f64 * sweep_work + proof_work(n));
        let gsum: f64 = state.tri.iter().map(|t| t.g).sum();
        let value = certified(total, size, &m, &u, gsum, state.tri.len());
        if best == f64::NEG_INFINITY || value > best + 1e-9 * best.abs() {
            best = value;
            stale = 0;
        } else {
            stale += 1;
            // The inner solves are inexact, so one round's value is noisy: the step
            // shrinks only after many rounds without a better bound.
            if stale >= PATIENCE {
                theta *= 0.5;
                stale = 0;
            }
        }
        if best >= target || round + 1 == rounds || theta < 1e-3 {
            break;
        }
        // The dual's value to lower, `Σu + nλ + Σγ = 2(W − bound)`, and the value that
        // would prove the target.
        let f = 2.0 * (total - value);
        // Without a finite target, aim a little below the current value.
        let goal = if target.is_finite() {
            2.0 * (total - target)
        } else {
            f - 0.01 * f.abs()
        };
        let x = gram(state);
        meter.spend(2.0 * (n * n) as f64 * state.r as f64);
        let mut fresh = separate(&x, n, &state.tri, NEW_PER_STATE * n, meter);
        state.tri.append(&mut fresh);
        let grads: Vec<f64> = state
            .tri
            .iter()
            .map(|t| {
                let s = t.signs();
                let (a, b, c) = (t.a as usize, t.b as usize, t.c as usize);
                1.0 + s[0] * x[a * n + b] + s[1] * x[a * n + c] + s[2] * x[b * n + c]
            })
            .collect();
        // Only the coordinates a step can move count in its length.
        let norm: f64 = state
            .tri
            .iter()
            .zip(&grads)
            .filter(|(t, g)| t.g > 0.0 || **g < 0.0)
            .map(|(_, g)| g * g)
            .sum();
        if norm <= 0.0 || f <= goal {
            break;
        }
        let step = theta * (f - goal) / norm;
        for (t, g) in state.tri.iter_mut().zip(&grads) {
            t.g = (t.g - step * g).max(0.0);
        }
        state.tri.retain(|t| t.g > 0.0);
    }
    Ok(Outcome { bound: best })
}

/// `Σ_{i<j} w_ij` and `Σ_{i<j} |w_ij|`.
fn totals(w: &Weights) -> (f64, f64) {
    let mut total = 0.0;
    let mut size = 0.0;
    for i in 0..w.n {
        for &x in &w.row(i)[i + 1..] {
            total += x;
            size += x.abs();
        }
    }
    (total, size)
}

/// `M = W + ½Σγ_t S_t` as a matrix.
fn penalised(w: &Weights, tri: &[Tri]) -> Weights {
    let n = w.n;
    let mut m: Vec<f64> = (0..n).flat_map(|i| w.row(i).iter().copied()).collect();
    for t in tri {
        let s = t.signs();
        let (a, b, c) = (t.a as usize, t.b as usize, t.c as usize);
        for (k, (i, j)) in [(a, b), (a, c), (b, c)].into_iter().enumerate() {
            let d = 0.5 * t.g * s[k];
            m[i * n + j] += d;
            m[j * n + i] += d;
        }
    }
    Weights::from_matrix(n, m)
}

/// The bound of the module comment for `M = m`, lowered by an allowance for rounding:
/// each entry of `m` is a sum of at most `tris + 1` terms, so `σᵀ(M − m)σ` is at most
/// `γ_k` times `2Σ|w_ij| + 3Σγ_t`; the sums here are bounded as in [`super::dual_bound`].
fn certified(total: f64, size: f64, m: &Weights, u: &[f64], gsum: f64, tris: usize) -> f64 {
    let n = m.n;
    let top = certify::top_eigenvalue(m, u);
    let sum_u: f64 = u.iter().sum();
    let size_u: f64 = u.iter().map(|x| x.abs()).sum();
    let nf = n as f64;
    let value = total - 0.5 * (sum_u + nf * top + gsum);
    let k = (n * n + n + 8 + tris) as f64 * f64::EPSILON;
    value - 2.0 * k * (2.0 * size + size_u + nf * top.abs() + 4.0 * gsum)
}

/// `X = VVᵀ`, dense.
fn gram(state: &State) -> Vec<f64> {
    let r = state.r;
    let n = state.v.len() / r.max(1);
    let mut x = vec![0.0; n * n];
    for a in 0..n {
        for b in a..n {
            let d = state.x(a, b);
            x[a * n + b] = d;
            x[b * n + a] = d;
        }
    }
    x
}

/// The `most` triangles most violated by `x` that are not active yet, in a fixed order
/// (violation, then states and pattern) so that ties never depend on anything else.
fn separate(x: &[f64], n: usize, active: &[Tri], most: usize, meter: &mut Meter) -> Vec<Tri> {
    meter.spend((n * n * n) as f64);
    let known: std::collections::HashSet<(u32, u32, u32, u8)> =
        active.iter().map(|t| (t.a, t.b, t.c, t.p)).collect();
    let mut found: Vec<(f64, u32, u32, u32, u8)> = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            let ab = x[a * n + b];
            for c in b + 1..n {
                let (ac, bc) = (x[a * n + c], x[b * n + c]);
                let sums = [ab + ac + bc, ab - ac - bc, -ab + ac - bc, -ab - ac + bc];
                for (p, s) in sums.into_iter().enumerate() {
                    let violation = -1.0 - s;
                    let key = (a as u32, b as u32, c as u32, p as u8);
                    if violation > MIN_VIOLATION && !known.contains(&key) {
                        found.push((violation, a as u32, b as u32, c as u32, p as u8));
                    }
                }
            }
        }
    }
    let order = |x: &(f64, u32, u32, u32, u8), y: &(f64, u32, u32, u32, u8)| {
        y.0.total_cmp(&x.0)
            .then((x.1, x.2, x.3, x.4).cmp(&(y.1, y.2, y.3, y.4)))
    };
    if found.len() > most && most > 0 {
        found.select_nth_unstable_by(most - 1, order);
        found.truncate(most);
    }
    found.sort_by(order);
    found
        .into_iter()
        .map(|(_, a, b, c, p)| Tri { a, b, c, p, g: 0.0 })
        .collect()
}
