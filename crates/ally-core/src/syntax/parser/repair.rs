//! Help for a syntax error from small edits of the broken line (issue 26 item 4): a
//! keyword the grammar accepts there in place of a near miss (`wiht` → `with`), the
//! punctuation it expected (`=>` → `->`, a missing `?`), a name put in quotes, a stray
//! token removed, a question asked as a sentence cut down to the query it holds. An edit
//! is proposed only when the parser, given the edited statement, gets past the line: the
//! grammar decides, so keywords added to it take part without a list to keep here.

use pest::Parser as _;

use super::{AllyParser, Rule, error_pos, recover};
use crate::syntax::{KEYWORDS, is_name_char};

/// Statements longer than this (a huge block) get no repair: each candidate re-parses
/// the statement.
const MAX_REPAIRED: usize = 10_000;

/// The token at a syntax error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// The end of the line or of the input.
    End,
    Word,
    Number,
    /// A `"` opening a name.
    Quote,
    /// A run of arrow-like characters (`=>`, `-->`, `→`), or any other single character.
    Punct,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// The token of `src` at `pos`.
pub(super) fn token_at(src: &str, pos: usize) -> Token {
    let pos = pos.min(src.len());
    let rest = &src[pos..];
    let span = |kind, len: usize| Token {
        kind,
        start: pos,
        end: pos + len,
    };
    let Some(c) = rest.chars().next() else {
        return span(Kind::End, 0);
    };
    let number = |s: &str| s.starts_with(|d: char| d.is_ascii_digit());
    if c == '\n' || (c == '\r' && rest[1..].starts_with('\n')) {
        span(Kind::End, 0)
    } else if number(rest) || (c == '.' && number(&rest[1..])) {
        let len = rest
            .find(|d: char| !(d.is_ascii_digit() || matches!(d, '.' | '/' | 'e' | 'E' | '%')))
            .unwrap_or(rest.len());
        span(Kind::Number, len)
    } else if is_name_char(c) {
        let len = rest.find(|d| !is_name_char(d)).unwrap_or(rest.len());
        span(Kind::Word, len)
    } else if c == '"' {
        span(Kind::Quote, 1)
    } else if "-=<>~→⇒".contains(c) {
        let len = rest
            .find(|d: char| !"-=<>~→⇒".contains(d))
            .unwrap_or(rest.len());
        span(Kind::Punct, len)
    } else {
        span(Kind::Punct, c.len_utf8())
    }
}

/// A repair of the broken statement, and how to say it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Fix {
    pub help: String,
    /// The statement as repaired (from its start to the end of the broken line).
    pub statement: String,
}

/// The broken statement: where it starts, the broken line's bounds, and whether the
/// statement goes on from earlier lines (a block).
struct Site<'a> {
    src: &'a str,
    start: usize,
    line_start: usize,
    line_end: usize,
}

impl Site<'_> {
    /// The statement with `edits` (byte ranges of `src`, in order, replaced by text).
    fn edited(&self, edits: &[(usize, usize, &str)]) -> String {
        let mut out = String::new();
        let mut at = self.start;
        for &(from, to, text) in edits {
            out.push_str(&self.src[at..from]);
            out.push_str(text);
            at = to;
        }
        out.push_str(&self.src[at..self.line_end]);
        out
    }

    /// Whether the parser gets past the broken line once `edits` are made: the edited
    /// statement parses, or, inside a block begun on an earlier line, fails only at its
    /// end (the block goes on below).
    fn passes(&self, edits: &[(usize, usize, &str)]) -> Option<String> {
        let text = self.edited(edits);
        let ok = match AllyParser::parse(Rule::file, &text) {
            Ok(_) => true,
            Err(e) => self.start < self.line_start && error_pos(&e) >= text.trim_end().len(),
        };
        ok.then_some(text)
    }

    /// The broken line of a repaired statement, as shown in the help.
    fn shown(&self, statement: &str) -> String {
        let line = statement.rsplit('\n').next().unwrap_or(statement).trim();
        format!("`{line}`")
    }

    fn fix(&self, edits: &[(usize, usize, &str)], help: impl Fn(String) -> String) -> Option<Fix> {
        let statement = self.passes(edits)?;
        Some(Fix {
            help: help(self.shown(&statement)),
            statement,
        })
    }
}

