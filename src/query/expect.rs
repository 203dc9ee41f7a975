//! `expect` statements: the answer key a course example carries.

use serde::Serialize;

use super::{Evaluator, threats_to};
use crate::diagnostics::Diag;
use crate::model::check::Item;
use crate::model::fmt_num;
use crate::syntax::ast::{Expectation, ProfileTest, QueryKind};

#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub expect: String,
    pub passed: bool,
    /// What the scenario actually gives, in words.
    pub actual: String,
}

pub fn describe(e: &Expectation) -> String {
    use crate::model::check::quote;
    match e {
        Expectation::With(a, b) => format!("{} with {}", quote(&a.text), quote(&b.text)),
        Expectation::Against(a, b) => format!("{} against {}", quote(&a.text), quote(&b.text)),
        Expectation::Indifferent(a) => format!("{} indifferent", quote(&a.text)),
        Expectation::BiggestThreat { target, threat } => {
            format!(
                "biggest threat to {} is {}",
                quote(&target.text),
                quote(&threat.text)
            )
        }
        Expectation::Equilibria { game, count } => {
            format!(
                "equilibria of {} = {}",
                quote(&game.text),
                fmt_num(count.value)
            )
        }
        Expectation::Profile {
            test,
            game,
            profile,
        } => {
            let what = match test {
                ProfileTest::Equilibrium => "equilibrium",
                ProfileTest::PayoffDominant => "payoff dominant",
                ProfileTest::RiskDominant => "risk dominant",
            };
            let names: Vec<String> = profile.iter().map(|n| quote(&n.text)).collect();
            format!("{what} of {} is {}", quote(&game.text), names.join(", "))
        }
        Expectation::StableCount(n) => format!("stable alignments = {}", fmt_num(n.value)),
        Expectation::PriceBetween {
            target,
            buyer,
            low,
            high,
        } => format!(
            "price of {} for {} between {} and {}",
            quote(&target.text),
            quote(&buyer.text),
            fmt_num(low.value),
            fmt_num(high.value)
        ),
        Expectation::Deterred {
            attacker,
            target,
            deterred,
        } => format!(
            "{} {}deterred from {}",
            quote(&attacker.text),
            if *deterred { "" } else { "not " },
            quote(&target.text)
        ),
        Expectation::Switches { state, time } => format!(
            "{} switches at {}",
            state
                .as_ref()
                .map_or("nobody".to_string(), |s| quote(&s.text)),
            fmt_num(time.value)
        ),
        Expectation::Balance { even } => format!(
            "balance {}",
            if *even { "fairly even" } else { "overwhelming" }
        ),
    }
}

pub fn evaluate(ev: &mut Evaluator, item: &Item, e: &Expectation) -> Result<Outcome, Diag> {
    let s = &item.scenario;
    let idx = |n: &crate::syntax::ast::Name| s.state(&n.text).unwrap_or(0);
    let expect = describe(e);
    let (passed, actual) = match e {
        Expectation::With(a, b) | Expectation::Against(a, b) => {
            let model = ev.model_for(s);
            let solved = ev.solve(s, &model, item.span)?;
            let (x, y) = (idx(a), idx(b));
            let with = matches!(e, Expectation::With(..));
            match (solved.bloc_of(x), solved.bloc_of(y)) {
                (None, _) => (false, format!("{} is indifferent", a.text)),
                (_, None) => (false, format!("{} is indifferent", b.text)),
                (Some(bx), Some(by)) => {
                    let together = bx == by;
                    let actual = if together {
                        format!(
                            "{} and {} are both in the {} bloc",
                            a.text,
                            b.text,
                            solved.bloc_name(x).unwrap_or_default()
                        )
                    } else {
                        format!(
                            "{} is in the {} bloc, {} in the {} bloc",
                            a.text,
                            solved.bloc_name(x).unwrap_or_default(),
                            b.text,
                            solved.bloc_name(y).unwrap_or_default()
                        )
                    };
                    (together == with, actual)
                }
            }
        }
        Expectation::Indifferent(a) => {
            let model = ev.model_for(s);
            let solved = ev.solve(s, &model, item.span)?;
            match solved.bloc_name(idx(a)) {
                None => (true, format!("{} is indifferent", a.text)),
                Some(b) => (false, format!("{} is in the {b} bloc", a.text)),
            }
        }
        Expectation::BiggestThreat { target, threat } => {
            let rows = threats_to(s, idx(target));
            match rows.first() {
                None => (false, format!("nothing threatens {}", target.text)),
                Some(top) => {
                    // A tie for the top counts as a pass for any of the tied states.
                    let tied: Vec<&str> = rows
                        .iter()
                        .filter(|r| r.threat == top.threat)
                        .map(|r| r.from.as_str())
                        .collect();
                    let passed = tied.contains(&threat.text.as_str());
                    (
                        passed,
                        format!(
                            "the biggest threat to {} is {}",
                            target.text,
                            tied.join(" and ")
                        ),
                    )
                }
            }
        }
        other => answer_key(ev, item, other)?,
    };
    Ok(Outcome {
        expect,
        passed,
        actual,
    })
}

/// The question an expectation asks, so that it reads the very answer the query would
/// print; `None` for the forms that read the alignment directly.
fn question(e: &Expectation) -> Option<QueryKind> {
    Some(match e {
        Expectation::Equilibria { game, .. } | Expectation::Profile { game, .. } => {
            QueryKind::Equilibria(game.clone())
        }
        Expectation::StableCount(_) => QueryKind::Stable,
        Expectation::PriceBetween { target, buyer, .. } => QueryKind::Price {
            target: target.clone(),
            buyer: buyer.clone(),
        },
        Expectation::Deterred {
            attacker, target, ..
        } => QueryKind::WouldAttack {
            attacker: attacker.clone(),
            target: target.clone(),
        },
        Expectation::Switches { .. } => QueryKind::Timeline,
        Expectation::Balance { .. } => QueryKind::Balance,
        _ => return None,
    })
}

/// The forms that check one answer: (passed, the actual answer in words).
fn answer_key(ev: &mut Evaluator, item: &Item, e: &Expectation) -> Result<(bool, String), Diag> {
    let Some(kind) = question(e) else {
        return Ok((false, "this expectation has no question to ask".to_string()));
    };
    let answer = ev.answer(item, &kind)?;
    Ok(super::answer_key::check(e, &answer))
}
