//! Text to AST. This is the only code that touches pest `Pair`s.

use pest::Parser as _;
use pest::error::InputLocation;
use pest::iterators::Pair;

use super::ast::*;
use crate::diagnostics::{Diag, codes};

#[derive(pest_derive::Parser)]
#[grammar = "grammar/ally.pest"]
struct AllyParser;

/// The most syntax errors reported for one file; after that the rest is noise.
const MAX_SYNTAX_ERRORS: usize = 30;

/// Parses a whole file. On a syntax error the parser records it, resumes at the next
/// line that can start a statement and goes on, so that every mistake is reported.
pub fn parse(src: &str) -> (Vec<Stmt>, Vec<Diag>) {
    let mut stmts = Vec::new();
    let mut diags = Vec::new();
    let mut offset = 0;
    while offset <= src.len() {
        let rest = &src[offset..];
        match AllyParser::parse(Rule::file, rest) {
            Ok(mut pairs) => {
                if let Some(file) = pairs.next() {
                    for pair in file.into_inner() {
                        if pair.as_rule() != Rule::EOI {
                            push_statement(&mut stmts, pair, offset, &mut diags);
                        }
                    }
                }
                break;
            }
            Err(err) => {
                let pos = match err.location {
                    InputLocation::Pos(p) => p,
                    InputLocation::Span((s, _)) => s,
                };
                diags.push(syntax_diag(&err, rest, offset + pos));
                if diags.len() >= MAX_SYNTAX_ERRORS {
                    break;
                }
                // Keep what parsed before the error: everything up to the start of the
                // line holding it (or of the statement that began above it).
                let stmt_start = statement_start(rest, pos);
                if let Ok(mut pairs) = AllyParser::parse(Rule::file, &rest[..stmt_start])
                    && let Some(file) = pairs.next()
                {
                    for pair in file.into_inner() {
                        if pair.as_rule() != Rule::EOI {
                            push_statement(&mut stmts, pair, offset, &mut diags);
                        }
                    }
                }
                match resume_point(rest, pos) {
                    Some(next) => offset += next,
                    None => break,
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
    match AllyParser::parse(Rule::file, src) {
        Ok(_) => false,
        Err(err) => {
            let pos = match err.location {
                InputLocation::Pos(p) => p,
                InputLocation::Span((s, _)) => s,
            };
            src[pos.min(src.len())..].trim().is_empty()
        }
    }
}

/// Start of the statement holding byte `pos`: the start of the last line at or before
/// `pos` that begins with a top-level keyword, or the line of `pos` itself.
fn statement_start(src: &str, pos: usize) -> usize {
    let pos = pos.min(src.len());
    let mut start = src[..pos].rfind('\n').map_or(0, |i| i + 1);
    let mut depth = 0i32;
    // Walk back through lines while we are inside a `{ … }` block.
    let before = &src[..start];
    for (i, ch) in before.char_indices().rev() {
        match ch {
            '}' => depth += 1,
            '{' => {
                if depth == 0 {
                    start = before[..i].rfind('\n').map_or(0, |j| j + 1);
                } else {
                    depth -= 1;
                }
            }
            _ => {}
        }
    }
    start
}

/// The byte offset after `pos` where parsing can start again: the next line that is not
/// inside the broken statement's braces and begins like a statement.
fn resume_point(src: &str, pos: usize) -> Option<usize> {
    let pos = pos.min(src.len());
    let mut idx = src[pos..].find('\n').map(|i| pos + i + 1)?;
    // If the broken statement opened a brace on its line and never closed it, skip to
    // the matching closing line.
    let line_start = statement_start(src, pos);
    let opened = src[line_start..idx].matches('{').count() as i64
        - src[line_start..idx].matches('}').count() as i64;
    if opened > 0 {
        let mut depth = opened;
        let mut j = idx;
        for (k, ch) in src[idx..].char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        j = idx + k + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        if depth > 0 {
            return None;
        }
        idx = src[j..].find('\n').map(|i| j + i + 1)?;
    }
    Some(idx)
}

fn syntax_diag(err: &pest::error::Error<Rule>, rest: &str, pos: usize) -> Diag {
    use pest::error::ErrorVariant;
    let found = found_text(rest, pos_in(rest, err));
    let expected = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let mut names: Vec<String> = positives.iter().filter_map(|r| rule_name(*r)).collect();
            names.sort();
            names.dedup();
            names
        }
        ErrorVariant::CustomError { message } => vec![message.clone()],
    };
    let (message, span) = match found.as_str() {
        "" => ("unexpected end of input".to_string(), Span::new(pos, pos)),
        "\n" => ("unexpected end of line".to_string(), Span::new(pos, pos)),
        _ => (
            format!("unexpected `{found}`"),
            Span::new(pos, pos + found.len()),
        ),
    };
    let label = if expected.is_empty() {
        "not understood here".to_string()
    } else {
        format!("expected {}", join_or(&expected))
    };
    let mut diag = Diag::error(codes::SYNTAX, span, message).label(label);
    if let Some(h) = syntax_help(rest, pos_in(rest, err), &found) {
        diag = diag.help(h);
    }
    diag
}

fn pos_in(_rest: &str, err: &pest::error::Error<Rule>) -> usize {
    match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
}

/// The token at the error: a word, a number, or one character.
fn found_text(src: &str, pos: usize) -> String {
    let rest = &src[pos.min(src.len())..];
    let mut chars = rest.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    if first == '\n' {
        return "\n".to_string();
    }
    if first.is_alphanumeric() || first == '_' {
        rest.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
            .collect()
    } else {
        first.to_string()
    }
}

fn syntax_help(src: &str, pos: usize, found: &str) -> Option<String> {
    let line_start = src[..pos.min(src.len())].rfind('\n').map_or(0, |i| i + 1);
    let line_end = src[pos.min(src.len())..]
        .find('\n')
        .map_or(src.len(), |i| pos + i);
    let line = src[line_start..line_end].trim();
    let first = line.split_whitespace().next().unwrap_or("").to_lowercase();
    if src[pos.min(src.len())..].starts_with("\"\"") || src[pos.min(src.len())..].starts_with("\" ")
    {
        return Some("a quoted name cannot be empty or start with a space".into());
    }
    if found == "\n" && line.contains('{') && !line.contains('}') {
        return Some("a `{ … }` block opened here is not closed".into());
    }
    if line.contains('-') && !line.starts_with('"') && first == "state" {
        return Some("names with spaces or dashes must be quoted: \"Austria-Hungary\"".into());
    }
    // Lines inside a `game { … }` block start with these.
    let game_words = ["players", "strategies", "outcomes"];
    let statement_words: Vec<&str> = crate::syntax::STARTERS
        .iter()
        .chain(&game_words)
        .copied()
        .collect();
    if pos == line_start && !statement_words.contains(&first.as_str()) {
        let guess = crate::diagnostics::did_you_mean(&first, statement_words.iter().copied());
        return Some(match guess {
            Some(g) => format!("a statement starts with a keyword; {g}"),
            None => "a statement starts with a keyword such as `state`, `threat` or `alliance`; a query ends with `?`".into(),
        });
    }
    if line.ends_with('?')
        || matches!(
            first.as_str(),
            "who" | "allies" | "enemies" | "why" | "stable" | "compare" | "balance" | "timeline"
        )
    {
        return Some(
            "queries end with `?`, e.g. `who allies with whom?`; see the README for the list"
                .into(),
        );
    }
    None
}

fn join_or(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        _ => {
            let (last, rest) = items
                .split_last()
                .map_or((&items[0], &items[..0]), |(l, r)| (l, r));
            format!("{} or {}", rest.join(", "), last)
        }
    }
}

/// Names of rules as a user would say them; `None` hides internal rules.
fn rule_name(rule: Rule) -> Option<String> {
    if is_keyword(rule) {
        let debug = format!("{rule:?}");
        return Some(format!("`{}`", debug.trim_start_matches("kw_")));
    }
    let s = match rule {
        Rule::name | Rule::ident | Rule::string => "a name",
        Rule::number | Rule::value | Rule::fraction => "a number",
        Rule::weight => "a weight",
        Rule::tilde => "`~`",
        Rule::arrow => "`->`",
        Rule::equals => "`=`",
        Rule::comma => "`,`",
        Rule::colon => "`:`",
        Rule::lbrace => "`{`",
        Rule::rbrace => "`}`",
        Rule::question => "`?`",
        Rule::gt => "`>`",
        Rule::EOI => "end of input",
        Rule::state_attr
        | Rule::attr_power
        | Rule::attr_ideology
        | Rule::attr_offense
        | Rule::attr_at
        | Rule::attr_doctrine => "a state attribute (power, ideology, offense, at, doctrine)",
        Rule::reliability => "`reliability`",
        Rule::payoff => "a payoff",
        Rule::query => "a query",
        Rule::game_players | Rule::game_strategies | Rule::game_outcomes | Rule::game_row => {
            "a game line (players, strategies, outcomes, or a payoff row)"
        }
        Rule::scenario_decl
        | Rule::ideology_decl
        | Rule::affinity_decl
        | Rule::state_decl
        | Rule::border_decl
        | Rule::distance_decl
        | Rule::threat_decl
        | Rule::offer_decl
        | Rule::alliance_decl
        | Rule::end_alliance_decl
        | Rule::model_decl
        | Rule::blocs_decl
        | Rule::propensity_decl
        | Rule::at_block
        | Rule::expect_decl
        | Rule::game_decl
        | Rule::battle_decl
        | Rule::turmoil_decl
        | Rule::leave_decl => "a statement",
        Rule::expect_with
        | Rule::expect_against
        | Rule::expect_indifferent
        | Rule::expect_threat => {
            "an expectation (`X with Y`, `X against Y`, `X indifferent`, `biggest threat to X is Y`)"
        }
        Rule::model_term => "a model",
        _ => return None,
    };
    Some(s.to_string())
}

// ------------------------------------------------------------------ AST building

fn span_of(pair: &Pair<Rule>, offset: usize) -> Span {
    let s = pair.as_span();
    Span::new(offset + s.start(), offset + s.end())
}

fn name(pair: Pair<Rule>, offset: usize) -> Name {
    let span = span_of(&pair, offset);
    let raw = pair.as_str();
    let text = if raw.starts_with('"') && raw.len() >= 2 {
        raw[1..raw.len() - 1].to_string()
    } else {
        raw.to_string()
    };
    Name { text, span }
}

fn num(pair: Pair<Rule>, offset: usize, diags: &mut Vec<Diag>) -> Num {
    let span = span_of(&pair, offset);
    let text = pair.as_str();
    let inner = if pair.as_rule() == Rule::value {
        pair.into_inner().next()
    } else {
        Some(pair)
    };
    let Some(inner) = inner else {
        return Num {
            value: 0.0,
            exact: None,
            span,
        };
    };
    if inner.as_rule() == Rule::fraction {
        let exact = super::literal::exact(text);
        let zero = text
            .split_once('/')
            .is_some_and(|(_, d)| d.bytes().all(|b| b == b'0'));
        if let Some(q) = exact {
            use num_traits::ToPrimitive;
            return Num {
                value: q.to_f64().unwrap_or(0.0),
                exact: Some(q),
                span,
            };
        }
        diags.push(if zero {
            Diag::error(codes::BAD_NUMBER, span, "division by zero in a fraction")
                .label("the denominator is 0")
        } else {
            Diag::error(
                codes::BAD_NUMBER,
                span,
                format!("`{text}` is too long to keep exact"),
            )
            .label(format!(
                "at most {} digits",
                super::literal::MAX_EXACT_DIGITS
            ))
        });
        return Num {
            value: 0.0,
            exact: None,
            span,
        };
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Num {
            value: v,
            exact: super::literal::exact(text),
            span,
        },
        _ => {
            diags.push(
                Diag::error(
                    codes::BAD_NUMBER,
                    span,
                    format!("`{text}` is not a finite number"),
                )
                .label("too large"),
            );
            Num {
                value: 0.0,
                exact: None,
                span,
            }
        }
    }
}

/// A decimal literal as an exact fraction, when it fits (`0.25` → 1/4 unreduced 25/100).
fn statement(pair: Pair<Rule>, offset: usize, diags: &mut Vec<Diag>) -> Stmt {
    let span = span_of(&pair, offset);
    let rule = pair.as_rule();
    let all: Vec<Pair<Rule>> = pair.into_inner().collect();
    let mut it = all.clone().into_iter().filter(|p| !is_punct(p.as_rule()));
    let next_name = |it: &mut dyn Iterator<Item = Pair<Rule>>| -> Name {
        it.next().map(|p| name(p, offset)).unwrap_or(Name {
            text: String::new(),
            span,
        })
    };
    let kind = match rule {
        Rule::scenario_decl => StmtKind::Scenario(next_name(&mut it)),
        Rule::ideology_decl => StmtKind::Ideology(it.map(|p| name(p, offset)).collect()),
        Rule::affinity_decl | Rule::distance_decl | Rule::propensity_decl => {
            let a = next_name(&mut it);
            let b = next_name(&mut it);
            let value = it.next().map(|p| num(p, offset, diags)).unwrap_or(Num {
                value: 0.0,
                exact: None,
                span,
            });
            match rule {
                Rule::affinity_decl => StmtKind::Affinity { a, b, value },
                Rule::distance_decl => StmtKind::Distance { a, b, value },
                _ => StmtKind::Propensity { a, b, value },
            }
        }
        Rule::state_decl => {
            let name_ = next_name(&mut it);
            let attrs = it.map(|p| state_attr(p, offset, diags)).collect::<Vec<_>>();
            StmtKind::State(StateDecl {
                name: name_,
                attrs: attrs.into_iter().flatten().collect(),
            })
        }
        Rule::border_decl => {
            let a = next_name(&mut it);
            let b = next_name(&mut it);
            StmtKind::Border { a, b }
        }
        Rule::threat_decl => {
            let from = next_name(&mut it);
            let to = next_name(&mut it);
            let level = it.next().map(|p| num(p, offset, diags));
            StmtKind::Threat { from, to, level }
        }
        Rule::offer_decl => {
            let from = next_name(&mut it);
            let to = next_name(&mut it);
            let amount = it.next().map(|p| num(p, offset, diags)).unwrap_or(Num {
                value: 0.0,
                exact: None,
                span,
            });
            StmtKind::Offer { from, to, amount }
        }
        Rule::alliance_decl => alliance(all, offset, diags),
        Rule::end_alliance_decl => StmtKind::EndAlliance(next_name(&mut it)),
        Rule::model_decl => StmtKind::Model(
            it.map(|term| {
                let mut parts = term.into_inner();
                let model = parts.next().map(|p| name(p, offset)).unwrap_or(Name {
                    text: String::new(),
                    span,
                });
                let weight = parts.next().and_then(|w| w.into_inner().next()).map(|w| {
                    if w.as_rule() == Rule::number {
                        Weight::Number(num(w, offset, diags))
                    } else {
                        Weight::Name(name(w, offset))
                    }
                });
                ModelTerm { model, weight }
            })
            .collect(),
        ),
        Rule::blocs_decl => {
            StmtKind::Blocs(it.next().map(|p| num(p, offset, diags)).unwrap_or(Num {
                value: 0.0,
                exact: None,
                span,
            }))
        }
        Rule::at_block => {
            let time = it.next().map(|p| num(p, offset, diags)).unwrap_or(Num {
                value: 0.0,
                exact: None,
                span,
            });
            let events = it.map(|p| statement(p, offset, diags)).collect();
            StmtKind::At { time, events }
        }
        Rule::expect_decl => {
            let inner = it.next();
            match inner {
                Some(e) => {
                    let erule = e.as_rule();
                    let mut names = e
                        .into_inner()
                        .filter(|p| p.as_rule() == Rule::name)
                        .map(|p| name(p, offset));
                    let empty = Name {
                        text: String::new(),
                        span,
                    };
                    let a = names.next().unwrap_or(empty.clone());
                    let b = names.next().unwrap_or(empty);
                    StmtKind::Expect(match erule {
                        Rule::expect_with => Expectation::With(a, b),
                        Rule::expect_against => Expectation::Against(a, b),
                        Rule::expect_indifferent => Expectation::Indifferent(a),
                        _ => Expectation::BiggestThreat {
                            target: a,
                            threat: b,
                        },
                    })
                }
                None => StmtKind::Expect(Expectation::Indifferent(Name {
                    text: String::new(),
                    span,
                })),
            }
        }
        Rule::game_decl => {
            let gname = next_name(&mut it);
            let items = it.map(|p| game_item(p, offset, diags)).collect();
            StmtKind::Game(GameDecl { name: gname, items })
        }
        Rule::battle_decl => {
            let winner = next_name(&mut it);
            let loser = next_name(&mut it);
            let loss = it.next().map(|p| num(p, offset, diags));
            StmtKind::Battle {
                winner,
                loser,
                loss,
            }
        }
        Rule::turmoil_decl => {
            let state = next_name(&mut it);
            let ideology = next_name(&mut it);
            StmtKind::Turmoil { state, ideology }
        }
        Rule::leave_decl => StmtKind::Leave(next_name(&mut it)),
        Rule::query => {
            let body = it.next();
            StmtKind::Query(match body {
                Some(b) => query(b, offset, diags),
                None => Query {
                    kind: QueryKind::WhoAllies,
                    text: String::new(),
                },
            })
        }
        _ => StmtKind::Query(Query {
            kind: QueryKind::WhoAllies,
            text: String::new(),
        }),
    };
    Stmt { kind, span }
}

fn alliance(parts: Vec<Pair<Rule>>, offset: usize, diags: &mut Vec<Diag>) -> StmtKind {
    let mut name_ = None;
    let mut members = Vec::new();
    let mut reliability = None;
    let mut inside = false;
    for p in parts {
        match p.as_rule() {
            Rule::lbrace => inside = true,
            Rule::name if inside => members.push(name(p, offset)),
            Rule::name => name_ = Some(name(p, offset)),
            Rule::reliability => {
                reliability = p
                    .into_inner()
                    .find(|n| n.as_rule() == Rule::number)
                    .map(|n| num(n, offset, diags));
            }
            _ => {}
        }
    }
    StmtKind::Alliance {
        name: name_,
        members,
        reliability,
    }
}

/// Keywords have rules of their own (for error messages) and are contiguous in the
/// grammar; they carry no meaning once parsed.
fn is_keyword(rule: Rule) -> bool {
    let r = rule as usize;
    r >= Rule::kw_scenario as usize && r <= Rule::kw_outcomes as usize
}

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
        )
}

