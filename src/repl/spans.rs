//! Moving a parsed entry into the session's coordinates.
//!
//! Every entry of a session (a typed line, a block, a loaded file) is appended to one
//! growing text, and its statements are parsed on their own and then shifted by the
//! entry's offset. The checker keeps spans across entries ("first declared here"), so
//! they must all point into the same text.

use ally_core::diagnostics::Diag;
use ally_core::span::Span;
use ally_core::syntax::ast::*;

pub fn diag(d: &mut Diag, by: usize) {
    span(&mut d.span, by);
    for (s, _) in &mut d.related {
        span(s, by);
    }
}

pub fn stmt(s: &mut Stmt, by: usize) {
    span(&mut s.span, by);
    match &mut s.kind {
        StmtKind::Scenario(n) | StmtKind::EndAlliance(n) | StmtKind::Leave(n) => name(n, by),
        StmtKind::Power { state, value } => {
            name(state, by);
            amount(value, by);
        }
        StmtKind::ProximityDefault(x) | StmtKind::Draws(x) | StmtKind::Seed(x) => num(x, by),
        StmtKind::LatentIntent(x) => amount(x, by),
        StmtKind::Ideology(ns) => names(ns, by),
        StmtKind::Unreadable(ns) => ns.iter_mut().for_each(|(_, n)| name(n, by)),
        StmtKind::Affinity { a, b, value }
        | StmtKind::Distance { a, b, value }
        | StmtKind::Propensity { a, b, value } => {
            name(a, by);
            name(b, by);
            amount(value, by);
        }
        StmtKind::Border { a, b } | StmtKind::EndThreat { from: a, to: b } => {
            name(a, by);
            name(b, by);
        }
        StmtKind::State(decl) => {
            name(&mut decl.name, by);
            for (attr, s) in &mut decl.attrs {
                span(s, by);
                match attr {
                    StateAttr::Power(n) | StateAttr::Offense(n) => amount(n, by),
                    StateAttr::Ideology(n) | StateAttr::Doctrine(n) => name(n, by),
                    StateAttr::At(a, b) => {
                        num(a, by);
                        num(b, by);
                    }
                }
            }
        }
        StmtKind::Threat { from, to, level } => {
            name(from, by);
            name(to, by);
            if let Some(l) = level {
                amount(l, by);
            }
        }
        StmtKind::Offer {
            from,
            to,
            amount: a,
        } => {
            name(from, by);
            name(to, by);
            amount(a, by);
        }
        StmtKind::Alliance {
            name: n,
            members,
            reliability,
            types,
        } => {
            if let Some(n) = n {
                name(n, by);
            }
            names(members, by);
            for c in types {
                name(&mut c.kind, by);
                names(&mut c.by, by);
            }
            if let Some(r) = reliability {
                amount(r, by);
            }
        }
        StmtKind::Model(terms) => {
            for t in terms {
                name(&mut t.model, by);
                match &mut t.weight {
                    Some(Weight::Number(n)) => num(n, by),
                    Some(Weight::Name(n)) => name(n, by),
                    None => {}
                }
            }
        }
        StmtKind::Blocs { count, .. } => num(count, by),
        StmtKind::At { time, events } => {
            num(time, by);
            for e in events {
                stmt(e, by);
            }
        }
        StmtKind::Expect(e) => match e {
            Expectation::With(a, b) | Expectation::Against(a, b) | Expectation::Likely(a, b) => {
                name(a, by);
                name(b, by);
            }
            Expectation::Indifferent(a) | Expectation::Neutral(a) => name(a, by),
            Expectation::BiggestThreat { target, threat } => {
                name(target, by);
                name(threat, by);
            }
            Expectation::Equilibria { game, count } => {
                name(game, by);
                num(count, by);
            }
            Expectation::Profile { game, profile, .. } => {
                name(game, by);
                names(profile, by);
            }
            Expectation::StableCount(n) => num(n, by),
            Expectation::PriceBetween {
                target,
                buyer,
                low,
                high,
            } => {
                name(target, by);
                name(buyer, by);
                num(low, by);
                num(high, by);
            }
            Expectation::Deterred {
                attacker, target, ..
            } => {
                name(attacker, by);
                name(target, by);
            }
            Expectation::Switches { state, time } => {
                if let Some(s) = state {
                    name(s, by);
                }
                num(time, by);
            }
            Expectation::Balance { .. } => {}
            Expectation::Value {
                quantity,
                value,
                tolerance,
            } => {
                for state in quantity.states_mut() {
                    name(state, by);
                }
                if let Quantity::Basin(k) = quantity {
                    num(k, by);
                }
                num(value, by);
                if let Some(t) = tolerance {
                    num(t, by);
                }
            }
            Expectation::Tree { game, actions, .. } => {
                name(game, by);
                names(actions, by);
            }
            Expectation::SubgamePerfectCount { game, count } => {
                name(game, by);
                num(count, by);
            }
        },
        StmtKind::Game(g) => {
            name(&mut g.name, by);
            for item in &mut g.items {
                match item {
                    GameItem::Players(ns) => names(ns, by),
                    GameItem::Strategies {
                        player,
                        strategies,
                        span: s,
                    } => {
                        if let Some(p) = player {
                            name(p, by);
                        }
                        names(strategies, by);
                        span(s, by);
                    }
                    GameItem::OutcomeValues(vs) => {
                        for (n, v) in vs {
                            name(n, by);
                            num(v, by);
                        }
                    }
                    GameItem::OutcomeRanking(tiers) => {
                        for t in tiers {
                            names(t, by);
                        }
                    }
                    GameItem::Row {
                        profile,
                        payoffs,
                        span: s,
                    } => {
                        names(profile, by);
                        for p in payoffs {
                            match p {
                                Payoff::Number(n) => num(n, by),
                                Payoff::Outcome(n) => name(n, by),
                            }
                        }
                        span(s, by);
                    }
                    GameItem::Tree { root, span: s } => {
                        tree_node(root, by);
                        span(s, by);
                    }
                }
            }
        }
        StmtKind::Battle {
            winner,
            loser,
            loss,
        } => {
            name(winner, by);
            name(loser, by);
            if let Some(l) = loss {
                num(l, by);
            }
        }
        StmtKind::Turmoil { state, ideology } => {
            name(state, by);
            name(ideology, by);
        }
        StmtKind::Query(q) => query(&mut q.kind, by),
    }
}

