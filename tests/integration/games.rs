//! Games (SPEC §1.3): hand-worked equilibria, parse-to-answer runs, random games against
//! an independent solver written here from the definitions, and one diagnostic per kind
//! of mistake in a `game` block.

use std::collections::BTreeSet;

use ally_core::games::report::{self, Equilibria, Risk};
use ally_core::games::{Game, PayoffKind, Q, build};
use ally_core::syntax::parser::parse;
use ally_core::{document::run_source, query::file::Entry};
use num_bigint::BigInt;
use num_traits::{One, Zero};

// The random games' generator (xorshift64*), so they are the same cases every run.
use crate::support::XorShift as Rng;

// ------------------------------------------------------------------ helpers

fn game(src: &str) -> Game {
    let decl = crate::support::game_decl(src).expect("a game");
    let (g, diags) = build(&decl);
    assert!(diags.is_empty(), "{diags:?}");
    g.expect("a checked game")
}

/// The parser's and the checker's diagnostics of `src`.
fn diags_of(src: &str) -> Vec<ally_core::diagnostics::Diag> {
    let (stmts, mut diags) = parse(src);
    let mut checker = ally_core::model::check::Checker::new();
    checker.check_all(&stmts);
    diags.append(&mut checker.diags);
    diags
}

fn codes_of(src: &str) -> Vec<&'static str> {
    diags_of(src).iter().map(|d| d.code).collect()
}

fn messages_of(src: &str) -> Vec<String> {
    diags_of(src).into_iter().map(|d| d.message).collect()
}

fn q(s: &str) -> Q {
    match s.split_once('/') {
        Some((a, b)) => Q::new(a.parse().expect("num"), b.parse().expect("den")),
        None => Q::from_integer(s.parse::<BigInt>().expect("integer")),
    }
}

/// An equilibrium as exact mixed strategies, one vector per player, read back from the
/// answer's `probabilities` (the public output, not the solver's internals).
fn strategies_of(g: &Game, e: &report::Equilibrium) -> Vec<Vec<Q>> {
    g.players
        .iter()
        .enumerate()
        .map(|(p, name)| {
            let probs = e.probabilities[name].as_object().expect("object");
            g.strategies[p]
                .iter()
                .map(|s| {
                    probs
                        .get(s)
                        .and_then(|v| v.as_str())
                        .map(q)
                        .unwrap_or_else(Q::zero)
                })
                .collect()
        })
        .collect()
}

fn labels(e: &Equilibria) -> Vec<String> {
    e.equilibria.iter().map(|x| x.label.clone()).collect()
}

fn solve(g: &Game) -> Equilibria {
    report::equilibria(g).expect("small enough")
}

fn random_game(rng: &mut Rng, sizes: &[usize], lo: i64, hi: i64) -> Game {
    let players: Vec<String> = (0..sizes.len()).map(|p| format!("P{p}")).collect();
    let strategies: Vec<Vec<String>> = sizes
        .iter()
        .enumerate()
        .map(|(p, &k)| (0..k).map(|s| format!("s{p}_{s}")).collect())
        .collect();
    let total: usize = sizes.iter().product();
    let payoffs = (0..total)
        .map(|_| {
            (0..sizes.len())
                .map(|_| Q::from_integer(BigInt::from(rng.int(lo, hi))))
                .collect()
        })
        .collect();
    Game {
        name: "R".into(),
        players,
        strategies,
        payoffs,
        outcomes: vec![vec![None; sizes.len()]; total],
        kind: PayoffKind::Numbers,
    }
}

// ------------------------------------------------------------------ independent checks

/// Expected payoff of `player` under independent mixed strategies, by brute force over
/// every profile.
fn value(g: &Game, player: usize, mix: &[Vec<Q>]) -> Q {
    let mut sum = Q::zero();
    for i in 0..g.n_profiles() {
        let prof = g.profile(i);
        let mut w = Q::one();
        for (p, &s) in prof.iter().enumerate() {
            w *= &mix[p][s];
        }
        if !w.is_zero() {
            sum += w * &g.payoffs[i][player];
        }
    }
    sum
}

/// Whether every player's mixed strategy is a best response to the others: no pure
/// deviation pays more.
fn is_nash(g: &Game, mix: &[Vec<Q>]) -> bool {
    for p in 0..g.n_players() {
        let here = value(g, p, mix);
        for s in 0..g.strategies[p].len() {
            let mut dev = mix.to_vec();
            dev[p] = (0..g.strategies[p].len())
                .map(|k| if k == s { Q::one() } else { Q::zero() })
                .collect();
            if value(g, p, &dev) > here {
                return false;
            }
        }
    }
    true
}

/// Solves a square system exactly by Gaussian elimination over the rationals.
fn linear(mut a: Vec<Vec<Q>>) -> Option<Vec<Q>> {
    let n = a.len();
    for c in 0..n {
        let r = (c..n).find(|&r| !a[r][c].is_zero())?;
        a.swap(c, r);
        let piv = a[c][c].clone();
        for v in a[c].iter_mut() {
            *v = &*v / &piv;
        }
        let pivot_row = a[c].clone();
        for (r, row) in a.iter_mut().enumerate() {
            if r != c && !row[c].is_zero() {
                let f = row[c].clone();
                for (cell, p) in row.iter_mut().zip(&pivot_row) {
                    *cell -= &f * p;
                }
            }
        }
    }
    Some(a.into_iter().map(|row| row[n].clone()).collect())
}