/// Adds a statement unless one of its numbers was rejected: the number's diagnostic
/// is the whole story, and checking the statement with a made-up value would only add
/// misleading follow-up errors. (A state keeps its declaration without the attribute.)
fn push_statement(stmts: &mut Vec<Stmt>, pair: Pair<Rule>, offset: usize, diags: &mut Vec<Diag>) {
    let before = diags.len();
    let stmt = statement(pair, offset, diags);
    if matches!(stmt.kind, StmtKind::State(_))
        || !diags[before..].iter().any(|d| d.code == codes::BAD_NUMBER)
    {
        stmts.push(stmt);
    }
}

fn state_attr(pair: Pair<Rule>, offset: usize, diags: &mut Vec<Diag>) -> Option<(StateAttr, Span)> {
    let before = diags.len();
    let span = span_of(&pair, offset);
    let attr = state_attr_inner(pair, offset, diags)?;
    (diags.len() == before).then_some((attr, span))
}

fn state_attr_inner(pair: Pair<Rule>, offset: usize, diags: &mut Vec<Diag>) -> Option<StateAttr> {
    let attr = pair.into_inner().next()?;
    let rule = attr.as_rule();
    let mut parts = attr.into_inner().filter(|p| !is_punct(p.as_rule()));
    let first = parts.next()?;
    Some(match rule {
        Rule::attr_power => StateAttr::Power(num(first, offset, diags)),
        Rule::attr_offense => StateAttr::Offense(num(first, offset, diags)),
        Rule::attr_ideology => StateAttr::Ideology(name(first, offset)),
        Rule::attr_doctrine => StateAttr::Doctrine(name(first, offset)),
        Rule::attr_at => {
            let lat = num(first, offset, diags);
            let lon = parts.next().map(|p| num(p, offset, diags))?;
            StateAttr::At(lat, lon)
        }
        _ => return None,
    })
}

