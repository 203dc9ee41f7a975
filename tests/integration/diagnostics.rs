//! What users see on bad input (SPEC §4): one snapshot per script in `tests/bad/`, plus
//! plain checks that every diagnostic carries a code and a span inside its source.
//!
//! Each bad script is named for its mistake and holds only that mistake, except
//! `several_errors.ally` and `several_syntax_errors.ally`, which check that all of a
//! file's errors are reported. Messages known to be poor are still snapshotted (as PRQL's
//! `bad_error_messages.rs` does) with a note in `POOR` below, so a fix shows up as a diff.

use std::path::{Path, PathBuf};

use ally_core::diagnostics::{self, Report, Style};
use ally_core::document::{check_source, run_source};

/// Files whose only error is found when a query is answered, not by the checker.
const RUN_TIME: &[&str] = &["empty_scenario_query.ally"];

/// Snapshotted messages that are known to be poor; each line says why.
const POOR: &[(&str, &str)] = &[];

fn bad_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad")
}

fn bad_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(bad_dir())
        .expect("tests/bad exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ally"))
        .collect();
    files.sort();
    files
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// The report a user sees for this file: the checker's, or for a run-time error the run's.
fn report_for(path: &Path) -> (String, Report) {
    let name = file_name(path);
    let src = std::fs::read_to_string(path).expect("readable bad file");
    let report = if RUN_TIME.contains(&name.as_str()) {
        run_source(&name, &src, None).report
    } else {
        check_source(&name, &src).1
    };
    (src, report)
}

#[test]
fn bad_inputs_snapshots() {
    insta::glob!("../bad", "*.ally", |path| {
        let (_, report) = report_for(path);
        let rendered = diagnostics::render(&report, Style::Plain);
        let name = file_name(path);
        let mut settings = insta::Settings::clone_current();
        if let Some((_, why)) = POOR.iter().find(|(f, _)| *f == name) {
            settings.set_description(format!("POOR MESSAGE: {why}"));
        }
        settings.bind(|| insta::assert_snapshot!(rendered));
    });
}

#[test]
fn there_are_enough_bad_files() {
    assert!(
        bad_files().len() >= 24,
        "tests/bad holds {} files",
        bad_files().len()
    );
}

#[test]
fn every_bad_file_has_an_error() {
    for path in bad_files() {
        let (_, report) = report_for(&path);
        assert!(
            report.has_errors(),
            "{} yields no error: {:?}",
            path.display(),
            report.diags
        );
    }
}

#[test]
fn run_time_files_pass_the_checker() {
    // They are bad only when answered; `ally check` accepts them.
    for name in RUN_TIME {
        let src = std::fs::read_to_string(bad_dir().join(name)).unwrap();
        let (_, report) = check_source(name, &src);
        assert!(!report.has_errors(), "{name}: {:?}", report.diags);
    }
}

#[test]
fn every_diagnostic_has_a_code_and_a_span_in_the_source() {
    for path in bad_files() {
        let (src, report) = report_for(&path);
        for d in &report.diags {
            let where_ = format!("{}: {:?}", path.display(), d);
            assert!(d.code.starts_with("ally::"), "bad code in {where_}");
            assert!(!d.message.is_empty(), "empty message in {where_}");
            assert!(d.span.start < d.span.end, "empty span in {where_}");
            assert!(d.span.end <= src.len(), "span past the end in {where_}");
            assert!(
                src.is_char_boundary(d.span.start) && src.is_char_boundary(d.span.end),
                "span splits a character in {where_}"
            );
        }
    }
}

