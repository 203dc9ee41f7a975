//! The one traversal of the AST: every statement, down to `at` blocks' events, a
//! `what if`'s event, game blocks' rows and every node of their trees, handing each name
//! (with what it names, and whether this place declares it) and every other span to the
//! caller.
//!
//! The REPL moves an entry's spans with it, the language server reads the names' roles
//! for its symbols, and the formatter's verifier blanks every span before comparing two
//! parses. Keeping the walk in one place means a new AST node is reached by all three
//! once it is added here (the test below fails for a span the walk misses).
//!
//! There is one walk, over `&mut`: [`walk_mut`]. Readers ([`walk`]) walk a clone of each
//! statement; a statement's clone costs about what parsing it did, which the language
//! server (the only reader) pays once per edit, whereas a second, read-only copy of the
//! walk (or a macro generating both) would be the duplication this module removes.

use super::ast::*;
use crate::span::Span;

/// What a name names, as the place it is written says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role<'a> {
    /// `scenario "Title"`.
    Title,
    State,
    Ideology,
    /// A state's `doctrine NAME`.
    Doctrine,
    Alliance,
    /// The obligation of an alliance's `type` (`defense`).
    PactType,
    /// A model of `model …`, or a name written where its weight belongs.
    Model,
    Game,
    /// Players, strategies and outcomes belong to one game, named by `game`.
    Player {
        game: &'a str,
    },
    Strategy {
        game: &'a str,
    },
    Outcome {
        game: &'a str,
    },
    /// A strategy of a profile an expectation names (`expect equilibrium of G is A, B`).
    Profile {
        game: &'a str,
    },
    /// A move of a game's tree, or one an expectation about a tree names.
    Move {
        game: &'a str,
    },
    /// The information set of a tree's decision node (`P in "set" { … }`).
    InfoSet {
        game: &'a str,
    },
    /// A name an unreadable declaration would have declared.
    Unreadable(Declares),
}

/// A place the walk hands to its caller.
#[derive(Debug)]
pub enum Node<'a> {
    /// A name; its span is reached only through it.
    Name {
        name: &'a mut Name,
        role: Role<'a>,
        /// Whether this place declares the name (never inside a `what if`'s event).
        declares: bool,
    },
    /// Any other span: a statement's, a number's, a state attribute's, a game item's, a
    /// tree node's or move's.
    Span(&'a mut Span),
}

impl<'a> Node<'a> {
    /// The span of the place, a name's included.
    pub fn span(self) -> &'a mut Span {
        match self {
            Node::Name { name, .. } => &mut name.span,
            Node::Span(s) => s,
        }
    }
}

