//! Checks the `expect` forms beyond `with`, `against`, `indifferent`, `neutral` and
//! `biggest threat`: the names they use (states, the game, its strategies), their numbers (a
//! count is a whole number, a price range is in order) and, for `switches at T`, that
//! an `at T` block comes before. A mistake is a diagnostic at its span, so `ally check`
//! reports it before anything is solved.

use super::Checker;
use crate::diagnostics::{Diag, codes, did_you_mean};
use crate::model::fmt_num;
use crate::model::question::{Expectation, Quantity};
use crate::syntax::ast::{self, Name, Num};

/// A count larger than this cannot be meant.
const MAX_COUNT: f64 = 1e9;

impl Checker {
    /// The checked form of one of the newer expectations; `None` (after reporting
    /// what is wrong) when it cannot be evaluated.
    pub(super) fn expect_answer(&mut self, e: &ast::Expectation) -> Option<Expectation> {
        match e {
            ast::Expectation::Equilibria { game, count } => {
                let game = self.any_game(game).ok().flatten();
                let count = self.count(count, "equilibria")?;
                Some(match game? {
                    super::queries::GameRef::Matrix(game) => {
                        Expectation::Equilibria { game, count }
                    }
                    super::queries::GameRef::Tree(game) => Expectation::TreeCount {
                        game,
                        count,
                        subgame_perfect: false,
                    },
                })
            }
            ast::Expectation::SubgamePerfectCount { game, count } => {
                let game = self.tree_named(game).ok().flatten();
                let count = self.count(count, "subgame-perfect equilibria")?;
                Some(Expectation::TreeCount {
                    game: game?,
                    count,
                    subgame_perfect: true,
                })
            }
            ast::Expectation::Tree {
                test,
                game,
                actions,
            } => {
                let game = self.tree_named(game).ok().flatten()?;
                let moves = self.tree_moves(*test, game, actions)?;
                Some(Expectation::Tree {
                    test: *test,
                    game,
                    moves,
                })
            }
            ast::Expectation::Profile {
                test,
                game,
                profile,
            } => {
                let game = self.game_named(game).ok().flatten()?;
                let profile = self.profile(game, profile)?;
                Some(Expectation::Profile {
                    test: *test,
                    game,
                    profile,
                })
            }
            ast::Expectation::StableCount(count) => self
                .count(count, "stable alignments")
                .map(Expectation::StableCount),
            ast::Expectation::PriceBetween {
                target,
                buyer,
                low,
                high,
            } => {
                let pair = self.two_states(target, buyer);
                if low.value > high.value {
                    self.error(
                        Diag::error(
                            codes::OUT_OF_RANGE,
                            low.span.join(high.span),
                            format!(
                                "the range is empty: {} is above {}",
                                fmt_num(low.value),
                                fmt_num(high.value)
                            ),
                        )
                        .label("lower bound first")
                        .help(format!(
                            "write `between {} and {}`",
                            fmt_num(high.value),
                            fmt_num(low.value)
                        )),
                    );
                    return None;
                }
                let (target, buyer) = pair?;
                Some(Expectation::PriceBetween {
                    target,
                    buyer,
                    low: low.value,
                    high: high.value,
                })
            }
            ast::Expectation::Deterred {
                attacker,
                target,
                deterred,
            } => {
                let (attacker, target) = self.two_states(attacker, target)?;
                Some(Expectation::Deterred {
                    attacker,
                    target,
                    deterred: *deterred,
                })
            }
            ast::Expectation::Switches { state, time } => {
                let named = state.as_ref().map(|s| {
                    self.resolve(s)
                        .map(|i| self.state.scenario.states[i].name.clone())
                });
                let at = self.at_block_before(time);
                let state = match named {
                    Some(None) => return None,
                    Some(Some(n)) => Some(n),
                    None => None,
                };
                at.then_some(Expectation::Switches {
                    state,
                    time: time.value,
                })
            }
            ast::Expectation::Balance { even } => Some(Expectation::Balance { even: *even }),
            ast::Expectation::Value {
                quantity,
                value,
                tolerance,
            } => {
                let quantity = self.quantity(quantity);
                let tolerance = match tolerance {
                    Some(t) if t.value < 0.0 => {
                        self.error(
                            Diag::error(
                                codes::OUT_OF_RANGE,
                                t.span,
                                format!("a tolerance is not negative: {}", fmt_num(t.value)),
                            )
                            .label("a negative tolerance")
                            .help(format!("write `± {}`", fmt_num(-t.value))),
                        );
                        return None;
                    }
                    t => t.as_ref().map(|t| t.value),
                };
                Some(Expectation::Value {
                    quantity: quantity?,
                    value: value.value,
                    tolerance,
                })
            }
            ast::Expectation::Likely(a, b) => {
                let (a, b) = self.two_states(a, b)?;
                Some(Expectation::Likely(a, b))
            }
            // The first four forms are checked in `queries.rs`.
            ast::Expectation::With(..)
            | ast::Expectation::Against(..)
            | ast::Expectation::Indifferent(..)
            | ast::Expectation::Neutral(..)
            | ast::Expectation::BiggestThreat { .. } => None,
        }
    }

