//! `expect QUANTITY = v [± tol]`: the number one answer prints — a threat, a weight, a
//! price, an energy, a cost of leaving, a ratio, a basin, a chance — read from the answer the
//! matching query gives, so the expectation and `ally run` can never disagree.
//!
//! Without `± tol` the tolerance is the precision the answer prints the actual number
//! with (half a unit in its last place, [`printed_tolerance`]): a number copied from the
//! output holds, a rounder one needs its tolerance written.

use super::Answer;
use super::number::{num, printed_tolerance};
use crate::model::Scenario;
use crate::model::question::{Quantity, Question};

/// The question whose answer prints the quantity.
pub fn question(q: &Quantity) -> Question {
    match *q {
        Quantity::Threat { to, .. } | Quantity::Weight { to, .. } => Question::ThreatsTo(to),
        Quantity::Price { target, buyer } => Question::Price { target, buyer },
        Quantity::Energy => Question::WhoAllies,
        Quantity::CostOfLeaving(x) => Question::Why(x),
        Quantity::BalanceRatio => Question::Balance,
        Quantity::AttackRatio { attacker, target } => Question::WouldAttack { attacker, target },
        Quantity::Basin(_) => Question::Stable,
        Quantity::ChanceWith(a, b) => Question::LikelyWith(a, b),
        Quantity::ChanceDeterred { attacker, target } => {
            Question::LikelyDeterred { attacker, target }
        }
    }
}

/// The quantity as an expectation writes it (`threat of Germany to France`).
pub fn describe(s: &Scenario, q: &Quantity) -> String {
    use crate::syntax::quote;
    let n = |i: usize| quote(&s.states[i].name);
    match *q {
        Quantity::Threat { from, to } => format!("threat of {} to {}", n(from), n(to)),
        Quantity::Weight { from, to } => format!("weight of {} to {}", n(from), n(to)),
        Quantity::Price { target, buyer } => format!("price of {} for {}", n(target), n(buyer)),
        Quantity::Energy => "energy".to_string(),
        Quantity::CostOfLeaving(x) => format!("cost of leaving {}", n(x)),
        Quantity::BalanceRatio => "ratio of balance".to_string(),
        Quantity::AttackRatio { attacker, target } => {
            format!("ratio of {} attacking {}", n(attacker), n(target))
        }
        Quantity::Basin(k) => format!("basin of stable {k}"),
        Quantity::ChanceWith(a, b) => format!("chance of {} with {}", n(a), n(b)),
        Quantity::ChanceDeterred { attacker, target } => {
            format!("chance of {} deterred from {}", n(attacker), n(target))
        }
    }
}

