//! Least energy with three or more blocs, proven by branch-and-bound over partitions.
//!
//! The labelled walk ([`super::labelled`]) visits all `k^n` labellings and stops at
//! 2^23. What the questions other than `stable alignments?` need is only the least
//! energy, every partition tied with it and their canonical order, so this search
//! enumerates partitions, not labellings, and prunes:
//!
//! * **Symmetry breaking.** States are assigned in a fixed branching order and a state
//!   may open at most the next unused bloc label, so each partition is met once (this
//!   alone divides the `k^n` labellings by about `k!`).
//! * **Bound.** With some states assigned, the cut weight among them is known; each
//!   unassigned state adds at least its cheapest placement against the assigned ones
//!   (a new bloc, if one is left, costs its whole weight to them), and each unassigned
//!   pair at least its negative part. A subtree whose bound is above the best energy
//!   so far plus the tolerance holds no tie and is cut.
//! * **Seed.** The heuristic's best energy is the incumbent from the start, so most
//!   subtrees are cut near the root.
//!
//! Determinism: the tree is split at a fixed depth into subtrees that run in parallel,
//! each with only the seed and its own findings (no incumbent shared between threads),
//! so every subtree visits the same nodes on any thread count. The node budget is
//! spent when the sum of the subtrees' counts passes it, which is then also independent
//! of scheduling.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};

use rayon::prelude::*;

use super::MAX_STABLE_REPORTED;
use super::weights::{Found, Weights};
use crate::cancel::{Cancel, Cancelled};

/// Every partition tied for the least energy.
pub(super) struct Ties {
    /// The least energy (as tracked by the search; `assemble` recomputes each one).
    pub energy: f64,
    /// How many partitions are within the tolerance of it.
    pub count: u64,
    /// The lexicographically smallest [`MAX_STABLE_REPORTED`] of them, canonical and
    /// ascending.
    pub kept: Vec<Vec<u8>>,
    /// Nodes visited, over every pass.
    pub nodes: u64,
}

/// Subtrees wanted for the parallel split: enough that two cores stay busy when a few
/// subtrees are much bigger than the rest.
const SUBTREES: usize = 512;

/// Nodes a subtree counts before it reports them to the shared total and polls the
/// cancel handle (about a tenth of a millisecond).
const REPORT_EVERY: u64 = 1 << 12;

/// The least energy and its ties, or `Ok(None)` when more than `budget` nodes would be
/// needed. `seed` is the energy of a known configuration (the heuristic's best).
pub(super) fn least(
    w: &Weights,
    k: usize,
    tol: f64,
    seed: f64,
    budget: u64,
    cancel: &Cancel,
) -> Result<Option<Ties>, Cancelled> {
    let tree = Tree::new(w, k);
    let first = tree.run(seed, tol, budget, cancel)?;
    let Some(first) = first else { return Ok(None) };
    if !first.redo {
        return Ok(Some(first.ties));
    }
    // The seed was beaten and some subtree could not re-filter its ties under the lower
    // energy: search again from the least energy now known, which nothing beats.
    let left = budget.saturating_sub(first.ties.nodes);
    let Some(second) = tree.run(first.ties.energy, tol, left, cancel)? else {
        return Ok(None);
    };
    Ok(Some(Ties {
        nodes: second.ties.nodes + first.ties.nodes,
        ..second.ties
    }))
}

/// The weights in branching order, and the precomputed parts of the bound.
struct Tree {
    n: usize,
    k: usize,
    /// `order[p]` is the state assigned at depth `p`.
    order: Vec<usize>,
    /// `wp[p·n + q] = w(order[p], order[q])`.
    wp: Vec<f64>,
    /// `neg[d] = Σ_{d ≤ p < q < n} min(0, wp[p][q])`: unassigned pairs at depth `d` cut
    /// at best all their negative weights.
    neg: Vec<f64>,
}

struct Run {
    ties: Ties,
    redo: bool,
}

impl Tree {
    fn new(w: &Weights, k: usize) -> Self {
        let n = w.n;
        let order = branching_order(w);
        let mut wp = vec![0.0; n * n];
        for p in 0..n {
            for q in 0..n {
                wp[p * n + q] = w.get(order[p], order[q]);
            }
        }
        let mut neg = vec![0.0; n + 1];
        for d in (0..n).rev() {
            let row: f64 = (d + 1..n).map(|q| wp[d * n + q].min(0.0)).sum();
            neg[d] = neg[d + 1] + row;
        }
        Tree {
            n,
            k,
            order,
            wp,
            neg,
        }
    }

