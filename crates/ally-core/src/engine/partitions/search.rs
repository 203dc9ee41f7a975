//! Depth-first search of one subtree of partitions, for the least energy alone (the
//! suffix bounds of [`super::suffix`]) or for every partition tied with it.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};

use super::{MAX_STABLE_REPORTED, Tree};
use crate::cancel::{Cancel, Cancelled};
use crate::engine::kernel::cheaper_sides;

/// Nodes a subtree counts before it reports them to the shared total and polls the
/// cancel handle (about a tenth of a millisecond).
const REPORT_EVERY: u64 = 1 << 12;

/// What a search is for.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Goal {
    /// Every leaf within the tolerance of the least energy (the threshold is the seed
    /// plus the tolerance, lowered as better leaves are met).
    Ties,
    /// Only a leaf strictly below the seed, and the least of them: a subtree whose bound
    /// reaches the threshold holds nothing better and is cut.
    Least,
}

/// The shared counters of one pass over many subtrees.
pub(super) struct Shared<'a> {
    pub total: &'a AtomicU64,
    pub spent: &'a AtomicBool,
    pub budget: u64,
    pub cancel: &'a Cancel,
}

/// What one subtree found.
pub(super) struct Sub {
    pub nodes: u64,
    /// Least energy met (`+∞` if none within the threshold).
    pub low: f64,
    /// The collection threshold at the end: `min(seed, low) + tol` (ties), `min(seed, low)`
    /// (least).
    pub threshold: f64,
    /// Ties: leaves within `threshold`, all of them unless `overflowed`, else the
    /// lexicographically smallest.
    pub leaves: Vec<(Vec<u8>, f64)>,
    pub count: u64,
    pub overflowed: bool,
    /// Least: the labels of the positions from the subtree's start of its least leaf
    /// (empty if none beat the seed).
    pub best: Vec<u8>,
}

/// Why a search stopped early.
enum Stop {
    Budget,
    Cancelled(Cancelled),
}

/// Level `d` of `f` and `a` describes the search before position `d` is assigned; levels
/// are stored from the subtree's `start`, so a short suffix costs a short array.
pub(super) struct Search<'a> {
    tree: &'a Tree,
    goal: Goal,
    /// Positions before `start` take no part: the search is over `start..n` alone.
    start: usize,
    tol: f64,
    seed: f64,
    /// `Σ_{start ≤ p < d, label_p = c} wp[p][u]`, at [`at`]`(d − start, u, c)`.
    f: Vec<f64>,
    /// `a[(d−start)·n + u] = Σ_{start ≤ p < d} wp[p][u]`.
    a: Vec<f64>,
    /// Cut weight among positions `start..d`.
    cut: Vec<f64>,
    label: Vec<u8>,
    used: usize,
    threshold: f64,
    low: f64,
    leaves: Vec<(Vec<u8>, f64)>,
    count: u64,
    overflowed: bool,
    best: Vec<u8>,
    nodes: u64,
    unreported: u64,
    shared: &'a Shared<'a>,
}

impl<'a> Search<'a> {
    /// A subtree over positions `start..n` whose first `prefix.len()` positions carry
    /// `prefix`. `seed` is the energy (in the search's units: twice the cut) of a known
    /// partition of those positions.
    pub fn new(
        tree: &'a Tree,
        goal: Goal,
        start: usize,
        prefix: &[u8],
        seed: f64,
        tol: f64,
        shared: &'a Shared<'a>,
    ) -> Self {
        let (n, k) = (tree.n, tree.k);
        let levels = n + 1 - start;
        let mut s = Search {
            tree,
            goal,
            start,
            tol,
            seed,
            f: vec![0.0; levels * n * k],
            a: vec![0.0; levels * n],
            cut: vec![0.0; levels],
            label: vec![0; n],
            used: 0,
            threshold: if goal == Goal::Ties { seed + tol } else { seed },
            low: f64::INFINITY,
            leaves: Vec::new(),
            count: 0,
            overflowed: false,
            best: Vec::new(),
            nodes: 0,
            unreported: 0,
            shared,
        };
        let d = start + prefix.len();
        let wp = &tree.wp;
        // A neutral position (label 0 with neutrality) weighs nothing with anyone.
        let out = |b: u8| tree.neutral && b == 0;
        let mut cut = 0.0;
        for (i, &b) in prefix.iter().enumerate() {
            let p = start + i;
            s.label[p] = b;
            s.used = tree.used_after(s.used, usize::from(b));
            for (j, &c) in prefix.iter().enumerate().skip(i + 1) {
                if c != b && !out(b) && !out(c) {
                    cut += wp[p * n + start + j];
                }
            }
        }
        let l = d - start;
        s.cut[l] = cut;
        for u in d..n {
            for (i, &b) in prefix.iter().enumerate().filter(|x| !out(*x.1)) {
                let x = wp[(start + i) * n + u];
                s.a[l * n + u] += x;
                s.f[at(n, k, l, u, usize::from(b))] += x;
            }
        }
        s
    }

