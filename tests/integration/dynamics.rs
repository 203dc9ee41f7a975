//! Change and counterfactuals, checked against independent computations: `price of`
//! against the engine run at offers just above and below it; `what if` against the
//! changed scenario written out; `timeline?` against one hand-written scenario per time;
//! deterrence by hand.

use std::collections::BTreeSet;

use ally_core::query::Answer;
use proptest::prelude::*;

use crate::support::{gen_scenario, write};

use crate::support::{answers, run};

/// The predicted partition as sets of names (indifferent states left out).
fn partition(a: &ally_core::query::Alignment) -> BTreeSet<BTreeSet<String>> {
    a.blocs
        .iter()
        .map(|b| b.members.iter().cloned().collect())
        .collect()
}

fn alignment_of(src: &str) -> ally_core::query::Alignment {
    let r = run(&format!("{src}who allies with whom?\n"));
    match answers(&r).first() {
        Some(Answer::Alignment(a)) => a.clone(),
        other => panic!("expected an alignment, got {other:?}"),
    }
}

fn with(a: &ally_core::query::Alignment, x: &str, y: &str) -> bool {
    a.blocs
        .iter()
        .any(|b| b.members.iter().any(|m| m == x) && b.members.iter().any(|m| m == y))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// An offer of price × (1 + 1e-6) moves X to Y's bloc, and price × (1 − 1e-3) does
    /// not: the price is the exact threshold, not a step of a grid.
    #[test]
    fn price_is_the_exact_threshold(g in gen_scenario(), x in 0usize..10, y in 0usize..10) {
        let n = g.powers.len();
        let (x, y) = (x % n, y % n);
        prop_assume!(x != y);
        let base = write(&g, "balancing 1, aid 1", &(0..n).collect::<Vec<_>>(), 1.0, "");
        let r = run(&format!("{base}price of S{x} for S{y}?\n"));
        let Some(Answer::Price(p)) = answers(&r).first().copied() else {
            panic!("no price answer");
        };
        prop_assume!(!p.already && p.price.is_some());
        let price = p.price.unwrap_or_default();
        prop_assume!(price > 1e-6);
        let above = alignment_of(&format!("{base}offer S{y} -> S{x} {}\n", price * (1.0 + 1e-6)));
        let below = alignment_of(&format!("{base}offer S{y} -> S{x} {}\n", price * (1.0 - 1e-3)));
        // Within the engine's tolerance (a billionth of the total weight) just above the
        // price is a tie, broken by declaration order; skip those cases.
        prop_assume!(above.indifferent.is_empty() && below.indifferent.is_empty() && above.ties == 1);
        prop_assert!(with(&above, &format!("S{x}"), &format!("S{y}")), "above the price S{x} is not with S{y}: {above:?}");
        prop_assert!(!with(&below, &format!("S{x}"), &format!("S{y}")), "below the price S{x} is already with S{y}: {below:?}");
    }

    /// `what if` equals running the changed scenario.
    #[test]
    fn what_if_equals_the_changed_scenario(g in gen_scenario(), a in 0usize..10, b in 0usize..10, level in 0.1f64..=1.0) {
        let n = g.powers.len();
        let (a, b) = (a % n, b % n);
        prop_assume!(a != b && !g.threats.iter().any(|t| (t.0, t.1) == (a, b)));
        let order: Vec<usize> = (0..n).collect();
        let base = write(&g, "balancing", &order, 1.0, "");
        let r = run(&format!("{base}what if S{a} threatens S{b} {level}?\n"));
        let Some(Answer::WhatIf(w)) = answers(&r).first().copied() else {
            panic!("no what-if answer");
        };
        let changed = write(&g, "balancing", &order, 1.0, &format!("threat S{a} -> S{b} {level}\n"));
        let direct = alignment_of(&changed);
        prop_assert_eq!(partition(&w.after), partition(&direct));
        prop_assert_eq!(partition(&w.before), partition(&alignment_of(&base)));
    }
}

