//! Games in extensive form: the answer to a [`TreeQuestion`], and the `expect` forms
//! about trees (`subgame perfect of G is …`, `path of G is …`, the counts) checked
//! against the very answer the matching query prints.

use super::Answer;
use crate::cancel::Cancel;
use crate::diagnostics::Diag;
use crate::dynamics::{CitedLeaf, GameCited};
use crate::games::extensive::{self, TreeEquilibria, TreeEquilibriumAnswer};
use crate::games::tree::Tree;
use crate::model::Scenario;
use crate::model::question::{Expectation, Question, TreeQuestion, TreeTest};
use crate::span::Span;
use crate::syntax::quote;

/// The answer to a question about tree `g` of the scenario.
pub fn answer(
    s: &Scenario,
    q: TreeQuestion,
    g: usize,
    cancel: &Cancel,
    span: Span,
) -> Result<Answer, Diag> {
    let tree = &s.trees[g];
    let refused = |r| extensive::refusal_diag(tree, r, span);
    Ok(match q {
        TreeQuestion::SubgamePerfect => {
            Answer::TreeEquilibria(extensive::equilibria(tree, true, cancel).map_err(refused)?)
        }
        TreeQuestion::Equilibria => {
            Answer::TreeEquilibria(extensive::equilibria(tree, false, cancel).map_err(refused)?)
        }
        TreeQuestion::Path => Answer::Paths(extensive::paths(tree, cancel).map_err(refused)?),
        TreeQuestion::StrategicForm => {
            Answer::StrategicForm(extensive::strategic_form(tree, cancel).map_err(refused)?)
        }
    })
}

/// The game trees that model `would A attack B?`: those whose players include both
/// states by name, each with the outcomes of its subgame-perfect equilibria.
pub fn cited(s: &Scenario, attacker: usize, target: usize, cancel: &Cancel) -> Vec<GameCited> {
    let (a, b) = (&s.states[attacker].name, &s.states[target].name);
    s.trees
        .iter()
        .filter(|t| t.players.contains(a) && t.players.contains(b))
        .map(|t| {
            let (paths, refused) = match extensive::paths(t, cancel) {
                Ok(p) => (
                    p.paths
                        .iter()
                        .map(|o| {
                            o.reached
                                .iter()
                                .map(|r| CitedLeaf {
                                    moves: r.moves.clone(),
                                    probability: r.probability.clone(),
                                })
                                .collect()
                        })
                        .collect(),
                    None,
                ),
                Err(r) => (
                    Vec::new(),
                    Some(extensive::refusal_diag(t, r, Span::new(0, 0)).message),
                ),
            };
            GameCited {
                game: t.name.clone(),
                players: t.players.clone(),
                paths,
                refused,
            }
        })
        .collect()
}

/// The question a tree expectation asks.
pub fn question(e: &Expectation) -> Option<Question> {
    Some(match *e {
        Expectation::Tree { game, .. } => Question::Tree(TreeQuestion::SubgamePerfect, game),
        Expectation::TreeCount {
            game,
            subgame_perfect,
            ..
        } => Question::Tree(
            if subgame_perfect {
                TreeQuestion::SubgamePerfect
            } else {
                TreeQuestion::Equilibria
            },
            game,
        ),
        _ => return None,
    })
}

/// The tree expectation as written.
pub fn describe(s: &Scenario, e: &Expectation) -> Option<String> {
    Some(match e {
        Expectation::Tree { test, game, moves } => {
            let tree = &s.trees[*game];
            let names = move_names(tree, *test, moves);
            let what = match test {
                TreeTest::SubgamePerfect => "subgame perfect",
                TreeTest::Path => "path",
            };
            let quoted: Vec<String> = names.iter().map(|n| quote(n)).collect();
            format!("{what} of {} is {}", quote(&tree.name), quoted.join(", "))
        }
        Expectation::TreeCount {
            game,
            count,
            subgame_perfect,
        } => format!(
            "{} of {} = {count}",
            if *subgame_perfect {
                "subgame perfect"
            } else {
                "equilibria"
            },
            quote(&s.trees[*game].name)
        ),
        _ => return None,
    })
}

