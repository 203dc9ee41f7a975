//! Equilibria of a tree: [`nash`] (the Nash equilibria, through the reduced strategic
//! form) and [`subgame_perfect`] (every subgame-perfect equilibrium found by solving
//! each subgame from the bottom up and combining its equilibria with those of the
//! subgames inside it). One method solves a part of a tree, by the number of players
//! who move in it: none (chance and solved subgames: the expected payoffs), one (every
//! best plan — backward induction, ties enumerated), two (every extreme equilibrium of
//! the reduced strategic form, [`super::nash`]), three or more (the pure equilibria of
//! the reduced strategic form only, said so). Exact rationals throughout.

use std::collections::HashMap;
use std::rc::Rc;

use num_traits::{One, Zero};

use super::Q;
use super::nash::{self, TooLarge};
use super::reduced::{FormTooLarge, Reduced, View, behaviour};
use super::tree::{NodeData, Tree};
use crate::cancel::Cancel;

/// The most equilibria listed; a tree with more is refused with their number so far.
pub const MAX_LISTED: usize = 1000;

/// Moves at every information set: per set, the probability of each move given the
/// set is reached, or `None` when the equilibrium never reaches it and any move there
/// keeps it an equilibrium (the reduced form leaves it open).
pub type Profile = Vec<Option<Vec<Q>>>;

/// One equilibrium of a tree.
#[derive(Clone, Debug, PartialEq)]
pub struct TreeEquilibrium {
    pub profile: Profile,
    /// Expected payoffs, one per player.
    pub payoffs: Vec<Q>,
}

/// How the parts of a tree were solved, for the notes of the answer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Method {
    /// Some part with two players was degenerate: extreme equilibria only.
    pub degenerate: bool,
    /// Some part had three or more players: pure equilibria only.
    pub pure_only_players: Option<usize>,
    /// Ranked outcomes with two players in one part: pure equilibria only.
    pub ordinal_pure_only: bool,
    /// Some part had a player choosing among tied best plans: mixtures of them are
    /// equilibria too, only the pure ones are listed.
    pub ties: bool,
    /// The largest reduced strategic form solved (profiles).
    pub largest_form: usize,
}

/// Why a tree's equilibria were not computed.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// The reduced strategic form of a part is too large (profiles, plans per player),
    /// at the subgame rooted at `node`.
    Form {
        node: usize,
        profiles: u128,
        plans: Vec<(usize, u128)>,
    },
    /// The strategic-form solver refused a part.
    Solver {
        node: usize,
        why: TooLarge,
    },
    /// More than [`MAX_LISTED`] equilibria.
    TooMany(u128),
    Cancelled(crate::cancel::Cancelled),
}

impl Refusal {
    /// The refusal of a form too large to build, at the subgame rooted at `node`.
    pub fn of_form(e: FormTooLarge, node: usize) -> Refusal {
        match e {
            FormTooLarge::Profiles(profiles, plans) => Refusal::Form {
                node,
                profiles,
                plans,
            },
            FormTooLarge::Cancelled(c) => Refusal::Cancelled(c),
        }
    }
}

/// The moves at one information set (`None`: never reached, any move).
type SetMove = (usize, Option<Vec<Q>>);

/// The equilibria of one part, each with the moves at the part's own sets.
struct Local {
    moves: Vec<SetMove>,
    value: Vec<Q>,
}

