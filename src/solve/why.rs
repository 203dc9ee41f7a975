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
    /// A threat term from power alone, with no declared threat (see
    /// [`theory::Term::latent`]).
    pub latent: bool,
    /// A typed alliance's obligations between the two (see [`theory::Term::pact`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pact: Option<String>,
    /// Energy this term adds to the state's best single move (below): positive holds it
    /// in place. Only states in its bloc (it would leave them) and in the bloc it would
    /// join have terms; the others stay apart from it either way.
    pub hold: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Why {
    pub state: String,
    pub model: String,
    pub exact: bool,
    pub bloc: Option<String>,
    pub indifferent: bool,
    /// The least energy any single move of the state to another bloc adds (0 exactly when
    /// it is indifferent); the terms add up to it.
    pub cost_of_leaving: f64,
    /// The bloc that best move joins, by name; `None` when it would stand alone in a bloc
    /// of its own (an unused bloc).
    pub move_to: Option<String>,
    pub terms: Vec<WhyTerm>,
    /// Sum of `hold` over the terms, by source.
    pub by_source: Vec<(String, f64)>,
}

/// The forces that hold `me` in its bloc, as the terms of its best single move: the
/// move to another bloc that adds the least energy (ties: the lowest bloc label). For
/// each state left behind and each state joined, and each term of the pair, the energy
/// it adds to that move (E counts each pair twice, hence the 2); they sum to the move's
/// cost, for any number of blocs.
pub fn why(solved: &Solved, me: usize) -> Why {
    let s = &solved.scenario;
    let sizes = &solved.landscape.sizes;
    let assignment = &solved.solution.best.assignment;
    let mine = assignment.get(me).copied().unwrap_or(0);
    let k = solved.landscape.blocs.max(2) as u8;
    let mut target = None;
    let mut cost = f64::INFINITY;
    for b in (0..k).filter(|&b| b != mine) {
        let d = engine::move_delta(&solved.landscape, assignment, me, b);
        if d < cost {
            cost = d;
            target = Some(b);
        }
    }
    let mut terms = Vec::new();
    for j in 0..s.states.len() {
        if j == me {
            continue;
        }
        let theirs = assignment.get(j).copied();
        let sign = if theirs == Some(mine) {
            1.0
        } else if theirs.is_some() && theirs == target {
            -1.0
        } else {
            continue;
        };
        for t in theory::terms(s, &solved.model, me, j) {
            let hold = 2.0 * sizes[me] * sizes[j] * t.propensity * sign;
            terms.push(WhyTerm {
                with: s.states[j].name.clone(),
                source: t.source,
                reason: t.reason,
                propensity: t.propensity,
                latent: t.latent,
                pact: t.pact,
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
    let indifferent = solved.solution.indifferent.contains(&me);
    let move_to = target
        .and_then(|b| super::alignment::bloc_name(s, assignment, &solved.solution.indifferent, b));
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
        move_to,
        terms,
        by_source,
    }
}