/// `timeline?` equals, for each time, the scenario with the events up to then written
/// in by hand.
#[test]
fn timeline_equals_hand_written_scenarios() {
    let head = "ideology left, right\n\
        state A { power 3 ideology left }\nstate B { power 2 ideology right }\n\
        state C { power 1.5 ideology left }\nstate D { power 1 ideology right }\n\
        state E { power 0.5 ideology right }\n\
        border A ~ B\nborder B ~ C\nborder C ~ D\nborder D ~ E\n\
        model balancing 1, ideology 0.5, aid 1\n";
    let r = run(&format!(
        "{head}at 1910 {{ threat A -> C 0.9 }}\nat 1920 {{ battle B defeats A loss 0.5; turmoil C -> right }}\n\
         at 1930 {{ offer D -> E 300 }}\ntimeline?\n"
    ));
    let Some(Answer::Timeline(t)) = answers(&r).first().copied() else {
        panic!("no timeline");
    };
    assert_eq!(t.steps.len(), 4);
    // Written by hand: each time's scenario as a plain file.
    let by_hand = [
        head.to_string(),
        format!("{head}threat A -> C 0.9\n"),
        head.replace("state A { power 3 ", "state A { power 1.5 ")
            .replace(
                "state C { power 1.5 ideology left }",
                "state C { power 1.5 ideology right }",
            )
            + "threat A -> C 0.9\n",
        head.replace("state A { power 3 ", "state A { power 1.5 ")
            .replace(
                "state C { power 1.5 ideology left }",
                "state C { power 1.5 ideology right }",
            )
            + "threat A -> C 0.9\noffer D -> E 300\n",
    ];
    for (step, src) in t.steps.iter().zip(&by_hand) {
        assert_eq!(
            partition(&step.alignment),
            partition(&alignment_of(src)),
            "at {:?}",
            step.time
        );
    }
}

/// A switch is attributed to the event after which it happened, and counted by kind.
#[test]
fn timeline_attributes_switches_to_events() {
    let src = "ideology red, blue\naffinity red ~ blue = -1\n\
        state Big { power 5 ideology red }\nstate Rival { power 4 ideology blue }\n\
        state Small { power 1 ideology red }\n\
        model ideology\n\
        at 1917 { turmoil Small -> blue }\ntimeline?\n";
    let r = run(src);
    let Some(Answer::Timeline(t)) = answers(&r).first().copied() else {
        panic!("no timeline");
    };
    let moved = &t.steps[1].switched;
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert_eq!(moved[0].state, "Small");
    assert_eq!(
        moved[0].kind,
        Some(ally_core::dynamics::events::EventKind::Turmoil)
    );
    assert_eq!(
        t.summary,
        vec![(ally_core::dynamics::events::EventKind::Turmoil, 1)]
    );
}

/// Deterrence by hand: allies count at their alliance's reliability.
#[test]
fn deterrence_counts_allies_at_their_reliability() {
    let src = "state A { power 10 }\nstate B { power 4 }\nstate C { power 4 }\nstate D { power 2 }\n\
        alliance Pact { B, C } reliability 0.5\nalliance { A, D }\n\
        would A attack B?\n";
    let r = run(src);
    let Some(Answer::Deterrence(d)) = answers(&r).first().copied() else {
        panic!("no deterrence answer");
    };
    // A: 10 + 2 × 0.745 = 11.49; B: 4 + 4 × 0.5 = 6; ratio 1.915 < 2: deterred.
    assert!((d.attacker_power - 11.49).abs() < 1e-9);
    assert!((d.target_power - 6.0).abs() < 1e-9);
    assert!(d.deterred);
    let r = run(&src.replace("reliability 0.5", "reliability 0.2"));
    let Some(Answer::Deterrence(d)) = answers(&r).first().copied() else {
        panic!("no deterrence answer");
    };
    // B: 4 + 0.8 = 4.8; ratio 2.39: overwhelming, not deterred.
    assert!(!d.deterred);
}

/// With no aid in the model, no offer can buy anything, and the answer says why.
#[test]
fn price_without_aid_says_why() {
    let src = "state A { power 1 }\nstate B { power 1 }\nstate C { power 1 }\n\
        threat A -> B 1\nthreat C -> B 1\nmodel balancing\nprice of B for A?\n";
    let r = run(src);
    let Some(Answer::Price(p)) = answers(&r).first().copied() else {
        panic!("no price answer");
    };
    assert!(p.price.is_none());
    assert!(p.reason.as_deref().unwrap_or("").contains("aid"));
}

