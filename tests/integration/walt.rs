//! Issue 24: Walt's threat as a political scientist reads it — the latent threat of
//! power named and settable, allies that are no latent threat to each other,
//! bandwagoning by the threatened (never with a weaker state), withdrawal back to the
//! latent level, the default affinity said aloud, and blocs that keep their names
//! through time. Each test was written against the sentence the issue quotes.

use ally_core::query::Answer;
use ally_core::render;

use crate::support::{answers, run};

/// The text `ally run` prints for a file (no errors allowed).
fn text(src: &str) -> String {
    render::text::file(&run(src), false)
}

/// Every one of `parts` is in `out` (which is shown when one is not).
fn has_all(out: &str, parts: &[&str]) {
    for p in parts {
        assert!(out.contains(p), "no `{p}` in:\n{out}");
    }
}

/// The Middle East of 1972 (CINC powers, capitals): Egypt allied with its patron the
/// USSR, Syria armed by it, Israel by the United States; Israel and its two neighbours
/// threaten each other across their borders.
const LEVANT_1972: &str = "\
state USSR   { power 0.17   at 55.75, 37.62 }
state USA    { power 0.14   at 38.9, -77.04 }
state Egypt  { power 0.011  at 30.04, 31.24 }
state Syria  { power 0.003  at 33.51, 36.29 }
state Israel { power 0.004  at 31.77, 35.21 }
border Israel ~ Egypt
border Israel ~ Syria
threat Israel -> Egypt 0.7
threat Israel -> Syria 0.7
threat Egypt -> Israel 0.6
threat Syria -> Israel 0.6
alliance Friendship { Egypt, USSR } type defense and consultation
offer USSR -> Syria 100
offer USA -> Israel 100
model balancing
";

// ------------------------------------------------------------ items 1 and 2: latent threat

/// "Egypt balances against USSR's threat" for two treaty allies, and the USSR ranked
/// Syria's first threat: a patron is no latent threat to its client.
#[test]
fn a_patron_is_no_latent_threat_to_its_client() {
    let out = text(&format!("{LEVANT_1972}why Egypt?\nwhy Syria?\n"));
    // No threat or power term between the USSR and its ally or its client.
    for line in out.lines() {
        let pair = line.contains("USSR") && (line.contains("Egypt") || line.contains("Syria"));
        assert!(
            !(pair && (line.contains("threat") || line.contains("power"))),
            "{line}\n{out}"
        );
    }
    let r = run(&format!(
        "{LEVANT_1972}biggest threat to Syria?\nthreats to Syria?\nwho allies with whom?\n"
    ));
    let a = answers(&r);
    let Answer::Threats(t) = a[0] else {
        panic!("{:?}", a[0])
    };
    assert_eq!(t.threats[0].from, "Israel", "{t:?}");
    let Answer::Threats(all) = a[1] else { panic!() };
    let ussr = all
        .threats
        .iter()
        .find(|r| r.from == "USSR")
        .expect("a USSR row");
    assert_eq!(ussr.intent, 0.0);
    assert!(ussr.latent && ussr.partners, "{ussr:?}");
    let Answer::Alignment(al) = a[2] else {
        panic!()
    };
    let syria_with_usa = al
        .blocs
        .iter()
        .any(|b| b.members.iter().any(|m| m == "Syria") && b.members.iter().any(|m| m == "USA"));
    assert!(
        !syria_with_usa,
        "under balancing Syria sits in the USA bloc: {al:?}"
    );
}

/// Power alone is worded as power, never as "X's threat"; declared threats keep theirs.
#[test]
fn latent_terms_are_worded_as_power() {
    let src = "state Leviathan { power 100 }\nstate Amber { power 10 }\nborder Leviathan ~ Amber\n\
               model balancing\nwhy Amber?\nthreats to Amber?\n";
    let out = text(src);
    assert!(!out.contains("'s threat"), "{out}");
    has_all(
        &out,
        &[
            "Amber keeps apart from Leviathan's power (no declared threat)",
            "intent 0.1 (latent)",
        ],
    );
    assert!(!out.contains("baseline"), "{out}");
    let declared = text(&src.replace("model", "threat Leviathan -> Amber 0.5\nmodel"));
    has_all(&declared, &["Amber balances against Leviathan's threat"]);
}

