//! The bounds against optima known independently: enumeration from the definition of
//! the energy, and max-cut values published for small graphs.

use super::*;
use super::{branch, triangles};
use crate::engine::{Landscape, energy};

fn landscape(n: usize, f: impl Fn(usize, usize) -> f64, sizes: Vec<f64>) -> Landscape {
    let mut p = vec![0.0; n * n];
    for i in 0..n {
        for j in i + 1..n {
            let x = f(i, j);
            p[i * n + j] = x;
            p[j * n + i] = x;
        }
    }
    Landscape {
        sizes,
        propensity: p,
        blocs: 2,
        neutral: false,
    }
}

/// The least energy by trying every configuration with state 0 in bloc 0.
fn least_by_enumeration(l: &Landscape) -> f64 {
    crate::engine::settled::tests::alignments(l.sizes.len())
        .map(|a| energy(l, &a))
        .fold(f64::INFINITY, f64::min)
}

/// Uniform draws in [0, 1): the engine's own stream (`sdp::draws`, in [−1, 1)) mapped
/// back, exactly (`2x − 1` and `(y + 1) / 2` of a 53-bit fraction round nothing).
fn splitmix(seed: u64) -> impl FnMut() -> f64 {
    let mut next = super::sdp::draws(seed);
    move || (next() + 1.0) / 2.0
}

fn bound(l: &Landscape, seconds: f64) -> f64 {
    let w = Weights::new(l).expect("valid");
    two_blocs(&w, seconds, &Cancel::never()).expect("not cancelled")
}

#[test]
fn every_bound_is_at_most_the_least_energy_by_enumeration() {
    // Dense, sparse, signed and heavy-tailed landscapes of 2–16 states; each bound
    // (negative cut, spectral, semidefinite) on its own and the best of them.
    let mut tight = 0;
    let mut cases = 0;
    for seed in 0..120u64 {
        let n = 2 + (seed as usize % 15);
        let kind = seed % 4;
        let l = drawn(n, kind, seed, 0.2);
        let least = least_by_enumeration(&l);
        let w = Weights::new(&l).expect("valid");
        let slack = 1e-12 * least.abs().max(1e-300);
        let spectral = dual_bound(&w, &vec![0.0; n]);
        let u = sdp::multipliers(&w, 400, &Cancel::never()).expect("runs");
        let semidefinite = dual_bound(&w, &u);
        let best = bound(&l, 5.0);
        for (what, b) in [
            ("negative cut", negative_cut(&w)),
            ("spectral", spectral),
            ("semidefinite", semidefinite),
            ("best", best),
        ] {
            assert!(
                b <= least + slack,
                "seed {seed} ({n} states): the {what} bound {b} is above the least energy {least}"
            );
        }
        assert!(best >= negative_cut(&w) && best >= spectral - slack.abs());
        cases += 1;
        if least - best <= 1e-6 * least.abs() {
            tight += 1;
        }
    }
    // The relaxation is exact on a good share of small landscapes (a bound that is
    // always far below would pass the test above too).
    assert!(tight * 4 >= cases, "tight on {tight} of {cases}");
}

#[test]
fn the_pentagon_and_complete_graphs_have_their_published_relaxation_values() {
    // Max-cut of the 5-cycle is 4 edges; its relaxation is (25 + 5√5)/8 = 4.5225
    // (Goemans and Williamson 1995). With w = −1 on the edges, E = −2·cut.
    let c5 = landscape(
        5,
        |i, j| {
            if j == i + 1 || (i == 0 && j == 4) {
                -1.0
            } else {
                0.0
            }
        },
        vec![1.0; 5],
    );
    assert_eq!(least_by_enumeration(&c5), -8.0);
    let relaxation = -2.0 * (25.0 + 5.0 * 5f64.sqrt()) / 8.0;
    let b = bound(&c5, 5.0);
    assert!(
        b <= relaxation + 1e-12 && b >= relaxation - 1e-6,
        "{b} against {relaxation}"
    );
    // The complete graph on an even number of vertices: the relaxation is exact,
    // n²/4 edges cut.
    for n in [2usize, 6, 20, 64] {
        let k = landscape(n, |_, _| -1.0, vec![1.0; n]);
        let least = -2.0 * (n * n / 4) as f64;
        let b = bound(&k, 5.0);
        assert!(
            b <= least && b >= least - 1e-6 * least.abs(),
            "K{n}: {b} against {least}"
        );
    }
}

#[test]
fn no_budget_leaves_the_negative_cut_and_a_rescaled_landscape_scales_its_bound() {
    let mut r = splitmix(7);
    let n = 40;
    let draws: Vec<f64> = (0..n * n).map(|_| 2.0 * r() - 1.0).collect();
    let l = landscape(n, |i, j| draws[i * n + j], vec![1.0; n]);
    let w = Weights::new(&l).expect("valid");
    assert_eq!(bound(&l, 0.0), negative_cut(&w));
    let b = bound(&l, 5.0);
    assert!(
        b > negative_cut(&w),
        "the relaxation beats the negative cut"
    );
    // Sizes ×10 multiply every weight, energy and bound by 100.
    let scaled = Landscape {
        sizes: vec![10.0; n],
        ..l.clone()
    };
    let b100 = bound(&scaled, 5.0);
    assert!((b100 / b - 100.0).abs() < 1e-6, "{b100} against 100 × {b}");
}

#[test]
fn the_semidefinite_bound_is_tried_up_to_1844_states_at_the_default_budget() {
    // The README's figure: past it the proof (n³/3 operations, twice) does not fit in
    // the default budget and the negative cut answers.
    let budget = crate::engine::DEFAULT_BUDGET;
    assert!(proof_fits(1844, budget));
    assert!(!proof_fits(1845, budget));
    assert!(!proof_fits(2, 0.0));
}

