//! Why a state stands where it does: the terms of the landscape that hold it in its
//! bloc, each with its reason in words.

use serde::Serialize;

use super::Solved;
use crate::engine;
use crate::theory;

#[derive(Clone, Debug, Serialize)]
pub struct WhyTerm {
    pub with: String,
    pub source: &'static str,
    pub reason: String,
    pub propensity: f64,
    /// Energy this term adds if the state leaves its bloc: positive holds it in place.
    pub hold: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Why {
    pub state: String,
    pub model: String,
    pub exact: bool,
    pub bloc: Option<String>,
    pub indifferent: bool,
    /// The least energy the state's best move to another bloc would add (0: indifferent).
    pub cost_of_leaving: f64,
    pub terms: Vec<WhyTerm>,
    /// Sum of `hold` over the terms, by source.
    pub by_source: Vec<(String, f64)>,
}

/// The forces that hold `me` in its bloc: for each other state and each term, the
/// energy it would add if `me` moved away (E counts each pair twice, hence the 2).
pub fn why(solved: &Solved, me: usize) -> Why {
    let s = &solved.scenario;
    let sizes = &solved.landscape.sizes;
    let assignment = &solved.solution.best.assignment;
    let mine = assignment.get(me).copied().unwrap_or(0);
    let mut terms = Vec::new();
    for j in 0..s.states.len() {
        if j == me {
            continue;
        }
        let same = assignment.get(j).copied() == Some(mine);
        let sign = if same { 1.0 } else { -1.0 };
        for t in theory::terms(s, &solved.model, me, j) {
            let hold = 2.0 * sizes[me] * sizes[j] * t.propensity * sign;
            terms.push(WhyTerm {
                with: s.states[j].name.clone(),
                source: t.source,
                reason: t.reason,
                propensity: t.propensity,
                hold,
            });
        }
    }
    terms.sort_by(|a, b| b.hold.total_cmp(&a.hold));
    let mut by_source: Vec<(String, f64)> = Vec::new();
    for t in &terms {
        match by_source.iter_mut().find(|(k, _)| k == t.source) {
            Some((_, v)) => *v += t.hold,
            None => by_source.push((t.source.to_string(), t.hold)),
        }
    }
    by_source.sort_by(|a, b| b.1.total_cmp(&a.1));
    let k = solved.landscape.blocs.max(2) as u8;
    let cost = (0..k)
        .filter(|&b| b != mine)
        .map(|b| engine::move_delta(&solved.landscape, assignment, me, b))
        .fold(f64::INFINITY, f64::min);
    let indifferent = solved.solution.indifferent.contains(&me);
    Why {
        state: s.states[me].name.clone(),
        model: solved.model.describe(),
        exact: solved.solution.exact,
        bloc: solved.bloc_name(me),
        indifferent,
        cost_of_leaving: if indifferent || !cost.is_finite() {
            0.0
        } else {
            cost
        },
        terms,
        by_source,
    }
}
