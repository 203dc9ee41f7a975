//! The predicted blocs as the pictures (`ally graph`, the REPL's `:graph`) show them:
//! solved here, before rendering, so that `render` only reads this answer. For
//! `ally graph --at T` the blocs keep their identity along the timeline (the matching
//! by shared power of `timeline?`), so a state that did not switch keeps its colour and
//! side. The pure equilibria of the file's games are found here too, for the payoff
//! matrices a file without states is drawn as.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostics::Diag;
use crate::dynamics::{BlocNames, carried_names, named_alignment, own_names};
use crate::model::{Model, Relation, Scenario};
use crate::solve::{Evaluator, Solved};
use crate::span::Span;
use crate::theory;

/// The predicted blocs as the pictures show them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Blocs {
    /// Per state: the rank of its bloc (blocs ranked by their first declared member), or
    /// `None` when it is indifferent, neutral or no alignment was computed.
    pub rank: Vec<Option<usize>>,
    /// Per state: whether it stays out of every bloc (`blocs N, neutral`).
    pub neutral: Vec<bool>,
    /// Per rank: the bloc's name (its most powerful member; along a timeline, the name
    /// it carries from the moment before, as `timeline?` names it) and its power.
    pub blocs: Vec<(String, f64)>,
    /// Per rank: the bloc's identity, which picks its colour. The rank itself when the
    /// blocs are those of one moment; along a timeline, the identity the bloc carries
    /// from the declared scenario (ranks are then in the order of identities).
    pub identity: Vec<usize>,
    /// Per game of the scenario, in order: its pure equilibria (one strategy index per
    /// player), marked in the payoff matrices.
    pub equilibria: Vec<Vec<Vec<usize>>>,
    /// Per game tree, in order: the nodes its first subgame-perfect equilibrium reaches
    /// (drawn thick), and a note saying which equilibrium that is.
    pub tree_paths: Vec<(Vec<bool>, String)>,
    /// `balancing · exact`, or why there are no blocs.
    pub note: String,
    /// Walt's threat along every declared threat, for the pictures' tooltips.
    pub threats: Vec<theory::Threat>,
}

impl Blocs {
    /// From a solved landscape.
    pub fn from_solved(s: &Scenario, solved: &Solved) -> Blocs {
        let ids: BTreeMap<u8, usize> = labels_in_order(s, solved)
            .into_iter()
            .enumerate()
            .map(|(id, label)| (label, id))
            .collect();
        Blocs::with_identities(s, solved, &ids, &own_names(solved))
    }

    /// From a solved landscape whose engine labels carry the identities `ids` and the
    /// names `names`.
    fn with_identities(
        s: &Scenario,
        solved: &Solved,
        ids: &BTreeMap<u8, usize>,
        names: &BlocNames,
    ) -> Blocs {
        let alignment = named_alignment(solved, names);
        // Alignment blocs are in the order of their first declared member; ranks follow
        // the identities, so that a bloc keeps its place in the picture.
        let mut order: Vec<(usize, usize)> = alignment
            .blocs
            .iter()
            .enumerate()
            .map(|(k, b)| {
                let label = b
                    .members
                    .first()
                    .and_then(|m| s.state(m))
                    .and_then(|i| solved.bloc_of(i));
                let id = label
                    .and_then(|l| ids.get(&l).copied())
                    .unwrap_or(usize::MAX);
                (id, k)
            })
            .collect();
        order.sort_unstable();
        let mut rank = vec![None; s.states.len()];
        for (r, &(_, k)) in order.iter().enumerate() {
            for m in &alignment.blocs[k].members {
                if let Some(i) = s.state(m) {
                    rank[i] = Some(r);
                }
            }
        }
        Blocs {
            rank,
            neutral: (0..s.states.len()).map(|i| solved.is_neutral(i)).collect(),
            blocs: order
                .iter()
                .map(|&(_, k)| (alignment.blocs[k].name.clone(), alignment.blocs[k].power))
                .collect(),
            identity: order
                .iter()
                .enumerate()
                .map(|(r, &(id, _))| if id == usize::MAX { r } else { id })
                .collect(),
            threats: declared_threats(s),
            equilibria: pure_equilibria(s),
            tree_paths: tree_paths(s),
            note: format!(
                "model {} · {}",
                alignment.model,
                if alignment.exact {
                    "exact"
                } else {
                    "approximate"
                }
            ),
        }
    }

    /// No alignment: every state drawn neutral, with the reason in the subtitle.
    pub fn none(s: &Scenario, why: &str) -> Blocs {
        Blocs {
            rank: vec![None; s.states.len()],
            neutral: vec![false; s.states.len()],
            blocs: Vec::new(),
            identity: Vec::new(),
            note: why.to_string(),
            threats: declared_threats(s),
            equilibria: pure_equilibria(s),
            tree_paths: tree_paths(s),
        }
    }
}

/// The engine labels of `solved`'s blocs in the order of their first declared member.
fn labels_in_order(s: &Scenario, solved: &Solved) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..s.states.len() {
        if let Some(l) = solved.bloc_of(i)
            && !out.contains(&l)
        {
            out.push(l);
        }
    }
    out
}

