//! The answers about games in extensive form, as plain `Serialize` data:
//! `subgame perfect equilibria of G?` and `equilibria of G?` ([`TreeEquilibria`]),
//! `path of G?` ([`Paths`]) and `strategic form of G?` ([`StrategicForm`]). Every number
//! is exact, written as a fraction (`"3/4"`) beside its nearest `f64`.

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::reduced::{Reduced, View};
use super::subgame::{self, Method, Profile, Refusal, TreeEquilibrium};
use super::tree::{NodeData, Tree};
use super::{Q, float, fraction};
use crate::cancel::Cancel;
use crate::diagnostics::{Diag, codes};
use crate::span::Span;

/// The most profiles `strategic form of G?` prints.
pub const MAX_FORM_SHOWN: usize = 4096;

/// The moves of one equilibrium at one information set.
#[derive(Clone, Debug, Serialize)]
pub struct SetMoves {
    pub player: String,
    /// The set in words: `Defender`, `Defender after Attack`, `Defender in "unsure"`.
    pub at: String,
    /// Move → probability (exact fraction) given the set is reached; `null` when the
    /// equilibrium never reaches the set and any move there keeps it one.
    pub moves: Option<Map<String, Value>>,
}

/// A leaf an equilibrium reaches.
#[derive(Clone, Debug, Serialize)]
pub struct Reached {
    /// The moves from the root, chance's included.
    pub moves: Vec<String>,
    /// Exact (`"3/4"`).
    pub probability: String,
    pub probability_value: f64,
    /// Player → payoff at the leaf (exact fraction).
    pub payoffs: Map<String, Value>,
    /// Player → outcome name, where the leaf names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcomes: Option<Map<String, Value>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TreeEquilibriumAnswer {
    /// Every move is played with probability 0 or 1 where the set is reached.
    pub pure: bool,
    /// One entry per information set, in the order the tree writes them.
    pub moves: Vec<SetMoves>,
    /// Player → expected payoff.
    pub payoffs: Map<String, Value>,
    /// The same as exact fractions.
    pub payoffs_exact: Map<String, Value>,
    /// The leaves reached, with their probabilities.
    pub path: Vec<Reached>,
}

/// `subgame perfect equilibria of G?` (`subgame_perfect` true) and `equilibria of G?`
/// on a tree.
#[derive(Clone, Debug, Serialize)]
pub struct TreeEquilibria {
    pub game: String,
    pub players: Vec<String>,
    pub payoffs_are: &'static str,
    pub subgame_perfect: bool,
    pub perfect_information: bool,
    /// Proper subgames (the whole game and leaves not counted).
    pub proper_subgames: usize,
    /// Whether the list holds every equilibrium (not only the extreme or pure ones).
    pub complete: bool,
    pub equilibria: Vec<TreeEquilibriumAnswer>,
    /// The distinct expected payoff vectors, player → exact fraction.
    pub payoff_vectors: Vec<Map<String, Value>>,
    pub notes: Vec<String>,
}

/// One outcome of the subgame-perfect equilibria.
#[derive(Clone, Debug, Serialize)]
pub struct PathOutcome {
    /// The equilibria (numbered as `subgame perfect equilibria of G?` lists them) with
    /// this distribution over leaves.
    pub equilibria: Vec<usize>,
    pub reached: Vec<Reached>,
}

/// `path of G?`.
#[derive(Clone, Debug, Serialize)]
pub struct Paths {
    pub game: String,
    pub players: Vec<String>,
    pub paths: Vec<PathOutcome>,
    pub notes: Vec<String>,
}

/// One profile of the reduced strategic form.
#[derive(Clone, Debug, Serialize)]
pub struct FormRow {
    /// One plan per player who moves, in the order of `movers`.
    pub plans: Vec<String>,
    /// One payoff per player of the game, exact.
    pub payoffs: Vec<String>,
}