    fn cuts(&self, twice_bound: f64) -> bool {
        match self.goal {
            // Rounding to the lattice is sound for ties only while no energy off the least
            // one is within the tolerance of it.
            Goal::Ties if self.tol < self.tree.step => {
                self.tree.round_up(twice_bound) > self.threshold
            }
            Goal::Ties => twice_bound > self.threshold,
            Goal::Least => self.tree.round_up(twice_bound) >= self.threshold,
        }
    }

    /// Searches below the prefix, whose last position is `d − 1`. `Ok(false)` when the
    /// budget ran out.
    pub fn run(&mut self, d: usize) -> Result<bool, Cancelled> {
        let n = self.tree.n;
        let outcome = if d >= n {
            self.leaf(2.0 * self.cut[d - self.start]);
            Ok(())
        } else if self.cuts(2.0 * self.bound(d)) {
            Ok(())
        } else {
            self.dfs(d)
        };
        self.shared.total.fetch_add(self.unreported, Relaxed);
        self.unreported = 0;
        match outcome {
            Ok(()) => Ok(true),
            Err(Stop::Budget) => Ok(false),
            Err(Stop::Cancelled(c)) => Err(c),
        }
    }

    /// The bound at level `d` (half-energy units), from that level's sums.
    pub fn bound(&self, d: usize) -> f64 {
        let (n, k) = (self.tree.n, self.tree.k);
        let l = d - self.start;
        let mut b = self.cut[l] + self.tree.suffix[d];
        if k == 2 {
            let (f0, f1) = self.f[at(n, 2, l, 0, 0)..at(n, 2, l + 1, 0, 0)].split_at(n);
            for u in d..n {
                b += lesser(f0[u], f1[u]);
            }
            return b;
        }
        for u in d..n {
            let fu = &self.f[at(n, k, l, u, 0)..][..k];
            b += self.tree.cheapest(self.a[l * n + u], fu);
        }
        b
    }

    fn dfs(&mut self, d: usize) -> Result<(), Stop> {
        self.nodes += 1;
        self.unreported += 1;
        if self.unreported >= REPORT_EVERY {
            let sh = self.shared;
            let seen = sh.total.fetch_add(self.unreported, Relaxed) + self.unreported;
            self.unreported = 0;
            if seen > sh.budget {
                sh.spent.store(true, Relaxed);
            }
            if sh.spent.load(Relaxed) {
                return Err(Stop::Budget);
            }
            sh.cancel.check().map_err(Stop::Cancelled)?;
        }
        let (n, k) = (self.tree.n, self.tree.k);
        let l = d - self.start;
        let used = self.used;
        let top = self.tree.top(used);
        for b in 0..=top {
            // Staying out (neutrality) weighs nothing and leaves the sums as they are.
            let out = self.tree.neutral && b == 0;
            // With two blocs the cut added is the weight to the other bloc, and `a` is
            // not kept.
            let delta = if k == 2 {
                self.f[at(n, 2, l, d, 1 - b)]
            } else if out {
                0.0
            } else {
                self.a[l * n + d] - self.f[at(n, k, l, d, b)]
            };
            let cut = self.cut[l] + delta;
            if d + 1 == n {
                // Leaves count too: recording a tie costs more than a node.
                self.nodes += 1;
                self.unreported += 1;
                self.label[d] = b as u8;
                self.leaf(2.0 * cut);
                continue;
            }
            // Level d + 1: position d joins bloc b.
            let row = &self.tree.wp[d * n..(d + 1) * n];
            let (cur_f, next_f) = self.f.split_at_mut(at(n, k, l + 1, 0, 0));
            let mut bound = cut + self.tree.suffix[d + 1];
            if k == 2 {
                bound += two_bloc_level(
                    &cur_f[at(n, 2, l, 0, 0)..],
                    &mut next_f[..2 * n],
                    row,
                    d + 1,
                    b,
                );
            } else {
                let (cur_a, next_a) = self.a.split_at_mut((l + 1) * n);
                let x_of = |u: usize| if out { 0.0 } else { row[u] };
                for u in d + 1..n {
                    let x = x_of(u);
                    next_a[u] = cur_a[l * n + u] + x;
                    let src = &cur_f[at(n, k, l, u, 0)..][..k];
                    let dst = &mut next_f[at(n, k, 0, u, 0)..][..k];
                    dst.copy_from_slice(src);
                    dst[b] += x;
                    bound += self.tree.cheapest(next_a[u], dst);
                }
            }
            if self.cuts(2.0 * bound) {
                continue;
            }
            self.label[d] = b as u8;
            self.cut[l + 1] = cut;
            self.used = self.tree.used_after(used, b);
            let r = self.dfs(d + 1);
            self.used = used;
            r?;
        }
        Ok(())
    }

