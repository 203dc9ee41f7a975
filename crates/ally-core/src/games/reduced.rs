//! The reduced strategic form of a tree, or of part of one (a [`View`]: a subgame
//! whose inner subgames are already solved and stand as leaves). A player's *plan*
//! chooses a move at each of its information sets that its own earlier moves do not
//! rule out; sets its own moves avoid are left open (`*`), which merges the pure
//! strategies that differ only there — the reduced strategic form of textbooks and
//! Gambit. [`Reduced::game`] hands the form to the strategic-form solvers of
//! [`super::nash`]; [`behaviour`] turns a mixed plan back into moves (Kuhn's theorem:
//! with perfect recall the two are equivalent).

use std::collections::HashMap;

use num_traits::Zero;

use super::tree::{NodeData, Tree};
use super::{Game, PayoffKind, Q};
use crate::cancel::{Cancel, Cancelled};

/// The most profiles of a reduced strategic form that are built.
pub const MAX_PROFILES: usize = 250_000;
/// The most node visits spent evaluating a form (profiles × nodes reached).
pub const MAX_WORK: usize = 50_000_000;

/// A part of a tree: the subtree of `root`, where the nodes in `cut` are leaves worth
/// the given payoffs.
#[derive(Clone, Copy)]
pub struct View<'t> {
    pub tree: &'t Tree,
    pub root: usize,
    pub cut: &'t HashMap<usize, Vec<Q>>,
}

/// One player's plans: the player's information sets in the view (in order) and, per
/// plan, the move at each (`None`: ruled out by the player's own moves).
#[derive(Clone, Debug)]
pub struct Plans {
    pub player: usize,
    pub sets: Vec<usize>,
    pub plans: Vec<Vec<Option<usize>>>,
}

/// The reduced strategic form of a view.
#[derive(Clone, Debug)]
pub struct Reduced {
    /// The players who move in the view, in the order of `players`.
    pub active: Vec<Plans>,
    /// Per profile (mixed radix over `active`, the first most significant): the
    /// expected payoff of every player of the tree.
    pub values: Vec<Vec<Q>>,
}

/// Why a form was not built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormTooLarge {
    /// The number of profiles (saturating), with each active player's plan count.
    Profiles(u128, Vec<(usize, u128)>),
    Cancelled(Cancelled),
}

impl<'t> View<'t> {
    /// Every information set met in the view, in order.
    pub fn sets(&self) -> Vec<usize> {
        let mut seen = Vec::new();
        let mut stack = vec![self.root];
        while let Some(x) = stack.pop() {
            if self.cut.contains_key(&x) {
                continue;
            }
            if let NodeData::Decision { set, .. } = self.tree.nodes[x].kind {
                seen.push(set);
            }
            stack.extend(self.tree.children(x));
        }
        seen.sort_unstable();
        seen.dedup();
        seen
    }

    /// The expected payoffs when each active player follows one plan.
    fn value(&self, chosen: &[Option<usize>], visits: &mut usize) -> Vec<Q> {
        let n = self.tree.n_players();
        let mut total = vec![Q::zero(); n];
        let mut stack: Vec<(usize, Q)> = vec![(self.root, Q::from_integer(1.into()))];
        while let Some((x, p)) = stack.pop() {
            *visits += 1;
            if let Some(v) = self.cut.get(&x) {
                for (t, v) in total.iter_mut().zip(v) {
                    *t += &p * v;
                }
                continue;
            }
            match &self.tree.nodes[x].kind {
                NodeData::Leaf { payoffs, .. } => {
                    for (t, v) in total.iter_mut().zip(payoffs) {
                        *t += &p * v;
                    }
                }
                NodeData::Decision { set, children } => {
                    if let Some(a) = chosen[*set] {
                        stack.push((children[a], p));
                    }
                }
                NodeData::Chance {
                    probabilities,
                    children,
                    ..
                } => {
                    for (c, q) in children.iter().zip(probabilities) {
                        if !q.is_zero() {
                            stack.push((*c, &p * q));
                        }
                    }
                }
            }
        }
        total
    }
}

