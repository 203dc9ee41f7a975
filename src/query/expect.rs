//! `expect` statements: the answer key a course example carries.

use serde::Serialize;

use super::{Evaluator, threats_to};
use crate::diagnostics::Diag;
use crate::model::Scenario;
use crate::model::check::Item;
use crate::model::question::Expectation;

#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub expect: String,
    pub passed: bool,
    /// What the scenario actually gives, in words.
    pub actual: String,
}

/// The expectation as written, from the scenario it is checked against.
pub fn describe(s: &Scenario, e: &Expectation) -> String {
    use crate::syntax::quote;
    let n = |i: usize| quote(&s.states[i].name);
    match *e {
        Expectation::With(a, b) => format!("{} with {}", n(a), n(b)),
        Expectation::Against(a, b) => format!("{} against {}", n(a), n(b)),
        Expectation::Indifferent(a) => format!("{} indifferent", n(a)),
        Expectation::BiggestThreat { target, threat } => {
            format!("biggest threat to {} is {}", n(target), n(threat))
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
            match (solved.bloc_of(x), solved.bloc_of(y)) {
                (None, _) => (false, format!("{} is indifferent", name(x))),
                (_, None) => (false, format!("{} is indifferent", name(y))),
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
        Expectation::Indifferent(a) => {
            let model = ev.model_for(s);
            let solved = ev.solve(s, &model, item.span)?;
            match solved.bloc_name(a) {
                None => (true, format!("{} is indifferent", name(a))),
                Some(b) => (false, format!("{} is in the {b} bloc", name(a))),
            }
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
    };
    Ok(Outcome {
        expect,
        passed,
        actual,
    })
}
