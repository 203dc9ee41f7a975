//! Every place a declared name is written: its declarations and its uses, by kind, for
//! go to definition, find references, rename and document symbols.

use ally_core::span::Span;
use ally_core::syntax::ast::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    State,
    Ideology,
    Alliance,
    Game,
    /// Players, strategies and outcomes belong to one game (the occurrence's scope).
    Player,
    Strategy,
    Outcome,
}

impl Kind {
    pub fn noun(self) -> &'static str {
        match self {
            Kind::State => "state",
            Kind::Ideology => "ideology",
            Kind::Alliance => "alliance",
            Kind::Game => "game",
            Kind::Player => "player",
            Kind::Strategy => "strategy",
            Kind::Outcome => "outcome",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Occurrence {
    pub kind: Kind,
    /// The game a player, strategy or outcome belongs to.
    pub scope: Option<String>,
    pub name: String,
    pub span: Span,
    pub declares: bool,
}

impl Occurrence {
    /// Whether two occurrences name the same thing.
    pub fn same(&self, other: &Occurrence) -> bool {
        self.kind == other.kind && self.scope == other.scope && self.name == other.name
    }
}

/// Every occurrence of a declared name, in source order.
pub fn occurrences(stmts: &[Stmt]) -> Vec<Occurrence> {
    let mut w = Walker::default();
    for s in stmts {
        w.stmt(s);
    }
    w.out.sort_by_key(|o| o.span.start);
    w.out
}

/// The occurrence under `offset` (or ending at it).
pub fn at(occs: &[Occurrence], offset: usize) -> Option<&Occurrence> {
    occs.iter()
        .find(|o| o.span.start <= offset && offset < o.span.end)
        .or_else(|| occs.iter().find(|o| o.span.end == offset))
}

/// Where `occ`'s name is declared (the first declaration).
pub fn definition<'a>(occs: &'a [Occurrence], occ: &Occurrence) -> Option<&'a Occurrence> {
    occs.iter().find(|o| o.declares && o.same(occ))
}

pub fn references<'a>(
    occs: &'a [Occurrence],
    occ: &'a Occurrence,
) -> impl Iterator<Item = &'a Occurrence> {
    occs.iter().filter(move |o| o.same(occ))
}

#[derive(Default)]
struct Walker {
    out: Vec<Occurrence>,
    game: Option<String>,
}

