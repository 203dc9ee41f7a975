//! Normal-form games and their equilibria (SPEC §1.3).
//!
//! * [`build`] turns a parsed `game NAME { … }` block into a checked [`Game`] (every
//!   profile given once, every payoff exact) or the diagnostics that say what is wrong.
//! * [`nash`] finds equilibria: every pure equilibrium for any number of players, and for
//!   two players every extreme Nash equilibrium (all of them in a non-degenerate game) by
//!   enumerating the vertices of the two best-response polytopes in exact arithmetic.
//! * [`report`] answers the three queries (`equilibria of G?`, `dominant strategies of
//!   G?`, `best responses of G?`) as plain `Serialize` data.
//!
//! * [`tree`], [`reduced`], [`subgame`] and [`extensive`]: games in extensive form (a
//!   `tree` in the block), their reduced strategic form, subgame-perfect and Nash
//!   equilibria, and the answers about them.
//!
//! Payoffs are exact rationals ([`Q`]). A game whose outcomes are only ranked
//! (`outcomes a > b = c > d`) is *ordinal*: its payoffs are the ranks (0 for the worst
//! tier), which settle pure equilibria, dominance, best responses and payoff dominance,
//! but not mixed equilibria or risk dominance.

mod build;
pub mod dominance;
pub mod extensive;
pub mod nash;
pub mod reduced;
pub mod report;
mod ring;
pub mod subgame;
pub mod tree;

use std::collections::HashMap;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::ToPrimitive;

use crate::diagnostics::{Diag, codes, did_you_mean};
use crate::syntax::ast::{GameDecl, GameItem, Name, Num, Payoff};

pub use report::{BestResponses, Dominance, Equilibria};

/// Exact payoffs and probabilities.
pub type Q = BigRational;

/// How the payoffs were written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayoffKind {
    /// Numbers in the rows.
    Numbers,
    /// Outcome names with values (`outcomes eat_stag = 4, …`), maybe mixed with numbers.
    Values,
    /// Outcome names ranked (`outcomes best > … > worst`): ordinal payoffs.
    Ranking,
}

impl PayoffKind {
    pub fn describe(self) -> &'static str {
        match self {
            PayoffKind::Numbers => "numbers",
            PayoffKind::Values => "outcome values",
            PayoffKind::Ranking => "outcome ranking",
        }
    }
}

/// A checked finite normal-form game.
#[derive(Clone, Debug)]
pub struct Game {
    pub name: String,
    pub players: Vec<String>,
    /// Each player's strategies, in the order written.
    pub strategies: Vec<Vec<String>>,
    /// `payoffs[profile][player]`; a profile's index is mixed-radix with the first
    /// player most significant (see [`Game::index`]).
    pub payoffs: Vec<Vec<Q>>,
    /// The outcome each player gets in each profile, when written as an outcome name.
    pub outcomes: Vec<Vec<Option<String>>>,
    pub kind: PayoffKind,
}

impl Game {
    pub fn ordinal(&self) -> bool {
        self.kind == PayoffKind::Ranking
    }

    pub fn n_players(&self) -> usize {
        self.players.len()
    }

    pub fn n_profiles(&self) -> usize {
        self.payoffs.len()
    }

    /// The index of a profile (one strategy index per player).
    pub fn index(&self, profile: &[usize]) -> usize {
        profile
            .iter()
            .zip(&self.strategies)
            .fold(0, |acc, (&s, list)| acc * list.len() + s)
    }

    /// The profile of an index (inverse of [`Game::index`]).
    pub fn profile(&self, mut index: usize) -> Vec<usize> {
        let mut out = vec![0; self.players.len()];
        for p in (0..self.players.len()).rev() {
            let k = self.strategies[p].len().max(1);
            out[p] = index % k;
            index /= k;
        }
        out
    }

    pub fn payoff(&self, profile: &[usize], player: usize) -> &Q {
        &self.payoffs[self.index(profile)][player]
    }

