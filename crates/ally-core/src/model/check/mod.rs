//! Checking: the AST, statement by statement, into a [`Scenario`] and the list of
//! queries and expectations to answer, with every mistake collected as a diagnostic.
//!
//! Statements take effect in order: a query sees every declaration above it (as in the
//! REPL), and the `at` blocks are kept aside for the timeline.

mod amounts;
mod declarations;
mod events;
mod expect;
mod pacts;
mod queries;
mod range;
mod trees;

use std::collections::HashMap;
use std::sync::Arc;

use super::question::{Expectation, Query};
use super::*;
use crate::diagnostics::{Diag, codes, did_you_mean};
use crate::span::Span;
use crate::syntax::ast::{Declares, Name, Num, Stmt, StmtKind};

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
/// catch duplicates (and point a re-declaration at the line it replaces).
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
    /// Where each relation (kind, state, state) was last declared: a duplicate is
    /// reported with it, a re-declared threat or offer points at it.
    first_relation: HashMap<(&'static str, usize, usize), Span>,
    /// Where each attribute of a state (by identity) was last given, for the note on a
    /// re-declared state.
    attr_spans: HashMap<(StateId, &'static str), Span>,
    /// Where each ideology and alliance was declared.
    first_name: HashMap<(&'static str, String), Span>,
    /// Every game declared, including those with mistakes (kept so that queries naming
    /// them add no "never declared" noise).
    game_names: Vec<String>,
    /// Names declared by declarations that failed (a syntax error the parser reported,
    /// or an alliance with a bad member): using one reports nothing more.
    broken: std::collections::HashSet<(Declares, String)>,
}

/// How many statement lists [`Checker::check_all`] has checked in this process: the tests
/// hold every entry point to one check per text (`document::work`).
static CHECKS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The checks done so far in this process.
pub fn checks() -> u64 {
    CHECKS.load(std::sync::atomic::Ordering::Relaxed)
}

#[derive(Default)]
pub struct Checker {
    pub state: CheckState,
    pub items: Vec<Item>,
    pub diags: Vec<Diag>,
    snapshot: Option<Arc<Scenario>>,
    /// Every statement [`Checker::try_statement`] accepted, in order. The state is a
    /// function of it, so a rejected statement and `:undo` rebuild the state by
    /// checking it again, instead of keeping a copy of the state per statement (which
    /// made a long session quadratic).
    journal: Vec<Stmt>,
    /// Rebuilding from the journal: the items the statements make are dropped, so
    /// their snapshots need not be taken.
    replaying: bool,
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
        CHECKS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.note_made_alliances(stmts);
        for s in stmts {
            self.statement(s);
        }
    }

    /// Checks one statement and keeps its effects only when it is free of errors;
    /// returns its diagnostics. The REPL relies on this to never lose a session. A
    /// statement with an error is taken back by rebuilding the state from the journal
    /// (time proportional to the session, paid only on errors); an accepted one costs
    /// what checking it costs.
    pub fn try_statement(&mut self, stmt: &Stmt) -> Vec<Diag> {
        let before_items = self.items.len();
        let before_diags = self.diags.len();
        self.statement(stmt);
        let new: Vec<Diag> = self.diags.drain(before_diags..).collect();
        if new.iter().any(Diag::is_error) {
            self.items.truncate(before_items);
            self.rebuild();
        } else {
            self.journal.push(stmt.clone());
        }
        new
    }

    /// How many statements [`Checker::try_statement`] has accepted.
    pub fn accepted(&self) -> usize {
        self.journal.len()
    }

    /// Takes back the accepted statements of `range` (numbered as
    /// [`Checker::accepted`] counts them): the state becomes what the others make.
    pub fn take_back(&mut self, range: std::ops::Range<usize>) {
        let end = range.end.min(self.journal.len());
        self.journal.drain(range.start.min(end)..end);
        self.rebuild();
    }

    /// The state the journal's statements make, checked again in order; their
    /// diagnostics were shown when they were accepted.
    fn rebuild(&mut self) {
        let journal = std::mem::take(&mut self.journal);
        let items = std::mem::take(&mut self.items);
        let diags = std::mem::take(&mut self.diags);
        let mut fresh = Checker::new();
        fresh.replaying = true;
        fresh.check_all(&journal);
        self.state = fresh.state;
        self.snapshot = None;
        self.journal = journal;
        self.items = items;
        self.diags = diags;
    }

    fn error(&mut self, d: Diag) {
        self.diags.push(d);
    }

    fn changed(&mut self) {
        self.snapshot = None;
    }

    fn current(&mut self) -> Arc<Scenario> {
        if self.replaying {
            return Arc::default();
        }
        match &self.snapshot {
            Some(s) => s.clone(),
            None => {
                let s = Arc::new(self.state.scenario.clone());
                self.snapshot = Some(s.clone());
                s
            }
        }
    }

    /// Whether `name` was declared by a declaration that failed (already reported).
    fn broken(&self, kind: Declares, name: &Name) -> bool {
        self.state.broken.contains(&(kind, name.text.clone()))
    }

    /// Takes `name` as declared by a declaration that failed.
    fn declare_broken(&mut self, kind: Declares, name: &Name) {
        self.state.broken.insert((kind, name.text.clone()));
    }

    /// Resolves a state name, reporting an undeclared one with a suggestion (but not one
    /// whose declaration had a syntax error, already reported).
    pub fn resolve(&mut self, name: &Name) -> Option<usize> {
        if let Some(i) = self.state.scenario.state(&name.text) {
            return Some(i);
        }
        if self.broken(Declares::State, name) {
            return None;
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
        if self.broken(Declares::Ideology, name) {
            return None;
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
    /// case the duplicate is reported with both places; whether the scenario took it (a
    /// threat or offer declared again replaces the one before).
    fn declare_relation(
        &mut self,
        span: Span,
        a: usize,
        b: usize,
        kind: &'static str,
        rel: Relation,
    ) -> bool {
        let directed = matches!(rel, Relation::Threat(_) | Relation::Offer(_));
        let key = if directed {
            (kind, a, b)
        } else {
            (kind, a.min(b), a.max(b))
        };
        if directed && let Some(&replaced) = self.state.first_relation.get(&key) {
            self.redeclare_directed(span, replaced, a, b, rel);
            self.state.first_relation.insert(key, span);
            return true;
        }
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
            return false;
        }
        self.state.first_relation.insert(key, span);
        self.state.scenario.relate(a, b, rel);
        self.changed();
        true
    }

    /// A threat or offer declared again at top level is an event: the new value
    /// replaces the old one (an offer is not added to), and a note points at the line
    /// it replaces.
    fn redeclare_directed(
        &mut self,
        span: Span,
        replaced: Span,
        a: usize,
        b: usize,
        rel: Relation,
    ) {
        let s = &self.state.scenario;
        let (from, to) = (s.states[a].id, s.states[b].id);
        let (kind, old, event) = match rel {
            Relation::Threat(level) => (
                "threat",
                s.directed(a, b, |r| match r {
                    Relation::Threat(v) => Some(*v),
                    _ => None,
                }),
                Event::Threat {
                    from,
                    to,
                    level: Some(level),
                },
            ),
            Relation::Offer(amount) => (
                "offer",
                s.directed(a, b, |r| match r {
                    Relation::Offer(v) => Some(*v),
                    _ => None,
                }),
                Event::Offer { from, to, amount },
            ),
            _ => return,
        };
        let (na, nb) = (s.states[a].name.clone(), s.states[b].name.clone());
        let new = match &event {
            Event::Threat { level, .. } => level.unwrap_or(DEFAULT_THREAT_LEVEL),
            Event::Offer { amount, .. } => *amount,
            _ => 0.0,
        };
        let was = old.map_or(String::new(), |v| format!(" {} →", fmt_num(v)));
        self.diags.push(
            Diag::note(
                codes::REDECLARED,
                span,
                format!("the {kind} from `{na}` to `{nb}` changes:{was} {}", fmt_num(new)),
            )
            .label("the new value, from this line on")
            .also(replaced, "replaces this one")
            .help("a declaration repeated at top level is an event: the lines above it keep the old value"),
        );
        if let Err(d) = crate::model::events::apply(&mut self.state.scenario, &event, span) {
            self.error(d);
        }
        self.changed();
    }

    pub fn statement(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::At { time, events } => self.at_block(time, events),
            StmtKind::EndAlliance(_)
            | StmtKind::EndThreat { .. }
            | StmtKind::Battle { .. }
            | StmtKind::Turmoil { .. }
            | StmtKind::Leave(_)
            | StmtKind::Power { .. } => self.immediate_event(stmt),
            StmtKind::Expect(e) => self.expect(stmt.span, e),
            StmtKind::Game(g) => self.game(g),
            StmtKind::Query(q) => self.query(stmt.span, q),
            StmtKind::Unreadable(names) => {
                for (kind, n) in names {
                    if *kind == Declares::Game {
                        self.state.game_names.push(n.text.clone());
                    }
                    self.declare_broken(*kind, n);
                }
            }
            _ => self.declaration(stmt),
        }
    }
}

pub use crate::syntax::quote;
