//! The work behind `/api/run` and `/api/check`: plain functions of the scenario's
//! [`Document`] (parsed and checked once per request), run on a blocking thread. The
//! JSON documents are the CLI's, with spans added for editors.

use serde_json::{Value, json};

use super::gate::Lane;
use ally_core::cancel::Cancel;
use ally_core::diagnostics::Diag;
use ally_core::document::Document;
use ally_core::engine::Limits;
use ally_core::query::Evaluator;
use ally_core::query::picture::Blocs;
use ally_core::render;
use ally_core::span::Span;
use ally_core::span::line_of;

/// The name results carry (`"file"` in the JSON).
pub const NAME: &str = "scenario.ally";

/// The document of a request's text.
pub fn document(src: String) -> Document {
    Document::new(NAME, src)
}

/// `ally run --format json` for one file, plus `"svg"` (the picture `ally graph` draws,
/// or null when the scenario has errors), `"text"` (what `ally run` prints) and
/// `"diagnostics"` (every diagnostic with its span, as `/api/check` gives them).
pub fn run(doc: &Document, cancel: Cancel) -> Value {
    let src = doc.text();
    let limits = Limits {
        cancel,
        ..Limits::default()
    };
    let result = doc.answer(None, limits.clone(), None);
    let passed = result.expectations().filter(|x| x.outcome.passed).count();
    let file = render::json::file(&result, src);
    let mut out = render::json::document(vec![file], passed, result.failed_expectations());
    out["svg"] = picture(doc, limits).map_or(Value::Null, Value::String);
    out["text"] = Value::String(render::text::file(&result, false));
    out["diagnostics"] = spans(&result.report.diags, src);
    out
}

/// The scenario as `ally graph` draws it (its final state, blocs under its own model),
/// solved under the same limits as the queries.
fn picture(doc: &Document, limits: Limits) -> Option<String> {
    if doc.has_errors() {
        return None;
    }
    let scenario = std::sync::Arc::new(doc.scenario().clone());
    let blocs = if scenario.states.is_empty() {
        Blocs::none(&scenario, "no states")
    } else if limits.cancel.is_cancelled() {
        Blocs::none(&scenario, "blocs not computed: the time budget ran out")
    } else {
        let mut ev = Evaluator::new(None);
        ev.limits = limits;
        let model = ev.model_for(&scenario);
        match ev.solve(&scenario, &model, Span::new(0, 0)) {
            Ok(solved) => Blocs::from_solved(&scenario, &solved),
            Err(_) if ev.limits.cancel.is_cancelled() => {
                Blocs::none(&scenario, "blocs not computed: the time budget ran out")
            }
            Err(d) => Blocs::none(&scenario, &format!("blocs not computed: {}", d.message)),
        }
    };
    Some(render::svg::svg(&scenario, &blocs))
}

/// Scenarios with more states than this (2^20 configurations for two blocs, a few
/// milliseconds) wait in the large lane.
pub const LARGE_STATES: usize = 21;

/// The lane of a run: large when any question sees more than [`LARGE_STATES`] states or
/// more than two blocs over more than 12 states (3^13 ≈ 1.6 million labelled
/// configurations).
pub fn lane(doc: &Document) -> Lane {
    let large = doc.checker().items.iter().any(|item| {
        let s = &item.scenario;
        let n = s.states.len();
        n > LARGE_STATES || (s.blocs > 2 && n > 12)
    });
    if large { Lane::Large } else { Lane::Small }
}

/// `/api/check`: `{"file", "ok", "diagnostics": [...]}`.
pub fn check(doc: &Document) -> Value {
    let report = doc.report();
    json!({
        "file": NAME,
        "ok": !report.has_errors(),
        "diagnostics": spans(&report.diags, doc.text()),
    })
}

