//! Games in extensive form (SPEC §1.3): random trees against a brute-force solver
//! written here from the definitions (every pure strategy profile enumerated,
//! subgame perfection checked subgame by subgame), hand-worked textbook trees (entry
//! deterrence, the centipede, a signalling game), and the answers read back from the
//! public output.

use std::collections::BTreeSet;

use crate::support::game_decl;
use ally_core::cancel::Cancel;
use ally_core::games::Q;
use ally_core::games::extensive::{self, TreeEquilibria};
use ally_core::games::subgame;
use ally_core::games::tree::{NodeData, Tree, build};
use num_bigint::BigInt;
use num_traits::{One, Zero};

// ------------------------------------------------------------------ helpers

fn tree(src: &str) -> Tree {
    let (t, diags) = build(&game_decl(src).expect("a game"));
    assert!(diags.is_empty(), "{src}\n{diags:?}");
    t.expect("a checked tree")
}

/// The tree if it checks (random trees may break perfect recall), else `None`.
fn try_tree(src: &str) -> Option<Tree> {
    build(&game_decl(src)?).0
}

fn q(s: &str) -> Q {
    match s.split_once('/') {
        Some((a, b)) => Q::new(a.parse().expect("num"), b.parse().expect("den")),
        None => Q::from_integer(s.parse::<BigInt>().expect("integer")),
    }
}

fn int(v: i64) -> Q {
    Q::from_integer(BigInt::from(v))
}

// ------------------------------------------------------------------ the brute-force solver

/// Expected payoffs when every set plays a distribution over its moves.
fn expected(t: &Tree, from: usize, profile: &[Vec<Q>]) -> Vec<Q> {
    let mut total = vec![Q::zero(); t.players.len()];
    let mut stack = vec![(from, Q::one())];
    while let Some((x, p)) = stack.pop() {
        match &t.nodes[x].kind {
            NodeData::Leaf { payoffs, .. } => {
                for (a, b) in total.iter_mut().zip(payoffs) {
                    *a += &p * b;
                }
            }
            NodeData::Decision { set, children } => {
                for (c, w) in children.iter().zip(&profile[*set]) {
                    if !w.is_zero() {
                        stack.push((*c, &p * w));
                    }
                }
            }
            NodeData::Chance {
                probabilities,
                children,
                ..
            } => {
                for (c, w) in children.iter().zip(probabilities) {
                    stack.push((*c, &p * w));
                }
            }
        }
    }
    total
}

fn pure(t: &Tree, choice: &[usize]) -> Vec<Vec<Q>> {
    choice
        .iter()
        .enumerate()
        .map(|(h, &a)| {
            (0..t.sets[h].actions.len())
                .map(|k| if k == a { Q::one() } else { Q::zero() })
                .collect()
        })
        .collect()
}

/// Every pure strategy profile: one move per information set.
fn all_profiles(t: &Tree, sets: &[usize]) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new()];
    for &h in sets {
        out = out
            .into_iter()
            .flat_map(|p| {
                (0..t.sets[h].actions.len()).map(move |a| {
                    let mut v = p.clone();
                    v.push(a);
                    v
                })
            })
            .collect();
    }
    out
}

/// The nodes that start a subgame, from the definition: every information set met in
/// the subtree lies wholly in it.
fn subgames(t: &Tree) -> Vec<usize> {
    (0..t.nodes.len())
        .filter(|&x| {
            if matches!(t.nodes[x].kind, NodeData::Leaf { .. }) {
                return false;
            }
            let inside = |y: usize| y >= x && y < t.nodes[x].end;
            (x..t.nodes[x].end).all(|y| match t.nodes[y].kind {
                NodeData::Decision { set, .. } => t.sets[set].nodes.iter().all(|&z| inside(z)),
                _ => true,
            })
        })
        .collect()
}

