//! Neutrality (`blocs N, neutral`, issue 24 item 6) against a brute-force solver written
//! from the definition: every one of the `(k+1)^n` labellings, label 0 neutral, a
//! neutral state's pairs weighing nothing. The walk, the branch-and-bound and the
//! heuristic are each checked against it — least energy, its ties, the indifferent
//! states, every stable alignment and its basin — and past enumeration every answer is
//! checked for honesty (its energy by the definition, no single move improving it, a
//! proven bound below it).

use std::collections::BTreeMap;

use ally_core::engine::*;

use super::engine::{Rng, close, descent_ends, random_landscape, scale_of, with_threads};

/// `E(X)` straight from SPEC §1.2: ordered pairs of non-neutral states in different blocs.
fn energy_by_definition(l: &Landscape, a: &[u8]) -> f64 {
    let n = l.sizes.len();
    let mut e = 0.0;
    for i in 0..n {
        for j in 0..n {
            if j != i && a[i] != 0 && a[j] != 0 && a[i] != a[j] {
                e += l.sizes[i] * l.sizes[j] * l.propensity[i * n + j];
            }
        }
    }
    e
}

/// Neutral stays 0; the blocs renumbered 1, 2, … by first appearance.
fn canonical_by_hand(a: &[u8]) -> Vec<u8> {
    let mut seen: Vec<u8> = Vec::new();
    a.iter()
        .map(|&x| {
            if x == 0 {
                return 0;
            }
            match seen.iter().position(|&y| y == x) {
                Some(p) => p as u8 + 1,
                None => {
                    seen.push(x);
                    seen.len() as u8
                }
            }
        })
        .collect()
}

fn decode(mut x: usize, n: usize, labels: usize) -> Vec<u8> {
    let mut a = vec![0u8; n];
    for slot in a.iter_mut().rev() {
        *slot = (x % labels) as u8;
        x /= labels;
    }
    a
}

struct Brute {
    least: f64,
    /// Canonical assignments within the tolerance of the least energy, ascending.
    ties: Vec<Vec<u8>>,
    /// Stable partitions (canonical) → (energy, basin share over all labellings).
    stable: BTreeMap<Vec<u8>, (f64, f64)>,
}

/// Every labelling; descent by literally stepping: the move lowering E most, ties
/// (within the tolerance) to the lowest state, then the lowest label — neutrality (0)
/// first.
fn brute(l: &Landscape) -> Brute {
    let n = l.sizes.len();
    let labels = l.blocs + 1;
    let tol = eps(l);
    let total = labels.pow(n as u32);
    let energies: Vec<f64> = (0..total)
        .map(|x| energy_by_definition(l, &decode(x, n, labels)))
        .collect();
    let mut stable = BTreeMap::new();
    for last in descent_ends(&energies, n, labels, tol) {
        let entry = stable
            .entry(canonical_by_hand(&decode(last, n, labels)))
            .or_insert((energies[last], 0.0));
        entry.1 += 1.0 / total as f64;
    }
    let least = energies.iter().copied().fold(f64::INFINITY, f64::min);
    let mut ties: Vec<Vec<u8>> = (0..total)
        .filter(|&x| energies[x] <= least + tol)
        .map(|x| canonical_by_hand(&decode(x, n, labels)))
        .collect();
    ties.sort();
    ties.dedup();
    Brute {
        least,
        ties,
        stable,
    }
}

/// States in a bloc with a move that changes the blocs (to another bloc or to
/// neutrality) and the energy by nothing (within the tolerance); a neutral state never.
fn indifferent_by_definition(l: &Landscape, a: &[u8]) -> Vec<usize> {
    let tol = eps(l);
    let e = energy_by_definition(l, a);
    (0..a.len())
        .filter(|&i| a[i] != 0)
        .filter(|&i| {
            (0..=l.blocs as u8).filter(|&b| b != a[i]).any(|b| {
                let mut moved = a.to_vec();
                moved[i] = b;
                canonical_by_hand(&moved) != canonical_by_hand(a)
                    && (energy_by_definition(l, &moved) - e).abs() <= tol
            })
        })
        .collect()
}

fn neutral_landscape(rng: &mut Rng, n: usize, k: usize, integral: bool) -> Landscape {
    Landscape {
        neutral: true,
        ..random_landscape(rng, n, k, integral)
    }
}