/// `latent intent x` sets the intent of every pair without a declared threat; bad
/// values are diagnostics.
#[test]
fn latent_intent_is_settable() {
    let base = "state A { power 1 }\nstate B { power 2 }\nborder A ~ B\n";
    let r = run(&format!("{base}latent intent 0.3\nthreats to A?\n"));
    let Answer::Threats(t) = answers(&r)[0] else {
        panic!()
    };
    assert_eq!(t.threats[0].intent, 0.3);
    assert!((t.threats[0].threat - 0.6).abs() < 1e-12);
    for bad in ["latent intent 1.5", "latent intent -0.1"] {
        let (_, report) = ally_core::document::check_source("l.ally", &format!("{base}{bad}\n"));
        assert!(
            report.diags.iter().any(|d| d.code == "ally::out_of_range"),
            "{bad}: {:?}",
            report.diags
        );
    }
}

/// The JSON of `threats to X?` and `why` carries the latent flag.
#[test]
fn json_marks_latent_rows_and_terms() {
    let src = "state A { power 1 }\nstate B { power 2 }\nstate C { power 1 }\nborder A ~ B\n\
               threat C -> A 0.5\nthreats to A?\nwhy A?\n";
    let r = run(src);
    let doc = render::json::file(&r, src);
    let rows = doc["queries"][0]["answer"]["threats"]
        .as_array()
        .unwrap()
        .clone();
    for row in &rows {
        let latent = row["latent"].as_bool().expect("latent on every row");
        assert_eq!(latent, row["from"] == "B", "{row}");
    }
    for term in doc["queries"][1]["answer"]["terms"].as_array().unwrap() {
        assert!(term["latent"].is_boolean(), "{term}");
    }
}

/// Item 2 in `at` blocks and `what if`: a pact made later (any type, even one that adds
/// no alliance bonus) removes the latent term between its members.
#[test]
fn a_pact_made_later_removes_the_latent_term() {
    // Balancing against each other's power (−0.1) outweighs a shared ideology (0.05).
    let base = "ideology red\nstate A { power 1 ideology red }\nstate B { power 3 ideology red }\n\
                border A ~ B\nmodel balancing 1, ideology 0.05\n";
    let out = text(&format!(
        "{base}who allies with whom?\nwhat if alliance {{ A, B }} type consultation?\n"
    ));
    has_all(&out, &["A switches"]);
    let t = text(&format!(
        "{base}at 1 {{ alliance {{ A, B }} type consultation }}\ntimeline?\n"
    ));
    has_all(&t, &["A switches"]);
}

// ------------------------------------------------------------ item 3: bandwagoning

/// "Leviathan bandwagons with Amber's threat": a hegemon never bandwagons with a small
/// neighbour; the threatened, weaker state does.
#[test]
fn no_state_bandwagons_with_a_weaker_one() {
    let src = "state Leviathan { power 100 }\nstate Amber { power 10 }\nborder Leviathan ~ Amber\n\
               threat Amber -> Leviathan 0.5\nthreat Leviathan -> Amber 0.5\nmodel bandwagoning\n\
               why Leviathan?\nwhy Amber?\n";
    let out = text(src);
    assert!(!out.contains("Leviathan bandwagons with Amber"), "{out}");
    has_all(
        &out,
        &[
            "Amber bandwagons with Leviathan's threat",
            "Leviathan balances against Amber's threat (Amber is weaker)",
        ],
    );
}