/// Whether no player gains by a pure deviation at her sets inside the subtree of `x`.
fn no_deviation(t: &Tree, x: usize, profile: &[Vec<Q>]) -> bool {
    let base = expected(t, x, profile);
    let sets_in: Vec<usize> = (0..t.sets.len())
        .filter(|&h| {
            t.sets[h]
                .nodes
                .iter()
                .any(|&z| z >= x && z < t.nodes[x].end)
        })
        .collect();
    for (player, own) in base.iter().enumerate() {
        let mine: Vec<usize> = sets_in
            .iter()
            .copied()
            .filter(|&h| t.sets[h].player == player)
            .collect();
        for dev in all_profiles(t, &mine) {
            let mut p = profile.to_vec();
            for (&h, &a) in mine.iter().zip(&dev) {
                p[h] = (0..t.sets[h].actions.len())
                    .map(|k| if k == a { Q::one() } else { Q::zero() })
                    .collect();
            }
            if expected(t, x, &p)[player] > *own {
                return false;
            }
        }
    }
    true
}

/// The pure subgame-perfect equilibria and the pure Nash equilibria, by enumeration.
fn brute(t: &Tree) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let sets: Vec<usize> = (0..t.sets.len()).collect();
    let roots = subgames(t);
    let mut spe = Vec::new();
    let mut ne = Vec::new();
    for choice in all_profiles(t, &sets) {
        let p = pure(t, &choice);
        if !no_deviation(t, 0, &p) {
            continue;
        }
        ne.push(choice.clone());
        if roots.iter().all(|&x| no_deviation(t, x, &p)) {
            spe.push(choice);
        }
    }
    (spe, ne)
}

/// An answer's equilibrium as a profile of distributions; a set it never reaches gets
/// move `fill` (any move must do).
fn profile_of(t: &Tree, e: &extensive::TreeEquilibriumAnswer, fill: usize) -> Vec<Vec<Q>> {
    t.sets
        .iter()
        .zip(&e.moves)
        .map(|(h, m)| match &m.moves {
            None => (0..h.actions.len())
                .map(|k| {
                    if k == fill.min(h.actions.len() - 1) {
                        Q::one()
                    } else {
                        Q::zero()
                    }
                })
                .collect(),
            Some(map) => h
                .actions
                .iter()
                .map(|a| map.get(a).and_then(|v| v.as_str()).map_or_else(Q::zero, q))
                .collect(),
        })
        .collect()
}

fn vector(t: &Tree, e: &extensive::TreeEquilibriumAnswer) -> Vec<Q> {
    t.players
        .iter()
        .map(|p| q(e.payoffs_exact[p].as_str().expect("exact")))
        .collect()
}

/// Checks the answers for `t` against the brute-force solver; returns whether the tree
/// had information sets.
fn agree(t: &Tree, src: &str) {
    let cancel = Cancel::never();
    let spe: TreeEquilibria = extensive::equilibria(t, true, &cancel).expect("solved");
    // The whole tree's reduced form may pass the two-player solver's limit; the
    // subgame-perfect answer, part by part, must not.
    let nash: Option<TreeEquilibria> = match extensive::equilibria(t, false, &cancel) {
        Ok(n) => Some(n),
        Err(subgame::Refusal::Solver { .. }) => None,
        Err(e) => panic!("{e:?}\n{src}"),
    };
    let (b_spe, b_ne) = brute(t);
    let roots = subgames(t);
    // Sound: every listed equilibrium is one, by the definition, with the payoffs said.
    let lists = [Some((&spe, true)), nash.as_ref().map(|n| (n, false))];
    for (list, all_subgames) in lists.into_iter().flatten() {
        for e in &list.equilibria {
            for fill in [0, usize::MAX] {
                let p = profile_of(t, e, fill);
                assert_eq!(expected(t, 0, &p), vector(t, e), "{src}");
                let checked: Vec<usize> = if all_subgames { roots.clone() } else { vec![0] };
                for &x in &checked {
                    assert!(
                        no_deviation(t, x, &p),
                        "not an equilibrium at node {x}: {e:?}\n{src}"
                    );
                }
            }
        }
    }
    // Complete: every pure equilibrium's payoffs are among those listed.
    let listed = |a: &TreeEquilibria| -> BTreeSet<Vec<Q>> {
        a.equilibria.iter().map(|e| vector(t, e)).collect()
    };
    let pure_vectors = |list: &[Vec<usize>]| -> BTreeSet<Vec<Q>> {
        list.iter().map(|c| expected(t, 0, &pure(t, c))).collect()
    };
    assert!(
        pure_vectors(&b_spe).is_subset(&listed(&spe)),
        "SPE missing\n{src}\n{spe:?}"
    );
    if let Some(nash) = &nash {
        assert!(
            pure_vectors(&b_ne).is_subset(&listed(nash)),
            "NE missing\n{src}"
        );
    }
    // Perfect information: exactly the pure profiles, as many as there are.
    if t.perfect_information() {
        let ours: BTreeSet<Vec<usize>> = spe
            .equilibria
            .iter()
            .map(|e| {
                e.moves
                    .iter()
                    .zip(&t.sets)
                    .map(|(m, h)| {
                        let map = m.moves.as_ref().expect("every node has a move");
                        assert_eq!(map.len(), 1, "pure");
                        h.actions
                            .iter()
                            .position(|a| map.contains_key(a))
                            .expect("a move")
                    })
                    .collect()
            })
            .collect();
        let theirs: BTreeSet<Vec<usize>> = b_spe.iter().cloned().collect();
        assert_eq!(ours, theirs, "{src}");
        assert_eq!(spe.equilibria.len(), b_spe.len(), "{src}");
        assert_eq!(listed(&spe), pure_vectors(&b_spe), "{src}");
    }
}