fn subsets(n: usize, k: usize) -> Vec<Vec<usize>> {
    if k == 0 {
        return vec![vec![]];
    }
    if n < k {
        return vec![];
    }
    let mut out = subsets(n - 1, k);
    for mut s in subsets(n - 1, k - 1) {
        s.push(n - 1);
        out.push(s);
    }
    out
}

/// Textbook support enumeration (equal-size supports, exact rationals): for a
/// non-degenerate two-player game, every Nash equilibrium.
fn support_enumeration(g: &Game) -> BTreeSet<(Vec<Q>, Vec<Q>)> {
    let (m, n) = (g.strategies[0].len(), g.strategies[1].len());
    let a = |i: usize, j: usize| g.payoffs[i * n + j][0].clone();
    let b = |i: usize, j: usize| g.payoffs[i * n + j][1].clone();
    let mut out = BTreeSet::new();
    for k in 1..=m.min(n) {
        for rows in subsets(m, k) {
            for cols in subsets(n, k) {
                // y on `cols` makes the row player indifferent on `rows`: unknowns y, v.
                let mut sys = Vec::new();
                for &i in &rows {
                    let mut r: Vec<Q> = cols.iter().map(|&j| a(i, j)).collect();
                    r.push(-Q::one());
                    r.push(Q::zero());
                    sys.push(r);
                }
                let mut r = vec![Q::one(); k];
                r.push(Q::zero());
                r.push(Q::one());
                sys.push(r);
                let Some(ys) = linear(sys) else { continue };
                let mut sys = Vec::new();
                for &j in &cols {
                    let mut r: Vec<Q> = rows.iter().map(|&i| b(i, j)).collect();
                    r.push(-Q::one());
                    r.push(Q::zero());
                    sys.push(r);
                }
                let mut r = vec![Q::one(); k];
                r.push(Q::zero());
                r.push(Q::one());
                sys.push(r);
                let Some(xs) = linear(sys) else { continue };
                if ys[..k].iter().chain(&xs[..k]).any(|v| *v <= Q::zero()) {
                    continue;
                }
                let mut x = vec![Q::zero(); m];
                let mut y = vec![Q::zero(); n];
                for (c, &i) in rows.iter().enumerate() {
                    x[i] = xs[c].clone();
                }
                for (c, &j) in cols.iter().enumerate() {
                    y[j] = ys[c].clone();
                }
                if is_nash(g, &[x.clone(), y.clone()]) {
                    out.insert((x, y));
                }
            }
        }
    }
    out
}

/// Pure equilibria by brute force, as profile lists.
fn pure_brute(g: &Game) -> BTreeSet<Vec<usize>> {
    let mut out = BTreeSet::new();
    'profiles: for i in 0..g.n_profiles() {
        let prof = g.profile(i);
        for p in 0..g.n_players() {
            for s in 0..g.strategies[p].len() {
                let mut dev = prof.clone();
                dev[p] = s;
                if g.payoffs[g.index(&dev)][p] > g.payoffs[i][p] {
                    continue 'profiles;
                }
            }
        }
        out.insert(prof);
    }
    out
}

// ------------------------------------------------------------------ hand-worked games

const STAG_HUNT: &str = r#"
game "Stag Hunt" {
  players Alice, Jack
  strategies Stag, Rabbit
  outcomes eat_stag = 4, eat_rabbit = 3, go_hungry = 0
  Stag,   Stag   -> eat_stag,   eat_stag
  Stag,   Rabbit -> go_hungry,  eat_rabbit
  Rabbit, Stag   -> eat_rabbit, go_hungry
  Rabbit, Rabbit -> eat_rabbit, eat_rabbit
}
"#;

#[test]
fn stag_hunt_has_three_equilibria_as_in_the_spec() {
    let g = game(STAG_HUNT);
    assert_eq!(g.kind, PayoffKind::Values);
    let e = solve(&g);
    assert_eq!(e.degenerate, Some(false));
    assert!(e.complete);
    assert_eq!(
        labels(&e),
        [
            "(Stag, Stag)",
            "(Rabbit, Rabbit)",
            "(Stag 3/4 + Rabbit 1/4, Stag 3/4 + Rabbit 1/4)"
        ]
    );
    let pay: Vec<Vec<String>> = e
        .equilibria
        .iter()
        .map(|x| {
            x.payoffs_exact
                .values()
                .map(|v| v.as_str().unwrap_or("").to_string())
                .collect()
        })
        .collect();
    assert_eq!(pay, [["4", "4"], ["3", "3"], ["3", "3"]]);
    let flags: Vec<(bool, bool, Risk)> = e
        .equilibria
        .iter()
        .map(|x| (x.pure, x.payoff_dominant, x.risk_dominant))
        .collect();
    assert_eq!(
        flags,
        [
            (true, true, Risk::Value(false)),
            (true, false, Risk::Value(true)),
            (false, false, Risk::Value(false))
        ]
    );
    let risk = e.risk_dominance.clone().unwrap_or_default();
    assert!(risk.contains("(3 − 0)·(3 − 0) = 9"), "{risk}");
    assert!(risk.contains("(4 − 3)·(4 − 3) = 1"), "{risk}");
    assert!(
        risk.starts_with("(Rabbit, Rabbit) is risk dominant"),
        "{risk}"
    );
    assert!(
        e.payoff_dominance
            .starts_with("(Stag, Stag) is payoff dominant")
    );
}

