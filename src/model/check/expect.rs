//! Checks the `expect` forms beyond `with`, `against`, `indifferent` and `biggest
//! threat`: the names they use (states, the game, its strategies), their numbers (a
//! count is a whole number, a price range is in order) and, for `switches at T`, that
//! an `at T` block comes before. A mistake is a diagnostic at its span, so `ally check`
//! reports it before anything is solved.

use super::Checker;
use crate::diagnostics::{Diag, codes, did_you_mean};
use crate::model::fmt_num;
use crate::syntax::ast::{Expectation, Name, Num};

/// A count larger than this cannot be meant.
const MAX_COUNT: f64 = 1e9;

impl Checker {
    /// Whether the expectation can be evaluated; reports what is wrong with it.
    pub(super) fn expectation_ok(&mut self, e: &Expectation) -> bool {
        match e {
            Expectation::With(a, b) | Expectation::Against(a, b) => self.two_states(a, b),
            Expectation::Indifferent(a) => self.resolve(a).is_some(),
            Expectation::BiggestThreat { target, threat } => {
                self.resolve(target).is_some() & self.resolve(threat).is_some()
            }
            Expectation::Equilibria { game, count } => {
                self.game_declared(game) & self.count_ok(count, "equilibria")
            }
            Expectation::Profile { game, profile, .. } => {
                self.game_declared(game) && self.profile_ok(game, profile)
            }
            Expectation::StableCount(count) => self.count_ok(count, "stable alignments"),
            Expectation::PriceBetween {
                target,
                buyer,
                low,
                high,
            } => {
                let names = self.two_states(target, buyer);
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
                    return false;
                }
                names
            }
            Expectation::Deterred {
                attacker, target, ..
            } => self.two_states(attacker, target),
            Expectation::Switches { state, time } => {
                let named = state.as_ref().is_none_or(|s| self.resolve(s).is_some());
                named & self.at_block_before(time)
            }
            Expectation::Balance { .. } => true,
        }
    }

    fn two_states(&mut self, a: &Name, b: &Name) -> bool {
        let (x, y) = (self.resolve(a), self.resolve(b));
        match (x, y) {
            (Some(x), Some(y)) if x == y => {
                self.error(
                    Diag::error(
                        codes::SELF_RELATION,
                        a.span.join(b.span),
                        "this expectation needs two different states",
                    )
                    .label("the same state twice"),
                );
                false
            }
            (Some(_), Some(_)) => true,
            _ => false,
        }
    }

    fn count_ok(&mut self, count: &Num, what: &str) -> bool {
        let v = count.value;
        if v >= 0.0 && v.fract() == 0.0 && v <= MAX_COUNT {
            return true;
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
        false
    }

    fn game_declared(&mut self, g: &Name) -> bool {
        if self.scenario.games.iter().any(|x| x.name.text == g.text) {
            return true;
        }
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

    /// One strategy per player, each one of that player's.
    fn profile_ok(&mut self, game: &Name, profile: &[Name]) -> bool {
        let decl = self
            .scenario
            .games
            .iter()
            .rev()
            .find(|x| x.name.text == game.text);
        // A game with mistakes has had them reported where it is declared.
        let Some((Some(g), _)) = decl.map(crate::games::build) else {
            return false;
        };
        let span = match (profile.first(), profile.last()) {
            (Some(a), Some(b)) => a.span.join(b.span),
            _ => game.span,
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
            return false;
        }
        let mut ok = true;
        for ((name, player), strategies) in profile.iter().zip(&g.players).zip(&g.strategies) {
            if strategies.contains(&name.text) {
                continue;
            }
            ok = false;
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
        ok
    }

    /// `switches at T` reads the timeline's step at T: an `at T` block must come first.
    fn at_block_before(&mut self, time: &Num) -> bool {
        if self.scenario.timeline.iter().any(|b| b.time == time.value) {
            return true;
        }
        let mut times: Vec<f64> = self.scenario.timeline.iter().map(|b| b.time).collect();
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