// ------------------------------------------------------------------ random trees

use super::support::Rng;

struct Shape {
    players: usize,
    depth: usize,
    chance: bool,
    sets: bool,
    /// Payoffs from a small range, so that ties are common.
    degenerate: bool,
}

fn random_tree(rng: &mut Rng, shape: &Shape) -> String {
    let names = ["A", "B", "C"];
    let mut set_moves: std::collections::HashMap<String, usize> = Default::default();
    fn node(
        rng: &mut Rng,
        shape: &Shape,
        depth: usize,
        names: &[&str],
        set_moves: &mut std::collections::HashMap<String, usize>,
        out: &mut String,
    ) {
        if depth == 0 || (depth < shape.depth && rng.below(4) == 0) {
            let range = if shape.degenerate { 2 } else { 9 };
            let pays: Vec<String> = (0..shape.players)
                .map(|_| (rng.below(range) as i64 - (range as i64) / 2).to_string())
                .collect();
            out.push_str(&pays.join(", "));
            return;
        }
        if shape.chance && rng.below(5) == 0 {
            out.push_str("chance {\n");
            let k = 2 + rng.below(2) as usize;
            let probs: Vec<&str> = if k == 2 {
                vec!["1/3", "2/3"]
            } else {
                vec!["1/4", "1/2", "1/4"]
            };
            for (i, p) in probs.iter().enumerate() {
                out.push_str(&format!("n{i} {p} -> "));
                node(rng, shape, depth - 1, names, set_moves, out);
                out.push('\n');
            }
            out.push('}');
            return;
        }
        let player = rng.below(shape.players as u64) as usize;
        let mut set = None;
        let mut k = 2 + rng.below(2) as usize;
        if shape.sets && rng.below(2) == 0 {
            let name = format!("{}{}", names[player], rng.below(2));
            k = *set_moves.entry(name.clone()).or_insert(k);
            set = Some(name);
        }
        match &set {
            Some(s) => out.push_str(&format!("{} in \"{s}\" {{\n", names[player])),
            None => out.push_str(&format!("{} {{\n", names[player])),
        }
        for a in 0..k {
            out.push_str(&format!("m{a} -> "));
            node(rng, shape, depth - 1, names, set_moves, out);
            out.push('\n');
        }
        out.push('}');
    }
    let mut body = String::new();
    node(rng, shape, shape.depth, &names, &mut set_moves, &mut body);
    format!(
        "game R {{\n  players {}\n  tree {body}\n}}\n",
        names[..shape.players].join(", ")
    )
}

fn campaign(seed: u64, shape: Shape, wanted: usize) {
    let mut rng = Rng(seed);
    let mut done = 0;
    let mut tries = 0;
    while done < wanted {
        tries += 1;
        assert!(tries < wanted * 200, "too few valid trees");
        let src = random_tree(&mut rng, &shape);
        let Some(t) = try_tree(&src) else { continue };
        // Keep the brute force small.
        let profiles: u128 = t.sets.iter().map(|h| h.actions.len() as u128).product();
        if profiles > 200 || t.sets.is_empty() {
            continue;
        }
        if shape.sets && t.perfect_information() {
            continue;
        }
        agree(&t, &src);
        done += 1;
    }
}

