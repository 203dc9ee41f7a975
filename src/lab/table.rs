//! The lab's report as text: one block per implication, one line per model and one for
//! their paired difference.

use std::fmt::Write;

use super::Report;
use super::stats::{Direction, Summary};

fn num(v: f64) -> String {
    let v = if v == 0.0 { 0.0 } else { v };
    format!("{v:+.3}")
}

fn interval(s: &Summary) -> String {
    format!("[{}, {}]", num(s.low), num(s.high))
}

fn reference(v: f64) -> String {
    if (v - 2.0 / 3.0).abs() < 1e-12 {
        "2/3".to_string()
    } else {
        ally_core::model::fmt_num(v)
    }
}

pub fn text(r: &Report) -> String {
    let mut out = String::new();
    let l = &r.lab;
    let _ = writeln!(
        out,
        "ally lab: {} random scenarios of {} states, seed {}",
        l.trials, l.states, l.seed
    );
    let _ = writeln!(
        out,
        "95 % intervals: mean ± 1.96·s/√n.  ✓ interval wholly on the side the lecture predicts,\n\
         ? interval contains the reference, ✗ interval wholly on the other side."
    );
    for t in &r.tables {
        let _ = writeln!(out, "\n{}", t.title);
        for (name, model) in &t.models {
            let _ = writeln!(out, "  {name}: model {model}");
        }
        for row in &t.rows {
            let _ = writeln!(out, "\n  {} — {}", row.implication, row.statistic);
            for c in &row.cells {
                let column = if c.column == "difference" {
                    format!("{} − {}", t.models[1].0, t.models[0].0)
                } else {
                    c.column.clone()
                };
                let mut line = format!(
                    "    {column:<36} {:>7}  {:<18}",
                    num(c.summary.mean),
                    interval(&c.summary)
                );
                if let (Some(p), Some(v)) = (&c.lecture, c.verdict) {
                    let op = match p.direction {
                        Direction::Above => ">",
                        Direction::Below => "<",
                    };
                    let _ = write!(
                        line,
                        "  {} {op} {:<4} {}",
                        v.mark(),
                        reference(p.reference),
                        p.words
                    );
                }
                let _ = writeln!(out, "{}", line.trim_end());
            }
        }
    }
    out
}
