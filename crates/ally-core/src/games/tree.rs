//! Games in extensive form (SPEC §1.3): a `tree` inside a `game` block checked into a
//! [`Tree`] — nodes in the order written (preorder, the root first), information sets
//! with their actions, exact payoffs and probabilities — or the diagnostics that say
//! what is wrong. The solvers are [`super::reduced`] (the reduced strategic form) and
//! [`super::subgame`] (subgame perfection); [`super::extensive`] answers the queries.

use std::collections::HashMap;

use num_traits::{One, Zero};

use super::{Outcomes, PayoffKind, Q, fraction, rational, read_outcomes, read_players};
use crate::diagnostics::{Diag, codes, did_you_mean};
use crate::span::Span;
use crate::syntax::ast::{GameDecl, GameItem, Name, NodeKind, TreeMove, TreeNode};

/// The most nodes a tree may have (leaves included).
pub const MAX_NODES: usize = 10_000;

/// A checked game in extensive form.
#[derive(Clone, Debug, PartialEq)]
pub struct Tree {
    pub name: String,
    pub players: Vec<String>,
    /// Every node in the order written (preorder); the root is node 0.
    pub nodes: Vec<Node>,
    /// The information sets, in the order of their first node.
    pub sets: Vec<InfoSet>,
    pub kind: PayoffKind,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeData,
    /// The parent and the index of the move that leads here; `None` for the root.
    pub parent: Option<(usize, usize)>,
    /// One past the last node of this node's subtree (nodes are in preorder).
    pub end: usize,
    /// Where the node is written.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeData {
    /// A player's node: its information set, and one child per action of the set (in
    /// the set's order of actions).
    Decision { set: usize, children: Vec<usize> },
    /// A chance node: the moves' names, their probabilities and children.
    Chance {
        moves: Vec<String>,
        probabilities: Vec<Q>,
        children: Vec<usize>,
    },
    /// A leaf: one payoff per player, and the outcome names where written.
    Leaf {
        payoffs: Vec<Q>,
        outcomes: Vec<Option<String>>,
    },
}

/// An information set: nodes of one player that the player cannot tell apart.
#[derive(Clone, Debug, PartialEq)]
pub struct InfoSet {
    pub player: usize,
    /// The name given with `in "name"`; `None` for a node on its own.
    pub name: Option<String>,
    pub actions: Vec<String>,
    pub nodes: Vec<usize>,
}

impl Tree {
    pub fn n_players(&self) -> usize {
        self.players.len()
    }

    pub fn ordinal(&self) -> bool {
        self.kind == PayoffKind::Ranking
    }

    /// The children of a node (none for a leaf).
    pub fn children(&self, node: usize) -> &[usize] {
        match &self.nodes[node].kind {
            NodeData::Decision { children, .. } | NodeData::Chance { children, .. } => children,
            NodeData::Leaf { .. } => &[],
        }
    }

    /// The name of move `k` at `node`.
    pub fn move_name(&self, node: usize, k: usize) -> &str {
        match &self.nodes[node].kind {
            NodeData::Decision { set, .. } => &self.sets[*set].actions[k],
            NodeData::Chance { moves, .. } => &moves[k],
            NodeData::Leaf { .. } => "",
        }
    }

    /// The moves from the root to `node`, by name.
    pub fn history(&self, node: usize) -> Vec<&str> {
        let mut out = Vec::new();
        let mut x = node;
        while let Some((p, k)) = self.nodes[x].parent {
            out.push(self.move_name(p, k));
            x = p;
        }
        out.reverse();
        out
    }

    /// Whether every information set holds one node.
    pub fn perfect_information(&self) -> bool {
        self.sets.iter().all(|s| s.nodes.len() == 1)
    }

    /// An information set in words: `Defender`, `Defender in "unsure"`, `Defender after
    /// Attack` (when the player has several sets), `Challenger at the start`.
    pub fn describe_set(&self, set: usize) -> String {
        let h = &self.sets[set];
        let player = &self.players[h.player];
        if let Some(name) = &h.name {
            return format!("{player} in \"{name}\"");
        }
        if self.sets.iter().filter(|s| s.player == h.player).count() == 1 {
            return player.clone();
        }
        let path = self.history(h.nodes[0]);
        if path.is_empty() {
            format!("{player} at the start")
        } else {
            format!("{player} after {}", path.join(", "))
        }
    }
}

/// Whether a game block is written as a tree.
pub fn is_tree(g: &GameDecl) -> bool {
    g.items.iter().any(|i| matches!(i, GameItem::Tree { .. }))
}