#[test]
fn random_perfect_information_two_players() {
    campaign(
        1,
        Shape {
            players: 2,
            depth: 4,
            chance: false,
            sets: false,
            degenerate: false,
        },
        40,
    );
}

#[test]
fn random_perfect_information_degenerate_and_chance() {
    campaign(
        2,
        Shape {
            players: 2,
            depth: 4,
            chance: true,
            sets: false,
            degenerate: true,
        },
        30,
    );
}

#[test]
fn random_perfect_information_three_players() {
    campaign(
        3,
        Shape {
            players: 3,
            depth: 4,
            chance: true,
            sets: false,
            degenerate: true,
        },
        30,
    );
}

#[test]
fn random_information_sets_two_players() {
    campaign(
        4,
        Shape {
            players: 2,
            depth: 4,
            chance: true,
            sets: true,
            degenerate: false,
        },
        40,
    );
}

#[test]
fn random_information_sets_degenerate() {
    campaign(
        5,
        Shape {
            players: 2,
            depth: 4,
            chance: true,
            sets: true,
            degenerate: true,
        },
        30,
    );
}

#[test]
fn random_information_sets_three_players() {
    campaign(
        6,
        Shape {
            players: 3,
            depth: 4,
            chance: true,
            sets: true,
            degenerate: true,
        },
        30,
    );
}

// ------------------------------------------------------------------ textbook trees

#[test]
fn entry_deterrence_has_one_subgame_perfect_equilibrium_and_a_non_credible_threat() {
    // Selten's chain-store stage: the entrant enters and the incumbent accommodates;
    // (Out, Fight) is a Nash equilibrium resting on a threat the incumbent would not
    // carry out.
    let t = tree(
        "game Entry {\n players Entrant, Incumbent\n tree Entrant {\n Out -> 0, 2\n In -> Incumbent {\n Fight -> -1, -1\n Accommodate -> 1, 1\n }\n }\n}\n",
    );
    let c = Cancel::never();
    let spe = extensive::equilibria(&t, true, &c).expect("solved");
    assert_eq!(spe.equilibria.len(), 1);
    let e = &spe.equilibria[0];
    assert_eq!(vector(&t, e), vec![int(1), int(1)]);
    let nash = extensive::equilibria(&t, false, &c).expect("solved");
    let vectors: BTreeSet<Vec<Q>> = nash.equilibria.iter().map(|e| vector(&t, e)).collect();
    assert_eq!(
        vectors,
        [vec![int(0), int(2)], vec![int(1), int(1)]]
            .into_iter()
            .collect()
    );
}

#[test]
fn the_centipede_ends_at_the_first_move() {
    // Rosenthal's centipede, 6 moves: backward induction takes at every node.
    let mut body = String::from("2, 0");
    let pays = [(1, 0), (0, 2), (3, 1), (2, 4), (5, 3), (4, 6)];
    for (k, (a, b)) in pays.iter().enumerate().rev() {
        let player = if k % 2 == 0 { "P1" } else { "P2" };
        body = format!("{player} {{\n Take -> {a}, {b}\n Pass -> {body}\n }}");
    }
    let src = format!("game Centipede {{\n players P1, P2\n tree {body}\n}}\n");
    let t = tree(&src);
    let spe = extensive::equilibria(&t, true, &Cancel::never()).expect("solved");
    assert_eq!(spe.equilibria.len(), 1);
    let e = &spe.equilibria[0];
    assert!(
        e.moves
            .iter()
            .all(|m| m.moves.as_ref().is_some_and(|x| x.contains_key("Take")))
    );
    assert_eq!(vector(&t, e), vec![int(1), int(0)]);
    assert_eq!(e.path.len(), 1);
    assert_eq!(e.path[0].moves, vec!["Take".to_string()]);
    agree(&t, &src);
}