/// An alliance made in one `at` block can be ended in a later one (the time series
/// `ally import atop --from … --to …` writes depend on it). It failed with
/// `ally::undeclared_alliance`: only alliances declared at top level could end.
#[test]
fn an_alliance_made_in_an_at_block_can_end_later() {
    let src = "state A { power 2 }\nstate B { power 1 }\nstate C { power 1 }\n\
               at 1 { alliance Pact { B, C } }\n\
               at 2 { end alliance Pact }\n\
               at 3 { alliance { A, B } }\n\
               at 4 { end alliance \"A–B\" }\n\
               timeline?\n";
    let r = run(src);
    assert!(r.report.diags.is_empty(), "{:?}", r.report.diags);
    let text = ally_core::render::text::file(&r, false);
    assert!(text.contains("end of alliance Pact"), "{text}");
    assert!(text.contains("end of alliance A–B"), "{text}");
}

/// The evaluator's cache is bounded (issue 10 item 5): a timeline of many events solves
/// one landscape per event, and the cache keeps only the most recent few, each still
/// reused while it is kept.
#[test]
fn the_evaluator_cache_is_bounded() {
    use std::sync::Arc;

    use ally_core::solve::{Evaluator, cache::MAX_ENTRIES};

    let mut src = String::from("state A { power 3 }\nstate B { power 2 }\nstate C { power 1 }\n");
    for t in 1..=20 {
        src.push_str(&format!("at {t} {{ offer A -> C {t} }}\n"));
    }
    src.push_str("timeline?\n");
    let (stmts, diags) = ally_core::syntax::parse(&src);
    assert!(diags.is_empty(), "{diags:?}");
    let mut checker = ally_core::model::check::Checker::new();
    checker.check_all(&stmts);
    assert!(checker.diags.is_empty(), "{:?}", checker.diags);
    let item = checker.items.pop().expect("the timeline query");
    let ally_core::model::check::Action::Query(q) = &item.action else {
        panic!("a query");
    };
    let mut ev = Evaluator::new(None);
    let answer = ally_core::query::answer(&mut ev, &item, &q.kind).expect("answered");
    assert!(matches!(answer, Answer::Timeline(t) if t.steps.len() == 21));
    assert_eq!(ev.cached(), MAX_ENTRIES, "21 solves, {MAX_ENTRIES} kept");
    // The snapshot of the query is among the older entries: solved again, it is
    // recomputed, and the result is the same.
    let model = ev.model_for(&item.scenario);
    let a = ev.solve(&item.scenario, &model, item.span).expect("solved");
    let b = ev.solve(&item.scenario, &model, item.span).expect("solved");
    assert!(Arc::ptr_eq(&a, &b), "a kept entry is reused");
    assert_eq!(ev.cached(), MAX_ENTRIES);
}

/// `power X = v` in an `at` block changes a state's power from then on (the time series
/// of CINC scores `ally import atop --from … --to …` writes); at top level it applies at
/// once; a power that is not positive is refused.
#[test]
fn a_power_event_changes_the_power() {
    let src = "state A { power 1 }\nstate B { power 1 }\nstate C { power 1 }\n\
               power C = 2\n\
               at 1900 { power A = 4 }\n\
               timeline?\nbalance of power?\n";
    let r = run(src);
    let text = ally_core::render::text::file(&r, false);
    assert!(text.contains("at 1900: power A = 4"), "{text}");
    let (checker, report) = ally_core::document::check_source("t.ally", src);
    assert!(report.diags.is_empty());
    let s = &checker.state.scenario;
    assert_eq!(s.states[s.state("C").expect("C")].power, 2.0);
    let (_, report) =
        ally_core::document::check_source("t.ally", "state A { power 1 }\nat 1 { power A = -1 }\n");
    assert_eq!(report.diags.len(), 1, "{:?}", report.diags);
}

// ------------------------------------------------------------------ cost (issue 12 item 7)

