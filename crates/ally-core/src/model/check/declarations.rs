//! Declarations: states, relations, ideologies, alliances, the model and the number of
//! blocs, each validated and added to the scenario.

use super::amounts::{event_range, range_of};
use super::{Checker, quote};
use crate::diagnostics::{Diag, codes, did_you_mean};
use crate::model::events::make_alliance;
use crate::model::uncertain::{EventRange, Field, Slot};
use crate::model::*;
use crate::span::Span;
use crate::syntax::ast::*;

impl Checker {
    /// A declaration outside an `at` block: it takes effect at once.
    pub(super) fn declaration(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::Scenario(n) => {
                self.state.scenario.title = Some(n.text.clone());
                self.changed();
            }
            StmtKind::Ideology(names) => {
                for n in names {
                    if self.declare_name("ideology", n) {
                        self.state.scenario.ideologies.push(n.text.clone());
                    }
                }
                self.changed();
            }
            StmtKind::Affinity { a, b, value } => {
                let x = self.resolve_ideology(a);
                let y = self.resolve_ideology(b);
                if self.amount_ok(value, |c, n| c.affinity_in_range(n))
                    && let (Some(x), Some(y)) = (x, y)
                {
                    let scenario = &mut self.state.scenario;
                    scenario
                        .affinities
                        .insert((x.min(y), x.max(y)), value.mid());
                    scenario.set_uncertain(Slot::affinity(x, y), range_of(value));
                    self.changed();
                }
            }
            StmtKind::Draws(n) => self.draws(n),
            StmtKind::Seed(n) => self.seed(n),
            StmtKind::State(decl) => self.state(decl, stmt.span),
            StmtKind::ProximityDefault(x) if self.unit_interval(x, "a proximity") => {
                self.state.scenario.default_proximity = Some(x.value);
                self.changed();
            }
            StmtKind::ProximityDefault(_) => {}
            StmtKind::LatentIntent(x)
                if self.amount_ok(x, |c, n| c.unit_interval(n, "a latent intent")) =>
            {
                let scenario = &mut self.state.scenario;
                scenario.latent_intent = Some(x.mid());
                scenario.set_uncertain(Slot::LatentIntent, range_of(x));
                self.changed();
            }
            StmtKind::LatentIntent(_) => {}
            StmtKind::Border { a, b } => {
                if let Some((x, y)) = self.pair(a, b, "border") {
                    self.declare_relation(stmt.span, x, y, "border", Relation::Border);
                }
            }
            StmtKind::Distance { a, b, value } => {
                let pair = self.pair(a, b, "distance");
                if self.amount_ok(value, |c, n| c.unit_interval(n, "a proximity"))
                    && let Some((x, y)) = pair
                    && self.declare_relation(
                        stmt.span,
                        x,
                        y,
                        "distance",
                        Relation::Distance(value.mid()),
                    )
                {
                    let slot = Slot::distance(self.id(x), self.id(y));
                    self.state.scenario.set_uncertain(slot, range_of(value));
                }
            }
            StmtKind::Threat { from, to, level } => {
                let pair = self.pair(from, to, "threat");
                let ok = level.as_ref().is_none_or(|l| {
                    self.amount_ok(l, |c, n| c.unit_interval(n, "a threat's intent"))
                });
                if ok && let Some((x, y)) = pair {
                    let lv = level.as_ref().map_or(DEFAULT_THREAT_LEVEL, Amount::mid);
                    if self.declare_relation(stmt.span, x, y, "threat", Relation::Threat(lv)) {
                        let slot = Slot::Threat(self.id(x), self.id(y));
                        let range = level.as_ref().and_then(range_of);
                        self.state.scenario.set_uncertain(slot, range);
                    }
                }
            }
            StmtKind::Offer { from, to, amount } => {
                let pair = self.pair(from, to, "offer");
                if self.amount_ok(amount, |c, n| c.offer_ok(n, true))
                    && let Some((x, y)) = pair
                    && self.declare_relation(
                        stmt.span,
                        x,
                        y,
                        "offer",
                        Relation::Offer(amount.mid()),
                    )
                {
                    let slot = Slot::Offer(self.id(x), self.id(y));
                    self.state.scenario.set_uncertain(slot, range_of(amount));
                }
            }
            StmtKind::Alliance {
                name,
                members,
                reliability,
                types,
            } => self.alliance(stmt.span, name, members, reliability, types),
            StmtKind::Model(terms) => self.model(stmt.span, terms),
            StmtKind::Blocs { count: n, neutral } => {
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
                        .label("not a bloc count"),
                    );
                } else {
                    self.state.scenario.blocs = n.value as usize;
                    self.state.scenario.neutral = *neutral;
                    self.state.blocs_span = Some(stmt.span);
                    self.changed();
                }
            }
            StmtKind::Propensity { a, b, value } => {
                if let Some((x, y)) = self.pair(a, b, "propensity")
                    && self.amount_ok(value, |_, _| true)
                    && self.declare_relation(
                        stmt.span,
                        x,
                        y,
                        "propensity",
                        Relation::Propensity(value.mid()),
                    )
                {
                    let slot = Slot::propensity(self.id(x), self.id(y));
                    self.state.scenario.set_uncertain(slot, range_of(value));
                }
            }
            _ => {}
        }
    }

    /// The identity of the state at index `i`.
    fn id(&self, i: usize) -> StateId {
        self.state.scenario.states[i].id
    }

    /// Whether an offer (one end of it) is usable: not negative, and of a supported
    /// magnitude; reports it when not (with help at top level).
    pub(super) fn offer_ok(&mut self, n: &Num, help: bool) -> bool {
        if n.value < 0.0 {
            let d = Diag::error(codes::OUT_OF_RANGE, n.span, "an offer cannot be negative")
                .label("negative aid");
            self.error(if help {
                d.help("an offer is the aid one state gives another; use 0 for none")
            } else {
                d
            });
            return false;
        }
        self.magnitude_ok(n, "an offer", false)
    }

    /// Whether an affinity is in [-1, 1]; reports it when not.
    pub(super) fn affinity_in_range(&mut self, value: &Num) -> bool {
        if (-1.0..=1.0).contains(&value.value) {
            return true;
        }
        self.error(
            Diag::error(
                codes::OUT_OF_RANGE,
                value.span,
                format!(
                    "an affinity must be between -1 and 1, not {}",
                    fmt_num(value.value)
                ),
            )
            .label("outside [-1, 1]")
            .help("-1: opposed ideologies, 0: indifferent, 1: as close as the same ideology"),
        );
        false
    }

    fn state(&mut self, decl: &StateDecl, span: Span) {
        let n = &decl.name;
        if let Some(prev) = self.state.scenario.state(&n.text) {
            self.restate(prev, decl, span);
            return;
        }
        let id = self.state.scenario.new_id(&n.text);
        let (info, ranges) = self.state_info(decl, id);
        for (attr, span) in &decl.attrs {
            self.state.attr_spans.insert((id, attr_key(attr)), *span);
        }
        // A state with a bad attribute is still declared (with defaults) so that later
        // lines do not report it as undeclared as well.
        self.state.scenario.add_state(info);
        for r in ranges {
            let slot = state_slot(id, r.field);
            self.state
                .scenario
                .set_uncertain(slot, Some((r.low, r.high, r.span)));
        }
        self.changed();
    }

    /// A state declared again at top level is an event: each attribute it gives
    /// replaces the one in force (the others stay), with one note naming the changes
    /// and pointing at the lines whose values they replace. A bad attribute changes
    /// nothing (the error is reported).
    fn restate(&mut self, prev: usize, decl: &StateDecl, span: Span) {
        let old = self.state.scenario.states[prev].clone();
        let before = self.diags.len();
        let (new, ranges) = self.state_info(decl, old.id);
        if self.diags[before..].iter().any(Diag::is_error) {
            return;
        }
        let mut changes = Vec::new();
        let mut replaced = Vec::new();
        let ideology = |i: Option<usize>| {
            i.and_then(|i| self.state.scenario.ideologies.get(i))
                .map_or("none".to_string(), |x| quote(x))
        };
        for (attr, _) in &decl.attrs {
            let key = attr_key(attr);
            let (was, now) = match key {
                "power" => (fmt_num(old.power), fmt_num(new.power)),
                "offense" => (fmt_num(old.offense), fmt_num(new.offense)),
                "ideology" => (ideology(old.ideology), ideology(new.ideology)),
                "at" => (place(old.at), place(new.at)),
                _ => (doctrine(old.doctrine), doctrine(new.doctrine)),
            };
            changes.push(format!("{key} {was} → {now}"));
            let at = self
                .state
                .attr_spans
                .get(&(old.id, key))
                .copied()
                .unwrap_or(old.span);
            if !replaced.contains(&at) {
                replaced.push(at);
            }
        }
        let mut note = Diag::note(
            codes::REDECLARED,
            span,
            if changes.is_empty() {
                format!("state `{}` is declared again and changes nothing", old.name)
            } else {
                format!(
                    "state `{}` is declared again: {}",
                    old.name,
                    changes.join(", ")
                )
            },
        )
        .label("the new values, from this line on")
        .help("a state declared again at top level is an event: the lines above it keep the old values, attributes not given stay");
        for at in replaced {
            note = note.also(at, "replaces this");
        }
        self.diags.push(note);
        let mut settled = Vec::new();
        for (attr, at) in &decl.attrs {
            let st = &mut self.state.scenario.states[prev];
            let field = match attr {
                StateAttr::Power(_) => {
                    st.power = new.power;
                    Some(Field::Value)
                }
                StateAttr::Ideology(_) => {
                    st.ideology = new.ideology;
                    None
                }
                StateAttr::Offense(_) => {
                    st.offense = new.offense;
                    Some(Field::Offense)
                }
                StateAttr::At(..) => {
                    st.at = new.at;
                    None
                }
                StateAttr::Doctrine(_) => {
                    st.doctrine = new.doctrine;
                    None
                }
            };
            settled.extend(field);
            self.state.attr_spans.insert((old.id, attr_key(attr)), *at);
        }
        // A number given again settles its range: the new one, or none.
        for f in settled {
            let range = ranges
                .iter()
                .find(|r| r.field == f)
                .map(|r| (r.low, r.high, r.span));
            self.state
                .scenario
                .set_uncertain(state_slot(old.id, f), range);
        }
        self.changed();
    }

    /// A state as declared, its attributes validated (a bad one keeps its default), its
    /// numbers at the middle of their ranges, and those ranges (power as the event's
    /// value, offense as its offense).
    pub(super) fn state_info(
        &mut self,
        decl: &StateDecl,
        id: StateId,
    ) -> (StateInfo, Vec<EventRange>) {
        let mut ranges = Vec::new();
        let n = &decl.name;
        let mut info = StateInfo {
            id,
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
            let key = attr_key(attr);
            if let Some(&(_, first)) = seen.iter().find(|(k, _)| *k == key) {
                self.error(
                    Diag::error(
                        codes::DUPLICATE_ATTRIBUTE,
                        span,
                        format!("`{key}` is given twice for state `{}`", n.text),
                    )
                    .label("given again here")
                    .also(first, "first given here"),
                );
                continue;
            }
            seen.push((key, span));
            match attr {
                StateAttr::Power(amount) => {
                    let power_ok = |c: &mut Checker, v: &Num| {
                        if v.value <= 0.0 {
                            c.error(
                                Diag::error(
                                    codes::BAD_POWER,
                                    v.span,
                                    format!("the power of `{}` must be greater than 0, not {}", n.text, fmt_num(v.value)),
                                )
                                .label("not a positive power")
                                .help("power is a size, such as a CINC score (e.g. 0.12); a state with no power cannot align"),
                            );
                            false
                        } else {
                            c.magnitude_ok(v, "a power", true)
                        }
                    };
                    if self.amount_ok(amount, power_ok) {
                        info.power = amount.mid();
                        ranges.extend(event_range(amount, Field::Value));
                    }
                }
                StateAttr::Offense(amount) => {
                    let offense_ok = |c: &mut Checker, v: &Num| {
                        if v.value < 0.0 {
                            c.error(
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
                            false
                        } else {
                            c.magnitude_ok(v, "offense", false)
                        }
                    };
                    if self.amount_ok(amount, offense_ok) {
                        info.offense = amount.mid();
                        ranges.extend(event_range(amount, Field::Offense));
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
                            .label("latitude must be in [-90, 90], longitude in [-180, 180]"),
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
                            Diag::error(
                                codes::BAD_DOCTRINE,
                                d.span,
                                format!("`{}` is not a doctrine", d.text),
                            )
                            .label("unknown doctrine"),
                        );
                    }
                },
            }
        }
        (info, ranges)
    }

    fn alliance(
        &mut self,
        span: Span,
        name: &Option<Name>,
        members: &[Name],
        reliability: &Option<Amount>,
        types: &[PactClause],
    ) {
        // An alliance with a mistake is still declared, so that ending it later adds no
        // "never declared".
        let failed = |c: &mut Checker| {
            if let Some(n) = name {
                c.declare_broken(Declares::Alliance, n);
            }
        };
        let rel = match reliability {
            Some(r) if self.amount_ok(r, |c, n| c.unit_interval(n, "a reliability")) => r.mid(),
            Some(_) => return failed(self),
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
                .map(|i| self.state.scenario.states[*i].name.clone())
                .collect::<Vec<_>>()
                .join("–"),
        };
        let ids: Vec<Option<StateId>> = members
            .iter()
            .map(|m| {
                let i = self.state.scenario.state(&m.text)?;
                Some(self.state.scenario.states[i].id)
            })
            .collect();
        let obligations = self.pact_types(types, members, &ids);
        let (true, Some(obligations)) = (ok, obligations) else {
            return failed(self);
        };
        let k = make_alliance(
            &mut self.state.scenario,
            Some(&aname),
            &idx,
            rel,
            &obligations,
        );
        let range = reliability.as_ref().and_then(range_of);
        self.state
            .scenario
            .set_uncertain(Slot::Reliability(k), range);
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
            self.state.scenario.model = Model { terms: out };
            self.state.model_span = Some(span);
            self.changed();
        }
    }

    pub(super) fn undeclared_alliance(&mut self, name: &Name) {
        if self.broken(Declares::Alliance, name) {
            return;
        }
        let help = did_you_mean(
            &name.text,
            self.state
                .scenario
                .alliances
                .iter()
                .map(|a| a.name.as_str()),
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
}

/// The slot of a state's number written as `field` of a state (power, offense).
fn state_slot(id: StateId, field: Field) -> Slot {
    match field {
        Field::Value => Slot::Power(id),
        Field::Offense => Slot::Offense(id),
    }
}

fn attr_key(attr: &StateAttr) -> &'static str {
    match attr {
        StateAttr::Power(_) => "power",
        StateAttr::Ideology(_) => "ideology",
        StateAttr::Offense(_) => "offense",
        StateAttr::At(..) => "at",
        StateAttr::Doctrine(_) => "doctrine",
    }
}

fn place(at: Option<(f64, f64)>) -> String {
    at.map_or("none".to_string(), |(lat, lon)| {
        format!("{}, {}", fmt_num(lat), fmt_num(lon))
    })
}

fn doctrine(d: Option<Doctrine>) -> String {
    match d {
        Some(Doctrine::Balancing) => "balancing",
        Some(Doctrine::Bandwagoning) => "bandwagoning",
        None => "none",
    }
    .to_string()
}
