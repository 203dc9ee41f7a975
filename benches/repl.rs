//! The REPL's answer time (issue: a query on a 20-state scenario in under 50 ms): a
//! session at the prompt, with a 20-state scenario declared, answering a typed question
//! through the same path as a person's (worker thread, text renderer).

use std::fmt::Write;
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use ally::repl::{Session, Sink};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

/// 20 states with ideologies, borders, threats, offers and an alliance.
fn scenario() -> String {
    let mut s = String::from("scenario \"twenty\"\nideology red, blue, green\n");
    let ideo = ["red", "blue", "green"];
    for i in 0..20 {
        let _ = writeln!(
            s,
            "state S{i} {{ power 0.{:02} ideology {} offense 1.{} }}",
            10 + (i * 37) % 89,
            ideo[i % 3],
            i % 10
        );
    }
    for i in 0..20 {
        let _ = writeln!(s, "border S{i} ~ S{}", (i + 1) % 20);
        let _ = writeln!(s, "threat S{i} -> S{} 0.{}", (i * 7 + 3) % 20, 1 + i % 9);
    }
    s.push_str("offer S1 -> S4 40\nalliance A { S0, S5, S9 }\n");
    s
}

/// Drops what the session prints.
struct Null;

impl Sink for Null {
    fn out(&mut self, text: &str) {
        black_box(text);
    }
    fn err(&mut self, text: &str) {
        black_box(text);
    }
}

/// A session at the prompt with the scenario declared.
fn session(src: &str) -> Session {
    let mut s = Session::new(Box::new(Null));
    s.interactive = true;
    s.set_interrupt(Arc::new(AtomicBool::new(false)));
    s.entry(src);
    assert_eq!(s.errors, 0, "the benchmark scenario has an error");
    s
}

fn bench(c: &mut Criterion) {
    let src = scenario();
    let mut group = c.benchmark_group("repl 20 states");
    group.sample_size(20);
    // A fresh session each time: the landscape is solved from scratch (2^19
    // configurations, every stable alignment and basin).
    for query in ["who allies with whom?", "stable alignments?", "why S3?"] {
        group.bench_function(format!("{query} (cold)"), |b| {
            b.iter_batched(
                || session(&src),
                |mut s| {
                    s.entry(query);
                    black_box(s)
                },
                BatchSize::PerIteration,
            )
        });
    }
    // A declaration then a question: the scenario changed, so it is solved again.
    group.bench_function("declare then ask", |b| {
        b.iter_batched(
            || session(&src),
            |mut s| {
                s.entry("threat S2 -> S11 0.7");
                s.entry("allies of S2?");
                black_box(s)
            },
            BatchSize::PerIteration,
        )
    });
    // The same scenario asked again: the solved landscape is reused.
    let mut warm = session(&src);
    warm.entry("who allies with whom?");
    group.bench_function("why S3? (warm)", |b| b.iter(|| warm.entry("why S3?")));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
