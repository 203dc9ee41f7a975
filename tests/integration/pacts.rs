//! Typed alliances (`type defense`, `type defense by X and consultation`): the syntax
//! and its layout, the checker's mistakes, the pull each type adds to the energy
//! (against the rule worked by hand: each military obligation half the reliability,
//! each way), deterrence counting only the commitments to this war (hand-worked sums),
//! `why`, the picture and JSON naming the type.

use ally_core::document::check_source;
use ally_core::dynamics::Deterrence;
use ally_core::format;
use ally_core::query::Answer;
use ally_core::render::{dot, svg};
use ally_core::theory;
use std::sync::Arc;

use crate::support::{answers, run};

fn deterrence(src: &str) -> Deterrence {
    let r = run(src);
    match answers(&r).into_iter().next() {
        Some(Answer::Deterrence(d)) => d.clone(),
        other => panic!("expected a deterrence answer, got {other:?}"),
    }
}

const STATES: &str = "state A { power 20 }\nstate B { power 4 }\nstate C { power 4 }\n\
                      state D { power 6 }\nstate E { power 5 }\nstate F { power 1 }\n";

#[test]
fn a_type_formats_canonically_and_round_trips() {
    let src = "alliance  X {A,B}  RELIABILITY 0.8 TYPE Defense BY A  AND consultation\n\
               alliance {A, B} type non-aggression\n\
               alliance Y {\n  A, // first\n  B\n} type offense by A, B\n";
    let want = "alliance X { A, B } type Defense by A and consultation reliability 0.8\n\
                alliance { A, B } type non-aggression\n\
                alliance Y {\n  A,  // first\n  B\n} type offense by A, B\n";
    let out = format::format_source(&format!("state A\nstate B\n{src}")).expect("formats");
    assert_eq!(out, format!("state A\nstate B\n{want}"));
    assert_eq!(format::format_source(&out).expect("formats"), out);
    // Written either way round, `type` and `reliability` build the same alliance.
    let a = check_source(
        "a",
        "state A\nstate B\nalliance { A, B } type defense by A reliability 0.6\n",
    )
    .0;
    let b = check_source(
        "b",
        "state A\nstate B\nalliance { A, B } reliability 0.6 type defense by A\n",
    )
    .0;
    assert_eq!(a.state.scenario.alliances, b.state.scenario.alliances);
    assert_eq!(
        a.state.scenario.alliances[0].type_text(&a.state.scenario),
        "defense by A"
    );
}

#[test]
fn mistakes_in_a_type_are_diagnosed() {
    let (_, report) = check_source(
        "t.ally",
        "state A\nstate B\nstate C\n\
         alliance { A, B } type nonaggression\n\
         alliance { A, B } type defense by C\n\
         alliance { A, B } type defense and defense by A\n\
         at 2 { alliance { A, B } type defence }\n",
    );
    let got: Vec<(&str, String, Option<String>)> = report
        .diags
        .iter()
        .map(|d| (d.code, d.message.clone(), d.help.clone()))
        .collect();
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!(got[0].0, "ally::bad_pact_type");
    assert_eq!(got[0].2.as_deref(), Some("did you mean `non-aggression`?"));
    assert_eq!(got[1].0, "ally::bad_pact_type");
    assert!(got[1].1.contains("`C` is not a member"), "{got:?}");
    assert_eq!(got[2].0, "ally::duplicate_declaration");
    assert_eq!(
        got[3].2.as_deref(),
        Some("did you mean `defense`?"),
        "{got:?}"
    );
}

