//! `expect` statements: the answer key a course example carries.

use serde::Serialize;

use super::number::num;
use super::{Evaluator, threats_to};
use crate::diagnostics::Diag;
use crate::model::Scenario;
use crate::model::check::Item;
use crate::model::fmt_num;
use crate::model::question::{Expectation, ProfileTest, Question};

#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub expect: String,
    pub passed: bool,
    /// What the scenario actually gives, in words.
    pub actual: String,
    /// For `expect … = v`: the number the answer gives, the one expected and the
    /// tolerance applied (written, or the printed precision of `value`).
    #[serde(flatten)]
    pub number: Option<Measured>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Measured {
    /// `null` when the answer holds no such number (no price, no ratio…).
    pub value: Option<f64>,
    pub expected: f64,
    pub tolerance: Option<f64>,
}

/// The expectation as written, from the scenario it is checked against.
pub fn describe(s: &Scenario, e: &Expectation) -> String {
    use crate::syntax::quote;
    let n = |i: usize| quote(&s.states[i].name);
    match *e {
        Expectation::With(a, b) => format!("{} with {}", n(a), n(b)),
        Expectation::Likely(a, b) => format!("{} with {} likely", n(a), n(b)),
        Expectation::Against(a, b) => format!("{} against {}", n(a), n(b)),
        Expectation::Indifferent(a) => format!("{} indifferent", n(a)),
        Expectation::Neutral(a) => format!("{} neutral", n(a)),
        Expectation::BiggestThreat { target, threat } => {
            format!("biggest threat to {} is {}", n(target), n(threat))
        }
        Expectation::Equilibria { game, count } => {
            format!("equilibria of {} = {count}", quote(&s.games[game].name))
        }
        Expectation::Profile {
            test,
            game,
            ref profile,
        } => {
            let g = &s.games[game];
            let what = match test {
                ProfileTest::Equilibrium => "equilibrium",
                ProfileTest::PayoffDominant => "payoff dominant",
                ProfileTest::RiskDominant => "risk dominant",
            };
            let names: Vec<String> = profile
                .iter()
                .zip(&g.strategies)
                .map(|(&k, strategies)| quote(&strategies[k]))
                .collect();
            format!("{what} of {} is {}", quote(&g.name), names.join(", "))
        }
        Expectation::StableCount(count) => format!("stable alignments = {count}"),
        Expectation::PriceBetween {
            target,
            buyer,
            low,
            high,
        } => format!(
            "price of {} for {} between {} and {}",
            n(target),
            n(buyer),
            fmt_num(low),
            fmt_num(high)
        ),
        Expectation::Deterred {
            attacker,
            target,
            deterred,
        } => format!(
            "{} {}deterred from {}",
            n(attacker),
            if deterred { "" } else { "not " },
            n(target)
        ),
        Expectation::Switches { ref state, time } => format!(
            "{} switches at {}",
            state.as_deref().map_or("nobody".to_string(), quote),
            fmt_num(time)
        ),
        Expectation::Balance { even } => format!(
            "balance {}",
            if even { "fairly even" } else { "overwhelming" }
        ),
        Expectation::Value {
            ref quantity,
            value,
            tolerance,
        } => {
            let q = super::quantity::describe(s, quantity);
            match tolerance {
                Some(t) => format!("{q} = {value} ± {t}"),
                None => format!("{q} = {value}"),
            }
        }
        Expectation::Tree { .. } | Expectation::TreeCount { .. } => {
            super::trees::describe(s, e).unwrap_or_default()
        }
    }
}