/// `compare models?` says when a column puts every state in one bloc.
#[test]
fn compare_says_when_a_model_gives_one_bloc() {
    let src = "state A { power 1 }\nstate B { power 1 }\nstate C { power 1 }\nborder A ~ B\n\
               border B ~ C\nthreat A -> B 0.5\ncompare models?\n";
    let out = text(src);
    has_all(
        &out,
        &[
            "note: under bandwagoning every state stands in one bloc (each joins",
            "note: under aid every state is indifferent (no force acts",
        ],
    );
}

// ------------------------------------------------------------ item 4: withdrawal

/// `threat Red -> P 0` is no withdrawal: it declares no hostile intent (below latent);
/// `end threat` is one, and returns to the latent level.
#[test]
fn withdrawal_returns_to_latent_and_zero_is_no_hostile_intent() {
    let base = "state Red { power 2 }\nstate P { power 1 }\nstate Q { power 1 }\nborder Red ~ P\n\
                border P ~ Q\nthreat Red -> P 0.9\n";
    let out = text(&format!(
        "{base}what if threat Red -> P 0?\nwhat if end threat Red -> P?\n"
    ));
    has_all(
        &out,
        &[
            "if Red declares no hostile intent towards P:",
            "if Red withdraws its threat to P:",
        ],
    );
    // Ending the threat gives the scenario that never declared it.
    let ended = run(&format!(
        "{base}end threat Red -> P\nthreats to P?\nwho allies with whom?\n"
    ));
    let never = run(&format!(
        "{}threats to P?\nwho allies with whom?\n",
        base.replace("threat Red -> P 0.9\n", "")
    ));
    let (a, b) = (answers(&ended), answers(&never));
    let (Answer::Threats(x), Answer::Threats(y)) = (a[0], b[0]) else {
        panic!()
    };
    assert_eq!(format!("{x:?}"), format!("{y:?}"));
    let (Answer::Alignment(x), Answer::Alignment(y)) = (a[1], b[1]) else {
        panic!()
    };
    assert_eq!(format!("{x:?}"), format!("{y:?}"));
    // The timeline counts each as what it is.
    let t = text(&format!(
        "{base}at 1 {{ threat Red -> P 0 }}\nat 2 {{ threat Red -> P 0.9 }}\nat 3 {{ end threat Red -> P }}\ntimeline?\n"
    ));
    has_all(
        &t,
        &[
            "at 1: Red declares no hostile intent towards P",
            "at 3: Red withdraws its threat to P",
        ],
    );
}

// ------------------------------------------------------------ item 5: default affinity

/// Different ideologies without an `affinity` line get the documented default (0), and
/// the file hears so once, with the pairs named.
#[test]
fn the_default_affinity_is_said_aloud() {
    let src = "ideology democracy, monarchy, communism\naffinity monarchy ~ communism = -0.5\n\
               state A { power 1 ideology democracy }\nstate B { power 1 ideology monarchy }\n\
               state C { power 1 ideology communism }\nmodel ideology\nwho allies with whom?\n";
    let (checker, report) = ally_core::document::check_source("a.ally", src);
    let s = checker.scenario();
    assert_eq!(s.affinity(0, 1), ally_core::model::DEFAULT_AFFINITY);
    assert_eq!(ally_core::model::DEFAULT_AFFINITY, 0.0);
    let notes: Vec<_> = report
        .diags
        .iter()
        .filter(|d| d.code == "ally::default_affinity")
        .collect();
    assert_eq!(notes.len(), 1, "{:?}", report.diags);
    assert!(!notes[0].is_error());
    let m = &notes[0].message;
    assert!(
        m.contains("democracy ~ monarchy") && m.contains("democracy ~ communism"),
        "{m}"
    );
    assert!(!m.contains("monarchy ~ communism"), "{m}");
}

