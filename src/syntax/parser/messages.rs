//! A pest error as a diagnostic a person can act on: what was found, what was
//! expected (rules named as a user would say them), and help for the usual mistakes.

use super::{Rule, error_pos, is_keyword};
use crate::diagnostics::{Diag, codes};
use crate::span::Span;

pub(super) fn syntax_diag(err: &pest::error::Error<Rule>, rest: &str, pos: usize) -> Diag {
    use pest::error::ErrorVariant;
    let found = found_text(rest, error_pos(err));
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
    if let Some(h) = syntax_help(rest, error_pos(err), &found) {
        diag = diag.help(h);
    }
    diag
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
        Rule::pact_types => "`type`",
        Rule::obligation | Rule::pact_kind => {
            "a type of pact (defense, offense, neutrality, non-aggression, consultation)"
        }
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
        | Rule::leave_decl
        | Rule::power_decl
        | Rule::proximity_default_decl => "a statement",
        Rule::expect_with
        | Rule::expect_against
        | Rule::expect_indifferent
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
        | Rule::expect_value => {
            "an expectation (`X with Y`, `X against Y`, `X indifferent`, `biggest threat to X is Y`, `equilibria of G = N`, `balance fairly even`, …)"
        }
        Rule::model_term => "a model",
        _ => return None,
    };
    Some(s.to_string())
}