#[test]
fn prisoners_dilemma() {
    let g = game(
        "game PD { players A, B; strategies C, D; C, C -> 3, 3; C, D -> 0, 5; D, C -> 5, 0; D, D -> 1, 1 }",
    );
    let e = solve(&g);
    assert_eq!(labels(&e), ["(D, D)"]);
    assert_eq!(e.degenerate, Some(false));
    let d = report::dominance(&g);
    for p in &d.players {
        assert_eq!(p.strictly_dominant.as_deref(), Some("D"));
        assert_eq!(p.weakly_dominant.as_deref(), Some("D"));
    }
    assert_eq!(d.solution.as_deref(), Some("(D, D)"));
    assert_eq!(d.elimination.len(), 2);
}

#[test]
fn battle_of_the_sexes() {
    let g = game(
        "game BoS { players Row, Col; strategies Opera, Football
         Opera, Opera -> 2, 1; Opera, Football -> 0, 0; Football, Opera -> 0, 0; Football, Football -> 1, 2 }",
    );
    let e = solve(&g);
    assert_eq!(
        labels(&e),
        [
            "(Opera, Opera)",
            "(Football, Football)",
            "(Opera 2/3 + Football 1/3, Opera 1/3 + Football 2/3)"
        ]
    );
    assert_eq!(e.equilibria[2].payoffs_exact["Row"], "2/3");
    assert_eq!(e.equilibria[2].payoffs_exact["Col"], "2/3");
    // Neither is better for both; the deviation losses tie: 2·1 = 1·2.
    assert!(e.equilibria.iter().all(|x| !x.payoff_dominant));
    assert!(
        e.equilibria
            .iter()
            .all(|x| x.risk_dominant == Risk::Value(false))
    );
    assert!(e.risk_dominance.unwrap_or_default().starts_with("neither"));
}

#[test]
fn matching_pennies_has_only_a_mixed_equilibrium() {
    let g = game(
        "game MP { players Even, Odd; strategies Heads, Tails
         Heads, Heads -> 1, -1; Heads, Tails -> -1, 1; Tails, Heads -> -1, 1; Tails, Tails -> 1, -1 }",
    );
    let e = solve(&g);
    assert_eq!(
        labels(&e),
        ["(Heads 1/2 + Tails 1/2, Heads 1/2 + Tails 1/2)"]
    );
    assert_eq!(e.equilibria[0].payoffs_exact["Even"], "0");
    assert!(!e.equilibria[0].pure);
    assert!(report::best_responses(&g).mutual.is_empty());
}

#[test]
fn chicken() {
    let g = game(
        "game Chicken { players A, B; strategies Swerve, Straight
         Swerve, Swerve -> 0, 0; Swerve, Straight -> -1, 1; Straight, Swerve -> 1, -1; Straight, Straight -> -10, -10 }",
    );
    let e = solve(&g);
    assert_eq!(
        labels(&e),
        [
            "(Swerve, Straight)",
            "(Straight, Swerve)",
            "(Swerve 9/10 + Straight 1/10, Swerve 9/10 + Straight 1/10)"
        ]
    );
    assert_eq!(e.equilibria[2].payoffs_exact["A"], "-1/10");
    // Each pure equilibrium favours one driver: none is payoff dominant.
    assert!(e.equilibria.iter().all(|x| !x.payoff_dominant));
}

#[test]
fn rock_paper_scissors_3x3_unique_mixed() {
    let g = game(
        "game RPS { players A, B; strategies R, P, S
         R, R -> 0, 0; R, P -> -1, 1; R, S -> 1, -1
         P, R -> 1, -1; P, P -> 0, 0; P, S -> -1, 1
         S, R -> -1, 1; S, P -> 1, -1; S, S -> 0, 0 }",
    );
    let e = solve(&g);
    assert_eq!(
        labels(&e),
        ["(R 1/3 + P 1/3 + S 1/3, R 1/3 + P 1/3 + S 1/3)"]
    );
    assert!(e.risk_dominance.is_none(), "not a 2 × 2 game");
    let json = serde_json::to_value(&e).expect("json");
    assert!(json["equilibria"][0].get("risk_dominant").is_none());
}

#[test]
fn asymmetric_3x3_unique_mixed_with_fractions_and_decimals() {
    // A 3 × 3 game whose only equilibrium is fully mixed; written with fractions,
    // decimals and negative numbers.
    let g = game(
        "game G { players Row, Col; strategies Row: a, b, c; strategies Col: x, y, z
         a, x -> 0, 1; a, y -> 2, 0; a, z -> -1, 0.5
         b, x -> 1, 0; b, y -> 0, 3/2; b, z -> 1, 0
         c, x -> -0.5, 0; c, y -> 1/2, 0; c, z -> 0, 1 }",
    );
    let e = solve(&g);
    assert_eq!(e.degenerate, Some(false));
    let set = support_enumeration(&g);
    assert_eq!(e.equilibria.len(), set.len());
    for x in &e.equilibria {
        assert!(is_nash(&g, &strategies_of(&g, x)));
    }
}

