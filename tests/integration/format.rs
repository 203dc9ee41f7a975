//! `ally fmt`: on every example and on generated scenarios written in a messy layout,
//! formatting is idempotent, keeps every comment in order, and the formatted file gives
//! byte-identical answers.

use ally_core::document::run_source;
use ally_core::format::{self, lexer};
use ally_core::render;
use proptest::prelude::*;

use crate::support::{gen_scenario, write};

fn answers(src: &str) -> String {
    let r = run_source("f.ally", src, None);
    let diags: Vec<_> = r.report.diags.iter().map(|d| d.message.clone()).collect();
    // Each answer is preceded by its query as typed, which `fmt` writes canonically
    // (`WHO allies  with whom ?`): compared with case and spacing folded.
    let text: Vec<String> = render::text::file(&r, false)
        .lines()
        .map(|l| {
            if l.starts_with(' ') {
                l.to_string()
            } else {
                l.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .replace(" ?", "?")
                    .to_lowercase()
            }
        })
        .collect();
    format!("{}\n{diags:?}", text.join("\n"))
}

/// The three properties, for one text.
fn check(src: &str) -> Result<String, TestCaseError> {
    let out = match format::format_source(src) {
        Ok(o) => o,
        Err(e) => return Err(TestCaseError::fail(format!("{e:?}\n{src}"))),
    };
    let again = format::format_source(&out).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
    prop_assert_eq!(&again, &out, "not idempotent:\n{}", src);
    prop_assert_eq!(lexer::comment_texts(&out), lexer::comment_texts(src));
    prop_assert_eq!(
        answers(&out),
        answers(src),
        "answers changed:\n{}\n---\n{}",
        src,
        out
    );
    Ok(out)
}

#[test]
fn every_example_formats_idempotently_with_the_same_answers_and_comments() {
    let mut n = 0;
    for entry in std::fs::read_dir("examples").expect("examples/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "ally") {
            let src = std::fs::read_to_string(&path).expect("readable");
            let out = check(&src).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            // JSON too, but for the line numbers (blank lines are collapsed).
            let json = |s: &str| {
                let mut doc = render::json::file(&run_source("f.ally", s, None), s);
                for key in ["queries", "expectations"] {
                    for q in doc[key].as_array_mut().into_iter().flatten() {
                        q["line"] = serde_json::Value::Null;
                    }
                }
                doc
            };
            assert_eq!(json(&out), json(&src), "{}", path.display());
            n += 1;
        }
    }
    assert!(n >= 10, "only {n} examples found");
}

#[test]
fn the_canonical_layout() {
    let src = "SCENARIO   \"Demo\"\n\n\n\
               ideology a,b\n\
               STATE  France{ ideology a ; power 0.1 }  // the first\n\
               state \"Austria-Hungary\" {power 0.05}\n\
               state X\n\
               threat France->X   // no level\n\
               threat France ->X 0.5;border France~X\n\
               alliance   Entente {France,\n  X} RELIABILITY 0.7\n\
               at 1915 { leave X; Battle France defeats \"Austria-Hungary\" }\n\
               // the questions\n\
               WHO allies  with whom ?\n\
               what if France   THREATENS X?\n\
               what if threat France -> X?\n";
    let want = "scenario \"Demo\"\n\n\
                ideology a, b\n\
                state France            { power 0.1   ideology a }  // the first\n\
                state \"Austria-Hungary\" { power 0.05 }\n\
                state X\n\
                threat France -> X                                  // no level\n\
                threat France -> X 0.5\n\
                border France ~ X\n\
                alliance Entente { France, X } reliability 0.7\n\
                at 1915 {\n  leave X\n  battle France defeats \"Austria-Hungary\"\n}\n\
                // the questions\n\
                who allies with whom?\n\
                what if France threatens X?\n\
                what if threat France -> X?\n";
    assert_eq!(format::format_source(src).expect("formats"), want);
    check(src).expect("properties");
}

#[test]
fn comments_inside_blocks_stay_with_what_they_follow() {
    let src = "state A { // opening\n  // about ideology\n  ideology x\n  power 2 // power\n  // closing\n}\n\
               state B\n\
               alliance {\n A, // first\n B\n} // after\n\
               game G { // g\n  players P, Q\n  strategies L, R // s\n\n  // rows\n  \
               L, L -> 1, 1\n  L, R -> 0, 0\n  R, L -> 0, 0\n  R, R -> 2, 2\n}\n\
               at 2 {\n  // nothing yet\n}\n";
    let want = "state A {  // opening\n  // about ideology\n  ideology x\n  power 2  // power\n  \
                // closing\n}\n\
                state B\n\
                alliance {  \n  A,  // first\n  B\n}  // after\n";
    let out = check(src).expect("properties");
    assert!(out.starts_with(&want.replace("{  \n", "{\n")), "{out}");
    assert!(
        out.contains(
            "game G {  // g\n  players P, Q\n  strategies L, R  // s\n\n  // rows\n  L, L -> 1, 1\n"
        ),
        "{out}"
    );
    assert!(out.ends_with("at 2 {\n  // nothing yet\n}\n"), "{out}");
}

