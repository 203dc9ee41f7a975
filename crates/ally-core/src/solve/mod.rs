//! Solving: a scenario snapshot under a model, through the theory into the engine, and
//! the solved landscape read back as blocs of states. Below both `query` and `dynamics`,
//! which ask it for solutions; it knows nothing of queries.

pub mod alignment;
pub mod cache;
pub mod neutral;
pub mod progress;
pub mod why;

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
    /// The bloc label of `state`; `None` when it is indifferent or neutral.
    pub fn bloc_of(&self, state: usize) -> Option<u8> {
        if self.solution.indifferent.contains(&state) || self.is_neutral(state) {
            None
        } else {
            self.solution.best.assignment.get(state).copied()
        }
    }

    /// Whether `state` stays out of every bloc (`blocs N, neutral`).
    pub fn is_neutral(&self, state: usize) -> bool {
        let a = &self.solution.best.assignment;
        self.landscape.neutral && a.get(state) == Some(&engine::NEUTRAL)
    }

    /// The states in no bloc: the indifferent ones and the neutral ones, ascending.
    fn left_out(&self) -> Vec<usize> {
        neutral::left_out(
            &self.landscape,
            &self.solution.best.assignment,
            &self.solution.indifferent,
        )
    }

    pub fn alignment(&self) -> Alignment {
        let blocs = blocs(
            &self.scenario,
            &self.solution.best.assignment,
            &self.left_out(),
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
            // Rounded up: the figure is a guarantee.
            gap_percent: self.solution.gap().map(|g| (10_000.0 * g).ceil() / 100.0),
            bound: self.solution.bound.map(clean),
            energy: clean(self.solution.best.energy),
            blocs,
            neutral: names(
                &self.scenario,
                &neutral::neutrals(&self.landscape, &self.solution.best.assignment),
            ),
            indifferent: names(&self.scenario, &self.solution.indifferent),
            ties,
        }
    }

    pub fn bloc_name(&self, state: usize) -> Option<String> {
        let label = self.bloc_of(state)?;
        self.label_name(label)
    }

    /// The name of the bloc labelled `label` (its most powerful member in it).
    pub fn label_name(&self, label: u8) -> Option<String> {
        bloc_name(
            &self.scenario,
            &self.solution.best.assignment,
            &self.left_out(),
            label,
        )
    }
}

/// Answers queries, reusing a solved landscape across queries that see the same
/// scenario under the same model.
#[derive(Default)]
pub struct Evaluator {
    cache: cache::Cache,
    /// `--model` from the command line, overriding the file's model.
    pub model_override: Option<Model>,
    pub limits: Limits,
    /// Landscapes handed to the engine so far (a solution found in the cache is not
    /// counted): what `timeline?` over many steps costs.
    pub engine_solves: usize,
}

impl Evaluator {
    pub fn new(model_override: Option<Model>) -> Self {
        Evaluator {
            model_override,
            ..Default::default()
        }
    }

    /// How many solved landscapes the cache holds (at most [`cache::MAX_ENTRIES`]).
    pub fn cached(&self) -> usize {
        self.cache.len()
    }

    pub fn model_for(&self, s: &Scenario) -> Model {
        self.model_override
            .clone()
            .unwrap_or_else(|| s.model.clone())
    }

    /// The landscape solved without basins (every question but `stable alignments?`):
    /// the exact two-bloc search then keeps nothing per configuration.
    pub fn solve(
        &mut self,
        s: &Arc<Scenario>,
        model: &Model,
        span: Span,
    ) -> Result<Arc<Solved>, Diag> {
        self.solve_for(s, model, span, false)
    }

    /// [`Evaluator::solve`] with the basin of every stable alignment.
    pub fn solve_with_basins(
        &mut self,
        s: &Arc<Scenario>,
        model: &Model,
        span: Span,
    ) -> Result<Arc<Solved>, Diag> {
        self.solve_for(s, model, span, true)
    }

    fn solve_for(
        &mut self,
        s: &Arc<Scenario>,
        model: &Model,
        span: Span,
        basins: bool,
    ) -> Result<Arc<Solved>, Diag> {
        let key = (Arc::as_ptr(s) as usize, model.describe());
        if let Some(hit) = self.cache.get(&key)
            && Arc::ptr_eq(&hit.scenario, s)
            && cache::serves(&hit.solution, basins)
        {
            return Ok(hit.clone());
        }
        if s.states.is_empty() {
            return Err(
                Diag::error(codes::NO_STATES, span, "there are no states to align yet")
                    .label("asked before any state is declared"),
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
        // Another snapshot or model with the very same landscape (an event that weighs
        // nothing under the model, a model equal to another here) has the same
        // solution: only the scenario it is read against is new.
        if let Some(hit) = self.cache.same_landscape(&landscape, basins) {
            let solved = Arc::new(Solved {
                scenario: s.clone(),
                model: model.clone(),
                landscape,
                solution: hit.solution.clone(),
            });
            self.cache.insert(key, solved.clone());
            return Ok(solved);
        }
        let limits = Limits {
            basins,
            ..self.limits.clone()
        };
        self.engine_solves += 1;
        let solution = engine::solve(&landscape, &limits).map_err(|e| engine_diag(e, span))?;
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

/// The diagnostic of an engine error for the question at `span`.
pub fn engine_diag(e: engine::EngineError, span: Span) -> Diag {
    match e {
        engine::EngineError::Cancelled(c) => {
            Diag::error(codes::INTERRUPTED, span, format!("stopped: {c}"))
                .label("stopped before it was answered")
        }
        engine::EngineError::TooLarge {
            blocs,
            states,
            work,
            limit,
        } => too_much_work(blocs, states, work, limit, span),
        e => Diag::error(codes::TOO_LARGE, span, e.to_string()).label("too many configurations"),
    }
}

/// The refusal of `blocs` blocs over `states` states: both make the heuristic's work
/// `n²·k`, so the help says how many states this many blocs can search, and that two
/// blocs take any number.
fn too_much_work(blocs: usize, states: usize, work: f64, limit: f64, span: Span) -> Diag {
    let most = ((limit / blocs as f64).sqrt() + 1e-9).floor().max(0.0) as usize;
    Diag::error(
        codes::TOO_LARGE,
        span,
        format!(
            "{blocs} blocs over {states} states are too many to search: the heuristic's work grows as states² × blocs ({work:.3e}), more than the {limit:.0e} it is allowed"
        ),
    )
    .label("too many states for this many blocs")
    .help(format!(
        "with {blocs} blocs at most {most} states can be searched: leave out {} states, use fewer blocs, or use `blocs 2` (any number of states is answered, exactly up to 30)",
        states.saturating_sub(most)
    ))
}
