//! Issue 26, student-proof input: names in any script, numbers as people write them, one
//! mistake reported once (with the corpus of `tests/bad/students/`), and a silent file
//! that says why.

use ally_core::document::run_source;
use ally_core::format::format_source;

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
    use ally_core::syntax::quote;
    for plain in [
        "Türkiye",
        "Ελλάδα",
        "中国",
        "Côte_dIvoire",
        "_x",
        "S1",
        "भारत",
    ] {
        assert_eq!(quote(plain), plain);
    }
    for needs in [
        "Côte d'Ivoire",
        "Austria-Hungary",
        "1st",
        "state",
        "Who",
        "🇫🇷",
        "",
    ] {
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
    assert_eq!(
        formatted,
        format_source(&game("0.5", "5")).expect("formats")
    );
}

/// A number never swallows the first point of `..`: `1..2` is the range from 1 to 2
/// (issue 28), not `1.` followed by `.2`.
#[test]
fn a_point_followed_by_a_point_is_not_part_of_a_number() {
    let (stmts, diags) = ally_core::syntax::parse("state A { power 1..2 }\n");
    assert!(diags.is_empty(), "{diags:?}");
    let mut checker = ally_core::model::check::Checker::new();
    checker.check_all(&stmts);
    let s = checker.scenario();
    let u: Vec<(f64, f64)> = s.uncertain.iter().map(|u| (u.low, u.high)).collect();
    assert_eq!(u, [(1.0, 2.0)]);
    assert_eq!(s.states[0].power, 1.5);
}

// ------------------------------------------------------------------ the corpus

/// A class's worth of natural mistakes, one per file in `tests/bad/students/`, with the
/// words its help must hold: each gets exactly one diagnostic, and that one says what to
/// write instead.
const CORPUS: &[(&str, &str, &str)] = &[
    (
        "alliance_bad_member",
        "ally::undeclared_state",
        "did you mean `Russia`?",
    ),
    (
        "alliance_missing_brace",
        "ally::syntax",
        "`alliance Entente { France, Russia }`",
    ),
    (
        "allies_of_typo",
        "ally::undeclared_state",
        "did you mean `France`?",
    ),
    (
        "attribute_colon",
        "ally::syntax",
        "remove `:`: `state France { power 0.3 }`",
    ),
    (
        "attribute_equals",
        "ally::syntax",
        "remove `=`: `state France { power 0.3 }`",
    ),
    (
        "border_missing_tilde",
        "ally::syntax",
        "`border France ~ Germany`",
    ),
    (
        "border_with_dash",
        "ally::syntax",
        "`border France ~ Germany`",
    ),
    (
        "capitalised_keywords_then_typo",
        "ally::syntax",
        "a query ends with `?`: `WHO ALLIES WITH WHOM?`",
    ),
    (
        "decimal_comma",
        "ally::syntax",
        "with a point: `state France { power 0.3 }`",
    ),
    (
        "distance_missing_equals",
        "ally::syntax",
        "`distance France ~ Germany = 0.5`",
    ),
    (
        "garbage_sentence",
        "ally::syntax",
        "a statement starts with a keyword",
    ),
    (
        "intent_too_high",
        "ally::out_of_range",
        "0 (none) to 1 (certain)",
    ),
    (
        "keyword_typo_attribute",
        "ally::syntax",
        "did you mean `power`? `state France { power 0.3 }`",
    ),
    (
        "keyword_typo_game",
        "ally::syntax",
        "did you mean `players`? `players Row, Col`",
    ),
    (
        "keyword_typo_query",
        "ally::syntax",
        "did you mean `with`? `who allies with whom?`",
    ),
    (
        "keyword_typo_state",
        "ally::syntax",
        "did you mean `state`? `state France { power 0.3 }`",
    ),
    (
        "keyword_typo_statement",
        "ally::syntax",
        "did you mean `threat`? `threat Germany -> France 0.8`",
    ),
    (
        "missing_braces",
        "ally::syntax",
        "the braces are missing: `state France { power 0.3 }`",
    ),
    (
        "missing_question_mark",
        "ally::syntax",
        "a query ends with `?`: `who allies with whom?`",
    ),
    (
        "model_typo",
        "ally::unknown_model",
        "did you mean `balancing`?",
    ),
    (
        "name_starts_with_digit",
        "ally::syntax",
        "must be quoted: `state \"1st_Empire\" { power 0.3 }`",
    ),
    (
        "name_typo",
        "ally::undeclared_state",
        "did you mean `France`?",
    ),
    (
        "percent",
        "ally::syntax",
        "from 0 to 1: `threat Germany -> France 0.8`",
    ),
    (
        "question_as_sentence",
        "ally::syntax",
        "`biggest threat to France?`",
    ),
    (
        "question_what_is",
        "ally::syntax",
        "`biggest threat to France?`",
    ),
    (
        "state_without_power_value",
        "ally::syntax",
        "a number is missing after `power`",
    ),
    (
        "threat_missing_arrow",
        "ally::syntax",
        "`threat Germany -> France 0.8`",
    ),
    (
        "threat_to",
        "ally::syntax",
        "arrows are written `->`: `threat Germany -> France 0.8`",
    ),
    (
        "unbalanced_quote",
        "ally::syntax",
        "never closed; end it with `\"`: `state \"Austria-Hungary\" { power 0.1 }`",
    ),
    (
        "unclosed_brace_at_end",
        "ally::syntax",
        "close the block with `}`",
    ),
    (
        "unclosed_brace_then_statement",
        "ally::syntax",
        "close the block with `}` before line 2",
    ),
    (
        "unicode_names",
        "ally::out_of_range",
        "0 (none) to 1 (certain)",
    ),
    (
        "unquoted_apostrophe",
        "ally::syntax",
        "must be quoted: `state \"Côte d'Ivoire\" { power 0.1 }`",
    ),
    (
        "unquoted_emoji",
        "ally::syntax",
        "must be quoted: `state \"🇫🇷\" { power 0.3 }`",
    ),
    (
        "unquoted_hyphen_threat",
        "ally::syntax",
        "must be quoted: `threat \"Austria-Hungary\" -> Russia 0.5`",
    ),
    (
        "unquoted_space",
        "ally::syntax",
        "must be quoted: `state \"United Kingdom\" { power 0.3 }`",
    ),
    (
        "what_if_attacks",
        "ally::syntax",
        "`what if battle Germany defeats France?`; whether Germany would attack (deterrence) is `would Germany attack France?`",
    ),
    (
        "what_if_invades",
        "ally::syntax",
        "`would Russia attack Germany?`",
    ),
    (
        "wrong_arrow_fat",
        "ally::syntax",
        "arrows are written `->`: `threat Germany -> France 0.8`",
    ),
    (
        "wrong_arrow_long",
        "ally::syntax",
        "arrows are written `->`: `offer Russia -> France 10`",
    ),
    (
        "wrong_arrow_unicode",
        "ally::syntax",
        "arrows are written `->`: `threat Germany -> France 0.8`",
    ),
];