/// The NATO example leaves Sweden's affinities to the default on purpose, and hears so:
/// one note naming the four pairs; under pure ideology Sweden is indifferent.
#[test]
fn nato_1949_names_the_pairs_that_take_the_default_affinity() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = std::fs::read_to_string(root.join("examples/nato-1949.ally")).unwrap();
    let (_, report) = ally_core::document::check_source("nato-1949.ally", &src);
    let notes: Vec<_> = report
        .diags
        .iter()
        .filter(|d| d.code == "ally::default_affinity")
        .collect();
    assert_eq!(notes.len(), 1, "{:?}", report.diags);
    for pair in [
        "democracy ~ authoritarian",
        "democracy ~ nonaligned",
        "communism ~ nonaligned",
        "authoritarian ~ nonaligned",
    ] {
        assert!(
            notes[0].message.contains(pair),
            "{pair}: {}",
            notes[0].message
        );
    }
    assert!(
        notes[0].message.starts_with("note: 4 pairs"),
        "{}",
        notes[0].message
    );
}

// ------------------------------------------------------------ item 7: bloc identity

/// A bloc keeps its name from the moment before: the state it was named after can
/// leave it without the switch reading "from the Red bloc to the Red bloc".
#[test]
fn a_bloc_keeps_its_name_when_its_leader_leaves() {
    let src = "state Red { power 5 }\nstate Blue { power 4 }\nstate a { power 1 }\nstate d { power 1 }\n\
               state b { power 1 }\nstate e { power 1 }\n\
               propensity a ~ d = 1\npropensity b ~ e = 1\npropensity a ~ b = -1\npropensity d ~ e = -1\n\
               alliance RA { Red, a, d } reliability 1\nalliance BB { Blue, b, e } reliability 1\n\
               model landscape\n\
               at 1 { end alliance RA; alliance RB { Red, Blue } reliability 1 }\ntimeline?\n";
    let out = text(src);
    has_all(&out, &["Red switches from the Red bloc to the Blue bloc"]);
    assert!(!out.contains("from the bloc of"), "{out}");
    // After the switch the bloc Red left keeps the name it had.
    has_all(&out, &["Red bloc   a, d"]);
}

/// An offer makes two states partners, with no latent threat between them, whatever its
/// amount: under a model with no `aid` term the price of a state held apart only by
/// latent power is "an offer above 0", and such an offer moves it.
#[test]
fn an_offer_ends_the_latent_threat_so_the_price_can_be_any_offer() {
    let base = "ideology red\nstate A { power 1 ideology red }\nstate B { power 3 ideology red }\n\
                border A ~ B\nmodel balancing 1, ideology 0.05\n";
    let out = text(&format!("{base}price of A for B?\n"));
    has_all(
        &out,
        &["A joins B's bloc for an offer above 0 (offer now 0)"],
    );
    let after = text(&format!("{base}offer B -> A 0.001\nallies of A?\n"));
    has_all(&after, &["A (B bloc): B"]);
    // Without the shared ideology nothing pulls them together: no offer can.
    let none = text(&format!(
        "{}price of A for B?\n",
        base.replace("1, ideology 0.05", "")
    ));
    has_all(&none, &["no offer can buy A for B"]);
}

// ------------------------------------------------------------ properties

mod properties {
    use ally_core::model::Scenario;
    use ally_core::query::Answer;
    use ally_core::theory;
    use proptest::prelude::*;

    use crate::support::{Gen, answers, gen_scenario, run, write};

    const MODELS: [&str; 5] = [
        "balancing",
        "bandwagoning",
        "balancing 1, bandwagoning 1",
        "bandwagoning 1, ideology 0.5",
        "balancing 0.6, bandwagoning 0.4, aid 1",
    ];

    /// The scenario of a generated file (no errors allowed).
    fn scenario(src: &str) -> Scenario {
        let (checker, report) = ally_core::document::check_source("g.ally", src);
        assert!(!report.has_errors(), "{:?}\n{src}", report.diags);
        checker.scenario().clone()
    }

    fn declared(s: &Scenario, a: usize, b: usize) -> bool {
        theory::intent(s, a, b).declared
    }

