//! Pairs settled before the search: a pair whose weight outweighs everything else its
//! state is tied to is on the same side (attraction) or on opposite sides (repulsion) in
//! every alignment near the least energy, so the two states are merged into one.
//!
//! With `E(σ) = Σ_{i<j} w_ij (1 − σ_iσ_j)`, moving state `i` alone changes the energy by
//! `2σ_i Σ_k w_ik σ_k`. If `σ_j ≠ s·σ_i` with `s` the sign of `w_ij`, that change is at
//! most `−2|w_ij| + 2Σ_{k≠j} |w_ik|`: when `|w_ij| − Σ_{k≠j} |w_ik|` exceeds half the
//! tolerance, every alignment that breaks the pair is beaten by more than the tolerance
//! by moving `i`. So the alignments within the tolerance of the least energy — the
//! answer and its ties — all keep it, and fixing `σ_j = s·σ_i` loses none of them
//! (the persistency of Hammer, Hansen and Simeone 1984, in its simplest, local form).
//! Nothing is dropped: the merged state carries the sum of both states' pairs, signed,
//! and the pairs a repulsion fixes apart move into a constant. Merging lowers the sums
//! of the states around it (opposite pulls cancel), so one merge can settle another.
//!
//! The alliance data are shaped for it: alliances weigh far more than the latent
//! threats between distant states, so the whole state system of a year settles within
//! the search's reach (docs/book/src/performance.md, "The whole state system").

use super::weights::Weights;

/// A landscape with its settled pairs merged.
pub(super) struct Settled {
    /// The merged landscape: one state per group, in the order of each group's first
    /// state (so state 0 stays first).
    pub w: Weights,
    /// `E(σ) = offset + E'(σ')` for every alignment that keeps the settled pairs
    /// (exact in real numbers; see [`Settled::allowance`] for the rounding).
    pub offset: f64,
    /// A bound on the rounding of `offset` and of the merged weights' energies.
    pub allowance: f64,
    /// For each state: its group (a state of `w`) and its spin relative to the group's.
    pub group: Vec<(usize, i8)>,
}

impl Settled {
    /// The merged landscape's labels (its state 0 in bloc 0) of an alignment: each
    /// group's first state's label.
    pub fn project(&self, labels: &[u8]) -> Vec<u8> {
        let mut out = vec![0u8; self.w.n];
        let mut seen = vec![false; self.w.n];
        for (&(g, _), &l) in self.group.iter().zip(labels) {
            if !seen[g] {
                seen[g] = true;
                out[g] = l;
            }
        }
        let first = out.first().copied().unwrap_or(0);
        out.iter().map(|&l| l ^ first).collect()
    }

    /// The whole landscape's labels (state 0 in bloc 0) from the merged one's.
    pub fn lift(&self, labels: &[u8]) -> Vec<u8> {
        let out: Vec<u8> = self
            .group
            .iter()
            .map(|&(g, s)| labels.get(g).copied().unwrap_or(0) ^ u8::from(s < 0))
            .collect();
        let first = out.first().copied().unwrap_or(0);
        out.iter().map(|&l| l ^ first).collect()
    }
}

/// Past this many states nothing is settled: each merge rescans the pairs (`n²`), so
/// the whole costs up to `n³`; the relaxation's branch-and-bound, which runs on the
/// merged landscape, stops at the same size.
pub(super) const MAX_STATES: usize = 400;

