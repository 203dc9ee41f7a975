//! Issue 11 item 6: changing a scenario. A re-declared threat, offer or state attribute
//! at top level is an event (later lines see the new value; a note points at the line
//! it replaces); alliances made in `at` blocks can be ended; `ally run --at T` answers
//! at a point of the timeline. Each answer is checked against a second file that
//! declares the new value directly (a metamorphic check), never against the code.

use std::process::Command;

use ally_core::diagnostics::Diag;
use ally_core::document::{check_source, run_source};
use ally_core::render;

/// The text `ally run` prints for `src` (answers only).
fn answers(src: &str) -> String {
    let r = run_source("c.ally", src, None);
    assert!(!r.report.has_errors(), "{src}\n{:?}", r.report.diags);
    render::text::file(&r, false)
}

/// Runs `src` and checks every expectation holds, showing the diagnostics and answers if not.
fn passes(src: &str) {
    let r = run_source("c.ally", src, None);
    assert!(
        r.ok(),
        "{:?}\n{}",
        r.report.diags,
        render::text::file(&r, false)
    );
}

fn notes_coded(src: &str, code: &str) -> Vec<Diag> {
    let (_, report) = check_source("c.ally", src);
    assert!(!report.has_errors(), "{src}\n{:?}", report.diags);
    report
        .diags
        .into_iter()
        .filter(|d| d.code == code)
        .collect()
}

fn line(src: &str, d: &ally_core::span::Span) -> String {
    let start = src[..d.start].rfind('\n').map_or(0, |i| i + 1);
    let end = src[d.start..].find('\n').map_or(src.len(), |i| d.start + i);
    src[start..end].to_string()
}

const PAIR: &str = "state A { power 1 }\nstate B { power 2 }\nstate C { power 1 }\n";

#[test]
fn a_threat_declared_again_replaces_the_first_with_a_note() {
    let src = format!("{PAIR}threat B -> A 0.3\nthreats to A?\nthreat B -> A 0.9\nthreats to A?\n");
    // Each question sees the threat as it stands at its line.
    let first = answers(&format!("{PAIR}threat B -> A 0.3\nthreats to A?\n"));
    let second = answers(&format!("{PAIR}threat B -> A 0.9\nthreats to A?\n"));
    assert_ne!(first, second, "the two intents must give different answers");
    assert_eq!(answers(&src), format!("{first}{second}"));
    // Not an error: one note, on the second line, pointing at the first.
    let n = notes_coded(&src, "ally::redeclared");
    assert_eq!(n.len(), 1, "{n:?}");
    assert!(!n[0].is_error());
    assert_eq!(line(&src, &n[0].span), "threat B -> A 0.9");
    let replaced: Vec<String> = n[0].related.iter().map(|(s, _)| line(&src, s)).collect();
    assert_eq!(replaced, ["threat B -> A 0.3"]);
}

#[test]
fn an_offer_declared_again_replaces_it_and_does_not_add() {
    let base = format!("{PAIR}threat B -> A 1\nmodel balancing 1, aid 1\n");
    let twice = format!(
        "{base}offer C -> A 40\noffer C -> A 90\nwho allies with whom?\nprice of A for C?\n"
    );
    let once = format!("{base}offer C -> A 90\nwho allies with whom?\nprice of A for C?\n");
    let sum = format!("{base}offer C -> A 130\nwho allies with whom?\nprice of A for C?\n");
    assert_eq!(answers(&twice), answers(&once));
    assert_ne!(
        answers(&once),
        answers(&sum),
        "the test cannot tell adding from replacing"
    );
    let n = notes_coded(&twice, "ally::redeclared");
    assert_eq!(n.len(), 1, "{n:?}");
    assert_eq!(line(&twice, &n[0].span), "offer C -> A 90");
    assert_eq!(line(&twice, &n[0].related[0].0), "offer C -> A 40");
}

#[test]
fn a_state_declared_again_changes_the_attributes_it_gives() {
    // Doctrine and power change; the ideology, not given again, stays.
    let head = "ideology red, blue\n";
    let rest = "state B { power 2 ideology blue }\nstate C { power 1 ideology red }\nthreat B -> A 1\nthreat B -> C 1\nmodel balancing 1, ideology 0.2\n";
    let q = "who allies with whom?\nwhy A?\n";
    let src = format!(
        "{head}state A {{ power 1 ideology red }}\n{rest}{q}state A {{ power 3 doctrine bandwagoning }}\n{q}"
    );
    let before = answers(&format!(
        "{head}state A {{ power 1 ideology red }}\n{rest}{q}"
    ));
    let after = answers(&format!(
        "{head}state A {{ power 3 ideology red doctrine bandwagoning }}\n{rest}{q}"
    ));
    assert_ne!(before, after);
    assert_eq!(answers(&src), format!("{before}{after}"));
    let n = notes_coded(&src, "ally::redeclared");
    assert_eq!(n.len(), 1, "{n:?}");
    assert!(n[0].message.contains("power"), "{}", n[0].message);
    assert!(n[0].message.contains("doctrine"), "{}", n[0].message);
    // It points at the line whose value it replaces.
    assert!(
        n[0].related
            .iter()
            .any(|(s, _)| line(&src, s) == "state A { power 1 ideology red }"),
        "{:?}",
        n[0].related
    );
}