#[test]
fn each_type_pulls_as_the_readme_says() {
    // p(A, B) from the alliance alone (no threats: model landscape has no other force).
    let pull = |alliance: &str| -> f64 {
        let src = format!("state A\nstate B\nstate C\nmodel landscape\n{alliance}\n");
        let (c, report) = check_source("t.ally", &src);
        assert!(!report.has_errors(), "{:?}", report.diags);
        let s = &c.state.scenario;
        theory::propensity(s, &s.model, 0, 1)
    };
    let r = 0.745;
    // Untyped, mutual defense and mutual offense: the full reliability.
    assert_eq!(pull("alliance { A, B }"), r);
    assert_eq!(pull("alliance { A, B } type defense"), r);
    assert_eq!(pull("alliance { A, B } type offense reliability 0.5"), 0.5);
    // One-sided: one commitment of two, half.
    assert_eq!(pull("alliance { A, B } type defense by A"), r / 2.0);
    assert_eq!(
        pull("alliance { A, B } type defense by A and neutrality by B"),
        r / 2.0
    );
    assert_eq!(
        pull("alliance { A, B } type offense by A and defense by B"),
        r
    );
    // No promise to fight together: no pull.
    for t in [
        "neutrality",
        "non-aggression",
        "consultation",
        "neutrality and non-aggression",
    ] {
        assert_eq!(pull(&format!("alliance {{ A, B }} type {t}")), 0.0, "{t}");
    }
    // Two beneficiaries of one guarantor owe each other nothing.
    let src =
        "state A\nstate B\nstate C\nmodel landscape\nalliance { A, B, C } type defense by A\n";
    let (c, _) = check_source("t.ally", src);
    let s = &c.state.scenario;
    assert_eq!(theory::propensity(s, &s.model, 1, 2), 0.0);
    assert_eq!(theory::propensity(s, &s.model, 0, 2), r / 2.0);
}

#[test]
fn a_mutual_defense_pact_answers_as_an_untyped_alliance() {
    let body = "state A { power 3 }\nstate B { power 2 }\nstate C { power 2 }\n\
                threat C -> A 0.6\nthreat A -> B 0.4\n";
    let text = |a: &str| {
        let r = run(&format!(
            "{body}{a}\nwho allies with whom?\nstable alignments?\n"
        ));
        let mut s = ally_core::render::text::file(&r, false);
        s = s.replace(" type defense", "");
        s
    };
    assert_eq!(
        text("alliance { B, C } type defense"),
        text("alliance { B, C }")
    );
}

#[test]
fn deterrence_counts_defense_for_the_target_and_offense_for_the_attacker() {
    let pacts = "alliance { B, C } type defense\n\
                 alliance { B, D } type non-aggression\n\
                 alliance { A, E } type defense\n\
                 alliance { A, F } type offense\n\
                 would A attack B?\n";
    let d = deterrence(&format!("{STATES}{pacts}"));
    // By hand: A 20 + F 1 × 0.745 = 20.745; B 4 + C 4 × 0.745 = 6.98. D's non-aggression
    // pact and E's defense pact with the attacker commit neither to this war.
    assert!((d.attacker_power - 20.745).abs() < 1e-9, "{d:?}");
    assert!((d.target_power - 6.98).abs() < 1e-9, "{d:?}");
    assert!((d.ratio - 20.745 / 6.98).abs() < 1e-9);
    assert!(!d.deterred);
    let names = |v: &[ally_core::dynamics::Supporter]| -> Vec<(String, Option<&str>)> {
        v.iter().map(|s| (s.state.clone(), s.pact)).collect()
    };
    assert_eq!(
        names(&d.attacker_side),
        [("A".to_string(), None), ("F".to_string(), Some("offense"))]
    );
    assert_eq!(
        names(&d.target_side),
        [("B".to_string(), None), ("C".to_string(), Some("defense"))]
    );
    let bound = |v: &[ally_core::dynamics::Bound]| -> Vec<(String, String)> {
        v.iter()
            .map(|b| (b.state.clone(), b.pacts.clone()))
            .collect()
    };
    assert_eq!(bound(&d.attacker_bound), [("E".into(), "defense".into())]);
    assert_eq!(
        bound(&d.target_bound),
        [("D".into(), "non-aggression".into())]
    );
    // The same pact untyped counts D: B's side 4 + 2.98 + 6 × 0.745 = 11.45, and A
    // (20.745 : 11.45 = 1.81 < 2) is deterred.
    let d = deterrence(&format!(
        "{STATES}{}",
        pacts.replace("alliance { B, D } type non-aggression", "alliance { B, D }")
    ));
    assert!((d.target_power - 11.45).abs() < 1e-9, "{d:?}");
    assert!(d.deterred);
    // The text says what is not counted and why.
    let r = run(&format!("{STATES}{pacts}"));
    let text = ally_core::render::text::file(&r, false);
    assert!(text.contains("C 4 × 0.745 (defense)"), "{text}");
    assert!(
        text.contains("bound to B by pacts that do not commit them to this war (not counted): D (non-aggression)"),
        "{text}"
    );
}

