//! Neutrality in the language and the answers (issue 24 item 6): `blocs N, neutral`,
//! `expect X neutral`, the answers that list or word neutral states, and `why X?` for a
//! neutral state — each join's cost against the energy by the definition, and its terms
//! adding up to it.

use std::fmt::Write;

use proptest::prelude::*;

use ally_core::query::Answer;
use ally_core::render;

use crate::support::{answers, run};

/// SPEC §1.1's worked example (A 1, B 2, C 3; p_AB = 1, p_AC = −1, p_BC = −2) with D, a
/// friend of both sides (p_DA = 1, p_DC = 1): joining the B bloc ({A, B}) would set it
/// apart from C, +2·1·3·1 = 6; joining C's, apart from A, +2·1·1·1 = 2. So D stays out
/// and the least energy stays −30.
const FRIEND_OF_BOTH: &str = "state A { power 1 }\nstate B { power 2 }\nstate C { power 3 }\n\
    state D { power 1 }\npropensity A ~ B = 1\npropensity A ~ C = -1\npropensity B ~ C = -2\n\
    propensity D ~ A = 1\npropensity D ~ C = 1\nmodel landscape\nblocs 2, neutral\n";

fn text(src: &str) -> String {
    render::text::file(&run(src), false)
}

#[test]
fn a_friend_of_both_sides_stays_out_and_why_says_what_each_join_costs() {
    let out = text(&format!("{FRIEND_OF_BOTH}who allies with whom?\nwhy D?\n"));
    assert!(
        out.contains(
            "  B bloc  A, B  (power 3)\n  C bloc  C  (power 3)\n  neutral: D\n  energy -30 "
        ),
        "{out}"
    );
    assert!(
        out.contains("D is neutral under landscape: no bloc gives it a net gain"),
        "{out}"
    );
    assert!(
        out.contains("  joining the B bloc would raise the energy by 6\n"),
        "{out}"
    );
    assert!(
        out.contains("  joining the C bloc would raise the energy by 2\n"),
        "{out}"
    );
    let r = run(&format!("{FRIEND_OF_BOTH}why D?\n"));
    let Answer::Why(w) = answers(&r)[0] else {
        panic!("a why answer");
    };
    assert!(w.neutral && w.bloc.is_none() && !w.indifferent);
    assert_eq!((w.cost_of_leaving, w.move_to.as_deref()), (2.0, Some("C")));
    let costs: Vec<(Option<&str>, f64)> = w
        .joins
        .iter()
        .map(|j| (j.bloc.as_deref(), j.cost))
        .collect();
    assert_eq!(costs, [(Some("B"), 6.0), (Some("C"), 2.0)]);
    for j in &w.joins {
        let sum: f64 = j.terms.iter().map(|t| t.hold).sum();
        assert_eq!(sum, j.cost, "{j:?}");
    }
    // Without neutrality D must choose, and takes the cheaper side.
    let plain = FRIEND_OF_BOTH.replace("blocs 2, neutral", "blocs 2");
    let out = text(&format!("{plain}who allies with whom?\n"));
    assert!(out.contains("C bloc  C, D  (power 4)"), "{out}");
}

