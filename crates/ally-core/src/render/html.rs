//! The handout of `ally report`: one self-contained HTML page (no network, no scripts,
//! no external styles or fonts) with the title, a picture (inline SVG) before the
//! questions of each moment it shows, captioned with that moment, every question with its
//! answer (tables as HTML tables, from [`super::table`]) and, under a heading of their
//! own, the expectations with their verdicts, styled to print on A4 or Letter.
//!
//! The markup is also well-formed XML (every element closed, attributes quoted, only
//! XML's five entities), so the page can be checked with an XML parser. It only reads
//! answer structs; the picture arrives already drawn.

use std::fmt::Write;

use super::svg::escape;
use super::table::{self, Table};
use crate::query::file::{Entry, FileResult};

/// The page's whole style sheet. Sizes in points and millimetres so the printed page
/// looks like the screen; `@page` leaves the paper size to the printer (A4 or Letter)
/// and the margins fit both (the narrower, A4, is 210 mm wide).
const STYLE: &str = r#"
:root { color-scheme: light; }
body { font-family: Georgia, "Times New Roman", serif; font-size: 11pt; line-height: 1.4;
       color: #111; background: #fff; max-width: 180mm; margin: 12mm auto; padding: 0 6mm; }
h1 { font-size: 20pt; margin: 0 0 2mm; }
h2 { font-size: 12.5pt; margin: 7mm 0 2mm; font-family: Menlo, Consolas, "DejaVu Sans Mono", monospace; }
p.source, p.summary { color: #444; margin: 0 0 3mm; }
figure { margin: 4mm 0; text-align: center; }
figcaption { font-size: 10pt; color: #333; }
figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; font-size: 10pt; }
th, td { border: 0.4pt solid #999; padding: 1mm 2mm; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
th { background: #eee; }
pre { font-family: Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 9pt;
      white-space: pre-wrap; overflow-wrap: break-word; background: #f6f6f6; padding: 2mm; margin: 2mm 0; }
p.note { margin: 1mm 0; font-size: 10pt; color: #333; }
td.share { white-space: nowrap; }
svg.bar { vertical-align: middle; }
svg.bar .track { fill: #e6e6e6; }
svg.bar .fill { fill: #3b6ea8; }
svg.bar .ci { stroke: #111; stroke-width: 1.5; }
ul.expectations { list-style: none; padding-left: 0; }
ul.expectations li { margin: 1mm 0; padding-left: 6mm; text-indent: -6mm; }
.ok .verdict { color: #1a7f37; font-weight: bold; }
.failed .verdict { color: #b42318; font-weight: bold; }
.error { color: #b42318; }
code { font-family: Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 10pt; }
@page { margin: 14mm 12mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  section.query, figure, table, ul.expectations li { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure svg { max-height: 120mm; }
}
"#;

fn table_html(out: &mut String, t: &Table) {
    out.push_str("<table>\n<thead><tr>");
    for h in &t.header {
        let _ = write!(out, "<th>{}</th>", escape(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for c in row {
            let _ = write!(out, "<td>{}</td>", escape(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    for n in &t.notes {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(n));
    }
}

/// A table of an answer about chances: each share a bar (inline SVG: the share filled,
/// its 95 % interval as a line across it) with its words beside.
fn bars_html(out: &mut String, b: &super::chance::Bars) {
    let t = b.cells(|v, interval, words| {
        let x = |p: f64| format!("{:.2}", 100.0 * p.clamp(0.0, 1.0));
        let ci = interval.map_or(String::new(), |(lo, hi)| {
            format!(
                "<line class=\"ci\" x1=\"{}\" y1=\"5\" x2=\"{}\" y2=\"5\"/>",
                x(lo),
                x(hi)
            )
        });
        format!(
            "<svg class=\"bar\" xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"10\" viewBox=\"0 0 100 10\" role=\"img\" aria-label=\"{}\"><rect class=\"track\" width=\"100\" height=\"10\"/><rect class=\"fill\" width=\"{}\" height=\"10\"/>{ci}</svg> {}",
            escape(words),
            x(v),
            escape(words)
        )
    });
    out.push_str("<table class=\"chances\">\n<thead><tr>");
    for h in &t.header {
        let _ = write!(out, "<th>{}</th>", escape(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (row, cells) in t.rows.iter().zip(&b.rows) {
        out.push_str("<tr>");
        for (c, cell) in row.iter().zip(cells) {
            // Bars arrive drawn; words are escaped here.
            match cell {
                super::chance::Cell::Share { .. } => {
                    let _ = write!(out, "<td class=\"share\">{c}</td>");
                }
                super::chance::Cell::Text(_) => {
                    let _ = write!(out, "<td>{}</td>", escape(c));
                }
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    for n in &t.notes {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(n));
    }
}

fn expectation(out: &mut String, x: &crate::query::file::ExpectResult) {
    let o = &x.outcome;
    let (class, mark, verdict) = if o.passed {
        ("ok", "✓", "ok")
    } else {
        ("failed", "✗", "FAILED")
    };
    let _ = writeln!(
        out,
        "<li class=\"{class}\"><span class=\"verdict\">{mark} {verdict}</span> <code>expect {}</code> — {} <span class=\"line\">(line {})</span></li>",
        escape(&o.expect),
        escape(&o.actual),
        x.line
    );
}

/// The picture as it goes inside the page: without an XML declaration (not allowed
/// in the middle of a document).
fn inline_svg(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => svg[i..].trim_end(),
        None => "",
    }
}

/// A picture of the page and where it goes.
#[derive(Clone, Debug)]
pub struct Figure {
    /// The entry (queries and expectations in file order) it goes before.
    pub before: usize,
    /// The moment it shows: `as of line 41`, `at 1915`.
    pub caption: String,
    /// The picture, as `ally graph` draws it.
    pub svg: String,
    /// It shows a file's games (payoff matrices, trees) rather than its states.
    pub games: bool,
}

fn figure(out: &mut String, f: &Figure) {
    let svg = inline_svg(&f.svg);
    if svg.is_empty() {
        return;
    }
    if f.games {
        let _ = writeln!(
            out,
            "<figure>\n{svg}\n<figcaption>The games of the file: their payoff matrices and trees, each tree's subgame-perfect path drawn thick.</figcaption>\n</figure>"
        );
        return;
    }
    let _ = writeln!(
        out,
        "<figure>\n{svg}\n<figcaption>The scenario {}: states, threats, offers, alliances and the predicted blocs.</figcaption>\n</figure>",
        escape(&f.caption)
    );
}

/// The whole page for one file, with its pictures.
pub fn report(result: &FileResult, figures: &[Figure]) -> String {
    let title = result.title.as_deref().unwrap_or(&result.file);
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>");
    let _ = writeln!(out, "<h1>{}</h1>", escape(title));
    let _ = writeln!(
        out,
        "<p class=\"source\">Answers computed by <code>ally</code> from <code>{}</code>.</p>",
        escape(&result.file)
    );
    let total = result.expectations().count();
    if total > 0 {
        let failed = result.failed_expectations();
        let _ = writeln!(
            out,
            "<p class=\"summary\">{total} expectation{}: {} ok, {failed} FAILED (listed at the end).</p>",
            if total == 1 { "" } else { "s" },
            total - failed
        );
    }
    let mut figures = figures.iter().peekable();
    for (k, e) in result.entries.iter().enumerate() {
        while let Some(f) = figures.next_if(|f| f.before <= k) {
            figure(&mut out, f);
        }
        let Entry::Query(q) = e else {
            continue;
        };
        let _ = writeln!(
            out,
            "<section class=\"query\">\n<h2>{}</h2>",
            escape(&q.query)
        );
        if let (Some(n), Some(_)) = (q.at_middle, &q.answer) {
            let words = super::text::at_middle_words(n);
            let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(words.trim()));
        }
        match (&q.answer, &q.error) {
            (Some(a), _) => match (table::of(a), super::chance::bars(a)) {
                (Some(t), _) => table_html(&mut out, &t),
                (None, Some(tables)) => {
                    for b in &tables {
                        bars_html(&mut out, b);
                    }
                }
                (None, None) => {
                    let mut text = String::new();
                    super::text::answer(&mut text, a);
                    let lines: Vec<&str> = text
                        .lines()
                        .map(|l| l.strip_prefix("  ").unwrap_or(l))
                        .collect();
                    let _ = writeln!(out, "<pre>{}</pre>", escape(&lines.join("\n")));
                }
            },
            (None, Some(err)) => {
                let _ = writeln!(
                    out,
                    "<p class=\"error\">error: {} (line {})</p>",
                    escape(err),
                    q.line
                );
            }
            (None, None) => {}
        }
        out.push_str("</section>\n");
    }
    for f in figures {
        figure(&mut out, f);
    }
    if total > 0 {
        out.push_str("<section class=\"expectations\">\n<h2>Expectations</h2>\n<ul class=\"expectations\">\n");
        for x in result.expectations() {
            expectation(&mut out, x);
        }
        out.push_str("</ul>\n</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}