    /// Canonical prefixes at the split depth, in search order.
    fn prefixes(&self) -> Vec<Vec<u8>> {
        let mut depth = 1;
        let mut out = vec![vec![0u8]];
        while depth < self.n.saturating_sub(1) && out.len() < SUBTREES {
            let mut next = Vec::with_capacity(out.len() * self.k);
            for p in &out {
                let used = p.iter().map(|&x| usize::from(x) + 1).max().unwrap_or(0);
                for b in 0..=used.min(self.k - 1) {
                    let mut q = p.clone();
                    q.push(b as u8);
                    next.push(q);
                }
            }
            out = next;
            depth += 1;
        }
        out
    }

    fn run(
        &self,
        seed: f64,
        tol: f64,
        budget: u64,
        cancel: &Cancel,
    ) -> Result<Option<Run>, Cancelled> {
        let total = AtomicU64::new(0);
        let spent = AtomicBool::new(false);
        let outs: Vec<Option<Sub>> = self
            .prefixes()
            .par_iter()
            .map(|prefix| {
                let mut s = Search::new(self, prefix, seed, tol, budget, &total, &spent, cancel);
                let ok = s.start(prefix.len())?;
                Ok(ok.then(|| s.finish()))
            })
            .collect::<Result<_, Cancelled>>()?;
        let Some(subs) = outs.into_iter().collect::<Option<Vec<Sub>>>() else {
            return Ok(None);
        };
        let nodes: u64 = subs.iter().map(|s| s.nodes).sum();
        if nodes > budget {
            return Ok(None);
        }
        let low = subs.iter().map(|s| s.low).fold(seed, f64::min);
        let threshold = low + tol;
        let mut count = 0u64;
        let mut kept: Vec<Vec<u8>> = Vec::new();
        let mut redo = false;
        for s in subs {
            if s.threshold > threshold {
                // This subtree collected against a higher incumbent than the least found
                // elsewhere: keep only what is still a tie, if it still has them all.
                if s.overflowed {
                    redo = true;
                    continue;
                }
                let still: Vec<(Vec<u8>, f64)> =
                    s.leaves.into_iter().filter(|x| x.1 <= threshold).collect();
                count += still.len() as u64;
                kept.extend(still.into_iter().map(|x| x.0));
            } else {
                count += s.count;
                kept.extend(s.leaves.into_iter().map(|x| x.0));
            }
            if kept.len() > 4 * MAX_STABLE_REPORTED {
                kept.sort_unstable();
                kept.truncate(MAX_STABLE_REPORTED);
            }
        }
        kept.sort_unstable();
        kept.truncate(MAX_STABLE_REPORTED);
        Ok(Some(Run {
            ties: Ties {
                energy: low,
                count,
                kept,
                nodes,
            },
            redo,
        }))
    }
}

/// States most entangled with those already placed come first, so that the bound sees
/// their weights early: the first is the state of largest total `|w|`, each next the one
/// with the largest `|w|` to those already ordered (ties: larger total, then lower index).
fn branching_order(w: &Weights) -> Vec<usize> {
    let n = w.n;
    let total: Vec<f64> = (0..n)
        .map(|i| w.row(i).iter().map(|x| x.abs()).sum())
        .collect();
    let mut link = vec![0.0f64; n];
    let mut placed = vec![false; n];
    let mut order = Vec::with_capacity(n);
    for _ in 0..n {
        let mut pick = usize::MAX;
        for u in (0..n).filter(|&u| !placed[u]) {
            let better = pick == usize::MAX
                || link[u] > link[pick]
                || (link[u] == link[pick] && total[u] > total[pick]);
            if better {
                pick = u;
            }
        }
        placed[pick] = true;
        order.push(pick);
        for (l, &x) in link.iter_mut().zip(w.row(pick)) {
            *l += x.abs();
        }
    }
    order
}

/// What one subtree found.
struct Sub {
    nodes: u64,
    /// Least energy met (`+∞` if none within the threshold).
    low: f64,
    /// The collection threshold at the end: `min(seed, low) + tol`.
    threshold: f64,
    /// Leaves within `threshold`: all of them unless `overflowed`, else the
    /// lexicographically smallest.
    leaves: Vec<(Vec<u8>, f64)>,
    count: u64,
    overflowed: bool,
}