fn solve_part(view: &View, cancel: &Cancel, method: &mut Method) -> Result<Vec<Local>, Refusal> {
    let tree = view.tree;
    let form = Reduced::of(view, cancel).map_err(|e| Refusal::of_form(e, view.root))?;
    method.largest_form = method.largest_form.max(form.values.len());
    let pure = |profile: &[usize]| -> Local {
        let mut moves = Vec::new();
        for (p, &i) in form.active.iter().zip(profile) {
            moves.extend(behaviour(tree, p, &[(i, Q::from_integer(1.into()))]));
        }
        let index = profile
            .iter()
            .zip(&form.active)
            .fold(0, |acc, (&s, p)| acc * p.plans.len() + s);
        Local {
            moves,
            value: form.values[index].clone(),
        }
    };
    let mut out = Vec::new();
    match form.active.len() {
        0 => out.push(pure(&[])),
        1 => {
            let me = form.active[0].player;
            let best = form
                .values
                .iter()
                .map(|v| &v[me])
                .max()
                .cloned()
                .unwrap_or_else(Q::zero);
            let winners: Vec<usize> = (0..form.values.len())
                .filter(|&i| form.values[i][me] == best)
                .collect();
            if winners.len() > 1 {
                method.ties = true;
            }
            out.extend(winners.into_iter().map(|i| pure(&[i])));
        }
        2 if !tree.ordinal() => {
            let game = form.game(tree);
            let sol = nash::two_player_with(&game, cancel).map_err(|why| match why {
                TooLarge::Cancelled(c) => Refusal::Cancelled(c),
                why => Refusal::Solver {
                    node: view.root,
                    why,
                },
            })?;
            method.degenerate |= sol.degenerate;
            let cols = form.active[1].plans.len();
            for e in &sol.equilibria {
                let mut moves = behaviour(tree, &form.active[0], &e.x);
                moves.extend(behaviour(tree, &form.active[1], &e.y));
                let mut value = vec![Q::zero(); tree.n_players()];
                for (i, xi) in &e.x {
                    for (j, yj) in &e.y {
                        let w = xi * yj;
                        for (v, u) in value.iter_mut().zip(&form.values[i * cols + j]) {
                            *v += &w * u;
                        }
                    }
                }
                out.push(Local { moves, value });
            }
        }
        k => {
            if k == 2 {
                method.ordinal_pure_only = true;
            } else {
                method.pure_only_players = Some(method.pure_only_players.unwrap_or(0).max(k));
            }
            let game = form.game(tree);
            for profile in nash::pure_equilibria(&game) {
                out.push(pure(&profile));
            }
        }
    }
    // Mixed plans that differ only where they never reach give the same moves.
    let mut unique: Vec<Local> = Vec::with_capacity(out.len());
    for l in out {
        if !unique.iter().any(|u| u.moves == l.moves) {
            unique.push(l);
        }
    }
    Ok(unique)
}

fn flatten(tree: &Tree, locals: &[&[SetMove]]) -> Profile {
    let mut profile: Profile = vec![None; tree.sets.len()];
    for moves in locals {
        for (h, m) in moves.iter() {
            profile[*h] = m.clone();
        }
    }
    profile
}

/// Every Nash equilibrium of the tree (extreme ones for two players, pure ones for
/// three or more), through its reduced strategic form.
pub fn nash(tree: &Tree, cancel: &Cancel) -> Result<(Vec<TreeEquilibrium>, Method), Refusal> {
    let cut = HashMap::new();
    let view = View {
        tree,
        root: 0,
        cut: &cut,
    };
    let mut method = Method::default();
    let locals = solve_part(&view, cancel, &mut method)?;
    if locals.len() > MAX_LISTED {
        return Err(Refusal::TooMany(locals.len() as u128));
    }
    let list = locals
        .iter()
        .map(|l| TreeEquilibrium {
            profile: flatten(tree, &[&l.moves]),
            payoffs: l.value.clone(),
        })
        .collect();
    Ok((list, method))
}