#[test]
fn ranked_outcomes_give_pure_equilibria_and_payoff_dominance_only() {
    let g = game(
        "game Hunt { players Alice, Jack; strategies Stag, Rabbit
         outcomes eat_stag > eat_rabbit > go_hungry
         Stag, Stag -> eat_stag, eat_stag; Stag, Rabbit -> go_hungry, eat_rabbit
         Rabbit, Stag -> eat_rabbit, go_hungry; Rabbit, Rabbit -> eat_rabbit, eat_rabbit }",
    );
    assert!(g.ordinal());
    let e = solve(&g);
    assert!(!e.mixed_searched);
    assert_eq!(e.degenerate, None);
    assert_eq!(labels(&e), ["(Stag, Stag)", "(Rabbit, Rabbit)"]);
    assert!(e.equilibria[0].payoff_dominant);
    assert!(
        e.equilibria
            .iter()
            .all(|x| x.risk_dominant == Risk::Undetermined)
    );
    assert!(
        e.risk_dominance
            .unwrap_or_default()
            .contains("not determined by a ranking")
    );
    assert!(
        e.notes
            .iter()
            .any(|n| n.contains("mixed equilibria are not determined"))
    );
    let json = serde_json::to_value(solve(&g)).expect("json");
    assert!(json["equilibria"][0]["risk_dominant"].is_null());
    // Ties in a ranking: `=`.
    let t = game(
        "game T { players A, B; strategies X, Y; outcomes good > ok = fine > bad
         X, X -> ok, fine; X, Y -> bad, good; Y, X -> good, bad; Y, Y -> fine, ok }",
    );
    assert_eq!(t.payoffs[0], vec![q("1"), q("1")]);
}

#[test]
fn degenerate_game_is_said_to_be_and_its_list_is_correct() {
    // Column is indifferent between X and Y whatever Row does: a continuum of equilibria
    // (X, any mix) — the extreme ones are (X, X) and (X, Y).
    let g = game(
        "game Z { players A, B; strategies X, Y; X, X -> 1, 1; X, Y -> 1, 1; Y, X -> 0, 0; Y, Y -> 0, 0 }",
    );
    let e = solve(&g);
    assert_eq!(e.degenerate, Some(true));
    assert!(!e.complete);
    assert_eq!(labels(&e), ["(X, X)", "(X, Y)"]);
    assert_eq!(e.segments, vec![[1, 2]]);
    assert!(e.notes[0].contains("degenerate"));
    for x in &e.equilibria {
        assert!(is_nash(&g, &strategies_of(&g, x)));
    }
    // A degenerate game whose equilibria have supports of different sizes.
    let g = game(
        "game U { players Row, Col; strategies Row: T, M, D; strategies Col: L, R
         T, L -> 3, 3; T, R -> 3, 3; M, L -> 2, 2; M, R -> 5, 6; D, L -> 0, 3; D, R -> 6, 1 }",
    );
    let e = solve(&g);
    assert_eq!(e.degenerate, Some(true));
    assert!(!e.equilibria.is_empty());
    for x in &e.equilibria {
        assert!(is_nash(&g, &strategies_of(&g, x)), "{}", x.label);
    }
}

#[test]
fn dominance_weak_and_iterated() {
    // Weak: Row's Up is never worse and sometimes better.
    let g = game(
        "game W { players Row, Col; strategies Row: Up, Down; strategies Col: L, R
         Up, L -> 1, 0; Up, R -> 1, 0; Down, L -> 1, 0; Down, R -> 0, 0 }",
    );
    let d = report::dominance(&g);
    assert_eq!(d.players[0].strictly_dominant, None);
    assert_eq!(d.players[0].weakly_dominant.as_deref(), Some("Up"));
    assert!(d.elimination.is_empty(), "weak domination removes nothing");
    // Iterated: R is strictly dominated for Col, then Down for Row.
    let g = game(
        "game I { players Row, Col; strategies Row: Up, Down; strategies Col: L, M, R
         Up, L -> 1, 0; Up, M -> 1, 2; Up, R -> 0, 1
         Down, L -> 0, 3; Down, M -> 0, 1; Down, R -> 2, 0 }",
    );
    let d = report::dominance(&g);
    let steps: Vec<(usize, String, String)> = d
        .elimination
        .iter()
        .map(|s| (s.round, s.player.clone(), s.strategy.clone()))
        .collect();
    assert_eq!(
        steps,
        [
            (1, "Col".to_string(), "R".to_string()),
            (2, "Row".to_string(), "Down".to_string()),
            (3, "Col".to_string(), "L".to_string())
        ]
    );
    assert_eq!(d.solution.as_deref(), Some("(Up, M)"));
}

#[test]
fn best_responses_per_opponent_profile() {
    let b = report::best_responses(&game(STAG_HUNT));
    assert_eq!(b.players[0].responses[0].against, "Jack Stag");
    assert_eq!(b.players[0].responses[0].best, ["Stag"]);
    assert_eq!(b.players[0].responses[1].best, ["Rabbit"]);
    assert_eq!(b.mutual, ["(Stag, Stag)", "(Rabbit, Rabbit)"]);
}

