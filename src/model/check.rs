//! Checking: the AST, statement by statement, into a [`Scenario`] and the list of
//! queries and expectations to answer, with every mistake collected as a diagnostic.
//!
//! Statements take effect in order: a query sees every declaration above it (as in the
//! REPL), and the `at` blocks are kept aside for the timeline.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::*;
use crate::diagnostics::{Diag, codes, did_you_mean};
use crate::span::Span;
use crate::syntax::ast::*;

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

#[derive(Default)]
pub struct Checker {
    pub scenario: Scenario,
    pub items: Vec<Item>,
    pub diags: Vec<Diag>,
    snapshot: Option<Arc<Scenario>>,
    /// States that enter later in an `at` block; events may name them.
    entering: HashSet<String>,
    model_span: Option<Span>,
    blocs_span: Option<Span>,
    /// Where each relation (kind, state, state) was first declared, for duplicates.
    first_relation: HashMap<(&'static str, usize, usize), Span>,
    /// Where each ideology and alliance was declared.
    first_name: HashMap<(&'static str, String), Span>,
}

impl Checker {
    pub fn new() -> Self {
        Checker {
            scenario: Scenario::new(),
            ..Default::default()
        }
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
        let saved = self.scenario.clone();
        let saved_entering = self.entering.clone();
        let saved_model = self.model_span;
        let saved_blocs = self.blocs_span;
        let saved_relations = self.first_relation.clone();
        let saved_names = self.first_name.clone();
        self.statement(stmt);
        let new: Vec<Diag> = self.diags.drain(before_diags..).collect();
        if new.iter().any(Diag::is_error) {
            self.scenario = saved;
            self.entering = saved_entering;
            self.model_span = saved_model;
            self.blocs_span = saved_blocs;
            self.first_relation = saved_relations;
            self.first_name = saved_names;
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
                let s = Arc::new(self.scenario.clone());
                self.snapshot = Some(s.clone());
                s
            }
        }
    }

    /// Resolves a state name, reporting an undeclared one with a suggestion.
    pub fn resolve(&mut self, name: &Name) -> Option<usize> {
        if let Some(i) = self.scenario.state(&name.text) {
            return Some(i);
        }
        let help = did_you_mean(
            &name.text,
            self.scenario.states.iter().map(|s| s.name.as_str()),
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
        if let Some(i) = self.scenario.ideology(&name.text) {
            return Some(i);
        }
        let help = did_you_mean(
            &name.text,
            self.scenario.ideologies.iter().map(String::as_str),
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
        if let Some(first) = self.first_name.get(&key) {
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
        self.first_name.insert(key, n.span);
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
        if let Some(first) = self.first_relation.get(&key) {
            let (na, nb) = (&self.scenario.states[a].name, &self.scenario.states[b].name);
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
        self.first_relation.insert(key, span);
        self.scenario.relate(a, b, rel);
        self.changed();
    }

    pub fn statement(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::Scenario(n) => {
                self.scenario.title = Some(n.text.clone());
                self.changed();
            }
            StmtKind::Ideology(names) => {
                for n in names {
                    if self.declare_name("ideology", n) {
                        self.scenario.ideologies.push(n.text.clone());
                    }
                }
                self.changed();
            }
            StmtKind::Affinity { a, b, value } => {
                let x = self.resolve_ideology(a);
                let y = self.resolve_ideology(b);
                if !(-1.0..=1.0).contains(&value.value) {
                    self.error(
                        Diag::error(
                            codes::OUT_OF_RANGE,
                            value.span,
                            format!("an affinity must be between -1 and 1, not {}", fmt_num(value.value)),
                        )
                        .label("outside [-1, 1]")
                        .help("-1: opposed ideologies, 0: indifferent, 1: as close as the same ideology"),
                    );
                } else if let (Some(x), Some(y)) = (x, y) {
                    self.scenario
                        .affinities
                        .insert((x.min(y), x.max(y)), value.value);
                    self.changed();
                }
            }
            StmtKind::State(decl) => self.state(decl),
            StmtKind::Border { a, b } => {
                if let Some((x, y)) = self.pair(a, b, "border") {
                    self.declare_relation(stmt.span, x, y, "border", Relation::Border);
                }
            }
            StmtKind::Distance { a, b, value } => {
                let pair = self.pair(a, b, "distance");
                if self.unit_interval(value, "a proximity")
                    && let Some((x, y)) = pair
                {
                    self.declare_relation(
                        stmt.span,
                        x,
                        y,
                        "distance",
                        Relation::Distance(value.value),
                    );
                }
            }
            StmtKind::Threat { from, to, level } => {
                let pair = self.pair(from, to, "threat");
                let ok = level
                    .as_ref()
                    .is_none_or(|l| self.unit_interval(l, "a threat's intent"));
                if ok && let Some((x, y)) = pair {
                    let lv = level.as_ref().map_or(DEFAULT_THREAT_LEVEL, |l| l.value);
                    self.declare_relation(stmt.span, x, y, "threat", Relation::Threat(lv));
                }
            }
            StmtKind::Offer { from, to, amount } => {
                let pair = self.pair(from, to, "offer");
                if amount.value < 0.0 {
                    self.error(
                        Diag::error(
                            codes::OUT_OF_RANGE,
                            amount.span,
                            "an offer cannot be negative",
                        )
                        .label("negative aid")
                        .help("an offer is the aid one state gives another; use 0 for none"),
                    );
                } else if let Some((x, y)) = pair {
                    self.declare_relation(stmt.span, x, y, "offer", Relation::Offer(amount.value));
                }
            }
            StmtKind::Alliance {
                name,
                members,
                reliability,
            } => self.alliance(stmt.span, name, members, reliability),
            StmtKind::EndAlliance(_) => self.immediate_event(stmt),
            StmtKind::Model(terms) => self.model(stmt.span, terms),
            StmtKind::Blocs(n) => {
                if n.value.fract() != 0.0 || n.value < 2.0 || n.value > 16.0 {
                    self.error(
                        Diag::error(
                            codes::BAD_BLOCS,
                            n.span,
                            format!(
                                "the number of blocs must be a whole number from 2 to 16, not {}",
                                fmt_num(n.value)
                            ),
                        )
                        .label("not a bloc count")
                        .help("`blocs 2` (the default) splits the states into two camps"),
                    );
                } else {
                    self.scenario.blocs = n.value as usize;
                    self.blocs_span = Some(stmt.span);
                    self.changed();
                }
            }
            StmtKind::Propensity { a, b, value } => {
                if let Some((x, y)) = self.pair(a, b, "propensity") {
                    self.declare_relation(
                        stmt.span,
                        x,
                        y,
                        "propensity",
                        Relation::Propensity(value.value),
                    );
                }
            }
            StmtKind::At { time, events } => {
                self.events(events);
                self.scenario.timeline.push(EventBlock {
                    time: time.value,
                    events: events.clone(),
                });
                self.changed();
            }
            StmtKind::Expect(e) => {
                match e {
                    Expectation::With(a, b) | Expectation::Against(a, b) => {
                        let x = self.resolve(a);
                        let y = self.resolve(b);
                        if let (Some(x), Some(y)) = (x, y)
                            && x == y
                        {
                            self.error(
                                Diag::error(
                                    codes::SELF_RELATION,
                                    a.span.join(b.span),
                                    "an expectation needs two different states",
                                )
                                .label("the same state twice"),
                            );
                            return;
                        }
                        if x.is_none() || y.is_none() {
                            return;
                        }
                    }
                    Expectation::Indifferent(a) => {
                        if self.resolve(a).is_none() {
                            return;
                        }
                    }
                    Expectation::BiggestThreat { target, threat } => {
                        let x = self.resolve(target);
                        let y = self.resolve(threat);
                        if x.is_none() || y.is_none() {
                            return;
                        }
                    }
                }
                let scenario = self.current();
                self.items.push(Item {
                    action: Action::Expect(e.clone()),
                    span: stmt.span,
                    scenario,
                });
            }
            StmtKind::Game(g) => self.game(g),
            StmtKind::Battle { .. } | StmtKind::Turmoil { .. } | StmtKind::Leave(_) => {
                self.immediate_event(stmt)
            }
            StmtKind::Query(q) => self.query(stmt.span, q),
        }
    }

    /// An event written outside an `at` block happens at once: later lines see the
    /// scenario it leaves (as in the REPL).
    fn immediate_event(&mut self, stmt: &Stmt) {
        let before = self.diags.len();
        self.events(std::slice::from_ref(stmt));
        if self.diags[before..].iter().any(Diag::is_error) {
            return;
        }
        let gone = match &stmt.kind {
            StmtKind::Leave(n) => self.scenario.state(&n.text),
            _ => None,
        };
        match crate::dynamics::events::apply(&mut self.scenario, stmt) {
            Ok(()) => {
                if let Some(g) = gone {
                    self.forget_state(g);
                }
                self.changed();
            }
            Err(d) => self.error(d),
        }
    }

    /// After a state leaves, relation keys above it shift down with the states.
    fn forget_state(&mut self, gone: usize) {
        let shift = |i: usize| if i > gone { i - 1 } else { i };
        self.first_relation = std::mem::take(&mut self.first_relation)
            .into_iter()
            .filter(|((_, a, b), _)| *a != gone && *b != gone)
            .map(|((k, a, b), span)| ((k, shift(a), shift(b)), span))
            .collect();
    }

    fn undeclared_alliance(&mut self, name: &Name) {
        let help = did_you_mean(
            &name.text,
            self.scenario.alliances.iter().map(|a| a.name.as_str()),
        );
        self.error(
            Diag::error(
                codes::UNDECLARED_ALLIANCE,
                name.span,
                format!("alliance `{}` is never declared", name.text),
            )
            .label("unknown alliance")
            .maybe_help(help),
        );
    }

    fn state(&mut self, decl: &StateDecl) {
        let n = &decl.name;
        if let Some(prev) = self.scenario.state(&n.text) {
            let first = self.scenario.states[prev].span;
            self.error(
                Diag::error(
                    codes::DUPLICATE,
                    n.span,
                    format!("state `{}` is declared twice", n.text),
                )
                .label("declared again here")
                .also(first, "first declared here")
                .help("merge the two declarations into one `state … { … }` block"),
            );
            return;
        }
        let mut info = StateInfo {
            name: n.text.clone(),
            power: DEFAULT_POWER,
            ideology: None,
            offense: 1.0,
            at: None,
            doctrine: None,
            span: n.span,
        };
        let mut seen: Vec<(&'static str, Span)> = Vec::new();
        for (attr, span) in &decl.attrs {
            let span = *span;
            let key = match attr {
                StateAttr::Power(_) => "power",
                StateAttr::Ideology(_) => "ideology",
                StateAttr::Offense(_) => "offense",
                StateAttr::At(..) => "at",
                StateAttr::Doctrine(_) => "doctrine",
            };
            if let Some(&(_, first)) = seen.iter().find(|(k, _)| *k == key) {
                self.error(
                    Diag::error(
                        codes::DUPLICATE_ATTRIBUTE,
                        span,
                        format!("`{key}` is given twice for state `{}`", n.text),
                    )
                    .label("given again here")
                    .also(first, "first given here")
                    .help("keep one value"),
                );
                continue;
            }
            seen.push((key, span));
            match attr {
                StateAttr::Power(v) => {
                    if v.value <= 0.0 {
                        self.error(
                            Diag::error(
                                codes::BAD_POWER,
                                v.span,
                                format!("the power of `{}` must be greater than 0, not {}", n.text, fmt_num(v.value)),
                            )
                            .label("not a positive power")
                            .help("power is a size, such as a CINC score (e.g. 0.12); a state with no power cannot align"),
                        );
                    } else {
                        info.power = v.value;
                    }
                }
                StateAttr::Offense(v) => {
                    if v.value < 0.0 {
                        self.error(
                            Diag::error(
                                codes::OUT_OF_RANGE,
                                v.span,
                                format!("offense must not be negative, not {}", fmt_num(v.value)),
                            )
                            .label("negative offense")
                            .help(
                                "offense scales a state's threat: 1 is ordinary, above 1 offensive",
                            ),
                        );
                    } else {
                        info.offense = v.value;
                    }
                }
                StateAttr::Ideology(i) => {
                    if let Some(idx) = self.resolve_ideology(i) {
                        info.ideology = Some(idx);
                    }
                }
                StateAttr::At(lat, lon) => {
                    if !(-90.0..=90.0).contains(&lat.value)
                        || !(-180.0..=180.0).contains(&lon.value)
                    {
                        self.error(
                            Diag::error(
                                codes::BAD_COORDINATES,
                                lat.span.join(lon.span),
                                "coordinates out of range",
                            )
                            .label("latitude must be in [-90, 90], longitude in [-180, 180]")
                            .help("write `at LATITUDE, LONGITUDE` in degrees, e.g. `at 48.9, 2.4`"),
                        );
                    } else {
                        info.at = Some((lat.value, lon.value));
                    }
                }
                StateAttr::Doctrine(d) => match ModelKind::parse(&d.text) {
                    Some(ModelKind::Balancing) => info.doctrine = Some(Doctrine::Balancing),
                    Some(ModelKind::Bandwagoning) => info.doctrine = Some(Doctrine::Bandwagoning),
                    _ => {
                        self.error(
                            Diag::error(codes::BAD_DOCTRINE, d.span, format!("`{}` is not a doctrine", d.text))
                                .label("unknown doctrine")
                                .help("a state's doctrine is how it answers threats: `balancing` or `bandwagoning`"),
                        );
                    }
                },
            }
        }
        // A state with a bad attribute is still declared (with defaults) so that later
        // lines do not report it as undeclared as well.
        self.scenario.add_state(info);
        self.changed();
    }

    fn alliance(
        &mut self,
        span: Span,
        name: &Option<Name>,
        members: &[Name],
        reliability: &Option<Num>,
    ) {
        let rel = match reliability {
            Some(r) if self.unit_interval(r, "a reliability") => r.value,
            Some(_) => return,
            None => DEFAULT_RELIABILITY,
        };
        let mut idx = Vec::new();
        let mut ok = true;
        for m in members {
            match self.resolve(m) {
                Some(i) if idx.contains(&i) => {
                    self.error(
                        Diag::error(
                            codes::DUPLICATE,
                            m.span,
                            format!("`{}` is listed twice in this alliance", m.text),
                        )
                        .label("listed again here"),
                    );
                    ok = false;
                }
                Some(i) => idx.push(i),
                None => ok = false,
            }
        }
        if ok && idx.len() < 2 {
            self.error(
                Diag::error(
                    codes::SELF_RELATION,
                    span,
                    "an alliance needs at least two members",
                )
                .label("only one member")
                .help("list the members inside the braces: `alliance Entente { France, Russia }`"),
            );
            ok = false;
        }
        let aname = match name {
            Some(n) => {
                if !self.declare_name("alliance", n) {
                    return;
                }
                n.text.clone()
            }
            None => idx
                .iter()
                .map(|i| self.scenario.states[*i].name.clone())
                .collect::<Vec<_>>()
                .join("–"),
        };
        if !ok {
            return;
        }
        let number = self.scenario.alliances.len();
        self.scenario.alliances.push(AllianceInfo {
            name: aname,
            members: idx.clone(),
            reliability: rel,
            active: true,
        });
        for (k, &a) in idx.iter().enumerate() {
            for &b in &idx[k + 1..] {
                self.scenario.relate(a, b, Relation::Alliance(number));
            }
        }
        self.changed();
    }

    fn model(&mut self, span: Span, terms: &[ModelTerm]) {
        let mut out: Vec<(ModelKind, f64)> = Vec::new();
        let mut ok = true;
        for t in terms {
            let kind = match ModelKind::parse(&t.model.text) {
                Some(k) => k,
                None => {
                    let help = did_you_mean(&t.model.text, ModelKind::ALL.iter().map(|m| m.name()))
                        .unwrap_or_else(|| {
                            "the models are balancing, bandwagoning, ideology, aid and landscape"
                                .into()
                        });
                    self.error(
                        Diag::error(
                            codes::UNKNOWN_MODEL,
                            t.model.span,
                            format!("unknown model `{}`", t.model.text),
                        )
                        .label("not a model")
                        .help(help),
                    );
                    ok = false;
                    continue;
                }
            };
            let weight = match &t.weight {
                None => 1.0,
                Some(Weight::Number(n)) if n.value >= 0.0 => n.value,
                Some(Weight::Number(n)) => {
                    self.error(
                        Diag::error(codes::BAD_WEIGHT, n.span, format!("a model weight cannot be negative, not {}", fmt_num(n.value)))
                            .label("negative weight")
                            .help("weights say how much each model counts; to reverse balancing use `bandwagoning`"),
                    );
                    ok = false;
                    continue;
                }
                Some(Weight::Name(w)) => {
                    let help = if ModelKind::parse(&w.text).is_some() {
                        format!(
                            "separate models with commas: `{}, {}`",
                            t.model.text, w.text
                        )
                    } else {
                        format!("write a number, e.g. `{} 0.5`", t.model.text)
                    };
                    self.error(
                        Diag::error(
                            codes::BAD_WEIGHT,
                            w.span,
                            format!(
                                "the weight of `{}` must be a number, not `{}`",
                                t.model.text, w.text
                            ),
                        )
                        .label("not a number")
                        .help(help),
                    );
                    ok = false;
                    continue;
                }
            };
            if out.iter().any(|(k, _)| *k == kind) {
                self.error(
                    Diag::error(
                        codes::DUPLICATE,
                        t.model.span,
                        format!("model `{}` is listed twice", t.model.text),
                    )
                    .label("listed again here"),
                );
                ok = false;
                continue;
            }
            out.push((kind, weight));
        }
        if ok && out.iter().all(|(_, w)| *w == 0.0) {
            self.error(
                Diag::error(codes::BAD_WEIGHT, span, "every model weight is 0")
                    .label("nothing would drive the alignment")
                    .help("give at least one model a positive weight"),
            );
            ok = false;
        }
        if ok {
            self.scenario.model = Model { terms: out };
            self.model_span = Some(span);
            self.changed();
        }
    }

    /// Checks the names used by events; the events themselves are applied by the
    /// timeline.
    fn events(&mut self, events: &[Stmt]) {
        for e in events {
            match &e.kind {
                StmtKind::State(decl)
                    if self.scenario.state(&decl.name.text).is_some()
                        || !self.entering.insert(decl.name.text.clone()) =>
                {
                    self.error(
                        Diag::error(
                            codes::DUPLICATE,
                            decl.name.span,
                            format!("state `{}` is declared twice", decl.name.text),
                        )
                        .label("declared again here"),
                    );
                }
                StmtKind::Threat { from, to, level } => {
                    self.event_pair(from, to, "threat");
                    if let Some(l) = level {
                        self.unit_interval(l, "a threat's intent");
                    }
                }
                StmtKind::Offer { from, to, amount } => {
                    self.event_pair(from, to, "offer");
                    if amount.value < 0.0 {
                        self.error(
                            Diag::error(
                                codes::OUT_OF_RANGE,
                                amount.span,
                                "an offer cannot be negative",
                            )
                            .label("negative aid"),
                        );
                    }
                }
                StmtKind::Border { a, b }
                | StmtKind::Distance { a, b, .. }
                | StmtKind::Propensity { a, b, .. } => {
                    self.event_pair(a, b, "relation");
                }
                StmtKind::Battle {
                    winner,
                    loser,
                    loss,
                } => {
                    self.event_pair(winner, loser, "battle");
                    if let Some(l) = loss {
                        self.unit_interval(l, "a battle's loss of power");
                    }
                }
                StmtKind::Turmoil { state, ideology } => {
                    self.event_state(state);
                    self.resolve_ideology(ideology);
                }
                StmtKind::Leave(s) => {
                    self.event_state(s);
                }
                StmtKind::Alliance {
                    members,
                    reliability,
                    ..
                } => {
                    for m in members {
                        self.event_state(m);
                    }
                    if let Some(r) = reliability {
                        self.unit_interval(r, "a reliability");
                    }
                }
                StmtKind::EndAlliance(n)
                    if !self.scenario.alliances.iter().any(|a| a.name == n.text) =>
                {
                    self.undeclared_alliance(n);
                }
                StmtKind::Affinity { a, b, .. } => {
                    self.resolve_ideology(a);
                    self.resolve_ideology(b);
                }
                _ => {}
            }
        }
    }

    fn event_state(&mut self, n: &Name) -> bool {
        if self.entering.contains(&n.text) {
            return true;
        }
        self.resolve(n).is_some()
    }

    fn event_pair(&mut self, a: &Name, b: &Name, what: &str) {
        let x = self.event_state(a);
        let y = self.event_state(b);
        if x && y && a.text == b.text {
            self.error(
                Diag::error(
                    codes::SELF_RELATION,
                    a.span.join(b.span),
                    format!("a {what} needs two different states"),
                )
                .label("the same state twice"),
            );
        }
    }

    fn game(&mut self, g: &GameDecl) {
        if self
            .scenario
            .games
            .iter()
            .any(|x| x.name.text == g.name.text)
        {
            self.error(
                Diag::error(
                    codes::DUPLICATE,
                    g.name.span,
                    format!("game `{}` is declared twice", g.name.text),
                )
                .label("declared again here"),
            );
            return;
        }
        // Full validation (players, strategies, outcomes, every profile once) lives with
        // the games; the declaration is kept even when wrong so that queries naming it do
        // not add "never declared" noise.
        let (_, diags) = crate::games::build(g);
        for d in diags {
            self.error(d);
        }
        self.scenario.games.push(g.clone());
        self.changed();
    }

    fn query(&mut self, span: Span, q: &Query) {
        let ok = match &q.kind {
            QueryKind::AlliesOf(n)
            | QueryKind::EnemiesOf(n)
            | QueryKind::Why(n)
            | QueryKind::BiggestThreat(n)
            | QueryKind::ThreatsTo(n) => self.resolve(n).is_some(),
            QueryKind::Price { target, buyer } => {
                let a = self.resolve(target).is_some();
                let b = self.resolve(buyer).is_some();
                a && b
            }
            QueryKind::WouldAttack { attacker, target } => {
                let a = self.resolve(attacker).is_some();
                let b = self.resolve(target).is_some();
                a && b
            }
            QueryKind::WhatIf(stmt) => {
                let before = self.diags.len();
                self.events(std::slice::from_ref(stmt));
                self.diags.len() == before
            }
            QueryKind::Equilibria(g) | QueryKind::Dominant(g) | QueryKind::BestResponses(g) => {
                if self.scenario.games.iter().any(|x| x.name.text == g.text) {
                    true
                } else {
                    let help = did_you_mean(
                        &g.text,
                        self.scenario.games.iter().map(|x| x.name.text.as_str()),
                    )
                    .unwrap_or_else(|| "declare it with `game NAME { … }`".into());
                    self.error(
                        Diag::error(
                            codes::UNDECLARED_GAME,
                            g.span,
                            format!("game `{}` is never declared", g.text),
                        )
                        .label("unknown game")
                        .help(help),
                    );
                    false
                }
            }
            _ => true,
        };
        if ok {
            let scenario = self.current();
            self.items.push(Item {
                action: Action::Query(q.clone()),
                span,
                scenario,
            });
        }
    }
}

/// A name as it must be written in a file: quoted when it is not an identifier.
pub fn quote(name: &str) -> String {
    let ident = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let keyword = crate::syntax::KEYWORDS.contains(&name.to_ascii_lowercase().as_str());
    if ident && !keyword {
        name.to_string()
    } else {
        format!("\"{name}\"")
    }
}
