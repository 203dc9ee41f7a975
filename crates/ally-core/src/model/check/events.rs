//! Events: each event statement checked into an [`Event`] of ids, kept for the timeline
//! (`at` blocks, `what if`) or applied at once (an event outside an `at` block).

use super::Checker;
use super::amounts::event_range;
use crate::diagnostics::{Diag, codes};
use crate::model::events::{self, DEFAULT_BATTLE_LOSS};
use crate::model::uncertain::{EventRange, Field};
use crate::model::*;
use crate::syntax::ast::*;

impl Checker {
    /// An `at T { … }` block: its events are checked now and applied by the timeline.
    pub(super) fn at_block(&mut self, time: &Num, stmts: &[Stmt]) {
        let events = stmts.iter().filter_map(|e| self.event(e)).collect();
        self.state.scenario.timeline.push(EventBlock {
            time: time.value,
            events,
        });
        self.changed();
    }

    /// Checks one event, with the ranges written in it; `None` when it has a mistake
    /// (reported).
    pub(super) fn event(&mut self, e: &Stmt) -> Option<Located> {
        let before = self.diags.len();
        let mut ranges = Vec::new();
        let event = self.event_unchecked(e, &mut ranges);
        if self.diags.len() > before {
            return None;
        }
        Some(Located {
            event: event?,
            span: e.span,
            ranges,
        })
    }

    fn event_unchecked(&mut self, e: &Stmt, ranges: &mut Vec<EventRange>) -> Option<Event> {
        let value = |a: &Amount| event_range(a, Field::Value);
        Some(match &e.kind {
            StmtKind::State(decl) => {
                let name = &decl.name;
                let present = self.state.scenario.state(&name.text);
                if present.is_some() || self.state.entering.contains_key(&name.text) {
                    let mut d = Diag::error(
                        codes::DUPLICATE,
                        name.span,
                        format!("state `{}` is declared twice", name.text),
                    )
                    .label("declared again here");
                    if let Some(i) = present {
                        d = d
                            .also(self.state.scenario.states[i].span, "first declared here")
                            .help("to change its attributes, declare it again at top level, or use `power X = v` in the block");
                    }
                    self.error(d);
                    return None;
                }
                let id = self.state.scenario.new_id(&name.text);
                self.state.entering.insert(name.text.clone(), id);
                let (info, written) = self.state_info(decl, id);
                ranges.extend(written);
                Event::Enter(info)
            }
            StmtKind::Threat { from, to, level } => {
                let pair = self.event_pair(from, to, "threat");
                let level = match level {
                    Some(l)
                        if !self.amount_ok(l, |c, n| c.unit_interval(n, "a threat's intent")) =>
                    {
                        return None;
                    }
                    l => l.as_ref().map(|l| {
                        ranges.extend(value(l));
                        l.mid()
                    }),
                };
                let (from, to) = pair?;
                Event::Threat { from, to, level }
            }
            StmtKind::EndThreat { from, to } => {
                let (from, to) = self.event_pair(from, to, "threat")?;
                Event::EndThreat { from, to }
            }
            StmtKind::Offer { from, to, amount } => {
                let pair = self.event_pair(from, to, "offer");
                if !self.amount_ok(amount, |c, n| c.offer_ok(n, false)) {
                    return None;
                }
                let (from, to) = pair?;
                ranges.extend(value(amount));
                Event::Offer {
                    from,
                    to,
                    amount: amount.mid(),
                }
            }
            StmtKind::Border { a, b } => {
                let (x, y) = self.event_pair(a, b, "relation")?;
                Event::Border(x, y)
            }
            StmtKind::Distance { a, b, value: v } => {
                let pair = self.event_pair(a, b, "relation");
                if !self.amount_ok(v, |c, n| c.unit_interval(n, "a proximity")) {
                    return None;
                }
                let (x, y) = pair?;
                ranges.extend(value(v));
                Event::Distance(x, y, v.mid())
            }
            StmtKind::Propensity { a, b, value: v } => {
                let (x, y) = self.event_pair(a, b, "relation")?;
                if !self.amount_ok(v, |_, _| true) {
                    return None;
                }
                ranges.extend(value(v));
                Event::Propensity(x, y, v.mid())
            }
            StmtKind::Battle {
                winner,
                loser,
                loss,
            } => {
                let pair = self.event_pair(winner, loser, "battle");
                let loss = match loss {
                    Some(l) if !self.unit_interval(l, "a battle's loss of power") => return None,
                    l => l.as_ref().map_or(DEFAULT_BATTLE_LOSS, |l| l.value),
                };
                let (winner, loser) = pair?;
                Event::Battle {
                    winner,
                    loser,
                    loss,
                }
            }
            StmtKind::Turmoil { state, ideology } => {
                let st = self.event_state(state);
                let ideology = self.resolve_ideology(ideology);
                Event::Turmoil {
                    state: st?,
                    ideology: ideology?,
                }
            }
            StmtKind::Leave(s) => Event::Leave(self.event_state(s)?),
            StmtKind::Power { state, value: v } => {
                let id = self.event_state(state);
                let power_ok = |c: &mut Checker, n: &Num| {
                    if !(n.value.is_finite() && n.value > 0.0) {
                        c.error(
                            Diag::error(
                                codes::OUT_OF_RANGE,
                                n.span,
                                "a power must be a positive number",
                            )
                            .label("not a power"),
                        );
                        return false;
                    }
                    c.magnitude_ok(n, "a power", true)
                };
                if !self.amount_ok(v, power_ok) {
                    return None;
                }
                ranges.extend(value(v));
                Event::Power(id?, v.mid())
            }
            StmtKind::Alliance {
                name,
                members,
                reliability,
                types,
            } => {
                let ids: Vec<Option<StateId>> =
                    members.iter().map(|m| self.event_state(m)).collect();
                let obligations = self.pact_types(types, members, &ids)?;
                let reliability = match reliability {
                    Some(r) if !self.amount_ok(r, |c, n| c.unit_interval(n, "a reliability")) => {
                        return None;
                    }
                    Some(r) => {
                        ranges.extend(value(r));
                        r.mid()
                    }
                    None => DEFAULT_RELIABILITY,
                };
                // The name it will have, so that a later block can end it.
                let made = made_name(name, members);
                let event = Event::Alliance {
                    name: name.as_ref().map(|n| n.text.clone()),
                    members: ids.into_iter().collect::<Option<Vec<_>>>()?,
                    reliability,
                    obligations,
                };
                self.state.made.insert(made);
                event
            }
            StmtKind::EndAlliance(n) => {
                let found = self
                    .state
                    .scenario
                    .alliances
                    .iter()
                    .position(|a| a.name == n.text);
                match found {
                    Some(k) => Event::EndAlliance(k),
                    None if self.state.made.contains(&n.text) => {
                        Event::EndMadeAlliance(n.text.clone())
                    }
                    None => {
                        self.undeclared_alliance(n);
                        return None;
                    }
                }
            }
            StmtKind::Affinity { a, b, value: v } => {
                let x = self.resolve_ideology(a);
                let y = self.resolve_ideology(b);
                if !self.amount_ok(v, |c, n| c.affinity_in_range(n)) {
                    return None;
                }
                ranges.extend(value(v));
                Event::Affinity(x?, y?, v.mid())
            }
            // The grammar allows nothing else in an `at` block or a `what if`.
            _ => return None,
        })
    }