#[test]
fn three_players_pure_equilibria() {
    let g = game(
        "game Three { players A, B, C; strategies X, Y
         X, X, X -> 1, 1, 1; X, X, Y -> 0, 0, 2; X, Y, X -> 0, 2, 0; X, Y, Y -> 0, 0, 0
         Y, X, X -> 2, 0, 0; Y, X, Y -> 0, 0, 0; Y, Y, X -> 0, 0, 0; Y, Y, Y -> 1, 1, 1 }",
    );
    let e = solve(&g);
    assert!(!e.mixed_searched);
    assert_eq!(
        labels(&e),
        ["(X, X, Y)", "(X, Y, X)", "(Y, X, X)", "(Y, Y, Y)"]
    );
    assert!(e.notes[0].contains("only pure equilibria"));
}

// ------------------------------------------------------------------ through the file

#[test]
fn parse_to_answer_text_and_json() {
    let src = format!(
        "{STAG_HUNT}\nequilibria of \"Stag Hunt\"?\ndominant strategies of \"Stag Hunt\"?\nbest responses of \"Stag Hunt\"?\n"
    );
    let result = run_source("stag.ally", &src, None);
    assert!(result.report.diags.is_empty(), "{:?}", result.report.diags);
    let text = ally_core::render::text::file(&result, false);
    assert!(text.contains("Stag 3/4 + Rabbit 1/4"), "{text}");
    assert!(text.contains("payoff dominant"), "{text}");
    assert!(text.contains("risk dominant"), "{text}");
    let doc = ally_core::render::json::file(&result, &src);
    let q = &doc["queries"][0];
    assert_eq!(q["kind"], "equilibria");
    let eqs = q["answer"]["equilibria"].as_array().expect("list");
    assert_eq!(eqs.len(), 3);
    for e in eqs {
        for field in [
            "strategies",
            "payoffs",
            "pure",
            "payoff_dominant",
            "risk_dominant",
        ] {
            assert!(e.get(field).is_some(), "missing {field}: {e}");
        }
    }
    assert_eq!(eqs[2]["strategies"]["Alice"]["Stag"], 0.75);
    assert_eq!(eqs[2]["probabilities"]["Alice"]["Stag"], "3/4");
    assert_eq!(eqs[0]["payoffs"]["Jack"], 4.0);
    assert_eq!(q["answer"]["degenerate"], false);
    assert!(matches!(&result.entries[1], Entry::Query(x) if x.kind == "dominant_strategies"));
}

#[test]
fn too_large_games_are_refused() {
    let mut rows = String::new();
    for i in 0..12 {
        for j in 0..12 {
            rows.push_str(&format!(
                "s{i}, s{j} -> {}, {}\n",
                (i * 7 + j * 3) % 11,
                (i * 5 + j * 2) % 13
            ));
        }
    }
    let strategies: Vec<String> = (0..12).map(|i| format!("s{i}")).collect();
    let src = format!(
        "game Big {{\nplayers A, B\nstrategies {}\n{rows}}}\nequilibria of Big?\nbest responses of Big?\n",
        strategies.join(", ")
    );
    let result = run_source("big.ally", &src, None);
    let codes: Vec<&str> = result.report.diags.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["ally::too_large"]);
    // Other questions about the same game are still answered.
    assert!(matches!(&result.entries[1], Entry::Query(x) if x.answer.is_some()));
}

// ------------------------------------------------------------------ random games

#[test]
fn random_two_player_games_agree_with_support_enumeration() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut checked = 0;
    for m in 1..=6 {
        for n in 1..=6 {
            let tries = if m * n > 16 { 3 } else { 6 };
            for _ in 0..tries {
                let g = random_game(&mut rng, &[m, n], -1000, 1000);
                let e = solve(&g);
                // Every reported profile is a Nash equilibrium, checked exactly here.
                for x in &e.equilibria {
                    assert!(is_nash(&g, &strategies_of(&g, x)), "{m}×{n}: {}", x.label);
                }
                assert_eq!(e.degenerate, Some(false), "random payoffs are generic");
                assert_eq!(e.equilibria.len() % 2, 1, "{m}×{n}: an odd number");
                let want = support_enumeration(&g);
                let got: BTreeSet<(Vec<Q>, Vec<Q>)> = e
                    .equilibria
                    .iter()
                    .map(|x| {
                        let s = strategies_of(&g, x);
                        (s[0].clone(), s[1].clone())
                    })
                    .collect();
                assert_eq!(got, want, "{m}×{n}");
                // Pure ones agree with brute force too.
                let pure: BTreeSet<Vec<usize>> = pure_brute(&g);
                assert_eq!(e.equilibria.iter().filter(|x| x.pure).count(), pure.len());
                checked += 1;
            }
        }
    }
    assert!(checked > 100);
}

