//! SPEC §6: every Nash equilibrium of a random non-degenerate two-player 10 × 10 game in
//! under 1 s. Random integer payoffs in −1000..=1000 from fixed seeds (splitmix64); also
//! 6 × 6 and 8 × 8 for the trend, and the pure equilibria of a 3-player 10 × 10 × 10 game.

use std::hint::black_box;

use ally_core::games::report::equilibria;
use ally_core::games::{Game, PayoffKind, Q};
use criterion::{Criterion, criterion_group, criterion_main};
use num_bigint::BigInt;

fn random_game(sizes: &[usize], seed: u64) -> Game {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let total: usize = sizes.iter().product();
    Game {
        name: "R".into(),
        players: (0..sizes.len()).map(|p| format!("P{p}")).collect(),
        strategies: sizes
            .iter()
            .map(|&k| (0..k).map(|s| format!("s{s}")).collect())
            .collect(),
        payoffs: (0..total)
            .map(|_| {
                (0..sizes.len())
                    .map(|_| Q::from_integer(BigInt::from((next() % 2001) as i64 - 1000)))
                    .collect()
            })
            .collect(),
        outcomes: vec![vec![None; sizes.len()]; total],
        kind: PayoffKind::Numbers,
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("equilibria");
    group.sample_size(10);
    for n in [6usize, 8, 10] {
        let games: Vec<Game> = (0..3).map(|s| random_game(&[n, n], 1000 + s)).collect();
        for g in &games {
            if let Ok(e) = equilibria(g) {
                eprintln!(
                    "{n}×{n} seed game: {} equilibria, degenerate {:?}",
                    e.equilibria.len(),
                    e.degenerate
                );
            }
        }
        group.bench_function(format!("two players {n}x{n} (3 games)"), |b| {
            b.iter(|| {
                for g in &games {
                    let _ = black_box(equilibria(black_box(g)));
                }
            })
        });
    }
    let three = random_game(&[10, 10, 10], 7);
    group.bench_function("three players 10x10x10 pure", |b| {
        b.iter(|| black_box(equilibria(black_box(&three))))
    });
    group.finish();
}

// ---------------------------------------------------------------- game trees

/// The tree of the `game` block `name` written in `.ally`.
fn tree_of(src: &str, name: &str) -> ally_core::games::tree::Tree {
    let (stmts, diags) = ally_core::syntax::parse(src);
    assert!(diags.is_empty(), "{diags:?}");
    let decl = stmts
        .iter()
        .find_map(|s| match &s.kind {
            ally_core::syntax::ast::StmtKind::Game(g) if g.name.text == name => Some(g.clone()),
            _ => None,
        })
        .expect("a game");
    ally_core::games::tree::build(&decl).0.expect("a tree")
}

/// Rosenthal's centipede with `n` moves (2n + 1 nodes): taking at move k pays the
/// mover k + 2 and the other k, more than the mover gets if the other takes next
/// (k + 1), so backward induction takes at once, the one subgame-perfect equilibrium.
fn centipede(n: usize) -> String {
    let mut body = format!("{n}, {n}");
    for k in (0..n).rev() {
        let player = if k.is_multiple_of(2) { "P1" } else { "P2" };
        let (a, b) = if k.is_multiple_of(2) {
            (k + 2, k)
        } else {
            (k, k + 2)
        };
        body = format!("{player} {{\n Take -> {a}, {b}\n Pass -> {body}\n}}");
    }
    format!("game C {{\n players P1, P2\n tree {body}\n}}\n")
}

/// A perfect-information tree of depth `depth` (binary, alternating players, a chance
/// node every third level) above 2 × 2 simultaneous games (prisoner's dilemmas with
/// random payoffs, one information set each): `2^depth` subgames with sets.
fn layered(depth: usize, seed: u64, games: bool) -> String {
    let mut state = seed;
    let mut next = move |m: u64| {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % m
    };
    let mut count = 0;
    fn node(
        d: usize,
        depth: usize,
        games: bool,
        next: &mut dyn FnMut(u64) -> u64,
        count: &mut usize,
    ) -> String {
        if d == depth && !games {
            // Payoffs from a wide range: ties, which multiply equilibria, are rare.
            return format!("{}, {}", next(1_000_000), next(1_000_000));
        }
        if d == depth {
            *count += 1;
            let set = format!("s{count}");
            // Temptation > reward > punishment > sucker, for both players.
            let (t, r, p, s) = (
                3000 + next(1000),
                2000 + next(1000),
                1000 + next(1000),
                next(1000),
            );
            return format!(
                "A {{ C -> B in \"{set}\" {{ C -> {r}, {r}; D -> {s}, {t} }}; D -> B in \"{set}\" {{ C -> {t}, {s}; D -> {p}, {p} }} }}"
            );
        }
        let l = node(d + 1, depth, games, next, count);
        let r = node(d + 1, depth, games, next, count);
        if d % 3 == 2 {
            format!("chance {{ x 1/3 -> {l}; y 2/3 -> {r} }}")
        } else {
            format!(
                "{} {{ L -> {l}; R -> {r} }}",
                if d.is_multiple_of(2) { "A" } else { "B" }
            )
        }
    }
    let body = node(0, depth, games, &mut next, &mut count);
    format!("game L {{\n players A, B\n tree {body}\n}}\n")
}

fn bench_trees(c: &mut Criterion) {
    use ally_core::cancel::Cancel;
    use ally_core::games::extensive::equilibria as tree_equilibria;
    let mut group = c.benchmark_group("trees");
    group.sample_size(20);
    let never = Cancel::never();
    // 95 moves: the deepest a tree may be written (braces nest at most 100 deep).
    let cent = tree_of(&centipede(95), "C");
    let layered5 = tree_of(&layered(5, 29, true), "L");
    let wide = tree_of(&layered(8, 31, false), "L");
    let morrow = tree_of(
        include_str!("../examples/morrow-alliances.ally"),
        "Sunk costs",
    );
    for (name, t) in [
        ("centipede", &cent),
        ("perfect information with chance", &wide),
        ("layered", &layered5),
        ("sunk costs", &morrow),
    ] {
        let spe = tree_equilibria(t, true, &never).map(|e| e.equilibria.len());
        eprintln!(
            "tree {name}: {} nodes, {} information sets, subgame-perfect equilibria {spe:?}",
            t.nodes.len(),
            t.sets.len()
        );
    }
    group.bench_function(
        format!("subgame perfect: centipede, {} nodes", cent.nodes.len()),
        |b| b.iter(|| black_box(tree_equilibria(black_box(&cent), true, &never))),
    );
    group.bench_function(
        format!(
            "subgame perfect: perfect information with chance, {} nodes",
            wide.nodes.len()
        ),
        |b| b.iter(|| black_box(tree_equilibria(black_box(&wide), true, &never))),
    );
    group.bench_function(
        format!("subgame perfect: layered, {} nodes", layered5.nodes.len()),
        |b| b.iter(|| black_box(tree_equilibria(black_box(&layered5), true, &never))),
    );
    // The peer: the same kind of answer through the whole reduced strategic form
    // (Nash equilibria), on a tree small enough for it.
    group.bench_function(
        format!("subgame perfect: sunk costs, {} nodes", morrow.nodes.len()),
        |b| b.iter(|| black_box(tree_equilibria(black_box(&morrow), true, &never))),
    );
    group.bench_function(
        format!(
            "Nash through the reduced form: sunk costs, {} nodes",
            morrow.nodes.len()
        ),
        |b| b.iter(|| black_box(tree_equilibria(black_box(&morrow), false, &never))),
    );
    group.finish();
}

criterion_group!(benches, bench, bench_trees);
criterion_main!(benches);
