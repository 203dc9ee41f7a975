//! The answers about chances as text: each share with its count and 95 % interval, and a
//! last line saying how the draws were made (and what they counted apart: indifferent
//! states, ties, approximate draws).

use std::fmt::Write;

use super::words::num;
use crate::chance::answers::{Chances, Decides, Influence, Likelihood, Sampling, Share};
use crate::query::Answer;

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
    for line in sampling_lines(s) {
        let _ = writeln!(out, "  {line}");
    }
}

/// How the draws were made, line by line (unindented).
fn sampling_lines(s: &Sampling) -> Vec<String> {
    let mut lines = Vec::new();
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
    lines.push(parts.join(" · "));
    if s.tied > 0 {
        lines.push(format!(
            "in {} draw{} another alignment has the same least energy (the first in canonical order is counted)",
            s.tied,
            if s.tied == 1 { "" } else { "s" }
        ));
    }
    lines
}

pub fn likelihood(out: &mut String, l: &Likelihood) {
    let _ = writeln!(out, "  {}: {}", l.event, share(&l.share, &l.sampling));
    if let Some(line) = indifferent_line(l) {
        let _ = writeln!(out, "  {line}");
    }
    sampling(out, &l.sampling);
}

fn indifferent_line(l: &Likelihood) -> Option<String> {
    (l.indifferent > 0).then(|| {
        format!(
            "in {} draw{} {} or {} is indifferent (counted as not together)",
            l.indifferent,
            if l.indifferent == 1 { "" } else { "s" },
            l.states[0],
            l.states[1]
        )
    })
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
    let _ = writeln!(
        out,
        "  {}: {}",
        decides_beside(d),
        share(&d.share, &d.sampling)
    );
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
                    signed(x),
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
        let _ = writeln!(out, "  {}", decides_legend(d));
    }
    sampling(out, &d.sampling);
}

fn decides_legend(d: &Decides) -> String {
    format!(
        "(the share of draws with {} so placed when the input is below the middle of its range, and at or above it; difference: upper − lower ± half its 95 % interval)",
        d.state
    )
}

fn decides_beside(d: &Decides) -> String {
    if d.partners.is_empty() {
        format!("{} alone in its bloc, as at the middle", d.state)
    } else {
        format!(
            "{} with its partners at the middle ({})",
            d.state,
            d.partners.join(", ")
        )
    }
}

fn signed(x: &Influence) -> String {
    format!(
        "{}{} ± {}",
        if x.difference > 0.0 { "+" } else { "" },
        num(x.difference),
        num(x.margin)
    )
}

/// A cell of an answer about chances drawn as a table: words, or a share that the
/// handout and the page draw as a bar, with the words the text answer gives it beside.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Share {
        value: f64,
        /// The 95 % interval, when the share has one.
        interval: Option<(f64, f64)>,
        words: String,
    },
}

/// One table of an answer about chances, with the lines that go under it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bars {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub notes: Vec<String>,
}

fn bar(s: &Share, sampling: &Sampling) -> Cell {
    Cell::Share {
        value: s.probability,
        interval: (sampling.uncertain_inputs > 0).then_some((s.low, s.high)),
        words: share(s, sampling),
    }
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// The answers about chances as tables whose shares are bars (`None` for any other
/// answer); every number and line of the text answer is kept.
pub fn bars(a: &Answer) -> Option<Vec<Bars>> {
    Some(match a {
        Answer::Likelihood(l) => vec![Bars {
            header: vec!["event".into(), "chance".into()],
            rows: vec![vec![text(l.event.clone()), bar(&l.share, &l.sampling)]],
            notes: indifferent_line(l)
                .into_iter()
                .chain(sampling_lines(&l.sampling))
                .collect(),
        }],
        Answer::Chances(c) => {
            let mut rows: Vec<Vec<Cell>> = c
                .alignments
                .iter()
                .enumerate()
                .map(|(k, a)| {
                    let mut blocs: Vec<String> = a
                        .blocs
                        .iter()
                        .map(|b| format!("{} bloc: {}", b.name, b.members.join(", ")))
                        .collect();
                    if !a.indifferent.is_empty() {
                        blocs.push(format!("indifferent: {}", a.indifferent.join(", ")));
                    }
                    vec![
                        text(format!("#{}", k + 1)),
                        text(blocs.join("; ")),
                        bar(&a.share, &c.sampling),
                    ]
                })
                .collect();
            if let Some(o) = &c.others {
                rows.push(vec![
                    text("…"),
                    text(format!(
                        "{} more alignment{}",
                        o.alignments,
                        if o.alignments == 1 { "" } else { "s" }
                    )),
                    bar(&o.share, &c.sampling),
                ]);
            }
            let distinct = format!(
                "{} distinct alignment{} drawn",
                c.distinct,
                if c.distinct == 1 { "" } else { "s" }
            );
            vec![Bars {
                header: vec!["".into(), "alignment".into(), "chance".into()],
                rows,
                notes: std::iter::once(distinct)
                    .chain(sampling_lines(&c.sampling))
                    .collect(),
            }]
        }
        Answer::Decides(d) => {
            let mut out = vec![Bars {
                header: vec!["state".into(), "chance".into()],
                rows: vec![vec![text(decides_beside(d)), bar(&d.share, &d.sampling)]],
                notes: Vec::new(),
            }];
            let mut notes = Vec::new();
            if d.inputs.is_empty() {
                notes.push("no uncertain input to rank".to_string());
            } else {
                let half = |v: f64| Cell::Share {
                    value: v,
                    interval: None,
                    words: num(v),
                };
                let rows = d
                    .inputs
                    .iter()
                    .map(|x| {
                        vec![
                            text(x.input.clone()),
                            text(range(x.from, x.to)),
                            half(x.lower),
                            half(x.upper),
                            text(signed(x)),
                        ]
                    })
                    .collect();
                if d.more > 0 {
                    notes.push(format!("… {} more inputs with smaller differences", d.more));
                }
                notes.push(decides_legend(d));
                out.push(Bars {
                    header: [
                        "uncertain input",
                        "range",
                        "lower half",
                        "upper half",
                        "difference",
                    ]
                    .map(String::from)
                    .to_vec(),
                    rows,
                    notes: Vec::new(),
                });
            }
            notes.extend(sampling_lines(&d.sampling));
            if let Some(last) = out.last_mut() {
                last.notes = notes;
            }
            out
        }
        _ => return None,
    })
}

/// Cells of a bar drawn in text: `value` of [`TEXT_BAR`] full blocks, the rest light
/// shade (the Markdown handout).
pub const TEXT_BAR: usize = 20;

pub fn text_bar(value: f64) -> String {
    let full = (value.clamp(0.0, 1.0) * TEXT_BAR as f64).round() as usize;
    format!("{}{}", "█".repeat(full), "░".repeat(TEXT_BAR - full))
}

impl Bars {
    /// The table with each share drawn by `draw` and every other cell as its words.
    pub fn cells(
        &self,
        draw: impl Fn(f64, Option<(f64, f64)>, &str) -> String,
    ) -> super::table::Table {
        super::table::Table {
            header: self.header.clone(),
            rows: self
                .rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|c| match c {
                            Cell::Text(t) => t.clone(),
                            Cell::Share {
                                value,
                                interval,
                                words,
                            } => draw(*value, *interval, words),
                        })
                        .collect()
                })
                .collect(),
            notes: self.notes.clone(),
        }
    }
}