/// Diagnostics with their place: `line` and `column` (1-based, columns in characters),
/// `span` in bytes, and `from`/`to` in UTF-16 code units, which is what JavaScript
/// strings (and so CodeMirror) count.
pub fn spans(diags: &[Diag], src: &str) -> Value {
    Value::Array(
        diags
            .iter()
            .map(|d| {
                let (start, end) = (floor(src, d.span.start), floor(src, d.span.end));
                let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
                json!({
                    "code": d.code,
                    "severity": if d.is_error() { "error" } else { "warning" },
                    "message": d.message,
                    "label": d.label,
                    "help": d.help,
                    "line": line_of(src, start),
                    "column": src[line_start..start].chars().count() + 1,
                    "span": { "start": start, "end": end.max(start) },
                    "from": utf16(src, start),
                    "to": utf16(src, end.max(start)),
                })
            })
            .collect(),
    )
}

/// The largest char boundary at or before `i`, so a span can never split a character.
fn floor(src: &str, i: usize) -> usize {
    let mut i = i.min(src.len());
    while !src.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn utf16(src: &str, byte: usize) -> usize {
    src[..byte].encode_utf16().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn spans_count_utf16_for_editors() {
        // "é" is two bytes and one UTF-16 unit; "𝄞" four bytes and two units.
        let src = "scenario \"é𝄞\"\nstate A { power 1 }\nallies of Bx?\n";
        let v = check(&document(src.into()));
        let d = &v["diagnostics"][0];
        assert_eq!(d["code"], "ally::undeclared_state");
        let from = d["from"].as_u64().unwrap() as usize;
        let to = d["to"].as_u64().unwrap() as usize;
        let units: Vec<u16> = src.encode_utf16().collect();
        assert_eq!(String::from_utf16(&units[from..to]).unwrap(), "Bx");
        assert_eq!(d["line"], 3);
        assert_eq!(d["column"], 11);
    }

    #[test]
    fn large_scenarios_are_told_apart() {
        let states = |n: usize| {
            (0..n)
                .map(|i| format!("state S{i} {{ power 1 }}\n"))
                .collect::<String>()
        };
        let q = "who allies with whom?\n";
        let lane_of = |src: String| lane(&document(src));
        assert_eq!(lane_of(format!("{}{q}", states(21))), Lane::Small);
        assert_eq!(lane_of(format!("{}{q}", states(22))), Lane::Large);
        assert_eq!(lane_of(format!("{}blocs 3\n{q}", states(12))), Lane::Small);
        assert_eq!(lane_of(format!("{}blocs 3\n{q}", states(13))), Lane::Large);
        for (name, src) in super::super::assets::EXAMPLES {
            assert_eq!(lane_of(src.to_string()), Lane::Small, "{name}");
        }
    }

    #[test]
    fn an_expired_budget_stops_the_run_with_a_timeout() {
        let src = "state A { power 1 }\nstate B { power 2 }\nwho allies with whom?\n";
        let v = run(
            &document(src.into()),
            Cancel::never().with_budget(Duration::ZERO),
        );
        assert_eq!(v["files"][0]["ok"], false);
        assert_eq!(v["diagnostics"][0]["code"], "ally::timeout");
        assert_eq!(v["diagnostics"][0]["line"], 3);
        assert_eq!(v["files"][0]["queries"].as_array().unwrap().len(), 0);
    }

    #[test]
    fn a_run_carries_the_cli_json_the_text_and_the_picture() {
        let src =
            "state A { power 1 }\nstate B { power 2 }\nthreat A -> B\nwho allies with whom?\n";
        let v = run(&document(src.into()), Cancel::never());
        let cli = render::json::document(
            vec![render::json::file(
                &ally_core::document::run_source(NAME, src, None),
                src,
            )],
            0,
            0,
        );
        for key in ["files", "passed", "failed"] {
            assert_eq!(v[key], cli[key], "{key}");
        }
        assert!(v["svg"].as_str().unwrap().starts_with("<svg"));
        assert!(
            v["text"]
                .as_str()
                .unwrap()
                .contains("who allies with whom?")
        );
    }
}
