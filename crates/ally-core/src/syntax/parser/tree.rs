//! The nodes of a game tree (`tree NODE` inside a `game`), pest pairs to
//! [`TreeNode`]s. Recursion is safe: `depth.rs` refuses text nested deeper than
//! [`super::depth::MAX_NESTING`] before pest sees it.

use pest::iterators::Pair;

use super::Rule;
use super::build::{name, num, payoff, span_of};
use super::cursor::{Cursor, internal};
use crate::diagnostics::Diag;
use crate::syntax::ast::{NodeKind, TreeMove, TreeNode};

pub(super) fn node(
    pair: Pair<Rule>,
    offset: usize,
    diags: &mut Vec<Diag>,
) -> Result<TreeNode, Diag> {
    let span = span_of(&pair, offset);
    let rule = pair.as_rule();
    let kind = match rule {
        Rule::tree_leaf => {
            let mut payoffs = Vec::new();
            for p in Cursor::new(pair, offset).rest() {
                payoffs.push(payoff(p, offset, diags)?);
            }
            NodeKind::Leaf(payoffs)
        }
        Rule::tree_chance => {
            let mut moves = Vec::new();
            for m in Cursor::new(pair, offset).rest() {
                moves.push(tree_move(m, offset, diags)?);
            }
            NodeKind::Chance(moves)
        }
        Rule::tree_player => {
            let mut player = None;
            let mut set = None;
            let mut moves = Vec::new();
            for p in Cursor::new(pair, offset).rest() {
                match p.as_rule() {
                    Rule::name if player.is_none() => player = Some(name(p, offset)),
                    Rule::name => set = Some(name(p, offset)),
                    Rule::tree_move => moves.push(tree_move(p, offset, diags)?),
                    other => {
                        return Err(internal(
                            span_of(&p, offset),
                            format!("unexpected {other:?} in a tree node"),
                        ));
                    }
                }
            }
            let player = player.ok_or_else(|| internal(span, "a tree node without its player"))?;
            NodeKind::Player { player, set, moves }
        }
        other => {
            return Err(internal(
                span,
                format!("no tree node is built from {other:?}"),
            ));
        }
    };
    Ok(TreeNode { kind, span })
}

fn tree_move(pair: Pair<Rule>, offset: usize, diags: &mut Vec<Diag>) -> Result<TreeMove, Diag> {
    let span = span_of(&pair, offset);
    let chance = pair.as_rule() == Rule::chance_move;
    if !chance && pair.as_rule() != Rule::tree_move {
        return Err(internal(
            span,
            format!("a move expected, found {:?}", pair.as_rule()),
        ));
    }
    let mut c = Cursor::new(pair, offset);
    let action = c.name()?;
    let probability = if chance {
        Some(num(c.next("a probability")?, offset, diags)?)
    } else {
        None
    };
    let child = node(c.next("the node a move leads to")?, offset, diags)?;
    Ok(TreeMove {
        action,
        probability,
        child,
        span,
    })
}