/// The help for a syntax error at `pos` of `src`, found by trying edits; `expected` is
/// what the grammar accepted there.
pub(super) fn suggest(src: &str, pos: usize, expected: &[Rule]) -> Option<Fix> {
    let pos = pos.min(src.len());
    let line_start = src[..pos].rfind('\n').map_or(0, |i| i + 1);
    let line_end = src[pos..].find('\n').map_or(src.len(), |i| pos + i);
    let start = recover::statement_start(src, pos);
    if line_end - start > MAX_REPAIRED {
        return None;
    }
    let site = Site {
        src,
        start,
        line_start,
        line_end,
    };
    let found = token_at(src, pos);
    let text = &src[found.start..found.end];
    close_quote(&site, pos)
        .or_else(|| keyword(&site, found, text))
        .or_else(|| sentence(&site))
        .or_else(|| arrow(&site, found, text, expected))
        .or_else(|| decimal_comma(&site, found))
        .or_else(|| percent(&site, found))
        .or_else(|| missing_number(&site, found, expected))
        .or_else(|| punctuation(&site, found, text, expected))
        .or_else(|| quote_name(&site, found, expected))
        .or_else(|| remove(&site, found, text))
}

/// A quoted name whose closing quote is missing: closed before the next delimiter.
fn close_quote(site: &Site, pos: usize) -> Option<Fix> {
    let line = &site.src[site.line_start..site.line_end];
    let code = line.split("//").next().unwrap_or(line);
    if code.matches('"').count().is_multiple_of(2) {
        return None;
    }
    let open = site.line_start + code.rfind('"')?;
    if open > pos {
        return None;
    }
    for close in delimiters(site.src, open + 1, site.line_end) {
        let text = site.src[open + 1..close].trim_end();
        let at = open + 1 + text.len();
        if text.is_empty() {
            continue;
        }
        if let Some(f) = site.fix(&[(at, at, "\"")], |line| {
            format!("the quoted name is never closed; end it with `\"`: {line}")
        }) {
            return Some(f);
        }
    }
    None
}

/// Where a name written without quotes may end: before each delimiter that follows
/// `from` on the line, and at the line's end.
fn delimiters(src: &str, from: usize, line_end: usize) -> Vec<usize> {
    let code = &src[from..line_end];
    let code_end = from + code.find("//").unwrap_or(code.len());
    let mut ends: Vec<usize> = src[from..code_end]
        .char_indices()
        .filter(|&(i, c)| {
            matches!(c, '{' | '}' | '~' | '=' | ',' | '?') || src[from + i..].starts_with("->")
        })
        .map(|(i, _)| from + i)
        .collect();
    ends.push(code_end);
    ends
}

/// A near miss of a keyword: the closest keywords the line accepts in its place. The
/// word may be the one at the error, or the line's first word when the grammar read that
/// one as a name (`player A, B` in a game is a payoff row until `A`).
fn keyword(site: &Site, found: Token, text: &str) -> Option<Fix> {
    let line = &site.src[site.line_start..site.line_end];
    let first = token_at(site.src, site.line_end - line.trim_start().len());
    let first_text = &site.src[first.start..first.end];
    let words = [(found, text), (first, first_text)];
    words
        .into_iter()
        .filter(|(t, w)| t.kind == Kind::Word && !KEYWORDS.contains(&w.to_lowercase().as_str()))
        .find_map(|(t, w)| near_keyword(site, t, w))
}

fn near_keyword(site: &Site, found: Token, text: &str) -> Option<Fix> {
    let lower = text.to_lowercase();
    let mut near: Vec<(f64, &str)> = KEYWORDS
        .iter()
        .filter(|k| **k != lower)
        .map(|k| (strsim::jaro_winkler(&lower, k), *k))
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    near.sort_by(|a, b| b.0.total_cmp(&a.0));
    near.into_iter().find_map(|(_, k)| {
        site.fix(&[(found.start, found.end, k)], |line| {
            format!("did you mean `{k}`? {line}")
        })
    })
}

/// A question asked as a sentence (`Who is the biggest threat to France?`): the query
/// it ends with.
fn sentence(site: &Site) -> Option<Fix> {
    let line = &site.src[site.line_start..site.line_end];
    if site.start != site.line_start || !line.trim_end().ends_with('?') {
        return None;
    }
    let words: Vec<usize> = line
        .char_indices()
        .filter(|&(i, c)| i > 0 && !c.is_whitespace() && line[..i].ends_with(char::is_whitespace))
        .map(|(i, _)| site.line_start + i)
        .collect();
    words.into_iter().find_map(|w| {
        let asked = site.passes(&[(site.line_start, w, "")])?;
        let query = asked.trim().to_string();
        // A statement that is not a question (`… state A?`) is no answer to one.
        super::AllyParser::parse(Rule::query, &query)
            .ok()
            .filter(|p| p.as_str().len() == query.len())?;
        Some(Fix {
            help: format!("a question is asked with the words of a query: `{query}`"),
            statement: asked,
        })
    })
}