    /// Offers and doctrines added to a generated scenario: offers between the pairs
    /// `offers` names, each doctrine by redeclaring the state (an event at top level).
    fn extras(g: &Gen, offers: &[(usize, usize)], doctrines: &[u8]) -> String {
        let n = g.powers.len();
        let mut out = String::new();
        for &(a, b) in offers {
            let (a, b) = (a % n, b % n);
            if a != b {
                out.push_str(&format!("offer S{a} -> S{b} 10\n"));
            }
        }
        for (i, d) in doctrines.iter().enumerate().take(n) {
            match d {
                1 => out.push_str(&format!("state S{i} {{ doctrine balancing }}\n")),
                2 => out.push_str(&format!("state S{i} {{ doctrine bandwagoning }}\n")),
                _ => {}
            }
        }
        out
    }

    fn offers_strategy() -> impl Strategy<Value = Vec<(usize, usize)>> {
        prop::collection::vec((0usize..10, 0usize..10), 0..3)
    }

    fn threat_terms(
        s: &Scenario,
        model: &ally_core::model::Model,
        i: usize,
        j: usize,
    ) -> Vec<theory::Term> {
        theory::terms(s, model, i, j)
            .into_iter()
            .filter(|t| t.source == "balancing" || t.source == "bandwagoning")
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

        /// Item 2: two partners (an alliance, an offer either way) with no declared threat
        /// between them have no threat term at all, under every threat model.
        #[test]
        fn partners_have_no_latent_term(g in gen_scenario(), offers in offers_strategy(), m in 0usize..5) {
            let n = g.powers.len();
            let order: Vec<usize> = (0..n).collect();
            let s = scenario(&write(&g, MODELS[m], &order, 1.0, &extras(&g, &offers, &[])));
            for i in 0..n {
                for j in 0..n {
                    if i == j || !s.partners(i, j) {
                        continue;
                    }
                    let t = theory::threat(&s, i, j);
                    if declared(&s, i, j) {
                        prop_assert!(!t.latent);
                        continue;
                    }
                    prop_assert!(t.latent && t.partners && t.intent == 0.0 && t.threat == 0.0, "{t:?}");
                    if !declared(&s, j, i) {
                        let terms = threat_terms(&s, &s.model, i, j);
                        prop_assert!(terms.is_empty(), "S{i}, S{j}: {terms:?}");
                    }
                }
            }
        }

        /// Item 1: `latent intent 0` makes every pair without a declared threat weigh
        /// nothing under the threat models: its propensity is its alliance bonus alone.
        #[test]
        fn latent_intent_zero_leaves_only_declared_threats(g in gen_scenario(), m in 0usize..3) {
            let n = g.powers.len();
            let order: Vec<usize> = (0..n).collect();
            let s = scenario(&write(&g, MODELS[m], &order, 1.0, "latent intent 0\n"));
            for i in 0..n {
                for j in i + 1..n {
                    let terms = theory::terms(&s, &s.model, i, j);
                    for t in terms.iter().filter(|t| t.source != "alliance") {
                        prop_assert!(!t.latent, "S{i}, S{j}: {t:?}");
                    }
                    if !declared(&s, i, j) && !declared(&s, j, i) {
                        let bonus: f64 = terms.iter().filter(|t| t.source == "alliance").map(|t| t.propensity).sum();
                        prop_assert_eq!(theory::propensity(&s, &s.model, i, j), bonus);
                    }
                }
            }
        }

        /// Item 4: `end threat` (top level, `what if`, an `at` block) gives exactly the
        /// scenario that never declared the threat: the same landscape, the same answer.
        #[test]
        fn end_threat_equals_never_declaring_it(g in gen_scenario(), pick in 0usize..100, m in 0usize..5) {
            prop_assume!(!g.threats.is_empty());
            let n = g.powers.len();
            let order: Vec<usize> = (0..n).collect();
            // The threat the file keeps for the pair: write() keeps the first of each.
            let (a, b, _) = g.threats[pick % g.threats.len()];
            let mut without = g.clone();
            without.threats.retain(|&(x, y, _)| (x, y) != (a, b));
            let model = MODELS[m];
            let ended = write(&g, model, &order, 1.0, &format!("end threat S{a} -> S{b}\n"));
            let never = write(&without, model, &order, 1.0, "");
            let (x, y) = (scenario(&ended), scenario(&never));
            let (lx, ly) = (theory::landscape(&x, &x.model), theory::landscape(&y, &y.model));
            prop_assert_eq!(&lx.propensity, &ly.propensity);
            prop_assert_eq!(&lx.sizes, &ly.sizes);
            // The same through `what if` and a timeline.
            let full = write(&g, model, &order, 1.0, "");
            let r = run(&format!("{full}what if end threat S{a} -> S{b}?\nat 1 {{ end threat S{a} -> S{b} }}\ntimeline?\n"));
            let direct = run(&format!("{never}who allies with whom?\n"));
            let Answer::Alignment(want) = answers(&direct)[0] else { panic!() };
            let blocs = |al: &ally_core::query::Alignment| {
                let mut v: Vec<Vec<String>> = al.blocs.iter().map(|b| b.members.clone()).collect();
                v.sort();
                (v, al.indifferent.clone())
            };
            let a0 = answers(&r);
            let Answer::WhatIf(w) = a0[0] else { panic!() };
            prop_assert_eq!(blocs(&w.after), blocs(want));
            let Answer::Timeline(t) = a0[1] else { panic!() };
            prop_assert_eq!(blocs(&t.steps[1].alignment), blocs(want));
        }

        /// Items 1 and 3: every threat term's wording agrees with its flag (latent terms
        /// speak of power, declared ones of threat), and no sentence says a state
        /// bandwagons with the threat (or power) of a weaker one.
        #[test]
        fn wording_agrees_with_the_numbers(g in gen_scenario(), offers in offers_strategy(), doctrines in prop::collection::vec(0u8..3, 9), m in 0usize..5) {
            let n = g.powers.len();
            let order: Vec<usize> = (0..n).collect();
            let s = scenario(&write(&g, MODELS[m], &order, 1.0, &extras(&g, &offers, &doctrines)));
            let power = |name: &str| s.states[s.state(name).expect("a state")].power;
            for i in 0..n {
                for j in 0..n {
                    if i == j {
                        continue;
                    }
                    for t in threat_terms(&s, &s.model, i, j) {
                        let latent_words = t.reason.contains("'s power (no declared threat");
                        let threat_words = t.reason.contains("'s threat");
                        prop_assert_eq!(t.latent, latent_words, "{:?}", t);
                        prop_assert_eq!(!t.latent, threat_words, "{:?}", t);
                        prop_assert_eq!(t.source == "bandwagoning", t.reason.contains(" bandwagons with "), "{:?}", t);
                        prop_assert_eq!(t.source == "bandwagoning", t.propensity > 0.0, "{:?}", t);
                        if let Some((who, rest)) = t.reason.split_once(" bandwagons with ") {
                            let whom = rest.split("'s ").next().unwrap_or("");
                            prop_assert!(power(whom) >= power(who), "{}: {} > {}", t.reason, power(who), power(whom));
                        }
                    }
                }
            }
            // And in the answers users read: every `why`, as JSON.
            let src = write(&g, MODELS[m], &order, 1.0, &extras(&g, &offers, &doctrines));
            let whys: String = (0..n).map(|i| format!("why S{i}?\n")).collect();
            let r = run(&format!("{src}{whys}"));
            for a in answers(&r) {
                let Answer::Why(w) = a else { continue };
                for t in &w.terms {
                    prop_assert_eq!(t.latent, t.reason.contains("(no declared threat"), "{:?}", t);
                    if let Some((who, rest)) = t.reason.split_once(" bandwagons with ") {
                        let whom = rest.split("'s ").next().unwrap_or("");
                        prop_assert!(power(whom) >= power(who), "{}", t.reason);
                    }
                }
            }
        }

        /// Item 7: along a timeline every switch names the bloc the state stood in at
        /// the step before and the bloc it stands in after, as those steps name them, and
        /// never the same bloc twice.
        #[test]
        fn switches_name_the_blocs_of_their_steps(g in gen_scenario(), events in prop::collection::vec((0usize..10, 0usize..10, 0.1f64..=1.0), 1..6)) {
            let n = g.powers.len();
            let order: Vec<usize> = (0..n).collect();
            let mut src = write(&g, "balancing 1, ideology 0.3", &order, 1.0, "");
            for (k, &(a, b, l)) in events.iter().enumerate() {
                let (a, b) = (a % n, b % n);
                if a != b {
                    src.push_str(&format!("at {k} {{ threat S{a} -> S{b} {l}; power S{a} = {} }}\n", 0.5 + l));
                }
            }
            src.push_str("timeline?\n");
            let r = run(&src);
            let Answer::Timeline(t) = answers(&r)[0] else { panic!() };
            let bloc_of = |al: &ally_core::query::Alignment, st: &str| {
                al.blocs.iter().find(|b| b.members.iter().any(|m| m == st)).map(|b| b.name.clone())
            };
            for w in t.steps.windows(2) {
                for sw in &w[1].switched {
                    prop_assert_ne!(&sw.from, &sw.to);
                    prop_assert_eq!(Some(sw.from.clone()), bloc_of(&w[0].alignment, &sw.state));
                    prop_assert_eq!(Some(sw.to.clone()), bloc_of(&w[1].alignment, &sw.state));
                }
                // Names within one step are distinct.
                let mut names: Vec<&String> = w[1].alignment.blocs.iter().map(|b| &b.name).collect();
                names.sort();
                names.dedup();
                prop_assert_eq!(names.len(), w[1].alignment.blocs.len());
            }
        }
    }
}