fn query(pair: Pair<Rule>, offset: usize, diags: &mut Vec<Diag>) -> Query {
    let text = pair.as_str().trim().to_string();
    let span = span_of(&pair, offset);
    let rule = pair.as_rule();
    let mut parts = pair.into_inner().filter(|p| !is_punct(p.as_rule()));
    let empty = Name {
        text: String::new(),
        span,
    };
    let n = |parts: &mut dyn Iterator<Item = Pair<Rule>>| {
        parts
            .next()
            .map(|p| name(p, offset))
            .unwrap_or(empty.clone())
    };
    let kind = match rule {
        Rule::q_who_allies => QueryKind::WhoAllies,
        Rule::q_allies_of => QueryKind::AlliesOf(n(&mut parts)),
        Rule::q_enemies_of => QueryKind::EnemiesOf(n(&mut parts)),
        Rule::q_why => QueryKind::Why(n(&mut parts)),
        Rule::q_biggest_threat => QueryKind::BiggestThreat(n(&mut parts)),
        Rule::q_threats_to => QueryKind::ThreatsTo(n(&mut parts)),
        Rule::q_stable => QueryKind::Stable,
        Rule::q_compare => QueryKind::Compare,
        Rule::q_balance => QueryKind::Balance,
        Rule::q_timeline => QueryKind::Timeline,
        Rule::q_price => {
            let target = n(&mut parts);
            let buyer = n(&mut parts);
            QueryKind::Price { target, buyer }
        }
        Rule::q_would_attack => {
            let attacker = n(&mut parts);
            let target = n(&mut parts);
            QueryKind::WouldAttack { attacker, target }
        }
        Rule::q_equilibria => QueryKind::Equilibria(n(&mut parts)),
        Rule::q_dominant => QueryKind::Dominant(n(&mut parts)),
        Rule::q_best_responses => QueryKind::BestResponses(n(&mut parts)),
        Rule::q_what_if => {
            let event = parts.next();
            let stmt = match event {
                Some(e) if e.as_rule() == Rule::threatens => {
                    let espan = span_of(&e, offset);
                    let mut ep = e.into_inner().filter(|p| !is_punct(p.as_rule()));
                    let from = n(&mut ep);
                    let to = n(&mut ep);
                    let level = ep.next().map(|p| num(p, offset, diags));
                    Stmt {
                        kind: StmtKind::Threat { from, to, level },
                        span: espan,
                    }
                }
                Some(e) => statement(e, offset, diags),
                None => Stmt {
                    kind: StmtKind::Leave(empty.clone()),
                    span,
                },
            };
            QueryKind::WhatIf(Box::new(stmt))
        }
        _ => QueryKind::WhoAllies,
    };
    Query { kind, text }
}

