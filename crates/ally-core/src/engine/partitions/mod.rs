//! The least energy and its ties, proven by branch-and-bound over partitions, for any
//! number of blocs: two blocs without basins (instead of the walk within 30 states, and
//! past it), and three or more past the labelled walk.
//!
//! The labelled walk ([`super::labelled`]) visits all `k^n` labellings and stops at
//! 2^23; the two-bloc walk visits all `2^(n−1)` configurations. What the questions other
//! than `stable alignments?` need is only the least energy, every partition tied with
//! it and their canonical order, so this search enumerates partitions and prunes:
//!
//! * **Symmetry breaking.** States are assigned in a fixed branching order and a state
//!   may open at most the next unused bloc label, so each partition is met once (this
//!   alone divides the `k^n` labellings by about `k!`).
//! * **Bound.** With some states assigned, the cut weight among them is known; each
//!   unassigned state adds at least its cheapest placement against the assigned ones
//!   (a new bloc, if one is left, costs its whole weight to them), and the unassigned
//!   states among themselves at least the least cut of that suffix of the branching
//!   order, solved beforehand for every suffix ([`suffix`]). With integral or dyadic
//!   weights the bound is rounded up to the energy lattice. A subtree whose bound is
//!   above the best energy so far plus the tolerance holds no tie and is cut.
//! * **Seed.** The last suffix's best partition, with the first state added, is the
//!   incumbent from the start (or the heuristic's best, if lower).
//! * **Orders.** Two branching orders are tried in turn, each with half the budget
//!   ([`least`]).
//!
//! Determinism: the tree is split at a fixed depth into subtrees that run in parallel,
//! each with only the seed and its own findings (no incumbent shared between threads),
//! so every subtree visits the same nodes on any thread count. The node budget is
//! spent when the sum of the subtrees' counts passes it, which is then also independent
//! of scheduling, and the bound reported when it is spent uses only each subtree's bound
//! at its root.

mod search;
mod suffix;

use std::sync::atomic::{AtomicBool, AtomicU64};

use rayon::prelude::*;

use super::MAX_STABLE_REPORTED;
use super::settled::Settled;
use super::weights::{Found, Weights};
use crate::cancel::{Cancel, Cancelled};
use search::{Goal, Search, Shared, Sub};

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
/// subtrees are much bigger than the rest. Without the split ([`super::Limits::split`])
/// the tree is one subtree.
const SUBTREES: usize = 64;

/// What the search established.
pub(super) enum Outcome {
    /// The least energy and every tie.
    Proven(Ties),
    /// The budget ran out: a proven lower bound on the least energy.
    Bounded { bound: f64 },
}

/// The least energy and its ties, within `budget` nodes. `seed` is the energy of a
/// known configuration (the heuristic's best), if any.
///
/// Two branching orders compete: heaviest states first, and states most entangled with
/// those already placed. Neither wins everywhere (measured in docs/performance.md, now in git history: the
/// first is up to 7× faster on sparse landscapes of 60–80 states, the second proves 100
/// states the first does not), and which one will finish first shows early: each solves
/// suffixes for an eighth of the budget, then the rest goes to the one that got further
/// (its suffix bounds all tight, else fewer suffixes left, else fewer nodes spent). The
/// heaviest order finishing its suffixes within its eighth goes on without the other.
/// Every choice is made on node counts, so the answer is the same on any machine; the
/// bound reported when neither finishes is the better of the two.
pub(super) fn least(
    w: &Weights,
    k: usize,
    tol: f64,
    seed: Option<f64>,
    budget: u64,
    cancel: &Cancel,
    split: bool,
) -> Result<Outcome, Cancelled> {
    let probe = budget / 8;
    let mut heavy = Attempt::new(w, k, Order::Heaviest, split);
    if let Some(own) = heavy.tighten(probe, cancel)? {
        return heavy.finish(own, tol, seed, budget, cancel);
    }
    let mut tangled = Attempt::new(w, k, Order::Entangled, split);
    let tangled_done = tangled.tighten(probe, cancel)?;
    let left = budget.saturating_sub(heavy.doll.spent + tangled.doll.spent);
    let tangled_first = tangled_done.is_some()
        || (tangled.doll.left(), tangled.doll.spent) < (heavy.doll.left(), heavy.doll.spent);
    let (mut first, other) = if tangled_first {
        (tangled, heavy)
    } else {
        (heavy, tangled)
    };
    // The winner's own count goes on from what it spent; the loser's nodes are gone.
    let own_budget = first.doll.spent + left;
    let own = match tangled_done {
        Some(own) => Some(own),
        None => first.tighten(own_budget, cancel)?,
    };
    let outcome = match own {
        Some(own) => first.finish(own, tol, seed, own_budget, cancel)?,
        None => Outcome::Bounded {
            bound: first.tree.lower_bound(),
        },
    };
    Ok(match outcome {
        Outcome::Bounded { bound } => Outcome::Bounded {
            bound: bound.max(other.tree.lower_bound()),
        },
        proven => proven,
    })
}

