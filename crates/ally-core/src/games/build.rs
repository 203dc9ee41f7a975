//! Checking a `game` block in strategic form, step by step: its players, each player's
//! strategies, its outcomes, the number of profiles, the payoff rows, then that every
//! profile has its row. Each step reports what is wrong with its part (in the order the
//! steps run, which the diagnostics keep) and stops the build when the next step could
//! only report consequences of it.

use std::collections::HashMap;

use super::{Game, Outcomes, PayoffKind, Q, read_outcomes, read_players};
use crate::diagnostics::{Diag, codes, did_you_mean};
use crate::span::Span;
use crate::syntax::ast::{GameDecl, GameItem, Name, Payoff};

/// One payoff row as checked: payoffs, outcome names, where it was written.
type Row = (Vec<Q>, Vec<Option<String>>, Span);

/// The game a block describes, or `None` after reporting in `diags` why not.
pub(super) fn game(g: &GameDecl, diags: &mut Vec<Diag>) -> Option<Game> {
    let players = read_players(g, diags)?;
    let strategies = read_strategies(g, &players, diags);
    let outcomes = read_outcomes(g, diags);
    if strategies.iter().any(Vec::is_empty) {
        return None;
    }
    let total = profile_count(g, &strategies, diags)?;
    let rows = read_rows(g, &players, &strategies, &outcomes, diags)?;
    if rows.len() < total {
        missing_rows(g, &strategies, &rows, total, diags);
        return None;
    }
    let mut payoffs = vec![Vec::new(); total];
    let mut names = vec![Vec::new(); total];
    for (index, (qs, row_names, _)) in rows {
        payoffs[index] = qs;
        names[index] = row_names;
    }
    // Outcome values declared but never used: the rows are numbers.
    let mut kind = outcomes.kind;
    if kind == PayoffKind::Values && !names.iter().flatten().any(Option::is_some) {
        kind = PayoffKind::Numbers;
    }
    Some(Game {
        name: g.name.text.clone(),
        players: players.iter().map(|p| p.text.clone()).collect(),
        strategies,
        payoffs,
        outcomes: names,
        kind,
    })
}

/// Each player's strategies, its own list or the shared one; an empty list (reported)
/// for a player without any.
fn read_strategies(g: &GameDecl, players: &[&Name], diags: &mut Vec<Diag>) -> Vec<Vec<String>> {
    let n = players.len();
    let mut shared: Option<Vec<String>> = None;
    let mut own: Vec<Option<Vec<String>>> = vec![None; n];
    for item in &g.items {
        let GameItem::Strategies {
            player,
            strategies,
            span,
        } = item
        else {
            continue;
        };
        let list = strategy_list(strategies, diags);
        match player {
            None => {
                if shared.is_some() {
                    diags.push(
                        Diag::error(
                            codes::BAD_GAME,
                            *span,
                            "the shared strategies are listed twice",
                        )
                        .label("a second `strategies` line")
                        .help("write `strategies PLAYER: …` to give one player its own strategies"),
                    );
                } else {
                    shared = Some(list);
                }
            }
            Some(p) => match players.iter().position(|x| x.text == p.text) {
                None => {
                    let help = did_you_mean(&p.text, players.iter().map(|x| x.text.as_str()));
                    diags.push(
                        Diag::error(
                            codes::BAD_GAME,
                            p.span,
                            format!("`{}` is not a player of this game", p.text),
                        )
                        .label("unknown player")
                        .maybe_help(help),
                    );
                }
                Some(i) if own[i].is_some() => diags.push(
                    Diag::error(
                        codes::BAD_GAME,
                        *span,
                        format!("the strategies of `{}` are listed twice", p.text),
                    )
                    .label("a second list for this player"),
                ),
                Some(i) => own[i] = Some(list),
            },
        }
    }
    let mut strategies: Vec<Vec<String>> = Vec::with_capacity(n);
    for (i, p) in players.iter().enumerate() {
        match own[i].clone().or_else(|| shared.clone()) {
            Some(list) if !list.is_empty() => strategies.push(list),
            _ => {
                diags.push(
                    Diag::error(
                        codes::BAD_GAME,
                        p.span,
                        format!("player `{}` has no strategies", p.text),
                    )
                    .label("no strategies")
                    .help(format!(
                        "add `strategies {}: …` or a shared `strategies …` line",
                        p.text
                    )),
                );
                strategies.push(Vec::new());
            }
        }
    }
    strategies
}

/// One `strategies` line's names, each once (a repeat reported).
fn strategy_list(strategies: &[Name], diags: &mut Vec<Diag>) -> Vec<String> {
    let mut list: Vec<String> = Vec::new();
    for s in strategies {
        if list.contains(&s.text) {
            diags.push(
                Diag::error(
                    codes::DUPLICATE,
                    s.span,
                    format!("strategy `{}` is listed twice", s.text),
                )
                .label("listed again here"),
            );
        } else {
            list.push(s.text.clone());
        }
    }
    list
}

/// The number of strategy profiles (one row each); `None`, reported, when it overflows.
fn profile_count(g: &GameDecl, strategies: &[Vec<String>], diags: &mut Vec<Diag>) -> Option<usize> {
    let mut total: usize = 1;
    for list in strategies {
        match total.checked_mul(list.len()) {
            Some(t) => total = t,
            None => {
                diags.push(
                    Diag::error(
                        codes::TOO_LARGE,
                        g.name.span,
                        "this game has too many strategy profiles",
                    )
                    .label("too large")
                    .help("a game needs one payoff row per profile; use fewer strategies"),
                );
                return None;
            }
        }
    }
    Some(total)
}