#[test]
fn random_small_payoffs_are_still_answered_correctly() {
    // Payoffs in 0..3 make many games degenerate: whatever is listed must be correct,
    // and a non-degenerate verdict must come with the complete, odd list.
    let mut rng = Rng(42);
    for _ in 0..200 {
        let m = rng.int(1, 4) as usize;
        let n = rng.int(1, 4) as usize;
        let g = random_game(&mut rng, &[m, n], 0, 3);
        let e = solve(&g);
        assert!(!e.equilibria.is_empty(), "every game has an equilibrium");
        for x in &e.equilibria {
            assert!(is_nash(&g, &strategies_of(&g, x)), "{}", x.label);
        }
        let pure = pure_brute(&g);
        assert_eq!(e.equilibria.iter().filter(|x| x.pure).count(), pure.len());
        if e.degenerate == Some(false) {
            assert_eq!(e.equilibria.len() % 2, 1);
            assert_eq!(e.equilibria.len(), support_enumeration(&g).len());
        }
    }
}

#[test]
fn random_three_player_games_pure_equilibria_by_brute_force() {
    let mut rng = Rng(7);
    for _ in 0..60 {
        let sizes = [
            rng.int(1, 4) as usize,
            rng.int(1, 4) as usize,
            rng.int(1, 4) as usize,
        ];
        let g = random_game(&mut rng, &sizes, -5, 5);
        let e = solve(&g);
        let got: BTreeSet<Vec<usize>> = e
            .equilibria
            .iter()
            .map(|x| {
                strategies_of(&g, x)
                    .iter()
                    .map(|v| v.iter().position(|p| p.is_one()).expect("pure"))
                    .collect()
            })
            .collect();
        assert_eq!(got, pure_brute(&g), "{sizes:?}");
    }
}

#[test]
fn ten_by_ten_is_solved() {
    let mut rng = Rng(2024);
    let g = random_game(&mut rng, &[10, 10], -1000, 1000);
    let e = solve(&g);
    assert_eq!(e.degenerate, Some(false));
    assert_eq!(e.equilibria.len() % 2, 1);
    for x in &e.equilibria {
        assert!(is_nash(&g, &strategies_of(&g, x)));
    }
}

// ------------------------------------------------------------------ diagnostics

const GOOD_ROWS: &str = "X, X -> 1, 1; X, Y -> 0, 2; Y, X -> 2, 0; Y, Y -> 0, 0";

#[test]
fn a_missing_profile_is_named() {
    let src = "game G { players A, B; strategies X, Y; X, X -> 1, 1; X, Y -> 0, 2; Y, X -> 2, 0 }";
    assert_eq!(codes_of(src), ["ally::game_profile"]);
    assert!(
        messages_of(src)[0].contains("(Y, Y)"),
        "{:?}",
        messages_of(src)
    );
}

#[test]
fn a_profile_given_twice() {
    let src = format!("game G {{ players A, B; strategies X, Y; {GOOD_ROWS}; X, Y -> 5, 5 }}");
    assert_eq!(codes_of(&src), ["ally::game_profile"]);
    assert!(messages_of(&src)[0].contains("given twice"));
}

#[test]
fn wrong_number_of_payoffs_or_strategies() {
    let src = "game G { players A, B; strategies X, Y; X, X -> 1, 1, 1; X, Y -> 0, 2; Y, X -> 2, 0; Y, Y -> 0, 0 }";
    assert_eq!(codes_of(src), ["ally::bad_game"]);
    assert_eq!(
        messages_of(src),
        ["payoff row has 3 values but the game has 2 players"]
    );
    let src = "game G { players A, B; strategies X, Y; X -> 1, 1; X, Y -> 0, 2; Y, X -> 2, 0; Y, Y -> 0, 0 }";
    assert_eq!(
        messages_of(src),
        ["this row names 1 strategies but the game has 2 players"]
    );
}

#[test]
fn an_unknown_strategy_gets_a_did_you_mean() {
    let src = "game G { players A, B; strategies Stag, Rabbit
      Stag, Stag -> 1, 1; Stag, Rabit -> 0, 2; Rabbit, Stag -> 2, 0; Rabbit, Rabbit -> 0, 0 }";
    let (stmts, _) = parse(src);
    let mut checker = ally_core::model::check::Checker::new();
    checker.check_all(&stmts);
    let d = &checker.diags[0];
    assert_eq!(d.code, "ally::unknown_strategy");
    assert_eq!(d.help.as_deref(), Some("did you mean `Rabbit`?"));
    assert_eq!(checker.diags.len(), 1, "no cascade of missing profiles");
}

#[test]
fn an_unknown_outcome() {
    let src = "game G { players A, B; strategies X, Y; outcomes win = 2, lose = 0
      X, X -> win, win; X, Y -> lose, wn; Y, X -> win, lose; Y, Y -> lose, lose }";
    assert_eq!(codes_of(src), ["ally::unknown_outcome"]);
    let src = "game G { players A, B; strategies X, Y
      X, X -> win, win; X, Y -> 0, 1; Y, X -> 1, 0; Y, Y -> 0, 0 }";
    assert_eq!(
        codes_of(src),
        ["ally::unknown_outcome", "ally::unknown_outcome"]
    );
}

#[test]
fn a_player_without_strategies() {
    let src = "game G { players A, B; strategies A: X, Y; X, X -> 1, 1 }";
    assert_eq!(codes_of(src), ["ally::bad_game"]);
    assert_eq!(messages_of(src), ["player `B` has no strategies"]);
}