fn game_item(pair: Pair<Rule>, offset: usize, diags: &mut Vec<Diag>) -> GameItem {
    let span = span_of(&pair, offset);
    let rule = pair.as_rule();
    match rule {
        Rule::game_players => GameItem::Players(
            pair.into_inner()
                .filter(|p| p.as_rule() == Rule::name)
                .map(|p| name(p, offset))
                .collect(),
        ),
        Rule::game_strategies => {
            let has_player = pair
                .clone()
                .into_inner()
                .any(|p| p.as_rule() == Rule::colon);
            let mut names: Vec<Name> = pair
                .into_inner()
                .filter(|p| p.as_rule() == Rule::name)
                .map(|p| name(p, offset))
                .collect();
            let player = if has_player && !names.is_empty() {
                Some(names.remove(0))
            } else {
                None
            };
            GameItem::Strategies {
                player,
                strategies: names,
                span,
            }
        }
        Rule::game_outcomes => {
            let Some(inner) = pair
                .into_inner()
                .find(|p| matches!(p.as_rule(), Rule::outcome_values | Rule::outcome_ranking))
            else {
                return GameItem::OutcomeValues(Vec::new());
            };
            if inner.as_rule() == Rule::outcome_values {
                GameItem::OutcomeValues(
                    inner
                        .into_inner()
                        .filter_map(|ov| {
                            let mut parts = ov.into_inner().filter(|p| !is_punct(p.as_rule()));
                            let n = name(parts.next()?, offset);
                            let v = num(parts.next()?, offset, diags);
                            Some((n, v))
                        })
                        .collect(),
                )
            } else {
                GameItem::OutcomeRanking(
                    inner
                        .into_inner()
                        .filter(|p| p.as_rule() == Rule::outcome_tier)
                        .map(|tier| {
                            tier.into_inner()
                                .filter(|p| p.as_rule() == Rule::name)
                                .map(|p| name(p, offset))
                                .collect()
                        })
                        .collect(),
                )
            }
        }
        _ => {
            let mut profile = Vec::new();
            let mut payoffs = Vec::new();
            for p in pair.into_inner() {
                match p.as_rule() {
                    Rule::name => profile.push(name(p, offset)),
                    Rule::payoff => {
                        if let Some(inner) = p.into_inner().next() {
                            payoffs.push(if inner.as_rule() == Rule::value {
                                Payoff::Number(num(inner, offset, diags))
                            } else {
                                Payoff::Outcome(name(inner, offset))
                            });
                        }
                    }
                    _ => {}
                }
            }
            GameItem::Row {
                profile,
                payoffs,
                span,
            }
        }
    }
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
}
