//! Three or more blocs past enumeration (issue 17 item 4). Every size gets an answer:
//! exact when the branch-and-bound proves it, else approximate with a proven bound
//! below the answer's energy. Checked against the definition (energies, single moves to
//! every bloc), against enumeration of every labelling at small sizes, and at large
//! sizes against a planted partition whose optimum is known by construction.

use ally_core::engine::*;

use super::engine::{
    Rng, brute_energy, close, fingerprint, random_landscape, scale_of, with_threads,
};

fn no_basins(budget: f64) -> Limits {
    Limits {
        basins: false,
        budget,
        ..Limits::default()
    }
}

/// What every answer must be, whoever found it: its energy by the definition, no
/// single state gaining by a move to any bloc (an empty one included), and, unless
/// exact, a proven bound at most its energy with the gap `(E − B)/|E|`.
fn check_honest(l: &Landscape, sol: &Solution, what: &str) {
    let a = &sol.best.assignment;
    let tol = eps(l);
    let scale = scale_of(l);
    assert_eq!(a, &canonical(a), "{what}: canonical");
    assert!(
        close(sol.best.energy, brute_energy(l, a), scale),
        "{what}: energy {} against the definition {}",
        sol.best.energy,
        brute_energy(l, a)
    );
    for i in 0..a.len() {
        for b in 0..l.blocs {
            let b = b as u8;
            if b != a[i] {
                assert!(
                    move_delta(l, a, i, b) >= -tol,
                    "{what}: state {i} gains by moving to bloc {b}"
                );
            }
        }
    }
    assert_eq!(
        sol.total_configurations,
        (l.blocs as f64).powi(l.sizes.len() as i32),
        "{what}"
    );
    if sol.exact {
        assert_eq!(sol.bound, None, "{what}");
        return;
    }
    let b = sol
        .bound
        .expect("an approximate answer carries its proven bound");
    assert!(
        b <= sol.best.energy + tol,
        "{what}: bound {b} above the answer"
    );
    if sol.best.energy < 0.0 {
        let gap = sol.gap().expect("a gap");
        let formula = (sol.best.energy - b) / -sol.best.energy;
        assert!((gap - formula.max(0.0)).abs() <= 1e-12, "{what}: gap {gap}");
    }
}

/// The least energy over all `k^n` labellings, by the definition.
fn brute_least(l: &Landscape) -> f64 {
    let (n, k) = (l.sizes.len(), l.blocs);
    let mut a = vec![0u8; n];
    let mut least = f64::INFINITY;
    loop {
        least = least.min(brute_energy(l, &a));
        let mut i = 0;
        loop {
            if i == n {
                return least;
            }
            a[i] += 1;
            if usize::from(a[i]) < k {
                break;
            }
            a[i] = 0;
            i += 1;
        }
    }
}

#[test]
fn past_ten_to_the_fifteen_every_size_is_answered() {
    // k^n above 1e15 used to be refused before any search (3 blocs past 31 states,
    // 4 past 24, 5 past 21). A small budget, so that most of these stop with a bound.
    let mut rng = Rng(1717);
    let mut bounded = 0;
    for (k, n) in [(3, 32), (4, 26), (5, 22), (3, 60), (4, 90), (8, 120)] {
        for integral in [false, true] {
            let l = random_landscape(&mut rng, n, k, integral);
            let what = format!("k={k} n={n} integral={integral}");
            let sol = solve(&l, &no_basins(0.05)).unwrap_or_else(|e| panic!("{what}: {e}"));
            check_honest(&l, &sol, &what);
            bounded += usize::from(!sol.exact);
            // With basins the list is the heuristic's, still honest about its head.
            let with = solve(
                &l,
                &Limits {
                    budget: 0.05,
                    ..Limits::default()
                },
            )
            .unwrap_or_else(|e| panic!("{what}: {e}"));
            assert!(!with.exact, "{what}: basins of a heuristic are never exact");
            assert!(with.stable_total >= 1, "{what}");
        }
    }
    assert!(bounded > 0, "every case proven: the bound went unchecked");
}