/// A landscape of `kind` (0 dense, 1 sparse with about `share` of its pairs non-zero,
/// 2 ±1, 3 negative with heavy-tailed sizes) from `seed`.
fn drawn(n: usize, kind: u64, seed: u64, share: f64) -> Landscape {
    let mut r = splitmix(seed);
    let sizes: Vec<f64> = (0..n)
        .map(|_| match kind {
            3 => 10f64.powf(-4.0 * r()),
            _ => 0.05 + r(),
        })
        .collect();
    let draws: Vec<(f64, f64)> = (0..n * n).map(|_| (r(), r())).collect();
    landscape(
        n,
        |i, j| {
            let (a, b) = draws[i * n + j];
            match kind {
                0 => 2.0 * a - 1.0,
                1 if a < share => 2.0 * b - 1.0,
                1 => 0.0,
                2 if a < 0.5 => -1.0,
                2 => 1.0,
                _ => -a,
            }
        },
        sizes,
    )
}

#[test]
fn every_triangle_strengthened_bound_is_at_most_the_least_energy() {
    // Every round's bound, whatever the rounds and work allowed, is a bound; and with
    // enough of them the triangles raise it above the plain relaxation somewhere.
    let mut raised = 0;
    for seed in 0..60u64 {
        let n = 3 + (seed as usize % 14);
        let l = drawn(n, seed % 4, 1000 + seed, 0.3);
        let least = least_by_enumeration(&l);
        let w = Weights::new(&l).expect("valid");
        let slack = 1e-12 * least.abs().max(1e-300);
        let plain = bound(&l, 5.0);
        for rounds in [1, 3, 40] {
            let mut state = triangles::State::cold(n);
            let mut meter = triangles::Meter { left: 1e9 };
            let out = triangles::strengthen(
                &w,
                &mut state,
                true,
                f64::INFINITY,
                rounds,
                &mut meter,
                &Cancel::never(),
            )
            .expect("not cancelled");
            assert!(
                out.bound <= least + slack,
                "seed {seed} ({n} states, {rounds} rounds): {} above {least}",
                out.bound
            );
            if rounds == 40 && out.bound > plain + 1e-6 * least.abs() {
                raised += 1;
            }
        }
    }
    assert!(raised >= 5, "the triangles raised the bound {raised} times");
}

#[test]
fn the_branch_and_bound_proves_the_enumerated_optimum_or_a_bound_below_it() {
    for seed in 0..24u64 {
        let n = 15 + (seed as usize % 8);
        let l = drawn(n, seed % 4, 2000 + seed, 0.3);
        let least = least_by_enumeration(&l);
        let w = Weights::new(&l).expect("valid");
        let tol = w.eps();
        // From the worst start (every state in one bloc) with plenty of work: the
        // optimum, proven; with little work: a bound below it.
        let start = vec![0u8; n];
        let e0 = w.energy(&start);
        let full = branch::prove(&w, &start, e0, tol, 5e9, &Cancel::never()).expect("runs");
        assert!(
            (full.energy - least).abs() <= tol && full.bound >= least - tol,
            "seed {seed} ({n} states): {} / {} against {least}",
            full.energy,
            full.bound
        );
        assert!(full.bound <= least + tol);
        assert!((w.energy(&full.best) - full.energy).abs() <= tol);
        for flops in [0.0, 1e5, 3e6] {
            let p = branch::prove(&w, &start, e0, tol, flops, &Cancel::never()).expect("runs");
            assert!(p.bound <= least + tol, "seed {seed}, {flops}: {}", p.bound);
            assert!(p.energy >= least - tol && p.energy <= e0);
        }
    }
}

#[test]
fn the_bound_on_a_settled_landscape_proves_the_enumerated_optimum() {
    // Alliance-like landscapes: a few heavy pairs (attractions and repulsions) among
    // light ones, so that pairs settle before the branch-and-bound. From the worst
    // start, with a budget: the least energy proven, and any better alignment found is
    // an alignment of the whole at its energy; with no budget, still a bound.
    let mut merged = 0;
    for seed in 0..40u64 {
        let n = 10 + (seed as usize % 9);
        let mut r = splitmix(3000 + seed);
        let draws: Vec<(f64, f64)> = (0..n * n).map(|_| (r(), r())).collect();
        let sizes = (0..n).map(|_| 0.2 + r()).collect();
        let l = landscape(
            n,
            |i, j| {
                let (a, b) = draws[i * n + j];
                (2.0 * b - 1.0) * if a < 0.15 { 30.0 } else { 1.0 }
            },
            sizes,
        );
        let least = least_by_enumeration(&l);
        let w = Weights::new(&l).expect("valid");
        let tol = w.eps();
        merged += n - settled::settle(&w, tol).expect("small").w.n;
        let start = vec![0u8; n];
        let e0 = w.energy(&start);
        let never = Cancel::never();
        let full = prove_two_blocs(&w, &start, e0, tol, 5.0, &never).expect("runs");
        let found = full.better.as_ref().map_or(e0, |a| w.energy(a));
        assert!(
            full.bound <= least + tol,
            "seed {seed}: {} above {least}",
            full.bound
        );
        assert!(
            full.bound >= least - tol && found <= least + tol,
            "seed {seed} ({n} states): bound {}, found {found}, least {least}",
            full.bound
        );
        let none = prove_two_blocs(&w, &start, e0, tol, 0.0, &never).expect("runs");
        assert!(none.bound <= least + tol, "seed {seed}: {}", none.bound);
    }
    assert!(merged >= 40, "the draws settle pairs: {merged} merged");
}