/// `ally graph --at T` names the blocs as `timeline?` does: the picture's legend keeps
/// the name the bloc had the moment before.
#[test]
fn a_picture_at_a_time_names_the_blocs_as_the_timeline_does() {
    let src = "state Red { power 5 }\nstate Blue { power 4 }\nstate a { power 1 }\nstate d { power 1 }\n\
               state b { power 1 }\nstate e { power 1 }\n\
               propensity a ~ d = 1\npropensity b ~ e = 1\npropensity a ~ b = -1\npropensity d ~ e = -1\n\
               alliance RA { Red, a, d } reliability 1\nalliance BB { Blue, b, e } reliability 1\n\
               model landscape\n\
               at 1 { end alliance RA; alliance RB { Red, Blue } reliability 1 }\n";
    let (checker, report) = ally_core::document::check_source("p.ally", src);
    assert!(!report.has_errors(), "{:?}", report.diags);
    let s = std::sync::Arc::new(checker.scenario().clone());
    let (_, blocs) = ally_core::query::picture::blocs_at(&s, 1.0, None).expect("blocs at 1");
    let names: Vec<(&str, f64)> = blocs.blocs.iter().map(|(n, p)| (n.as_str(), *p)).collect();
    // The bloc Red left (a, d: power 2) is still the Red bloc; Red joined the Blue bloc.
    assert!(
        names.contains(&("Red", 2.0)) && names.contains(&("Blue", 11.0)),
        "{names:?}"
    );
}