#[test]
fn expect_neutral_passes_fails_and_needs_neutrality() {
    let r = run(&format!(
        "{FRIEND_OF_BOTH}expect D neutral\nexpect A neutral\nexpect D indifferent\nexpect D with C\n"
    ));
    let outcomes: Vec<(bool, String)> = r
        .entries
        .iter()
        .filter_map(|e| match e {
            ally_core::query::file::Entry::Expect(x) => {
                Some((x.outcome.passed, x.outcome.actual.clone()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            (
                true,
                "D is neutral: no bloc gives it a net gain".to_string()
            ),
            (false, "A is in the B bloc".to_string()),
            (
                false,
                "D is neutral: no bloc gives it a net gain".to_string()
            ),
            (false, "D is neutral".to_string()),
        ]
    );
    // Without `, neutral` no state can stay out: the checker says so.
    let src = FRIEND_OF_BOTH.replace("blocs 2, neutral", "blocs 2") + "expect D neutral\n";
    let r = ally_core::document::run_source("t.ally", &src, None);
    let d = r
        .report
        .diags
        .iter()
        .find(|d| d.code == "ally::not_supported");
    let d = d.unwrap_or_else(|| panic!("{:?}", r.report.diags));
    assert!(
        d.help.as_deref().unwrap_or("").contains("blocs 2, neutral"),
        "{d:?}"
    );
}

#[test]
fn the_syntax_reads_and_formats_neutrality() {
    let src = "state A { power 1 }\nstate B { power 1 }\nBLOCS 3 ,   Neutral\nexpect A   NEUTRAL\n";
    let r = ally_core::document::run_source("t.ally", src, None);
    assert!(!r.report.has_errors(), "{:?}", r.report.diags);
    let formatted = ally_core::format::format_source(src).expect("formats");
    assert!(formatted.contains("\nblocs 3, neutral\n"), "{formatted}");
    assert!(formatted.contains("\nexpect A neutral\n"), "{formatted}");
    // A missing comma is a syntax error that says the comma is what may follow.
    let r = ally_core::document::run_source("t.ally", "blocs 2 neutral\n", None);
    let d = r.report.diags.first().expect("a syntax error");
    assert_eq!(d.code, "ally::syntax");
    assert!(d.message.contains("unexpected `neutral`"), "{}", d.message);
    assert!(d.label.contains("expected `,`"), "{}", d.label);
}

#[test]
fn leaving_for_neutrality_and_joining_from_it_are_worded_as_such() {
    // At 1 D turns against C: joining the B bloc now sets it apart from an enemy, a gain
    // of 6. At 2 it is C's friend again and goes back out.
    let src = format!(
        "{FRIEND_OF_BOTH}at 1 {{ propensity D ~ C = -1 }}\nat 2 {{ propensity D ~ C = 1 }}\ntimeline?\n\
         expect D switches at 1\nexpect D switches at 2\n\
         what if propensity D ~ C = -1?\n"
    );
    let r = run(&src);
    assert_eq!(r.failed_expectations(), 0);
    let out = render::text::file(&r, false);
    assert!(
        out.contains("  D joins the B bloc from neutrality after: "),
        "{out}"
    );
    assert!(
        out.contains("  D leaves the B bloc for neutrality after: "),
        "{out}"
    );
    assert!(
        out.contains("  after\n  B bloc  A, B, D  (power 4)"),
        "{out}"
    );
    let json = render::json::file(&r, &src);
    let steps = &json["queries"][0]["answer"]["steps"];
    assert_eq!(steps[1]["switched"][0]["from_neutral"], true, "{steps}");
    assert_eq!(steps[2]["switched"][0]["to_neutral"], true, "{steps}");
    assert_eq!(steps[0]["alignment"]["neutral"][0], "D", "{steps}");
    assert_eq!(
        steps[1]["alignment"]["neutral"].as_array().map(Vec::len),
        Some(0)
    );
}

#[test]
fn every_alignment_in_json_lists_its_neutral_states() {
    let src = format!("{FRIEND_OF_BOTH}who allies with whom?\nstable alignments?\n");
    let r = run(&src);
    let json = render::json::file(&r, &src);
    assert_eq!(
        json["queries"][0]["answer"]["neutral"],
        serde_json::json!(["D"])
    );
    for a in json["queries"][1]["answer"]["alignments"]
        .as_array()
        .unwrap()
    {
        assert!(a["neutral"].is_array(), "{a}");
    }
    // Without neutrality the field is there, empty.
    let plain = "state A { power 1 }\nstate B { power 1 }\npropensity A ~ B = -1\nmodel landscape\nwho allies with whom?\n";
    let r = run(plain);
    let json = render::json::file(&r, plain);
    assert_eq!(
        json["queries"][0]["answer"]["neutral"],
        serde_json::json!([])
    );
}

#[test]
fn sides_balance_compare_and_deterrence_word_a_neutral_state() {
    let src = format!(
        "{FRIEND_OF_BOTH}allies of D?\nenemies of D?\nbalance of power?\ncompare models?\nwould A attack C?\n"
    );
    let out = text(&src);
    assert!(
        out.contains("  D is neutral: it stays out of every bloc, with no allies and no enemies"),
        "{out}"
    );
    assert!(
        out.contains("  neutral: D  power 1 (outside the balance)\n"),
        "{out}"
    );
    let row = out
        .lines()
        .find(|l| l.starts_with("  D    "))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(row.ends_with("neutral"), "{row}");
    assert!(
        out.contains("  predicted neutral, outside both sides (not counted): D\n"),
        "{out}"
    );
    let r = run(&src);
    let json = render::json::file(&r, &src);
    assert_eq!(json["queries"][0]["answer"]["neutral"], true);
    let rows = &json["queries"][3]["answer"]["rows"];
    assert_eq!(rows[3]["state"], "D");
    assert_eq!(
        rows[3]["neutral"].as_array().unwrap().last(),
        Some(&serde_json::json!(true))
    );
}

/// SPEC §1.1's A, B, C (E = −30 with {A, B} | {C}) and E (power 1), who wants to be
/// apart from B (p = −1) and, less, from C (p = −0.5): in C's bloc it gains 2·2·1 = 4
/// (E = −34), in B's 2·3·0.5 = 3 (−33), out nothing (−30). B's aid to E raises
/// every configuration that parts them by κ = 1·2·1·0.01 = 0.02 a unit, so E joins B
/// above (−33 − (−34)) / 0.02 = 50. D, the friend of both, stays out at any offer.
const BUYERS: &str = "state A { power 1 }\nstate B { power 2 }\nstate C { power 3 }\n\
    state D { power 1 }\nstate E { power 1 }\npropensity A ~ B = 1\npropensity A ~ C = -1\n\
    propensity B ~ C = -2\npropensity D ~ A = 1\npropensity D ~ C = 1\npropensity E ~ B = -1\n\
    propensity E ~ C = -0.5\nmodel landscape 1, aid 1\nblocs 2, neutral\n";

#[test]
fn aid_cannot_buy_a_neutral_state_but_prices_a_state_in_the_other_bloc() {
    let r = run(&format!(
        "{BUYERS}who allies with whom?\nprice of D for B?\nprice of E for B?\n"
    ));
    let a = answers(&r);
    let Answer::Alignment(al) = a[0] else {
        panic!()
    };
    assert_eq!(
        (al.energy, al.neutral.as_slice()),
        (-34.0, ["D".to_string()].as_slice())
    );
    let Answer::Price(p) = a[1] else { panic!() };
    assert_eq!(p.price, None);
    assert!(
        p.reason
            .as_deref()
            .unwrap()
            .contains("D stays out of every bloc"),
        "{p:?}"
    );
    let Answer::Price(p) = a[2] else { panic!() };
    let price = p.price.expect("E can be bought for B");
    assert!((price - 50.0).abs() < 1e-6, "{price}");
    // Just above the price E sits with B, just below it does not.
    for (amount, with) in [(price * 1.001, true), (price * 0.999, false)] {
        let r = run(&format!("{BUYERS}offer B -> E {amount}\nexpect E with B\n"));
        assert_eq!(
            r.failed_expectations() == 0,
            with,
            "offer {amount}, price {price}"
        );
    }
    // A would rather stay out than join C's bloc (out: −24 + 0 beats with C: −20), and no
    // offer changes that: aid only raises the configurations that part them.
    let r = run(&format!("{BUYERS}price of A for C?\n"));
    let Answer::Price(p) = answers(&r)[0] else {
        panic!()
    };
    assert_eq!(p.price, None);
    assert!(
        p.reason.as_deref().unwrap().contains("A would stay out"),
        "{p:?}"
    );
}

#[test]
fn the_picture_draws_a_neutral_state_apart_in_white() {
    let (checker, report) = ally_core::document::check_source("t.ally", FRIEND_OF_BOTH);
    assert!(!report.has_errors());
    let s = std::sync::Arc::new(checker.state.scenario);
    let blocs = ally_core::query::picture::blocs_for(&s, None);
    assert_eq!(blocs.neutral, [false, false, false, true]);
    let svg = render::svg::svg(&s, &blocs);
    let doc = roxmltree::Document::parse(&svg).expect("well-formed");
    let d = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("circle")
                && n.children()
                    .any(|c| c.text().is_some_and(|t| t.starts_with("D:")))
        })
        .expect("D's circle");
    assert_eq!(d.attribute("fill"), Some(render::svg::STAYS_OUT_FILL));
    assert!(
        svg.contains("neutral state (stays out of every bloc)"),
        "legend"
    );
    // A picture without neutral states keeps its legend.
    let plain = FRIEND_OF_BOTH.replace("blocs 2, neutral", "blocs 2");
    let (checker, _) = ally_core::document::check_source("t.ally", &plain);
    let s = std::sync::Arc::new(checker.state.scenario);
    let svg = render::svg::svg(&s, &ally_core::query::picture::blocs_for(&s, None));
    assert!(!svg.contains("stays out"));
}

#[test]
fn markdown_lists_the_neutral_states() {
    let src = format!("{FRIEND_OF_BOTH}who allies with whom?\nstable alignments?\n");
    let md = render::markdown::file(&run(&src));
    assert!(md.contains("neutral: D"), "{md}");
}

/// The declared pairs of a random landscape: propensities in −1..1, cycled, a pair left
/// without one when its value is small (about a third of them).
fn declared(n: usize, props: &[f64]) -> Vec<(usize, usize, f64)> {
    let pairs = (0..n).flat_map(|i| (i + 1..n).map(move |j| (i, j)));
    pairs
        .zip(props.iter().cycle())
        .filter(|(_, p)| p.abs() > 0.33)
        .map(|((i, j), &p)| (i, j, p))
        .collect()
}

/// A landscape file of those pairs under `blocs k, neutral`, asking the alignment and
/// `why` of every state.
fn landscape_file(powers: &[f64], props: &[f64], k: usize) -> String {
    let mut s = String::new();
    for (i, p) in powers.iter().enumerate() {
        let _ = writeln!(s, "state S{i} {{ power {p} }}");
    }
    for (i, j, p) in declared(powers.len(), props) {
        let _ = writeln!(s, "propensity S{i} ~ S{j} = {p}");
    }
    let _ = writeln!(
        s,
        "model landscape\nblocs {k}, neutral\nwho allies with whom?"
    );
    for i in 0..powers.len() {
        let _ = writeln!(s, "why S{i}?");
    }
    s
}

/// The energy by the definition from the declared numbers: label 0 neutral.
fn energy(powers: &[f64], p: &[Vec<f64>], label: &[usize]) -> f64 {
    let n = powers.len();
    let mut e = 0.0;
    for i in 0..n {
        for j in 0..n {
            if i != j && label[i] != 0 && label[j] != 0 && label[i] != label[j] {
                e += powers[i] * powers[j] * p[i][j];
            }
        }
    }
    e
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// Issue 24's property: a neutral state's `why` costs are the energy changes of
    /// joining each bloc, its terms add up to each, none is negative (it stays out exactly
    /// when no bloc gives it a net gain); a bloc member's cost is its cheapest move, to
    /// another bloc or to neutrality, and no move to neutrality gains.
    #[test]
    fn why_costs_are_the_energy_changes_of_joining(
        powers in prop::collection::vec(1u32..5, 3..=8),
        props in prop::collection::vec(-1.0f64..1.0, 1..40),
        k in 2usize..=3,
    ) {
        let powers: Vec<f64> = powers.into_iter().map(f64::from).collect();
        let props: Vec<f64> = props.iter().map(|p| (p * 4.0).round() / 4.0).collect();
        let n = powers.len();
        let src = landscape_file(&powers, &props, k);
        let r = run(&src);
        let a = answers(&r);
        let Answer::Alignment(al) = a[0] else { panic!("an alignment") };
        prop_assume!(al.indifferent.is_empty());
        // The declared propensities, as the file has them.
        let mut p = vec![vec![0.0; n]; n];
        for (i, j, v) in declared(n, &props) {
            p[i][j] = v;
            p[j][i] = v;
        }
        let idx = |name: &str| name[1..].parse::<usize>().unwrap();
        let mut label = vec![0usize; n];
        for (b, bloc) in al.blocs.iter().enumerate() {
            for m in &bloc.members {
                label[idx(m)] = b + 1;
            }
        }
        for m in &al.neutral {
            prop_assert_eq!(label[idx(m)], 0);
        }
        let e0 = energy(&powers, &p, &label);
        let tol = 1e-9 * (1.0 + e0.abs());
        let used = al.blocs.len();
        for (me, answer) in a[1..].iter().enumerate() {
            let Answer::Why(w) = answer else { panic!("a why answer") };
            let moved = |to: usize| {
                let mut l = label.clone();
                l[me] = to;
                energy(&powers, &p, &l) - e0
            };
            if label[me] == 0 {
                prop_assert!(w.neutral);
                // Every bloc, then a bloc of its own while one is free.
                prop_assert_eq!(w.joins.len(), used + usize::from(used < k));
                for (b, j) in w.joins.iter().enumerate() {
                    let want = moved(b + 1);
                    prop_assert!((j.cost - want).abs() <= tol, "join {b}: {} vs {want}", j.cost);
                    let sum: f64 = j.terms.iter().map(|t| t.hold).sum();
                    prop_assert!((sum - j.cost).abs() <= tol, "terms {sum} vs {}", j.cost);
                    prop_assert!(j.cost >= -tol, "a bloc gives {} a net gain", w.state);
                    prop_assert_eq!(j.bloc.clone(), al.blocs.get(b).map(|x| x.name.clone()));
                }
            } else {
                prop_assert!(!w.neutral && w.joins.is_empty());
                let mut costs: Vec<(f64, usize)> = (0..=used.min(k - 1) + 1)
                    .filter(|&to| to != label[me] && to <= k)
                    .map(|to| (moved(to), to))
                    .collect();
                costs.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
                prop_assert!(moved(0) >= -tol, "{} gains by going out", w.state);
                prop_assert!((w.cost_of_leaving - costs[0].0).abs() <= tol);
                let sum: f64 = w.terms.iter().map(|t| t.hold).sum();
                prop_assert!((sum - w.cost_of_leaving).abs() <= tol, "terms {sum} vs {}", w.cost_of_leaving);
                if costs.len() < 2 || costs[1].0 - costs[0].0 > tol {
                    prop_assert_eq!(w.to_neutral, costs[0].1 == 0);
                }
            }
        }
    }
}

#[test]
fn the_repl_completes_and_explains_neutrality() {
    use ally::repl::helper::{Names, complete_text};
    let (checker, _) = ally_core::document::check_source("x", FRIEND_OF_BOTH);
    let names = Names::of(checker.scenario());
    for text in ["blocs 2, neu", "expect D neu"] {
        let got: Vec<String> = complete_text(&names, text, text.len())
            .1
            .into_iter()
            .map(|p| p.display)
            .collect();
        assert!(got.iter().any(|w| w == "neutral"), "{text}: {got:?}");
    }
    let help = ally::repl::help::topic("neutral").expect("help on neutral");
    assert!(help.contains("blocs N, neutral"), "{help}");
    assert!(
        ally::repl::help::topic("expect")
            .unwrap()
            .contains("expect X neutral")
    );
}
