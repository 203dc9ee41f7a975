//! The `expect` forms that read one answer — equilibria, stable alignments, price,
//! deterrence, timeline, balance, a likely pair — checked against the answer the matching query gives
//! (so an expectation can never disagree with what `ally run` prints for that query).

use serde_json::Value;

use super::Answer;
use super::number::num;
use crate::dynamics::Switch;
use crate::games::report::{Equilibria, Equilibrium, Risk};
use crate::model::Scenario;
use crate::model::question::{Expectation, ProfileTest};

/// (passed, the actual answer in words) of `e` against `answer`, the answer to the
/// question `e` asks.
pub fn check(s: &Scenario, e: &Expectation, answer: &Answer) -> (bool, String) {
    match (e, answer) {
        (Expectation::Equilibria { count, .. }, Answer::Equilibria(eq)) => {
            let n = eq.equilibria.len();
            (n as u64 == *count, listed(eq))
        }
        (
            Expectation::Profile {
                test,
                game,
                profile,
            },
            Answer::Equilibria(eq),
        ) => {
            let names: Vec<&str> = profile
                .iter()
                .zip(&s.games[*game].strategies)
                .map(|(&k, strategies)| strategies[k].as_str())
                .collect();
            profile_check(*test, &names, eq)
        }
        (Expectation::Likely(..), Answer::Likelihood(l)) => (
            l.share.probability >= 0.5,
            format!(
                "{} in {} of the draws ({} of {})",
                l.event,
                num(l.share.probability),
                l.share.count,
                l.sampling.draws
            ),
        ),
        (Expectation::StableCount(count), Answer::Stable(st)) => (
            st.total == *count,
            format!(
                "{} stable alignment{}{}",
                st.total,
                if st.total == 1 { "" } else { "s" },
                if st.exact {
                    ""
                } else {
                    " (approximate: heuristic search)"
                }
            ),
        ),
        (Expectation::PriceBetween { low, high, .. }, Answer::Price(p)) => {
            match (p.price, &p.reason) {
                (_, Some(reason)) => (
                    false,
                    format!("no offer can buy {} for {}: {reason}", p.target, p.buyer),
                ),
                (Some(_), None) if p.already => (
                    false,
                    format!("{} is already in {}'s bloc", p.target, p.buyer),
                ),
                (Some(v), None) => (
                    *low <= v && v <= *high,
                    format!(
                        "the price is {}: {} joins {}'s bloc for an offer above it",
                        num(v),
                        p.target,
                        p.buyer
                    ),
                ),
                (None, None) => (false, "no price was found".to_string()),
            }
        }
        (Expectation::Deterred { deterred, .. }, Answer::Deterrence(d)) => (
            d.deterred == *deterred,
            if d.deterred {
                format!(
                    "deterred: ratio {} : 1, {} cannot count on overwhelming superiority",
                    num(d.ratio),
                    d.attacker
                )
            } else {
                format!(
                    "not deterred: ratio {} : 1, {}'s side is overwhelming",
                    num(d.ratio),
                    d.attacker
                )
            },
        ),
        (Expectation::Switches { state, time }, Answer::Timeline(t)) => {
            let switched: Vec<&Switch> = t
                .steps
                .iter()
                .filter(|st| st.time == Some(*time))
                .flat_map(|st| &st.switched)
                .collect();
            let passed = match state {
                None => switched.is_empty(),
                Some(name) => switched.iter().any(|sw| sw.state == *name),
            };
            let at = num(*time);
            let actual = if switched.is_empty() {
                format!("at {at} nobody switches sides")
            } else {
                let parts: Vec<String> = switched
                    .iter()
                    .map(|sw| {
                        sw.neutral_words().unwrap_or_else(|| {
                            format!(
                                "{} switches from the {} bloc to the {} bloc",
                                sw.state, sw.from, sw.to
                            )
                        })
                    })
                    .collect();
                format!("at {at} {}", parts.join("; "))
            };
            (passed, actual)
        }
        (Expectation::Balance { even }, Answer::Balance(b)) => (
            (b.verdict == "fairly even") == *even,
            match b.ratio {
                Some(r) => format!("{}: ratio {} : 1", b.verdict, num(r)),
                None => format!("{}: one bloc holds every state", b.verdict),
            },
        ),
        _ => super::trees::check(s, e, answer)
            .unwrap_or_else(|| (false, "the answer is not of the kind expected".to_string())),
    }
}