/// The prediction is the smallest tie of the brute force, at its least energy, with the
/// indifferent states of the definition.
fn check_prediction(l: &Landscape, sol: &Solution, b: &Brute, what: &str) {
    assert_eq!(sol.best.assignment, b.ties[0], "{what}: prediction");
    assert!(
        close(sol.best.energy, b.least, scale_of(l)),
        "{what}: least energy"
    );
    assert_eq!(
        sol.indifferent,
        indifferent_by_definition(l, &b.ties[0]),
        "{what}: indifferent"
    );
}

/// With basins: the labelled walk, checked whole against the brute force.
fn compare_walk(l: &Landscape, what: &str) {
    let sol = solve(l, &Limits::default()).expect("solvable");
    let b = brute(l);
    let scale = scale_of(l);
    let n = l.sizes.len();
    assert!(sol.exact && sol.basins, "{what}: the walk answers exactly");
    check_prediction(l, &sol, &b, what);
    assert_eq!(
        sol.total_configurations,
        ((l.blocs + 1) as f64).powi(n as i32),
        "{what}"
    );
    assert_eq!(
        sol.stable_total as usize,
        b.stable.len(),
        "{what}: stable count"
    );
    assert_eq!(
        sol.stable.len(),
        b.stable.len().min(MAX_STABLE_REPORTED),
        "{what}: stable listed"
    );
    for s in &sol.stable {
        let Some(&(e, basin)) = b.stable.get(&s.alignment.assignment) else {
            panic!("{what}: {:?} is not stable by brute force", s.alignment);
        };
        assert!(close(s.alignment.energy, e, scale), "{what}: energy");
        assert!(
            (s.basin - basin).abs() < 1e-12,
            "{what}: basin of {:?}: {} vs {basin}",
            s.alignment.assignment,
            s.basin
        );
    }
    if b.stable.len() <= MAX_STABLE_REPORTED {
        let share: f64 = sol.stable.iter().map(|s| s.basin).sum();
        assert!((share - 1.0).abs() < 1e-9, "{what}: basins sum to {share}");
    }
    assert_eq!(sol.stable[0].alignment, sol.best, "{what}: best first");
}

/// Without basins, with the walks turned off: the branch-and-bound proves the least
/// energy and lists every tie.
fn compare_search(l: &Landscape, what: &str) {
    let limits = Limits {
        exact_max_configurations: 0,
        basins: false,
        ..Limits::default()
    };
    let sol = solve(l, &limits).expect("solvable");
    let b = brute(l);
    let tol = eps(l);
    assert!(sol.exact, "{what}: the search proves small landscapes");
    check_prediction(l, &sol, &b, what);
    let listed: Vec<&Vec<u8>> = sol
        .stable
        .iter()
        .filter(|s| s.alignment.energy <= b.least + tol)
        .map(|s| &s.alignment.assignment)
        .collect();
    let expect: Vec<&Vec<u8>> = b.ties.iter().take(MAX_STABLE_REPORTED).collect();
    assert_eq!(listed, expect, "{what}: ties in canonical order");
}

/// `check` on six neutral landscapes (real-valued and integral in turn) of every size
/// of each `(k, sizes)` of `plan`.
fn across(
    seed: u64,
    plan: &[(usize, std::ops::RangeInclusive<usize>)],
    check: fn(&Landscape, &str),
) {
    let mut rng = Rng(seed);
    for (k, sizes) in plan {
        for n in sizes.clone() {
            for case in 0..6 {
                let integral = case % 2 == 1;
                let l = neutral_landscape(&mut rng, n, *k, integral);
                check(&l, &format!("k={k} n={n} case {case} integral={integral}"));
            }
        }
    }
}

#[test]
fn the_walk_agrees_with_the_definition() {
    across(2406, &[(2, 1..=8), (3, 1..=6)], compare_walk);
}

#[test]
fn the_branch_and_bound_agrees_with_the_definition() {
    across(2407, &[(2, 2..=10), (3, 2..=8)], compare_search);
}