/// The identities of `solved`'s blocs: each bloc matched (by shared power, the rule of
/// `timeline?`) to a bloc of the step before takes its identity; a bloc matched to none
/// is new and takes the next unused one.
fn identities(
    before: Option<(&Arc<Solved>, &BTreeMap<u8, usize>)>,
    s: &Scenario,
    solved: &Solved,
    next: &mut usize,
) -> BTreeMap<u8, usize> {
    let mut ids = BTreeMap::new();
    if let Some((prev, prev_ids)) = before {
        for (la, lb) in crate::dynamics::matched(prev, solved) {
            if let Some(&id) = prev_ids.get(&la) {
                ids.insert(lb, id);
            }
        }
    }
    for label in labels_in_order(s, solved) {
        ids.entry(label).or_insert_with(|| {
            *next += 1;
            *next - 1
        });
    }
    ids
}

/// A solved step of the timeline with its blocs' identities and names.
type Step = (Arc<Solved>, BTreeMap<u8, usize>, BlocNames);

/// The scenario at time `t` (every `at` block up to `t` applied) and its blocs, each
/// bloc carrying its identity and its name from the declared scenario through every
/// step of the timeline up to `t`: a state that did not switch keeps its colour and its
/// side, and each bloc the name `timeline?` gives it.
pub fn blocs_at(
    s: &Arc<Scenario>,
    t: f64,
    model: Option<&Model>,
) -> Result<(Arc<Scenario>, Blocs), Diag> {
    let mut ev = Evaluator::new(model.cloned());
    let m = ev.model_for(s);
    let mut next = 0;
    let mut before: Option<Step> = None;
    let mut failed: Option<Diag> = None;
    let last = crate::dynamics::walk_until(s, t, |step| {
        if step.states.is_empty() {
            return;
        }
        let step = Arc::new(step.clone());
        // A step that cannot be solved breaks no chain: the next one is matched to the
        // last step that was.
        match ev.solve(&step, &m, Span::new(0, 0)) {
            Ok(solved) => {
                let ids = identities(
                    before.as_ref().map(|(p, i, _)| (p, i)),
                    &step,
                    &solved,
                    &mut next,
                );
                let names = match &before {
                    Some((prev, _, prev_names)) => carried_names(prev, prev_names, &solved),
                    None => own_names(&solved),
                };
                before = Some((solved, ids, names));
                failed = None;
            }
            Err(d) => failed = Some(d),
        }
    })?;
    let last = Arc::new(last);
    let blocs = match (&before, failed) {
        _ if last.states.is_empty() => Blocs::none(&last, "no states"),
        (_, Some(d)) => Blocs::none(&last, &format!("blocs not computed: {}", d.message)),
        (Some((solved, ids, names)), None) => Blocs::with_identities(&last, solved, ids, names),
        (None, None) => Blocs::none(&last, "blocs not computed"),
    };
    Ok((last, blocs))
}

/// The pure equilibria of every game, for marking the payoff matrices.
fn pure_equilibria(s: &Scenario) -> Vec<Vec<Vec<usize>>> {
    s.games
        .iter()
        .map(crate::games::nash::pure_equilibria)
        .collect()
}

/// The nodes each tree's first subgame-perfect equilibrium reaches with positive
/// probability, and which equilibrium that is.
fn tree_paths(s: &Scenario) -> Vec<(Vec<bool>, String)> {
    use crate::games::subgame;
    s.trees
        .iter()
        .map(
            |t| match subgame::subgame_perfect(t, &crate::cancel::Cancel::never()) {
                Ok((list, _)) if !list.is_empty() => {
                    let mut on = vec![false; t.nodes.len()];
                    for (leaf, _) in subgame::outcomes(t, &list[0].profile) {
                        let mut x = leaf;
                        on[x] = true;
                        while let Some((p, _)) = t.nodes[x].parent {
                            on[p] = true;
                            x = p;
                        }
                    }
                    let note = if list.len() == 1 {
                        "thick: the subgame-perfect path".to_string()
                    } else {
                        format!(
                            "thick: the path of subgame-perfect equilibrium #1 of {}",
                            list.len()
                        )
                    };
                    (on, note)
                }
                Ok(_) => (
                    Vec::new(),
                    "no subgame-perfect equilibrium found".to_string(),
                ),
                Err(_) => (Vec::new(), "too large to solve: no path drawn".to_string()),
            },
        )
        .collect()
}

/// Solves the scenario's alignment for a picture, under `model` or the scenario's own.
pub fn predict(s: &Arc<Scenario>, model: Option<&Model>) -> Result<Arc<Solved>, Diag> {
    let mut ev = Evaluator::new(model.cloned());
    let m = ev.model_for(s);
    ev.solve(s, &m, Span::new(0, 0))
}

/// The blocs to draw: the predicted ones, or none with the reason.
pub fn blocs_for(s: &Arc<Scenario>, model: Option<&Model>) -> Blocs {
    if s.states.is_empty() {
        return Blocs::none(s, "no states");
    }
    match predict(s, model) {
        Ok(solved) => Blocs::from_solved(s, &solved),
        Err(d) => Blocs::none(s, &format!("blocs not computed: {}", d.message)),
    }
}

/// Walt's threat from `a` to `b` for every declared threat edge, in edge order.
fn declared_threats(s: &Scenario) -> Vec<theory::Threat> {
    s.graph
        .raw_edges()
        .iter()
        .filter(|e| matches!(e.weight, Relation::Threat(_)))
        .map(|e| theory::threat(s, s.graph[e.source()], s.graph[e.target()]))
        .collect()
}
