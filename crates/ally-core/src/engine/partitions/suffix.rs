//! Russian-doll bounds: the least cut of every suffix of the branching order, each found
//! by the same search using the bounds of the shorter suffixes (Verfaillie, Lemaître &
//! Schiex 1996).
//!
//! Below a node at depth `d` the unassigned positions are the suffix `d..n`; the cut
//! among them is at least that suffix's least cut however the rest is placed, which is
//! far tighter than the sum of their negative weights that [`super::Tree::new`] starts
//! from. Solving suffix `d` only needs the bounds of suffixes `d+1…`, so they are solved
//! from the shortest up, each seeded by the previous one's best partition with position
//! `d` added where it costs least, and each usually proven in a few nodes: the previous
//! bound is tight.

use super::Tree;
use super::search::Goal;
use crate::cancel::{Cancel, Cancelled};

/// Rounding allowance subtracted from every suffix bound, relative to `Σ |w_ij|`: the
/// searched cut is a sum of at most `n²` terms, each exact to half an ulp.
const SLACK: f64 = 1e-12;

/// How far a [`Doll`] got.
pub(super) enum Tightened {
    /// Every suffix bound is tight: the energy of a partition of every position (the
    /// last suffix's best with position 0 added).
    All { seed: f64 },
    /// The budget ran out; the bounds of the suffixes solved so far stand.
    Partly,
}

/// The tightening of `tree.suffix[1..n]` to each suffix's least cut, shortest first, as
/// a computation that can stop when its budget runs out and go on later with more: so
/// two branching orders can each be tried a little before the rest of the budget goes
/// to the one that got further.
pub(super) struct Doll {
    /// The next suffix to solve starts at position `d`; 0 when all are solved.
    d: usize,
    /// The best partition known of positions `d+1..n` (labels by position from `d+1`,
    /// canonical) and its cut.
    labels: Vec<u8>,
    half: f64,
    /// Nodes spent so far, failed attempts included.
    pub spent: u64,
}

impl Doll {
    pub fn new(tree: &Tree) -> Self {
        Doll {
            d: tree.n.saturating_sub(2),
            labels: vec![0],
            half: 0.0,
            spent: 0,
        }
    }

    /// Suffixes still to solve: the fewer, the further this doll got.
    pub fn left(&self) -> usize {
        self.d
    }

    /// Solves suffixes until all are solved or `spent` reaches `budget`. A suffix whose
    /// search runs out is attempted again from the start by the next call; meanwhile
    /// the bound its failed search proved stands.
    pub fn tighten(
        &mut self,
        tree: &mut Tree,
        budget: u64,
        cancel: &Cancel,
    ) -> Result<Tightened, Cancelled> {
        let n = tree.n;
        if n < 2 {
            return Ok(Tightened::All { seed: 0.0 });
        }
        let scale: f64 = tree.wp.iter().map(|x| x.abs()).sum::<f64>() * 0.5;
        let slack = SLACK * scale;
        while self.d >= 1 {
            if self.spent >= budget {
                return Ok(Tightened::Partly);
            }
            let d = self.d;
            let (b, cost) = best_join(tree, d, &self.labels);
            let mut seeded = Vec::with_capacity(self.labels.len() + 1);
            seeded.push(b);
            seeded.extend_from_slice(&self.labels);
            let seed_half = self.half + cost;
            let left = budget.saturating_sub(self.spent);
            let subs = match tree.pass(Goal::Least, d, 2.0 * seed_half, 0.0, left, cancel)? {
                Ok(subs) => subs,
                Err(floor) => {
                    // Not this suffix's least cut, but a proven bound on it all the same.
                    tree.suffix[d] = tree.suffix[d].max(0.5 * floor - slack);
                    self.spent = self.spent.saturating_add(left.saturating_add(1));
                    return Ok(Tightened::Partly);
                }
            };
            self.spent += subs.iter().map(|s| s.nodes).sum::<u64>();
            // The first subtree holding the least leaf, so the choice is the same on any
            // number of threads.
            let winner = subs
                .into_iter()
                .filter(|s| s.low < 2.0 * seed_half)
                .min_by(|x, y| x.low.total_cmp(&y.low));
            (self.labels, self.half) = match winner {
                Some(s) => (s.best, 0.5 * s.low),
                None => (tree.canonical(&seeded), seed_half),
            };
            tree.suffix[d] = tree.suffix[d].max(self.half - slack);
            self.d -= 1;
        }
        let (_, cost) = best_join(tree, 0, &self.labels);
        Ok(Tightened::All {
            seed: 2.0 * (self.half + cost),
        })
    }
}

