//! The statements that fit on one line, as text: keywords in lower case, names and
//! numbers as written, a state's attributes in the stable order.

use super::{Printer, join, rank};
use crate::format::layout::Body;
use crate::span::Span;
use crate::syntax::ast::*;

impl Printer<'_> {
    pub(super) fn sorted_attrs(&self, d: &StateDecl) -> Vec<String> {
        let mut attrs: Vec<&(StateAttr, Span)> = d.attrs.iter().collect();
        attrs.sort_by_key(|a| rank(&a.0));
        attrs.iter().map(|a| self.attr(&a.0)).collect()
    }

    pub(super) fn state_line(&self, d: &StateDecl) -> Body {
        Body::State {
            head: format!("state {}", self.name(&d.name)),
            attrs: self.sorted_attrs(d),
        }
    }

    /// What follows an alliance's `}`: ` type … reliability r`, in that order.
    pub(super) fn alliance_tail(
        &self,
        types: &[PactClause],
        reliability: &Option<Amount>,
    ) -> String {
        let mut t = String::new();
        if !types.is_empty() {
            let clauses = types.iter().map(|c| {
                if c.by.is_empty() {
                    self.name(&c.kind)
                } else {
                    format!("{} by {}", self.name(&c.kind), self.names(&c.by))
                }
            });
            t.push_str(&format!(" type {}", join(clauses, " and ")));
        }
        if let Some(r) = reliability {
            t.push_str(&format!(" reliability {}", self.amount(r)));
        }
        t
    }

    pub(super) fn attr(&self, a: &StateAttr) -> String {
        match a {
            StateAttr::Power(n) => format!("power {}", self.amount(n)),
            StateAttr::Ideology(n) => format!("ideology {}", self.name(n)),
            StateAttr::Offense(n) => format!("offense {}", self.amount(n)),
            StateAttr::At(a, b) => format!("at {}, {}", self.num(a), self.num(b)),
            StateAttr::Doctrine(n) => format!("doctrine {}", self.name(n)),
        }
    }

    pub(super) fn game_item(&self, g: &GameItem) -> Body {
        let text = match g {
            GameItem::Players(ns) => format!("players {}", self.names(ns)),
            GameItem::Strategies {
                player, strategies, ..
            } => match player {
                Some(p) => format!("strategies {}: {}", self.name(p), self.names(strategies)),
                None => format!("strategies {}", self.names(strategies)),
            },
            GameItem::OutcomeValues(vs) => format!(
                "outcomes {}",
                join(
                    vs.iter()
                        .map(|(n, v)| format!("{} = {}", self.name(n), self.num(v))),
                    ", "
                )
            ),
            GameItem::OutcomeRanking(tiers) => format!(
                "outcomes {}",
                join(
                    tiers
                        .iter()
                        .map(|t| join(t.iter().map(|n| self.name(n)), " = ")),
                    " > "
                )
            ),
            // Printed as a block of moves by `Printer::tree_node`.
            GameItem::Tree { span, .. } => self.text(*span).to_string(),
            GameItem::Row {
                profile, payoffs, ..
            } => {
                return Body::Row {
                    profile: profile.iter().map(|n| self.name(n)).collect(),
                    payoffs: payoffs
                        .iter()
                        .map(|p| match p {
                            Payoff::Number(n) => self.num(n),
                            Payoff::Outcome(n) => self.name(n),
                        })
                        .collect(),
                };
            }
        };
        Body::Code(text)
    }

    /// A statement on one line.
    pub(super) fn line(&self, s: &Stmt) -> String {
        let n = |x: &Name| self.name(x);
        let v = |x: &Num| self.num(x);
        let a = |x: &Amount| self.amount(x);
        match &s.kind {
            StmtKind::Scenario(t) => format!("scenario {}", n(t)),
            StmtKind::Ideology(ns) => format!("ideology {}", self.names(ns)),
            StmtKind::Affinity { a, b, value } => {
                format!("affinity {} ~ {} = {}", n(a), n(b), self.amount(value))
            }
            StmtKind::State(d) => {
                let attrs = self.sorted_attrs(d);
                if attrs.is_empty() {
                    format!("state {}", n(&d.name))
                } else {
                    format!("state {} {{ {} }}", n(&d.name), attrs.join("  "))
                }
            }
            StmtKind::Border { a, b } => format!("border {} ~ {}", n(a), n(b)),
            StmtKind::Distance { a, b, value } => {
                format!("distance {} ~ {} = {}", n(a), n(b), self.amount(value))
            }
            StmtKind::Threat { from, to, level } => match level {
                Some(l) => format!("threat {} -> {} {}", n(from), n(to), a(l)),
                None => format!("threat {} -> {}", n(from), n(to)),
            },
            StmtKind::Offer { from, to, amount } => {
                format!("offer {} -> {} {}", n(from), n(to), a(amount))
            }
            StmtKind::Alliance {
                name,
                members,
                reliability,
                types,
            } => {
                let mut t = String::from("alliance");
                if let Some(name) = name {
                    t.push(' ');
                    t.push_str(&n(name));
                }
                t.push_str(&format!(" {{ {} }}", self.names(members)));
                t.push_str(&self.alliance_tail(types, reliability));
                t
            }
            StmtKind::EndAlliance(a) => format!("end alliance {}", n(a)),
            StmtKind::EndThreat { from, to } => format!("end threat {} -> {}", n(from), n(to)),
            StmtKind::Model(terms) => format!(
                "model {}",
                join(
                    terms.iter().map(|t| match &t.weight {
                        Some(Weight::Number(w)) => format!("{} {}", n(&t.model), v(w)),
                        Some(Weight::Name(w)) => format!("{} {}", n(&t.model), n(w)),
                        None => n(&t.model),
                    }),
                    ", "
                )
            ),
            StmtKind::Blocs { count, neutral } => format!(
                "blocs {}{}",
                v(count),
                if *neutral { ", neutral" } else { "" }
            ),
            StmtKind::Propensity { a, b, value } => {
                format!("propensity {} ~ {} = {}", n(a), n(b), self.amount(value))
            }
            StmtKind::Expect(e) => match e {
                Expectation::With(a, b) => format!("expect {} with {}", n(a), n(b)),
                Expectation::Likely(a, b) => format!("expect {} with {} likely", n(a), n(b)),
                Expectation::Against(a, b) => format!("expect {} against {}", n(a), n(b)),
                Expectation::Indifferent(a) => format!("expect {} indifferent", n(a)),
                Expectation::Neutral(a) => format!("expect {} neutral", n(a)),
                Expectation::BiggestThreat { target, threat } => {
                    format!("expect biggest threat to {} is {}", n(target), n(threat))
                }
                Expectation::Equilibria { game, count } => {
                    format!("expect equilibria of {} = {}", n(game), v(count))
                }
                Expectation::Profile {
                    test,
                    game,
                    profile,
                } => format!(
                    "expect {} of {} is {}",
                    match test {
                        ProfileTest::Equilibrium => "equilibrium",
                        ProfileTest::PayoffDominant => "payoff dominant",
                        ProfileTest::RiskDominant => "risk dominant",
                    },
                    n(game),
                    join(profile.iter().map(n), ", ")
                ),
                Expectation::StableCount(c) => format!("expect stable alignments = {}", v(c)),
                Expectation::PriceBetween {
                    target,
                    buyer,
                    low,
                    high,
                } => format!(
                    "expect price of {} for {} between {} and {}",
                    n(target),
                    n(buyer),
                    v(low),
                    v(high)
                ),
                Expectation::Deterred {
                    attacker,
                    target,
                    deterred,
                } => format!(
                    "expect {} {}deterred from {}",
                    n(attacker),
                    if *deterred { "" } else { "not " },
                    n(target)
                ),
                Expectation::Switches { state, time } => format!(
                    "expect {} switches at {}",
                    state.as_ref().map_or_else(|| "nobody".to_string(), n),
                    v(time)
                ),
                Expectation::Balance { even } => format!(
                    "expect balance {}",
                    if *even { "fairly even" } else { "overwhelming" }
                ),
                Expectation::Value {
                    quantity,
                    value,
                    tolerance,
                } => {
                    let q = match quantity {
                        Quantity::Threat { from, to } => {
                            format!("threat of {} to {}", n(from), n(to))
                        }
                        Quantity::Weight { from, to } => {
                            format!("weight of {} to {}", n(from), n(to))
                        }
                        Quantity::Price { target, buyer } => {
                            format!("price of {} for {}", n(target), n(buyer))
                        }
                        Quantity::Energy => "energy".to_string(),
                        Quantity::CostOfLeaving(x) => format!("cost of leaving {}", n(x)),
                        Quantity::BalanceRatio => "ratio of balance".to_string(),
                        Quantity::AttackRatio { attacker, target } => {
                            format!("ratio of {} attacking {}", n(attacker), n(target))
                        }
                        Quantity::Basin(k) => format!("basin of stable {}", v(k)),
                        Quantity::ChanceWith(a, b) => format!("chance of {} with {}", n(a), n(b)),
                        Quantity::ChanceDeterred { attacker, target } => {
                            format!("chance of {} deterred from {}", n(attacker), n(target))
                        }
                    };
                    match tolerance {
                        Some(t) => format!("expect {q} = {} ± {}", v(value), v(t)),
                        None => format!("expect {q} = {}", v(value)),
                    }
                }
                Expectation::Tree {
                    test,
                    game,
                    actions,
                } => format!(
                    "expect {} of {} is {}",
                    match test {
                        TreeTest::SubgamePerfect => "subgame perfect",
                        TreeTest::Path => "path",
                    },
                    n(game),
                    join(actions.iter().map(n), ", ")
                ),
                Expectation::SubgamePerfectCount { game, count } => {
                    format!("expect subgame perfect of {} = {}", n(game), v(count))
                }
            },
            StmtKind::Battle {
                winner,
                loser,
                loss,
            } => match loss {
                Some(l) => format!("battle {} defeats {} loss {}", n(winner), n(loser), v(l)),
                None => format!("battle {} defeats {}", n(winner), n(loser)),
            },
            StmtKind::Turmoil { state, ideology } => {
                format!("turmoil {} -> {}", n(state), n(ideology))
            }
            StmtKind::Leave(x) => format!("leave {}", n(x)),
            StmtKind::Power { state, value } => format!("power {} = {}", n(state), a(value)),
            StmtKind::ProximityDefault(x) => format!("proximity default {}", v(x)),
            StmtKind::Draws(x) => format!("draws {}", v(x)),
            StmtKind::Seed(x) => format!("seed {}", v(x)),
            StmtKind::LatentIntent(x) => format!("latent intent {}", a(x)),
            StmtKind::Query(q) => format!("{}?", self.query(&q.kind)),
            // Blocks are printed by `stmt`; these only appear here inside a `what if`,
            // where the grammar does not allow them.
            StmtKind::At { .. } | StmtKind::Game(_) => self.text(s.span).to_string(),
            // Only a file with syntax errors has these, and such a file is not formatted.
            StmtKind::Unreadable(_) => self.text(s.span).to_string(),
        }
    }

    pub(super) fn query(&self, q: &QueryKind) -> String {
        let n = |x: &Name| self.name(x);
        match q {
            QueryKind::WhoAllies => "who allies with whom".into(),
            QueryKind::AlliesOf(x) => format!("allies of {}", n(x)),
            QueryKind::EnemiesOf(x) => format!("enemies of {}", n(x)),
            QueryKind::Why(x) => format!("why {}", n(x)),
            QueryKind::BiggestThreat(x) => format!("biggest threat to {}", n(x)),
            QueryKind::ThreatsTo(x) => format!("threats to {}", n(x)),
            QueryKind::Stable => "stable alignments".into(),
            QueryKind::Compare => "compare models".into(),
            QueryKind::Balance => "balance of power".into(),
            QueryKind::WhatIf(event) => {
                let written_as_statement = self
                    .tokens_in(event.span)
                    .first()
                    .is_some_and(|t| self.text(t.span).eq_ignore_ascii_case("threat"));
                match &event.kind {
                    StmtKind::Threat { from, to, level } if !written_as_statement => match level {
                        Some(l) => {
                            format!("what if {} threatens {} {}", n(from), n(to), self.amount(l))
                        }
                        None => format!("what if {} threatens {}", n(from), n(to)),
                    },
                    _ => format!("what if {}", self.line(event)),
                }
            }
            QueryKind::Price { target, buyer } => {
                format!("price of {} for {}", n(target), n(buyer))
            }
            QueryKind::WouldAttack { attacker, target } => {
                format!("would {} attack {}", n(attacker), n(target))
            }
            QueryKind::Timeline => "timeline".into(),
            QueryKind::Equilibria(g) => format!("equilibria of {}", n(g)),
            QueryKind::Dominant(g) => format!("dominant strategies of {}", n(g)),
            QueryKind::BestResponses(g) => format!("best responses of {}", n(g)),
            QueryKind::SubgamePerfect(g) => format!("subgame perfect equilibria of {}", n(g)),
            QueryKind::Path(g) => format!("path of {}", n(g)),
            QueryKind::StrategicForm(g) => format!("strategic form of {}", n(g)),
            QueryKind::LikelyWith(a, b) => format!("how likely is {} with {}", n(a), n(b)),
            QueryKind::LikelyDeterred { attacker, target } => {
                format!("how likely is {} deterred from {}", n(attacker), n(target))
            }
            QueryKind::Chances => "chances of alignments".into(),
            QueryKind::Decides(x) => format!("what decides {}", n(x)),
        }
    }
}