/// An arrow written another way (`=>`, `-->`, `→`, `to`), or missing between two names.
fn arrow(site: &Site, found: Token, text: &str, expected: &[Rule]) -> Option<Fix> {
    if !expected.contains(&Rule::arrow) {
        return None;
    }
    let say = |line: String| format!("arrows are written `->`: {line}");
    let replace = matches!(found.kind, Kind::Punct) || matches!(text, "to" | "at" | "on");
    if replace && let Some(f) = site.fix(&[(found.start, found.end, "->")], say) {
        return Some(f);
    }
    site.fix(&[(found.start, found.start, "-> ")], |line| {
        format!("`->` goes between the two states: {line}")
    })
}

/// `1,5` for one and a half.
fn decimal_comma(site: &Site, found: Token) -> Option<Fix> {
    if found.kind != Kind::Number {
        return None;
    }
    let before = &site.src[site.line_start..found.start];
    let int = before.strip_suffix(',')?;
    let digits = int.len() - int.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let comma = found.start - 1;
    site.fix(&[(comma, comma + 1, ".")], |line| {
        format!("a decimal number is written with a point: {line}")
    })
}

/// `80%` for a share.
fn percent(site: &Site, found: Token) -> Option<Fix> {
    // The error is at the `%`, after the number it follows.
    if &site.src[found.start..found.end] != "%" {
        return None;
    }
    let before = &site.src[site.line_start..found.start];
    let digits = before
        .rsplit(|c: char| !(c.is_ascii_digit() || c == '.'))
        .next()
        .filter(|d| !d.is_empty())?;
    let from = found.start - digits.len();
    let share = digits.parse::<f64>().ok()? / 100.0;
    let share = crate::syntax::literal::canonical(&format!("{share}"));
    site.fix(&[(from, found.end, &share)], |line| {
        format!("a share is written as a number from 0 to 1: {line}")
    })
}

/// A number left out (`power }`): said, without inventing one.
fn missing_number(site: &Site, found: Token, expected: &[Rule]) -> Option<Fix> {
    if !expected
        .iter()
        .any(|r| matches!(r, Rule::number | Rule::value))
        || found.kind == Kind::Number
    {
        return None;
    }
    let before = site.src[site.line_start..found.start].trim_end();
    let word = before
        .rsplit(|c: char| !is_name_char(c))
        .next()
        .filter(|w| !w.is_empty())?;
    let fixed = site.passes(&[(found.start, found.start, "1 ")])?;
    Some(Fix {
        help: format!("a number is missing after `{word}`"),
        statement: fixed,
    })
}

/// The punctuation the grammar expected: in place of what was found, or before it.
fn punctuation(site: &Site, found: Token, text: &str, expected: &[Rule]) -> Option<Fix> {
    let wanted: Vec<&str> = expected
        .iter()
        .filter_map(|r| match r {
            Rule::tilde => Some("~"),
            Rule::equals => Some("="),
            Rule::question => Some("?"),
            Rule::lbrace => Some("{"),
            Rule::rbrace => Some("}"),
            Rule::comma => Some(","),
            Rule::colon => Some(":"),
            Rule::gt => Some(">"),
            _ => None,
        })
        .collect();
    for p in wanted {
        let say = |line: String| match p {
            "?" => format!("a query ends with `?`: {line}"),
            "{" => format!("the braces are missing: {line}"),
            _ => format!("`{p}` is missing here: {line}"),
        };
        if found.kind == Kind::Punct
            && let Some(f) = site.fix(&[(found.start, found.end, p)], |line| {
                format!("write `{p}` here, not `{text}`: {line}")
            })
        {
            return Some(f);
        }
        let at = if found.kind == Kind::End {
            site.src[..found.start].trim_end().len()
        } else {
            found.start
        };
        let edit = if found.kind == Kind::End {
            p.to_string()
        } else {
            format!("{p} ")
        };
        // An opening brace is closed at the line's end.
        let close = site.src[..site.line_end].trim_end().len();
        let fixed = if p == "{" && found.kind != Kind::End {
            site.fix(&[(at, at, &edit), (close, close, " }")], say)
        } else {
            site.fix(&[(at, at, &edit)], say)
        };
        if fixed.is_some() {
            return fixed;
        }
    }
    None
}