#[test]
fn the_bound_and_the_answer_bracket_the_enumerated_optimum() {
    // Small enough to enumerate every labelling independently, but sent down the path
    // of large landscapes (no enumeration): out of budget the bound lies below the
    // optimum and the answer above; with the budget the answer is the optimum, exact.
    let mut rng = Rng(44);
    let mut bounded = 0;
    // The search polls its budget every few thousand nodes, so the smaller of these are
    // proven even on the least budget; the larger run out.
    for (k, n) in [(3, 9), (4, 8), (5, 7), (3, 10), (3, 12), (4, 10)] {
        for integral in [false, true] {
            let l = random_landscape(&mut rng, n, k, integral);
            let what = format!("k={k} n={n} integral={integral}");
            let least = brute_least(&l);
            let tol = eps(&l);
            for budget in [1e-5, 1e-4, 5.0] {
                let limits = Limits {
                    exact_max_configurations: 0,
                    ..no_basins(budget)
                };
                let sol = solve(&l, &limits).expect("solvable");
                check_honest(&l, &sol, &what);
                assert!(sol.best.energy >= least - tol, "{what}: below the optimum");
                if let Some(b) = sol.bound {
                    bounded += 1;
                    assert!(b <= least + tol, "{what}: bound {b} above {least}");
                }
                if budget == 5.0 {
                    assert!(sol.exact, "{what}: proven with the default budget");
                    assert!(close(sol.best.energy, least, scale_of(&l)), "{what}");
                }
            }
        }
    }
    assert!(bounded > 0, "no budget ran out: the bound went unchecked");
}

/// `k` camps of `n` states (state `i` in camp `i mod k`): pairs inside a camp attract
/// (each state and the next of its camp always, so each camp is connected, other pairs
/// with probability 1/2), pairs across camps repel with
/// probability 1/5, and each two camps repel through at least one pair. The planted
/// partition cuts every repelling pair and no attracting one, which no partition can
/// beat, and it is the only one that does.
fn planted(n: usize, k: usize, seed: u64) -> (Landscape, Vec<u8>) {
    let mut rng = Rng(seed);
    let camp: Vec<u8> = (0..n).map(|i| (i % k) as u8).collect();
    let mut propensity = vec![0.0; n * n];
    let mut set = |i: usize, j: usize, p: f64| {
        propensity[i * n + j] = p;
        propensity[j * n + i] = p;
    };
    for i in 0..n {
        for j in i + 1..n {
            let m = 0.5 + rng.unit();
            let ring = j == i + k;
            let across_first = i < k && j < k;
            if camp[i] == camp[j] {
                if ring || rng.unit() < 0.5 {
                    set(i, j, m);
                }
            } else if across_first || rng.unit() < 0.2 {
                set(i, j, -m);
            }
        }
    }
    let l = Landscape {
        sizes: (0..n).map(|_| 0.5 + rng.unit()).collect(),
        propensity,
        blocs: k,
        neutral: false,
    };
    (l, camp)
}

#[test]
fn a_planted_partition_is_found_at_sizes_far_past_enumeration() {
    for (n, k, seed) in [(60, 4, 1u64), (120, 6, 2), (200, 8, 3)] {
        let (l, camp) = planted(n, k, seed);
        let what = format!("k={k} n={n}");
        let sol = solve(&l, &no_basins(0.5)).unwrap_or_else(|e| panic!("{what}: {e}"));
        check_honest(&l, &sol, &what);
        let optimum = brute_energy(&l, &camp);
        assert!(
            close(sol.best.energy, optimum, scale_of(&l)),
            "{what}: {} against the planted {optimum}",
            sol.best.energy
        );
        assert_eq!(sol.best.assignment, canonical(&camp), "{what}");
        if let Some(b) = sol.bound {
            assert!(
                b <= optimum + eps(&l),
                "{what}: bound {b} above the optimum"
            );
        }
    }
}

#[test]
fn many_blocs_past_enumeration_are_the_same_on_any_thread_count() {
    let mut rng = Rng(4004);
    for (k, n) in [(4, 30), (3, 40)] {
        let l = random_landscape(&mut rng, n, k, true);
        let one = with_threads(1, || solve(&l, &no_basins(0.2)).expect("solvable"));
        let two = with_threads(2, || solve(&l, &no_basins(0.2)).expect("solvable"));
        assert_eq!(fingerprint(&one), fingerprint(&two), "k={k} n={n}");
    }
}

#[test]
fn only_a_heuristic_too_long_to_run_is_refused() {
    // 256 blocs over 1,000 states: n²·k = 2.6e8, past the heuristic's work limit, is
    // refused at once and says why (the sizes below it are answered, as above).
    let n = 1000;
    let l = Landscape {
        sizes: vec![1.0; n],
        propensity: vec![0.0; n * n],
        blocs: 256,
        neutral: false,
    };
    match solve(&l, &Limits::default()) {
        Err(EngineError::TooLarge {
            blocs: 256,
            states: 1000,
            work,
            limit,
        }) => {
            assert_eq!(work, 2.56e8);
            assert_eq!(limit, HEURISTIC_WORK);
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
}
