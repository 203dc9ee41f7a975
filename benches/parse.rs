//! Parse + check + build the graph of a generated scenario: 10,000 states and 100,000
//! relations (SPEC §6: under 1 s).

use std::fmt::Write;

use criterion::{Criterion, criterion_group, criterion_main};

/// A deterministic scenario of `states` states and `relations` relations, the same
/// shape as `tools/gen-scenario.py` writes.
fn scenario(states: usize, relations: usize) -> String {
    let mut s = String::with_capacity(states * 60 + relations * 30);
    s.push_str("scenario \"generated\"\nideology red, blue, green\n");
    let ideo = ["red", "blue", "green"];
    for i in 0..states {
        let _ = writeln!(
            s,
            "state S{i} {{ power 0.{:04} ideology {} offense 1.{} }}",
            1 + (i * 7919) % 9999,
            ideo[i % 3],
            i % 10
        );
    }
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |m: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % m as u64) as usize
    };
    for r in 0..relations {
        let a = next(states);
        let b = (a + 1 + next(states - 1)) % states;
        let _ = match r % 4 {
            0 => writeln!(s, "border S{a} ~ S{b}"),
            1 => writeln!(s, "threat S{a} -> S{b} 0.{}", 1 + r % 9),
            2 => writeln!(s, "offer S{a} -> S{b} {}", r % 100),
            _ => writeln!(s, "distance S{a} ~ S{b} = 0.{}", 1 + r % 9),
        };
    }
    s
}

fn bench(c: &mut Criterion) {
    let src = scenario(10_000, 100_000);
    let mut group = c.benchmark_group("parse");
    group.sample_size(10);
    group.bench_function("check 10k states 100k relations", |b| {
        b.iter(|| {
            let (checker, report) = ally_core::document::check_source("generated.ally", &src);
            // Duplicated pairs are reported, not fatal; the graph is still built.
            std::hint::black_box((
                checker.state.scenario.graph.edge_count(),
                report.diags.len(),
            ))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