/// For each of `sets` (the player's sets of the view, in order): the player's own
/// earlier moves inside the view, nearest first (position in `sets` and move) — the
/// same at every node of the set under perfect recall.
fn own_moves(view: &View, player: usize, sets: &[usize]) -> Vec<Vec<(usize, usize)>> {
    let tree = view.tree;
    sets.iter()
        .map(|&h| {
            let mut out = Vec::new();
            let mut y = tree.sets[h].nodes[0];
            while y != view.root {
                let Some((p, a)) = tree.nodes[y].parent else {
                    break;
                };
                if let NodeData::Decision { set, .. } = tree.nodes[p].kind
                    && tree.sets[set].player == player
                    && let Some(pos) = sets.iter().position(|&s| s == set)
                {
                    out.push((pos, a));
                }
                y = p;
            }
            out
        })
        .collect()
}

/// How many plans a player has, exactly (saturating), without listing them: a set's
/// count is the sum over its moves of the product of the counts of the sets that move
/// leads to next.
fn count_plans(tree: &Tree, sets: &[usize], needs: &[Vec<(usize, usize)>]) -> u128 {
    // The sets each move leads to next (linear in the number of sets).
    let mut next: Vec<Vec<Vec<usize>>> = sets
        .iter()
        .map(|&h| vec![Vec::new(); tree.sets[h].actions.len()])
        .collect();
    for (j, n) in needs.iter().enumerate() {
        if let Some(&(k, a)) = n.first() {
            next[k][a].push(j);
        }
    }
    let mut count = vec![0u128; sets.len()];
    for k in (0..sets.len()).rev() {
        count[k] = next[k]
            .iter()
            .map(|js| {
                js.iter()
                    .fold(1u128, |acc, &j| acc.saturating_mul(count[j]))
            })
            .fold(0u128, u128::saturating_add);
    }
    (0..sets.len())
        .filter(|&j| needs[j].is_empty())
        .fold(1u128, |acc, j| acc.saturating_mul(count[j]))
}

/// Every plan of a player over `sets`, in lexicographic order: an odometer whose
/// digits after the one that turned are reset, each to the first move where the
/// player's own moves reach its set and to `*` where they do not.
fn plans(tree: &Tree, sets: &[usize], needs: &[Vec<(usize, usize)>]) -> Vec<Vec<Option<usize>>> {
    let n = sets.len();
    let mut partial: Vec<Option<usize>> = vec![None; n];
    let reset = |partial: &mut Vec<Option<usize>>, from: usize| {
        for j in from..n {
            let reached = needs[j].iter().all(|&(pos, a)| partial[pos] == Some(a));
            partial[j] = reached.then_some(0);
        }
    };
    reset(&mut partial, 0);
    let mut out = Vec::new();
    loop {
        out.push(partial.clone());
        let turned = (0..n)
            .rev()
            .find(|&k| partial[k].is_some_and(|a| a + 1 < tree.sets[sets[k]].actions.len()));
        let Some(k) = turned else {
            return out;
        };
        partial[k] = partial[k].map(|a| a + 1);
        reset(&mut partial, k + 1);
    }
}

