//! Multi-start steepest descent for landscapes too large to enumerate.
//!
//! Start 0 puts every state in bloc 0 (with neutrality: every state out); start `s ≥ 1`
//! draws each label uniformly (neutrality is one more label) from a splitmix64 stream
//! seeded by `(seed, s)`, so each descent depends only on its own
//! number and the answer is the same on any number of threads. A step scans all moves
//! (O(n·k)) and updates the per-bloc sums (O(n)).
//!
//! Descents alone miss the least energy on sparse and unit-weight signed landscapes,
//! whose deep minima have narrow basins. So the [`IMPROVED`] lowest distinct descent
//! ends (by energy, then assignment) are each improved by a tabu search ([`tabu`]) and
//! the lowest configuration it meets is finished by a steepest descent: what it
//! reports is a stable configuration. One that no descent ended in enters the list with
//! a basin count of 0 — no start descended to it, and its basin share is unknown but
//! small, so 0 of the descents run is the honest figure; the basin denominator stays the
//! number of descents. The prediction is the lowest of all, ties within `tol` to the
//! smallest canonical assignment, as [`Found::new`] orders every list. Each improvement
//! depends only on its own start, so the answer is still the same on any thread count.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::weights::{Fields, Found, Weights, dot, min_of};
use crate::cancel::{Cancel, Cancelled};

mod tabu;
#[cfg(test)]
mod tests;

/// Descent ends improved by tabu search. Measured on unit-weight and sparse landscapes
/// of 26–30 states (docs/performance.md, now in git history): the optimum is nearly always within a tabu
/// run of one of the lowest few ends, and each run costs about as much as a few dozen
/// descents.
const IMPROVED: usize = 8;

struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..k` by multiply-shift (no modulo bias worth the name for k ≤ 256).
    fn below(&mut self, k: usize) -> usize {
        (((self.next() >> 32) * k as u64) >> 32) as usize
    }
}

pub(super) fn multi_start(
    w: &Weights,
    k: usize,
    tol: f64,
    limits: &super::Limits,
) -> Result<Found, Cancelled> {
    search(w, k, tol, limits, IMPROVED)
}

/// [`multi_start`], improving the `improved` lowest descent ends (0: descents alone).
fn search(
    w: &Weights,
    k: usize,
    tol: f64,
    limits: &super::Limits,
    improved: usize,
) -> Result<Found, Cancelled> {
    let n = w.n;
    let (starts, seed, cancel): (usize, u64, &Cancel) =
        (limits.starts, limits.seed, &limits.cancel);
    // Neutrality is one more label (0, where start 0 puts every state), drawn and moved
    // to like a bloc; two blocs with it take the general descent.
    let two = k == 2 && !w.neutral;
    let k = k + usize::from(w.neutral);
    let ends: Vec<(Vec<u8>, f64)> = (0..=starts)
        .into_par_iter()
        .map(|s| {
            cancel.check()?;
            let label: Vec<usize> = if s == 0 {
                vec![0; n]
            } else {
                let mut rng = SplitMix64(seed ^ (s as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
                (0..n).map(|_| rng.below(k)).collect()
            };
            Ok(if two {
                descend_two(w, tol, &label)
            } else {
                descend(w, k, tol, label)
            })
        })
        .collect::<Result<_, Cancelled>>()?;
    let mut distinct: BTreeMap<Vec<u8>, (f64, u64)> = BTreeMap::new();
    for (a, e) in ends {
        distinct.entry(a).or_insert((e, 0)).1 += 1;
    }
    let mut lowest: Vec<(&Vec<u8>, f64)> = distinct.iter().map(|(a, &(e, _))| (a, e)).collect();
    lowest.sort_by(|x, y| x.1.total_cmp(&y.1).then_with(|| x.0.cmp(y.0)));
    let starts_of_tabu: Vec<Vec<usize>> = lowest
        .iter()
        .take(improved)
        .map(|(a, _)| a.iter().map(|&x| usize::from(x)).collect())
        .collect();
    let improved: Vec<(Vec<u8>, f64)> = starts_of_tabu
        .into_par_iter()
        .map(|label| {
            Ok(if two {
                descend_two(w, tol, &tabu::two(w, tol, &label, cancel)?)
            } else {
                descend(w, k, tol, tabu::many(w, k, tol, label, cancel)?)
            })
        })
        .collect::<Result<_, Cancelled>>()?;
    for (a, e) in improved {
        distinct.entry(a).or_insert((e, 0));
    }
    let items = distinct.into_iter().map(|(a, (e, c))| (a, e, c)).collect();
    Ok(Found::new(
        items,
        (starts as u64).saturating_add(1),
        tol,
        Vec::clone,
    ))
}

/// Steepest descent to a local minimum; returns its canonical assignment and energy.
fn descend(w: &Weights, k: usize, tol: f64, mut label: Vec<usize>) -> (Vec<u8>, f64) {
    let n = w.n;
    let mut fields = Fields::new(w, k, &label);
    let mut e = fields.energy(&label);
    // Every step lowers E by more than `tol`, so descents end; the cap only guards
    // against a rounding pathology turning that into a hang.
    let cap = 1000usize.saturating_add(n.saturating_mul(k).saturating_mul(100));
    for _ in 0..cap {
        let Some((i, b)) = fields.steepest(&label, tol) else {
            break;
        };
        e += fields.apply(w, &mut label, i, b);
    }
    let raw: Vec<u8> = label.iter().map(|&x| x as u8).collect();
    (super::canonical_of(w.neutral, &raw), e)
}

/// [`descend`] for two blocs, on signed fields `g_i = Σ_j w_ij·σ_i·σ_j` (σ = ±1 by bloc):
/// flipping `i` changes E by `2·g_i`, and every pass below is over one contiguous array.
/// Same moves, same ties, a few times faster at a thousand states.
fn descend_two(w: &Weights, tol: f64, label: &[usize]) -> (Vec<u8>, f64) {
    let mut f = Signed::new(w, label);
    // Each state's weight to the other bloc is (Σ_j w_ij − g_i) / 2.
    let mut e: f64 = (0..w.n)
        .map(|i| 0.5 * (w.row(i).iter().sum::<f64>() - f.g[i]))
        .sum();
    let cap = 1000usize.saturating_add(w.n.saturating_mul(200));
    for _ in 0..cap {
        let low = 2.0 * min_of(&f.g);
        if low >= -tol {
            break;
        }
        let Some(i) = f.g.iter().position(|&gi| 2.0 * gi <= low + tol) else {
            break;
        };
        e += 2.0 * f.g[i];
        f.flip(w, i);
    }
    let raw: Vec<u8> = f.sign.iter().map(|&x| u8::from(x < 0.0)).collect();
    (super::canonical(&raw), e)
}

/// Two blocs as signs `σ_i = ±1` (bloc 0 is `+1`) and signed fields
/// `g_i = σ_i·Σ_j w_ij·σ_j`: flipping `i` changes E by `2·g_i`, and every update is one
/// pass over a contiguous row. Shared by the descent and the tabu search, so both move
/// through exactly the same numbers.
struct Signed {
    sign: Vec<f64>,
    g: Vec<f64>,
}

impl Signed {
    fn new(w: &Weights, label: &[usize]) -> Self {
        let sign: Vec<f64> = label
            .iter()
            .map(|&x| if x == 0 { 1.0 } else { -1.0 })
            .collect();
        let g = (0..w.n).map(|i| sign[i] * dot(w.row(i), &sign)).collect();
        Signed { sign, g }
    }

    /// Moves state `i` to the other bloc.
    fn flip(&mut self, w: &Weights, i: usize) {
        let c = 2.0 * self.sign[i];
        for ((gj, &wij), &sj) in self.g.iter_mut().zip(w.row(i)).zip(&self.sign) {
            *gj -= c * wij * sj;
        }
        // w_ii = 0 left g_i alone above; it flips with σ_i.
        self.g[i] = -self.g[i];
        self.sign[i] = -self.sign[i];
    }
}