#[test]
fn ties_go_to_neutrality_on_tie_heavy_landscapes() {
    // Unit sizes and propensities in {−1, 0, 1} tie often, all-positive ones everywhere
    // (staying out and one grand bloc both cost nothing: the prediction keeps everyone
    // out), and all-zero ones tie every configuration.
    let mut rng = Rng(2408);
    for (k, n) in [(2, 7), (2, 9), (3, 6), (3, 7)] {
        for kind in ["signed", "positive", "zero"] {
            let mut l = neutral_landscape(&mut rng, n, k, true);
            l.sizes = vec![1.0; n];
            for p in l.propensity.iter_mut() {
                *p = match kind {
                    "signed" => p.signum(),
                    "positive" => p.abs().max(1.0),
                    _ => 0.0,
                };
            }
            let what = format!("k={k} n={n} {kind}");
            compare_walk(&l, &what);
            compare_search(&l, &what);
            if kind != "signed" {
                let sol = solve(&l, &Limits::default()).expect("solvable");
                assert_eq!(sol.best.assignment, vec![NEUTRAL; n], "{what}: all out");
                assert!(
                    sol.indifferent.is_empty(),
                    "{what}: a neutral state is never indifferent"
                );
            }
        }
    }
}

#[test]
fn energy_move_delta_and_canonical_follow_the_definition() {
    let mut rng = Rng(2409);
    for k in [2usize, 3] {
        for _ in 0..40 {
            let n = 6;
            let l = neutral_landscape(&mut rng, n, k, false);
            let a: Vec<u8> = (0..n)
                .map(|_| (rng.unit() * (k + 1) as f64) as u8)
                .collect();
            let scale = scale_of(&l);
            assert!(close(energy(&l, &a), energy_by_definition(&l, &a), scale));
            assert_eq!(canonical_neutral(&a), canonical_by_hand(&a), "{a:?}");
            assert_eq!(canonical_for(&l, &a), canonical_by_hand(&a), "{a:?}");
            for i in 0..n {
                for b in 0..=k as u8 {
                    let mut moved = a.clone();
                    moved[i] = b;
                    let want = energy_by_definition(&l, &moved) - energy_by_definition(&l, &a);
                    assert!(
                        close(move_delta(&l, &a, i, b), want, scale),
                        "{a:?}: state {i} to {b}"
                    );
                }
            }
            assert_eq!(indifferent(&l, &a), indifferent_by_definition(&l, &a));
        }
    }
}

/// What every answer must be, whoever found it: its energy by the definition, canonical,
/// no single move (to another bloc, to neutrality, into a bloc) improving it, and,
/// unless exact, a proven bound at most its energy.
fn check_honest(l: &Landscape, sol: &Solution, what: &str) {
    let a = &sol.best.assignment;
    let tol = eps(l);
    let scale = scale_of(l);
    assert_eq!(a, &canonical_by_hand(a), "{what}: canonical");
    assert!(
        close(sol.best.energy, energy_by_definition(l, a), scale),
        "{what}: energy"
    );
    for i in 0..a.len() {
        for b in 0..=l.blocs as u8 {
            assert!(
                move_delta(l, a, i, b) >= -tol,
                "{what}: state {i} gains by moving to {b}"
            );
        }
    }
    if !sol.exact {
        let b = sol
            .bound
            .expect("an approximate neutral answer carries a bound");
        assert!(
            b <= sol.best.energy + tol,
            "{what}: bound {b} above the answer"
        );
    }
}

#[test]
fn the_heuristic_ends_in_stable_alignments_and_finds_small_optima() {
    // The heuristic alone (no walk, no search) on small landscapes: every end is a
    // stable alignment of the brute force, and the lowest is the least energy.
    let mut rng = Rng(2410);
    let limits = Limits {
        exact_max_configurations: 0,
        budget: 0.0,
        ..Limits::default()
    };
    for (k, n) in [(2, 8), (2, 9), (3, 7)] {
        for case in 0..5 {
            let l = neutral_landscape(&mut rng, n, k, case % 2 == 1);
            let what = format!("k={k} n={n} case {case}");
            let sol = solve(&l, &limits).expect("solvable");
            let b = brute(&l);
            assert!(!sol.exact, "{what}: the heuristic is never exact");
            assert!(
                close(sol.best.energy, b.least, scale_of(&l)),
                "{what}: heuristic {} vs least {}",
                sol.best.energy,
                b.least
            );
            for s in &sol.stable {
                assert!(
                    b.stable.contains_key(&s.alignment.assignment),
                    "{what}: {:?} is not stable",
                    s.alignment.assignment
                );
            }
        }
    }
}