impl Reduced {
    /// The reduced strategic form of a view, or why it is too large to build.
    pub fn of(view: &View, cancel: &Cancel) -> Result<Reduced, FormTooLarge> {
        let tree = view.tree;
        let sets = view.sets();
        let mut counts = Vec::new();
        let mut movers = Vec::new();
        for player in 0..tree.n_players() {
            let mine: Vec<usize> = sets
                .iter()
                .copied()
                .filter(|&h| tree.sets[h].player == player)
                .collect();
            if mine.is_empty() {
                continue;
            }
            let needs = own_moves(view, player, &mine);
            counts.push((player, count_plans(tree, &mine, &needs)));
            movers.push((player, mine, needs));
        }
        let profiles = counts
            .iter()
            .fold(1u128, |acc, (_, c)| acc.saturating_mul(*c));
        let nodes = view.tree.nodes[view.root].end - view.root;
        if profiles > MAX_PROFILES as u128
            || profiles.saturating_mul(nodes as u128) > MAX_WORK as u128
        {
            return Err(FormTooLarge::Profiles(profiles, counts));
        }
        // Within the limit: listing the plans is as cheap as the form.
        let active: Vec<Plans> = movers
            .into_iter()
            .map(|(player, mine, needs)| Plans {
                player,
                plans: plans(tree, &mine, &needs),
                sets: mine,
            })
            .collect();
        let mut values = Vec::with_capacity(profiles as usize);
        let mut chosen: Vec<Option<usize>> = vec![None; tree.sets.len()];
        let mut index = vec![0usize; active.len()];
        let mut visits = 0usize;
        for _ in 0..profiles {
            if values.len() % 1024 == 0 {
                cancel.check().map_err(FormTooLarge::Cancelled)?;
            }
            for (p, &i) in active.iter().zip(&index) {
                for (&h, &a) in p.sets.iter().zip(&p.plans[i]) {
                    chosen[h] = a;
                }
            }
            values.push(view.value(&chosen, &mut visits));
            advance(&mut index, |k| active[k].plans.len());
        }
        Ok(Reduced { active, values })
    }

    /// Each mover's plans in words ([`plan_label`]).
    pub fn plan_labels(&self, tree: &Tree) -> Vec<Vec<String>> {
        self.active
            .iter()
            .map(|p| {
                p.plans
                    .iter()
                    .map(|plan| plan_label(tree, &p.sets, plan))
                    .collect()
            })
            .collect()
    }

    /// The form as a strategic-form [`Game`] of the active players (plans named by
    /// [`plan_label`]), for the equilibrium solvers.
    pub fn game(&self, tree: &Tree) -> Game {
        let players: Vec<String> = self
            .active
            .iter()
            .map(|p| tree.players[p.player].clone())
            .collect();
        let strategies = self.plan_labels(tree);
        let payoffs: Vec<Vec<Q>> = self
            .values
            .iter()
            .map(|v| self.active.iter().map(|p| v[p.player].clone()).collect())
            .collect();
        let outcomes = vec![vec![None; players.len()]; payoffs.len()];
        Game {
            name: tree.name.clone(),
            players,
            strategies,
            payoffs,
            outcomes,
            kind: if tree.ordinal() {
                PayoffKind::Ranking
            } else {
                PayoffKind::Numbers
            },
        }
    }
}

/// Steps a mixed-radix counter (the last digit fastest; digit `k` runs below
/// `radix(k)`); false once it has wrapped round to all zeros.
pub fn advance(index: &mut [usize], radix: impl Fn(usize) -> usize) -> bool {
    for k in (0..index.len()).rev() {
        index[k] += 1;
        if index[k] < radix(k) {
            return true;
        }
        index[k] = 0;
    }
    false
}

/// A plan in words: its moves in the order of the player's sets, `*` where its own
/// moves rule a set out (`Attack`, `Fight/*`).
pub fn plan_label(tree: &Tree, sets: &[usize], plan: &[Option<usize>]) -> String {
    let parts: Vec<&str> = sets
        .iter()
        .zip(plan)
        .map(|(&h, a)| a.map_or("*", |a| tree.sets[h].actions[a].as_str()))
        .collect();
    parts.join("/")
}

/// The moves a mixed plan makes at each of the player's sets: per set, the
/// probability of each move given that the set is reached, or `None` when the mix
/// never reaches it.
pub fn behaviour(tree: &Tree, plans: &Plans, mix: &[(usize, Q)]) -> Vec<(usize, Option<Vec<Q>>)> {
    plans
        .sets
        .iter()
        .enumerate()
        .map(|(k, &h)| {
            let mut num = vec![Q::zero(); tree.sets[h].actions.len()];
            for (i, p) in mix {
                if let Some(a) = plans.plans[*i][k] {
                    num[a] += p;
                }
            }
            let den: Q = num.iter().sum();
            if den.is_zero() {
                (h, None)
            } else {
                (h, Some(num.into_iter().map(|x| x / &den).collect()))
            }
        })
        .collect()
}
