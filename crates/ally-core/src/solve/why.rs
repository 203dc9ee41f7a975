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
    /// It stays out of every bloc (`blocs N, neutral`): `cost_of_leaving`, `move_to` and
    /// `terms` are then those of joining the bloc where it would cost least, and `joins`
    /// holds every bloc's.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub neutral: bool,
    /// The least energy any single move of the state to another bloc adds (0 exactly when
    /// it is indifferent); the terms add up to it.
    pub cost_of_leaving: f64,
    /// The bloc that best move joins, by name; `None` when it would stand alone in a bloc
    /// of its own (an unused bloc) or stay out of every bloc (`to_neutral`).
    pub move_to: Option<String>,
    /// The best move is to neutrality.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub to_neutral: bool,
    pub terms: Vec<WhyTerm>,
    /// Sum of `hold` over the terms, by source.
    pub by_source: Vec<(String, f64)>,
    /// For a neutral state: what joining each bloc would cost.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub joins: Vec<super::neutral::Join>,
}

/// The forces that hold `me` in its bloc, as the terms of its best single move: the
/// move to another bloc that adds the least energy (ties: the lowest bloc label; with
/// neutrality, staying out is one more move, and comes first). For each state left
/// behind and each state joined, and each term of the pair, the energy it adds to that
/// move (E counts each pair twice, hence the 2); they sum to the move's cost, for any
/// number of blocs. A neutral state's moves are its joins of each bloc.
pub fn why(solved: &Solved, me: usize) -> Why {
    let s = &solved.scenario;
    let l = &solved.landscape;
    let assignment = &solved.solution.best.assignment;
    let mine = assignment.get(me).copied().unwrap_or(0);
    let neutral = solved.is_neutral(me);
    // The labels: blocs 0..k, or with neutrality 0 (neutral) and blocs 1..=k.
    let k = l.blocs.max(2) as u8;
    let labels = if l.neutral { 0..=k } else { 0..=k - 1 };
    let mut target = None;
    let mut cost = f64::INFINITY;
    for b in labels.filter(|&b| b != mine) {
        let d = engine::move_delta(l, assignment, me, b);
        if d < cost {
            cost = d;
            target = Some(b);
        }
    }
    let mut terms = target.map_or_else(Vec::new, |b| move_terms(solved, me, mine, b));
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
    let to_neutral = l.neutral && target == Some(engine::NEUTRAL);
    let move_to = target
        .filter(|_| !to_neutral)
        .and_then(|b| solved.label_name(b));
    Why {
        state: s.states[me].name.clone(),
        model: solved.model.describe(),
        exact: solved.solution.exact,
        bloc: solved.bloc_name(me),
        indifferent,
        neutral,
        cost_of_leaving: if indifferent || !cost.is_finite() {
            0.0
        } else {
            cost
        },
        move_to,
        to_neutral,
        terms,
        by_source,
        joins: if neutral {
            super::neutral::joins(solved, me)
        } else {
            Vec::new()
        },
    }
}

/// The terms of moving `me` from label `from` to label `to`: for each other state and
/// each term of the pair, twice its weight times how the move changes whether the two
/// are apart (+1 when it parts them, −1 when it brings them together; with neutrality a
/// pair with a neutral state is never apart). They sum to the move's ΔE.
pub(crate) fn move_terms(solved: &Solved, me: usize, from: u8, to: u8) -> Vec<WhyTerm> {
    let s = &solved.scenario;
    let l = &solved.landscape;
    let assignment = &solved.solution.best.assignment;
    let out = |x: u8| l.neutral && x == engine::NEUTRAL;
    let apart = |x: u8, y: u8| x != y && !out(x) && !out(y);
    let mut terms = Vec::new();
    for j in (0..s.states.len()).filter(|&j| j != me) {
        let Some(&theirs) = assignment.get(j) else {
            continue;
        };
        let sign = f64::from(i8::from(apart(to, theirs)) - i8::from(apart(from, theirs)));
        if sign == 0.0 {
            continue;
        }
        for t in theory::terms(s, &solved.model, me, j) {
            let hold = 2.0 * l.sizes[me] * l.sizes[j] * t.propensity * sign;
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
    terms
}