    /// The states (and the place, for a basin) a quantity names.
    fn quantity(&mut self, q: &ast::Quantity) -> Option<Quantity> {
        Some(match q {
            ast::Quantity::Threat { from, to } => {
                let (from, to) = self.two_states(from, to)?;
                Quantity::Threat { from, to }
            }
            ast::Quantity::Weight { from, to } => {
                let (from, to) = self.two_states(from, to)?;
                Quantity::Weight { from, to }
            }
            ast::Quantity::Price { target, buyer } => {
                let (target, buyer) = self.two_states(target, buyer)?;
                Quantity::Price { target, buyer }
            }
            ast::Quantity::Energy => Quantity::Energy,
            ast::Quantity::CostOfLeaving(x) => Quantity::CostOfLeaving(self.resolve(x)?),
            ast::Quantity::BalanceRatio => Quantity::BalanceRatio,
            ast::Quantity::AttackRatio { attacker, target } => {
                let (attacker, target) = self.two_states(attacker, target)?;
                Quantity::AttackRatio { attacker, target }
            }
            ast::Quantity::ChanceWith(a, b) => {
                let (a, b) = self.two_states(a, b)?;
                Quantity::ChanceWith(a, b)
            }
            ast::Quantity::ChanceDeterred { attacker, target } => {
                let (attacker, target) = self.two_states(attacker, target)?;
                Quantity::ChanceDeterred { attacker, target }
            }
            ast::Quantity::Basin(place) => {
                let k = place.value;
                if !(k >= 1.0 && k.fract() == 0.0 && k <= MAX_COUNT) {
                    self.error(
                        Diag::error(
                            codes::OUT_OF_RANGE,
                            place.span,
                            format!(
                                "the stable alignments are numbered 1, 2, …, not {}",
                                fmt_num(k)
                            ),
                        )
                        .label("not a place in the list")
                        .help("`basin of stable 1` is the first one `stable alignments?` lists"),
                    );
                    return None;
                }
                Quantity::Basin(k as usize)
            }
        })
    }

    fn two_states(&mut self, a: &Name, b: &Name) -> Option<(usize, usize)> {
        let (x, y) = (self.resolve(a), self.resolve(b));
        let (x, y) = (x?, y?);
        if x == y {
            self.error(
                Diag::error(
                    codes::SELF_RELATION,
                    a.span.join(b.span),
                    "this expectation needs two different states",
                )
                .label("the same state twice"),
            );
            return None;
        }
        Some((x, y))
    }

    fn count(&mut self, count: &Num, what: &str) -> Option<u64> {
        let v = count.value;
        if v >= 0.0 && v.fract() == 0.0 && v <= MAX_COUNT {
            return Some(v as u64);
        }
        self.error(
            Diag::error(
                codes::OUT_OF_RANGE,
                count.span,
                format!("a number of {what} is a whole number, not {}", fmt_num(v)),
            )
            .label("not a count")
            .help(format!("e.g. `= {}`", v.abs().round().min(MAX_COUNT))),
        );
        None
    }

    /// One strategy per player, each one of that player's: their indices.
    fn profile(&mut self, game: usize, profile: &[Name]) -> Option<Vec<usize>> {
        let g = self.state.scenario.games[game].clone();
        let span = match (profile.first(), profile.last()) {
            (Some(a), Some(b)) => a.span.join(b.span),
            _ => return None,
        };
        if profile.len() != g.players.len() {
            self.error(
                Diag::error(
                    codes::GAME_PROFILE,
                    span,
                    format!(
                        "a profile of game `{}` names {} strategies (one per player: {}), not {}",
                        g.name,
                        g.players.len(),
                        g.players.join(", "),
                        profile.len()
                    ),
                )
                .label("wrong number of strategies")
                .help(format!(
                    "e.g. `{}`",
                    g.strategies
                        .iter()
                        .map(|s| s.first().cloned().unwrap_or_default())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
            return None;
        }
        let mut indices = Vec::new();
        for ((name, player), strategies) in profile.iter().zip(&g.players).zip(&g.strategies) {
            if let Some(k) = strategies.iter().position(|s| *s == name.text) {
                indices.push(k);
                continue;
            }
            let help = did_you_mean(&name.text, strategies.iter().map(String::as_str))
                .unwrap_or_else(|| format!("{player}'s strategies: {}", strategies.join(", ")));
            self.error(
                Diag::error(
                    codes::UNKNOWN_STRATEGY,
                    name.span,
                    format!("`{}` is not a strategy of {player}", name.text),
                )
                .label("unknown strategy")
                .help(help),
            );
        }
        (indices.len() == profile.len()).then_some(indices)
    }

    /// `switches at T` reads the timeline's step at T: an `at T` block must come first.
    fn at_block_before(&mut self, time: &Num) -> bool {
        if self
            .state
            .scenario
            .timeline
            .iter()
            .any(|b| b.time == time.value)
        {
            return true;
        }
        let mut times: Vec<f64> = self
            .state
            .scenario
            .timeline
            .iter()
            .map(|b| b.time)
            .collect();
        times.sort_by(f64::total_cmp);
        times.dedup();
        let help = if times.is_empty() {
            "declare the events first, e.g. `at 1915 { offer Britain -> Italy 120 }`".to_string()
        } else {
            format!(
                "the `at` blocks so far are at {}",
                times
                    .iter()
                    .map(|t| fmt_num(*t))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        self.error(
            Diag::error(
                codes::OUT_OF_RANGE,
                time.span,
                format!(
                    "no `at {}` block comes before this line",
                    fmt_num(time.value)
                ),
            )
            .label("no such step in the timeline")
            .help(help),
        );
        false
    }
}