fn corpus_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad/students")
}

/// Every file of the corpus is in the table and the other way round, and there are a
/// class's worth of them.
#[test]
fn the_corpus_is_listed_whole() {
    let mut files: Vec<String> = std::fs::read_dir(corpus_dir())
        .expect("the corpus")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ally"))
        .map(|p| {
            p.file_stem()
                .expect("a name")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    let listed: Vec<&str> = CORPUS.iter().map(|(f, _, _)| *f).collect();
    assert_eq!(files, listed);
    assert!(files.len() >= 30, "{} files", files.len());
}

/// Each natural mistake gets exactly one diagnostic, with its code, and help that says
/// what to write: the later lines that use a name whose declaration failed add nothing.
#[test]
fn each_mistake_gets_one_specific_diagnostic() {
    for (file, code, help) in CORPUS {
        let path = corpus_dir().join(format!("{file}.ally"));
        let src = std::fs::read_to_string(&path).expect("readable");
        let (_, report) = ally_core::document::check_source(&format!("{file}.ally"), &src);
        assert_eq!(report.diags.len(), 1, "{file}: {:#?}", report.diags);
        let d = &report.diags[0];
        assert_eq!(d.code, *code, "{file}");
        let got = d.help.as_deref().unwrap_or_default();
        assert!(got.contains(help), "{file}: help `{got}` lacks `{help}`");
    }
}

#[test]
fn corpus_snapshots() {
    insta::glob!("../bad/students", "*.ally", |path| {
        let src = std::fs::read_to_string(path).expect("readable");
        let name = path
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let (_, report) = ally_core::document::check_source(&name, &src);
        insta::assert_snapshot!(ally_core::diagnostics::render(
            &report,
            ally_core::diagnostics::Style::Plain
        ));
    });
}

// ------------------------------------------------------------------ a silent file

const TWO_ERRORS: &str = "state A { power 0 }\nthreat A -> B\nwho allies with whom?\n";

/// A file with errors printed no answer and no reason (issue 26 item 5): one closing line
/// says why, in text and Markdown, and JSON says `"answered": false`.
#[test]
fn a_file_with_errors_says_why_it_is_silent() {
    let r = run_source("two.ally", TWO_ERRORS, None);
    assert!(!r.answered);
    assert_eq!(r.silenced_by(), Some(2));
    let text = ally_core::render::text::file(&r, false);
    assert_eq!(
        text,
        "no answers: 2 errors above — fix them and run again\n"
    );
    let md = ally_core::render::markdown::file(&r);
    assert!(
        md.contains("> **No answers:** 2 errors in the file — fix them and run again."),
        "{md}"
    );
    let json = ally_core::render::json::file(&r, TWO_ERRORS);
    assert_eq!(json["answered"], serde_json::Value::Bool(false));
    // One error: singular.
    let r = run_source(
        "one.ally",
        "state A { power 0 }\nwho allies with whom?\n",
        None,
    );
    assert_eq!(
        ally_core::render::text::file(&r, false),
        "no answers: 1 error above — fix it and run again\n"
    );
    // A clean file is answered, and says nothing of the kind.
    let r = run_source(
        "ok.ally",
        "state A { power 1 }\nstate B { power 2 }\nwho allies with whom?\n",
        None,
    );
    assert!(r.answered);
    assert!(!ally_core::render::text::file(&r, false).contains("no answers"));
    assert_eq!(
        ally_core::render::json::file(&r, "")["answered"],
        serde_json::Value::Bool(true)
    );
}

/// On the command line the closing line comes after the diagnostics it counts (both
/// streams on one pipe, as on a terminal).
#[test]
fn the_closing_line_follows_the_diagnostics() {
    let dir = std::env::temp_dir().join(format!("ally-students-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a folder");
    std::fs::write(dir.join("two.ally"), TWO_ERRORS).expect("written");
    let out = std::process::Command::new("sh")
        .current_dir(&dir)
        .args(["-c", "\"$0\" run two.ally 2>&1", env!("CARGO_BIN_EXE_ally")])
        .env("NO_COLOR", "1")
        .output()
        .expect("ally runs");
    assert_eq!(out.status.code(), Some(1));
    let both = String::from_utf8_lossy(&out.stdout);
    assert!(
        both.ends_with(
            "2 errors in two.ally\nno answers: 2 errors above — fix them and run again\n"
        ),
        "{both}"
    );
}
