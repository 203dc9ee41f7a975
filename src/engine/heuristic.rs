//! Multi-start steepest descent for landscapes too large to enumerate.
//!
//! Start 0 puts every state in bloc 0; start `s ≥ 1` draws each label uniformly from a
//! splitmix64 stream seeded by `(seed, s)`, so each descent depends only on its own
//! number and the answer is the same on any number of threads. A step scans all moves
//! (O(n·k)) and updates the per-bloc sums (O(n)).

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::exact::{move_state, steepest};
use super::weights::{Found, Weights};

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

pub(super) fn multi_start(w: &Weights, k: usize, tol: f64, starts: usize, seed: u64) -> Found {
    let n = w.n;
    let ends: Vec<(Vec<u8>, f64)> = (0..=starts)
        .into_par_iter()
        .map(|s| {
            let label: Vec<usize> = if s == 0 {
                vec![0; n]
            } else {
                let mut rng = SplitMix64(seed ^ (s as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
                (0..n).map(|_| rng.below(k)).collect()
            };
            descend(w, k, tol, label)
        })
        .collect();
    let mut distinct: BTreeMap<Vec<u8>, (f64, u64)> = BTreeMap::new();
    for (a, e) in ends {
        distinct.entry(a).or_insert((e, 0)).1 += 1;
    }
    let items = distinct.into_iter().map(|(a, (e, c))| (a, e, c)).collect();
    Found::new(items, starts as u64 + 1, tol, Vec::clone)
}

/// Steepest descent to a local minimum; returns its canonical assignment and energy.
fn descend(w: &Weights, k: usize, tol: f64, mut label: Vec<usize>) -> (Vec<u8>, f64) {
    let n = w.n;
    let mut by = vec![0.0; n * k];
    let mut e = 0.0;
    for i in 0..n {
        let row = w.row(i);
        for j in 0..n {
            by[i * k + label[j]] += row[j];
            if j > i && label[i] != label[j] {
                e += 2.0 * row[j];
            }
        }
    }
    // Every step lowers E by more than `tol`, so descents end; the cap only guards
    // against a rounding pathology turning that into a hang.
    let cap = 1000usize.saturating_add(n.saturating_mul(k).saturating_mul(100));
    for _ in 0..cap {
        let Some((i, b)) = steepest(&by, &label, k, tol) else {
            break;
        };
        e += move_state(w, &mut by, &mut label, k, i, b);
    }
    let raw: Vec<u8> = label.iter().map(|&x| x as u8).collect();
    (super::canonical(&raw), e)
}
