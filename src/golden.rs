//! Golden files: `X.golden` beside `X.ally` holds the exact text `ally run X.ally`
//! prints on standard output. `ally test` compares a file's output with its golden file
//! and shows a mismatch as a unified diff; `ally test --bless` writes the golden files.
//!
//! The compared text is [`output`], the plain text renderer's: it never depends on the
//! terminal (no width, no colour, no locale), so a golden written on one machine holds
//! on every other. Diagnostics go to standard error and are not part of it.

use std::path::{Path, PathBuf};

use serde::Serialize;
use similar::{DiffTag, TextDiff};

use crate::output::WriteError;
use ally_core::query::file::FileResult;
use ally_core::render;

/// Lines of context around each change in the diff.
const CONTEXT: usize = 3;

/// The golden file of a scenario: its sibling with the extension `.golden`.
pub fn path_for(ally: &Path) -> PathBuf {
    ally.with_extension("golden")
}

/// The text `ally run FILE` prints for one file: what a golden file holds.
pub fn output(result: &FileResult) -> String {
    render::text::file(result, false)
}

/// A golden file's text that differs from the output.
#[derive(Clone, Debug, Serialize)]
pub struct Mismatch {
    /// 1-based line of the golden file where the first difference is (one past its
    /// last line when the output only adds lines at the end).
    pub line: usize,
    /// The unified diff from the golden file to the output.
    pub diff: String,
}

/// The verdict on one golden file.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Verdict {
    Passed,
    Failed(Mismatch),
    /// The golden file exists but cannot be read.
    Error {
        message: String,
    },
}

#[derive(Clone, Debug, Serialize)]
pub struct Golden {
    /// The golden file, as its path was given.
    pub file: String,
    #[serde(flatten)]
    pub verdict: Verdict,
}

impl Golden {
    pub fn passed(&self) -> bool {
        matches!(self.verdict, Verdict::Passed)
    }
}

/// Compares `actual` with the golden text; `None` when they are the same, byte for byte.
pub fn compare(golden: &str, expected: &str, actual: &str, source: &str) -> Option<Mismatch> {
    if expected == actual {
        return None;
    }
    let diff = TextDiff::from_lines(expected, actual);
    let line = diff
        .ops()
        .iter()
        .find(|op| op.tag() != DiffTag::Equal)
        .map_or(1, |op| op.old_range().start + 1);
    let text = diff
        .unified_diff()
        .context_radius(CONTEXT)
        .header(golden, &format!("ally run {source}"))
        .to_string();
    Some(Mismatch { line, diff: text })
}

/// Checks the output of `ally` against its golden file; `None` when it has none.
pub fn check(ally: &Path, result: &FileResult) -> Option<Golden> {
    let path = path_for(ally);
    if !path.is_file() {
        return None;
    }
    let file = path.display().to_string();
    let verdict = match std::fs::read_to_string(&path) {
        Err(e) => Verdict::Error {
            message: format!("cannot read {file}: {e}"),
        },
        Ok(expected) => {
            match compare(
                &file,
                &expected,
                &output(result),
                &ally.display().to_string(),
            ) {
                None => Verdict::Passed,
                Some(m) => Verdict::Failed(m),
            }
        }
    };
    Some(Golden { file, verdict })
}

/// What blessing did to a golden file.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Blessed {
    Created,
    Updated,
    Unchanged,
}

impl Blessed {
    pub fn word(self) -> &'static str {
        match self {
            Blessed::Created => "wrote",
            Blessed::Updated => "updated",
            Blessed::Unchanged => "unchanged",
        }
    }
}

/// Writes the golden file of `ally` with the output of `result`, unless it already
/// holds exactly that text (so blessing twice touches nothing).
pub fn bless(ally: &Path, result: &FileResult) -> Result<(PathBuf, Blessed), WriteError> {
    let path = path_for(ally);
    let text = output(result);
    let existing = if path.is_file() {
        Some(
            std::fs::read_to_string(&path)
                .map_err(|e| WriteError(format!("error: cannot read {}: {e}", path.display())))?,
        )
    } else {
        None
    };
    let what = match existing {
        Some(old) if old == text => return Ok((path, Blessed::Unchanged)),
        Some(_) => Blessed::Updated,
        None => Blessed::Created,
    };
    crate::output::write_atomic(&path, text.as_bytes(), &[ally])?;
    Ok((path, what))
}

