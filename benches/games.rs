//! SPEC §6: every Nash equilibrium of a random non-degenerate two-player 10 × 10 game in
//! under 1 s. Random integer payoffs in −1000..=1000 from fixed seeds (splitmix64); also
//! 6 × 6 and 8 × 8 for the trend, and the pure equilibria of a 3-player 10 × 10 × 10 game.

use std::hint::black_box;

use ally::games::report::equilibria;
use ally::games::{Game, PayoffKind, Q};
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

criterion_group!(benches, bench);
criterion_main!(benches);