/// Where position `d` costs least against a partition of `d+1..n` (labels by position
/// from `d+1`): an existing bloc, or a new one while fewer than `k` are used, or with
/// neutrality staying out (label 0, at no cost). Returns the label and the cut it adds.
fn best_join(tree: &Tree, d: usize, labels: &[u8]) -> (u8, f64) {
    let n = tree.n;
    let used = labels
        .iter()
        .fold(0, |u, &x| tree.used_after(u, usize::from(x)));
    let row = &tree.wp[d * n + d + 1..(d + 1) * n];
    let mut toward = vec![0.0; tree.k];
    for (&x, &c) in row.iter().zip(labels) {
        toward[usize::from(c)] += x;
    }
    // Neutral positions weigh nothing: the cut a bloc adds is to the others in blocs.
    let total: f64 = if tree.neutral {
        toward[1..].iter().sum()
    } else {
        row.iter().sum()
    };
    let mut pick = (u8::MAX, f64::INFINITY);
    for (c, &t) in toward.iter().enumerate().take(tree.top(used) + 1) {
        let cost = if tree.neutral && c == 0 {
            0.0
        } else {
            total - t
        };
        if cost < pick.1 {
            pick = (c as u8, cost);
        }
    }
    pick
}

#[cfg(test)]
mod tests {
    use super::super::{Order, Tree};
    use super::{Doll, Tightened};
    use crate::cancel::Cancel;
    use crate::engine::kernel_equivalence::landscape;
    use crate::engine::weights::Weights;

    /// Stopped by its budget again and again and resumed each time with a little more,
    /// a doll ends with the same suffix bounds and seed as one run with budget to spare:
    /// a failed attempt leaves only sound bounds behind, and the retry redoes it whole.
    #[test]
    fn a_doll_resumed_many_times_ends_where_one_run_does() {
        let cancel = Cancel::never();
        for (n, seed) in [(18, 1), (22, 2), (26, 3)] {
            let w = Weights::new(&landscape(n, seed, seed == 2)).expect("valid landscape");
            for order in [Order::Heaviest, Order::Entangled] {
                let mut once = Tree::new(&w, 2, order);
                let mut doll = Doll::new(&once);
                let Ok(Tightened::All { seed: whole }) =
                    doll.tighten(&mut once, u64::MAX / 2, &cancel)
                else {
                    panic!("an unlimited budget tightens every suffix");
                };
                let mut resumed = Tree::new(&w, 2, order);
                let mut doll = Doll::new(&resumed);
                let mut budget = 1;
                let mut stops = 0;
                let end = loop {
                    match doll.tighten(&mut resumed, budget, &cancel) {
                        Ok(Tightened::All { seed }) => break seed,
                        Ok(Tightened::Partly) => {
                            stops += 1;
                            budget = doll.spent + 1 + budget / 4;
                        }
                        Err(_) => panic!("never cancelled"),
                    }
                };
                assert!(
                    stops > 3,
                    "n = {n}: the budgets should have stopped it often"
                );
                assert_eq!(end.to_bits(), whole.to_bits(), "n = {n}");
                let bits = |t: &Tree| t.suffix.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&resumed), bits(&once), "n = {n}");
            }
        }
    }
}