#[test]
fn the_file_name_names_the_error() {
    // A few files map one-to-one to a code; check the code, not only the text.
    let cases = [
        ("undeclared_state.ally", "ally::undeclared_state"),
        ("tree_unknown_player.ally", "ally::bad_tree"),
        ("tree_probabilities.ally", "ally::bad_probability"),
        ("tree_imperfect_recall.ally", "ally::information_set"),
        ("tree_too_deep.ally", "ally::too_deep"),
        ("undeclared_state_typo.ally", "ally::undeclared_state"),
        ("duplicate_state.ally", "ally::duplicate_declaration"),
        ("zero_power.ally", "ally::bad_power"),
        ("negative_power.ally", "ally::bad_power"),
        ("intent_out_of_range.ally", "ally::out_of_range"),
        ("self_threat.ally", "ally::self_relation"),
        ("unknown_model_typo.ally", "ally::unknown_model"),
        ("model_weight_is_name.ally", "ally::bad_weight"),
        ("negative_weight.ally", "ally::bad_weight"),
        ("unknown_ideology.ally", "ally::undeclared_ideology"),
        ("bad_doctrine.ally", "ally::bad_doctrine"),
        ("bad_pact_type.ally", "ally::bad_pact_type"),
        ("bad_blocs.ally", "ally::bad_blocs"),
        ("bad_range.ally", "ally::bad_range"),
        ("bad_draws.ally", "ally::bad_draws"),
        ("game_one_player.ally", "ally::bad_game"),
        ("query_unknown_game.ally", "ally::undeclared_game"),
        ("syntax_missing_arrow.ally", "ally::syntax"),
        ("huge_number.ally", "ally::bad_number"),
        ("empty_scenario_query.ally", "ally::no_states"),
    ];
    for (file, code) in cases {
        let (_, report) = report_for(&bad_dir().join(file));
        assert_eq!(report.diags.first().map(|d| d.code), Some(code), "{file}");
    }
}

#[test]
fn typos_get_a_did_you_mean() {
    for (file, want) in [
        ("undeclared_state_typo.ally", "did you mean `Germany`?"),
        ("unknown_model_typo.ally", "did you mean `balancing`?"),
        ("bad_pact_type.ally", "did you mean `defense`?"),
        ("query_unknown_game.ally", "did you mean `Stag Hunt`?"),
    ] {
        let (_, report) = report_for(&bad_dir().join(file));
        assert_eq!(report.diags[0].help.as_deref(), Some(want), "{file}");
    }
    // No near name: no guess, but still a fix.
    let (_, report) = report_for(&bad_dir().join("undeclared_state.ally"));
    let help = report.diags[0].help.as_deref().unwrap_or_default();
    assert!(!help.contains("did you mean"), "{help}");
    assert!(help.contains("state Serbia"), "{help}");
}

#[test]
fn several_errors_are_all_reported() {
    let (src, report) = report_for(&bad_dir().join("several_errors.ally"));
    let codes: Vec<&str> = report.diags.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [
            "ally::bad_power",
            "ally::undeclared_state",
            "ally::self_relation",
            "ally::out_of_range",
            "ally::unknown_model",
        ]
    );
    // One per line, on lines 3 to 7.
    let lines: Vec<usize> = report
        .diags
        .iter()
        .map(|d| ally_core::span::line_of(&src, d.span.start))
        .collect();
    assert_eq!(lines, [3, 4, 5, 6, 7]);
    let text = diagnostics::render(&report, Style::Plain);
    assert!(
        text.ends_with("5 errors in several_errors.ally\n"),
        "{text}"
    );
}

#[test]
fn several_syntax_errors_are_all_reported() {
    let (src, report) = report_for(&bad_dir().join("several_syntax_errors.ally"));
    let found: Vec<(&str, usize)> = report
        .diags
        .iter()
        .map(|d| (d.code, ally_core::span::line_of(&src, d.span.start)))
        .collect();
    assert_eq!(found, [("ally::syntax", 3), ("ally::syntax", 5)]);
}

#[test]
fn plain_rendering_has_no_colour() {
    for path in bad_files() {
        let (_, report) = report_for(&path);
        let text = diagnostics::render(&report, Style::Plain);
        assert!(!text.contains('\u{1b}'), "{}: {text}", path.display());
    }
}

#[test]
fn an_empty_name_is_rejected() {
    let src = "state \"\" { power 0.1 }\nstate B { power 0.2 }\n";
    let (_, report) = check_source("empty_name.ally", src);
    assert!(report.has_errors(), "{:?}", report.diags);
}
