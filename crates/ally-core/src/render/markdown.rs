//! Answers as Markdown for course pages (`ally run --format markdown`): the scenario's
//! title as a heading, each query as a subheading, tabular answers as tables (from
//! [`super::table`]), the other answers as the text renderer writes them, and the
//! expectations as a checklist under a heading of their own. It only reads answer structs.

use std::fmt::Write;

use super::table::{self, Table};
use crate::query::file::{Entry, FileResult};

/// Escapes the characters Markdown would read as markup inside a line or a table cell.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A code span holding `text` whatever backticks it contains (CommonMark: a run of
/// backticks longer than any inside, and spaces when it starts or ends with one).
pub fn code(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    if longest > 0 {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

pub fn table(out: &mut String, t: &Table) {
    let row = |cells: &[String]| {
        let parts: Vec<String> = cells.iter().map(|c| escape(c)).collect();
        format!("| {} |", parts.join(" | "))
    };
    let _ = writeln!(out, "{}", row(&t.header));
    let rule: Vec<&str> = t.header.iter().map(|_| "---").collect();
    let _ = writeln!(out, "|{}|", rule.join("|"));
    for r in &t.rows {
        let _ = writeln!(out, "{}", row(r));
    }
    for note in &t.notes {
        let _ = writeln!(out, "\n{}", escape(note));
    }
}

/// The text renderer's lines, unindented, in a fenced block so columns stay aligned.
fn text_block(out: &mut String, a: &crate::query::Answer) {
    let mut text = String::new();
    super::text::answer(&mut text, a);
    let longest_fence = text
        .lines()
        .map(|l| l.chars().take_while(|&c| c == '`').count())
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest_fence.max(2) + 1);
    let _ = writeln!(out, "{fence}text");
    for line in text.lines() {
        let _ = writeln!(out, "{}", line.strip_prefix("  ").unwrap_or(line));
    }
    let _ = writeln!(out, "{fence}");
}

/// One file's results as a Markdown document.
pub fn file(result: &FileResult) -> String {
    let mut out = String::new();
    let title = result.title.as_deref().unwrap_or(&result.file);
    let _ = writeln!(out, "# {}", escape(title));
    if let Some(errors) = result.silenced_by() {
        let what = match errors {
            1 => "1 error in the file — fix it and run again".to_string(),
            n => format!("{n} errors in the file — fix them and run again"),
        };
        let _ = writeln!(out, "\n> **No answers:** {what}.");
    }
    for e in &result.entries {
        let Entry::Query(q) = e else {
            continue;
        };
        let _ = writeln!(out, "\n## {}\n", code(&q.query));
        if let (Some(n), Some(_)) = (q.at_middle, &q.answer) {
            let words = super::text::at_middle_words(n);
            let _ = writeln!(out, "{}\n", escape(words.trim()));
        }
        match (&q.answer, &q.error) {
            (Some(a), _) => match (table::of(a), super::chance::bars(a)) {
                (Some(t), _) => table(&mut out, &t),
                // Shares as bars of blocks, the number beside.
                (None, Some(tables)) => {
                    for (k, b) in tables.iter().enumerate() {
                        if k > 0 {
                            out.push('\n');
                        }
                        let t = b
                            .cells(|v, _, words| format!("{} {words}", super::chance::text_bar(v)));
                        table(&mut out, &t);
                    }
                }
                (None, None) => text_block(&mut out, a),
            },
            (None, Some(err)) => {
                let _ = writeln!(out, "> error: {} (line {})", escape(err), q.line);
            }
            (None, None) => {}
        }
    }
    // The answer key under a heading of its own, not under the last question's.
    if result.expectations().next().is_some() {
        let _ = writeln!(out, "\n## Expectations\n");
    }
    for x in result.expectations() {
        let o = &x.outcome;
        let (mark, verdict) = if o.passed {
            ("x", "ok")
        } else {
            (" ", "**FAILED**")
        };
        let _ = writeln!(
            out,
            "- [{mark}] {} — {verdict}: {} (line {})",
            code(&format!("expect {}", o.expect)),
            escape(&o.actual),
            x.line
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_pipes() {
        assert_eq!(escape("a|b *c* _d_"), "a\\|b \\*c\\* \\_d\\_");
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("why X?"), "`why X?`");
        assert_eq!(code("a`b"), "`` a`b ``");
    }
}
