//! The answers about chances as text: each share with its count and 95 % interval, and a
//! last line saying how the draws were made (and what they counted apart: indifferent
//! states, ties, approximate draws).

use std::fmt::Write;

use super::words::num;
use crate::chance::answers::{Chances, Decides, Likelihood, Sampling, Share};

/// `0.62 (620 of 1000 draws; 95 % interval 0.5895–0.6496)`; without uncertain inputs
/// only the share and the count (every draw is the same).
pub fn share(s: &Share, sampling: &Sampling) -> String {
    if sampling.uncertain_inputs == 0 {
        return format!(
            "{} ({} of {} draws)",
            num(s.probability),
            s.count,
            sampling.draws
        );
    }
    format!(
        "{} ({} of {} draws; 95 % interval {}–{})",
        num(s.probability),
        s.count,
        sampling.draws,
        num(s.low),
        num(s.high)
    )
}

/// The last lines: how the draws were made.
fn sampling(out: &mut String, s: &Sampling) {
    let mut parts = Vec::new();
    if s.uncertain_inputs == 0 {
        parts.push("no uncertain inputs: every draw is the scenario itself".to_string());
    } else {
        parts.push(format!(
            "{} uncertain input{} drawn uniformly",
            s.uncertain_inputs,
            if s.uncertain_inputs == 1 { "" } else { "s" }
        ));
        parts.push(format!("seed {}", s.seed));
    }
    if let Some(m) = &s.model {
        parts.push(format!("model {m}"));
        parts.push(if s.approximate == 0 {
            "every draw exact".to_string()
        } else {
            format!(
                "{} draw{} approximate (not proven within the draw's budget)",
                s.approximate,
                if s.approximate == 1 { "" } else { "s" }
            )
        });
    }
    let _ = writeln!(out, "  {}", parts.join(" · "));
    if s.tied > 0 {
        let _ = writeln!(
            out,
            "  in {} draw{} another alignment has the same least energy (the first in canonical order is counted)",
            s.tied,
            if s.tied == 1 { "" } else { "s" }
        );
    }
}

pub fn likelihood(out: &mut String, l: &Likelihood) {
    let _ = writeln!(out, "  {}: {}", l.event, share(&l.share, &l.sampling));
    if l.indifferent > 0 {
        let _ = writeln!(
            out,
            "  in {} draw{} {} or {} is indifferent (counted as not together)",
            l.indifferent,
            if l.indifferent == 1 { "" } else { "s" },
            l.states[0],
            l.states[1]
        );
    }
    sampling(out, &l.sampling);
}

pub fn chances(out: &mut String, c: &Chances) {
    for (k, a) in c.alignments.iter().enumerate() {
        let _ = writeln!(out, "  #{} {}", k + 1, share(&a.share, &c.sampling));
        let width = a
            .blocs
            .iter()
            .map(|b| b.name.chars().count())
            .max()
            .unwrap_or(0)
            + 5;
        for b in &a.blocs {
            let label = format!("{} bloc", b.name);
            let _ = writeln!(out, "     {label:<width$}  {}", b.members.join(", "));
        }
        if !a.indifferent.is_empty() {
            let _ = writeln!(out, "     indifferent: {}", a.indifferent.join(", "));
        }
    }
    if let Some(o) = &c.others {
        let _ = writeln!(
            out,
            "  … {} more alignment{}: {}",
            o.alignments,
            if o.alignments == 1 { "" } else { "s" },
            share(&o.share, &c.sampling)
        );
    }
    let _ = writeln!(
        out,
        "  {} distinct alignment{} drawn",
        c.distinct,
        if c.distinct == 1 { "" } else { "s" }
    );
    sampling(out, &c.sampling);
}

/// A range as a file writes it.
fn range(from: f64, to: f64) -> String {
    format!("{}..{}", num(from), num(to))
}

pub fn decides(out: &mut String, d: &Decides) {
    let beside = if d.partners.is_empty() {
        format!("{} alone in its bloc, as at the middle", d.state)
    } else {
        format!(
            "{} with its partners at the middle ({})",
            d.state,
            d.partners.join(", ")
        )
    };
    let _ = writeln!(out, "  {beside}: {}", share(&d.share, &d.sampling));
    if d.inputs.is_empty() {
        let _ = writeln!(out, "  no uncertain input to rank");
    } else {
        let rows: Vec<[String; 5]> = d
            .inputs
            .iter()
            .map(|x| {
                [
                    x.input.clone(),
                    range(x.from, x.to),
                    num(x.lower),
                    num(x.upper),
                    format!(
                        "{}{} ± {}",
                        if x.difference > 0.0 { "+" } else { "" },
                        num(x.difference),
                        num(x.margin)
                    ),
                ]
            })
            .collect();
        let header = [
            "uncertain input",
            "range",
            "lower half",
            "upper half",
            "difference",
        ];
        let widths: Vec<usize> = (0..5)
            .map(|c| {
                rows.iter()
                    .map(|r| r[c].chars().count())
                    .chain([header[c].chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: [&str; 5]| {
            let mut l = String::from(" ");
            for (c, w) in cells.iter().zip(&widths) {
                let _ = write!(l, " {c:<w$} ");
            }
            l.trim_end().to_string()
        };
        let _ = writeln!(out, "{}", line(header));
        for r in &rows {
            let _ = writeln!(out, "{}", line([&r[0], &r[1], &r[2], &r[3], &r[4]]));
        }
        if d.more > 0 {
            let _ = writeln!(out, "  … {} more inputs with smaller differences", d.more);
        }
        let _ = writeln!(
            out,
            "  (the share of draws with {} so placed when the input is below the middle of its range, and at or above it; difference: upper − lower ± half its 95 % interval)",
            d.state
        );
    }
    sampling(out, &d.sampling);
}