/// Merges settled pairs until none is left, with `tol` the tolerance within which
/// energies tie. Deterministic: the first state (in index order) whose heaviest pair is
/// settled merges that pair's other state into the earlier of the two. `None` past
/// [`MAX_STATES`].
pub(super) fn settle(w: &Weights, tol: f64) -> Option<Settled> {
    let n = w.n;
    if n > MAX_STATES {
        return None;
    }
    let mut m: Vec<f64> = (0..n).flat_map(|i| w.row(i).iter().copied()).collect();
    let mut alive = vec![true; n];
    // Each state's group (a surviving state) and spin relative to it.
    let mut group: Vec<(usize, i8)> = (0..n).map(|i| (i, 1)).collect();
    let size: f64 = (0..n)
        .map(|i| w.row(i)[i + 1..].iter().map(|x| x.abs()).sum::<f64>())
        .sum();
    // Every merged weight is a signed sum of at most `n` of the original ones, so each
    // energy is off by at most `2nε·Σ|w_ij|` in all, and so is the constant: the margin
    // covers both on top of the tolerance.
    let rounding = 2.0 * (n as f64) * f64::EPSILON * size;
    let margin = 0.5 * tol + 2.0 * rounding;
    let mut offset = 0.0;
    while let Some((i, j)) = settled_pair(&m, n, &alive, margin) {
        let (keep, gone) = (i.min(j), i.max(j));
        let x = m[keep * n + gone];
        let s: i8 = if x > 0.0 { 1 } else { -1 };
        if s < 0 {
            // σ_gone = −σ_keep: the pair itself costs 2w, and each other pair
            // `w(1 + σ_keepσ_k)` is `2w − w(1 − σ_keepσ_k)`.
            offset += 2.0 * x;
            offset += (0..n)
                .filter(|&k| alive[k] && k != keep && k != gone)
                .map(|k| 2.0 * m[gone * n + k])
                .sum::<f64>();
        }
        alive[gone] = false;
        for k in (0..n).filter(|&k| alive[k] && k != keep) {
            let new = m[keep * n + k] + f64::from(s) * m[gone * n + k];
            m[keep * n + k] = new;
            m[k * n + keep] = new;
        }
        for g in group.iter_mut().filter(|g| g.0 == gone) {
            *g = (keep, g.1 * s);
        }
    }
    let kept: Vec<usize> = (0..n).filter(|&i| alive[i]).collect();
    let mut index = vec![0usize; n];
    for (a, &i) in kept.iter().enumerate() {
        index[i] = a;
    }
    let k = kept.len();
    let mut merged = vec![0.0; k * k];
    for (a, &i) in kept.iter().enumerate() {
        for (b, &j) in kept.iter().enumerate() {
            if a != b {
                merged[a * k + b] = m[i * n + j];
            }
        }
    }
    Some(Settled {
        w: Weights::from_matrix(k, merged),
        offset,
        allowance: 2.0 * rounding,
        group: group.into_iter().map(|(g, s)| (index[g], s)).collect(),
    })
}

