//! Issue 26, student-proof input: names in any script, numbers as people write them, one
//! mistake reported once (with the corpus of `tests/bad/students/`), and a silent file
//! that says why.

use ally::format::format_source;
use ally::run::run_source;

use crate::support;

/// The answers of a file as JSON text, for comparing two spellings of one scenario.
fn answers_json(src: &str) -> String {
    let r = support::run(src);
    let answers: Vec<String> = support::answers(&r)
        .iter()
        .map(|a| serde_json::to_string(a).expect("JSON"))
        .collect();
    answers.join("\n")
}

const SCRIPTS: &str = "\
state Türkiye { power 3 }
state Ελλάδα { power 2 }
state 中国 { power 5 }
state Россия { power 4 }
state भारत { power 4 }
border Türkiye ~ Ελλάδα
threat Россия -> Türkiye 0.6
threat 中国 -> भारत 0.5
who allies with whom?
why Ελλάδα?
biggest threat to Türkiye?
";

/// Names in the students' own languages were refused ("unexpected `ürkiye`", "expected a
/// name"): any Unicode identifier is a name, and answers the same as the quoted names.
#[test]
fn names_in_any_script_work_unquoted() {
    let quoted = SCRIPTS
        .replace("Türkiye", "\"Türkiye\"")
        .replace("Ελλάδα", "\"Ελλάδα\"")
        .replace("中国", "\"中国\"")
        .replace("Россия", "\"Россия\"")
        .replace("भारत", "\"भारत\"");
    let plain = answers_json(SCRIPTS);
    assert_eq!(plain, answers_json(&quoted));
    for name in ["Türkiye", "Ελλάδα", "中国", "Россия", "भारत"] {
        assert!(plain.contains(name), "{name} not in {plain}");
    }
}

#[test]
fn a_name_is_quoted_only_when_it_must_be() {
    use ally::syntax::quote;
    for plain in ["Türkiye", "Ελλάδα", "中国", "Côte_dIvoire", "_x", "S1", "भारत"] {
        assert_eq!(quote(plain), plain);
    }
    for needs in ["Côte d'Ivoire", "Austria-Hungary", "1st", "state", "Who", "🇫🇷", ""] {
        assert_eq!(quote(needs), format!("\"{needs}\""));
    }
}

/// `ally fmt` keeps names unquoted, and the formatted file parses to the same answers.
#[test]
fn fmt_keeps_names_in_any_script_unquoted() {
    let formatted = format_source(SCRIPTS).expect("formats");
    assert!(formatted.contains("state Türkiye"), "{formatted}");
    assert!(formatted.contains("threat 中国 -> भारत 0.5"), "{formatted}");
    assert!(!formatted.contains('"'), "{formatted}");
    assert_eq!(answers_json(&formatted), answers_json(SCRIPTS));
}

/// Completion and the REPL's highlighting know such names.
#[test]
fn completion_completes_names_in_any_script() {
    use ally::repl::helper::{Names, complete_text};
    let names = Names {
        states: vec!["Türkiye".into(), "Ελλάδα".into(), "Côte d'Ivoire".into()],
        ..Names::default()
    };
    let text = "why Ελλ";
    let (start, pairs) = complete_text(&names, text, text.len());
    assert_eq!(&text[start..], "Ελλ");
    let got: Vec<String> = pairs.into_iter().map(|p| p.replacement).collect();
    assert_eq!(got, ["Ελλάδα"]);
    let text = "why Cô";
    let (_, pairs) = complete_text(&names, text, text.len());
    let got: Vec<String> = pairs.into_iter().map(|p| p.replacement).collect();
    assert_eq!(got, ["\"Côte d'Ivoire\""]);
}

/// `.5` gave "expected a number": `.5` and `5.` are read as 0.5 and 5, everywhere a number
/// goes, and answer exactly as `0.5` and `5` do.
#[test]
fn numbers_as_people_write_them() {
    let loose = "\
state A { power .5  offense 2. }
state B { power 5.  at .5, -.5 }
state C { power 1 }
threat A -> B .9
distance A ~ C = .25
offer C -> A 5.
model balancing .7, ideology .3
who allies with whom?
why A?
what if B threatens C .5?
";
    let strict = loose
        .replace("power .5", "power 0.5")
        .replace("offense 2.", "offense 2")
        .replace("power 5.", "power 5")
        .replace("at .5, -.5", "at 0.5, -0.5")
        .replace("B .9", "B 0.9")
        .replace("= .25", "= 0.25")
        .replace("A 5.", "A 5")
        .replace("balancing .7, ideology .3", "balancing 0.7, ideology 0.3")
        .replace("C .5?", "C 0.5?");
    assert_ne!(loose, strict);
    assert_eq!(answers_json(loose), answers_json(&strict));
    // `ally fmt` writes them as `0.5` and `5`.
    let formatted = format_source(loose).expect("formats");
    assert_eq!(formatted, format_source(&strict).expect("formats"));
}

/// Game payoffs are exact rationals: `.5` is 1/2 exactly, `5.` is 5.
#[test]
fn loose_numbers_are_exact_payoffs() {
    let game = |a: &str, b: &str| {
        format!(
            "game G {{\n  players R, C\n  strategies x, y\n  x, x -> {a}, {b}\n  x, y -> 0, 0\n  \
             y, x -> 0, 0\n  y, y -> {b}, {a}\n}}\nequilibria of G?\n"
        )
    };
    let loose = answers_json(&game(".5", "5."));
    assert_eq!(loose, answers_json(&game("1/2", "5")));
    assert!(loose.contains("\"1/2\""), "{loose}");
    // The mixed equilibrium, by hand: C plays x with 5/(5 + 1/2) = 10/11 (which leaves R
    // indifferent: 10/11 · 1/2 = 1/11 · 5), R plays x with 1/11.
    assert!(loose.contains("10/11") && loose.contains("1/11"), "{loose}");
    let formatted = format_source(&game(".5", "5.")).expect("formats");
    assert_eq!(formatted, format_source(&game("0.5", "5")).expect("formats"));
}

/// A number never swallows the first point of `..` (kept free for ranges).
#[test]
fn a_point_followed_by_a_point_is_not_part_of_a_number() {
    let r = run_source("t.ally", "state A { power 1..2 }\n", None);
    assert!(r.report.has_errors());
}