    /// `(Stag, Rabbit)`: a pure profile in words.
    pub fn profile_text(&self, profile: &[usize]) -> String {
        let names: Vec<&str> = profile
            .iter()
            .enumerate()
            .map(|(p, &s)| self.strategies[p][s].as_str())
            .collect();
        format!("({})", names.join(", "))
    }

    /// Every profile, in index order.
    pub fn profiles(&self) -> impl Iterator<Item = Vec<usize>> + '_ {
        (0..self.n_profiles()).map(|i| self.profile(i))
    }
}

/// The exact rational a number literal says (`1e-3` is 1/1000); `None` when the literal
/// is too long to keep exact, which the game refuses with `ally::bad_number`.
pub fn rational(n: &Num) -> Option<Q> {
    n.exact.clone()
}

/// `3/4`, `-2`, `0`: a rational as people write it.
pub fn fraction(q: &Q) -> String {
    if q.denom() == &BigInt::from(1) {
        q.numer().to_string()
    } else {
        format!("{}/{}", q.numer(), q.denom())
    }
}

/// A rational as the nearest `f64` (for JSON numbers).
pub fn float(q: &Q) -> f64 {
    let v = q.to_f64().unwrap_or(0.0);
    if v == 0.0 { 0.0 } else { v }
}

/// Checks a `game` block and builds the [`Game`]. Every mistake is reported; the game is
/// returned only when there are none.
pub fn build(g: &GameDecl) -> (Option<Game>, Vec<Diag>) {
    let mut diags = Vec::new();
    let game = build::game(g, &mut diags);
    if diags.is_empty() {
        (game, diags)
    } else {
        (None, diags)
    }
}

/// The players of a game block, each once; `None` (reported) with fewer than two.
pub(crate) fn read_players<'g>(g: &'g GameDecl, diags: &mut Vec<Diag>) -> Option<Vec<&'g Name>> {
    let mut players: Vec<&Name> = Vec::new();
    let mut players_lines = 0;
    for item in &g.items {
        if let GameItem::Players(list) = item {
            players_lines += 1;
            if players_lines > 1 {
                if let Some(first) = list.first() {
                    diags.push(
                        Diag::error(
                            codes::BAD_GAME,
                            first.span,
                            "the players of a game are listed twice",
                        )
                        .label("a second `players` line")
                        .help("list every player on one `players` line"),
                    );
                }
                continue;
            }
            for p in list {
                if let Some(prev) = players.iter().find(|x| x.text == p.text) {
                    diags.push(
                        Diag::error(
                            codes::DUPLICATE,
                            p.span,
                            format!("player `{}` is listed twice", p.text),
                        )
                        .label("listed again here")
                        .also(prev.span, "first listed here"),
                    );
                } else {
                    players.push(p);
                }
            }
        }
    }
    if players.len() < 2 {
        diags.push(
            Diag::error(
                codes::BAD_GAME,
                g.name.span,
                format!("game `{}` needs at least two players", g.name.text),
            )
            .label("fewer than two players")
            .help("add a line `players Alice, Jack`"),
        );
        return None;
    }
    Some(players)
}

/// The outcomes a game block declares: how payoffs are written, and the value (or
/// rank) of each outcome name.
pub(crate) struct Outcomes {
    pub kind: PayoffKind,
    values: HashMap<String, Q>,
    declared: Vec<String>,
}