/// Which nodes start a subgame: a node whose subtree holds every node of every
/// information set met in it (leaves excluded).
pub fn subgame_roots(tree: &Tree) -> Vec<bool> {
    let n = tree.nodes.len();
    let lo_hi: Vec<(usize, usize)> = tree
        .sets
        .iter()
        .map(|h| {
            let lo = h.nodes.iter().copied().min().unwrap_or(0);
            let hi = h.nodes.iter().copied().max().unwrap_or(0);
            (lo, hi)
        })
        .collect();
    let mut lo = vec![usize::MAX; n];
    let mut hi = vec![0usize; n];
    for x in (0..n).rev() {
        if let NodeData::Decision { set, .. } = tree.nodes[x].kind {
            lo[x] = lo[x].min(lo_hi[set].0);
            hi[x] = hi[x].max(lo_hi[set].1);
        }
        for &c in tree.children(x) {
            lo[x] = lo[x].min(lo[c]);
            hi[x] = hi[x].max(hi[c]);
        }
    }
    // The root always is one, even when it is a leaf (a game with no move).
    (0..n)
        .map(|x| {
            x == 0
                || (!matches!(tree.nodes[x].kind, NodeData::Leaf { .. })
                    && (lo[x] == usize::MAX || (lo[x] >= x && hi[x] < tree.nodes[x].end)))
        })
        .collect()
}

/// A subgame's equilibrium: its value, the moves of its own part, and the equilibria
/// chosen in the subgames inside it.
struct Sol {
    value: Vec<Q>,
    moves: Vec<SetMove>,
    inner: Vec<Rc<Sol>>,
}

fn collect<'s>(sol: &'s Sol, out: &mut Vec<&'s [SetMove]>) {
    let mut stack = vec![sol];
    while let Some(s) = stack.pop() {
        out.push(&s.moves);
        stack.extend(s.inner.iter().map(Rc::as_ref));
    }
}

/// The equilibria of one node whose children are leaves or solved subgames worth
/// `values` (one per child): the mover's best moves (each tie its own equilibrium), or chance's
/// expected payoffs.
fn one_node(tree: &Tree, x: usize, values: &[&Vec<Q>], method: &mut Method) -> Vec<Local> {
    let kids = tree.children(x);
    match &tree.nodes[x].kind {
        NodeData::Decision { set, .. } => {
            let me = tree.sets[*set].player;
            let best = values
                .iter()
                .map(|v| &v[me])
                .max()
                .cloned()
                .unwrap_or_else(Q::zero);
            let winners: Vec<usize> = (0..kids.len()).filter(|&a| values[a][me] == best).collect();
            if winners.len() > 1 {
                method.ties = true;
            }
            winners
                .into_iter()
                .map(|a| {
                    let unit = (0..kids.len())
                        .map(|k| if k == a { Q::one() } else { Q::zero() })
                        .collect();
                    Local {
                        moves: vec![(*set, Some(unit))],
                        value: values[a].clone(),
                    }
                })
                .collect()
        }
        NodeData::Chance { probabilities, .. } => {
            let mut value = vec![Q::zero(); tree.n_players()];
            for (w, p) in values.iter().zip(probabilities) {
                for (v, u) in value.iter_mut().zip(w.iter()) {
                    *v += p * u;
                }
            }
            vec![Local {
                moves: Vec::new(),
                value,
            }]
        }
        NodeData::Leaf { payoffs, .. } => vec![Local {
            moves: Vec::new(),
            value: payoffs.clone(),
        }],
    }
}