/// How [`Tree::new`] orders the states.
#[derive(Clone, Copy)]
enum Order {
    /// By total `|w|`, largest first (ties: lower index).
    Heaviest,
    /// See [`branching_order`].
    Entangled,
}

/// [`least`] in one branching order: the tree and how far its suffix bounds got.
struct Attempt {
    tree: Tree,
    doll: suffix::Doll,
}

impl Attempt {
    fn new(w: &Weights, k: usize, order: Order, split: bool) -> Self {
        let mut tree = Tree::new(w, k, order);
        tree.split = split;
        let doll = suffix::Doll::new(&tree);
        Attempt { tree, doll }
    }

    /// Goes on tightening the suffix bounds until this attempt has spent `budget`
    /// nodes in all; once all are tight, the energy of the partition the last one
    /// yields.
    fn tighten(&mut self, budget: u64, cancel: &Cancel) -> Result<Option<f64>, Cancelled> {
        Ok(match self.doll.tighten(&mut self.tree, budget, cancel)? {
            suffix::Tightened::All { seed, .. } => Some(seed),
            suffix::Tightened::Partly => None,
        })
    }

    /// The least energy and its ties once every suffix bound is tight (`own` is the
    /// energy of the partition they yield), searching the whole tree until this attempt
    /// has spent `budget` nodes in all.
    fn finish(
        &self,
        own: f64,
        tol: f64,
        seed: Option<f64>,
        budget: u64,
        cancel: &Cancel,
    ) -> Result<Outcome, Cancelled> {
        let tree = &self.tree;
        let spent = self.doll.spent;
        let seed = seed.map_or(own, |s| s.min(own));
        let budget = budget.saturating_sub(spent);
        let bounded = |floor: f64| Outcome::Bounded {
            bound: tree.lower_bound().max(floor),
        };
        if budget == 0 {
            return Ok(bounded(f64::NEG_INFINITY));
        }
        let first = match tree.ties(seed, tol, budget, cancel)? {
            Ok(run) => run,
            Err(floor) => return Ok(bounded(floor)),
        };
        if !first.redo {
            return Ok(Outcome::Proven(Ties {
                nodes: first.ties.nodes + spent,
                ..first.ties
            }));
        }
        // The seed was beaten and some subtree could not re-filter its ties under the
        // lower energy: search again from the least energy now known, which nothing
        // beats.
        let left = budget.saturating_sub(first.ties.nodes);
        let second = match tree.ties(first.ties.energy, tol, left, cancel)? {
            Ok(run) => run,
            Err(floor) => return Ok(bounded(floor)),
        };
        Ok(Outcome::Proven(Ties {
            nodes: second.ties.nodes + first.ties.nodes + spent,
            ..second.ties
        }))
    }
}