// ------------------------------------------------------------ landscapes do not move

/// The answers of a file's text output, by query: each section starts at an unindented
/// line (the query or the expectation) and holds the indented lines below it.
fn sections(out: &str) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = Vec::new();
    for line in out.lines() {
        if line.starts_with(' ') {
            if let Some(last) = v.last_mut() {
                last.1.push_str(line);
                last.1.push('\n');
            }
        } else {
            v.push((line.to_string(), String::new()));
        }
    }
    v
}

/// Axelrod & Bennett's landscape must not move: latent intent, partners, bandwagoning
/// and the default affinity touch only the threat and ideology models. Every answer of
/// `examples/landscape-europe-1936.ally` under `model landscape` is byte for byte what it
/// was before issue 24 (the recorded output in tests/data/landscape/), and so is the
/// `landscape` column of `compare models?` (its other columns are other models').
#[test]
fn axelrod_and_bennett_landscapes_do_not_move() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = std::fs::read_to_string(root.join("examples/landscape-europe-1936.ally")).unwrap();
    let before = std::fs::read_to_string(
        root.join("tests/data/landscape/europe-1936-before-issue-24.golden"),
    )
    .unwrap();
    let now = text(&src);
    let (old, new) = (sections(&before), sections(&now));
    // Answers are compared; expectations the file gained since the recording (numeric
    // ones, issue 25) are not answers, and those it had are compared like answers.
    let recorded: std::collections::BTreeSet<&String> = old.iter().map(|(q, _)| q).collect();
    let compare = |s: &[(String, String)]| {
        s.iter()
            .filter(|(q, _)| q != "compare models?")
            .filter(|(q, _)| !q.starts_with("expect ") || recorded.contains(q))
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(compare(&old), compare(&new));
    let column = |s: &[(String, String)]| -> Vec<(String, String)> {
        let body = &s.iter().find(|(q, _)| q == "compare models?").unwrap().1;
        body.lines()
            .filter(|l| !l.trim_start().starts_with('(') && !l.trim_start().starts_with("note:"))
            .map(|l| {
                let cells: Vec<&str> = l.split_whitespace().collect();
                (cells[0].to_string(), cells.last().unwrap().to_string())
            })
            .collect()
    };
    assert_eq!(column(&old), column(&new));
    assert_eq!(
        column(&new)[0],
        ("state".to_string(), "landscape".to_string())
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, .. proptest::prelude::ProptestConfig::default() })]

    /// Under `model landscape` the propensity of a pair is its declared propensity plus
    /// the alliance bonus, computed here from the definition: whatever the latent
    /// intent, the offers (partners), the doctrines or the ideologies.
    #[test]
    fn landscape_propensities_ignore_threat_and_ideology_rules(
        g in crate::support::gen_scenario(),
        props in proptest::collection::vec((0usize..10, 0usize..10, -3i32..=3), 0..12),
        latent in 0u32..=10,
        offer in (0usize..10, 0usize..10),
    ) {
        let n = g.powers.len();
        let order: Vec<usize> = (0..n).collect();
        let mut extra = format!("latent intent {}\n", f64::from(latent) / 10.0);
        let mut declared = std::collections::BTreeMap::new();
        for &(a, b, v) in &props {
            let (a, b) = (a % n, b % n);
            if a != b && !declared.contains_key(&(a.min(b), a.max(b))) {
                declared.insert((a.min(b), a.max(b)), f64::from(v));
                extra.push_str(&format!("propensity S{a} ~ S{b} = {v}\n"));
            }
        }
        let (oa, ob) = (offer.0 % n, offer.1 % n);
        if oa != ob {
            extra.push_str(&format!("offer S{oa} -> S{ob} 50\nstate S{oa} {{ doctrine bandwagoning }}\n"));
        }
        let src = crate::support::write(&g, "landscape", &order, 1.0, &extra);
        let (checker, report) = ally_core::document::check_source("l.ally", &src);
        proptest::prop_assert!(!report.has_errors(), "{:?}", report.diags);
        let s = checker.scenario();
        let l = ally_core::theory::landscape(s, &s.model);
        // Alliances in write(): untyped, default reliability, one per listed pair.
        for i in 0..n {
            for j in i + 1..n {
                let bonus = g
                    .alliances
                    .iter()
                    .filter(|&&(a, b)| (a.min(b), a.max(b)) == (i, j))
                    .count() as f64
                    * ally_core::model::DEFAULT_RELIABILITY;
                let want = declared.get(&(i, j)).copied().unwrap_or(0.0) + bonus;
                proptest::prop_assert!((l.propensity[i * n + j] - want).abs() < 1e-12, "S{i} ~ S{j}");
            }
        }
    }
}