/// Depth-first search of one subtree. Level `d` of `f` and `a` describes the state of
/// the search before position `d` is assigned.
struct Search<'a> {
    tree: &'a Tree,
    tol: f64,
    seed: f64,
    /// `f[(d·n + u)·k + c] = Σ_{p < d, label_p = c} wp[p][u]` (unused blocs stay 0).
    f: Vec<f64>,
    /// `a[d·n + u] = Σ_{p < d} wp[p][u]`.
    a: Vec<f64>,
    /// Cut weight among positions `< d`.
    cut: Vec<f64>,
    label: Vec<u8>,
    used: usize,
    threshold: f64,
    low: f64,
    leaves: Vec<(Vec<u8>, f64)>,
    count: u64,
    overflowed: bool,
    nodes: u64,
    unreported: u64,
    budget: u64,
    total: &'a AtomicU64,
    spent: &'a AtomicBool,
    cancel: &'a Cancel,
}

/// Why a search stopped early.
enum Stop {
    Budget,
    Cancelled(Cancelled),
}

impl<'a> Search<'a> {
    #[allow(clippy::too_many_arguments)]
    fn new(
        tree: &'a Tree,
        prefix: &[u8],
        seed: f64,
        tol: f64,
        budget: u64,
        total: &'a AtomicU64,
        spent: &'a AtomicBool,
        cancel: &'a Cancel,
    ) -> Self {
        let (n, k) = (tree.n, tree.k);
        let mut s = Search {
            tree,
            tol,
            seed,
            f: vec![0.0; (n + 1) * n * k],
            a: vec![0.0; (n + 1) * n],
            cut: vec![0.0; n + 1],
            label: vec![0; n],
            used: 0,
            threshold: seed + tol,
            low: f64::INFINITY,
            leaves: Vec::new(),
            count: 0,
            overflowed: false,
            nodes: 0,
            unreported: 0,
            budget,
            total,
            spent,
            cancel,
        };
        // The prefix's level, from scratch.
        let d = prefix.len();
        let wp = &tree.wp;
        let mut cut = 0.0;
        for (p, &b) in prefix.iter().enumerate() {
            s.label[p] = b;
            s.used = s.used.max(usize::from(b) + 1);
            for (q, &c) in prefix.iter().enumerate().skip(p + 1) {
                if c != b {
                    cut += wp[p * n + q];
                }
            }
        }
        s.cut[d] = cut;
        for u in d..n {
            for (p, &b) in prefix.iter().enumerate() {
                let x = wp[p * n + u];
                s.a[d * n + u] += x;
                s.f[(d * n + u) * k + usize::from(b)] += x;
            }
        }
        s
    }

    /// Searches below the prefix (its last position is `d − 1`). `Ok(false)` when the
    /// budget ran out.
    fn start(&mut self, d: usize) -> Result<bool, Cancelled> {
        let n = self.tree.n;
        let outcome = if d >= n {
            self.leaf(2.0 * self.cut[n]);
            Ok(())
        } else if 2.0 * self.bound(d) > self.threshold {
            Ok(())
        } else {
            self.dfs(d)
        };
        self.total.fetch_add(self.unreported, Relaxed);
        self.unreported = 0;
        match outcome {
            Ok(()) => Ok(true),
            Err(Stop::Budget) => Ok(false),
            Err(Stop::Cancelled(c)) => Err(c),
        }
    }

    /// The bound at level `d` (half-energy units), from that level's sums.
    fn bound(&self, d: usize) -> f64 {
        let (n, k) = (self.tree.n, self.tree.k);
        let mut b = self.cut[d] + self.tree.neg[d];
        for u in d..n {
            let fu = &self.f[(d * n + u) * k..(d * n + u + 1) * k];
            // Unused blocs hold 0, which is the new-bloc placement when one is left.
            let best = fu.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            b += self.a[d * n + u] - best;
        }
        b
    }

    fn dfs(&mut self, d: usize) -> Result<(), Stop> {
        self.nodes += 1;
        self.unreported += 1;
        if self.unreported >= REPORT_EVERY {
            let seen = self.total.fetch_add(self.unreported, Relaxed) + self.unreported;
            self.unreported = 0;
            if seen > self.budget {
                self.spent.store(true, Relaxed);
            }
            if self.spent.load(Relaxed) {
                return Err(Stop::Budget);
            }
            self.cancel.check().map_err(Stop::Cancelled)?;
        }
        let (n, k) = (self.tree.n, self.tree.k);
        let used = self.used;
        let top = used.min(k - 1);
        for b in 0..=top {
            let here = d * n + d;
            let delta = self.a[here] - self.f[here * k + b];
            let cut = self.cut[d] + delta;
            if d + 1 == n {
                // Leaves count too: recording a tie costs more than a node.
                self.nodes += 1;
                self.unreported += 1;
                self.label[d] = b as u8;
                self.leaf(2.0 * cut);
                continue;
            }
            // Level d + 1: position d joins bloc b.
            let used2 = used.max(b + 1);
            let row = &self.tree.wp[d * n..(d + 1) * n];
            let (cur_f, next_f) = self.f.split_at_mut((d + 1) * n * k);
            let (cur_a, next_a) = self.a.split_at_mut((d + 1) * n);
            let mut bound = cut + self.tree.neg[d + 1];
            for u in d + 1..n {
                let x = row[u];
                next_a[u] = cur_a[d * n + u] + x;
                let src = &cur_f[(d * n + u) * k..(d * n + u + 1) * k];
                let dst = &mut next_f[u * k..(u + 1) * k];
                dst.copy_from_slice(src);
                dst[b] += x;
                let best = dst.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                bound += next_a[u] - best;
            }
            if 2.0 * bound > self.threshold {
                continue;
            }
            self.label[d] = b as u8;
            self.cut[d + 1] = cut;
            self.used = used2;
            let r = self.dfs(d + 1);
            self.used = used;
            r?;
        }
        Ok(())
    }