/// `strategic form of G?`.
#[derive(Clone, Debug, Serialize)]
pub struct StrategicForm {
    pub game: String,
    pub players: Vec<String>,
    /// The players who move, in the order of `players`.
    pub movers: Vec<String>,
    /// Each mover's plans: one move per information set in the order written, `*`
    /// where the player's own earlier moves rule the set out.
    pub plans: Vec<Vec<String>>,
    /// Every profile, the last mover's plan changing fastest.
    pub profiles: Vec<FormRow>,
    pub notes: Vec<String>,
}

fn player_map(tree: &Tree, values: &[Q], exact: bool) -> Map<String, Value> {
    tree.players
        .iter()
        .zip(values)
        .map(|(p, v)| {
            let value = if exact {
                Value::String(fraction(v))
            } else {
                json!(float(v))
            };
            (p.clone(), value)
        })
        .collect()
}

fn reached(tree: &Tree, profile: &Profile) -> Vec<Reached> {
    subgame::outcomes(tree, profile)
        .into_iter()
        .map(|(leaf, p)| {
            let (payoffs, names) = match &tree.nodes[leaf].kind {
                NodeData::Leaf { payoffs, outcomes } => (payoffs.as_slice(), outcomes.as_slice()),
                _ => (&[][..], &[][..]),
            };
            let outcomes = names.iter().any(Option::is_some).then(|| {
                tree.players
                    .iter()
                    .zip(names)
                    .zip(payoffs)
                    .map(|((pl, o), v)| {
                        (
                            pl.clone(),
                            Value::String(o.clone().unwrap_or_else(|| fraction(v))),
                        )
                    })
                    .collect()
            });
            Reached {
                moves: tree.history(leaf).into_iter().map(str::to_string).collect(),
                probability: fraction(&p),
                probability_value: float(&p),
                payoffs: player_map(tree, payoffs, true),
                outcomes,
            }
        })
        .collect()
}

fn answer_one(tree: &Tree, e: &TreeEquilibrium) -> TreeEquilibriumAnswer {
    let one = Q::from_integer(1.into());
    let moves = tree
        .sets
        .iter()
        .enumerate()
        .map(|(h, set)| SetMoves {
            player: tree.players[set.player].clone(),
            at: tree.describe_set(h),
            moves: e.profile[h].as_ref().map(|m| {
                set.actions
                    .iter()
                    .zip(m)
                    .filter(|(_, q)| **q != Q::from_integer(0.into()))
                    .map(|(a, q)| (a.clone(), Value::String(fraction(q))))
                    .collect()
            }),
        })
        .collect();
    let pure = e.profile.iter().flatten().all(|m| {
        m.iter()
            .all(|q| *q == one || *q == Q::from_integer(0.into()))
    });
    TreeEquilibriumAnswer {
        pure,
        moves,
        payoffs: player_map(tree, &e.payoffs, false),
        payoffs_exact: player_map(tree, &e.payoffs, true),
        path: reached(tree, &e.profile),
    }
}

fn notes(tree: &Tree, method: &Method, subgame_perfect: bool, count: usize) -> (bool, Vec<String>) {
    let mut notes = Vec::new();
    let mut complete = true;
    if method.ties {
        complete = false;
        notes.push("a player is indifferent between moves somewhere: any mixture of the tied moves is an equilibrium move too; the pure ones are listed".into());
    }
    if method.degenerate {
        complete = false;
        notes.push("a two-player part is degenerate: its extreme equilibria are listed, every mixture of compatible ones is an equilibrium too".into());
    }
    if method.ordinal_pure_only {
        complete = false;
        notes.push("the outcomes are only ranked, so mixed equilibria are not determined: the pure ones are listed (payoffs shown as ranks, 0 = the worst tier)".into());
    }
    if let Some(k) = method.pure_only_players {
        complete = false;
        notes.push(format!(
            "a part of the game has {k} players who move: only its pure equilibria are computed (mixed equilibria of games with three or more players are not searched), so {} may exist beyond the list",
            if subgame_perfect { "mixed subgame-perfect equilibria" } else { "mixed equilibria" }
        ));
    }
    if subgame_perfect {
        if tree.perfect_information() {
            notes.push(
                "perfect information: found by backward induction (chance as expected payoffs)"
                    .into(),
            );
        } else {
            notes.push("each subgame (the whole game and every proper subgame) solved from the bottom up through its reduced strategic form, its equilibria combined with those of the subgames inside it".into());
        }
    } else {
        notes.push("Nash equilibria of the reduced strategic form (`strategic form of G?`), printed as moves at each information set; `any` marks a set the equilibrium never reaches, where any move keeps it one — so some of these are not subgame perfect".into());
    }
    if count == 0 {
        notes.push("no equilibrium of this kind was found".into());
    }
    (complete, notes)
}