/// The number `answer` prints for `q`, with its words (`the energy is -0.0293`); `Err`
/// says why the answer holds no such number.
pub fn read(s: &Scenario, q: &Quantity, answer: &Answer) -> Result<(f64, String), String> {
    let name = |i: usize| s.states[i].name.as_str();
    let approximate = |exact: bool| if exact { "" } else { " (approximate)" };
    match (q, answer) {
        (Quantity::Threat { from, to } | Quantity::Weight { from, to }, Answer::Threats(t)) => {
            let row = t
                .threats
                .iter()
                .find(|r| r.from == name(*from))
                .ok_or_else(|| {
                    format!("{} is not among the threats to {}", name(*from), name(*to))
                })?;
            Ok(if matches!(q, Quantity::Threat { .. }) {
                (
                    row.threat,
                    format!(
                        "the threat of {} to {} is {}",
                        row.from,
                        t.state,
                        num(row.threat)
                    ),
                )
            } else {
                (
                    row.weight,
                    format!(
                        "the threat of {} to {} weighs {} in the energy",
                        row.from,
                        t.state,
                        num(row.weight)
                    ),
                )
            })
        }
        (Quantity::Price { .. }, Answer::Price(p)) => match (p.price, &p.reason) {
            (_, Some(reason)) => Err(format!(
                "no offer can buy {} for {}: {reason}",
                p.target, p.buyer
            )),
            (Some(_), None) if p.already => {
                Err(format!("{} is already in {}'s bloc", p.target, p.buyer))
            }
            (Some(v), None) => Ok((v, format!("the price is {}", num(v)))),
            (None, None) => Err("no price was found".to_string()),
        },
        (Quantity::Energy, Answer::Alignment(a)) => Ok((
            a.energy,
            format!("the energy is {}{}", num(a.energy), approximate(a.exact)),
        )),
        (Quantity::CostOfLeaving(_), Answer::Why(w)) => Ok((
            w.cost_of_leaving,
            format!("leaving would cost {} {}", w.state, num(w.cost_of_leaving)),
        )),
        (Quantity::BalanceRatio, Answer::Balance(b)) => match b.ratio {
            Some(r) => Ok((r, format!("the ratio is {} : 1", num(r)))),
            None => Err("one bloc holds every state: there is no ratio".to_string()),
        },
        (Quantity::AttackRatio { .. }, Answer::Deterrence(d)) => {
            Ok((d.ratio, format!("the ratio is {} : 1", num(d.ratio))))
        }
        (Quantity::Basin(k), Answer::Stable(st)) => match st.alignments.get(k - 1) {
            Some(a) => Ok((
                a.basin,
                format!("its basin is {}{}", num(a.basin), approximate(st.exact)),
            )),
            None => Err(format!(
                "`stable alignments?` lists {} alignment{}",
                st.alignments.len(),
                if st.alignments.len() == 1 { "" } else { "s" }
            )),
        },
        (Quantity::ChanceWith(..) | Quantity::ChanceDeterred { .. }, Answer::Likelihood(l)) => {
            Ok((
                l.share.probability,
                format!(
                    "the chance is {} ({} of {} draws)",
                    num(l.share.probability),
                    l.share.count,
                    l.sampling.draws
                ),
            ))
        }
        _ => Err("the answer is not of the kind expected".to_string()),
    }
}

/// Whether `actual` is within the tolerance of `expected` — `tolerance`, or without one
/// the printed precision of `actual` — and the tolerance applied. Binary floating point
/// cannot hold most decimals exactly (2.9 + 0.1 ≠ 3): differences within a billionth of
/// the larger magnitude more than the tolerance still hold.
pub fn within(actual: f64, expected: f64, tolerance: Option<f64>) -> (bool, f64) {
    let tol = tolerance.unwrap_or_else(|| printed_tolerance(actual));
    let slack = 1e-9 * actual.abs().max(expected.abs());
    ((actual - expected).abs() <= tol + slack, tol)
}

#[cfg(test)]
mod tests {
    use super::within;

    #[test]
    fn tolerance_edges() {
        // Copied from the output: holds.
        assert!(within(2.88125, 2.8812, None).0);
        assert!(within(2.88125, 2.8813, None).0);
        // One more unit in the last printed place: fails.
        assert!(!within(2.88125, 2.8814, None).0);
        // A rounder number needs its tolerance.
        assert!(!within(2.88125, 2.88, None).0);
        assert!(within(2.88125, 2.88, Some(0.005)).0);
        // Exactly at the tolerance, in decimals binary floats cannot hold.
        assert!(within(3.0, 2.9, Some(0.1)).0);
        assert!(within(2.8, 2.9, Some(0.1)).0);
        assert!(!within(3.0001, 2.9, Some(0.1)).0);
        // Small numbers are printed to four significant digits.
        assert!(within(0.000_549_2, 0.000_549_2, None).0);
        assert!(!within(0.000_549_2, 0.000_549, None).0);
        assert!(within(0.000_549_2, 0.000_549, Some(0.000_001)).0);
        assert_eq!(within(1.0, 1.0, Some(0.0)), (true, 0.0));
    }
}
