//! `ally import`: scenarios built from data sets. `cow.rs` reads the Correlates of War
//! alliance CSV, `atop.rs` ATOP's obligations; both start from `base.rs` (the selected
//! states, their powers, contiguity and capitals, and how they are written), built from
//! `select.rs` (which states), `powers.rs` (CINC scores and names), `contiguity.rs`
//! (borders and sea distances) and `capitals.rs` (`at`), with `cliques.rs` (allied pairs
//! grouped into alliances) and `text.rs` (names as `.ally` text). `bundled.rs` holds the
//! data files shipped in the binary, `args.rs` the command-line options. This module
//! holds the small CSV reader they share.
//!
//! The COW files are plain comma-separated tables without quoting (no field contains a
//! comma or a quote), so the reader splits on commas; a row with the wrong number of
//! fields, or a field that is not a number where one is needed, is reported as a
//! diagnostic pointing at the row, and a missing column at the header.

pub mod atop;
mod base;
pub mod bundled;
pub mod capitals;
mod cliques;
mod contiguity;
pub mod cow;
mod powers;
pub mod range;
pub(crate) mod select;
mod text;

use std::collections::HashMap;

use ally_core::diagnostics::{Diag, Report, codes};
use ally_core::span::Span;

/// A text to read, with the name diagnostics show for it (a file's path, or a
/// command-line option such as `--states`).
#[derive(Clone, Debug)]
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source {
            name: name.into(),
            text: text.into(),
        }
    }
    /// A report of `diags` against this source.
    pub fn report(&self, diags: Vec<Diag>) -> Report {
        Report::new(&self.name, &self.text, diags)
    }
}

/// One data row: its fields and their spans in the file.
#[derive(Clone, Debug)]
pub struct Row<'a> {
    pub span: Span,
    pub fields: Vec<(&'a str, Span)>,
}

/// A parsed CSV table: the index of each column by name, then the rows.
#[derive(Debug)]
pub struct Table<'a> {
    pub source: &'a Source,
    pub header_span: Span,
    pub columns: HashMap<String, usize>,
    pub rows: Vec<Row<'a>>,
    /// Unreadable rows (wrong number of fields), reported with the callers' own
    /// findings by [`Table::finish`].
    pub diags: Vec<Diag>,
}

/// At most this many unreadable rows are reported per file; the rest are counted.
pub const MAX_ROW_DIAGS: usize = 10;