#[test]
fn past_enumeration_answers_are_honest_with_proven_bounds() {
    // 30 and 60 states, two and three blocs: beyond the walk, the search proves the
    // answer or bounds it, and the heuristic's list is made of stable alignments.
    let mut rng = Rng(2411);
    let mut bounded = 0;
    for (k, n, budget) in [(2, 30, 0.05), (3, 30, 0.05), (2, 60, 0.01), (3, 60, 0.01)] {
        for integral in [false, true] {
            let l = neutral_landscape(&mut rng, n, k, integral);
            let what = format!("k={k} n={n} integral={integral}");
            let sol = solve(
                &l,
                &Limits {
                    basins: false,
                    budget,
                    ..Limits::default()
                },
            )
            .unwrap_or_else(|e| panic!("{what}: {e}"));
            check_honest(&l, &sol, &what);
            bounded += usize::from(!sol.exact);
            let with = solve(
                &l,
                &Limits {
                    budget,
                    ..Limits::default()
                },
            )
            .expect("solvable");
            assert!(
                !with.exact,
                "{what}: the heuristic's basins are never exact"
            );
            for s in &with.stable {
                let a = &s.alignment.assignment;
                for i in 0..n {
                    for b in 0..=k as u8 {
                        assert!(
                            move_delta(&l, a, i, b) >= -eps(&l),
                            "{what}: {a:?} not stable"
                        );
                    }
                }
            }
        }
    }
    assert!(bounded > 0, "every case proven: the bound went unchecked");
}

#[test]
fn the_bound_and_the_answer_bracket_the_enumerated_optimum() {
    // Small enough to enumerate, sent down the large-landscape path: the bound lies
    // below the optimum, the answer at or above it.
    let mut rng = Rng(2412);
    for (k, n) in [(2, 10), (3, 8), (2, 11)] {
        for integral in [false, true] {
            let l = neutral_landscape(&mut rng, n, k, integral);
            let least = brute(&l).least;
            let tol = eps(&l);
            for budget in [1e-6, 1e-5, 5.0] {
                let sol = solve(
                    &l,
                    &Limits {
                        exact_max_configurations: 0,
                        basins: false,
                        budget,
                        ..Limits::default()
                    },
                )
                .expect("solvable");
                let what = format!("k={k} n={n} integral={integral} budget={budget}");
                check_honest(&l, &sol, &what);
                assert!(sol.best.energy >= least - tol, "{what}: below the optimum");
                if let Some(b) = sol.bound {
                    assert!(
                        b <= least + tol,
                        "{what}: bound {b} above the optimum {least}"
                    );
                }
                if sol.exact {
                    assert!(close(sol.best.energy, least, scale_of(&l)), "{what}");
                }
            }
        }
    }
}

#[test]
fn neutrality_never_raises_the_least_energy() {
    // Every configuration without neutral states is one with them: the least energy with
    // neutrality is at most the one without, and a landscape without a negative pair
    // keeps everyone out.
    let mut rng = Rng(2413);
    for (k, n) in [(2, 9), (2, 11), (3, 7)] {
        for integral in [false, true] {
            let plain = random_landscape(&mut rng, n, k, integral);
            let with = Landscape {
                neutral: true,
                ..plain.clone()
            };
            let e0 = solve(&plain, &Limits::default())
                .expect("solvable")
                .best
                .energy;
            let e1 = solve(&with, &Limits::default())
                .expect("solvable")
                .best
                .energy;
            assert!(e1 <= e0 + eps(&plain), "k={k} n={n}: {e1} above {e0}");
        }
    }
}

#[test]
fn the_same_answer_on_any_thread_count() {
    let mut rng = Rng(2414);
    for (k, n, basins) in [(2, 10, true), (2, 24, false), (3, 40, false)] {
        let l = neutral_landscape(&mut rng, n, k, false);
        let limits = Limits {
            basins,
            budget: 0.05,
            ..Limits::default()
        };
        let one = with_threads(1, || solve(&l, &limits).expect("solvable"));
        let two = with_threads(2, || solve(&l, &limits).expect("solvable"));
        assert_eq!(
            format!("{:?}", one.stable),
            format!("{:?}", two.stable),
            "k={k} n={n}"
        );
        assert_eq!(one.best, two.best);
        assert_eq!(one.bound, two.bound);
    }
}

#[test]
fn fewer_than_two_blocs_with_neutrality_is_an_error() {
    let l = Landscape {
        sizes: vec![1.0, 1.0],
        propensity: vec![0.0, -1.0, -1.0, 0.0],
        blocs: 1,
        neutral: true,
    };
    assert!(matches!(
        solve(&l, &Limits::default()),
        Err(EngineError::BadBlocs { blocs: 1 })
    ));
}