/// Walks `stmt`, handing every name and every other span of it to `f`, each once.
pub fn walk_mut(stmt: &mut Stmt, f: &mut impl FnMut(Node<'_>)) {
    Walker { f, declaring: true }.stmt(stmt);
}

/// [`walk_mut`] for readers: each statement is walked in a clone, so what `f` may change
/// is thrown away.
pub fn walk(stmts: &[Stmt], f: &mut impl FnMut(Node<'_>)) {
    for s in stmts {
        walk_mut(&mut s.clone(), f);
    }
}

/// Every span of `stmt`, names' included, each once.
pub fn spans_mut(stmt: &mut Stmt, mut f: impl FnMut(&mut Span)) {
    walk_mut(stmt, &mut |n| f(n.span()));
}

struct Walker<'f, F> {
    f: &'f mut F,
    /// False inside a `what if`'s event, whose names declare nothing in the file.
    declaring: bool,
}

/// The work left in a game tree, walked with a stack: trees nest up to the parser's depth
/// cap, and a loop keeps the walk's own depth flat whatever that cap becomes.
enum Work<'a> {
    Node(&'a mut TreeNode),
    Move(&'a mut TreeMove),
}

impl<F: FnMut(Node<'_>)> Walker<'_, F> {
    fn span(&mut self, s: &mut Span) {
        (self.f)(Node::Span(s));
    }

    fn name(&mut self, name: &mut Name, role: Role<'_>, declares: bool) {
        let declares = declares && self.declaring;
        (self.f)(Node::Name {
            name,
            role,
            declares,
        });
    }

    fn uses(&mut self, names: &mut [Name], role: Role<'_>) {
        names.iter_mut().for_each(|n| self.name(n, role, false));
    }

    fn num(&mut self, n: &mut Num) {
        self.span(&mut n.span);
    }

    fn amount(&mut self, a: &mut Amount) {
        self.num(&mut a.low);
        if let Some(h) = &mut a.high {
            self.num(h);
        }
    }

    fn stmt(&mut self, s: &mut Stmt) {
        self.span(&mut s.span);
        match &mut s.kind {
            StmtKind::Scenario(n) => self.name(n, Role::Title, true),
            StmtKind::Ideology(ns) => ns
                .iter_mut()
                .for_each(|n| self.name(n, Role::Ideology, true)),
            StmtKind::Affinity { a, b, value } => {
                self.name(a, Role::Ideology, false);
                self.name(b, Role::Ideology, false);
                self.amount(value);
            }
            StmtKind::State(d) => self.state(d),
            StmtKind::Border { a, b } | StmtKind::EndThreat { from: a, to: b } => {
                self.name(a, Role::State, false);
                self.name(b, Role::State, false);
            }
            StmtKind::Distance { a, b, value }
            | StmtKind::Propensity { a, b, value }
            | StmtKind::Offer {
                from: a,
                to: b,
                amount: value,
            } => {
                self.name(a, Role::State, false);
                self.name(b, Role::State, false);
                self.amount(value);
            }
            StmtKind::Threat { from, to, level } => {
                self.name(from, Role::State, false);
                self.name(to, Role::State, false);
                if let Some(l) = level {
                    self.amount(l);
                }
            }
            StmtKind::Alliance {
                name,
                members,
                reliability,
                types,
            } => {
                if let Some(n) = name {
                    self.name(n, Role::Alliance, true);
                }
                self.uses(members, Role::State);
                for c in types {
                    self.name(&mut c.kind, Role::PactType, false);
                    self.uses(&mut c.by, Role::State);
                }
                if let Some(r) = reliability {
                    self.amount(r);
                }
            }
            StmtKind::EndAlliance(n) => self.name(n, Role::Alliance, false),
            StmtKind::Model(terms) => {
                for t in terms {
                    self.name(&mut t.model, Role::Model, false);
                    match &mut t.weight {
                        Some(Weight::Number(n)) => self.num(n),
                        Some(Weight::Name(n)) => self.name(n, Role::Model, false),
                        None => {}
                    }
                }
            }
            StmtKind::Blocs { count, .. } => self.num(count),
            StmtKind::At { time, events } => {
                self.num(time);
                events.iter_mut().for_each(|e| self.stmt(e));
            }
            StmtKind::Expect(e) => self.expect(e),
            StmtKind::Game(g) => self.game(g),
            StmtKind::Battle {
                winner,
                loser,
                loss,
            } => {
                self.name(winner, Role::State, false);
                self.name(loser, Role::State, false);
                if let Some(l) = loss {
                    self.num(l);
                }
            }
            StmtKind::Turmoil { state, ideology } => {
                self.name(state, Role::State, false);
                self.name(ideology, Role::Ideology, false);
            }
            StmtKind::Leave(n) => self.name(n, Role::State, false),
            StmtKind::Power { state, value } => {
                self.name(state, Role::State, false);
                self.amount(value);
            }
            StmtKind::ProximityDefault(x) | StmtKind::Draws(x) | StmtKind::Seed(x) => self.num(x),
            StmtKind::LatentIntent(x) => self.amount(x),
            StmtKind::Query(q) => self.query(&mut q.kind),
            StmtKind::Unreadable(ns) => {
                for (what, n) in ns {
                    self.name(n, Role::Unreadable(*what), true);
                }
            }
        }
    }

    fn state(&mut self, d: &mut StateDecl) {
        self.name(&mut d.name, Role::State, true);
        for (attr, s) in &mut d.attrs {
            self.span(s);
            match attr {
                StateAttr::Power(a) | StateAttr::Offense(a) => self.amount(a),
                StateAttr::Ideology(n) => self.name(n, Role::Ideology, false),
                StateAttr::Doctrine(n) => self.name(n, Role::Doctrine, false),
                StateAttr::At(x, y) => {
                    self.num(x);
                    self.num(y);
                }
            }
        }
    }

    fn expect(&mut self, e: &mut Expectation) {
        match e {
            Expectation::With(a, b)
            | Expectation::Against(a, b)
            | Expectation::Likely(a, b)
            | Expectation::BiggestThreat {
                target: a,
                threat: b,
            }
            | Expectation::Deterred {
                attacker: a,
                target: b,
                ..
            } => {
                self.name(a, Role::State, false);
                self.name(b, Role::State, false);
            }
            Expectation::Indifferent(a) | Expectation::Neutral(a) => {
                self.name(a, Role::State, false)
            }
            Expectation::Equilibria { game, count }
            | Expectation::SubgamePerfectCount { game, count } => {
                self.name(game, Role::Game, false);
                self.num(count);
            }
            Expectation::Profile { game, profile, .. } => {
                self.name(game, Role::Game, false);
                let game = game.text.as_str();
                self.uses(profile, Role::Profile { game });
            }
            Expectation::Tree { game, actions, .. } => {
                self.name(game, Role::Game, false);
                let game = game.text.as_str();
                self.uses(actions, Role::Move { game });
            }
            Expectation::StableCount(n) => self.num(n),
            Expectation::PriceBetween {
                target,
                buyer,
                low,
                high,
            } => {
                self.name(target, Role::State, false);
                self.name(buyer, Role::State, false);
                self.num(low);
                self.num(high);
            }
            Expectation::Switches { state, time } => {
                if let Some(s) = state {
                    self.name(s, Role::State, false);
                }
                self.num(time);
            }
            Expectation::Balance { .. } => {}
            Expectation::Value {
                quantity,
                value,
                tolerance,
            } => {
                self.quantity(quantity);
                self.num(value);
                if let Some(t) = tolerance {
                    self.num(t);
                }
            }
        }
    }

    fn quantity(&mut self, q: &mut Quantity) {
        match q {
            Quantity::Threat { from: a, to: b }
            | Quantity::Weight { from: a, to: b }
            | Quantity::Price {
                target: a,
                buyer: b,
            }
            | Quantity::AttackRatio {
                attacker: a,
                target: b,
            }
            | Quantity::ChanceWith(a, b)
            | Quantity::ChanceDeterred {
                attacker: a,
                target: b,
            } => {
                self.name(a, Role::State, false);
                self.name(b, Role::State, false);
            }
            Quantity::CostOfLeaving(a) => self.name(a, Role::State, false),
            Quantity::Basin(k) => self.num(k),
            Quantity::Energy | Quantity::BalanceRatio => {}
        }
    }

    fn query(&mut self, q: &mut QueryKind) {
        match q {
            QueryKind::AlliesOf(n)
            | QueryKind::EnemiesOf(n)
            | QueryKind::Why(n)
            | QueryKind::BiggestThreat(n)
            | QueryKind::ThreatsTo(n)
            | QueryKind::Decides(n) => self.name(n, Role::State, false),
            QueryKind::Price {
                target: a,
                buyer: b,
            }
            | QueryKind::WouldAttack {
                attacker: a,
                target: b,
            }
            | QueryKind::LikelyDeterred {
                attacker: a,
                target: b,
            }
            | QueryKind::LikelyWith(a, b) => {
                self.name(a, Role::State, false);
                self.name(b, Role::State, false);
            }
            QueryKind::Equilibria(g)
            | QueryKind::Dominant(g)
            | QueryKind::BestResponses(g)
            | QueryKind::SubgamePerfect(g)
            | QueryKind::Path(g)
            | QueryKind::StrategicForm(g) => self.name(g, Role::Game, false),
            QueryKind::WhatIf(event) => {
                // The event uses names; a state it brings in is not declared by the file.
                let declaring = std::mem::replace(&mut self.declaring, false);
                self.stmt(event);
                self.declaring = declaring;
            }
            QueryKind::WhoAllies
            | QueryKind::Stable
            | QueryKind::Compare
            | QueryKind::Balance
            | QueryKind::Timeline
            | QueryKind::Chances => {}
        }
    }

    fn game(&mut self, g: &mut GameDecl) {
        self.name(&mut g.name, Role::Game, true);
        let GameDecl { name, items } = g;
        let game = name.text.as_str();
        for item in items {
            match item {
                GameItem::Players(ps) => ps
                    .iter_mut()
                    .for_each(|p| self.name(p, Role::Player { game }, true)),
                GameItem::Strategies {
                    player,
                    strategies,
                    span,
                } => {
                    self.span(span);
                    if let Some(p) = player {
                        self.name(p, Role::Player { game }, false);
                    }
                    strategies
                        .iter_mut()
                        .for_each(|s| self.name(s, Role::Strategy { game }, true));
                }
                GameItem::OutcomeValues(vs) => {
                    for (n, v) in vs {
                        self.name(n, Role::Outcome { game }, true);
                        self.num(v);
                    }
                }
                GameItem::OutcomeRanking(tiers) => tiers
                    .iter_mut()
                    .flatten()
                    .for_each(|n| self.name(n, Role::Outcome { game }, true)),
                GameItem::Row {
                    profile,
                    payoffs,
                    span,
                } => {
                    self.span(span);
                    self.uses(profile, Role::Strategy { game });
                    self.payoffs(payoffs, game);
                }
                GameItem::Tree { root, span } => {
                    self.span(span);
                    self.tree(root, game);
                }
            }
        }
    }

    fn payoffs(&mut self, payoffs: &mut [Payoff], game: &str) {
        for p in payoffs {
            match p {
                Payoff::Number(x) => self.num(x),
                Payoff::Outcome(n) => self.name(n, Role::Outcome { game }, false),
            }
        }
    }

    /// A tree's nodes and moves, in the order written.
    fn tree(&mut self, root: &mut TreeNode, game: &str) {
        let mut stack = vec![Work::Node(root)];
        while let Some(work) = stack.pop() {
            match work {
                Work::Move(m) => {
                    let TreeMove {
                        action,
                        probability,
                        child,
                        span,
                    } = m;
                    self.span(span);
                    self.name(action, Role::Move { game }, false);
                    if let Some(p) = probability {
                        self.num(p);
                    }
                    stack.push(Work::Node(child));
                }
                Work::Node(node) => {
                    let TreeNode { kind, span } = node;
                    self.span(span);
                    let moves = match kind {
                        NodeKind::Leaf(payoffs) => {
                            self.payoffs(payoffs, game);
                            continue;
                        }
                        NodeKind::Player { player, set, moves } => {
                            self.name(player, Role::Player { game }, false);
                            if let Some(s) = set {
                                self.name(s, Role::InfoSet { game }, false);
                            }
                            moves
                        }
                        NodeKind::Chance(moves) => moves,
                    };
                    stack.extend(moves.iter_mut().rev().map(Work::Move));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    /// The example files and the files of bad input (which exercise unreadable
    /// declarations and every kind of mistake).
    fn files() -> Vec<PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut out = Vec::new();
        let mut dirs = vec![root.join("examples"), root.join("tests/bad")];
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() && !p.starts_with(root.join("examples")) {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "ally") {
                    out.push(p);
                }
            }
        }
        out.sort();
        out
    }

    fn parsed() -> Vec<(PathBuf, Vec<Stmt>)> {
        let files = files();
        assert!(files.len() > 20, "examples and bad files found: {files:?}");
        files
            .into_iter()
            .map(|p| {
                let src = std::fs::read_to_string(&p).expect("readable test file");
                (p, crate::syntax::parse(&src).0)
            })
            .collect()
    }

    /// Every span of every statement is reached once: as many as its `Debug` prints
    /// (an independent count of the spans the AST holds).
    #[test]
    fn the_walk_reaches_every_span_once() {
        let mut total = 0;
        for (path, stmts) in parsed() {
            for s in &stmts {
                let printed = format!("{s:?}").matches("Span { start").count();
                let mut seen = 0;
                walk(std::slice::from_ref(s), &mut |_| seen += 1);
                assert_eq!(seen, printed, "{}: {s:?}", path.display());
                total += seen;
            }
        }
        assert!(total > 1000, "only {total} spans");
    }

    /// Moving every span by k then by −k gives back the statements; moving by k moves
    /// each one (nothing is reached twice, which would move it by 2k).
    #[test]
    fn shifting_there_and_back_is_the_identity() {
        for (path, stmts) in parsed() {
            for s in &stmts {
                let mut moved = s.clone();
                spans_mut(&mut moved, |sp| {
                    *sp = Span::new(sp.start + 1000, sp.end + 1000)
                });
                let mut starts = Vec::new();
                walk(std::slice::from_ref(s), &mut |n| {
                    starts.push(n.span().start)
                });
                let mut moved_starts = Vec::new();
                walk(std::slice::from_ref(&moved), &mut |n| {
                    moved_starts.push(n.span().start - 1000)
                });
                assert_eq!(starts, moved_starts, "{}", path.display());
                spans_mut(&mut moved, |sp| {
                    *sp = Span::new(sp.start - 1000, sp.end - 1000)
                });
                assert_eq!(&moved, s, "{}", path.display());
            }
        }
    }

    #[test]
    fn roles_and_declarations() {
        let src = "state A\nwhat if state Z { power 0.1 }?\n\
                   game G { players P, Q\n strategies S\n outcomes win > lose\n \
                   tree P { S -> Q { S -> win, lose } } }\n";
        let (stmts, d) = crate::syntax::parse(src);
        assert!(d.is_empty(), "{d:?}");
        let mut names = Vec::new();
        walk(&stmts, &mut |n| {
            if let Node::Name {
                name,
                role,
                declares,
            } = n
            {
                names.push(format!("{} {role:?} {declares}", name.text));
            }
        });
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "A State true",
                "Z State false",
                "G Game true",
                "P Player { game: \"G\" } true",
                "Q Player { game: \"G\" } true",
                "S Strategy { game: \"G\" } true",
                "win Outcome { game: \"G\" } true",
                "lose Outcome { game: \"G\" } true",
                "P Player { game: \"G\" } false",
                "S Move { game: \"G\" } false",
                "Q Player { game: \"G\" } false",
                "S Move { game: \"G\" } false",
                "win Outcome { game: \"G\" } false",
                "lose Outcome { game: \"G\" } false",
            ]
        );
    }
}