/// The moves an expectation names, by name.
fn move_names(tree: &Tree, test: TreeTest, moves: &[usize]) -> Vec<String> {
    match test {
        TreeTest::SubgamePerfect => moves
            .iter()
            .enumerate()
            .map(|(h, &a)| tree.sets[h].actions[a].clone())
            .collect(),
        TreeTest::Path => {
            let mut x = 0;
            let mut out = Vec::new();
            for &a in moves {
                out.push(tree.move_name(x, a).to_string());
                x = tree.children(x)[a];
            }
            out
        }
    }
}

/// One equilibrium's moves in words: `Attack, Yield`; `any` where it never reaches.
fn moves_text(e: &TreeEquilibriumAnswer) -> String {
    let parts: Vec<String> = e
        .moves
        .iter()
        .map(|m| match &m.moves {
            None => "any".to_string(),
            Some(map) if map.len() == 1 => map.keys().next().cloned().unwrap_or_default(),
            Some(map) => map
                .iter()
                .map(|(a, p)| format!("{a} {}", p.as_str().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(" + "),
        })
        .collect();
    parts.join(", ")
}

fn listed(eq: &TreeEquilibria) -> String {
    let n = eq.equilibria.len();
    let what = if eq.subgame_perfect {
        "subgame-perfect equilibri"
    } else {
        "equilibri"
    };
    let list: Vec<String> = eq
        .equilibria
        .iter()
        .map(|e| format!("({})", moves_text(e)))
        .collect();
    format!(
        "{n} {what}{}: {}",
        if n == 1 { "um" } else { "a" },
        list.join("; ")
    )
}

/// (passed, the actual answer in words), or `None` when `e` is not about a tree.
pub fn check(s: &Scenario, e: &Expectation, answer: &Answer) -> Option<(bool, String)> {
    let Answer::TreeEquilibria(eq) = answer else {
        return None;
    };
    Some(match e {
        Expectation::TreeCount { count, .. } => (eq.equilibria.len() as u64 == *count, listed(eq)),
        Expectation::Tree {
            test: TreeTest::SubgamePerfect,
            game,
            moves,
        } => {
            let tree = &s.trees[*game];
            // A set the equilibrium never reaches takes any move.
            let found = eq.equilibria.iter().any(|e| {
                e.moves
                    .iter()
                    .zip(moves)
                    .enumerate()
                    .all(|(h, (m, &a))| match &m.moves {
                        None => true,
                        Some(map) => map.len() == 1 && map.contains_key(&tree.sets[h].actions[a]),
                    })
            });
            (found, listed(eq))
        }
        Expectation::Tree {
            test: TreeTest::Path,
            game,
            moves,
        } => {
            let tree = &s.trees[*game];
            let wanted = move_names(tree, TreeTest::Path, moves);
            // Every subgame-perfect equilibrium reaches that leaf.
            let passed = !eq.equilibria.is_empty()
                && eq
                    .equilibria
                    .iter()
                    .all(|e| e.path.iter().any(|r| r.moves == wanted));
            let mut seen: Vec<String> = Vec::new();
            for e in &eq.equilibria {
                let words: Vec<String> = e
                    .path
                    .iter()
                    .map(|r| {
                        if r.probability == "1" {
                            r.moves.join(", ")
                        } else {
                            format!("{} ({})", r.moves.join(", "), r.probability)
                        }
                    })
                    .collect();
                let w = words.join("; ");
                if !seen.contains(&w) {
                    seen.push(w);
                }
            }
            (
                passed,
                if seen.is_empty() {
                    "no subgame-perfect equilibrium".to_string()
                } else {
                    format!(
                        "the path{} {}",
                        if seen.len() == 1 { " is" } else { "s are" },
                        seen.join(" | ")
                    )
                },
            )
        }
        _ => return None,
    })
}
