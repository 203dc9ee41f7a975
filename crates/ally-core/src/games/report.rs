//! The answers to `equilibria of G?`, `dominant strategies of G?` and `best responses of
//! G?`, as plain data (SPEC §3 for the JSON fields); `render::text` prints them.

use std::cmp::Ordering;

use num_traits::{One, Zero};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value, json};

use super::nash::{self, Mixed, Sparse, TooLarge};
use super::{Game, Q, float, fraction};

pub use super::dominance::{
    BestResponses, Dominance, Dominated, Elimination, PlayerDominance, PlayerResponses, Response,
    best_responses, dominance,
};

/// Risk dominance of one equilibrium: only 2 × 2 games carry the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Risk {
    /// Not a 2 × 2 game: the field is left out.
    NotApplicable,
    /// Ordinal payoffs: a ranking does not settle it (`null`).
    Undetermined,
    Value(bool),
}

impl Risk {
    pub fn is_not_applicable(&self) -> bool {
        *self == Risk::NotApplicable
    }
}

impl Serialize for Risk {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Risk::Value(b) => s.serialize_bool(*b),
            _ => s.serialize_none(),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Equilibrium {
    /// `(Stag, Stag)`, or for a mixed one `(Stag 3/4 + Rabbit 1/4, …)`.
    pub label: String,
    /// Player → strategy → probability (strategies played with probability 0 left out).
    pub strategies: Map<String, Value>,
    /// The same probabilities as exact fractions (`"3/4"`).
    pub probabilities: Map<String, Value>,
    /// Player → expected payoff (for ranked outcomes: the rank, 0 = the worst tier).
    pub payoffs: Map<String, Value>,
    /// The same payoffs as exact fractions.
    pub payoffs_exact: Map<String, Value>,
    /// Player → the outcome they get, for a pure equilibrium written with outcome names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcomes: Option<Map<String, Value>>,
    pub pure: bool,
    /// For a pure equilibrium: whether every deviation strictly loses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strict: Option<bool>,
    pub payoff_dominant: bool,
    /// The pure profiles that give every player at least as much and someone more
    /// (the Prisoner's Dilemma's lesson), those no profile improves on in turn; at most
    /// [`MAX_PARETO_LISTED`], in profile order.
    pub pareto_dominated_by: Vec<String>,
    #[serde(skip_serializing_if = "Risk::is_not_applicable")]
    pub risk_dominant: Risk,
    #[serde(skip)]
    pub payoff_vector: Vec<Q>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Equilibria {
    pub game: String,
    pub players: Vec<String>,
    /// `numbers`, `outcome values` or `outcome ranking`.
    pub payoffs_are: &'static str,
    /// Whether mixed equilibria were searched (two players, cardinal payoffs).
    pub mixed_searched: bool,
    /// Whether the game is degenerate; `null` when only pure equilibria were sought.
    pub degenerate: Option<bool>,
    /// Whether every equilibrium of the game is in the list individually.
    pub complete: bool,
    pub equilibria: Vec<Equilibrium>,
    /// Which equilibrium is payoff dominant, and why, in words.
    pub payoff_dominance: String,
    /// For 2 × 2 games: which is risk dominant and why, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_dominance: Option<String>,
    /// Pairs of equilibria (1-based) joined by a segment of equilibria (degenerate games).
    pub segments: Vec<[usize; 2]>,
    pub notes: Vec<String>,
}

/// Every equilibrium the method settles, with payoff and risk dominance.
pub fn equilibria(g: &Game) -> Result<Equilibria, TooLarge> {
    equilibria_with(g, &crate::cancel::Cancel::never())
}

/// [`equilibria`], stopping with [`TooLarge::Cancelled`] once `cancel` is raised.
pub fn equilibria_with(g: &Game, cancel: &crate::cancel::Cancel) -> Result<Equilibria, TooLarge> {
    let two = g.n_players() == 2;
    let mixed_searched = two && !g.ordinal();
    let mut notes = Vec::new();
    let mut list: Vec<Equilibrium>;
    let mut degenerate = None;
    let mut complete = false;
    let mut segments = Vec::new();
    if mixed_searched {
        let sol = nash::two_player_with(g, cancel)?;
        let mut eqs = sol.equilibria;
        eqs.sort_by(order);
        degenerate = Some(sol.degenerate);
        complete = !sol.degenerate;
        for a in 0..eqs.len() {
            for b in a + 1..eqs.len() {
                if eqs[a].x == eqs[b].x || eqs[a].y == eqs[b].y {
                    segments.push([a + 1, b + 1]);
                }
            }
        }
        list = eqs.iter().map(|e| mixed_entry(g, e)).collect();
        if sol.degenerate {
            notes.push(
                "the game is degenerate: some strategy with k strategies in its support has more than k pure best responses, so equilibria may form continua. Listed are all extreme equilibria (the corners of those sets), each one exact; every other equilibrium is a convex combination of listed ones that are compatible with each other (Winkels 1979), so the list is complete only up to such mixtures".into(),
            );
        } else {
            notes.push(format!(
                "the game is non-degenerate: these are all its equilibria ({}, an odd number, as for every non-degenerate game)",
                list.len()
            ));
        }
    } else {
        list = nash::pure_equilibria(g)
            .iter()
            .map(|p| pure_entry(g, p))
            .collect();
        if g.ordinal() {
            notes.push(
                "the outcomes are only ranked, so mixed equilibria are not determined (they depend on how much better one outcome is than another); listed are all pure equilibria, with payoffs shown as ranks (0 = the worst tier). Give the outcomes values (`outcomes a = 4, b = 3`) to find the mixed ones".into(),
            );
        } else {
            notes.push(format!(
                "with {} players only pure equilibria are computed; all of them are listed. Mixed equilibria (every finite game has at least one, Nash 1951) are not searched",
                g.n_players()
            ));
        }
        if list.is_empty() {
            notes.push("this game has no pure equilibrium".into());
        }
    }
    for q in &mut list {
        q.pareto_dominated_by = pareto_dominators(g, &q.payoff_vector);
    }
    let payoff_dominance = payoff_dominance(g, &mut list, mixed_searched);
    let risk_dominance = risk_dominance(g, &mut list);
    Ok(Equilibria {
        game: g.name.clone(),
        players: g.players.clone(),
        payoffs_are: g.kind.describe(),
        mixed_searched,
        degenerate,
        complete,
        equilibria: list,
        payoff_dominance,
        risk_dominance,
        segments,
        notes,
    })
}

/// Pure equilibria first (in profile order), then mixed ones by support size and by
/// probabilities, largest first.
fn order(a: &Mixed, b: &Mixed) -> Ordering {
    let key = |e: &Mixed| (!e.is_pure(), e.x.len() + e.y.len());
    key(a)
        .cmp(&key(b))
        .then_with(|| dense_cmp(&b.x, &a.x))
        .then_with(|| dense_cmp(&b.y, &a.y))
}

/// Two sparse strategies compared as the dense vectors they stand for (absent = 0).
fn dense_cmp(u: &Sparse, v: &Sparse) -> Ordering {
    let zero = Q::zero();
    let (mut i, mut j) = (0, 0);
    loop {
        let (a, b) = match (u.get(i), v.get(j)) {
            (None, None) => return Ordering::Equal,
            (Some((ka, qa)), Some((kb, qb))) if ka == kb => {
                i += 1;
                j += 1;
                (qa, qb)
            }
            (Some((ka, qa)), Some((kb, _))) if ka < kb => {
                i += 1;
                (qa, &zero)
            }
            (Some(_), Some((_, qb))) | (None, Some((_, qb))) => {
                j += 1;
                (&zero, qb)
            }
            (Some((_, qa)), None) => {
                i += 1;
                (qa, &zero)
            }
        };
        match a.cmp(b) {
            Ordering::Equal => continue,
            o => return o,
        }
    }
}

fn mixed_label(g: &Game, p: usize, v: &Sparse) -> String {
    let parts: Vec<String> = v
        .iter()
        .map(|&(s, ref q)| {
            if q.is_one() {
                g.strategies[p][s].clone()
            } else {
                format!("{} {}", g.strategies[p][s], fraction(q))
            }
        })
        .collect();
    parts.join(" + ")
}

fn entry(
    g: &Game,
    mixes: &[Sparse],
    payoff_vector: Vec<Q>,
    outcomes: Option<Map<String, Value>>,
    strict: Option<bool>,
) -> Equilibrium {
    let mut strategies = Map::new();
    let mut probabilities = Map::new();
    let mut labels = Vec::new();
    for (p, v) in mixes.iter().enumerate() {
        let mut s = Map::new();
        let mut f = Map::new();
        for (k, q) in v {
            s.insert(g.strategies[p][*k].clone(), json!(float(q)));
            f.insert(g.strategies[p][*k].clone(), json!(fraction(q)));
        }
        strategies.insert(g.players[p].clone(), Value::Object(s));
        probabilities.insert(g.players[p].clone(), Value::Object(f));
        labels.push(mixed_label(g, p, v));
    }
    let mut payoffs = Map::new();
    let mut exact = Map::new();
    for (p, q) in payoff_vector.iter().enumerate() {
        payoffs.insert(g.players[p].clone(), json!(float(q)));
        exact.insert(g.players[p].clone(), json!(fraction(q)));
    }
    let pure = mixes.iter().all(|v| v.len() == 1);
    Equilibrium {
        label: format!("({})", labels.join(", ")),
        strategies,
        probabilities,
        payoffs,
        payoffs_exact: exact,
        outcomes,
        pure,
        strict,
        payoff_dominant: false,
        pareto_dominated_by: Vec::new(),
        risk_dominant: if is_2x2(g) {
            if g.ordinal() {
                Risk::Undetermined
            } else {
                Risk::Value(false)
            }
        } else {
            Risk::NotApplicable
        },
        payoff_vector,
    }
}

fn pure_entry(g: &Game, profile: &[usize]) -> Equilibrium {
    let mixes: Vec<Sparse> = profile.iter().map(|&s| vec![(s, Q::one())]).collect();
    let idx = g.index(profile);
    let payoff_vector = g.payoffs[idx].clone();
    let outcomes = if g.outcomes[idx].iter().any(Option::is_some) {
        let mut m = Map::new();
        for (p, o) in g.outcomes[idx].iter().enumerate() {
            if let Some(o) = o {
                m.insert(g.players[p].clone(), json!(o));
            }
        }
        Some(m)
    } else {
        None
    };
    entry(
        g,
        &mixes,
        payoff_vector,
        outcomes,
        Some(nash::is_strict(g, profile)),
    )
}

fn mixed_entry(g: &Game, e: &Mixed) -> Equilibrium {
    if e.is_pure() {
        return pure_entry(g, &[e.x[0].0, e.y[0].0]);
    }
    let payoffs = vec![
        nash::expected(g, 0, &e.x, &e.y),
        nash::expected(g, 1, &e.x, &e.y),
    ];
    entry(g, &[e.x.clone(), e.y.clone()], payoffs, None, None)
}

/// The most profiles `pareto_dominated_by` names.
pub const MAX_PARETO_LISTED: usize = 10;

/// Whether payoffs `a` give every player at least as much as `b`, and someone more.
fn pareto_better(a: &[Q], b: &[Q]) -> bool {
    a.iter().zip(b).all(|(x, y)| x >= y) && a.iter().zip(b).any(|(x, y)| x > y)
}

/// The pure profiles that Pareto-dominate `payoffs` and that no profile Pareto-dominates
/// in turn (each dominated payoff vector has at least one: the dominance is a strict
/// order on a finite set). Whatever dominates a dominator dominates `payoffs` too, so
/// the undominated ones are found among the dominators alone: sorted by their payoffs,
/// largest first, a profile's dominators all come before it.
fn pareto_dominators(g: &Game, payoffs: &[Q]) -> Vec<String> {
    let mut above: Vec<usize> = (0..g.n_profiles())
        .filter(|&i| pareto_better(&g.payoffs[i], payoffs))
        .collect();
    above.sort_by(|&a, &b| g.payoffs[b].cmp(&g.payoffs[a]).then(a.cmp(&b)));
    let mut top: Vec<usize> = Vec::new();
    for i in above {
        if !top
            .iter()
            .any(|&t| pareto_better(&g.payoffs[t], &g.payoffs[i]))
        {
            top.push(i);
        }
    }
    top.sort_unstable();
    top.truncate(MAX_PARETO_LISTED);
    top.into_iter()
        .map(|i| g.profile_text(&g.profile(i)))
        .collect()
}

fn is_2x2(g: &Game) -> bool {
    g.n_players() == 2 && g.strategies[0].len() == 2 && g.strategies[1].len() == 2
}

fn payoff_list(g: &Game, v: &[Q]) -> String {
    let parts: Vec<String> = v
        .iter()
        .enumerate()
        .map(|(p, q)| format!("{} {}", g.players[p], fraction(q)))
        .collect();
    parts.join(", ")
}

/// Marks the payoff-dominant equilibrium, if any, and says why in words.
fn payoff_dominance(g: &Game, list: &mut [Equilibrium], mixed: bool) -> String {
    let among = if mixed {
        "equilibria"
    } else {
        "pure equilibria"
    };
    if list.is_empty() {
        return format!("there are no {among} to compare");
    }
    let ranks = if g.ordinal() {
        " (by the ranking of outcomes)"
    } else {
        ""
    };
    if list.len() == 1 {
        list[0].payoff_dominant = true;
        return format!(
            "{} is the only one of the {among}, so it is payoff dominant trivially",
            list[0].label
        );
    }
    let dominates = |a: &[Q], b: &[Q]| {
        a.iter().zip(b).all(|(x, y)| x >= y) && a.iter().zip(b).any(|(x, y)| x > y)
    };
    let winner = (0..list.len()).find(|&i| {
        (0..list.len()).all(|j| j == i || dominates(&list[i].payoff_vector, &list[j].payoff_vector))
    });
    match winner {
        Some(i) => {
            list[i].payoff_dominant = true;
            format!(
                "{} is payoff dominant{ranks}: it gives {} — every player at least as much as any other of the {among}, and someone more than in each of them",
                list[i].label,
                payoff_list(g, &list[i].payoff_vector)
            )
        }
        None => {
            // Say who prefers what: each player's favourite equilibrium.
            let mut prefs = Vec::new();
            for p in 0..g.n_players() {
                let best = (0..list.len())
                    .max_by(|&a, &b| {
                        list[a].payoff_vector[p]
                            .cmp(&list[b].payoff_vector[p])
                            .then(b.cmp(&a))
                    })
                    .unwrap_or(0);
                prefs.push(format!(
                    "{} does best in {}",
                    g.players[p], list[best].label
                ));
            }
            format!(
                "no equilibrium is payoff dominant{ranks}: none gives every player at least as much as every other ({})",
                prefs.join("; ")
            )
        }
    }
}

/// Harsanyi–Selten risk dominance in a 2 × 2 game with two strict pure equilibria: the
/// one whose deviation losses have the larger product.
fn risk_dominance(g: &Game, list: &mut [Equilibrium]) -> Option<String> {
    if !is_2x2(g) {
        return None;
    }
    if g.ordinal() {
        return Some(
            "risk dominance is not determined by a ranking of outcomes: it weighs how much each player loses by deviating, which needs values (`outcomes a = 4, b = 3`)".into(),
        );
    }
    let strict: Vec<Vec<usize>> = g
        .profiles()
        .filter(|p| nash::is_pure_equilibrium(g, p) && nash::is_strict(g, p))
        .collect();
    if strict.len() != 2 {
        return Some(format!(
            "risk dominance (Harsanyi–Selten) compares two strict pure equilibria; this game has {}",
            if strict.is_empty() {
                "none".to_string()
            } else {
                "one".to_string()
            }
        ));
    }
    let a = |i: usize, j: usize| g.payoffs[i * 2 + j][0].clone();
    let b = |i: usize, j: usize| g.payoffs[i * 2 + j][1].clone();
    // Two strict equilibria of a 2 × 2 game lie on a diagonal: (r, c) and (1−r, 1−c).
    let losses = |p: &[usize]| {
        let (r, c) = (p[0], p[1]);
        let row = (a(r, c), a(1 - r, c));
        let col = (b(r, c), b(r, 1 - c));
        let product = (&row.0 - &row.1) * (&col.0 - &col.1);
        let text = format!(
            "({} − {})·({} − {}) = {}",
            fraction(&row.0),
            fraction(&row.1),
            fraction(&col.0),
            fraction(&col.1),
            fraction(&product)
        );
        (product, text)
    };
    let (p1, t1) = losses(&strict[0]);
    let (p2, t2) = losses(&strict[1]);
    let l1 = g.profile_text(&strict[0]);
    let l2 = g.profile_text(&strict[1]);
    let (win, text) = match p1.cmp(&p2) {
        Ordering::Greater => (
            Some(&strict[0]),
            format!(
                "{l1} is risk dominant: the losses from deviating multiply to {t1} there, more than {t2} at {l2}; a player unsure of the other does better to expect {l1}"
            ),
        ),
        Ordering::Less => (
            Some(&strict[1]),
            format!(
                "{l2} is risk dominant: the losses from deviating multiply to {t2} there, more than {t1} at {l1}; a player unsure of the other does better to expect {l2}"
            ),
        ),
        Ordering::Equal => (
            None,
            format!(
                "neither strict equilibrium is risk dominant: the losses from deviating multiply to {t1} at {l1} and {t2} at {l2}"
            ),
        ),
    };
    if let Some(w) = win {
        let label = g.profile_text(w);
        for e in list.iter_mut() {
            if e.pure && e.label == label {
                e.risk_dominant = Risk::Value(true);
            }
        }
    }
    Some(text)
}
