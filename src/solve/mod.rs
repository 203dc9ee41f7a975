//! Solving: a scenario snapshot under a model, through the theory into the engine, and
//! the solved landscape read back as blocs of states. Below both `query` and `dynamics`,
//! which ask it for solutions; it knows nothing of queries.

pub mod alignment;
pub mod why;

use std::collections::HashMap;
use std::sync::Arc;

use crate::diagnostics::{Diag, codes};
use crate::engine::{self, Limits, Solution};
use crate::model::{Model, Scenario};
use crate::span::Span;
use crate::theory;

pub use alignment::{Alignment, Bloc, EVEN_RATIO, blocs};
use alignment::{bloc_name, clean, names};
pub use why::{Why, WhyTerm, why};

/// Above this many states the dense propensity matrix alone would take too much memory;
/// alignment queries are refused with a clear message instead.
pub const MAX_STATES: usize = 5000;

/// A solved landscape for one scenario snapshot and model.
pub struct Solved {
    pub scenario: Arc<Scenario>,
    pub model: Model,
    pub landscape: engine::Landscape,
    pub solution: Solution,
}

impl Solved {
    pub fn bloc_of(&self, state: usize) -> Option<u8> {
        if self.solution.indifferent.contains(&state) {
            None
        } else {
            self.solution.best.assignment.get(state).copied()
        }
    }

    pub fn alignment(&self) -> Alignment {
        let blocs = blocs(
            &self.scenario,
            &self.solution.best.assignment,
            &self.solution.indifferent,
        );
        let eps = engine::eps(&self.landscape);
        let ties = self
            .solution
            .stable
            .iter()
            .filter(|st| (st.alignment.energy - self.solution.best.energy).abs() <= eps)
            .count()
            .max(1);
        Alignment {
            model: self.model.describe(),
            exact: self.solution.exact,
            energy: clean(self.solution.best.energy),
            blocs,
            indifferent: names(&self.scenario, &self.solution.indifferent),
            ties,
        }
    }

    pub fn bloc_name(&self, state: usize) -> Option<String> {
        let label = self.bloc_of(state)?;
        bloc_name(
            &self.scenario,
            &self.solution.best.assignment,
            &self.solution.indifferent,
            label,
        )
    }
}

/// Answers queries, reusing a solved landscape across queries that see the same
/// scenario under the same model.
#[derive(Default)]
pub struct Evaluator {
    cache: HashMap<(usize, String), Arc<Solved>>,
    /// `--model` from the command line, overriding the file's model.
    pub model_override: Option<Model>,
    pub limits: Limits,
}

impl Evaluator {
    pub fn new(model_override: Option<Model>) -> Self {
        Evaluator {
            model_override,
            ..Default::default()
        }
    }

    pub fn model_for(&self, s: &Scenario) -> Model {
        self.model_override
            .clone()
            .unwrap_or_else(|| s.model.clone())
    }

    pub fn solve(
        &mut self,
        s: &Arc<Scenario>,
        model: &Model,
        span: Span,
    ) -> Result<Arc<Solved>, Diag> {
        let key = (Arc::as_ptr(s) as usize, model.describe());
        if let Some(hit) = self.cache.get(&key)
            && Arc::ptr_eq(&hit.scenario, s)
        {
            return Ok(hit.clone());
        }
        if s.states.is_empty() {
            return Err(
                Diag::error(codes::NO_STATES, span, "there are no states to align yet")
                    .label("asked before any state is declared")
                    .help("declare states first, e.g. `state France { power 0.1 }`"),
            );
        }
        if s.states.len() > MAX_STATES {
            return Err(Diag::error(
                codes::TOO_LARGE,
                span,
                format!(
                    "{} states are too many to align (the limit is {MAX_STATES})",
                    s.states.len()
                ),
            )
            .label("too large")
            .help(
                "split the scenario into regions, or keep the states that matter to the question",
            ));
        }
        let landscape = theory::landscape(s, model);
        let solution = engine::solve(&landscape, &self.limits).map_err(|e| {
            Diag::error(codes::TOO_LARGE, span, e.to_string())
                .label("too many configurations")
                .help("use fewer blocs (`blocs 2`) or fewer states")
        })?;
        let solved = Arc::new(Solved {
            scenario: s.clone(),
            model: model.clone(),
            landscape,
            solution,
        });
        self.cache.insert(key, solved.clone());
        Ok(solved)
    }
}