#[test]
fn a_file_with_syntax_errors_is_refused_with_its_diagnostics() {
    match format::format_source("state { power 1 }\n") {
        Err(format::Error::Syntax(d)) => assert_eq!(d[0].code, "ally::syntax"),
        other => panic!("{other:?}"),
    }
}

/// A scenario written untidily: keywords in random case, random spaces, statements
/// joined with `;`, comments at line ends and between lines, state attributes in
/// another order and multi-line blocks with comments inside.
fn messy(clean: &str, seed: &[u8]) -> String {
    let mut k = 0;
    let mut next = || {
        k += 1;
        seed[k % seed.len()]
    };
    let mut out = String::new();
    for (i, line) in clean.lines().enumerate() {
        let line = if line.starts_with("state ") && next() % 3 == 0 {
            // state S1 { power p ideology i offense o } → several lines, reversed.
            let (head, rest) = line.split_once('{').unwrap_or((line, ""));
            let words: Vec<&str> = rest.trim_end_matches('}').split_whitespace().collect();
            let attrs: Vec<String> = words.chunks(2).map(|c| c.join(" ")).collect();
            format!(
                "{head}{{ // inside {i}\n  {}\n}}",
                attrs.join(" // attr\n  ")
            )
        } else if line.starts_with("state ") && next() % 2 == 0 {
            // The attributes in another order: formatting sorts them back.
            let (head, rest) = line.split_once('{').unwrap_or((line, ""));
            let words: Vec<&str> = rest.trim_end_matches('}').split_whitespace().collect();
            let mut attrs: Vec<String> = words.chunks(2).map(|c| c.join(" ")).collect();
            attrs.reverse();
            format!("{head}{{{}}}", attrs.join(";"))
        } else if line.ends_with('?') {
            // Queries are echoed as written: their spelling is part of the answer.
            line.to_string()
        } else {
            let mut s = String::new();
            let toks = lexer::lex(line);
            for t in toks {
                let text = &line[t.span.start..t.span.end];
                match t.kind {
                    lexer::TokenKind::Space => s.push_str(&" ".repeat(1 + (next() % 3) as usize)),
                    lexer::TokenKind::Word if ally_core::syntax::KEYWORDS.contains(&text) => {
                        if next() % 2 == 0 {
                            s.push_str(&text.to_uppercase())
                        } else {
                            s.push_str(text)
                        }
                    }
                    _ => s.push_str(text),
                }
            }
            s
        };
        out.push_str(&line);
        match next() % 6 {
            0 => out.push_str(&format!("   // end {i}\n")),
            1 => out.push_str(&format!("\n// between {i}\n")),
            2 if !line.contains("//") && !line.ends_with('?') => out.push_str(" ; "),
            3 => out.push_str("\n\n\n"),
            _ => out.push('\n'),
        }
    }
    out
}

fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(32))]

    #[test]
    fn generated_scenarios_format_with_the_same_answers(
        g in gen_scenario(),
        seed in prop::collection::vec(any::<u8>(), 1..64),
    ) {
        let order: Vec<usize> = (0..g.powers.len()).collect();
        let extra = "at 1 {\n  // a change\n  threat S0 -> S1 0.5\n  leave S2\n}\n";
        let mut clean = write(&g, "balancing", &order, 1.0, extra);
        clean.push_str("who allies with whom?\nwhy S0?\nthreats to S1?\ntimeline?\n");
        let src = messy(&clean, &seed);
        let out = check(&src)?;
        // Formatting the tidy text gives the same as formatting the messy one.
        let tidy = format::format_source(&clean).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let strip = |s: &str| -> Vec<String> {
            s.lines().map(|l| l.split("//").next().unwrap_or("").trim().to_string())
                .filter(|l| !l.is_empty()).collect()
        };
        let flat = |s: &str| strip(s).join(" ").split_whitespace().collect::<Vec<_>>().join(" ");
        prop_assert_eq!(flat(&out), flat(&tidy));
    }
}

mod command {
    use std::io::Write;
    use std::path::PathBuf;
    use std::process::{Command, Stdio};

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("ally-fmt-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("temp dir");
        d
    }