fn query(k: &mut QueryKind, by: usize) {
    match k {
        QueryKind::WhoAllies
        | QueryKind::Stable
        | QueryKind::Compare
        | QueryKind::Balance
        | QueryKind::Chances => {}
        QueryKind::Timeline => {}
        QueryKind::AlliesOf(n)
        | QueryKind::EnemiesOf(n)
        | QueryKind::Why(n)
        | QueryKind::BiggestThreat(n)
        | QueryKind::ThreatsTo(n)
        | QueryKind::Equilibria(n)
        | QueryKind::Dominant(n)
        | QueryKind::BestResponses(n)
        | QueryKind::SubgamePerfect(n)
        | QueryKind::Path(n)
        | QueryKind::StrategicForm(n)
        | QueryKind::Decides(n) => name(n, by),
        QueryKind::WhatIf(s) => stmt(s, by),
        QueryKind::Price { target, buyer } => {
            name(target, by);
            name(buyer, by);
        }
        QueryKind::WouldAttack { attacker, target }
        | QueryKind::LikelyDeterred { attacker, target }
        | QueryKind::LikelyWith(attacker, target) => {
            name(attacker, by);
            name(target, by);
        }
    }
}

fn span(s: &mut Span, by: usize) {
    s.start += by;
    s.end += by;
}

fn name(n: &mut Name, by: usize) {
    span(&mut n.span, by);
}

fn names(ns: &mut [Name], by: usize) {
    for n in ns {
        name(n, by);
    }
}

fn num(n: &mut Num, by: usize) {
    span(&mut n.span, by);
}

/// A node of a game tree and every node below it (depth capped by the parser).
fn tree_node(n: &mut TreeNode, by: usize) {
    span(&mut n.span, by);
    match &mut n.kind {
        NodeKind::Leaf(payoffs) => {
            for p in payoffs {
                match p {
                    Payoff::Number(x) => num(x, by),
                    Payoff::Outcome(x) => name(x, by),
                }
            }
        }
        NodeKind::Player { player, set, moves } => {
            name(player, by);
            if let Some(s) = set {
                name(s, by);
            }
            tree_moves(moves, by);
        }
        NodeKind::Chance(moves) => tree_moves(moves, by),
    }
}

fn tree_moves(moves: &mut [TreeMove], by: usize) {
    for m in moves {
        name(&mut m.action, by);
        if let Some(p) = &mut m.probability {
            num(p, by);
        }
        span(&mut m.span, by);
        tree_node(&mut m.child, by);
    }
}

fn amount(a: &mut Amount, by: usize) {
    num(&mut a.low, by);
    if let Some(h) = &mut a.high {
        num(h, by);
    }
}