    /// The identity of a state an event names: declared, or entering in an `at` block.
    fn event_state(&mut self, n: &Name) -> Option<StateId> {
        if let Some(&id) = self.state.entering.get(&n.text) {
            return Some(id);
        }
        let i = self.resolve(n)?;
        Some(self.state.scenario.states[i].id)
    }

    fn event_pair(&mut self, a: &Name, b: &Name, what: &str) -> Option<(StateId, StateId)> {
        let x = self.event_state(a);
        let y = self.event_state(b);
        if x.is_some() && y.is_some() && a.text == b.text {
            self.error(
                Diag::error(
                    codes::SELF_RELATION,
                    a.span.join(b.span),
                    format!("a {what} needs two different states"),
                )
                .label("the same state twice"),
            );
            return None;
        }
        Some((x?, y?))
    }

    /// An event written outside an `at` block happens at once: later lines see the
    /// scenario it leaves (as in the REPL).
    pub(super) fn immediate_event(&mut self, stmt: &Stmt) {
        let Some(located) = self.event(stmt) else {
            return;
        };
        let gone = match &located.event {
            Event::Leave(id) => self.state.scenario.index_of(*id),
            _ => None,
        };
        // A threat ended is as if never declared: declaring it again is a new threat.
        let ended = match &located.event {
            Event::EndThreat { from, to } => {
                let s = &self.state.scenario;
                s.index_of(*from).zip(s.index_of(*to))
            }
            _ => None,
        };
        match events::apply_located(&mut self.state.scenario, &located) {
            Ok(()) => {
                if let Some(g) = gone {
                    self.forget_state(g);
                }
                if let Some((a, b)) = ended {
                    self.state.first_relation.remove(&("threat", a, b));
                }
                self.changed();
            }
            Err(d) => self.error(d),
        }
    }

    /// After a state leaves, relation keys above it shift down with the states.
    fn forget_state(&mut self, gone: usize) {
        let shift = |i: usize| if i > gone { i - 1 } else { i };
        self.state.first_relation = std::mem::take(&mut self.state.first_relation)
            .into_iter()
            .filter(|((_, a, b), _)| *a != gone && *b != gone)
            .map(|((k, a, b), span)| ((k, shift(a), shift(b)), span))
            .collect();
    }
}

/// The name an alliance made in an `at` block will have (as `make_alliance` names an
/// unnamed one: after its members).
fn made_name(name: &Option<Name>, members: &[Name]) -> String {
    name.as_ref().map_or_else(
        || {
            members
                .iter()
                .map(|m| m.text.as_str())
                .collect::<Vec<_>>()
                .join("–")
        },
        |n| n.text.clone(),
    )
}

impl Checker {
    /// Notes the alliances every `at` block of a whole file makes before checking it:
    /// the timeline applies blocks in time order, so a block may end an alliance that a
    /// block written after it (earlier in time) makes. Ending one before it is made is
    /// caught when the timeline is applied.
    pub(super) fn note_made_alliances(&mut self, stmts: &[Stmt]) {
        for s in stmts {
            if let StmtKind::At { events, .. } = &s.kind {
                for e in events {
                    if let StmtKind::Alliance { name, members, .. } = &e.kind {
                        self.state.made.insert(made_name(name, members));
                    }
                }
            }
        }
    }
}
