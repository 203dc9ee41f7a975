//! Neutrality read back from a solution (`blocs N, neutral`): which states stay out, and
//! for a neutral state what joining each bloc would cost (`why X?`).

use serde::Serialize;

use super::Solved;
use super::why::{WhyTerm, move_terms};
use crate::engine::{self, Landscape, NEUTRAL};

/// The neutral states of `assignment`, ascending; none without neutrality.
pub fn neutrals(l: &Landscape, assignment: &[u8]) -> Vec<usize> {
    if !l.neutral {
        return Vec::new();
    }
    (0..assignment.len())
        .filter(|&i| assignment[i] == NEUTRAL)
        .collect()
}

/// The states of `assignment` in no bloc: `indifferent` and the neutral ones, ascending.
pub fn left_out(l: &Landscape, assignment: &[u8], indifferent: &[usize]) -> Vec<usize> {
    let mut out = neutrals(l, assignment);
    out.extend_from_slice(indifferent);
    out.sort_unstable();
    out.dedup();
    out
}

/// What joining one bloc would do to a neutral state: the energy it adds, and the terms
/// of that move (each pair with a state of another bloc; they sum to `cost`).
#[derive(Clone, Debug, Serialize)]
pub struct Join {
    /// The bloc by name; `None` for a bloc of its own (one no state is in).
    pub bloc: Option<String>,
    pub cost: f64,
    pub terms: Vec<WhyTerm>,
}

/// For a neutral state `me`: joining each bloc of the prediction, in the order of the
/// blocs' first declared members, then a bloc of its own when one is free.
pub fn joins(solved: &Solved, me: usize) -> Vec<Join> {
    let l = &solved.landscape;
    let a = &solved.solution.best.assignment;
    let mut labels: Vec<u8> = Vec::new();
    for i in 0..a.len() {
        if let Some(b) = solved.bloc_of(i)
            && !labels.contains(&b)
        {
            labels.push(b);
        }
    }
    // A label no state uses (indifferent states sit in theirs): a bloc of its own.
    let free = (1..=l.blocs)
        .filter_map(|b| u8::try_from(b).ok())
        .find(|b| !a.contains(b));
    labels
        .into_iter()
        .map(|b| (b, solved.label_name(b)))
        .chain(free.map(|b| (b, None)))
        .map(|(b, bloc)| Join {
            bloc,
            cost: engine::move_delta(l, a, me, b),
            terms: move_terms(solved, me, NEUTRAL, b),
        })
        .collect()
}