impl Walker {
    fn add(&mut self, kind: Kind, n: &Name, declares: bool) {
        if n.text.is_empty() {
            return;
        }
        let scope = match kind {
            Kind::Player | Kind::Strategy | Kind::Outcome => self.game.clone(),
            _ => None,
        };
        self.out.push(Occurrence {
            kind,
            scope,
            name: n.text.clone(),
            span: n.span,
            declares,
        });
    }
    fn states(&mut self, names: &[&Name]) {
        for n in names {
            self.add(Kind::State, n, false);
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        match &s.kind {
            // An unreadable declaration's names span its whole line: not a place to rename.
            StmtKind::Scenario(_)
            | StmtKind::Model(_)
            | StmtKind::Blocs { .. }
            | StmtKind::Unreadable(_) => {}
            StmtKind::Ideology(ns) => ns.iter().for_each(|n| self.add(Kind::Ideology, n, true)),
            StmtKind::Affinity { a, b, .. } => {
                self.add(Kind::Ideology, a, false);
                self.add(Kind::Ideology, b, false);
            }
            StmtKind::State(d) => {
                self.add(Kind::State, &d.name, true);
                for (a, _) in &d.attrs {
                    if let StateAttr::Ideology(i) = a {
                        self.add(Kind::Ideology, i, false);
                    }
                }
            }
            StmtKind::Border { a, b }
            | StmtKind::Distance { a, b, .. }
            | StmtKind::Propensity { a, b, .. } => self.states(&[a, b]),
            StmtKind::Threat { from, to, .. }
            | StmtKind::Offer { from, to, .. }
            | StmtKind::EndThreat { from, to } => self.states(&[from, to]),
            StmtKind::Alliance {
                name,
                members,
                types,
                ..
            } => {
                if let Some(n) = name {
                    self.add(Kind::Alliance, n, true);
                }
                members.iter().for_each(|m| self.add(Kind::State, m, false));
                // `type defense by A`: a use of A, renamed with it.
                for c in types {
                    c.by.iter().for_each(|m| self.add(Kind::State, m, false));
                }
            }
            StmtKind::EndAlliance(n) => self.add(Kind::Alliance, n, false),
            StmtKind::At { events, .. } => events.iter().for_each(|e| self.stmt(e)),
            StmtKind::Expect(e) => match e {
                Expectation::With(a, b)
                | Expectation::Against(a, b)
                | Expectation::Likely(a, b) => self.states(&[a, b]),
                Expectation::Indifferent(a) | Expectation::Neutral(a) => self.states(&[a]),
                Expectation::BiggestThreat { target, threat } => self.states(&[target, threat]),
                Expectation::Equilibria { game, .. } => self.add(Kind::Game, game, false),
                // Strategies are not symbols of their own.
                Expectation::Profile { game, .. } => self.add(Kind::Game, game, false),
                Expectation::PriceBetween { target, buyer, .. } => self.states(&[target, buyer]),
                Expectation::Deterred {
                    attacker, target, ..
                } => self.states(&[attacker, target]),
                Expectation::Switches {
                    state: Some(state), ..
                } => self.states(&[state]),
                Expectation::Value { quantity, .. } => {
                    self.states(&quantity.states());
                }
                Expectation::Tree { game, .. } | Expectation::SubgamePerfectCount { game, .. } => {
                    self.add(Kind::Game, game, false);
                }
                Expectation::StableCount(_)
                | Expectation::Switches { state: None, .. }
                | Expectation::Balance { .. } => {}
            },
            StmtKind::Game(g) => self.game_decl(g),
            StmtKind::Battle { winner, loser, .. } => self.states(&[winner, loser]),
            StmtKind::Turmoil { state, ideology } => {
                self.add(Kind::State, state, false);
                self.add(Kind::Ideology, ideology, false);
            }
            StmtKind::Leave(n) | StmtKind::Power { state: n, .. } => {
                self.add(Kind::State, n, false)
            }
            StmtKind::ProximityDefault(_)
            | StmtKind::Draws(_)
            | StmtKind::Seed(_)
            | StmtKind::LatentIntent(_) => {}
            StmtKind::Query(q) => self.query(&q.kind),
        }
    }

    fn query(&mut self, q: &QueryKind) {
        match q {
            QueryKind::AlliesOf(n)
            | QueryKind::EnemiesOf(n)
            | QueryKind::Why(n)
            | QueryKind::BiggestThreat(n)
            | QueryKind::ThreatsTo(n)
            | QueryKind::Decides(n) => self.states(&[n]),
            QueryKind::LikelyWith(a, b) => self.states(&[a, b]),
            QueryKind::LikelyDeterred { attacker, target } => self.states(&[attacker, target]),
            QueryKind::Price { target, buyer } => self.states(&[target, buyer]),
            QueryKind::WouldAttack { attacker, target } => self.states(&[attacker, target]),
            QueryKind::WhatIf(e) => {
                // The event of a `what if` uses names; a state it brings in is not a
                // declaration of the file.
                let before = self.out.len();
                self.stmt(e);
                for o in &mut self.out[before..] {
                    o.declares = false;
                }
            }
            QueryKind::Equilibria(g)
            | QueryKind::Dominant(g)
            | QueryKind::BestResponses(g)
            | QueryKind::SubgamePerfect(g)
            | QueryKind::Path(g)
            | QueryKind::StrategicForm(g) => self.add(Kind::Game, g, false),
            QueryKind::WhoAllies
            | QueryKind::Stable
            | QueryKind::Compare
            | QueryKind::Balance
            | QueryKind::Timeline
            | QueryKind::Chances => {}
        }
    }

    fn game_decl(&mut self, g: &GameDecl) {
        self.add(Kind::Game, &g.name, true);
        self.game = Some(g.name.text.clone());
        for item in &g.items {
            match item {
                GameItem::Players(ps) => ps.iter().for_each(|p| self.add(Kind::Player, p, true)),
                GameItem::Strategies {
                    player, strategies, ..
                } => {
                    if let Some(p) = player {
                        self.add(Kind::Player, p, false);
                    }
                    strategies
                        .iter()
                        .for_each(|s| self.add(Kind::Strategy, s, true));
                }
                GameItem::OutcomeValues(vs) => vs
                    .iter()
                    .for_each(|(n, _)| self.add(Kind::Outcome, n, true)),
                GameItem::OutcomeRanking(tiers) => tiers
                    .iter()
                    .flatten()
                    .for_each(|n| self.add(Kind::Outcome, n, true)),
                GameItem::Tree { root, .. } => self.tree_node(root),
                GameItem::Row {
                    profile, payoffs, ..
                } => {
                    profile
                        .iter()
                        .for_each(|s| self.add(Kind::Strategy, s, false));
                    for p in payoffs {
                        if let Payoff::Outcome(n) = p {
                            self.add(Kind::Outcome, n, false);
                        }
                    }
                }
            }
        }
        self.game = None;
    }

    /// The players and outcomes a tree uses (moves are not symbols of their own).
    fn tree_node(&mut self, root: &TreeNode) {
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            match &n.kind {
                NodeKind::Leaf(payoffs) => {
                    for p in payoffs {
                        if let Payoff::Outcome(o) = p {
                            self.add(Kind::Outcome, o, false);
                        }
                    }
                }
                NodeKind::Player { player, moves, .. } => {
                    self.add(Kind::Player, player, false);
                    stack.extend(moves.iter().rev().map(|m| &m.child));
                }
                NodeKind::Chance(moves) => stack.extend(moves.iter().rev().map(|m| &m.child)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_and_uses() {
        let src = "ideology red\nstate A { ideology red }\nstate B\nthreat A -> B\n\
                   alliance X { A, B }\nat 2 { end alliance X }\nwhy A?\n\
                   game G { players P, Q\n strategies S, T\n S, S -> 1, 1 }\nequilibria of G?\n";
        let (stmts, d) = ally_core::syntax::parse(src);
        assert!(d.is_empty(), "{d:?}");
        let occs = occurrences(&stmts);
        let a = at(&occs, src.find("why A").unwrap() + 4).expect("A in the query");
        assert_eq!(
            (a.kind, a.name.as_str(), a.declares),
            (Kind::State, "A", false)
        );
        let def = definition(&occs, a).expect("declared");
        assert_eq!(def.span.start, src.find("state A").unwrap() + 6);
        assert_eq!(references(&occs, a).count(), 4);
        let x = at(&occs, src.find("alliance X }").unwrap() + 9).expect("X");
        assert_eq!(x.kind, Kind::Alliance);
        assert_eq!(references(&occs, x).count(), 2);
        let g = at(&occs, src.rfind('G').unwrap()).expect("G");
        assert!(definition(&occs, g).is_some_and(|d| d.kind == Kind::Game));
        let s = at(&occs, src.find("S, S").unwrap()).expect("S");
        assert_eq!((s.kind, s.scope.as_deref()), (Kind::Strategy, Some("G")));
        assert_eq!(references(&occs, s).count(), 3);
        // A state named after `by` in an alliance's type is a use of it.
        let src = "state A\nstate B\nalliance { A, B } type defense by A\n";
        let (stmts, d) = ally_core::syntax::parse(src);
        assert!(d.is_empty(), "{d:?}");
        let occs = occurrences(&stmts);
        let a = at(&occs, src.rfind('A').unwrap()).expect("A after by");
        assert_eq!((a.kind, a.declares), (Kind::State, false));
        assert_eq!(references(&occs, a).count(), 3);
    }
}