pub fn evaluate(ev: &mut Evaluator, item: &Item, e: &Expectation) -> Result<Outcome, Diag> {
    let s = &item.scenario;
    let name = |i: usize| s.states[i].name.as_str();
    let expect = describe(s, e);
    let (passed, actual) = match *e {
        Expectation::With(x, y) | Expectation::Against(x, y) => {
            let model = ev.model_for(s);
            let solved = ev.solve(s, &model, item.span)?;
            let with = matches!(e, Expectation::With(..));
            let out = |i: usize| {
                let how = if solved.is_neutral(i) {
                    "neutral"
                } else {
                    "indifferent"
                };
                (false, format!("{} is {how}", name(i)))
            };
            match (solved.bloc_of(x), solved.bloc_of(y)) {
                (None, _) => out(x),
                (_, None) => out(y),
                (Some(bx), Some(by)) => {
                    let together = bx == by;
                    let actual = if together {
                        format!(
                            "{} and {} are both in the {} bloc",
                            name(x),
                            name(y),
                            solved.bloc_name(x).unwrap_or_default()
                        )
                    } else {
                        format!(
                            "{} is in the {} bloc, {} in the {} bloc",
                            name(x),
                            solved.bloc_name(x).unwrap_or_default(),
                            name(y),
                            solved.bloc_name(y).unwrap_or_default()
                        )
                    };
                    (together == with, actual)
                }
            }
        }
        Expectation::Indifferent(a) | Expectation::Neutral(a) => {
            let model = ev.model_for(s);
            let solved = ev.solve(s, &model, item.span)?;
            let neutral = solved.is_neutral(a);
            let actual = match solved.bloc_name(a) {
                Some(b) => format!("{} is in the {b} bloc", name(a)),
                None if neutral => format!("{} is neutral: no bloc gives it a net gain", name(a)),
                None => format!("{} is indifferent", name(a)),
            };
            let passed = if matches!(e, Expectation::Neutral(_)) {
                neutral
            } else {
                solved.bloc_of(a).is_none() && !neutral
            };
            (passed, actual)
        }
        Expectation::BiggestThreat { target, threat } => {
            let rows = threats_to(s, &ev.model_for(s), target);
            match rows.first() {
                None => (false, format!("nothing threatens {}", name(target))),
                Some(top) => {
                    // A tie for the top counts as a pass for any of the tied states.
                    let tied: Vec<&str> = rows
                        .iter()
                        .filter(|r| r.threat == top.threat)
                        .map(|r| r.from.as_str())
                        .collect();
                    let passed = tied.contains(&name(threat));
                    (
                        passed,
                        format!(
                            "the biggest threat to {} is {}",
                            name(target),
                            tied.join(" and ")
                        ),
                    )
                }
            }
        }
        Expectation::Value {
            ref quantity,
            value,
            tolerance,
        } => {
            let answer = super::answer(ev, item, &super::quantity::question(quantity))?;
            return Ok(match super::quantity::read(s, quantity, &answer) {
                Err(why) => Outcome {
                    expect,
                    passed: false,
                    actual: why,
                    number: Some(Measured {
                        value: None,
                        expected: value,
                        tolerance,
                    }),
                },
                Ok((got, words)) => {
                    let (passed, tol) = super::quantity::within(got, value, tolerance);
                    let actual = if passed {
                        words
                    } else {
                        format!(
                            "{words}, {} from {value}; the tolerance is {}",
                            num((got - value).abs()),
                            num(tol)
                        )
                    };
                    Outcome {
                        expect,
                        passed,
                        actual,
                        number: Some(Measured {
                            value: Some(got),
                            expected: value,
                            tolerance: Some(tol),
                        }),
                    }
                }
            });
        }
        _ => answer_key(ev, item, e)?,
    };
    Ok(Outcome {
        expect,
        passed,
        actual,
        number: None,
    })
}

/// The question an expectation asks, so that it reads the very answer the query would
/// print; `None` for the forms that read the alignment or the threats directly.
fn question(e: &Expectation) -> Option<Question> {
    Some(match *e {
        Expectation::Equilibria { game, .. } | Expectation::Profile { game, .. } => {
            Question::Equilibria(game)
        }
        Expectation::StableCount(_) => Question::Stable,
        Expectation::PriceBetween { target, buyer, .. } => Question::Price { target, buyer },
        Expectation::Deterred {
            attacker, target, ..
        } => Question::WouldAttack { attacker, target },
        Expectation::Switches { .. } => Question::Timeline,
        Expectation::Balance { .. } => Question::Balance,
        Expectation::Likely(a, b) => Question::LikelyWith(a, b),
        Expectation::Tree { .. } | Expectation::TreeCount { .. } => {
            return super::trees::question(e);
        }
        _ => return None,
    })
}

/// The forms that check one answer: (passed, the actual answer in words).
fn answer_key(ev: &mut Evaluator, item: &Item, e: &Expectation) -> Result<(bool, String), Diag> {
    let Some(kind) = question(e) else {
        return Ok((false, "this expectation has no question to ask".to_string()));
    };
    let answer = super::answer(ev, item, &kind)?;
    Ok(super::answer_key::check(&item.scenario, e, &answer))
}
