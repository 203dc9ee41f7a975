//! Answers as JSON (SPEC §3): one document per run, every file with its queries,
//! expectations and diagnostics.

use serde_json::{Value, json};

use crate::query::file::{Entry, FileResult};
use crate::span::line_of;

pub fn file(result: &FileResult, src: &str) -> Value {
    let queries: Vec<Value> = result
        .entries
        .iter()
        .filter_map(|e| match e {
            Entry::Query(q) => serde_json::to_value(q).ok(),
            _ => None,
        })
        .collect();
    let expectations: Vec<Value> = result
        .expectations()
        .filter_map(|x| serde_json::to_value(x).ok())
        .collect();
    let diagnostics: Vec<Value> = result
        .report
        .diags
        .iter()
        .take(crate::diagnostics::MAX_REPORTED)
        .map(|d| {
            json!({
                "code": d.code,
                "severity": if d.is_error() { "error" } else { "warning" },
                "message": d.message,
                "line": line_of(src, d.span.start),
                "label": d.label,
                "help": d.help,
            })
        })
        .collect();
    let mut doc = json!({
        "file": result.file,
        "scenario": result.title,
        "ok": result.ok(),
        "answered": result.answered,
        "queries": queries,
        "expectations": expectations,
        "diagnostics": diagnostics,
    });
    // Past the cap, the number left out (absent when nothing was).
    let more = result
        .report
        .diags
        .len()
        .saturating_sub(crate::diagnostics::MAX_REPORTED);
    if more > 0 {
        doc["more_diagnostics"] = json!(more);
    }
    doc
}

/// The whole run: `{"files": [...], "passed": n, "failed": m}`.
pub fn document(files: Vec<Value>, passed: usize, failed: usize) -> Value {
    json!({ "files": files, "passed": passed, "failed": failed })
}
