//! Issue 28 item 4: 10,000 draws of an uncertain 20-state scenario, each solved exactly,
//! in under 3 s (and of a 30-state one in under 30 s): `chances of alignments?` through
//! `ally_core::document::run_source`, as `ally run` answers it.
//!
//! The scenarios are generated ([`scenario`]): every power a range (±15 % around a
//! value in [0.2, 1.2]), a ring of borders with chords, one threat from each state with
//! an intent range 0.4 wide, an alliance with an uncertain reliability, three ideologies
//! (affinity 0 between different ones, declared), under `model balancing 1, ideology
//! 0.2` — `2n + 1` uncertain inputs, every propensity of the landscape redrawn each
//! draw. The peer in the same run is one exact solve of the landscape at the middle of
//! every range, with the limits a draw has: 10,000 draws cost about 10,000 such solves,
//! and the rest is what drawing adds.
//!
//! The same binary measures one run outside criterion, and writes the scenarios:
//!
//! ```sh
//! cargo bench --bench chance                                # criterion, every size
//! ALLY_CHANCE=20:10000 cargo bench --bench chance           # n = 20, 10,000 draws: seconds
//! ALLY_CHANCE_WRITE=20:10000 cargo bench --bench chance > s.ally   # the scenario itself
//! ```

use std::fmt::Write;
use std::hint::black_box;
use std::time::Instant;

use ally_core::chance::random::SplitMix64;
use criterion::{Criterion, criterion_group};

/// An uncertain scenario of `n` states asking `chances of alignments?` over `draws`.
fn scenario(n: usize, draws: usize) -> String {
    let mut rng = SplitMix64(0xA11C_E5ED ^ n as u64);
    let mut unit = move || rng.unit();
    let mut s = format!(
        "scenario \"uncertain {n}\"\nideology red, blue, green\naffinity red ~ blue = 0\naffinity red ~ green = 0\naffinity blue ~ green = 0\nmodel balancing 1, ideology 0.2\ndraws {draws}\nseed 1\n"
    );
    let ideo = ["red", "blue", "green"];
    for i in 0..n {
        let p = 0.2 + unit();
        let _ = writeln!(
            s,
            "state S{i} {{ power {:.4}..{:.4} ideology {} }}",
            p * 0.85,
            p * 1.15,
            ideo[i % 3]
        );
    }
    for i in 0..n {
        let _ = writeln!(s, "border S{i} ~ S{}", (i + 1) % n);
        if i % 4 == 0 && n > 8 {
            let _ = writeln!(s, "border S{i} ~ S{}", (i + n / 2) % n);
        }
    }
    for i in 0..n {
        let j = (i + 1 + (unit() * (n - 1) as f64) as usize) % n;
        let lo = 0.6 * unit();
        let _ = writeln!(s, "threat S{i} -> S{j} {lo:.3}..{:.3}", lo + 0.4);
    }
    let _ = writeln!(
        s,
        "alliance Pact {{ S0, S{}, S{} }} reliability 0.5..0.9",
        n / 3,
        2 * n / 3
    );
    s.push_str("chances of alignments?\n");
    s
}

/// Runs the file; the seconds it took.
fn run(src: &str) -> f64 {
    let t = Instant::now();
    let r = ally_core::document::run_source("chance.ally", src, None);
    assert!(!r.report.has_errors(), "{:?}", r.report.diags);
    black_box(&r);
    t.elapsed().as_secs_f64()
}

/// `N:K` from an environment variable.
fn sizes(var: &str) -> Option<(usize, usize)> {
    let v = std::env::var(var).ok()?;
    let (n, k) = v.split_once(':')?;
    Some((n.parse().ok()?, k.parse().ok()?))
}

/// One exact solve of the landscape at the middle of every range, with a draw's limits.
fn middle_solve(src: &str) -> ally_core::engine::Landscape {
    let (stmts, _) = ally_core::syntax::parse(src);
    let mut checker = ally_core::model::check::Checker::new();
    checker.check_all(&stmts);
    let s = checker.scenario();
    ally_core::theory::landscape(s, &s.model)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("chances of alignments");
    group.sample_size(10);
    for (n, draws) in [
        (10, 1000),
        (20, 1000),
        (20, 10_000),
        (25, 1000),
        (30, 1000),
        (30, 10_000),
    ] {
        let src = scenario(n, draws);
        group.bench_function(format!("{n} states, {draws} draws"), |b| {
            b.iter(|| run(&src))
        });
    }
    group.finish();
    let mut peer = c.benchmark_group("one solve at the middle (a draw's limits)");
    let limits = ally_core::chance::draw_limits(&ally_core::engine::Limits::default());
    for n in [10, 20, 25, 30] {
        let l = middle_solve(&scenario(n, 1));
        peer.bench_function(format!("{n} states"), |b| {
            b.iter(|| black_box(ally_core::engine::solve(&l, &limits).expect("solves")))
        });
    }
    peer.finish();
}

criterion_group!(benches, bench);

fn main() {
    if let Some((n, draws)) = sizes("ALLY_CHANCE_WRITE") {
        print!("{}", scenario(n, draws));
        return;
    }
    if let Some((n, draws)) = sizes("ALLY_CHANCE") {
        let src = scenario(n, draws);
        let secs = run(&src);
        println!("{n} states, {draws} draws: {secs:.3} s");
        return;
    }
    benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}