    /// A complete partition (labels by position) of energy `e`.
    fn leaf(&mut self, e: f64) {
        if self.goal == Goal::Least {
            if e < self.threshold {
                self.threshold = e;
                self.low = e;
                self.best = self.label[self.start..].to_vec();
            }
            return;
        }
        if e > self.threshold {
            return;
        }
        if e < self.low {
            self.low = e;
            let threshold = self.seed.min(e) + self.tol;
            if threshold < self.threshold {
                self.threshold = threshold;
                if self.overflowed {
                    // The count cannot be re-filtered; `Tree::ties` notices the lower
                    // threshold and searches again.
                } else {
                    self.leaves.retain(|x| x.1 <= threshold);
                    self.count = self.leaves.len() as u64;
                }
            }
        }
        let n = self.tree.n;
        let mut raw = vec![0u8; n];
        for (p, &state) in self.tree.order.iter().enumerate() {
            raw[state] = self.label[p];
        }
        self.leaves.push((self.tree.canonical(&raw), e));
        self.count += 1;
        if self.leaves.len() > 4 * MAX_STABLE_REPORTED {
            self.leaves.sort_unstable_by(|x, y| x.0.cmp(&y.0));
            self.leaves.truncate(MAX_STABLE_REPORTED);
            self.overflowed = true;
        }
    }

    pub fn finish(self) -> Sub {
        Sub {
            nodes: self.nodes,
            low: self.low,
            threshold: self.threshold,
            leaves: self.leaves,
            count: self.count,
            overflowed: self.overflowed,
            best: self.best,
        }
    }
}

/// Where a level's sum for position `u` and bloc `c` lies in [`Search::f`], `l` levels
/// from the subtree's start. Two blocs keep each bloc's sums contiguous (all of bloc 0's,
/// then all of bloc 1's), so a level's update runs down whole vectors; more blocs keep a
/// position's `k` sums together, as their bound takes the largest of them.
#[inline(always)]
fn at(n: usize, k: usize, l: usize, u: usize, c: usize) -> usize {
    if k == 2 {
        (l * 2 + c) * n + u
    } else {
        (l * n + u) * k + c
    }
}

/// The lesser of a state's two bloc sums: with two blocs `a − max(f₀, f₁)` is
/// `min(f₀, f₁)`, the cut it adds on its cheaper side.
#[inline(always)]
fn lesser(f0: f64, f1: f64) -> f64 {
    if f0 < f1 { f0 } else { f1 }
}

/// Two blocs: the next level's bloc sums of positions `from..` once the current
/// position joins bloc `b` (`row` holds its weights), and the sum of their cheaper
/// sides. `cur` and `next` hold a level each (bloc 0's `n` sums, then bloc 1's). No `a`
/// is kept, and the loop runs as vectors ([`cheaper_sides`]): most of the search's time
/// goes here.
#[inline(always)]
fn two_bloc_level(cur: &[f64], next: &mut [f64], row: &[f64], from: usize, b: usize) -> f64 {
    let n = row.len();
    let (cur0, cur1) = cur[..2 * n].split_at(n);
    let (next0, next1) = next.split_at_mut(n);
    let ((keep, add), (keep_to, add_to)) = if b == 0 {
        ((cur1, cur0), (next1, next0))
    } else {
        ((cur0, cur1), (next0, next1))
    };
    cheaper_sides(
        &keep[from..],
        &add[from..],
        &row[from..],
        &mut keep_to[from..],
        &mut add_to[from..],
    )
}