#[test]
fn other_game_mistakes() {
    // One player.
    assert_eq!(
        codes_of("game G { players A; strategies X; X -> 1 }"),
        ["ally::bad_game"]
    );
    // A number among ranked outcomes.
    let src = "game G { players A, B; strategies X, Y; outcomes good > bad
      X, X -> good, 1; X, Y -> bad, good; Y, X -> good, bad; Y, Y -> bad, bad }";
    assert_eq!(codes_of(src), ["ally::bad_game"]);
    // A player listed twice, an unknown player in `strategies P: …`.
    let src = format!("game G {{ players A, A, B; strategies X, Y; {GOOD_ROWS} }}");
    assert_eq!(codes_of(&src), ["ally::duplicate_declaration"]);
    let src = format!("game G {{ players A, B; strategies X, Y; strategies C: X; {GOOD_ROWS} }}");
    assert_eq!(codes_of(&src), ["ally::bad_game"]);
    // A query about a game with mistakes adds no noise of its own.
    let src = "game G { players A, B; strategies X, Y; X, X -> 1, 1 }\nequilibria of G?";
    assert_eq!(codes_of(src), ["ally::game_profile"]);
}

/// The vertex enumeration polls a cancel handle (issue 10 item 5): raised, it stops with
/// `Cancelled`; never raised, the same game is solved.
#[test]
fn the_enumeration_stops_when_cancelled() {
    use ally_core::cancel::{Cancel, Cancelled};
    use ally_core::games::nash::TooLarge;

    let g = game(
        "game Chicken { players Row, Column; strategies Swerve, Straight
           Swerve, Swerve -> 3, 3; Swerve, Straight -> 2, 4
           Straight, Swerve -> 4, 2; Straight, Straight -> 1, 1 }",
    );
    let cancel = Cancel::new();
    assert_eq!(
        report::equilibria_with(&g, &cancel).map(|e| e.equilibria.len()),
        Ok(3)
    );
    cancel.cancel();
    assert_eq!(
        report::equilibria_with(&g, &cancel).map(|e| e.equilibria.len()),
        Err(TooLarge::Cancelled(Cancelled::Interrupted))
    );
}

// ------------------------------------------------------------------ memory (issue 12 item 5)

/// A game text with `m` row and `n` column strategies and payoffs `f(i, j)`.
fn game_text(m: usize, n: usize, f: impl Fn(usize, usize) -> (i64, i64)) -> String {
    let mut s = String::from("game G {\nplayers A, B\nstrategies A: ");
    let names = |p: &str, k: usize| (0..k).map(|i| format!("{p}{i}")).collect::<Vec<_>>();
    s.push_str(&names("r", m).join(", "));
    s.push_str("\nstrategies B: ");
    s.push_str(&names("c", n).join(", "));
    s.push('\n');
    for i in 0..m {
        for j in 0..n {
            let (a, b) = f(i, j);
            s.push_str(&format!("r{i}, c{j} -> {a}, {b}\n"));
        }
    }
    s.push_str("}\nequilibria of G?\n");
    s
}

/// Runs `ally run` on `src` with its address space capped at `mib` MiB (RLIMIT_AS, set by
/// the shell before `exec`): a run that needs more aborts instead of passing.
fn run_capped(src: &str, mib: usize) -> std::process::Output {
    let dir = std::env::temp_dir().join(format!("ally-games-mem-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("g{}.ally", src.len()));
    std::fs::write(&file, src).unwrap();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {}; exec \"$0\" run \"$1\"", mib * 1024))
        .arg(env!("CARGO_BIN_EXE_ally"))
        .arg(&file)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&file);
    out
}

/// A 1 × 3000 game in which every profile pays the same has 3000 extreme equilibria
/// (the row player's one strategy against each column): listing them took a dense
/// vector of 3001 fractions each and 4.5 million segment comparisons. It is refused,
/// naming the true count, in a bounded address space.
#[test]
fn a_game_with_thousands_of_equilibria_is_refused_with_their_count() {
    let out = run_capped(&game_text(1, 3000, |_, _| (0, 0)), 1024);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("ally::too_large"), "{err}");
    assert!(err.contains("has 3000 extreme equilibria"), "{err}");
}

/// A 2 × 400 game (80,601 bases, well under the limit) keeps one vertex per feasible
/// basis of the column player's polytope — tens of thousands of them. Stored densely
/// (400 big integers each) they took more than a gigabyte; stored by their support they
/// fit in a small address space, and the answer is the one brute force gives: here
/// every column's best reply is the row that pays the column player more, so the
/// equilibria can be counted by hand.
#[test]
fn a_long_game_is_solved_in_bounded_memory() {
    // Row payoffs: r0 is best against even columns, r1 against odd ones; the column
    // player gets 1 for (r0, c0) and (r1, c1) and 0 elsewhere, so the pure equilibria
    // are exactly (r0, c0) and (r1, c1).
    let src = game_text(2, 400, |i, j| {
        let row = if (j % 2 == 0) == (i == 0) { 2 } else { 1 };
        let col = i64::from((i == 0 && j == 0) || (i == 1 && j == 1));
        (row, col)
    });
    let out = run_capped(&src, 1024);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("(r0, c0)") && text.contains("(r1, c1)"),
        "{text}"
    );
}

