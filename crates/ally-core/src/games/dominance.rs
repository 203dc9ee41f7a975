//! The answers to `dominant strategies of G?` (dominance and iterated elimination) and
//! `best responses of G?`, as plain data; re-exported by [`super::report`].

use std::cmp::Ordering;

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::{Game, Q, fraction, nash};

// ------------------------------------------------------------------ dominance

#[derive(Clone, Debug, Serialize)]
pub struct Dominated {
    pub strategy: String,
    pub by: String,
    /// Strictly (worse against every opponent profile) or only weakly.
    pub strictly: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct PlayerDominance {
    pub player: String,
    /// Better than every other strategy against every opponent profile.
    pub strictly_dominant: Option<String>,
    /// Never worse than any other strategy and better than each somewhere.
    pub weakly_dominant: Option<String>,
    pub dominated: Vec<Dominated>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Elimination {
    pub round: usize,
    pub player: String,
    pub strategy: String,
    pub by: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Dominance {
    pub game: String,
    pub players: Vec<PlayerDominance>,
    /// Iterated elimination of strictly dominated strategies, step by step.
    pub elimination: Vec<Elimination>,
    /// Player → the strategies that survive it.
    pub survivors: Map<String, Value>,
    /// The profile left when one strategy survives for every player.
    pub solution: Option<String>,
    pub note: String,
}

/// For `player`, the index of every profile in which it plays its first strategy and
/// every other player a strategy still alive, and the stride between its strategies:
/// profile `base + s · stride` is `player` playing `s` against that opponent profile.
/// Listing the opponents' profiles once, instead of walking every profile of the game
/// for every pair of strategies, makes dominance `O(k² · m)` for `k` strategies against
/// `m` opponent profiles (a 2 × 1000 game took 43 s before).
fn opponent_bases(g: &Game, player: usize, alive: &[Vec<bool>]) -> (Vec<usize>, usize) {
    let stride: usize = g.strategies[player + 1..].iter().map(Vec::len).product();
    let mut bases = vec![0usize];
    let mut scale = 1usize;
    for q in (0..g.n_players()).rev() {
        let k = g.strategies[q].len();
        if q != player {
            bases = bases
                .iter()
                .flat_map(|&b| (0..k).filter(|&s| alive[q][s]).map(move |s| b + s * scale))
                .collect();
        }
        scale *= k;
    }
    (bases, stride)
}

/// Compares `s` with `t` for `player` over the opponent profiles in `bases`:
/// `Some(true)` strict domination, `Some(false)` weak, `None` neither.
fn dominates(
    g: &Game,
    player: usize,
    s: usize,
    t: usize,
    opp: &(Vec<usize>, usize),
) -> Option<bool> {
    let (bases, stride) = opp;
    if bases.is_empty() {
        return None;
    }
    let mut strict = true;
    let mut some_better = false;
    for &b in bases {
        let us = &g.payoffs[b + s * stride][player];
        let ut = &g.payoffs[b + t * stride][player];
        match us.cmp(ut) {
            Ordering::Less => return None,
            Ordering::Equal => strict = false,
            Ordering::Greater => some_better = true,
        }
    }
    if strict {
        Some(true)
    } else if some_better {
        Some(false)
    } else {
        None
    }
}

pub fn dominance(g: &Game) -> Dominance {
    let all: Vec<Vec<bool>> = g.strategies.iter().map(|s| vec![true; s.len()]).collect();
    let mut players = Vec::new();
    for p in 0..g.n_players() {
        let k = g.strategies[p].len();
        let opp = opponent_bases(g, p, &all);
        let mut strictly_dominant = None;
        let mut weakly_dominant = None;
        for s in 0..k {
            let rel: Vec<Option<bool>> = (0..k)
                .filter(|&t| t != s)
                .map(|t| dominates(g, p, s, t, &opp))
                .collect();
            if rel.iter().all(|r| *r == Some(true)) {
                strictly_dominant = Some(g.strategies[p][s].clone());
            }
            if rel.iter().all(Option::is_some) && weakly_dominant.is_none() {
                weakly_dominant = Some(g.strategies[p][s].clone());
            }
        }
        let mut dominated = Vec::new();
        for t in 0..k {
            let mut found: Option<(usize, bool)> = None;
            for s in (0..k).filter(|&s| s != t) {
                match dominates(g, p, s, t, &opp) {
                    Some(true) => {
                        found = Some((s, true));
                        break;
                    }
                    Some(false) if found.is_none() => found = Some((s, false)),
                    _ => {}
                }
            }
            if let Some((s, strictly)) = found {
                dominated.push(Dominated {
                    strategy: g.strategies[p][t].clone(),
                    by: g.strategies[p][s].clone(),
                    strictly,
                });
            }
        }
        players.push(PlayerDominance {
            player: g.players[p].clone(),
            strictly_dominant,
            weakly_dominant,
            dominated,
        });
    }
    // Iterated elimination: each round removes, simultaneously, every strategy strictly
    // dominated by a surviving pure strategy against the surviving opponents.
    let mut alive = all.clone();
    let mut elimination = Vec::new();
    let mut round = 0;
    loop {
        round += 1;
        let mut out: Vec<(usize, usize, usize)> = Vec::new();
        for p in 0..g.n_players() {
            let opp = opponent_bases(g, p, &alive);
            for t in 0..g.strategies[p].len() {
                if !alive[p][t] {
                    continue;
                }
                let by = (0..g.strategies[p].len())
                    .find(|&s| s != t && alive[p][s] && dominates(g, p, s, t, &opp) == Some(true));
                if let Some(s) = by {
                    out.push((p, t, s));
                }
            }
        }
        if out.is_empty() {
            break;
        }
        for (p, t, s) in out {
            alive[p][t] = false;
            elimination.push(Elimination {
                round,
                player: g.players[p].clone(),
                strategy: g.strategies[p][t].clone(),
                by: g.strategies[p][s].clone(),
            });
        }
    }
    let mut survivors = Map::new();
    let mut single = Vec::new();
    for ((player, list), live) in g.players.iter().zip(&g.strategies).zip(&alive) {
        let left: Vec<String> = list
            .iter()
            .zip(live)
            .filter(|(_, a)| **a)
            .map(|(s, _)| s.clone())
            .collect();
        if left.len() == 1 {
            single.push(left[0].clone());
        }
        survivors.insert(player.clone(), json!(left));
    }
    let solution = (single.len() == g.n_players()).then(|| format!("({})", single.join(", ")));
    Dominance {
        game: g.name.clone(),
        players,
        elimination,
        survivors,
        solution,
        note: "domination by pure strategies only: a strategy dominated only by a mixture of others is kept".into(),
    }
}

// ------------------------------------------------------------------ best responses

#[derive(Clone, Debug, Serialize)]
pub struct Response {
    /// The other players' strategies, in words (`Jack Stag`).
    pub against: String,
    pub best: Vec<String>,
    /// The payoff of a best response (for ranked outcomes: the rank).
    pub payoff: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct PlayerResponses {
    pub player: String,
    pub responses: Vec<Response>,
}

#[derive(Clone, Debug, Serialize)]
pub struct BestResponses {
    pub game: String,
    pub players: Vec<PlayerResponses>,
    /// Profiles where every strategy is a best response to the others: the pure
    /// equilibria.
    pub mutual: Vec<String>,
}

pub fn best_responses(g: &Game) -> BestResponses {
    let mut players = Vec::new();
    for p in 0..g.n_players() {
        let mut responses = Vec::new();
        for prof in g.profiles().filter(|x| x[p] == 0) {
            let mut best: Vec<usize> = Vec::new();
            let mut top: Option<Q> = None;
            let mut dev = prof.clone();
            for s in 0..g.strategies[p].len() {
                dev[p] = s;
                let u = g.payoff(&dev, p).clone();
                match top.as_ref().map(|t| u.cmp(t)) {
                    None | Some(Ordering::Greater) => {
                        top = Some(u);
                        best = vec![s];
                    }
                    Some(Ordering::Equal) => best.push(s),
                    Some(Ordering::Less) => {}
                }
            }
            let against: Vec<String> = (0..g.n_players())
                .filter(|&q| q != p)
                .map(|q| format!("{} {}", g.players[q], g.strategies[q][prof[q]]))
                .collect();
            responses.push(Response {
                against: against.join(", "),
                best: best.iter().map(|&s| g.strategies[p][s].clone()).collect(),
                payoff: top.map(|t| fraction(&t)).unwrap_or_default(),
            });
        }
        players.push(PlayerResponses {
            player: g.players[p].clone(),
            responses,
        });
    }
    BestResponses {
        game: g.name.clone(),
        players,
        mutual: nash::pure_equilibria(g)
            .iter()
            .map(|p| g.profile_text(p))
            .collect(),
    }
}