/// Checks a `game` block holding a `tree`. Every mistake is reported; the tree is
/// returned only when there are none.
pub fn build(g: &GameDecl) -> (Option<Tree>, Vec<Diag>) {
    let mut diags = Vec::new();
    let tree = build_inner(g, &mut diags);
    if diags.is_empty() {
        (tree, diags)
    } else {
        (None, diags)
    }
}

fn build_inner(g: &GameDecl, diags: &mut Vec<Diag>) -> Option<Tree> {
    let mut root = None;
    for item in &g.items {
        match item {
            GameItem::Tree { root: r, span } => {
                if root.is_some() {
                    diags.push(
                        Diag::error(codes::BAD_TREE, *span, "a game has one tree")
                            .label("a second tree")
                            .help("write the other tree as a game of its own"),
                    );
                } else {
                    root = Some(r);
                }
            }
            GameItem::Strategies { span, .. } | GameItem::Row { span, .. } => diags.push(
                Diag::error(
                    codes::BAD_TREE,
                    *span,
                    "a game written as a tree has no strategies or payoff rows",
                )
                .label("not in a game in extensive form")
                .help("the tree gives the moves and payoffs; ask `strategic form of G?` for the table"),
            ),
            _ => {}
        }
    }
    let players = read_players(g, diags)?;
    let outcomes = read_outcomes(g, diags);
    let root = root?;
    let count = count_nodes(root);
    if count > MAX_NODES {
        diags.push(
            Diag::error(
                codes::TOO_LARGE,
                g.name.span,
                format!(
                    "game `{}` has {count} nodes, more than the {MAX_NODES} a tree may have",
                    g.name.text
                ),
            )
            .label("too large")
            .help("split the game, or cut branches that no one would take"),
        );
        return None;
    }
    let mut b = Builder {
        players: players.iter().map(|p| p.text.clone()).collect(),
        outcomes: &outcomes,
        nodes: Vec::with_capacity(count),
        sets: Vec::new(),
        set_spans: Vec::new(),
        named: HashMap::new(),
        diags,
        chance_seen: None,
    };
    b.node(root, None);
    let Builder {
        nodes,
        sets,
        set_spans,
        chance_seen,
        ..
    } = b;
    if !diags.is_empty() {
        return None;
    }
    if let (Some(span), PayoffKind::Ranking) = (chance_seen, outcomes.kind) {
        diags.push(
            Diag::error(
                codes::BAD_TREE,
                span,
                "a chance node in a game whose outcomes are only ranked",
            )
            .label("chance needs values")
            .help("expected payoffs average the outcomes, which a ranking cannot do: give the outcomes values (`outcomes win = 2, lose = 0`)"),
        );
        return None;
    }
    let mut tree = Tree {
        name: g.name.text.clone(),
        players: players.iter().map(|p| p.text.clone()).collect(),
        nodes,
        sets,
        kind: outcomes.kind,
    };
    if tree.kind == PayoffKind::Values
        && !tree.nodes.iter().any(|n| {
            matches!(&n.kind, NodeData::Leaf { outcomes, .. } if outcomes.iter().any(Option::is_some))
        })
    {
        tree.kind = PayoffKind::Numbers;
    }
    perfect_recall(&tree, &set_spans, diags);
    diags.is_empty().then_some(tree)
}

fn count_nodes(n: &TreeNode) -> usize {
    let mut count = 0;
    let mut stack = vec![n];
    while let Some(n) = stack.pop() {
        count += 1;
        if let NodeKind::Player { moves, .. } | NodeKind::Chance(moves) = &n.kind {
            stack.extend(moves.iter().map(|m| &m.child));
        }
    }
    count
}

struct Builder<'a> {
    players: Vec<String>,
    outcomes: &'a Outcomes,
    nodes: Vec<Node>,
    sets: Vec<InfoSet>,
    /// Where each set's first node names its player (for diagnostics).
    set_spans: Vec<Span>,
    /// Named sets: name → set index and the span of the first node in it.
    named: HashMap<String, usize>,
    diags: &'a mut Vec<Diag>,
    chance_seen: Option<Span>,
}

