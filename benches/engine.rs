//! SPEC §6 targets for the alignment engine: exact two-bloc search with every stable
//! alignment and basin at 16 and 20 states, and the heuristic at 100 and 1,000 states.

use std::hint::black_box;

use ally::engine::{Landscape, Limits, solve};
use criterion::{Criterion, criterion_group, criterion_main};

/// A random landscape from a fixed seed (splitmix64), so runs compare.
fn landscape(n: usize, seed: u64) -> Landscape {
    let mut state = seed;
    let mut unit = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    let sizes = (0..n).map(|_| 0.05 + unit()).collect();
    let mut propensity = vec![0.0; n * n];
    for i in 0..n {
        for j in i + 1..n {
            let p = 2.0 * unit() - 1.0;
            propensity[i * n + j] = p;
            propensity[j * n + i] = p;
        }
    }
    Landscape {
        sizes,
        propensity,
        blocs: 2,
    }
}

fn exact(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine_exact_2_blocs");
    for n in [16, 20] {
        let l = landscape(n, 42);
        let limits = Limits::default();
        group.bench_function(format!("{n}_states"), |b| {
            b.iter(|| solve(black_box(&l), &limits).map(|s| s.stable.len()))
        });
    }
    group.finish();
}

fn heuristic(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine_heuristic_2_blocs");
    group.sample_size(10);
    for n in [100, 1000] {
        let l = landscape(n, 42);
        let limits = Limits::default();
        group.bench_function(format!("{n}_states"), |b| {
            b.iter(|| solve(black_box(&l), &limits).map(|s| s.stable.len()))
        });
    }
    group.finish();
}

criterion_group!(benches, exact, heuristic);
criterion_main!(benches);
