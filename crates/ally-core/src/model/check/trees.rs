//! The moves an `expect` names in a game tree: `expect subgame perfect of G is A, B, …`
//! names one move per information set, in the order the tree writes them; `expect path
//! of G is A, B, …` the moves from the root to a leaf. Each is checked against the tree
//! here, so a misspelt move is a diagnostic at its span before anything is solved.

use super::Checker;
use crate::diagnostics::{Diag, codes, did_you_mean};
use crate::games::tree::{NodeData, Tree};
use crate::syntax::ast::{Name, TreeTest};

impl Checker {
    /// The index of each move named, or `None` after reporting what is wrong.
    pub(super) fn tree_moves(
        &mut self,
        test: TreeTest,
        game: usize,
        names: &[Name],
    ) -> Option<Vec<usize>> {
        let tree = std::sync::Arc::clone(&self.state.scenario.trees[game]);
        match test {
            TreeTest::SubgamePerfect => self.set_moves(&tree, names),
            TreeTest::Path => self.path_moves(&tree, names),
        }
    }

    fn set_moves(&mut self, tree: &Tree, names: &[Name]) -> Option<Vec<usize>> {
        let span = names.first()?.span.join(names.last()?.span);
        if names.len() != tree.sets.len() {
            let sets: Vec<String> = (0..tree.sets.len()).map(|h| tree.describe_set(h)).collect();
            self.error(
                Diag::error(
                    codes::GAME_PROFILE,
                    span,
                    format!(
                        "game `{}` has {} decision point{} (information sets), so an equilibrium names {} move{}, not {}",
                        tree.name,
                        sets.len(),
                        if sets.len() == 1 { "" } else { "s" },
                        sets.len(),
                        if sets.len() == 1 { "" } else { "s" },
                        names.len()
                    ),
                )
                .label("wrong number of moves")
                .help(format!("one move for each, in the order written: {}", sets.join("; "))),
            );
            return None;
        }
        let mut out = Vec::with_capacity(names.len());
        let mut ok = true;
        for (h, name) in names.iter().enumerate() {
            match self.move_at(tree, &tree.sets[h].actions, name, &tree.describe_set(h)) {
                Some(a) => out.push(a),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn path_moves(&mut self, tree: &Tree, names: &[Name]) -> Option<Vec<usize>> {
        let mut out = Vec::with_capacity(names.len());
        let mut x = 0;
        for name in names {
            let (moves, at): (Vec<String>, String) = match &tree.nodes[x].kind {
                NodeData::Leaf { .. } => {
                    self.error(
                        Diag::error(
                            codes::GAME_PROFILE,
                            name.span,
                            format!("the path has ended at a leaf before `{}`", name.text),
                        )
                        .label("no move here")
                        .help(format!(
                            "the moves {} reach a leaf",
                            tree.history(x).join(", ")
                        )),
                    );
                    return None;
                }
                NodeData::Decision { set, .. } => {
                    (tree.sets[*set].actions.clone(), tree.describe_set(*set))
                }
                NodeData::Chance { moves, .. } => (moves.clone(), "chance".to_string()),
            };
            let a = self.move_at(tree, &moves, name, &at)?;
            out.push(a);
            x = tree.children(x)[a];
        }
        if !matches!(tree.nodes[x].kind, NodeData::Leaf { .. }) {
            let span = match (names.first(), names.last()) {
                (Some(a), Some(b)) => a.span.join(b.span),
                _ => return None,
            };
            self.error(
                Diag::error(
                    codes::GAME_PROFILE,
                    span,
                    "a path goes from the root to a leaf; these moves stop before one",
                )
                .label("the path goes on")
                .help(format!(
                    "next, {} moves: {}",
                    match &tree.nodes[x].kind {
                        NodeData::Decision { set, .. } => tree.describe_set(*set),
                        _ => "chance".to_string(),
                    },
                    (0..tree.children(x).len())
                        .map(|k| tree.move_name(x, k))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
            return None;
        }
        Some(out)
    }

    fn move_at(&mut self, tree: &Tree, moves: &[String], name: &Name, at: &str) -> Option<usize> {
        if let Some(a) = moves.iter().position(|m| *m == name.text) {
            return Some(a);
        }
        let help = did_you_mean(&name.text, moves.iter().map(String::as_str))
            .unwrap_or_else(|| format!("{at} can play {}", moves.join(", ")));
        self.error(
            Diag::error(
                codes::UNKNOWN_STRATEGY,
                name.span,
                format!(
                    "`{}` is not a move of {at} in game `{}`",
                    name.text, tree.name
                ),
            )
            .label("unknown move")
            .help(help),
        );
        None
    }
}