/// The weights in branching order, and the precomputed parts of the bound.
pub(super) struct Tree {
    n: usize,
    /// Labels a position may take: the blocs, and neutrality with it (label 0).
    k: usize,
    /// Neutrality: a position may stay out at no cost (see [`Tree::cheapest`]).
    neutral: bool,
    /// `order[p]` is the state assigned at depth `p`.
    order: Vec<usize>,
    /// `wp[p·n + q] = w(order[p], order[q])`.
    wp: Vec<f64>,
    /// `suffix[d]` (half-energy units, `d ≤ n`): a lower bound on the cut weight among
    /// positions `d..n` however they are partitioned. At first the sum of their negative
    /// weights; [`suffix::tighten`] replaces it by each suffix's least cut.
    suffix: Vec<f64>,
    /// The first values of `suffix`: `neg[d]` is the sum of the negative weights among
    /// positions `d..n`.
    neg: Vec<f64>,
    /// When every weight is a whole multiple of some `g` (integral or dyadic data, as
    /// course files often are), every energy is a multiple of `step = 2g`, so a bound
    /// may be rounded up to the next multiple; 0 otherwise.
    step: f64,
    /// Whether long suffixes are split into [`SUBTREES`] searched in parallel.
    split: bool,
}

struct Run {
    ties: Ties,
    redo: bool,
}

impl Tree {
    fn new(w: &Weights, k: usize, how: Order) -> Self {
        let n = w.n;
        let neutral = w.neutral;
        let k = k + usize::from(neutral);
        let order = match how {
            Order::Heaviest => heaviest_first(w),
            Order::Entangled => branching_order(w),
        };
        let mut wp = vec![0.0; n * n];
        for p in 0..n {
            for q in 0..n {
                wp[p * n + q] = w.get(order[p], order[q]);
            }
        }
        let mut suffix = vec![0.0; n + 1];
        for d in (0..n).rev() {
            let row: f64 = (d + 1..n).map(|q| wp[d * n + q].min(0.0)).sum();
            suffix[d] = suffix[d + 1] + row;
        }
        let step = 2.0 * lattice(&wp);
        Tree {
            n,
            k,
            neutral,
            order,
            wp,
            neg: suffix.clone(),
            suffix,
            step,
            split: true,
        }
    }

    /// The highest label a position may take when `used` blocs are open: the next bloc
    /// if one is left (labels 0… without neutrality; with it 0 is neutrality and the
    /// blocs are 1…), so that each partition is met once.
    fn top(&self, used: usize) -> usize {
        (used + usize::from(self.neutral)).min(self.k - 1)
    }

    /// The blocs open once a position takes label `b`.
    fn used_after(&self, used: usize, b: usize) -> usize {
        used.max(b + 1 - usize::from(self.neutral))
    }

    /// A position's cheapest placement against the positions before it, from its weight
    /// `a` to the non-neutral ones and `f`, its weight to each label (an unopened bloc
    /// holds 0: the new-bloc placement when one is left). With neutrality staying out
    /// costs nothing and `f[0]` is not a bloc.
    #[inline]
    fn cheapest(&self, a: f64, f: &[f64]) -> f64 {
        let most = |x: &[f64]| x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if self.neutral {
            (a - most(&f[1..])).min(0.0)
        } else {
            a - most(f)
        }
    }

    /// A partition by position in canonical form.
    fn canonical(&self, raw: &[u8]) -> Vec<u8> {
        crate::engine::canonical_of(self.neutral, raw)
    }

    /// `energy`, a lower bound on some energies, rounded up to the lattice they lie on.
    fn round_up(&self, energy: f64) -> f64 {
        if self.step > 0.0 {
            // The allowance absorbs rounding in the bound's own sums.
            self.step * (energy / self.step - 1e-9).ceil()
        } else {
            energy
        }
    }