impl Builder<'_> {
    /// Adds `n` and its subtree; returns its index. Recursion is bounded by the
    /// parser's nesting limit.
    fn node(&mut self, n: &TreeNode, parent: Option<(usize, usize)>) -> usize {
        let me = self.nodes.len();
        self.nodes.push(Node {
            kind: NodeData::Leaf {
                payoffs: Vec::new(),
                outcomes: Vec::new(),
            },
            parent,
            end: me + 1,
            span: n.span,
        });
        let kind = match &n.kind {
            NodeKind::Leaf(payoffs) => self.leaf(n.span, payoffs),
            NodeKind::Chance(moves) => self.chance(n.span, moves, me),
            NodeKind::Player { player, set, moves } => {
                self.decision(n.span, player, set.as_ref(), moves, me)
            }
        };
        self.nodes[me].kind = kind;
        self.nodes[me].end = self.nodes.len();
        me
    }

    fn leaf(&mut self, span: Span, payoffs: &[crate::syntax::ast::Payoff]) -> NodeData {
        let n = self.players.len();
        if payoffs.len() != n {
            self.diags.push(
                Diag::error(
                    codes::BAD_TREE,
                    span,
                    format!(
                        "this leaf has {} payoff{} but the game has {n} players",
                        payoffs.len(),
                        if payoffs.len() == 1 { "" } else { "s" }
                    ),
                )
                .label("wrong number of payoffs")
                .help(format!(
                    "write one payoff per player, in the order of `players`: {}",
                    self.players.join(", ")
                )),
            );
        }
        let mut qs = Vec::with_capacity(n);
        let mut names = Vec::with_capacity(n);
        for p in payoffs {
            if let Some((q, name)) = self.outcomes.payoff(p, self.diags) {
                qs.push(q);
                names.push(name);
            }
        }
        NodeData::Leaf {
            payoffs: qs,
            outcomes: names,
        }
    }

    /// The names of `moves`, each once (a repeated one is reported).
    fn move_names(&mut self, moves: &[TreeMove]) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for m in moves {
            if names.contains(&m.action.text) {
                self.diags.push(
                    Diag::error(
                        codes::BAD_TREE,
                        m.action.span,
                        format!("move `{}` is given twice at this node", m.action.text),
                    )
                    .label("given again here")
                    .help("give each move of a node a different name"),
                );
            }
            names.push(m.action.text.clone());
        }
        names
    }

    fn empty(&mut self, span: Span, what: &str) {
        self.diags.push(
            Diag::error(codes::BAD_TREE, span, format!("{what} has no moves"))
                .label("an empty node")
                .help("give it at least one move (`Action -> …`), or write the payoffs here as a leaf"),
        );
    }

    fn chance(&mut self, span: Span, moves: &[TreeMove], me: usize) -> NodeData {
        self.chance_seen.get_or_insert(span);
        if moves.is_empty() {
            self.empty(span, "this chance node");
        }
        let names = self.move_names(moves);
        let mut probabilities = Vec::with_capacity(moves.len());
        let mut ok = true;
        for m in moves {
            let Some(num) = &m.probability else {
                ok = false;
                continue;
            };
            match rational(num) {
                Some(q) if q < Q::zero() || q > Q::one() => {
                    self.diags.push(
                        Diag::error(
                            codes::BAD_PROBABILITY,
                            num.span,
                            format!("a probability is between 0 and 1, not {}", fraction(&q)),
                        )
                        .label("not a probability"),
                    );
                    ok = false;
                }
                Some(q) => probabilities.push(q),
                None => {
                    self.diags.push(
                        Diag::error(
                            codes::BAD_NUMBER,
                            num.span,
                            "this probability cannot be kept exact",
                        )
                        .label("too many digits")
                        .help("write a shorter decimal or a fraction such as `1/3`"),
                    );
                    ok = false;
                }
            }
        }
        if ok && !moves.is_empty() {
            let sum: Q = probabilities.iter().sum();
            if sum != Q::one() {
                self.diags.push(
                    Diag::error(
                        codes::BAD_PROBABILITY,
                        span,
                        format!("the probabilities of this chance node sum to {}, not 1", fraction(&sum)),
                    )
                    .label("must sum to 1")
                    .help("probabilities are exact: write fractions such as `1/3` where decimals would not add up"),
                );
            }
        }
        let children = moves
            .iter()
            .enumerate()
            .map(|(k, m)| self.node(&m.child, Some((me, k))))
            .collect();
        NodeData::Chance {
            moves: names,
            probabilities,
            children,
        }
    }

    fn decision(
        &mut self,
        span: Span,
        player: &Name,
        set: Option<&Name>,
        moves: &[TreeMove],
        me: usize,
    ) -> NodeData {
        let who = match self.players.iter().position(|p| *p == player.text) {
            Some(i) => i,
            None => {
                let help = did_you_mean(&player.text, self.players.iter().map(String::as_str))
                    .unwrap_or_else(|| format!("the players are {}", self.players.join(", ")));
                self.diags.push(
                    Diag::error(
                        codes::BAD_TREE,
                        player.span,
                        format!("`{}` is not a player of this game", player.text),
                    )
                    .label("unknown player")
                    .help(help),
                );
                usize::MAX
            }
        };
        if moves.is_empty() {
            self.empty(span, &format!("`{}`'s node", player.text));
        }
        let names = self.move_names(moves);
        // The set this node joins: a named one already met, else a new one.
        let existing = set.and_then(|s| self.named.get(&s.text).copied());
        let set_index = match existing {
            Some(k) => {
                let h = &self.sets[k];
                let first_span = self.set_spans[k];
                if who != usize::MAX && h.player != usize::MAX && h.player != who {
                    let (other, name) = (
                        self.players[h.player].clone(),
                        set.map(|s| s.text.clone()).unwrap_or_default(),
                    );
                    self.diags.push(
                        Diag::error(
                            codes::INFORMATION_SET,
                            player.span,
                            format!("information set \"{name}\" holds nodes of `{other}` and of `{}`", player.text),
                        )
                        .label(format!("a node of `{}`", player.text))
                        .also(first_span, format!("a node of `{other}`"))
                        .help("an information set belongs to one player: give this node a set name of its own"),
                    );
                } else {
                    let same = names.len() == h.actions.len()
                        && names.iter().all(|a| h.actions.contains(a));
                    if !same {
                        let set_name = set.map(|s| s.text.clone()).unwrap_or_default();
                        self.diags.push(
                            Diag::error(
                                codes::INFORMATION_SET,
                                span,
                                format!(
                                    "the nodes of information set \"{set_name}\" offer different moves: {} here, {} at its first node",
                                    names.join(", "),
                                    h.actions.join(", ")
                                ),
                            )
                            .label("different moves")
                            .also(first_span, "the set's first node")
                            .help("a player who cannot tell the nodes apart must have the same moves at each"),
                        );
                    }
                }
                k
            }
            None => {
                let k = self.sets.len();
                self.sets.push(InfoSet {
                    player: who,
                    name: set.map(|s| s.text.clone()),
                    actions: names.clone(),
                    nodes: Vec::new(),
                });
                self.set_spans.push(player.span);
                if let Some(s) = set {
                    self.named.insert(s.text.clone(), k);
                }
                k
            }
        };
        self.sets[set_index].nodes.push(me);
        // Children in the set's order of actions, so that action k means the same move
        // at every node of the set.
        let mut built: Vec<Option<usize>> = vec![None; moves.len()];
        for (k, m) in moves.iter().enumerate() {
            let pos = self.sets[set_index]
                .actions
                .iter()
                .position(|a| *a == m.action.text)
                .unwrap_or(k);
            let child = self.node(&m.child, Some((me, pos)));
            if built.get(pos).is_some_and(Option::is_none) {
                built[pos] = Some(child);
            }
        }
        NodeData::Decision {
            set: set_index,
            children: built.into_iter().flatten().collect(),
        }
    }
}