#[test]
fn a_one_sided_guarantee_commits_the_guarantor_only() {
    // A guarantees C; C owes A nothing, so C may defend B against A.
    let d = deterrence(&format!(
        "{STATES}alliance {{ B, C }} type defense\nalliance G {{ A, C }} type defense by A\nwould A attack B?\n"
    ));
    assert_eq!(d.target_side.len(), 2, "{d:?}");
    // C defends B and has promised A non-aggression: it cannot fight A, so it stays
    // out; a promise only to consult A binds it to nothing.
    let with = |pact: &str| {
        deterrence(&format!(
            "{STATES}alliance {{ B, C }} type defense\nalliance {{ A, C }} type {pact}\nwould A attack B?\n"
        ))
    };
    assert_eq!(with("non-aggression").target_side.len(), 1);
    assert_eq!(with("consultation").target_side.len(), 2);
    assert_eq!(
        with("defense").target_side.len(),
        1,
        "an ally of both stays out"
    );
    // B guarantees C: C is not committed to defend B.
    let d = deterrence(&format!(
        "{STATES}alliance {{ B, C }} type defense by B\nwould A attack B?\n"
    ));
    assert_eq!(d.target_side.len(), 1, "{d:?}");
    assert!(d.target_bound.is_empty(), "C owes B nothing: {d:?}");
}

#[test]
fn why_names_the_pact() {
    let r = run(&format!(
        "{STATES}alliance {{ B, C }} type defense\nalliance G {{ A, C }} type defense by A\nwhy C?\n"
    ));
    let text = ally_core::render::text::file(&r, false);
    assert!(
        text.contains("C and A are allied in G (defense by A only)"),
        "{text}"
    );
    assert!(
        text.contains("C and B are allied in B–C (defense)"),
        "{text}"
    );
    let json = ally_core::render::json::file(&r, "");
    let terms = &json["queries"][0]["answer"]["terms"];
    let pacts: Vec<&str> = terms
        .as_array()
        .expect("terms")
        .iter()
        .filter_map(|t| t["pact"].as_str())
        .collect();
    assert_eq!(pacts, ["defense by A only", "defense"], "{json}");
}

#[test]
fn json_of_deterrence_carries_the_pacts() {
    let r = run(&format!(
        "{STATES}alliance {{ B, C }} type defense\nalliance {{ B, D }} type consultation\nwould A attack B?\n"
    ));
    let json = ally_core::render::json::file(&r, "");
    let a = &json["queries"][0]["answer"];
    assert_eq!(a["target_side"][1]["pact"], "defense", "{a}");
    assert_eq!(a["target_bound"][0]["state"], "D", "{a}");
    assert_eq!(a["target_bound"][0]["pacts"], "consultation", "{a}");
    // Untyped: no new fields.
    let r = run(&format!("{STATES}alliance {{ B, C }}\nwould A attack B?\n"));
    let json = ally_core::render::json::file(&r, "");
    let a = &json["queries"][0]["answer"];
    assert!(a["target_side"][1].get("pact").is_none(), "{a}");
    assert!(a.get("target_bound").is_none(), "{a}");
}

#[test]
fn the_picture_labels_a_typed_link() {
    let src = "state A\nstate B\nstate C\nalliance P { A, B } type defense by A and consultation\n\
               alliance { B, C }\n";
    let (c, report) = check_source("t.ally", src);
    assert!(!report.has_errors());
    let s = Arc::new(c.state.scenario);
    let blocs = ally_core::query::picture::blocs_for(&s, None);
    let d = dot::scenario_dot(&s, &blocs);
    assert!(
        d.contains("alliance=\"P\", pact=\"defense by A and consultation\", label=\"defense by A and consultation\""),
        "{d}"
    );
    assert!(
        d.contains("alliance=\"B–C\", dir=none"),
        "untyped: no label\n{d}"
    );
    let picture = svg::svg(&s, &blocs);
    assert!(
        picture.contains("<title>alliance P (defense by A and consultation): A ~ B</title>"),
        "{picture}"
    );
    assert!(
        picture.contains("<title>alliance B–C: B ~ C</title>"),
        "{picture}"
    );
}

#[test]
fn an_alliance_made_by_an_event_keeps_its_type() {
    let r = run(&format!(
        "{STATES}at 1 {{ alliance P {{ B, C }} type defense by C }}\n\
         at 2 {{ leave C }}\ntimeline?\nwhat if alliance {{ B, D }} type offense?\n"
    ));
    let text = ally_core::render::text::file(&r, false);
    assert!(
        text.contains("alliance P { B, C } type defense by C"),
        "{text}"
    );
}
