//! A pest error as a diagnostic a person can act on: what was found, what was
//! expected (rules named as a user would say them), and help for the usual mistakes.

use pest::Parser as _;

use super::{AllyParser, Rule, error_pos, is_keyword, recover, repair};
use crate::diagnostics::{Diag, codes};
use crate::span::Span;

/// A syntax error as reported, with what recovery needs: the broken statement as
/// repaired (for the names it declares), and whether parsing resumes at the error's
/// line (a statement begun there after a block that was never closed).
pub(super) struct Syntax {
    pub diag: Diag,
    pub repaired: Option<String>,
    pub resume_at_line: bool,
}

/// The diagnostic for `err`, raised parsing `rest`, which starts at byte `offset` of the
/// file `src`.
pub(super) fn syntax_diag(err: &pest::error::Error<Rule>, src: &str, offset: usize) -> Syntax {
    use pest::error::ErrorVariant;
    let rest = &src[offset..];
    let at = error_pos(err);
    let pos = offset + at;
    let found = found_text(rest, at);
    let positives: Vec<Rule> = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let expected = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let mut names: Vec<String> = positives.iter().filter_map(|r| rule_name(*r)).collect();
            names.sort();
            names.dedup();
            names
        }
        ErrorVariant::CustomError { message } => vec![message.clone()],
    };
    if let Some(s) = unclosed(src, offset, at) {
        return s;
    }
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
    let mut repaired = None;
    if let Some(h) = war_words(rest, at) {
        diag = diag.help(h);
    } else if let Some(fix) = repair::suggest(rest, at, &positives) {
        diag = diag.help(fix.help);
        repaired = Some(fix.statement);
    } else if let Some(h) = syntax_help(rest, at, &found) {
        diag = diag.help(h);
    }
    Syntax {
        diag,
        repaired,
        resume_at_line: false,
    }
}

/// A block left open: the input ends inside it, or a line inside it starts a new
/// statement. The error names the line of the `{`.
fn unclosed(src: &str, offset: usize, at: usize) -> Option<Syntax> {
    let rest = &src[offset..];
    let open = recover::open_brace(rest, at)?;
    let line_start = rest[..at].rfind('\n').map_or(0, |i| i + 1);
    let at_end = rest[at..].trim().is_empty();
    let new_statement = rest[line_start..at].trim().is_empty() && {
        let line_end = rest[at..].find('\n').map_or(rest.len(), |i| at + i);
        let word = repair::token_at(rest, at);
        word.kind == repair::Kind::Word
            && match AllyParser::parse(Rule::file, &rest[at..line_end]) {
                Ok(_) => true,
                Err(e) => error_pos(&e) > word.end - at,
            }
    };
    if !at_end && !new_statement {
        return None;
    }
    let brace = offset + open;
    let line = crate::span::line_of(src, brace);
    let mut diag = Diag::error(
        codes::SYNTAX,
        Span::new(brace, brace + 1),
        format!("the `{{` opened on line {line} is never closed"),
    )
    .label("opened here");
    diag = if at_end {
        diag.help("close the block with `}` at its end")
    } else {
        let next = offset + at;
        diag.also(
            Span::new(next, next + repair::token_at(rest, at).end - at),
            "a new statement starts here",
        )
        .help(format!(
            "close the block with `}}` before line {}",
            crate::span::line_of(src, next)
        ))
    };
    Some(Syntax {
        diag,
        repaired: None,
        resume_at_line: new_statement,
    })
}

/// Words for war in a `what if` (`what if Germany attacks France?`): the language has
/// a battle as an event and a question about deterrence.
fn war_words(src: &str, pos: usize) -> Option<String> {
    const WAR: &[&str] = &[
        "attack", "attacks", "invade", "invades", "fights", "strikes",
    ];
    let line_start = src[..pos].rfind('\n').map_or(0, |i| i + 1);
    let line = src[line_start..].lines().next().unwrap_or("");
    let words: Vec<&str> = line
        .trim()
        .trim_end_matches('?')
        .split_whitespace()
        .collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    if lower.len() != 5
        || lower[0] != "what"
        || lower[1] != "if"
        || !WAR.contains(&lower[3].as_str())
    {
        return None;
    }
    let (a, b) = (words[2], words[4]);
    let battle = format!("what if battle {a} defeats {b}?");
    let would = format!("would {a} attack {b}?");
    let parses = |q: &str| AllyParser::parse(Rule::file, q).is_ok();
    (parses(&battle) && parses(&would)).then(|| {
        format!(
            "`what if` takes an event: a battle is `{battle}`; whether {a} would attack \
             (deterrence) is `{would}`"
        )
    })
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
    let game_words = ["players", "strategies", "outcomes", "tree"];
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
            "queries end with `?`, e.g. `who allies with whom?`; `:help queries` in `ally repl` lists them"
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
        Rule::number | Rule::value | Rule::fraction | Rule::amount => "a number",
        Rule::dots => "`..`",
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
        Rule::tolerance | Rule::plus_minus => "`±`",
        Rule::EOI => "end of input",
        Rule::state_attr
        | Rule::attr_power
        | Rule::attr_ideology
        | Rule::attr_offense
        | Rule::attr_at
        | Rule::attr_doctrine => "a state attribute (power, ideology, offense, at, doctrine)",
        Rule::reliability => "`reliability`",
        Rule::neutrality => "`, neutral`",
        Rule::pact_types => "`type`",
        Rule::obligation | Rule::pact_kind => {
            "a type of pact (defense, offense, neutrality, non-aggression, consultation)"
        }
        Rule::payoff => "a payoff",
        Rule::game_tree => "`tree`",
        Rule::tree_chance | Rule::tree_player | Rule::tree_leaf => {
            "a tree node (`Player { Action -> … }`, `chance { Name p -> … }` or payoffs)"
        }
        Rule::tree_move => "a move (`Action -> …`)",
        Rule::chance_move => "a chance move (`Name probability -> …`)",
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
        | Rule::leave_decl
        | Rule::power_decl
        | Rule::proximity_default_decl => "a statement",
        Rule::expect_with
        | Rule::expect_against
        | Rule::expect_indifferent
        | Rule::expect_neutral
        | Rule::expect_threat
        | Rule::expect_equilibria
        | Rule::expect_equilibrium
        | Rule::expect_payoff_dominant
        | Rule::expect_risk_dominant
        | Rule::expect_stable
        | Rule::expect_price
        | Rule::expect_deterred
        | Rule::expect_not_deterred
        | Rule::expect_switches
        | Rule::expect_nobody_switches
        | Rule::expect_balance_even
        | Rule::expect_balance_overwhelming
        | Rule::expect_value
        | Rule::expect_subgame_perfect
        | Rule::expect_subgame_count
        | Rule::expect_path => {
            "an expectation (`X with Y`, `X against Y`, `X indifferent`, `biggest threat to X is Y`, `equilibria of G = N`, `balance fairly even`, …)"
        }
        Rule::model_term => "a model",
        _ => return None,
    };
    Some(s.to_string())
}
