//! The predicted blocs as the pictures (`ally graph`, the REPL's `:graph`) show them:
//! solved here, before rendering, so that `render` only reads this answer.

use std::sync::Arc;

use crate::diagnostics::Diag;
use crate::model::{Model, Relation, Scenario};
use crate::solve::{Evaluator, Solved};
use crate::span::Span;
use crate::theory;

/// The predicted blocs as the pictures show them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Blocs {
    /// Per state: the rank of its bloc (blocs ranked by their first declared member), or
    /// `None` when it is indifferent or no alignment was computed.
    pub rank: Vec<Option<usize>>,
    /// Per rank: the bloc's name (its most powerful member) and its power.
    pub blocs: Vec<(String, f64)>,
    /// `balancing · exact`, or why there are no blocs.
    pub note: String,
    /// Walt's threat along every declared threat, for the pictures' tooltips.
    pub threats: Vec<theory::Threat>,
}

impl Blocs {
    /// From a solved landscape.
    pub fn from_solved(s: &Scenario, solved: &Solved) -> Blocs {
        let alignment = solved.alignment();
        let mut rank = vec![None; s.states.len()];
        for (r, b) in alignment.blocs.iter().enumerate() {
            for m in &b.members {
                if let Some(i) = s.state(m) {
                    rank[i] = Some(r);
                }
            }
        }
        Blocs {
            rank,
            blocs: alignment
                .blocs
                .iter()
                .map(|b| (b.name.clone(), b.power))
                .collect(),
            threats: declared_threats(s),
            note: format!(
                "model {} · {}",
                alignment.model,
                if alignment.exact {
                    "exact"
                } else {
                    "approximate"
                }
            ),
        }
    }

    /// No alignment: every state drawn neutral, with the reason in the subtitle.
    pub fn none(s: &Scenario, why: &str) -> Blocs {
        Blocs {
            rank: vec![None; s.states.len()],
            blocs: Vec::new(),
            note: why.to_string(),
            threats: declared_threats(s),
        }
    }
}

/// Solves the scenario's alignment for a picture, under `model` or the scenario's own.
pub fn predict(s: &Arc<Scenario>, model: Option<&Model>) -> Result<Arc<Solved>, Diag> {
    let mut ev = Evaluator::new(model.cloned());
    let m = ev.model_for(s);
    ev.solve(s, &m, Span::new(0, 0))
}

/// The blocs to draw: the predicted ones, or none with the reason.
pub fn blocs_for(s: &Arc<Scenario>, model: Option<&Model>) -> Blocs {
    if s.states.is_empty() {
        return Blocs::none(s, "no states");
    }
    match predict(s, model) {
        Ok(solved) => Blocs::from_solved(s, &solved),
        Err(d) => Blocs::none(s, &format!("blocs not computed: {}", d.message)),
    }
}

/// Walt's threat from `a` to `b` for every declared threat edge, in edge order.
fn declared_threats(s: &Scenario) -> Vec<theory::Threat> {
    s.graph
        .raw_edges()
        .iter()
        .filter(|e| matches!(e.weight, Relation::Threat(_)))
        .map(|e| theory::threat(s, s.graph[e.source()], s.graph[e.target()]))
        .collect()
}