/// `3 equilibria: (Stag, Stag); (Rabbit, Rabbit); (Stag 3/4 + Rabbit 1/4, …)`.
fn listed(eq: &Equilibria) -> String {
    let n = eq.equilibria.len();
    let labels: Vec<&str> = eq.equilibria.iter().map(|q| q.label.as_str()).collect();
    let what = if eq.mixed_searched {
        "equilibri"
    } else {
        "pure equilibri"
    };
    let mut s = format!(
        "{n} {what}{}{}{}",
        if n == 1 { "um" } else { "a" },
        if n == 0 { "" } else { ": " },
        labels.join("; ")
    );
    // Only a game searched for mixed equilibria can be degenerate; a ranked game (pure
    // equilibria only) is not.
    if eq.degenerate == Some(true) {
        s.push_str(" (degenerate game: the extreme equilibria are listed)");
    }
    s
}

/// The strategy each player plays with certainty, in player order; `None` for a mixed
/// equilibrium.
fn pure_profile(eq: &Equilibria, q: &Equilibrium) -> Option<Vec<String>> {
    if !q.pure {
        return None;
    }
    eq.players
        .iter()
        .map(|p| {
            let m = q.strategies.get(p).and_then(Value::as_object)?;
            (m.len() == 1).then(|| m.keys().next().cloned()).flatten()
        })
        .collect()
}

fn profile_check(test: ProfileTest, wanted: &[&str], eq: &Equilibria) -> (bool, String) {
    let is = |q: &Equilibrium| {
        pure_profile(eq, q).is_some_and(|p| p.iter().map(String::as_str).eq(wanted.iter().copied()))
    };
    let shown = format!("({})", wanted.join(", "));
    match test {
        ProfileTest::Equilibrium => {
            let pure: Vec<&str> = eq
                .equilibria
                .iter()
                .filter(|q| q.pure)
                .map(|q| q.label.as_str())
                .collect();
            if eq.equilibria.iter().any(is) {
                (true, format!("{shown} is a pure equilibrium"))
            } else if pure.is_empty() {
                (
                    false,
                    format!("{shown} is not an equilibrium; there is no pure one"),
                )
            } else {
                (
                    false,
                    format!(
                        "{shown} is not an equilibrium; the pure ones are {}",
                        pure.join(", ")
                    ),
                )
            }
        }
        ProfileTest::PayoffDominant => match eq.equilibria.iter().find(|q| q.payoff_dominant) {
            Some(q) => (
                is(q),
                format!("the payoff dominant equilibrium is {}", q.label),
            ),
            None => (false, "no equilibrium is payoff dominant".to_string()),
        },
        ProfileTest::RiskDominant => {
            match eq
                .equilibria
                .iter()
                .find(|q| q.risk_dominant == Risk::Value(true))
            {
                Some(q) => (
                    is(q),
                    format!("the risk dominant equilibrium is {}", q.label),
                ),
                None if eq
                    .equilibria
                    .iter()
                    .any(|q| q.risk_dominant == Risk::Undetermined) =>
                {
                    (
                        false,
                        "the outcomes are only ranked: a ranking does not settle risk dominance"
                            .to_string(),
                    )
                }
                None if eq
                    .equilibria
                    .iter()
                    .all(|q| q.risk_dominant.is_not_applicable()) =>
                {
                    (
                        false,
                        "risk dominance is computed for 2 × 2 games only".to_string(),
                    )
                }
                None => (false, "no equilibrium is risk dominant".to_string()),
            }
        }
    }
}