/// The first surviving state whose heaviest pair (the first of the heaviest) outweighs
/// the rest of its pairs by more than `margin`, and that pair's other state.
fn settled_pair(m: &[f64], n: usize, alive: &[bool], margin: f64) -> Option<(usize, usize)> {
    (0..n).filter(|&i| alive[i]).find_map(|i| {
        let row = &m[i * n..(i + 1) * n];
        let mut sum = 0.0;
        let mut heaviest: Option<usize> = None;
        for j in (0..n).filter(|&j| j != i && alive[j]) {
            sum += row[j].abs();
            if heaviest.is_none_or(|h| row[j].abs() > row[h].abs()) {
                heaviest = Some(j);
            }
        }
        let j = heaviest?;
        let x = row[j].abs();
        (x > 0.0 && x - (sum - x) > margin).then_some((i, j))
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Every two-bloc alignment of `n` states with state 0 in bloc 0, the others'
    /// labels the bits of a counter (`n ≤ 32`).
    pub(in crate::engine) fn alignments(n: usize) -> impl Iterator<Item = Vec<u8>> {
        (0u32..1 << (n - 1)).map(move |mask| {
            (0..n)
                .map(|i| {
                    if i == 0 {
                        0
                    } else {
                        ((mask >> (i - 1)) & 1) as u8
                    }
                })
                .collect()
        })
    }

    /// Every alignment of `w` (state 0 in bloc 0) with its energy.
    fn all(w: &Weights) -> Vec<(Vec<u8>, f64)> {
        alignments(w.n)
            .map(|a| {
                let e = w.energy(&a);
                (a, e)
            })
            .collect()
    }

    /// Landscapes of 3–13 states with a few heavy pairs among light ones, as the data
    /// have: alliances among latent threats.
    fn drawn(n: usize, seed: u64) -> Weights {
        let mut next = super::super::bounds::draws(seed);
        let mut m = vec![0.0; n * n];
        for i in 0..n {
            for j in i + 1..n {
                let heavy = next() > 0.6;
                let x = next() * if heavy { 40.0 } else { 1.0 };
                m[i * n + j] = x;
                m[j * n + i] = x;
            }
        }
        Weights::from_matrix(n, m)
    }

    #[test]
    fn settling_keeps_the_least_energy_and_every_tie() {
        let mut merged = 0;
        for seed in 0..300u64 {
            let n = 3 + (seed % 11) as usize;
            let w = drawn(n, seed);
            let tol = w.eps();
            let s = settle(&w, tol).expect("small");
            merged += n - s.w.n;
            let whole = all(&w);
            let least = whole.iter().map(|x| x.1).fold(f64::INFINITY, f64::min);
            // By enumeration of both: the same least energy, up to the allowance.
            let part = if s.w.n >= 2 {
                all(&s.w)
            } else {
                vec![(vec![0], 0.0)]
            };
            let reduced = part.iter().map(|x| x.1).fold(f64::INFINITY, f64::min);
            assert!(
                (s.offset + reduced - least).abs() <= s.allowance + 1e-12 * least.abs(),
                "seed {seed}: {least} against {} + {reduced}",
                s.offset
            );
            // Every alignment within the tolerance of the least keeps the settled
            // pairs: it is the lift of its own projection.
            for (a, e) in &whole {
                if *e <= least + tol {
                    assert_eq!(&s.lift(&s.project(a)), a, "seed {seed}: a tie broken");
                }
            }
            // Each merged alignment lifts to one of the same energy, offset.
            for (b, e) in &part {
                let a = s.lift(b);
                assert!((w.energy(&a) - (s.offset + e)).abs() <= s.allowance + 1e-12);
            }
        }
        assert!(merged > 300, "the draws settle pairs: {merged} merged");
    }

    #[test]
    fn past_the_limit_nothing_is_settled() {
        // One pair outweighs everything, but the landscape is too large to settle.
        let n = MAX_STATES + 1;
        let mut m = vec![0.0; n * n];
        m[1] = 100.0;
        m[n] = 100.0;
        m[n + 2] = 1.0;
        m[2 * n + 1] = 1.0;
        let w = Weights::from_matrix(n, m);
        assert!(settle(&w, w.eps()).is_none());
        let small = Weights::from_matrix(3, vec![0.0, 100.0, 0.0, 100.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
        assert_eq!(settle(&small, small.eps()).map(|s| s.w.n), Some(1));
    }

    #[test]
    fn a_landscape_past_the_search_that_settles_into_one_state_is_exact() {
        // A chain of strong alliances through 130 states among weak threats: every pair
        // settles, the merged landscape is one state, and the answer is the chain
        // together, proven, with the threats' pull on it zero.
        let n = 130;
        let mut propensity = vec![-0.001; n * n];
        for i in 0..n - 1 {
            propensity[i * n + i + 1] = 100.0;
            propensity[(i + 1) * n + i] = 100.0;
        }
        let l = crate::engine::Landscape {
            sizes: vec![1.0; n],
            propensity,
            blocs: 2,
            neutral: false,
        };
        let w = Weights::new(&l).expect("valid");
        assert_eq!(settle(&w, w.eps()).map(|s| s.w.n), Some(1));
        let limits = crate::engine::Limits {
            basins: false,
            ..crate::engine::Limits::default()
        };
        let sol = crate::engine::solve(&l, &limits).expect("solved");
        assert!(sol.exact);
        assert_eq!(sol.best.assignment, vec![0u8; n]);
        assert_eq!(sol.best.energy, 0.0);
    }

    #[test]
    fn balanced_pulls_settle_nothing() {
        // Every state pulled equally by two others: no pair outweighs the rest.
        let n = 4;
        let mut m = vec![0.0; n * n];
        for (i, j) in [(0, 1), (1, 2), (2, 3), (3, 0)] {
            m[i * n + j] = 1.0;
            m[j * n + i] = 1.0;
        }
        let w = Weights::from_matrix(n, m);
        let s = settle(&w, w.eps()).expect("small");
        assert_eq!(s.w.n, 4);
        assert_eq!(s.offset, 0.0);
    }
}