/// The Beer–Quiche signalling game (Cho & Kreps 1987): nature makes the sender strong
/// (9/10) or weak; the sender has beer or quiche for breakfast (each type likes one:
/// +1) and the receiver, seeing only the breakfast, duels or not (not being dueled:
/// +2; the receiver gains 1 dueling a weak sender or sparing a strong one). Worked by
/// hand: no proper subgame, and two kinds of equilibria, both pooling. On beer (the
/// receiver spares beer drinkers and duels quiche eaters with probability at least
/// 1/2, so that the weak type, 2 with beer, would get at most 3 − 2·1/2 = 2 with
/// quiche): the sender expects 9/10·3 + 1/10·2 = 29/10, the receiver 9/10. On quiche
/// (the mirror image): 9/10·2 + 1/10·3 = 21/10 and 9/10.
#[test]
fn beer_quiche() {
    let src = r#"game "Beer-Quiche" {
  players Sender, Receiver
  tree chance {
    Strong 9/10 -> Sender {
      Beer -> Receiver in "beer" {
        Duel -> 1, 0
        Not -> 3, 1
      }
      Quiche -> Receiver in "quiche" {
        Duel -> 0, 0
        Not -> 2, 1
      }
    }
    Weak 1/10 -> Sender {
      Beer -> Receiver in "beer" {
        Duel -> 0, 1
        Not -> 2, 0
      }
      Quiche -> Receiver in "quiche" {
        Duel -> 1, 1
        Not -> 3, 0
      }
    }
  }
}
"#;
    let t = tree(src);
    assert_eq!(
        subgame::subgame_roots(&t).iter().filter(|r| **r).count(),
        1,
        "no proper subgame"
    );
    agree(&t, src);
    let spe = extensive::equilibria(&t, true, &Cancel::never()).expect("solved");
    let vectors: BTreeSet<Vec<Q>> = spe.equilibria.iter().map(|e| vector(&t, e)).collect();
    let hand: BTreeSet<Vec<Q>> = [vec![q("29/10"), q("9/10")], vec![q("21/10"), q("9/10")]]
        .into_iter()
        .collect();
    assert_eq!(vectors, hand);
    // Pooling: both types eat the same breakfast in every equilibrium.
    for e in &spe.equilibria {
        let senders: Vec<_> = e
            .moves
            .iter()
            .filter(|m| m.player == "Sender")
            .map(|m| m.moves.clone())
            .collect();
        assert_eq!(senders[0], senders[1], "{e:?}");
    }
}

// ------------------------------------------------------------------ refusals

fn refusal(src: &str, query: &str) -> String {
    let text = format!("{src}{query}\n");
    let result = ally_core::document::run_source("big.ally", &text, None);
    let d = result
        .report
        .diags
        .iter()
        .find(|d| d.code == "ally::too_large")
        .unwrap_or_else(|| panic!("no refusal: {:?}", result.report.diags));
    d.message.clone()
}

/// A 13 × 13 simultaneous game written as a tree: its two-player form needs C(26, 13)
/// = 10,400,600 bases per polytope, past the solver's limit; the refusal names the
/// size. A tree whose one subgame gives A 8^6 = 262,144 plans is refused before any
/// plan is listed, with the exact count.
#[test]
fn trees_too_large_are_refused_naming_the_reduced_form() {
    let moves: Vec<String> = (0..13).map(|k| format!("m{k}")).collect();
    let inner: Vec<String> = moves
        .iter()
        .enumerate()
        .map(|(j, m)| format!("{m} -> {}, {}", j % 3, (j * 7) % 5))
        .collect();
    let body: Vec<String> = moves
        .iter()
        .map(|m| format!("{m} -> B in \"h\" {{ {} }}", inner.join("; ")))
        .collect();
    let src = format!(
        "game Big {{\n players A, B\n tree A {{\n {}\n }}\n}}\n",
        body.join("\n ")
    );
    let m = refusal(&src, "equilibria of Big?");
    assert!(m.contains("10400600 bases"), "{m}");
    let m = refusal(&src, "subgame perfect equilibria of Big?");
    assert!(m.contains("10400600 bases"), "{m}");

    let eight: Vec<String> = (0..8)
        .map(|k| format!("a{k} -> B in \"h\" {{ x -> {k}, 0; y -> 0, {k} }}"))
        .collect();
    let branch = format!("A {{ {} }}", eight.join("; "));
    let chance: Vec<String> = (0..6).map(|k| format!("c{k} 1/6 -> {branch}")).collect();
    let src = format!(
        "game Wide {{\n players A, B\n tree chance {{\n {}\n }}\n}}\n",
        chance.join("\n ")
    );
    let m = refusal(&src, "equilibria of Wide?");
    assert!(
        m.contains("524288 profiles (A 262144 plans, B 2 plans)"),
        "{m}"
    );
    let m = refusal(&src, "strategic form of Wide?");
    assert!(m.contains("A 262144 plans"), "{m}");
}

