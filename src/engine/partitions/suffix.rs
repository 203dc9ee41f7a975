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

/// How far [`tighten`] got.
pub(super) enum Tightened {
    /// Every suffix bound is tight: the nodes spent, and the energy of a partition of
    /// every position (the last suffix's best with position 0 added).
    All { spent: u64, seed: f64 },
    /// The budget ran out; the bounds of the suffixes solved so far stand.
    Partly,
}

/// Tightens `tree.suffix[1..n]` to each suffix's least cut, shortest first, within
/// `budget` nodes.
pub(super) fn tighten(
    tree: &mut Tree,
    budget: u64,
    cancel: &Cancel,
) -> Result<Tightened, Cancelled> {
    let n = tree.n;
    if n < 2 {
        return Ok(Tightened::All {
            spent: 0,
            seed: 0.0,
        });
    }
    let scale: f64 = tree.wp.iter().map(|x| x.abs()).sum::<f64>() * 0.5;
    let slack = SLACK * scale;
    // The best partition known of positions `d+1..n` (labels by position from d+1, canonical)
    // and its cut.
    let mut labels: Vec<u8> = vec![0];
    let mut half = 0.0;
    let mut spent = 0u64;
    for d in (1..n - 1).rev() {
        let (b, cost) = best_join(tree, d, &labels);
        let mut seeded = Vec::with_capacity(labels.len() + 1);
        seeded.push(b);
        seeded.extend_from_slice(&labels);
        let seed_half = half + cost;
        let left = budget.saturating_sub(spent);
        let subs = match tree.pass(Goal::Least, d, 2.0 * seed_half, 0.0, left, cancel)? {
            Ok(subs) => subs,
            Err(floor) => {
                // Not this suffix's least cut, but a proven bound on it all the same.
                tree.suffix[d] = tree.suffix[d].max(0.5 * floor - slack);
                return Ok(Tightened::Partly);
            }
        };
        spent += subs.iter().map(|s| s.nodes).sum::<u64>();
        // The first subtree holding the least leaf, so the choice is the same on any
        // number of threads.
        let winner = subs
            .into_iter()
            .filter(|s| s.low < 2.0 * seed_half)
            .min_by(|x, y| x.low.total_cmp(&y.low));
        (labels, half) = match winner {
            Some(s) => (s.best, 0.5 * s.low),
            None => (crate::engine::canonical(&seeded), seed_half),
        };
        tree.suffix[d] = tree.suffix[d].max(half - slack);
        if spent > budget {
            return Ok(Tightened::Partly);
        }
    }
    let (_, cost) = best_join(tree, 0, &labels);
    Ok(Tightened::All {
        spent,
        seed: 2.0 * (half + cost),
    })
}

/// Where position `d` costs least against a partition of `d+1..n` (labels by position
/// from `d+1`): an existing bloc, or a new one while fewer than `k` are used. Returns the
/// label and the cut it adds.
fn best_join(tree: &Tree, d: usize, labels: &[u8]) -> (u8, f64) {
    let (n, k) = (tree.n, tree.k);
    let used = labels
        .iter()
        .map(|&x| usize::from(x) + 1)
        .max()
        .unwrap_or(0);
    let row = &tree.wp[d * n + d + 1..(d + 1) * n];
    let total: f64 = row.iter().sum();
    let mut toward = vec![0.0; used.max(1)];
    for (&x, &c) in row.iter().zip(labels) {
        toward[usize::from(c)] += x;
    }
    let mut pick = (u8::MAX, f64::INFINITY);
    for (c, &t) in toward.iter().enumerate() {
        let cost = total - t;
        if cost < pick.1 {
            pick = (c as u8, cost);
        }
    }
    if used < k && total < pick.1 {
        pick = (used as u8, total);
    }
    pick
}
