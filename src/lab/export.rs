//! The lab's report for slides and spreadsheets: `ally lab --format markdown` (one
//! Markdown table per table of the lecture) and `--format csv` (one row per measured
//! cell, with a header, RFC 4180 quoting by the `csv` crate).

use std::fmt::Write;

use super::Report;
use super::stats::{Direction, Verdict};
use ally_core::render::markdown::escape;

fn num(v: f64) -> String {
    let v = if v == 0.0 { 0.0 } else { v };
    format!("{v:+.3}")
}

fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Confirmed => "confirmed",
        Verdict::Inconclusive => "inconclusive",
        Verdict::Contradicted => "contradicted",
    }
}

fn op(d: Direction) -> &'static str {
    match d {
        Direction::Above => ">",
        Direction::Below => "<",
    }
}

/// Each table's column names: the two models, then their paired difference.
fn column_name(t: &super::Table, column: &str) -> String {
    if column == "difference" && t.models.len() == 2 {
        format!("{} − {}", t.models[1].0, t.models[0].0)
    } else {
        column.to_string()
    }
}

pub fn markdown(r: &Report) -> String {
    let l = &r.lab;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# ally lab: {} random scenarios of {} states, seed {}\n",
        l.trials, l.states, l.seed
    );
    let _ = writeln!(
        out,
        "95 % intervals: mean ± 1.96·s/√n. ✓ the interval lies wholly on the side the lecture predicts, ? it contains the reference, ✗ it lies wholly on the other side."
    );
    for t in &r.tables {
        let _ = writeln!(out, "\n## {}\n", escape(t.title));
        for (name, model) in &t.models {
            let _ = writeln!(out, "- {}: model {}", escape(name), escape(model));
        }
        let _ = writeln!(
            out,
            "\n| implication | statistic | column | mean | 95 % interval | lecture | verdict |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|---|");
        for row in &t.rows {
            for c in &row.cells {
                let (lecture, verdict) = match (&c.lecture, c.verdict) {
                    (Some(p), Some(v)) => (
                        format!(
                            "{} {} {}",
                            op(p.direction),
                            ally_core::model::fmt_num(p.reference),
                            p.words
                        ),
                        format!("{} {}", v.mark(), verdict_word(v)),
                    ),
                    _ => (String::new(), String::new()),
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | [{}, {}] | {} | {} |",
                    escape(row.implication),
                    escape(row.statistic),
                    escape(&column_name(t, &c.column)),
                    num(c.summary.mean),
                    num(c.summary.low),
                    num(c.summary.high),
                    escape(&lecture),
                    verdict
                );
            }
        }
    }
    out
}

pub fn csv(r: &Report) -> Result<String, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "table",
        "implication",
        "statistic",
        "column",
        "model",
        "n",
        "mean",
        "sd",
        "low",
        "high",
        "predicted",
        "reference",
        "lecture",
        "verdict",
    ];
    w.write_record(header).map_err(|e| e.to_string())?;
    for t in &r.tables {
        for row in &t.rows {
            for c in &row.cells {
                let model = t
                    .models
                    .iter()
                    .find(|(name, _)| *name == c.column)
                    .map(|(_, m)| m.clone())
                    .unwrap_or_default();
                let (predicted, reference, words) = match &c.lecture {
                    Some(p) => (
                        op(p.direction).to_string(),
                        p.reference.to_string(),
                        p.words.clone(),
                    ),
                    None => Default::default(),
                };
                let s = &c.summary;
                w.write_record([
                    t.title.to_string(),
                    row.implication.to_string(),
                    row.statistic.to_string(),
                    column_name(t, &c.column),
                    model,
                    s.n.to_string(),
                    s.mean.to_string(),
                    s.sd.to_string(),
                    s.low.to_string(),
                    s.high.to_string(),
                    predicted,
                    reference,
                    words,
                    c.verdict.map(verdict_word).unwrap_or_default().to_string(),
                ])
                .map_err(|e| e.to_string())?;
            }
        }
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}