impl<'a> Table<'a> {
    /// Reads `source`, requiring the `required` columns. Rows with the wrong number of
    /// fields are reported (up to [`MAX_ROW_DIAGS`]).
    pub fn parse(source: &'a Source, required: &[&str], what: &str) -> Result<Self, Report> {
        let text = source.text.as_str();
        let mut lines = Vec::new();
        let mut start = 0;
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                lines.push((start, i));
                start = i + 1;
            }
        }
        if start < text.len() {
            lines.push((start, text.len()));
        }
        // Strip a carriage return at the end of each line.
        let lines: Vec<(usize, usize)> = lines
            .into_iter()
            .map(|(s, e)| {
                if e > s && text.as_bytes()[e - 1] == b'\r' {
                    (s, e - 1)
                } else {
                    (s, e)
                }
            })
            .collect();
        let fields_of = |(s, e): (usize, usize)| -> Vec<(&'a str, Span)> {
            let mut out = Vec::new();
            let mut fs = s;
            for (k, b) in text[s..e].bytes().enumerate() {
                if b == b',' {
                    out.push((text[fs..s + k].trim(), Span::new(fs, s + k)));
                    fs = s + k + 1;
                }
            }
            out.push((text[fs..e].trim(), Span::new(fs, e)));
            out
        };
        let Some(&first) = lines.first() else {
            return Err(source.report(vec![
                Diag::error(
                    codes::MISSING_COLUMN,
                    Span::new(0, 0),
                    format!("the {what} file is empty"),
                )
                .label("no header")
                .help(format!(
                    "expected a header line with the columns {}",
                    required.join(", ")
                )),
            ]));
        };
        let header_span = Span::new(first.0, first.1);
        let header = fields_of(first);
        let columns: HashMap<String, usize> = header
            .iter()
            .enumerate()
            .map(|(i, (name, _))| (name.trim_start_matches('\u{feff}').to_string(), i))
            .collect();
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|c| !columns.contains_key(*c))
            .collect();
        if !missing.is_empty() {
            let list = missing
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let d = Diag::error(
                codes::MISSING_COLUMN,
                header_span,
                format!("the {what} file has no column {list}",),
            )
            .label("this header")
            .help(format!(
                "is this the right file? A {what} file has the columns {}",
                required.join(", ")
            ));
            return Err(source.report(vec![d]));
        }
        let width = header.len();
        let mut rows = Vec::new();
        let mut diags = Vec::new();
        let mut bad = 0;
        for &line in &lines[1..] {
            if text[line.0..line.1].trim().is_empty() {
                continue;
            }
            let fields = fields_of(line);
            let span = Span::new(line.0, line.1);
            if fields.len() != width {
                bad += 1;
                if diags.len() < MAX_ROW_DIAGS {
                    diags.push(
                        Diag::error(
                            codes::BAD_CSV_ROW,
                            span,
                            format!(
                                "this row of the {what} file has {} fields, the header {width}",
                                fields.len()
                            ),
                        )
                        .label("unreadable row")
                        .help("fields are separated by commas; quoted fields are not supported"),
                    );
                }
                continue;
            }
            rows.push(Row { span, fields });
        }
        if bad > MAX_ROW_DIAGS {
            diags.push(
                Diag::error(
                    codes::BAD_CSV_ROW,
                    header_span,
                    format!("{bad} rows of the {what} file are unreadable (the first {MAX_ROW_DIAGS} are shown)"),
                )
                .label("in this file"),
            );
        }
        Ok(Table {
            source,
            header_span,
            columns,
            rows,
            diags,
        })
    }

    /// The file's unreadable rows and `more` diagnostics about it, at most
    /// [`MAX_ROW_DIAGS`] of them, as one report; `Ok` when there are none.
    pub fn finish(&self, more: Vec<Diag>) -> Result<(), Report> {
        let mut all: Vec<Diag> = self.diags.iter().cloned().chain(more).collect();
        if all.is_empty() {
            return Ok(());
        }
        all.sort_by_key(|d| d.span.start);
        all.truncate(MAX_ROW_DIAGS);
        Err(self.source.report(all))
    }

    /// The field of `row` in `column` (a required column, so present).
    pub fn get<'r>(&self, row: &'r Row<'a>, column: &str) -> (&'a str, Span) {
        let i = self.columns.get(column).copied().unwrap_or(0);
        row.fields[i]
    }

    /// The field parsed as a number, or a diagnostic pointing at it.
    pub fn num<T: std::str::FromStr>(&self, row: &Row<'a>, column: &str) -> Result<T, Diag> {
        let (text, span) = self.get(row, column);
        text.parse().map_err(|_| {
            Diag::error(
                codes::BAD_CSV_ROW,
                span,
                format!("`{text}` in column `{column}` is not a number"),
            )
            .label("not a number")
        })
    }

    /// The year of a `YYYY-MM-DD` date field.
    pub fn year_of(&self, row: &Row<'a>, column: &str) -> Result<i32, Diag> {
        let (text, span) = self.get(row, column);
        text.split('-')
            .next()
            .and_then(|y| y.parse().ok())
            .ok_or_else(|| {
                Diag::error(
                    codes::BAD_CSV_ROW,
                    span,
                    format!("`{text}` in column `{column}` is not a date (YYYY-MM-DD)"),
                )
                .label("not a date")
            })
    }
}