fn proper_subgames(tree: &Tree) -> usize {
    let roots = subgame::subgame_roots(tree);
    roots.iter().skip(1).filter(|r| **r).count()
}

/// `subgame perfect equilibria of G?` (`subgame_perfect`) or `equilibria of G?`.
pub fn equilibria(
    tree: &Tree,
    subgame_perfect: bool,
    cancel: &Cancel,
) -> Result<TreeEquilibria, Refusal> {
    let (list, method) = if subgame_perfect {
        subgame::subgame_perfect(tree, cancel)?
    } else {
        subgame::nash(tree, cancel)?
    };
    let equilibria: Vec<TreeEquilibriumAnswer> = list.iter().map(|e| answer_one(tree, e)).collect();
    let mut payoff_vectors: Vec<Map<String, Value>> = Vec::new();
    for e in &equilibria {
        if !payoff_vectors.contains(&e.payoffs_exact) {
            payoff_vectors.push(e.payoffs_exact.clone());
        }
    }
    let (complete, notes) = notes(tree, &method, subgame_perfect, equilibria.len());
    Ok(TreeEquilibria {
        game: tree.name.clone(),
        players: tree.players.clone(),
        payoffs_are: tree.kind.describe(),
        subgame_perfect,
        perfect_information: tree.perfect_information(),
        proper_subgames: proper_subgames(tree),
        complete,
        equilibria,
        payoff_vectors,
        notes,
    })
}

/// `path of G?`: the subgame-perfect equilibria's outcomes, equal ones grouped.
pub fn paths(tree: &Tree, cancel: &Cancel) -> Result<Paths, Refusal> {
    let all = equilibria(tree, true, cancel)?;
    let mut paths: Vec<PathOutcome> = Vec::new();
    let key = |r: &[Reached]| -> Vec<(Vec<String>, String)> {
        r.iter()
            .map(|x| (x.moves.clone(), x.probability.clone()))
            .collect()
    };
    for (i, e) in all.equilibria.iter().enumerate() {
        match paths.iter_mut().find(|p| key(&p.reached) == key(&e.path)) {
            Some(p) => p.equilibria.push(i + 1),
            None => paths.push(PathOutcome {
                equilibria: vec![i + 1],
                reached: e.path.clone(),
            }),
        }
    }
    Ok(Paths {
        game: all.game,
        players: all.players,
        paths,
        notes: all.notes,
    })
}