/// A 200 × 200 game is refused with the number of its bases, C(400, 200) ≈ 1.03e119, not
/// the saturated `u128` maximum.
#[test]
fn a_huge_game_is_refused_with_its_true_number_of_bases() {
    let src = game_text(200, 200, |i, j| {
        ((i * 7 + j) as i64 % 5, (i + j * 3) as i64 % 7)
    });
    let result = run_source("big.ally", &src, None);
    let messages: Vec<&str> = result
        .report
        .diags
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("about 1.02e119 bases"), "{messages:?}");
    assert!(
        !messages[0].contains(&u128::MAX.to_string()),
        "{messages:?}"
    );
}

// ------------------------------------------------------------------ honest labels

#[test]
fn a_pareto_dominated_equilibrium_says_by_what() {
    // The Prisoner's Dilemma's lesson: (D, D) is the only equilibrium, "payoff dominant"
    // trivially, and both players would rather have (C, C).
    let src = "game PD { players A, B; strategies C, D; C, C -> 3, 3; C, D -> 0, 5; D, C -> 5, 0; D, D -> 1, 1 }\nequilibria of PD?\n";
    let g = game(src);
    let e = solve(&g);
    assert_eq!(e.equilibria[0].pareto_dominated_by, ["(C, C)"]);
    let r = run_source("t.ally", src, None);
    let text = ally_core::render::text::file(&r, false);
    assert!(
        text.contains("· payoff dominant · Pareto-dominated by (C, C)\n"),
        "{text}"
    );
    let doc = ally_core::render::json::file(&r, src);
    assert_eq!(
        doc["queries"][0]["answer"]["equilibria"][0]["pareto_dominated_by"],
        serde_json::json!(["(C, C)"])
    );
    let md = ally_core::render::markdown::file(&r);
    assert!(md.contains("| Pareto-dominated by |"), "{md}");
    assert!(md.contains("| (C, C) |"), "{md}");
    // The Stag Hunt: (Rabbit, Rabbit) and the mixed equilibrium, both (3, 3), are
    // dominated by (Stag, Stag); (Stag, Stag) by nothing.
    let stag = solve(&game(
        "game S { players A, B; strategies Stag, Rabbit; Stag, Stag -> 4, 4; Stag, Rabbit -> 0, 3; Rabbit, Stag -> 3, 0; Rabbit, Rabbit -> 3, 3 }",
    ));
    let by: Vec<&[String]> = stag
        .equilibria
        .iter()
        .map(|q| q.pareto_dominated_by.as_slice())
        .collect();
    assert_eq!(
        by,
        [
            &[][..],
            &["(Stag, Stag)".to_string()][..],
            &["(Stag, Stag)".to_string()][..]
        ]
    );
}

/// The pure profiles that Pareto-dominate `v` and that nothing Pareto-dominates, from
/// the definition, by comparing every pair of profiles.
fn efficient_dominators(g: &Game, v: &[Q]) -> Vec<String> {
    let better = |a: &[Q], b: &[Q]| {
        a.iter().zip(b).all(|(x, y)| x >= y) && a.iter().zip(b).any(|(x, y)| x > y)
    };
    (0..g.n_profiles())
        .filter(|&i| better(&g.payoffs[i], v))
        .filter(|&i| !(0..g.n_profiles()).any(|j| better(&g.payoffs[j], &g.payoffs[i])))
        .take(report::MAX_PARETO_LISTED)
        .map(|i| g.profile_text(&g.profile(i)))
        .collect()
}

#[test]
fn pareto_dominators_match_the_definition_on_random_games() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut dominated = 0;
    for round in 0..300 {
        let sizes: &[usize] = match round % 3 {
            0 => &[2, 2],
            1 => &[3, 4],
            _ => &[2, 2, 3],
        };
        let g = random_game(&mut rng, sizes, 0, 4);
        for q in &solve(&g).equilibria {
            let want = efficient_dominators(&g, &q.payoff_vector);
            dominated += usize::from(!want.is_empty());
            assert_eq!(q.pareto_dominated_by, want, "{} in game {round}", q.label);
        }
    }
    assert!(dominated > 50, "only {dominated} dominated equilibria seen");
}

#[test]
fn a_ranked_game_is_never_called_degenerate() {
    let src = "game R { players A, B; strategies Stag, Rabbit; outcomes best > good > bad\nStag, Stag -> best, best; Stag, Rabbit -> bad, good; Rabbit, Stag -> good, bad; Rabbit, Rabbit -> good, good }\nequilibria of R?\nexpect equilibria of R = 2\n";
    let r = run_source("t.ally", src, None);
    let text = ally_core::render::text::file(&r, false);
    assert!(!text.to_lowercase().contains("degenerate"), "{text}");
    assert!(
        text.contains(
            "expect equilibria of R = 2 … ok — 2 pure equilibria: (Stag, Stag); (Rabbit, Rabbit)\n"
        ),
        "{text}"
    );
    let md = ally_core::render::markdown::file(&r);
    assert!(md.contains("payoffs are ranks"), "{md}");
    assert!(!md.contains("outcome ranking"), "{md}");
}