/// The payoff rows by profile index; `None` when any row is wrong (each mistake
/// reported, every row read).
fn read_rows(
    g: &GameDecl,
    players: &[&Name],
    strategies: &[Vec<String>],
    outcomes: &Outcomes,
    diags: &mut Vec<Diag>,
) -> Option<HashMap<usize, Row>> {
    let mut rows: HashMap<usize, Row> = HashMap::new();
    let mut row_errors = false;
    for item in &g.items {
        let GameItem::Row {
            profile,
            payoffs,
            span,
        } = item
        else {
            continue;
        };
        if !row_lengths(profile, payoffs, players.len(), *span, diags) {
            row_errors = true;
            continue;
        }
        let Some((index, qs, names)) = row(profile, payoffs, players, strategies, outcomes, diags)
        else {
            row_errors = true;
            continue;
        };
        if let Some((_, _, first)) = rows.get(&index) {
            let text: Vec<&str> = profile.iter().map(|x| x.text.as_str()).collect();
            diags.push(
                Diag::error(
                    codes::GAME_PROFILE,
                    *span,
                    format!("the profile ({}) is given twice", text.join(", ")),
                )
                .label("given again here")
                .also(*first, "first given here")
                .help("give each profile's payoffs once"),
            );
            continue;
        }
        rows.insert(index, (qs, names, *span));
    }
    (!row_errors).then_some(rows)
}

/// Whether a row names one strategy and one payoff per player (each mismatch reported).
fn row_lengths(
    profile: &[Name],
    payoffs: &[Payoff],
    n: usize,
    span: Span,
    diags: &mut Vec<Diag>,
) -> bool {
    if profile.len() != n {
        diags.push(
            Diag::error(
                codes::BAD_GAME,
                span,
                format!(
                    "this row names {} strategies but the game has {} players",
                    profile.len(),
                    n
                ),
            )
            .label("wrong number of strategies")
            .help("write one strategy per player, in the order of the `players` line"),
        );
    }
    if payoffs.len() != n {
        diags.push(
            Diag::error(
                codes::BAD_GAME,
                span,
                format!(
                    "payoff row has {} values but the game has {} players",
                    payoffs.len(),
                    n
                ),
            )
            .label("wrong number of payoffs")
            .help("write one payoff per player after `->`"),
        );
    }
    profile.len() == n && payoffs.len() == n
}

/// A row of the right length read: its profile's index, payoffs and outcome names;
/// `None` when a strategy or a payoff is wrong (every one of them reported).
fn row(
    profile: &[Name],
    payoffs: &[Payoff],
    players: &[&Name],
    strategies: &[Vec<String>],
    outcomes: &Outcomes,
    diags: &mut Vec<Diag>,
) -> Option<(usize, Vec<Q>, Vec<Option<String>>)> {
    let n = players.len();
    let mut index = 0;
    let mut ok = true;
    for (p, s) in profile.iter().enumerate() {
        match strategies[p].iter().position(|x| *x == s.text) {
            Some(i) => index = index * strategies[p].len() + i,
            None => {
                let help = did_you_mean(&s.text, strategies[p].iter().map(String::as_str))
                    .unwrap_or_else(|| strategies_help(&players[p].text, &strategies[p]));
                diags.push(
                    Diag::error(
                        codes::UNKNOWN_STRATEGY,
                        s.span,
                        format!("`{}` is not a strategy of `{}`", s.text, players[p].text),
                    )
                    .label(format!("unknown strategy of `{}`", players[p].text))
                    .help(help),
                );
                ok = false;
            }
        }
    }
    let mut qs = Vec::with_capacity(n);
    let mut names = Vec::with_capacity(n);
    for pay in payoffs {
        match outcomes.payoff(pay, diags) {
            Some((q, name)) => {
                qs.push(q);
                names.push(name);
            }
            None => ok = false,
        }
    }
    ok.then_some((index, qs, names))
}

fn strategies_help(player: &str, list: &[String]) -> String {
    format!("`{player}` can play {}", list.join(", "))
}

/// Reports the profiles no row gives (the first four of them, and how many more).
fn missing_rows(
    g: &GameDecl,
    strategies: &[Vec<String>],
    rows: &HashMap<usize, Row>,
    total: usize,
    diags: &mut Vec<Diag>,
) {
    let n = strategies.len();
    let missing = total - rows.len();
    let mut shown = Vec::new();
    let mut i = 0;
    while shown.len() < 4 && i < total {
        if !rows.contains_key(&i) {
            let mut rest = i;
            let mut prof = vec![0; n];
            for p in (0..n).rev() {
                prof[p] = rest % strategies[p].len();
                rest /= strategies[p].len();
            }
            let names: Vec<&str> = prof
                .iter()
                .enumerate()
                .map(|(p, &s)| strategies[p][s].as_str())
                .collect();
            shown.push(format!("({})", names.join(", ")));
        }
        i += 1;
    }
    let more = if missing > shown.len() {
        format!(" and {} more", missing - shown.len())
    } else {
        String::new()
    };
    diags.push(
        Diag::error(
            codes::GAME_PROFILE,
            g.name.span,
            format!(
                "game `{}` has no payoffs for {}{more}",
                g.name.text,
                shown.join(", ")
            ),
        )
        .label(if missing == 1 {
            "a profile is missing".to_string()
        } else {
            format!("{missing} profiles are missing")
        })
        .help(format!(
            "write one row per profile ({total} in all), e.g. `{} -> …`",
            shown
                .first()
                .map(|s| s.trim_matches(['(', ')']).to_string())
                .unwrap_or_default()
        )),
    );
}
