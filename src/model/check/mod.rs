//! Checking: the AST, statement by statement, into a [`Scenario`] and the list of
//! queries and expectations to answer, with every mistake collected as a diagnostic.
//!
//! Statements take effect in order: a query sees every declaration above it (as in the
//! REPL), and the `at` blocks are kept aside for the timeline.

mod declarations;
mod events;
mod expect;
mod pacts;
mod queries;
mod range;

use std::collections::HashMap;
use std::sync::Arc;

use super::question::{Expectation, Query};
use super::*;
use crate::diagnostics::{Diag, codes, did_you_mean};
use crate::span::Span;
use crate::syntax::ast::{Name, Num, Stmt, StmtKind};

/// Something to evaluate, with the scenario as it stood at that line.
#[derive(Clone, Debug)]
pub struct Item {
    pub action: Action,
    pub span: Span,
    pub scenario: Arc<Scenario>,
}

#[derive(Clone, Debug)]
pub enum Action {
    Query(Query),
    Expect(Expectation),
}

/// Everything the checker has accepted so far: the scenario and the tables that
/// catch duplicates. One value, so that the REPL's rollback is one clone.
#[derive(Clone, Default)]
pub struct CheckState {
    pub scenario: Scenario,
    /// States that enter later in an `at` block, with their identity; events may name
    /// them.
    entering: HashMap<String, StateId>,
    /// Names of the alliances made in `at` blocks; a later block may end them.
    made: std::collections::HashSet<String>,
    model_span: Option<Span>,
    blocs_span: Option<Span>,
    /// Where each relation (kind, state, state) was first declared, for duplicates.
    first_relation: HashMap<(&'static str, usize, usize), Span>,
    /// Where each ideology and alliance was declared.
    first_name: HashMap<(&'static str, String), Span>,
    /// Every game declared, including those with mistakes (kept so that queries naming
    /// them add no "never declared" noise).
    game_names: Vec<String>,
}

#[derive(Default)]
pub struct Checker {
    pub state: CheckState,
    pub items: Vec<Item>,
    pub diags: Vec<Diag>,
    snapshot: Option<Arc<Scenario>>,
}

impl Checker {
    pub fn new() -> Self {
        Checker {
            state: CheckState {
                scenario: Scenario::new(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    /// The scenario checked so far.
    pub fn scenario(&self) -> &Scenario {
        &self.state.scenario
    }

    /// Checks a list of statements (a whole file).
    pub fn check_all(&mut self, stmts: &[Stmt]) {
        for s in stmts {
            self.statement(s);
        }
    }

    /// Checks one statement on a copy and keeps its effects only when it is free of
    /// errors; returns its diagnostics. The REPL relies on this to never lose a session.
    pub fn try_statement(&mut self, stmt: &Stmt) -> Vec<Diag> {
        let before_items = self.items.len();
        let before_diags = self.diags.len();
        let saved = self.state.clone();
        self.statement(stmt);
        let new: Vec<Diag> = self.diags.drain(before_diags..).collect();
        if new.iter().any(Diag::is_error) {
            self.state = saved;
            self.items.truncate(before_items);
            self.snapshot = None;
        }
        new
    }

    fn error(&mut self, d: Diag) {
        self.diags.push(d);
    }

    fn changed(&mut self) {
        self.snapshot = None;
    }

    fn current(&mut self) -> Arc<Scenario> {
        match &self.snapshot {
            Some(s) => s.clone(),
            None => {
                let s = Arc::new(self.state.scenario.clone());
                self.snapshot = Some(s.clone());
                s
            }
        }
    }

    /// Resolves a state name, reporting an undeclared one with a suggestion.
    pub fn resolve(&mut self, name: &Name) -> Option<usize> {
        if let Some(i) = self.state.scenario.state(&name.text) {
            return Some(i);
        }
        let help = did_you_mean(
            &name.text,
            self.state.scenario.states.iter().map(|s| s.name.as_str()),
        )
        .unwrap_or_else(|| {
            format!(
                "declare it first, e.g. `state {} {{ power 0.1 }}`",
                quote(&name.text)
            )
        });
        self.error(
            Diag::error(
                codes::UNDECLARED_STATE,
                name.span,
                format!("state `{}` is used but never declared", name.text),
            )
            .label("unknown state")
            .help(help),
        );
        None
    }

    fn resolve_ideology(&mut self, name: &Name) -> Option<usize> {
        if let Some(i) = self.state.scenario.ideology(&name.text) {
            return Some(i);
        }
        let help = did_you_mean(
            &name.text,
            self.state.scenario.ideologies.iter().map(String::as_str),
        )
        .unwrap_or_else(|| format!("declare it with `ideology {}`", quote(&name.text)));
        self.error(
            Diag::error(
                codes::UNDECLARED_IDEOLOGY,
                name.span,
                format!("ideology `{}` is used but never declared", name.text),
            )
            .label("unknown ideology")
            .help(help),
        );
        None
    }

    fn pair(&mut self, a: &Name, b: &Name, what: &str) -> Option<(usize, usize)> {
        let x = self.resolve(a);
        let y = self.resolve(b);
        let (x, y) = (x?, y?);
        if x == y {
            self.error(
                Diag::error(
                    codes::SELF_RELATION,
                    a.span.join(b.span),
                    format!(
                        "a {what} needs two different states, but both are `{}`",
                        a.text
                    ),
                )
                .label("the same state twice"),
            );
            return None;
        }
        Some((x, y))
    }

    fn unit_interval(&mut self, n: &Num, what: &str) -> bool {
        if (0.0..=1.0).contains(&n.value) {
            return true;
        }
        self.error(
            Diag::error(
                codes::OUT_OF_RANGE,
                n.span,
                format!("{what} must be between 0 and 1, not {}", fmt_num(n.value)),
            )
            .label("outside [0, 1]")
            .help(format!("write {what} as a share: 0 (none) to 1 (certain)")),
        );
        false
    }

    /// Records a named declaration; a second one of the same name is reported with
    /// both places and `false` is returned.
    fn declare_name(&mut self, kind: &'static str, n: &Name) -> bool {
        let key = (kind, n.text.clone());
        if let Some(first) = self.state.first_name.get(&key) {
            let first = *first;
            self.error(
                Diag::error(
                    codes::DUPLICATE,
                    n.span,
                    format!("{kind} `{}` is declared twice", n.text),
                )
                .label("declared again here")
                .also(first, "first declared here"),
            );
            return false;
        }
        self.state.first_name.insert(key, n.span);
        true
    }

    /// Adds a relation unless the same kind was declared for the pair before, in which
    /// case the duplicate is reported with both places.
    fn declare_relation(
        &mut self,
        span: Span,
        a: usize,
        b: usize,
        kind: &'static str,
        rel: Relation,
    ) {
        let directed = matches!(rel, Relation::Threat(_) | Relation::Offer(_));
        let key = if directed {
            (kind, a, b)
        } else {
            (kind, a.min(b), a.max(b))
        };
        if let Some(first) = self.state.first_relation.get(&key) {
            let (na, nb) = (
                &self.state.scenario.states[a].name,
                &self.state.scenario.states[b].name,
            );
            let message = if directed {
                format!("the {kind} from `{na}` to `{nb}` is declared twice")
            } else {
                format!("the {kind} between `{na}` and `{nb}` is declared twice")
            };
            let first = *first;
            self.error(
                Diag::error(codes::DUPLICATE, span, message)
                    .label("declared again here")
                    .also(first, "first declared here")
                    .help("keep one declaration; to change it over time use an `at T { … }` block"),
            );
            return;
        }
        self.state.first_relation.insert(key, span);
        self.state.scenario.relate(a, b, rel);
        self.changed();
    }

    pub fn statement(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::At { time, events } => self.at_block(time, events),
            StmtKind::EndAlliance(_)
            | StmtKind::Battle { .. }
            | StmtKind::Turmoil { .. }
            | StmtKind::Leave(_)
            | StmtKind::Power { .. } => self.immediate_event(stmt),
            StmtKind::Expect(e) => self.expect(stmt.span, e),
            StmtKind::Game(g) => self.game(g),
            StmtKind::Query(q) => self.query(stmt.span, q),
            _ => self.declaration(stmt),
        }
    }
}

pub use crate::syntax::quote;