/// A name that is not an identifier, written without quotes: from the name before the
/// error (or the token at it) to a delimiter, put in quotes.
fn quote_name(site: &Site, found: Token, expected: &[Rule]) -> Option<Fix> {
    if found.kind == Kind::End {
        return None;
    }
    let before = site.src[site.line_start..found.start].trim_end();
    let prev = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_name_char(c))
        .last()
        .map(|(i, _)| site.line_start + i);
    let mut starts = Vec::new();
    if let Some(p) = prev {
        // The word before must be a name, not a keyword (`state Côte d'Ivoire`).
        let word = &site.src[p..site.line_start + before.len()];
        if !KEYWORDS.contains(&word.to_lowercase().as_str()) {
            starts.push(p);
        }
    }
    if expected.contains(&Rule::name) {
        starts.push(found.start);
    }
    for from in starts {
        for to in delimiters(site.src, found.end, site.line_end) {
            let name = site.src[from..to].trim_end();
            if name.is_empty() || name.contains('"') {
                continue;
            }
            let quoted = format!("\"{name}\"");
            if let Some(f) = site.fix(&[(from, from + name.len(), &quoted)], |line| {
                format!("a name that is not one word must be quoted: {line}")
            }) {
                return Some(f);
            }
        }
    }
    None
}

/// A stray token: the line without it.
fn remove(site: &Site, found: Token, text: &str) -> Option<Fix> {
    if found.kind == Kind::End {
        return None;
    }
    // With the spaces after it when it stands apart (`power = 1`), else alone
    // (`power: 1`), so that the words around it stay apart.
    let apart = site.src[..found.start].ends_with([' ', '\t']);
    let end = match apart {
        true => site.src[found.end..site.line_end]
            .find(|c: char| c != ' ' && c != '\t')
            .map_or(site.line_end, |i| found.end + i),
        false => found.end,
    };
    site.fix(&[(found.start, end, "")], |line| {
        format!("remove `{text}`: {line}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The help for the first syntax error of `src`.
    fn help(src: &str) -> Option<String> {
        let err = AllyParser::parse(Rule::file, src).expect_err("a syntax error");
        let expected = match &err.variant {
            pest::error::ErrorVariant::ParsingError { positives, .. } => positives.clone(),
            _ => Vec::new(),
        };
        suggest(src, error_pos(&err), &expected).map(|f| f.help)
    }

    #[test]
    fn edits_that_get_the_parser_past_the_line() {
        let cases = [
            (
                "who allies wiht whom?",
                "did you mean `with`? `who allies with whom?`",
            ),
            (
                "stat A { power 1 }",
                "did you mean `state`? `state A { power 1 }`",
            ),
            (
                "state A\nWho is the biggest threat to A?",
                "a question is asked with the words of a query: `biggest threat to A?`",
            ),
            (
                "state A\nthreat A => B",
                "arrows are written `->`: `threat A -> B`",
            ),
            (
                "state A\nthreat A to B 0.5",
                "arrows are written `->`: `threat A -> B 0.5`",
            ),
            (
                "state A\nthreat A B 0.5",
                "`->` goes between the two states: `threat A -> B 0.5`",
            ),
            (
                "who allies with whom",
                "a query ends with `?`: `who allies with whom?`",
            ),
            (
                "state A power 1",
                "the braces are missing: `state A { power 1 }`",
            ),
            (
                "state A { power 1,5 }",
                "a decimal number is written with a point: `state A { power 1.5 }`",
            ),
            ("state A { power: 1 }", "remove `:`: `state A { power 1 }`"),
            ("state A { power = 1 }", "remove `=`: `state A { power 1 }`"),
            ("state A { power }", "a number is missing after `power`"),
            (
                "state A\nthreat A -> B 80%",
                "a share is written as a number from 0 to 1: `threat A -> B 0.8`",
            ),
            (
                "state Côte d'Ivoire { power 1 }",
                "a name that is not one word must be quoted: `state \"Côte d'Ivoire\" { power 1 }`",
            ),
            (
                "state \"Austria-Hungary { power 1 }",
                "the quoted name is never closed; end it with `\"`: `state \"Austria-Hungary\" { power 1 }`",
            ),
            (
                "game G {\n  player A, B\n}",
                "did you mean `players`? `players A, B`",
            ),
        ];
        for (src, want) in cases {
            assert_eq!(help(src).as_deref(), Some(want), "{src}");
        }
    }

    #[test]
    fn tokens() {
        fn t(s: &str, p: usize) -> (Kind, &str) {
            let t = token_at(s, p);
            (t.kind, &s[t.start..t.end])
        }
        assert_eq!(t("a => b", 2), (Kind::Punct, "=>"));
        assert_eq!(t("a Ελλάδα", 2), (Kind::Word, "Ελλάδα"));
        assert_eq!(t("x .5e3 y", 2), (Kind::Number, ".5e3"));
        assert_eq!(t("x\n", 1), (Kind::End, ""));
        assert_eq!(t("x \"y", 2), (Kind::Quote, "\""));
    }
}
