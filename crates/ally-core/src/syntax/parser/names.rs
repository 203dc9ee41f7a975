//! Names are checked as text before a statement is built (issue 12, items 3 and 11):
//! a name longer than [`MAX_NAME_CHARS`] would only make every table and picture
//! unreadable (and padded columns past 65,535 characters panic in `format!`), and a
//! control character in a quoted name would reach the user's terminal raw (ESC can
//! retitle or clear it) and break SVG and DOT. Both are refused with a diagnostic.

use pest::iterators::Pair;

use super::Rule;
use super::build::span_of;
use crate::diagnostics::{Diag, codes, is_noncharacter};
use crate::span::Span;
use crate::syntax::MAX_NAME_CHARS;

/// Adds a diagnostic for every bad name in `pair`; whether there was one.
pub(super) fn check(pair: &Pair<Rule>, offset: usize, diags: &mut Vec<Diag>) -> bool {
    let before = diags.len();
    for p in pair.clone().into_inner().flatten() {
        if p.as_rule() != Rule::name {
            continue;
        }
        let span = span_of(&p, offset);
        let raw = p.as_str();
        let chars = raw.chars().count();
        let quoted = raw.starts_with('"');
        let inner = chars - if quoted { 2 } else { 0 };
        if inner > MAX_NAME_CHARS {
            diags.push(
                Diag::error(
                    codes::NAME_TOO_LONG,
                    span,
                    format!("a name of {inner} characters is too long"),
                )
                .label(format!("longer than {MAX_NAME_CHARS} characters"))
                .help(format!(
                    "names are at most {MAX_NAME_CHARS} characters; use a short name and, if \
                     needed, the long one in a comment"
                )),
            );
            continue;
        }
        if let Some((i, c)) = raw
            .char_indices()
            .find(|&(_, c)| c.is_control() || is_noncharacter(c))
        {
            let at = span.start + i;
            diags.push(
                Diag::error(
                    codes::BAD_NAME,
                    Span::new(at, at + c.len_utf8()),
                    format!("a name cannot hold the character {}", c.escape_unicode()),
                )
                .label(if c.is_control() {
                    "a control character"
                } else {
                    "a Unicode non-character"
                }),
            );
        }
    }
    diags.len() > before
}