    /// A proven lower bound on the least energy from the suffix bounds known so far:
    /// for any `d`, the cut among `d..n` is at least `suffix[d]` and every pair touching
    /// a position before `d` adds at least its negative part, `neg[0] − neg[d]`.
    fn lower_bound(&self) -> f64 {
        let best = (0..=self.n)
            .map(|d| self.suffix[d] + (self.neg[0] - self.neg[d]))
            .fold(f64::NEG_INFINITY, f64::max);
        self.round_up(2.0 * best)
    }

    /// Canonical labellings of positions `start..` up to the split depth, in search
    /// order: about `want` of them.
    fn prefixes(&self, start: usize, want: usize) -> Vec<Vec<u8>> {
        let mut out: Vec<Vec<u8>> = (0..=self.top(0)).map(|b| vec![b as u8]).collect();
        let mut depth = start + 1;
        while depth + 1 < self.n && out.len() < want {
            let mut next = Vec::with_capacity(out.len() * self.k);
            for p in &out {
                let used = p.iter().fold(0, |u, &x| self.used_after(u, usize::from(x)));
                for b in 0..=self.top(used) {
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

    /// Every subtree of positions `start..n` searched for `goal` from `seed`, in
    /// parallel. When the budget runs out, `Err` holds a proven lower bound on the least
    /// energy of these positions: the least of the seed and every subtree's bound at its
    /// root, which does not depend on how far each subtree got (that would depend on
    /// thread timing).
    fn pass(
        &self,
        goal: Goal,
        start: usize,
        seed: f64,
        tol: f64,
        budget: u64,
        cancel: &Cancel,
    ) -> Result<Result<Vec<Sub>, f64>, Cancelled> {
        let total = AtomicU64::new(0);
        let spent = AtomicBool::new(false);
        let shared = Shared {
            total: &total,
            spent: &spent,
            budget,
            cancel,
        };
        // Short suffixes are quick: splitting them would cost more in set-up than the
        // search itself.
        let want = if self.n - start < 16 || !self.split {
            1
        } else {
            SUBTREES
        };
        let outs: Vec<(f64, Option<Sub>)> = self
            .prefixes(start, want)
            .par_iter()
            .map(|prefix| {
                let mut s = Search::new(self, goal, start, prefix, seed, tol, &shared);
                let d = start + prefix.len();
                let root = self.round_up(2.0 * s.bound(d));
                let ok = s.run(d)?;
                Ok((root, ok.then(|| s.finish())))
            })
            .collect::<Result<_, Cancelled>>()?;
        let floor = outs.iter().map(|x| x.0).fold(seed, f64::min);
        let Some(subs) = outs.into_iter().map(|x| x.1).collect::<Option<Vec<Sub>>>() else {
            return Ok(Err(floor));
        };
        let nodes: u64 = subs.iter().map(|s| s.nodes).sum();
        Ok(if nodes <= budget {
            Ok(subs)
        } else {
            Err(floor)
        })
    }

    /// Every partition within `tol` of the least energy, from a seed energy that some
    /// partition has.
    fn ties(
        &self,
        seed: f64,
        tol: f64,
        budget: u64,
        cancel: &Cancel,
    ) -> Result<Result<Run, f64>, Cancelled> {
        let subs = match self.pass(Goal::Ties, 0, seed, tol, budget, cancel)? {
            Ok(subs) => subs,
            Err(floor) => return Ok(Err(floor)),
        };
        let nodes: u64 = subs.iter().map(|s| s.nodes).sum();
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
        Ok(Ok(Run {
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

/// The largest `g` of the form `m / 2^e` (`e ≤ 20`) of which every weight is a whole
/// multiple, or 0 when there is none (or every weight is 0). Only weights that are exact
/// such multiples, small enough that their sums stay exact, qualify.
fn lattice(wp: &[f64]) -> f64 {
    const LIMIT: f64 = (1u64 << 40) as f64;
    for e in 0..=20 {
        let scale = f64::from(1u32 << e);
        let whole = wp.iter().all(|&x| {
            let y = x * scale;
            y == y.trunc() && y.abs() <= LIMIT
        });
        if whole {
            let g = wp.iter().map(|&x| (x * scale).abs() as u64).fold(0u64, gcd);
            return if g == 0 { 0.0 } else { g as f64 / scale };
        }
    }
    0.0
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// Each state's total `Σ_j |w_ij|`.
fn totals(w: &Weights) -> Vec<f64> {
    (0..w.n)
        .map(|i| w.row(i).iter().map(|x| x.abs()).sum())
        .collect()
}

/// States by total `|w|`, largest first; ties to the lower index.
fn heaviest_first(w: &Weights) -> Vec<usize> {
    let total = totals(w);
    let mut order: Vec<usize> = (0..w.n).collect();
    order.sort_by(|&a, &b| total[b].total_cmp(&total[a]).then(a.cmp(&b)));
    order
}

/// States most entangled with those already placed come first, so that the bound sees
/// their weights early: the first is the state of largest total `|w|`, each next the one
/// with the largest `|w|` to those already ordered (ties: larger total, then lower index).
fn branching_order(w: &Weights) -> Vec<usize> {
    let n = w.n;
    let total = totals(w);
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

/// Work a second of [`super::Limits::budget`] buys, counted as nodes times `n·k` (a node
/// updates the sums of up to `n` states in `k` blocs): measured on the reference machine
/// of docs/performance.md, now in git history (two cores), where a 100-state search visits about 1.7
/// million nodes a second.
pub const WORK_PER_SECOND: f64 = 3.4e8;

/// [`WORK_PER_SECOND`] for two blocs, whose search has its own vectorised loop
/// (`search::two_bloc_level`): measured on the same machine at 80–120 states (2.4–3.6
/// ·10^9), the lowest rate, so that a budget is not overrun at any of those sizes
/// (docs/performance.md, now in git history).
pub const TWO_BLOC_WORK_PER_SECOND: f64 = 2.4e9;

/// Nodes (leaves included) a budget of `seconds` buys at `n` states and `k` blocs.
fn node_budget(seconds: f64, n: usize, k: usize) -> u64 {
    let work = (n.max(1) * k.max(1)) as f64;
    let rate = if k == 2 {
        TWO_BLOC_WORK_PER_SECOND
    } else {
        WORK_PER_SECOND
    };
    let nodes = (seconds.max(0.0) * rate / work).floor();
    // Saturating: a day of budget is far below u64::MAX nodes anyway.
    if nodes >= u64::MAX as f64 {
        u64::MAX
    } else {
        nodes as u64
    }
}

/// Whether the search is tried at `n` states and `k` blocs. Two blocs stop at
/// [`MAX_STATES_TWO`]: past it their budget would be spent for nothing on almost every
/// landscape, and the answer is the heuristic's with the semidefinite bound of
/// [`super::bounds`] (added in `super::finish`). Three or more blocs are searched
/// wherever a subtree's sums fit in [`MAX_SEARCH_CELLS`]: the budget bounds the time, and
/// even a search that proves nothing leaves a bound (its suffixes' least cuts), which
/// every answer past enumeration carries with three or more blocs.
fn searched(n: usize, k: usize) -> bool {
    if k == 2 {
        n <= MAX_STATES_TWO
    } else {
        search_cells(n, k) <= MAX_SEARCH_CELLS
    }
}

/// See [`searched`].
pub(super) const MAX_STATES_TWO: usize = 120;

/// Two blocs without neutrality too large to search whose settled pairs, merged, leave
/// few enough states to search: that merged landscape.
fn settled_to_search(w: &Weights, labels: usize, tol: f64) -> Option<Settled> {
    if labels != 2 || w.neutral {
        return None;
    }
    super::settled::settle(w, tol).filter(|s| searched(s.w.n, labels))
}

/// The merged landscape's ties as the whole's: each lifted, ascending. When there are
/// more than [`MAX_STABLE_REPORTED`], those kept are the least in the merged order.
fn lifted(s: &Settled, t: Ties) -> Ties {
    let mut kept: Vec<Vec<u8>> = t.kept.iter().map(|a| s.lift(a)).collect();
    kept.sort();
    Ties {
        energy: s.offset + t.energy,
        count: t.count,
        kept,
        nodes: t.nodes,
    }
}

/// The sums a subtree search holds, `(n + 1)·n·k` numbers (`Search::f`, one level per
/// depth), and two subtrees run at once. 2^23 is 64 MiB each: 3 blocs up to 1,671
/// states, 8 up to 1,023, 256 up to 180.
const MAX_SEARCH_CELLS: u128 = 1 << 23;

fn search_cells(n: usize, k: usize) -> u128 {
    (n as u128 + 1) * (n as u128) * (k as u128)
}

/// Nodes the two-bloc search may spend, within the enumeration limit, before the walk
/// answers instead: the walk's own cost at 30 states is a few seconds, the search's on
/// random landscapes of 30 states a few thousand nodes.
pub(super) const WALK_BUDGET: u64 = 1 << 24;

/// The least energy and its ties alone (no heuristic, no basins): every tie listed
/// (up to [`MAX_STABLE_REPORTED`]) and counted, `denominator` configurations said to be
/// covered. `None` when `budget` nodes do not suffice.
pub(super) fn proven(
    w: &Weights,
    k: usize,
    tol: f64,
    denominator: u64,
    budget: u64,
    limits: &super::Limits,
) -> Result<Option<Found>, Cancelled> {
    let Outcome::Proven(ties) = least(w, k, tol, None, budget, &limits.cancel, limits.split)?
    else {
        return Ok(None);
    };
    Ok(Some(Found {
        kept: ties.kept.into_iter().map(|a| (a, 0)).collect(),
        stable_total: ties.count,
        denominator,
    }))
}

/// Beyond the walks (two blocs past 30 states, three or more past the labelled walk): the heuristic's stable list, with the
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
) -> Result<(Found, bool, bool, Option<f64>), Cancelled> {
    let h = super::heuristic::multi_start(w, k, tol, limits)?;
    // Neutrality is one more label to search and to bound.
    let labels = k + usize::from(w.neutral);
    let budget = node_budget(limits.budget, w.n, labels);
    let Some(first) = h.kept.first().filter(|_| budget > 0) else {
        return Ok((h, false, true, None));
    };
    let seed = w.energy(&first.0);
    let outcome = if searched(w.n, labels) {
        least(w, k, tol, Some(seed), budget, &limits.cancel, limits.split)?
    } else if let Some(s) = settled_to_search(w, labels, tol) {
        // Too large to search, but small enough once its settled pairs are merged:
        // the merged landscape's ties are the whole's, lifted (super::settled).
        let start = s.project(&first.0);
        let budget = node_budget(limits.budget, s.w.n, labels);
        let own = Some(s.w.energy(&start));
        match least(&s.w, k, tol, own, budget, &limits.cancel, limits.split)? {
            Outcome::Proven(t) => Outcome::Proven(lifted(&s, t)),
            Outcome::Bounded { bound } => Outcome::Bounded {
                bound: s.offset + bound - s.allowance,
            },
        }
    } else {
        // Too large to search, but with three or more labels the answer still says how
        // far it can be from the optimum.
        let bound = (labels >= 3).then(|| super::bounds::negative_cut(w).min(seed));
        return Ok((h, false, true, bound));
    };
    let ties = match outcome {
        Outcome::Proven(ties) => ties,
        // The heuristic's best stands, with the bound proven meanwhile.
        Outcome::Bounded { bound } => return Ok((h, false, true, Some(bound.min(seed)))),
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
    // With basins the list is the heuristic's, but its head is proven: the bound is the
    // least energy itself.
    Ok((found, !basins, basins, basins.then_some(ties.energy)))
}