    fn ally(args: &[&str], cwd: &PathBuf, stdin: &str) -> (i32, String, String) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ally"))
            .args(args)
            .current_dir(cwd)
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("ally runs");
        if let Some(mut i) = child.stdin.take() {
            i.write_all(stdin.as_bytes()).expect("stdin");
        }
        let out = child.wait_with_output().expect("ally ends");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    #[test]
    fn stdin_to_stdout() {
        let d = dir("stdin");
        let (code, out, _) = ally(&["fmt"], &d, "STATE  A{power 2}\nwhy A?");
        assert_eq!((code, out.as_str()), (0, "state A { power 2 }\nwhy A?\n"));
        let (code, out, _) = ally(&["fmt", "--check"], &d, "state A\n");
        assert_eq!((code, out.as_str()), (0, ""));
        let (code, out, _) = ally(&["fmt", "--check"], &d, "state  A\n");
        assert_eq!((code, out.as_str()), (1, "would reformat: <stdin>\n"));
    }

    #[test]
    fn check_names_the_files_and_changes_nothing_then_fmt_rewrites_only_those() {
        let d = dir("check");
        std::fs::create_dir_all(d.join("sub")).expect("sub");
        std::fs::write(d.join("tidy.ally"), "state A\n").expect("write");
        std::fs::write(d.join("sub/messy.ally"), "state   A // x\n").expect("write");
        std::fs::write(d.join("broken.ally"), "state { power\n").expect("write");
        let (code, out, err) = ally(&["fmt", "--check", "."], &d, "");
        assert_eq!(code, 1);
        assert_eq!(out, "would reformat: ./sub/messy.ally\n");
        assert!(err.contains("ally::syntax"), "{err}");
        assert_eq!(
            std::fs::read_to_string(d.join("sub/messy.ally")).expect("read"),
            "state   A // x\n"
        );
        let before = std::fs::metadata(d.join("tidy.ally"))
            .and_then(|m| m.modified())
            .expect("mtime");
        let (code, _, err) = ally(&["fmt", "tidy.ally", "sub", "broken.ally"], &d, "");
        assert_eq!(code, 1, "the broken file fails");
        assert!(err.contains("broken.ally"), "{err}");
        assert_eq!(
            std::fs::read_to_string(d.join("sub/messy.ally")).expect("read"),
            "state A  // x\n"
        );
        assert_eq!(
            std::fs::read_to_string(d.join("broken.ally")).expect("read"),
            "state { power\n",
            "a file with syntax errors is left untouched"
        );
        let after = std::fs::metadata(d.join("tidy.ally"))
            .and_then(|m| m.modified())
            .expect("mtime");
        assert_eq!(before, after, "an unchanged file is not rewritten");
        let leftovers: Vec<_> = std::fs::read_dir(d.join("sub"))
            .expect("sub")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("tmp"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary file is left");
        let (code, out, _) = ally(&["fmt", "--check", "tidy.ally", "sub"], &d, "");
        assert_eq!((code, out.as_str()), (0, ""));
        let (code, _, err) = ally(&["fmt", "missing.ally"], &d, "");
        assert_eq!(code, 2, "{err}");
    }

    /// A folder holding a link to itself: each file is listed once and rewritten once
    /// (the walker of `ally test`, which enters a folder once by its canonical path).
    #[test]
    fn a_symlink_loop_lists_and_rewrites_each_file_once() {
        let d = dir("loop");
        std::fs::create_dir_all(d.join("sub")).expect("sub");
        std::fs::write(d.join("sub/messy.ally"), "state   A\n").expect("write");
        std::os::unix::fs::symlink("..", d.join("sub/up")).expect("symlink");
        let (code, out, err) = ally(&["fmt", "--check", "sub"], &d, "");
        assert_eq!(
            (code, out.as_str()),
            (1, "would reformat: sub/messy.ally\n"),
            "{err}"
        );
        std::fs::write(d.join("sub/broken.ally"), "state { power\n").expect("write");
        let (code, out, err) = ally(&["fmt", "sub"], &d, "");
        assert_eq!((code, out.as_str()), (1, ""));
        assert_eq!(err.matches("ally::syntax").count(), 1, "{err}");
        assert_eq!(
            std::fs::read_to_string(d.join("sub/messy.ally")).expect("read"),
            "state A\n"
        );
    }
}

/// Words and punctuation of the language, with comments and newlines, in any order.
fn soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(ally_core::syntax::KEYWORDS.to_vec()).prop_map(String::from),
        prop::sample::select(vec![
            "A", "B", "\"C d\"", "0.5", "-1", "3/4", "{", "}", ",", ";", "~", "->", "=", "?", ">",
            ":", "\n", " ", "// c", "\"", "x1",
        ])
        .prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(config(256))]

    /// Whatever the text, `ally fmt` answers (formatted text or diagnostics) without
    /// panicking, and what it formats has the three properties.
    #[test]
    fn any_text_formats_or_is_refused(src in prop_oneof![any::<String>(), soup()]) {
        if format::format_source(&src).is_ok() {
            let out = format::format_source(&src).unwrap_or_default();
            let again = format::format_source(&out).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
            prop_assert_eq!(&again, &out, "not idempotent:\n{:?}", src);
            prop_assert_eq!(lexer::comment_texts(&out), lexer::comment_texts(&src));
        }
    }
}