/// Perfect recall: at every node of an information set, its player has made the same
/// moves at the same sets before (and no set is met twice on one path).
fn perfect_recall(tree: &Tree, set_spans: &[Span], diags: &mut Vec<Diag>) {
    for (k, h) in tree.sets.iter().enumerate() {
        if h.nodes.len() < 2 {
            continue;
        }
        let own = |x: usize| {
            let mut out = Vec::new();
            let mut y = x;
            while let Some((p, a)) = tree.nodes[y].parent {
                if let NodeData::Decision { set, .. } = tree.nodes[p].kind
                    && tree.sets[set].player == h.player
                {
                    out.push((set, a));
                }
                y = p;
            }
            out.reverse();
            out
        };
        let first = own(h.nodes[0]);
        for &x in &h.nodes[1..] {
            let here = own(x);
            if here.iter().chain(&first).any(|&(s, _)| s == k) {
                diags.push(
                    Diag::error(
                        codes::INFORMATION_SET,
                        tree.nodes[x].span,
                        format!("information set {} is met twice on one path", tree.describe_set(k)),
                    )
                    .label("a node below another node of the same set")
                    .also(set_spans[k], "the set's first node")
                    .help("perfect recall is required: a player remembers having moved here already; give the later node a set of its own"),
                );
                break;
            }
            if here != first {
                let words = |h: &[(usize, usize)]| {
                    if h.is_empty() {
                        "no earlier move".to_string()
                    } else {
                        h.iter()
                            .map(|&(s, a)| tree.sets[s].actions[a].clone())
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                };
                diags.push(
                    Diag::error(
                        codes::INFORMATION_SET,
                        tree.nodes[x].span,
                        format!(
                            "`{}` would forget its own moves: at this node of {} it has played {}, at the set's first node {}",
                            tree.players[h.player],
                            tree.describe_set(k),
                            words(&here),
                            words(&first)
                        ),
                    )
                    .label("imperfect recall")
                    .also(set_spans[k], "the set's first node")
                    .help("perfect recall is required: nodes a player cannot tell apart must follow the same earlier moves of that player"),
                );
                break;
            }
        }
    }
}
