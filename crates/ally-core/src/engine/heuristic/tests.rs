//! The improved heuristic against exact enumeration, across thread counts, and for
//! stability of everything it lists.

use super::super::weights::{Found, Weights};
use super::super::{Landscape, Limits, energy, eps, move_delta, solve};
use super::search;

/// The bench's unit-weight signed family (`unit:N:SEED:DENSITY`): sizes 1, each pair
/// non-zero with probability `density`, then −1 or +1 with even odds.
fn unit(n: usize, seed: u64, density: f64, blocs: usize) -> Landscape {
    let mut state = seed ^ 0x005E_ED0F_5BA5_u64;
    let mut draw = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut propensity = vec![0.0; n * n];
    for i in 0..n {
        for j in i + 1..n {
            if draw() < density {
                let p = if draw() < 0.5 { -1.0 } else { 1.0 };
                propensity[i * n + j] = p;
                propensity[j * n + i] = p;
            }
        }
    }
    Landscape {
        sizes: vec![1.0; n],
        propensity,
        blocs,
        neutral: false,
    }
}

/// The heuristic alone: no enumeration and no branch-and-bound after it.
fn limits(starts: usize) -> Limits {
    Limits {
        exact_max_configurations: 0,
        starts,
        budget: 0.0,
        ..Limits::default()
    }
}

/// The listed configurations with their energies by the definition.
fn listed(l: &Landscape, found: &Found) -> Vec<(Vec<u8>, f64, u64)> {
    found
        .kept
        .iter()
        .map(|(a, c)| (a.clone(), energy(l, a), *c))
        .collect()
}

#[test]
fn improved_search_finds_optima_plain_descents_miss() {
    // Few starts, so that plain descents miss on some of these; the exact answer is the
    // full enumeration.
    let starts = 4;
    let (mut plain_hits, mut hits, cases) = (0, 0, 8);
    for seed in 1..=cases {
        let l = unit(20, seed, 0.3, 2);
        let exact = solve(&l, &Limits::default()).expect("solvable");
        assert!(exact.exact);
        let w = Weights::new(&l).expect("valid");
        let tol = w.eps();
        let hit = |improved| {
            let found = search(&w, 2, tol, &limits(starts), improved).expect("not cancelled");
            let best = energy(&l, &found.kept[0].0);
            assert!(
                best >= exact.best.energy - tol,
                "seed {seed}: below the optimum"
            );
            (best <= exact.best.energy + tol, found.kept[0].0.clone())
        };
        let (plain, _) = hit(0);
        let (improved, best) = hit(super::IMPROVED);
        plain_hits += usize::from(plain);
        hits += usize::from(improved);
        // Through `solve` too.
        let sol = solve(&l, &limits(starts)).expect("solvable");
        assert!(!sol.exact);
        assert_eq!(sol.best.assignment, best, "seed {seed}");
    }
    assert!(
        plain_hits < cases as usize,
        "instances too easy: plain descents hit {plain_hits}/{cases}"
    );
    assert_eq!(hits, cases as usize, "improved search hit {hits}/{cases}");
}

#[test]
fn improved_search_is_the_same_on_any_thread_count() {
    let with = |threads: usize, l: &Landscape, lim: &Limits| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool")
            .install(|| format!("{:?}", solve(l, lim).expect("solvable")))
    };
    let l = unit(90, 7, 0.15, 2);
    assert_eq!(with(1, &l, &limits(32)), with(2, &l, &limits(32)));
    // Three blocs below the refusal threshold: 3^30 ≈ 2·10^14.
    let l3 = unit(30, 8, 0.3, 3);
    let lim = Limits {
        basins: true,
        ..limits(32)
    };
    assert_eq!(with(1, &l3, &lim), with(2, &l3, &lim));
}

#[test]
fn everything_listed_is_stable_and_the_best_is_the_lowest() {
    for (n, seed, k) in [(80, 3, 2), (60, 4, 2), (40, 5, 3), (30, 6, 4)] {
        let l = unit(n, seed, 0.15, k);
        let w = Weights::new(&l).expect("valid");
        let tol = eps(&l);
        let found = search(&w, k, tol, &limits(16), super::IMPROVED).expect("not cancelled");
        let list = listed(&l, &found);
        let least = list.iter().map(|x| x.1).fold(f64::INFINITY, f64::min);
        assert!(
            list[0].1 <= least + tol,
            "n={n} k={k}: best is not the lowest"
        );
        for (a, _, _) in &list {
            for i in 0..n {
                for b in (0..k as u8).filter(|&b| b != a[i]) {
                    assert!(
                        move_delta(&l, a, i, b) >= -tol,
                        "n={n} k={k}: state {i} of {a:?} gains by moving to {b}"
                    );
                }
            }
        }
        // The descents' counts still add up to the descents run.
        assert_eq!(list.iter().map(|x| x.2).sum::<u64>(), found.denominator);
    }
}