#[test]
fn every_kind_of_statement_keeps_its_meaning() {
    let src = r#"Scenario "All of it"
ideology democracy,monarchy ;affinity democracy~monarchy=-0.2
state France{doctrine balancing;at 46.6,2.2 ; offense 1.2,ideology democracy, power 0.1}
state Germany { power 0.15  ideology monarchy }
state Russia{power 0.15}
state Italy {
  power 0.04
}
border France~Germany
distance   France ~Russia = 0.3
threat Germany->France 0.8 ; threat Russia -> Germany
offer France -> Italy 50
alliance Entente{France,Russia} reliability 0.7
propensity France ~ Germany = -0.5
MODEL balancing 0.7,ideology 0.3
blocs 2
LATENT  intent 0.1
at 1915 { battle Germany defeats Russia loss 0.3 ; turmoil Russia -> democracy
  end threat Russia->Germany
  end alliance Entente
  state Serbia { power 0.01 }
  border Serbia ~ Russia }
at 1916 {}
game Chicken { players Row, Col ; strategies Row: Swerve, Straight
 strategies Col: Swerve,Straight
 outcomes win>tie=draw>lose>crash
 Swerve,Swerve->tie,draw
 Swerve,Straight->lose,win
 Straight,Swerve->win,lose
 Straight,Straight->crash,crash }
game PD { players A, B
 strategies C, D
 C, C -> 3, 3 ; C, D -> 0, 5
 D, C -> 5, 0 ; D, D -> 1, 1 }
who allies with whom?
allies of France?
enemies of Germany?
why Italy?
biggest threat to France?
threats to France?
stable alignments?
compare models?
balance of power?
what if Germany threatens Italy 0.5?
what if threat Germany -> Italy?
what if alliance { France, Italy }?
what if battle France defeats Germany?
what if end threat Russia -> Germany?
price of Italy for France?
would Germany attack France?
timeline?
equilibria of Chicken?
dominant strategies of PD?
best responses of PD?
expect France with Russia
expect France against Germany
expect Italy indifferent
expect biggest threat to France is Germany
"#;
    let out = check(src).expect("properties");
    assert!(out.contains("state France  { power 0.1   ideology democracy  offense 1.2  at 46.6, 2.2  doctrine balancing }\n"), "{out}");
    assert!(
        out.contains(
            "  outcomes win > tie = draw > lose > crash\n  Swerve,   Swerve   -> tie,   draw\n"
        ),
        "{out}"
    );
    assert!(out.contains("at 1916 {}\n"), "{out}");
    assert!(out.contains("model balancing 0.7, ideology 0.3\n"), "{out}");
    assert!(out.contains("latent intent 0.1\n"), "{out}");
    assert!(out.contains("  end threat Russia -> Germany\n"), "{out}");
}

#[test]
fn game_trees_format_as_nested_blocks_with_their_comments() {
    let src = "game T { players A, B\n tree A { // root\n  Stay ->  0,0\n  // the attack\n  Go -> chance {\n   Hi 1/3 -> B in \"s\" { L -> 1, 2 // low\n    R -> 3, 4 }\n   Lo 2/3 -> B in \"s\" {\n    L -> 5, 6\n    R -> 7, 8\n    // closing\n   }\n  }\n }\n}\nsubgame perfect equilibria of T?\npath of T?\nstrategic form of T?\nexpect path of T is Go, Hi, R\nexpect subgame perfect of T = 1\n";
    let out = check(src).expect("properties");
    let want = "game T {\n  players A, B\n  tree A {  // root\n    Stay -> 0, 0\n    // the attack\n    Go -> chance {\n      Hi 1/3 -> B in \"s\" {\n        L -> 1, 2  // low\n        R -> 3, 4\n      }\n      Lo 2/3 -> B in \"s\" {\n        L -> 5, 6\n        R -> 7, 8\n        // closing\n      }\n    }\n  }\n}\n";
    assert!(out.starts_with(want), "{out}");
    assert!(
        out.ends_with("expect path of T is Go, Hi, R\nexpect subgame perfect of T = 1\n"),
        "{out}"
    );
}
