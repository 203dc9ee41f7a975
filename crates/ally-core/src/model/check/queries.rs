//! Queries, expectations and games: names resolved once into a [`Question`] or an
//! [`Expectation`] of indices, paired with a snapshot of the scenario at that line.

use super::{Action, Checker, Item};
use crate::diagnostics::{Diag, codes, did_you_mean};
use crate::model::question::{Expectation, Query, Question, TreeQuestion};

/// A game a query names: in strategic form (`games`) or a tree (`trees`).
pub(super) enum GameRef {
    Matrix(usize),
    Tree(usize),
}
use crate::span::Span;
use crate::syntax::ast::{self, GameDecl, Name, QueryKind};

impl Checker {
    pub(super) fn game(&mut self, g: &GameDecl) {
        if self.state.game_names.contains(&g.name.text) {
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
        // the games; the name is kept even when the game is wrong so that queries naming
        // it do not add "never declared" noise.
        self.state.game_names.push(g.name.text.clone());
        if crate::games::tree::is_tree(g) {
            let (tree, diags) = crate::games::tree::build(g);
            for d in diags {
                self.error(d);
            }
            if let Some(tree) = tree {
                self.state.scenario.trees.push(std::sync::Arc::new(tree));
            }
        } else {
            let (game, diags) = crate::games::build(g);
            for d in diags {
                self.error(d);
            }
            if let Some(game) = game {
                self.state.scenario.games.push(game);
            }
        }
        self.changed();
    }

    /// The game in strategic form a query names: `Ok(None)` when it was declared with
    /// mistakes (already reported), `Err(())` when it was never declared or is a tree
    /// (reported here).
    pub(super) fn game_named(&mut self, g: &Name) -> Result<Option<usize>, ()> {
        match self.any_game(g)? {
            Some(GameRef::Matrix(k)) => Ok(Some(k)),
            None => Ok(None),
            Some(GameRef::Tree(_)) => {
                self.error(
                    Diag::error(
                        codes::NOT_SUPPORTED,
                        g.span,
                        format!("game `{}` is a tree: this asks about a game in strategic form", g.text),
                    )
                    .label("a game in extensive form")
                    .help(format!(
                        "ask `strategic form of {0}?` for its table, `subgame perfect equilibria of {0}?` or `equilibria of {0}?`",
                        crate::syntax::quote(&g.text)
                    )),
                );
                Err(())
            }
        }
    }

    /// The game in extensive form a query names (as [`Checker::game_named`]).
    pub(super) fn tree_named(&mut self, g: &Name) -> Result<Option<usize>, ()> {
        match self.any_game(g)? {
            Some(GameRef::Tree(k)) => Ok(Some(k)),
            None => Ok(None),
            Some(GameRef::Matrix(_)) => {
                self.error(
                    Diag::error(
                        codes::NOT_SUPPORTED,
                        g.span,
                        format!("game `{}` is in strategic form: this asks about a game tree", g.text),
                    )
                    .label("a game in strategic form")
                    .help("write the game as a `tree` (a player's moves, then the next player's …) to ask about subgame perfection and paths; `equilibria of G?` answers for both kinds"),
                );
                Err(())
            }
        }
    }

    /// Either kind of game: `Ok(None)` when it was declared with mistakes.
    pub(super) fn any_game(&mut self, g: &Name) -> Result<Option<GameRef>, ()> {
        if let Some(k) = self.state.scenario.game(&g.text) {
            return Ok(Some(GameRef::Matrix(k)));
        }
        if let Some(k) = self.state.scenario.tree(&g.text) {
            return Ok(Some(GameRef::Tree(k)));
        }
        if self.state.game_names.contains(&g.text) {
            return Ok(None);
        }
        let help = did_you_mean(&g.text, self.state.game_names.iter().map(String::as_str))
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
        Err(())
    }

    pub(super) fn query(&mut self, span: Span, q: &ast::Query) {
        let two = |c: &mut Checker, a: &Name, b: &Name| {
            let x = c.resolve(a);
            let y = c.resolve(b);
            Some((x?, y?))
        };
        // `would A attack A?`, `price of A for A?`: a question about a pair needs two
        // states (issue 11 item 7).
        let distinct = |c: &mut Checker, a: &Name, b: &Name, what: &str| {
            let pair = two(c, a, b)?;
            if pair.0 == pair.1 {
                c.error(
                    Diag::error(
                        codes::SELF_RELATION,
                        a.span.join(b.span),
                        format!(
                            "`{what}` needs two different states, but both are `{}`",
                            a.text
                        ),
                    )
                    .label("the same state twice"),
                );
                return None;
            }
            Some(pair)
        };
        let kind = match &q.kind {
            QueryKind::WhoAllies => Some(Question::WhoAllies),
            QueryKind::Stable => Some(Question::Stable),
            QueryKind::Compare => Some(Question::Compare),
            QueryKind::Balance => Some(Question::Balance),
            QueryKind::Timeline => Some(Question::Timeline),
            QueryKind::AlliesOf(n) => self.resolve(n).map(Question::AlliesOf),
            QueryKind::EnemiesOf(n) => self.resolve(n).map(Question::EnemiesOf),
            QueryKind::Why(n) => self.resolve(n).map(Question::Why),
            QueryKind::BiggestThreat(n) => self.resolve(n).map(Question::BiggestThreat),
            QueryKind::ThreatsTo(n) => self.resolve(n).map(Question::ThreatsTo),
            QueryKind::Price { target, buyer } => distinct(self, target, buyer, "price of")
                .map(|(target, buyer)| Question::Price { target, buyer }),
            QueryKind::WouldAttack { attacker, target } => {
                distinct(self, attacker, target, "would … attack")
                    .map(|(attacker, target)| Question::WouldAttack { attacker, target })
            }
            QueryKind::WhatIf(stmt) => self.event(stmt).map(|e| Question::WhatIf(Box::new(e))),
            QueryKind::LikelyWith(a, b) => distinct(self, a, b, "how likely is … with")
                .map(|(a, b)| Question::LikelyWith(a, b)),
            QueryKind::LikelyDeterred { attacker, target } => {
                distinct(self, attacker, target, "how likely is … deterred from")
                    .map(|(attacker, target)| Question::LikelyDeterred { attacker, target })
            }
            QueryKind::Chances => Some(Question::Chances),
            QueryKind::Decides(n) => self.resolve(n).map(Question::Decides),
            QueryKind::Equilibria(g) => match self.any_game(g).ok().flatten() {
                Some(GameRef::Matrix(k)) => Some(Question::Equilibria(k)),
                Some(GameRef::Tree(k)) => Some(Question::Tree(TreeQuestion::Equilibria, k)),
                None => None,
            },
            QueryKind::SubgamePerfect(g) => self
                .tree_named(g)
                .ok()
                .flatten()
                .map(|k| Question::Tree(TreeQuestion::SubgamePerfect, k)),
            QueryKind::Path(g) => self
                .tree_named(g)
                .ok()
                .flatten()
                .map(|k| Question::Tree(TreeQuestion::Path, k)),
            QueryKind::StrategicForm(g) => self
                .tree_named(g)
                .ok()
                .flatten()
                .map(|k| Question::Tree(TreeQuestion::StrategicForm, k)),
            QueryKind::Dominant(g) => self.game_named(g).ok().flatten().map(Question::Dominant),
            QueryKind::BestResponses(g) => self
                .game_named(g)
                .ok()
                .flatten()
                .map(Question::BestResponses),
        };
        if let Some(kind) = kind {
            let scenario = self.current();
            self.items.push(Item {
                action: Action::Query(Query {
                    kind,
                    text: q.text.clone(),
                }),
                span,
                scenario,
            });
        }
    }

    pub(super) fn expect(&mut self, span: Span, e: &ast::Expectation) {
        let checked = match e {
            ast::Expectation::With(a, b) | ast::Expectation::Against(a, b) => {
                let x = self.resolve(a);
                let y = self.resolve(b);
                let (Some(x), Some(y)) = (x, y) else {
                    return;
                };
                if x == y {
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
                if matches!(e, ast::Expectation::With(..)) {
                    Expectation::With(x, y)
                } else {
                    Expectation::Against(x, y)
                }
            }
            ast::Expectation::Indifferent(a) => match self.resolve(a) {
                Some(x) => Expectation::Indifferent(x),
                None => return,
            },
            ast::Expectation::Neutral(a) => match self.resolve(a) {
                Some(x) if self.state.scenario.neutral => Expectation::Neutral(x),
                Some(_) => {
                    self.error(
                        Diag::error(
                            codes::NOT_SUPPORTED,
                            span,
                            format!(
                                "`{}` cannot be neutral: no state may stay out of the blocs here",
                                a.text
                            ),
                        )
                        .label("needs neutrality")
                        .help(format!(
                            "declare `blocs {}, neutral` before this line to let a state stay out of every bloc",
                            self.state.scenario.blocs
                        )),
                    );
                    return;
                }
                None => return,
            },
            ast::Expectation::BiggestThreat { target, threat } => {
                let x = self.resolve(target);
                let y = self.resolve(threat);
                match (x, y) {
                    (Some(target), Some(threat)) => Expectation::BiggestThreat { target, threat },
                    _ => return,
                }
            }
            other => match self.expect_answer(other) {
                Some(x) => x,
                None => return,
            },
        };
        let scenario = self.current();
        self.items.push(Item {
            action: Action::Expect(checked),
            span,
            scenario,
        });
    }
}