/// `strategic form of G?`.
pub fn strategic_form(tree: &Tree, cancel: &Cancel) -> Result<StrategicForm, Refusal> {
    let cut = std::collections::HashMap::new();
    let view = View {
        tree,
        root: 0,
        cut: &cut,
    };
    let form = Reduced::of(&view, cancel).map_err(|e| Refusal::of_form(e, 0))?;
    if form.values.len() > MAX_FORM_SHOWN {
        return Err(Refusal::Form {
            node: 0,
            profiles: form.values.len() as u128,
            plans: form
                .active
                .iter()
                .map(|p| (p.player, p.plans.len() as u128))
                .collect(),
        });
    }
    let plans = form.plan_labels(tree);
    let mut profiles = Vec::with_capacity(form.values.len());
    let mut index = vec![0usize; plans.len()];
    for v in &form.values {
        profiles.push(FormRow {
            plans: index
                .iter()
                .zip(&plans)
                .map(|(&i, p)| p[i].clone())
                .collect(),
            payoffs: v.iter().map(fraction).collect(),
        });
        super::reduced::advance(&mut index, |k| plans[k].len());
    }
    let mut notes = vec![
        "reduced: plans that differ only at sets their own moves rule out are one plan (`*` there)"
            .to_string(),
    ];
    if tree.ordinal() {
        notes.push("payoffs are ranks (0 = the worst tier)".into());
    }
    Ok(StrategicForm {
        game: tree.name.clone(),
        players: tree.players.clone(),
        movers: form
            .active
            .iter()
            .map(|p| tree.players[p.player].clone())
            .collect(),
        plans,
        profiles,
        notes,
    })
}

/// The refusal as a diagnostic at the query.
pub fn refusal_diag(tree: &Tree, r: Refusal, span: Span) -> Diag {
    match r {
        Refusal::Cancelled(c) => Diag::error(codes::INTERRUPTED, span, format!("stopped: {c}"))
            .label("stopped before it was answered"),
        Refusal::Form { node, profiles, plans } => {
            let sizes: Vec<String> = plans
                .iter()
                .map(|(p, c)| format!("{} {c} plans", tree.players[*p]))
                .collect();
            let part = if node == 0 {
                String::new()
            } else {
                format!(" (the subgame after {})", tree.history(node).join(", "))
            };
            Diag::error(
                codes::TOO_LARGE,
                span,
                format!(
                    "the reduced strategic form of `{}`{part} is too large: {} profiles ({}); the limit is {}",
                    tree.name,
                    if profiles == u128::MAX { "more than 10^38".to_string() } else { profiles.to_string() },
                    sizes.join(", "),
                    if node == 0 && profiles <= super::reduced::MAX_PROFILES as u128 { MAX_FORM_SHOWN } else { super::reduced::MAX_PROFILES }
                ),
            )
            .label("too large to solve exactly")
            .help("a tree with perfect information is solved node by node at any size; information sets spanning large parts of the tree make the form grow: give the game fewer moves there")
        }
        Refusal::Solver { node, why } => {
            let part = if node == 0 {
                String::new()
            } else {
                format!(" (the subgame after {})", tree.history(node).join(", "))
            };
            use super::nash::{MAX_BASES, MAX_EQUILIBRIA, MAX_PAIRS, TooLarge};
            let why = match why {
                TooLarge::Bases(b) => format!("{b} bases to visit, the limit is {MAX_BASES}"),
                TooLarge::Pairs(p) => format!("{p} pairs of vertices to match, the limit is {MAX_PAIRS}"),
                TooLarge::Memory => "its best-response vertices need more memory than the limit".to_string(),
                TooLarge::Equilibria(k) => format!("{k} extreme equilibria, more than the {MAX_EQUILIBRIA} listed"),
                TooLarge::Cancelled(c) => c.to_string(),
            };
            Diag::error(
                codes::TOO_LARGE,
                span,
                format!("the reduced strategic form of `{}`{part} is too large to find every equilibrium exactly: {why}", tree.name),
            )
            .label("too large to solve exactly")
            .help("the two-player solver handles forms up to about 11 × 11 plans")
        }
        Refusal::TooMany(k) => Diag::error(
            codes::TOO_LARGE,
            span,
            format!(
                "`{}` has too many equilibria to list: at least {} (the limit is {})",
                tree.name,
                if k == u128::MAX { "10^38".to_string() } else { k.to_string() },
                subgame::MAX_LISTED
            ),
        )
        .label("too many to list")
        .help("many ties between payoffs multiply the equilibria; ask `path of G?` on a game with fewer ties, or break ties in the payoffs"),
    }
}