/// The report of a failed golden file for `ally test`'s text output, indented under
/// the file's status line.
pub fn describe_failure(g: &Golden) -> String {
    match &g.verdict {
        Verdict::Passed => String::new(),
        Verdict::Error { message } => format!("  golden: {message}\n"),
        Verdict::Failed(m) => {
            let mut out = format!(
                "  {}:{}: the output differs from the golden file (first difference)\n",
                g.file, m.line
            );
            for line in m.diff.lines() {
                out.push_str("  ");
                out.push_str(line);
                out.push('\n');
            }
            out
        }
    }
}

/// `ally test`'s status of a file whose expectations all hold and whose golden file,
/// if any, matches.
pub fn status_ok(passed: usize, golden: Option<&Golden>) -> String {
    match (passed, golden) {
        (p, None) => format!("ok ({p} passed)"),
        (0, Some(_)) => "ok (golden file matches)".to_string(),
        (p, Some(_)) => format!("ok ({p} passed, golden file matches)"),
    }
}

/// `ally test`'s status of a file with a failed expectation or golden file.
pub fn status_failed(passed: usize, failed: usize, golden: Option<&Golden>) -> String {
    let golden = golden.map(|g| {
        if g.passed() {
            "golden file matches"
        } else {
            "golden file differs"
        }
    });
    match (failed, golden) {
        (0, Some(g)) if passed == 0 => format!("FAILED ({g})"),
        (0, Some(g)) => format!("FAILED ({passed} passed, {g})"),
        (f, None) => format!("FAILED ({f} of {} failed)", passed + f),
        (f, Some(g)) => format!("FAILED ({f} of {} failed, {g})", passed + f),
    }
}

/// (matched, differing or unreadable) golden files.
pub fn counts(goldens: &[Option<Golden>]) -> (usize, usize) {
    let passed = goldens.iter().flatten().filter(|g| g.passed()).count();
    (passed, goldens.iter().flatten().count() - passed)
}

/// The last line of `ally test`'s text output about golden files; empty when no file
/// has one, so a run without golden files reads as it always did.
pub fn summary(goldens: &[Option<Golden>]) -> String {
    let (passed, failed) = counts(goldens);
    if passed + failed == 0 {
        return String::new();
    }
    format!("golden files: {passed} matched, {failed} differ\n")
}

/// Adds the golden files to `ally test --format json`'s document: `golden` on each file
/// that has one, and `goldens: {passed, failed}` beside the expectations' counts.
pub fn annotate_json(doc: &mut serde_json::Value, goldens: &[Option<Golden>]) {
    if let Some(files) = doc.get_mut("files").and_then(|f| f.as_array_mut()) {
        for (file, g) in files.iter_mut().zip(goldens) {
            if let (Some(g), Some(obj)) = (g, file.as_object_mut()) {
                obj.insert(
                    "golden".to_string(),
                    serde_json::to_value(g).unwrap_or_default(),
                );
            }
        }
    }
    let (passed, failed) = counts(goldens);
    if let Some(obj) = doc.as_object_mut() {
        obj.insert(
            "goldens".to_string(),
            serde_json::json!({ "passed": passed, "failed": failed }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_text_is_no_mismatch() {
        assert!(compare("g", "a\nb\n", "a\nb\n", "x.ally").is_none());
    }

    #[test]
    fn first_difference_is_the_golden_line() {
        let golden = "one\ntwo\nthree\nfour\n";
        let actual = "one\ntwo\nTHREE\nfour\n";
        let m = compare("x.golden", golden, actual, "x.ally").expect("differs");
        assert_eq!(m.line, 3);
        assert!(m.diff.contains("--- x.golden"), "{}", m.diff);
        assert!(m.diff.contains("+++ ally run x.ally"), "{}", m.diff);
        assert!(m.diff.contains("-three\n"), "{}", m.diff);
        assert!(m.diff.contains("+THREE\n"), "{}", m.diff);
        assert!(m.diff.contains("@@ -1,4 +1,4 @@"), "{}", m.diff);
    }

    #[test]
    fn lines_added_at_the_end_point_past_the_last_line() {
        let m = compare("g", "a\nb\n", "a\nb\nc\n", "x.ally").expect("differs");
        assert_eq!(m.line, 3);
        assert!(m.diff.contains("+c\n"));
    }

    #[test]
    fn a_missing_final_newline_is_a_difference() {
        let m = compare("g", "a\nb", "a\nb\n", "x.ally").expect("differs");
        assert_eq!(m.line, 2);
    }
}
