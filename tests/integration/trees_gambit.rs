//! `ally`'s games in extensive form against Gambit, an outside solver: the answers
//! `tools/gambit_trees.py` recorded with pygambit for random trees (perfect and
//! imperfect information, chance, two and three players, degenerate payoffs) in
//! `tests/data/gambit/trees.json`. Compared: the size of each player's reduced
//! strategic form, the payoff vectors of the pure Nash equilibria, and for two players
//! the payoff vectors of every extreme Nash equilibrium (and so their count).

use std::collections::BTreeSet;

use crate::support::game_decl;
use ally_core::cancel::Cancel;
use ally_core::games::extensive;
use ally_core::games::reduced::{Reduced, View};
use ally_core::games::tree::build;

fn vectors(list: &serde_json::Value) -> BTreeSet<Vec<String>> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|v| {
            v.as_array()
                .expect("a vector")
                .iter()
                .map(|x| x.as_str().expect("a fraction").to_string())
                .collect()
        })
        .collect()
}

#[test]
fn random_trees_agree_with_gambit() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/gambit/trees.json");
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("fixtures")).expect("JSON");
    let cases = data["cases"].as_array().expect("cases");
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut extreme_compared = 0;
    for case in cases {
        let src = case["ally"].as_str().expect("ally text");
        let decl = game_decl(src).expect("a game");
        let (tree, diags) = build(&decl);
        assert!(diags.is_empty(), "{src}\n{diags:?}");
        let tree = tree.expect("a tree");
        let cut = std::collections::HashMap::new();
        let view = View {
            tree: &tree,
            root: 0,
            cut: &cut,
        };
        let form = Reduced::of(&view, &Cancel::never()).expect("a form");
        // Gambit lists every player, ours only those who move (who have one plan there).
        let ours: Vec<u64> = (0..tree.players.len())
            .map(|p| {
                form.active
                    .iter()
                    .find(|a| a.player == p)
                    .map_or(1, |a| a.plans.len() as u64)
            })
            .collect();
        let theirs: Vec<u64> = case["plans"]
            .as_array()
            .expect("plans")
            .iter()
            .map(|v| v.as_u64().expect("a count"))
            .collect();
        assert_eq!(ours, theirs, "reduced strategic form\n{src}");
        let answer = extensive::equilibria(&tree, false, &Cancel::never()).expect("solved");
        let all: BTreeSet<Vec<String>> = answer
            .equilibria
            .iter()
            .map(|e| {
                tree.players
                    .iter()
                    .map(|p| e.payoffs_exact[p].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .collect();
        let pure: BTreeSet<Vec<String>> = answer
            .equilibria
            .iter()
            .filter(|e| e.pure)
            .map(|e| {
                tree.players
                    .iter()
                    .map(|p| e.payoffs_exact[p].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .collect();
        if tree.players.len() == 2 {
            assert_eq!(all, vectors(&case["extreme"]), "extreme equilibria\n{src}");
            extreme_compared += 1;
            // A behaviour-pure equilibrium may come from a mixed plan that mixes only
            // where it never reaches; Gambit's pure ones are among ours.
            assert!(
                vectors(&case["pure"]).is_subset(&pure),
                "pure equilibria\n{src}"
            );
        } else {
            assert_eq!(pure, vectors(&case["pure"]), "pure equilibria\n{src}");
            assert_eq!(all, pure, "three players: pure equilibria only\n{src}");
        }
    }
    assert!(extreme_compared >= 20, "{extreme_compared}");
}