/// The engine solves spent answering the file's queries, and the timeline answered.
fn timeline_cost(src: &str) -> (usize, serde_json::Value) {
    let (checker, report) = ally_core::document::check_source("t.ally", src);
    assert!(!report.has_errors(), "{:?}", report.diags);
    let mut ev = ally_core::query::Evaluator::new(None);
    let mut last = serde_json::Value::Null;
    for item in &checker.items {
        if let ally_core::model::check::Action::Query(q) = &item.action {
            let a = ally_core::query::answer(&mut ev, item, &q.kind).expect("answered");
            last = serde_json::to_value(&a).expect("JSON");
        }
    }
    (ev.engine_solves, last)
}

/// Ten states, B-side threats, and `blocks` `at` blocks of `events` events each: offers
/// (which weigh nothing under balancing with `latent intent 0`: with no latent threat
/// between them to end, aid partners are what they were) or, with `threats`, threats
/// that change the landscape but not the alignment.
fn long_timeline(blocks: usize, events: usize, threats: bool) -> String {
    let mut s = String::new();
    if !threats {
        s.push_str("latent intent 0\n");
    }
    for i in 0..10 {
        s.push_str(&format!("state S{i} {{ power {} }}\n", 1 + i % 4));
    }
    s.push_str("threat S0 -> S1 1\nthreat S2 -> S3 1\nborder S0 ~ S1\n");
    for b in 0..blocks {
        let evs: Vec<String> = (0..events)
            .map(|e| {
                let (x, y) = (4 + (b + e) % 6, 4 + (b + e + 1) % 6);
                if threats {
                    format!("threat S{x} -> S{y} 0.0{}", 1 + (b + e) % 9)
                } else {
                    format!("offer S{x} -> S{y} {}", 1 + b + e)
                }
            })
            .collect();
        s.push_str(&format!("at {} {{ {} }}\n", 1900 + b, evs.join("; ")));
    }
    s.push_str("timeline?\n");
    s
}

/// `timeline?` solved one landscape per event (25 states and 1,000 blocks: minutes). A
/// step whose landscape is the one already solved (events that weigh nothing under the
/// model) now reuses that solution, and a block where nobody switches solves only its
/// end; the answer is the same as one `who allies with whom?` per step, written out.
#[test]
fn a_timeline_solves_only_what_changed() {
    // 12 blocks of offers under balancing: the landscape never changes.
    let (solves, answer) = timeline_cost(&long_timeline(12, 3, false));
    assert_eq!(solves, 1, "{answer}");
    let steps = answer["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 13);
    assert!(
        steps
            .iter()
            .all(|s| s["alignment"] == steps[0]["alignment"])
    );

    // 12 blocks of 3 small threats each: one solve per block (its end) and the start,
    // not one per event, as long as nobody switches.
    let src = long_timeline(12, 3, true);
    let (solves, answer) = timeline_cost(&src);
    let steps = answer["steps"].as_array().expect("steps");
    let switched: usize = steps
        .iter()
        .map(|s| s["switched"].as_array().map_or(0, Vec::len))
        .sum();
    let with_switches = steps
        .iter()
        .filter(|s| s["switched"].as_array().is_some_and(|v| !v.is_empty()))
        .count();
    assert!(
        solves <= 1 + 12 + 2 * with_switches,
        "{solves} solves, {switched} switches"
    );
    // Each step's alignment is the one of the scenario written out at that time.
    let mut written = String::new();
    for line in src
        .lines()
        .filter(|l| !l.starts_with("at ") && *l != "timeline?")
    {
        written.push_str(line);
        written.push('\n');
    }
    for (k, line) in src.lines().filter(|l| l.starts_with("at ")).enumerate() {
        let body = &line[line.find('{').unwrap() + 1..line.rfind('}').unwrap()];
        for e in body.split(';') {
            let e = e.trim();
            // A later threat between the same pair replaces the earlier one, as the
            // event does: drop the earlier declaration.
            let pair = e.rsplit_once(' ').unwrap().0;
            written = written
                .lines()
                .filter(|l| !l.starts_with(&format!("{pair} ")))
                .map(|l| format!("{l}\n"))
                .collect();
            written.push_str(e);
            written.push('\n');
        }
        let expected = alignment_of(&written);
        let got = &steps[k + 1]["alignment"];
        let members: BTreeSet<BTreeSet<String>> = got["blocs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                b["members"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|m| m.as_str().unwrap().to_string())
                    .collect()
            })
            .collect();
        assert_eq!(members, partition(&expected), "step {}", k + 1);
    }
}