/// Reads the block's `outcomes` line (one at most, reported otherwise).
pub(crate) fn read_outcomes(g: &GameDecl, diags: &mut Vec<Diag>) -> Outcomes {
    let mut kind = PayoffKind::Numbers;
    let mut values: HashMap<String, Q> = HashMap::new();
    let mut declared: Vec<String> = Vec::new();
    let mut outcomes_seen = false;
    for item in &g.items {
        let (names, ranked): (Vec<(&Name, Option<Q>)>, bool) = match item {
            GameItem::OutcomeValues(list) => {
                let mut out = Vec::new();
                for (name, v) in list {
                    match rational(v) {
                        Some(q) => out.push((name, Some(q))),
                        None => diags.push(
                            Diag::error(
                                codes::BAD_NUMBER,
                                v.span,
                                "this value cannot be kept exact",
                            )
                            .label(format!(
                                "more than {} digits",
                                crate::syntax::literal::MAX_EXACT_DIGITS
                            ))
                            .help(
                                "payoffs are exact rationals: write a shorter number or a fraction",
                            ),
                        ),
                    }
                }
                (out, false)
            }
            GameItem::OutcomeRanking(tiers) => {
                let worst = tiers.len().saturating_sub(1);
                let mut out = Vec::new();
                for (t, tier) in tiers.iter().enumerate() {
                    for name in tier {
                        out.push((name, Some(Q::from_integer(BigInt::from(worst - t)))));
                    }
                }
                (out, true)
            }
            _ => continue,
        };
        if outcomes_seen {
            let span = names.first().map(|(n, _)| n.span).unwrap_or(g.name.span);
            diags.push(
                Diag::error(
                    codes::BAD_GAME,
                    span,
                    "the outcomes of a game are declared twice",
                )
                .label("a second `outcomes` line")
                .help("declare every outcome on one `outcomes` line"),
            );
            continue;
        }
        outcomes_seen = true;
        kind = if ranked {
            PayoffKind::Ranking
        } else {
            PayoffKind::Values
        };
        for (name, v) in names {
            if declared.contains(&name.text) {
                diags.push(
                    Diag::error(
                        codes::DUPLICATE,
                        name.span,
                        format!("outcome `{}` is declared twice", name.text),
                    )
                    .label("declared again here"),
                );
                continue;
            }
            declared.push(name.text.clone());
            if let Some(v) = v {
                values.insert(name.text.clone(), v);
            }
        }
    }
    Outcomes {
        kind,
        values,
        declared,
    }
}

impl Outcomes {
    /// One payoff as written: its exact value and, for an outcome name, the name.
    /// `None` after reporting what is wrong with it.
    pub(crate) fn payoff(
        &self,
        pay: &Payoff,
        diags: &mut Vec<Diag>,
    ) -> Option<(Q, Option<String>)> {
        let (kind, values, declared) = (self.kind, &self.values, &self.declared);
        match pay {
            Payoff::Number(num) => {
                if kind == PayoffKind::Ranking {
                    diags.push(
                        Diag::error(
                            codes::BAD_GAME,
                            num.span,
                            "a number in a game whose outcomes are only ranked",
                        )
                        .label("a number among ranked outcomes")
                        .help("write an outcome name here, or give the outcomes values: `outcomes a = 4, b = 3`"),
                    );
                    return None;
                }
                match rational(num) {
                    Some(q) => Some((q, None)),
                    None => {
                        diags.push(
                            Diag::error(
                                codes::BAD_NUMBER,
                                num.span,
                                "this payoff cannot be kept exact",
                            )
                            .label(format!(
                                "more than {} digits",
                                crate::syntax::literal::MAX_EXACT_DIGITS
                            ))
                            .help(
                                "payoffs are exact rationals: write a shorter number or a fraction",
                            ),
                        );
                        None
                    }
                }
            }
            Payoff::Outcome(name) => match values.get(&name.text) {
                Some(q) => Some((q.clone(), Some(name.text.clone()))),
                None => {
                    let help = if declared.is_empty() {
                        "declare the outcomes first: `outcomes eat_stag = 4, go_hungry = 0` (values) or `outcomes eat_stag > go_hungry` (a ranking)".to_string()
                    } else {
                        did_you_mean(&name.text, declared.iter().map(String::as_str))
                            .unwrap_or_else(|| format!("the outcomes are {}", declared.join(", ")))
                    };
                    diags.push(
                        Diag::error(
                            codes::UNKNOWN_OUTCOME,
                            name.span,
                            format!("`{}` is not a declared outcome", name.text),
                        )
                        .label("unknown outcome")
                        .help(help),
                    );
                    None
                }
            },
        }
    }
}
