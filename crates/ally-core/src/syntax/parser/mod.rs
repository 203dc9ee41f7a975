//! Text to AST. This is the only code that touches pest `Pair`s.
//!
//! * `mod.rs` (here): the entry points, and the loop that parses, records a syntax
//!   error and resumes;
//! * `recover.rs`: where a broken statement starts and where parsing can resume;
//! * `repair.rs`: the help of a syntax error, from edits that let the parser get past it;
//! * `salvage.rs`: the names a broken declaration still declares;
//! * `messages.rs`: a pest error as a diagnostic a person can act on;
//! * `names.rs`: names too long or holding control characters, refused before building;
//! * `build.rs`: pest pairs to AST nodes, through the `Cursor` of `cursor.rs`,
//!   which turns a missing child (a parser bug, never a user's mistake) into an
//!   `ally::internal` diagnostic rather than an invented empty name or `0.0`.

mod build;
mod cursor;
pub mod depth;
mod messages;
mod names;
mod recover;
mod repair;
mod salvage;
mod tree;

use pest::Parser as _;
use pest::error::InputLocation;
use pest::iterators::Pair;

use super::ast::*;
use crate::diagnostics::{Diag, codes};
use crate::span::Span;

#[derive(pest_derive::Parser)]
#[grammar = "../../grammar/ally.pest"]
struct AllyParser;

/// The most syntax errors reported for one file; after that the rest is noise.
const MAX_SYNTAX_ERRORS: usize = 30;

/// How many texts [`parse`] has read in this process: the tests hold every entry point
/// to one parse per text (`document::work`).
static PARSES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The texts parsed so far in this process.
pub fn parses() -> u64 {
    PARSES.load(std::sync::atomic::Ordering::Relaxed)
}

/// Parses a whole file. On a syntax error the parser records it, resumes at the next
/// line that can start a statement and goes on, so that every mistake is reported.
pub fn parse(src: &str) -> (Vec<Stmt>, Vec<Diag>) {
    PARSES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut stmts = Vec::new();
    let mut diags = Vec::new();
    let mut offset = 0;
    while offset <= src.len() {
        let rest = &src[offset..];
        // Too deep for pest: reported like a syntax error at the brace, and skipped.
        let parsed = match depth::too_deep(rest) {
            Some(pos) => Err((
                messages::Syntax {
                    diag: depth::diag(offset + pos),
                    repaired: None,
                    resume_at_line: false,
                },
                pos,
            )),
            None => AllyParser::parse(Rule::file, rest).map_err(|err| {
                let pos = error_pos(&err);
                (messages::syntax_diag(&err, src, offset), pos)
            }),
        };
        match parsed {
            Ok(mut pairs) => {
                if let Some(file) = pairs.next() {
                    push_statements(&mut stmts, file, offset, &mut diags);
                }
                break;
            }
            Err((syntax, pos)) => {
                diags.push(syntax.diag);
                if diags.len() >= MAX_SYNTAX_ERRORS {
                    break;
                }
                // Keep what parsed before the error: everything up to the start of the
                // line holding it (or of the statement that began above it).
                let stmt_start = recover::statement_start(rest, pos);
                if let Ok(mut pairs) = AllyParser::parse(Rule::file, &rest[..stmt_start])
                    && let Some(file) = pairs.next()
                {
                    push_statements(&mut stmts, file, offset, &mut diags);
                }
                // What the broken statement declares stays declared (reported once).
                let line_end = rest[pos..].find('\n').map_or(rest.len(), |i| pos + i);
                let broken = syntax
                    .repaired
                    .as_deref()
                    .unwrap_or(&rest[stmt_start..line_end]);
                let span = Span::new(offset + stmt_start, offset + line_end.max(stmt_start));
                stmts.extend(salvage::declared(broken, span));
                let next = if syntax.resume_at_line {
                    Some(rest[..pos].rfind('\n').map_or(pos, |i| i + 1))
                } else {
                    recover::resume_point(rest, pos)
                };
                match next {
                    Some(next) if next > 0 => offset += next,
                    _ => break,
                }
            }
        }
    }
    (stmts, diags)
}

/// Parses a single statement (for the REPL and `what if`).
pub fn parse_statement_text(src: &str) -> (Vec<Stmt>, Vec<Diag>) {
    parse(src)
}

/// Whether the text parses, or fails only because it ends too soon (an open `{`):
/// the REPL keeps reading lines while this says "incomplete".
pub fn is_incomplete(src: &str) -> bool {
    if depth::too_deep(src).is_some() {
        return false;
    }
    match AllyParser::parse(Rule::file, src) {
        Ok(_) => false,
        Err(err) => src[error_pos(&err).min(src.len())..].trim().is_empty(),
    }
}

/// The byte (in the text given to pest) where an error was found.
fn error_pos(err: &pest::error::Error<Rule>) -> usize {
    match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
}