/// Ties everywhere: every node of a chain of 11 is indifferent, so each of the 2^11 =
/// 2,048 pure profiles is subgame perfect; past 1,000 the list is refused rather than
/// printed. A tree past 10,000 nodes is refused when checked.
#[test]
fn too_many_equilibria_and_too_many_nodes_are_refused() {
    let mut body = String::from("0, 0");
    for k in 0..11 {
        body = format!("P{} {{ a -> 0, 0; b -> {body} }}", k % 2);
    }
    let src = format!("game Ties {{\n players P0, P1\n tree {body}\n}}\n");
    let m = refusal(&src, "subgame perfect equilibria of Ties?");
    assert!(m.contains("too many equilibria to list"), "{m}");

    let mut body = String::from("0, 0");
    for k in 0..13 {
        body = format!(
            "chance {{ l 1/2 -> P{} {{ a -> {body}; b -> {body} }}; r 1/2 -> 0, 0 }}",
            k % 2
        );
    }
    let src = format!("game Huge {{\n players P0, P1\n tree {body}\n}}\n");
    let (_, report) = ally_core::document::check_source("huge.ally", &src);
    assert!(
        report.diags.iter().any(|d| d.code == "ally::too_large"
            && d.message.contains("more than the 10000 a tree may have")),
        "{:?}",
        report.diags
    );
}

// ------------------------------------------- `would A attack B?` cites a game tree

/// A tree whose players are the two states models their decision: `would A attack B?`
/// cites its subgame-perfect outcome, worked by hand here (backward induction), and
/// leaves the verdict to the committed sides; a tree of other players is not cited.
#[test]
fn would_attack_cites_the_game_tree_of_the_two_states() {
    let src = |accept: &str| {
        format!(
            "state Germany {{ power 3 }}\nstate France {{ power 1 }}\n\
             game Rhineland {{\n  players Germany, France\n  tree Germany {{\n    Stay -> 0, 0\n    \
             Remilitarize -> France {{\n      Resist -> -1, -1\n      Accept -> 1, {accept}\n    }}\n  }}\n}}\n\
             game Elsewhere {{\n  players Italy, Britain\n  tree Italy {{\n    Wait -> 0, 0\n    Go -> 1, -1\n  }}\n}}\n\
             would Germany attack France?\n"
        )
    };
    // France resists (−1 > −2), so Germany stays (0 > −1): one path.
    let r = crate::support::run(&src("-2"));
    let text = ally_core::render::text::file(&r, false);
    assert!(
        text.contains(
            "  the game Rhineland models this decision (Germany, France; cited, not counted): its subgame-perfect path: Stay\n"
        ),
        "{text}"
    );
    assert!(!text.contains("Elsewhere"), "{text}");
    // The verdict is still the balance of the sides: 3 : 1 is overwhelming.
    assert!(text.contains("not deterred"), "{text}");
    // France indifferent after the move: it resists (Germany stays) or accepts
    // (Germany moves) — two subgame-perfect outcomes.
    let r = crate::support::run(&src("-1"));
    let text = ally_core::render::text::file(&r, false);
    assert!(
        text.contains(
            "the paths of its subgame-perfect equilibria: Stay; or Remilitarize → Accept\n"
        ) || text.contains(
            "the paths of its subgame-perfect equilibria: Remilitarize → Accept; or Stay\n"
        ),
        "{text}"
    );
    let json = ally_core::render::json::file(&r, &src("-1"));
    let games = &json["queries"][0]["answer"]["games"];
    assert_eq!(games[0]["game"], "Rhineland", "{json}");
    assert_eq!(games.as_array().map(Vec::len), Some(1), "{json}");
    assert_eq!(
        games[0]["paths"].as_array().map(Vec::len),
        Some(2),
        "{json}"
    );
}
