//! `expect` statements: the answer key a course example carries.

use serde::Serialize;

use super::{Evaluator, threats_to};
use crate::diagnostics::Diag;
use crate::model::check::Item;
use crate::syntax::ast::Expectation;

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
            let rows = threats_to(s, &ev.model_for(s), idx(target));
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
    };
    Ok(Outcome {
        expect,
        passed,
        actual,
    })
}
