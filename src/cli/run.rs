//! `ally run FILE…`: every query's answer, in order; and the printing `ally test`
//! shares with it.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::{Failure, Format, Outcome, eprint_report, model_option, plural, print, read};
use crate::golden;
use ally_core::diagnostics::Report;
use ally_core::document::Document;
use ally_core::query::file::FileResult;
use ally_core::render;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario files (.ally)
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Output format (`markdown`: a document for a course page)
    #[arg(long, value_enum, default_value_t = RunFormat::Text)]
    format: RunFormat,
    /// Override the files' model, e.g. `bandwagoning` or `"balancing 0.7, ideology 0.3"`
    #[arg(long, value_name = "MODEL")]
    model: Option<String>,
    /// Answer at time T: the `at` blocks up to T applied, the later ones left as the timeline
    #[arg(long, value_name = "T", allow_hyphen_values = true)]
    at: Option<f64>,
    /// Seconds the proof of the least energy may take past enumeration (two blocs over 30
    /// states, three or more blocs past the labelled walk), measured in work on the
    /// reference machine so the answer is the same on any machine; 0: no search, the heuristic (two blocs still get a proven bound)
    #[arg(long, value_name = "SECONDS", value_parser = budget, allow_hyphen_values = true,
          default_value_t = ally_core::engine::DEFAULT_BUDGET)]
    budget: f64,
}

fn budget(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if (0.0..=86_400.0).contains(&v) => Ok(v),
        _ => Err(format!(
            "`{text}`: give a number of seconds from 0 up to 86400"
        )),
    }
}

/// `ally run`'s formats: those of `ally test`, and Markdown.
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RunFormat {
    Text,
    Json,
    Markdown,
}

pub fn run(a: &Args) -> Outcome {
    if let Some(t) = a.at.filter(|t| !t.is_finite()) {
        return Err(Failure::Usage(format!(
            "error: `--at` needs a finite time, such as `--at 1915`, not {t}"
        )));
    }
    let format = match a.format {
        RunFormat::Markdown => {
            return markdown_files(&a.files, a.model.as_deref(), a.at, a.budget);
        }
        RunFormat::Text => Format::Text,
        RunFormat::Json => Format::Json,
    };
    run_files(&a.files, format, a.model.as_deref(), a.at, a.budget, false)
}

/// Reads and runs each file (a file that is not UTF-8 reported like any error in it),
/// with the document each was answered from.
pub(super) fn run_each(
    files: &[PathBuf],
    model: Option<&str>,
    at: Option<f64>,
    budget: f64,
) -> Result<Vec<(FileResult, Document)>, Failure> {
    let model = model_option(model)?;
    let mut results: Vec<(FileResult, Document)> = Vec::new();
    for path in files {
        let text = read(path)?;
        let name = path.display().to_string();
        let doc = Document::new(name.clone(), text.text);
        let result = match text.error {
            Some(diag) => FileResult {
                file: name.clone(),
                title: None,
                entries: Vec::new(),
                report: Report::new(&name, doc.text(), vec![diag]),
                answered: false,
            },
            None => doc.answer(
                model.as_ref(),
                ally_core::engine::Limits {
                    budget,
                    ..ally_core::engine::Limits::default()
                },
                at,
            ),
        };
        results.push((result, doc));
    }
    Ok(results)
}

/// `ally run --format markdown`: one document per file, separated by a blank line.
fn markdown_files(files: &[PathBuf], model: Option<&str>, at: Option<f64>, budget: f64) -> Outcome {
    let results = run_each(files, model, at, budget)?;
    for (i, (r, _)) in results.iter().enumerate() {
        if i > 0 {
            print("\n")?;
        }
        if r.answered {
            print(&render::markdown::file(r))?;
            eprint_report(&r.report)?;
        } else {
            eprint_report(&r.report)?;
            print(&render::markdown::file(r))?;
        }
    }
    if results.iter().all(|(r, _)| r.ok()) {
        Ok(())
    } else {
        Err(Failure::Input)
    }
}

/// Runs the files and prints their answers (`test`: their expectations' verdicts).
pub(super) fn run_files(
    files: &[PathBuf],
    format: Format,
    model: Option<&str>,
    at: Option<f64>,
    budget: f64,
    test: bool,
) -> Outcome {
    let results = run_each(files, model, at, budget)?;
    // Golden files hold what `ally run FILE` prints, so they are compared only when
    // `ally test` runs the files as `ally run` would: no `--model`, no errors.
    let goldens: Vec<Option<golden::Golden>> = files
        .iter()
        .zip(&results)
        .map(|(path, (r, _))| {
            (test && model.is_none() && !r.report.has_errors())
                .then(|| golden::check(path, r))
                .flatten()
        })
        .collect();
    let ok = results.iter().all(|(r, _)| r.ok()) && goldens.iter().flatten().all(|g| g.passed());
    // Each file's text is built whole and printed at once, so a failed write is seen.
    let mut out = String::new();
    match format {
        Format::Json => {
            for (r, _) in &results {
                eprint_report(&r.report)?;
            }
            let passed: usize = results
                .iter()
                .map(|(r, _)| r.expectations().filter(|x| x.outcome.passed).count())
                .sum();
            let failed: usize = results.iter().map(|(r, _)| r.failed_expectations()).sum();
            let files = results
                .iter()
                .map(|(r, doc)| render::json::file(r, doc.text()))
                .collect();
            let mut doc = render::json::document(files, passed, failed);
            if test {
                golden::annotate_json(&mut doc, &goldens);
            }
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&doc).unwrap_or_default()
            );
            print(&out)?;
        }
        Format::Text if test => {
            let (mut passed, mut failed, mut broken) = (0, 0, 0);
            for ((r, _), g) in results.iter().zip(&goldens) {
                eprint_report(&r.report)?;
                let p = r.expectations().filter(|x| x.outcome.passed).count();
                let f = r.failed_expectations();
                passed += p;
                failed += f;
                let status = if r.report.has_errors() {
                    broken += 1;
                    "error".to_string()
                } else if p + f == 0 && g.is_none() {
                    "no expectations".to_string()
                } else if f == 0 && g.as_ref().is_none_or(|g| g.passed()) {
                    golden::status_ok(p, g.as_ref())
                } else {
                    golden::status_failed(p, f, g.as_ref())
                };
                let _ = writeln!(out, "{}: {status}", r.file);
                for x in r.expectations().filter(|x| !x.outcome.passed) {
                    let _ = writeln!(
                        out,
                        "  line {}: expect {}\n    actual: {}",
                        x.line, x.outcome.expect, x.outcome.actual
                    );
                }
                if let Some(g) = g {
                    out.push_str(&golden::describe_failure(g));
                }
            }
            let _ = writeln!(
                out,
                "\n{}: {passed} passed, {failed} failed{}",
                plural(results.len(), "file"),
                if broken > 0 {
                    format!(", {} with errors", plural(broken, "file"))
                } else {
                    String::new()
                }
            );
            out.push_str(&golden::summary(&goldens));
            print(&out)?;
        }
        Format::Text => {
            let many = results.len() > 1;
            for (i, (r, _)) in results.iter().enumerate() {
                if i > 0 {
                    print("\n")?;
                }
                // A silent file's closing line comes after the errors it names.
                if r.answered {
                    print(&render::text::file(r, many))?;
                    eprint_report(&r.report)?;
                } else {
                    eprint_report(&r.report)?;
                    print(&render::text::file(r, many))?;
                }
            }
        }
    }
    if ok { Ok(()) } else { Err(Failure::Input) }
}
