//! Issue 24: Walt's threat as a political scientist reads it — the latent threat of
//! power named and settable, allies that are no latent threat to each other,
//! bandwagoning by the threatened (never with a weaker state), withdrawal back to the
//! latent level, the default affinity said aloud, and blocs that keep their names
//! through time. Each test was written against the sentence the issue quotes.

use ally::query::Answer;
use ally::render;

use crate::support::{answers, run};

/// The text `ally run` prints for a file (no errors allowed).
fn text(src: &str) -> String {
    render::text::file(&run(src), false)
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
    assert!(
        out.contains("Amber keeps apart from Leviathan's power (no declared threat)"),
        "{out}"
    );
    assert!(out.contains("intent 0.1 (latent)"), "{out}");
    assert!(!out.contains("baseline"), "{out}");
    let declared = text(&src.replace("model", "threat Leviathan -> Amber 0.5\nmodel"));
    assert!(
        declared.contains("Amber balances against Leviathan's threat"),
        "{declared}"
    );
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
        let (_, report) = ally::run::check_source("l.ally", &format!("{base}{bad}\n"));
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
    assert!(out.contains("A switches"), "{out}");
    let t = text(&format!(
        "{base}at 1 {{ alliance {{ A, B }} type consultation }}\ntimeline?\n"
    ));
    assert!(t.contains("A switches"), "{t}");
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
    assert!(
        out.contains("Amber bandwagons with Leviathan's threat"),
        "{out}"
    );
    assert!(
        out.contains("Leviathan balances against Amber's threat (Amber is weaker)"),
        "{out}"
    );
}

/// `compare models?` says when a column puts every state in one bloc.
#[test]
fn compare_says_when_a_model_gives_one_bloc() {
    let src = "state A { power 1 }\nstate B { power 1 }\nstate C { power 1 }\nborder A ~ B\n\
               border B ~ C\nthreat A -> B 0.5\ncompare models?\n";
    let out = text(src);
    assert!(
        out.contains("note: under bandwagoning every state stands in one bloc"),
        "{out}"
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
    assert!(
        out.contains("if Red declares no hostile intent towards P:"),
        "{out}"
    );
    assert!(out.contains("if Red withdraws its threat to P:"), "{out}");
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
    assert!(
        t.contains("at 1: Red declares no hostile intent towards P"),
        "{t}"
    );
    assert!(t.contains("at 3: Red withdraws its threat to P"), "{t}");
}

// ------------------------------------------------------------ item 5: default affinity

/// Different ideologies without an `affinity` line get the documented default (0), and
/// the file hears so once, with the pairs named.
#[test]
fn the_default_affinity_is_said_aloud() {
    let src = "ideology democracy, monarchy, communism\naffinity monarchy ~ communism = -0.5\n\
               state A { power 1 ideology democracy }\nstate B { power 1 ideology monarchy }\n\
               state C { power 1 ideology communism }\nmodel ideology\nwho allies with whom?\n";
    let (checker, report) = ally::run::check_source("a.ally", src);
    let s = checker.scenario();
    assert_eq!(s.affinity(0, 1), ally::model::DEFAULT_AFFINITY);
    assert_eq!(ally::model::DEFAULT_AFFINITY, 0.0);
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
    assert!(
        out.contains("Red switches from the Red bloc to the Blue bloc"),
        "{out}"
    );
    assert!(!out.contains("from the bloc of"), "{out}");
    // After the switch the bloc Red left keeps the name it had.
    assert!(out.contains("Red bloc   a, d"), "{out}");
}

/// An offer makes two states partners, with no latent threat between them, whatever its
/// amount: under a model with no `aid` term the price of a state held apart only by
/// latent power is "an offer above 0", and such an offer moves it.
#[test]
fn an_offer_ends_the_latent_threat_so_the_price_can_be_any_offer() {
    let base = "ideology red\nstate A { power 1 ideology red }\nstate B { power 3 ideology red }\n\
                border A ~ B\nmodel balancing 1, ideology 0.05\n";
    let out = text(&format!("{base}price of A for B?\n"));
    assert!(
        out.contains("A joins B's bloc for an offer above 0 (offer now 0)"),
        "{out}"
    );
    let after = text(&format!("{base}offer B -> A 0.001\nallies of A?\n"));
    assert!(after.contains("A (B bloc): B"), "{after}");
    // Without the shared ideology nothing pulls them together: no offer can.
    let none = text(&format!(
        "{}price of A for B?\n",
        base.replace("1, ideology 0.05", "")
    ));
    assert!(none.contains("no offer can buy A for B"), "{none}");
}