/// Every statement of a parsed `file` pair.
fn push_statements(stmts: &mut Vec<Stmt>, file: Pair<Rule>, offset: usize, diags: &mut Vec<Diag>) {
    for pair in file.into_inner() {
        if pair.as_rule() != Rule::EOI {
            push_statement(stmts, pair, offset, diags);
        }
    }
}

/// Adds a statement unless one of its numbers was rejected: the number's diagnostic
/// is the whole story, and checking the statement with a made-up value would only add
/// misleading follow-up errors. (A state keeps its declaration without the attribute.)
/// A statement the builder could not make (an internal error) is dropped with its
/// diagnostic, and so is one with a name that is refused (`names.rs`).
fn push_statement(stmts: &mut Vec<Stmt>, pair: Pair<Rule>, offset: usize, diags: &mut Vec<Diag>) {
    if names::check(&pair, offset, diags) {
        return;
    }
    let before = diags.len();
    match build::statement(pair, offset, diags) {
        Ok(stmt) => {
            if matches!(stmt.kind, StmtKind::State(_))
                || !diags[before..].iter().any(|d| d.code == codes::BAD_NUMBER)
            {
                stmts.push(stmt);
            }
        }
        Err(internal) => diags.push(internal),
    }
}

/// Keywords have rules of their own (for error messages) and are contiguous in the
/// grammar; they carry no meaning once parsed.
fn is_keyword(rule: Rule) -> bool {
    let r = rule as usize;
    r >= Rule::kw_scenario as usize && r <= Rule::kw_outcomes as usize
}

/// Keywords and punctuation: pairs the AST builder skips.
fn is_punct(rule: Rule) -> bool {
    is_keyword(rule)
        || matches!(
            rule,
            Rule::tilde
                | Rule::arrow
                | Rule::equals
                | Rule::comma
                | Rule::colon
                | Rule::lbrace
                | Rule::rbrace
                | Rule::question
                | Rule::gt
                | Rule::plus_minus
                | Rule::dots
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_rules_are_contiguous() {
        for kw in [
            Rule::kw_scenario,
            Rule::kw_state,
            Rule::kw_outcomes,
            Rule::kw_end,
        ] {
            assert!(is_keyword(kw));
            assert!(format!("{kw:?}").starts_with("kw_"));
        }
        for other in [
            Rule::name,
            Rule::ident,
            Rule::state_decl,
            Rule::query,
            Rule::number,
        ] {
            assert!(!is_keyword(other));
        }
    }

    #[test]
    fn keyword_list_matches_the_grammar() {
        let mut from_grammar: Vec<String> = Rule::all_rules()
            .iter()
            .filter(|r| is_keyword(**r))
            .map(|r| format!("{r:?}").trim_start_matches("kw_").to_string())
            .collect();
        let mut listed: Vec<String> = crate::syntax::KEYWORDS
            .iter()
            .map(|k| k.to_string())
            .collect();
        from_grammar.sort();
        listed.sort();
        assert_eq!(from_grammar, listed);
    }

    /// Every example and every malformed script parses without an internal error: the
    /// builder's expectations match the grammar.
    #[test]
    fn no_internal_error_on_the_examples_and_bad_scripts() {
        // The crate sits in `crates/ally-core`; the examples and scripts at the root.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut seen = 0;
        for dir in ["examples", "tests/bad", "tests/cmd"] {
            let mut stack = vec![root.join(dir)];
            while let Some(d) = stack.pop() {
                for entry in std::fs::read_dir(&d).unwrap().flatten() {
                    let path = entry.path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if path.extension().is_some_and(|e| e == "ally") {
                        let src = std::fs::read_to_string(&path).unwrap();
                        let (_, diags) = parse(&src);
                        assert!(
                            diags.iter().all(|d| d.code != codes::INTERNAL),
                            "{}: {diags:?}",
                            path.display()
                        );
                        seen += 1;
                    }
                }
            }
        }
        assert!(seen > 20, "only {seen} files");
    }

    #[test]
    fn a_rule_the_builder_does_not_know_is_an_internal_error() {
        // `name` is not a statement: the builder must say so, not answer a query.
        let mut pairs = AllyParser::parse(Rule::name, "Austria").unwrap();
        let pair = pairs.next().unwrap();
        let mut diags = Vec::new();
        let err = build::statement(pair, 0, &mut diags).unwrap_err();
        assert_eq!(err.code, codes::INTERNAL);
        assert_eq!(err.span, crate::span::Span::new(0, 7));
    }

    #[test]
    fn a_missing_child_is_an_internal_error() {
        // A `scenario_decl` always holds a name; built from a lone keyword (as a broken
        // grammar would hand it over), the cursor reports the missing name.
        let mut pairs = AllyParser::parse(Rule::kw_scenario, "scenario").unwrap();
        let pair = pairs.next().unwrap();
        let mut cursor = cursor::Cursor::new(pair, 0);
        let err = cursor.name().unwrap_err();
        assert_eq!(err.code, codes::INTERNAL);
        assert!(err.message.contains("a name"), "{}", err.message);
    }
}