/// Every subgame-perfect equilibrium: each subgame solved from the bottom up, for every
/// choice of equilibria in the subgames inside it.
pub fn subgame_perfect(
    tree: &Tree,
    cancel: &Cancel,
) -> Result<(Vec<TreeEquilibrium>, Method), Refusal> {
    let roots = subgame_roots(tree);
    let mut method = Method::default();
    let mut solved: HashMap<usize, Vec<Rc<Sol>>> = HashMap::new();
    for x in (0..tree.nodes.len()).rev() {
        if !roots[x] {
            continue;
        }
        // The subgames directly inside x: the first subgame roots met below it.
        let mut inner = Vec::new();
        let mut stack: Vec<usize> = tree.children(x).to_vec();
        while let Some(y) = stack.pop() {
            if roots[y] {
                inner.push(y);
            } else {
                stack.extend(tree.children(y));
            }
        }
        inner.sort_unstable();
        let lists: Vec<Vec<Rc<Sol>>> = inner
            .iter()
            .map(|y| solved.remove(y).unwrap_or_default())
            .collect();
        let combos = lists
            .iter()
            .fold(1u128, |acc, l| acc.saturating_mul(l.len() as u128));
        if combos > MAX_LISTED as u128 {
            return Err(Refusal::TooMany(combos));
        }
        let mut mine: Vec<Rc<Sol>> = Vec::new();
        let mut pick = vec![0usize; lists.len()];
        // A node whose children are all leaves or subgames (every node of a tree with
        // perfect information) is one decision or one lottery: solved directly.
        let single = tree
            .children(x)
            .iter()
            .all(|c| inner.contains(c) || matches!(tree.nodes[*c].kind, NodeData::Leaf { .. }));
        for _ in 0..combos {
            cancel.check().map_err(Refusal::Cancelled)?;
            // The worth of each child: a leaf's payoffs or the chosen equilibrium's.
            let values: Option<Vec<&Vec<Q>>> = single
                .then(|| {
                    tree.children(x)
                        .iter()
                        .map(|&y| match inner.iter().position(|&z| z == y) {
                            Some(i) => Some(&lists[i][pick[i]].value),
                            None => match &tree.nodes[y].kind {
                                NodeData::Leaf { payoffs, .. } => Some(payoffs),
                                _ => None,
                            },
                        })
                        .collect()
                })
                .flatten();
            let locals = if let Some(values) = values {
                one_node(tree, x, &values, &mut method)
            } else {
                let cut: HashMap<usize, Vec<Q>> = inner
                    .iter()
                    .zip(&lists)
                    .zip(&pick)
                    .map(|((&y, l), &k)| (y, l[k].value.clone()))
                    .collect();
                let view = View {
                    tree,
                    root: x,
                    cut: &cut,
                };
                solve_part(&view, cancel, &mut method)?
            };
            for local in locals {
                mine.push(Rc::new(Sol {
                    value: local.value,
                    moves: local.moves,
                    inner: lists
                        .iter()
                        .zip(&pick)
                        .map(|(l, &k)| Rc::clone(&l[k]))
                        .collect(),
                }));
                if mine.len() > MAX_LISTED {
                    return Err(Refusal::TooMany(mine.len() as u128));
                }
            }
            super::reduced::advance(&mut pick, |k| lists[k].len());
        }
        solved.insert(x, mine);
    }
    let top = solved.remove(&0).unwrap_or_default();
    let list = top
        .iter()
        .map(|s| {
            let mut parts = Vec::new();
            collect(s, &mut parts);
            TreeEquilibrium {
                profile: flatten(tree, &parts),
                payoffs: s.value.clone(),
            }
        })
        .collect();
    Ok((list, method))
}

/// The leaves an equilibrium reaches, with their probabilities, in the order written.
pub fn outcomes(tree: &Tree, profile: &Profile) -> Vec<(usize, Q)> {
    let mut out = Vec::new();
    let mut stack: Vec<(usize, Q)> = vec![(0, Q::from_integer(1.into()))];
    while let Some((x, p)) = stack.pop() {
        match &tree.nodes[x].kind {
            NodeData::Leaf { .. } => out.push((x, p)),
            NodeData::Decision { set, children } => {
                if let Some(m) = &profile[*set] {
                    for (c, q) in children.iter().zip(m).rev() {
                        if !q.is_zero() {
                            stack.push((*c, &p * q));
                        }
                    }
                }
            }
            NodeData::Chance {
                probabilities,
                children,
                ..
            } => {
                for (c, q) in children.iter().zip(probabilities).rev() {
                    if !q.is_zero() {
                        stack.push((*c, &p * q));
                    }
                }
            }
        }
    }
    out.sort_by_key(|(x, _)| *x);
    out
}