#[test]
fn a_state_declared_again_with_a_bad_attribute_is_an_error_and_changes_nothing() {
    let src = format!("{PAIR}state A {{ power -1 }}\n");
    let (_, report) = check_source("c.ally", &src);
    assert!(report.diags.iter().any(|d| d.code == "ally::bad_power"));
}

/// A and B kept apart by a declared propensity; an alliance of reliability 1 outweighs
/// it (landscape: p = −0.5 + 1), so while it lasts they are together.
const APART: &str =
    "state A { power 1 }\nstate B { power 0.5 }\npropensity A ~ B = -0.5\nmodel landscape\n";

#[test]
fn an_alliance_made_in_an_earlier_at_block_can_be_ended() {
    let src = format!(
        "{APART}at 1 {{ alliance U {{ A, B }} reliability 1 }}\nat 2 {{ end alliance U }}\n\
         expect B switches at 1\nexpect B switches at 2\n"
    );
    passes(&src);
}

/// Blocks apply in time order, not in the order written: a block written first may end
/// an alliance that a block written after it, but earlier in time, makes.
#[test]
fn an_alliance_made_in_a_block_earlier_in_time_but_written_later_can_be_ended() {
    let src = format!(
        "{APART}at 2 {{ end alliance U }}\nat 1 {{ alliance U {{ A, B }} reliability 1 }}\n\
         expect B switches at 1\nexpect B switches at 2\n"
    );
    passes(&src);
    // An alliance no block makes is still unknown.
    let (_, report) = check_source("c.ally", &format!("{APART}at 2 {{ end alliance W }}\n"));
    assert!(
        report
            .diags
            .iter()
            .any(|d| d.code == "ally::undeclared_alliance")
    );
}

#[test]
fn an_alliance_made_and_ended_in_the_same_at_block_is_gone_after_it() {
    let src = format!("{APART}at 1 {{ alliance U {{ A, B }} reliability 1; end alliance U }}\n");
    let (checker, report) = check_source("c.ally", &src);
    assert!(!report.has_errors(), "{:?}", report.diags);
    let s = ally_core::dynamics::scenario_at(&checker.state.scenario, 1.0).expect("applies");
    let u = s.alliances.iter().find(|a| a.name == "U").expect("made");
    assert!(!u.active);
}

fn ally(args: &[&str], file: &str, src: &str) -> std::process::Output {
    let dir = std::env::temp_dir().join(format!("ally-changes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let path = dir.join(file);
    std::fs::write(&path, src).expect("written");
    Command::new(env!("CARGO_BIN_EXE_ally"))
        .args(args)
        .arg(&path)
        .output()
        .expect("ally runs")
}

#[test]
fn run_at_a_time_answers_with_the_blocks_up_to_it_applied() {
    let q = "who allies with whom?\n";
    let src = format!(
        "{APART}at 1 {{ alliance U {{ A, B }} reliability 1 }}\nat 2 {{ end alliance U }}\n{q}"
    );
    let at = |t: &str| ally(&["run", "--at", t], "at.ally", &src);
    let text = |o: &std::process::Output| String::from_utf8_lossy(&o.stdout).into_owned();
    // What the file would say with the alliance declared outright, and without it.
    let allied = answers(&format!("{APART}alliance U {{ A, B }} reliability 1\n{q}"));
    let apart = answers(&format!("{APART}{q}"));
    assert_ne!(allied, apart);
    for (t, want) in [
        ("0.5", &apart),
        ("1", &allied),
        ("1.5", &allied),
        ("2", &apart),
    ] {
        let out = at(t);
        assert_eq!(
            out.status.code(),
            Some(0),
            "--at {t}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(&text(&out), want, "--at {t}");
    }
    // T must be a finite number: bad usage.
    for bad in ["inf", "NaN", "-inf"] {
        let out = at(bad);
        assert_eq!(out.status.code(), Some(2), "--at {bad}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("finite"),
            "--at {bad}"
        );
    }
}

#[test]
fn run_at_reports_an_event_that_cannot_happen_as_a_diagnostic() {
    // Ended at 1, made only at 2: the file checks (the timeline is in time order), but
    // the scenario at 1 cannot be built.
    let src = format!(
        "{APART}at 2 {{ alliance U {{ A, B }} }}\nat 1 {{ end alliance U }}\nwho allies with whom?\n"
    );
    let out = ally(&["run", "--at", "1"], "bad-at.ally", &src);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ally::undeclared_alliance"), "{err}");
    assert!(err.contains("bad-at.ally:6"), "{err}");
}

#[test]
fn help_covers_undo_changes_and_run_at() {
    use ally::repl::help;
    assert!(help::OVERVIEW.contains(":undo"));
    assert!(
        help::topic(":undo")
            .expect("help on :undo")
            .contains("last entry")
    );
    assert!(
        help::topic("timeline")
            .expect("help")
            .contains("ally run --at T")
    );
    assert!(
        help::topic("again")
            .expect("help")
            .contains("ally::redeclared")
    );
}