    /// A complete partition (labels by position) of energy `e`.
    fn leaf(&mut self, e: f64) {
        if e > self.threshold {
            return;
        }
        if e < self.low {
            self.low = e;
            let threshold = self.seed.min(e) + self.tol;
            if threshold < self.threshold {
                self.threshold = threshold;
                if self.overflowed {
                    // The count cannot be re-filtered; `Tree::run` notices the lower
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
        self.leaves.push((super::canonical(&raw), e));
        self.count += 1;
        if self.leaves.len() > 4 * MAX_STABLE_REPORTED {
            self.leaves.sort_unstable_by(|x, y| x.0.cmp(&y.0));
            self.leaves.truncate(MAX_STABLE_REPORTED);
            self.overflowed = true;
        }
    }

    fn finish(self) -> Sub {
        Sub {
            nodes: self.nodes,
            low: self.low,
            threshold: self.threshold,
            leaves: self.leaves,
            count: self.count,
            overflowed: self.overflowed,
        }
    }
}

/// Nodes (leaves included) the branch-and-bound may visit before the heuristic's answer
/// stands alone. Random landscapes of 18–30 states need well under a million; the worst
/// case is a landscape where every partition ties (18 states, 3 blocs: 6.5·10^7 ties,
/// 12 s of CPU on a loaded machine, within the budget; with 4 blocs, past it).
pub(super) const NODE_BUDGET: u64 = 1 << 27;

/// Above this many states the search is not tried: its budget would be spent for
/// nothing on almost every landscape.
pub(super) const MAX_STATES: usize = 32;

/// Three or more blocs beyond the labelled walk: the heuristic's stable list, with the
/// least energy and its ties proven by [`least`] when the budget allows. Returns the
/// stable configurations, whether the answer is exact (without basins: the prediction,
/// its ties and so its indifferent states are proven), and whether basin counts are
/// given. With basins asked for, the list (and its basins) is the heuristic's, so the
/// answer stays approximate; its head is still the proven least energy and ties.
pub(super) fn least_or_heuristic(
    w: &Weights,
    k: usize,
    tol: f64,
    limits: &super::Limits,
) -> Result<(Found, bool, bool), Cancelled> {
    let h = super::heuristic::multi_start(w, k, tol, limits)?;
    let Some(first) = h.kept.first().filter(|_| w.n <= MAX_STATES) else {
        return Ok((h, false, true));
    };
    let seed = w.energy(&first.0);
    let Some(ties) = least(w, k, tol, seed, NODE_BUDGET, &limits.cancel)? else {
        return Ok((h, false, true));
    };
    let threshold = ties.energy + tol;
    let descents: std::collections::BTreeMap<&[u8], u64> =
        h.kept.iter().map(|(a, c)| (a.as_slice(), *c)).collect();
    let mut kept: Vec<(Vec<u8>, u64)> = ties
        .kept
        .iter()
        .map(|a| (a.clone(), descents.get(a.as_slice()).copied().unwrap_or(0)))
        .collect();
    // Above the ties the heuristic's ends, in its report order.
    let above: Vec<(Vec<u8>, u64)> = h
        .kept
        .iter()
        .filter(|(a, _)| w.energy(a) > threshold)
        .cloned()
        .collect();
    let unlisted = h.stable_total.saturating_sub(h.kept.len() as u64);
    let stable_total = ties.count + above.len() as u64 + unlisted;
    kept.extend(above);
    kept.truncate(MAX_STABLE_REPORTED);
    let basins = limits.basins;
    if !basins {
        kept.iter_mut().for_each(|x| x.1 = 0);
    }
    let found = Found {
        kept,
        stable_total,
        denominator: h.denominator,
    };
    Ok((found, !basins, basins))
}
