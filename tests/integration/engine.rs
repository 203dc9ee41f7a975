//! The engine against a brute-force solver written straight from SPEC §1.1.

use std::collections::BTreeMap;

use ally_core::engine::*;

// ---------------------------------------------------------------------------------------
// Brute force: every labelled configuration, energies by the double sum, descent by
// literally stepping from each configuration.

pub(crate) struct Brute {
    /// Canonical assignment of the least energy (ties: lexicographically smallest).
    best: Vec<u8>,
    best_energy: f64,
    /// Stable partitions (canonical) → (energy, basin share over all k^n labellings).
    stable: BTreeMap<Vec<u8>, (f64, f64)>,
}

pub(crate) fn brute_energy(l: &Landscape, a: &[u8]) -> f64 {
    let n = l.sizes.len();
    let mut e = 0.0;
    for i in 0..n {
        for j in 0..n {
            if j != i && a[i] != a[j] {
                e += l.sizes[i] * l.sizes[j] * l.propensity[i * n + j];
            }
        }
    }
    e
}

fn decode(mut x: usize, n: usize, k: usize) -> Vec<u8> {
    let mut a = vec![0u8; n];
    for slot in a.iter_mut().rev() {
        *slot = (x % k) as u8;
        x /= k;
    }
    a
}

pub(crate) fn brute(l: &Landscape) -> Brute {
    let n = l.sizes.len();
    let k = l.blocs;
    let tol = eps(l);
    let total = k.pow(n as u32);
    let energies: Vec<f64> = (0..total)
        .map(|x| brute_energy(l, &decode(x, n, k)))
        .collect();
    let ends = descent_ends(&energies, n, k, tol);
    let mut stable = BTreeMap::new();
    for &last in &ends {
        let x = last;
        let c = canonical(&decode(x, n, k));
        let entry = stable.entry(c).or_insert((energies[x], 0.0));
        entry.1 += 1.0 / total as f64;
    }
    let low = energies.iter().copied().fold(f64::INFINITY, f64::min);
    let best = (0..total)
        .filter(|&x| energies[x] <= low + tol)
        .map(|x| canonical(&decode(x, n, k)))
        .min()
        .unwrap_or_default();
    Brute {
        best_energy: brute_energy(l, &best),
        best,
        stable,
    }
}

/// The end of steepest descent from every labelled configuration (its index in base
/// `labels`, state `i` the digit `n−1−i`; `energies` by index): each step the move that
/// lowers E most, ties (within `tol`) to the lowest state, then the lowest target label.
/// Memoised so that 2^19 configurations stay affordable: follow steps until a
/// configuration whose end is known, then record it on the way.
pub(crate) fn descent_ends(energies: &[f64], n: usize, labels: usize, tol: f64) -> Vec<usize> {
    let step = |x: usize| -> Option<usize> {
        let mut moves = Vec::new();
        for i in 0..n {
            let place = labels.pow((n - 1 - i) as u32);
            let ai = x / place % labels;
            let base = x - ai * place;
            for b in (0..labels).filter(|&b| b != ai) {
                let y = base + b * place;
                moves.push((y, energies[y] - energies[x]));
            }
        }
        let low = moves.iter().map(|m| m.1).fold(0.0, f64::min);
        if low >= -tol {
            return None;
        }
        moves.iter().find(|m| m.1 <= low + tol).map(|m| m.0)
    };
    let mut end: Vec<Option<usize>> = vec![None; energies.len()];
    let mut path = Vec::new();
    (0..energies.len())
        .map(|start| {
            path.clear();
            let mut x = start;
            let last = loop {
                if let Some(e) = end[x] {
                    break e;
                }
                path.push(x);
                match step(x) {
                    Some(y) => x = y,
                    None => break x,
                }
            };
            for &p in &path {
                end[p] = Some(last);
            }
            last
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Random scenarios from a seeded generator, so failures reproduce.

pub(crate) use super::support::Rng;

/// Real-valued sizes and propensities, or (when `integral`) small integers, which make
/// exact ties and so exercise every tie rule.
pub(crate) fn random_landscape(rng: &mut Rng, n: usize, k: usize, integral: bool) -> Landscape {
    let sizes = (0..n)
        .map(|_| {
            if integral {
                rng.int(1, 3) as f64
            } else {
                0.05 + rng.unit()
            }
        })
        .collect();
    let mut propensity = vec![0.0; n * n];
    for i in 0..n {
        for j in i + 1..n {
            let p = if integral {
                rng.int(-2, 2) as f64
            } else {
                2.0 * rng.unit() - 1.0
            };
            propensity[i * n + j] = p;
            propensity[j * n + i] = p;
        }
    }
    Landscape {
        sizes,
        propensity,
        blocs: k,
        neutral: false,
    }
}

pub(crate) fn close(a: f64, b: f64, scale: f64) -> bool {
    (a - b).abs() <= 1e-9 * scale.max(1.0)
}

pub(crate) fn scale_of(l: &Landscape) -> f64 {
    let n = l.sizes.len();
    (0..n * n)
        .map(|x| (l.sizes[x / n] * l.sizes[x % n] * l.propensity[x]).abs())
        .sum()
}

/// Checks `solve` against the brute force; returns the number of stable alignments.
fn compare(l: &Landscape, what: &str) -> usize {
    let sol = solve(l, &Limits::default()).expect("solvable");
    let b = brute(l);
    let scale = scale_of(l);
    assert!(sol.exact, "{what}: expected exact search");
    assert!(
        close(sol.best.energy, b.best_energy, scale),
        "{what}: least energy {} vs brute {}",
        sol.best.energy,
        b.best_energy
    );
    assert_eq!(sol.best.assignment, b.best, "{what}: predicted blocs");
    assert_eq!(
        sol.stable_total as usize,
        b.stable.len(),
        "{what}: stable count"
    );
    assert_eq!(sol.stable.len(), b.stable.len(), "{what}: stable listed");
    for s in &sol.stable {
        let Some(&(e, basin)) = b.stable.get(&s.alignment.assignment) else {
            panic!("{what}: {:?} is not stable by brute force", s.alignment);
        };
        assert!(
            close(s.alignment.energy, e, scale),
            "{what}: energy of {s:?}"
        );
        assert!(
            (s.basin - basin).abs() < 1e-12,
            "{what}: basin of {:?}: {} vs brute {basin}",
            s.alignment.assignment,
            s.basin
        );
    }
    let share: f64 = sol.stable.iter().map(|s| s.basin).sum();
    assert!((share - 1.0).abs() < 1e-9, "{what}: basins sum to {share}");
    assert_eq!(
        sol.stable[0].alignment, sol.best,
        "{what}: best listed first"
    );
    for pair in sol.stable.windows(2) {
        assert!(
            pair[0].alignment.energy <= pair[1].alignment.energy + eps(l),
            "{what}: stable not sorted by energy"
        );
    }
    sol.stable.len()
}

// ---------------------------------------------------------------------------------------

/// SPEC §1.1's worked example.
fn worked_example() -> Landscape {
    Landscape {
        sizes: vec![1.0, 2.0, 3.0],
        propensity: vec![0.0, 1.0, -1.0, 1.0, 0.0, -2.0, -1.0, -2.0, 0.0],
        blocs: 2,
        neutral: false,
    }
}

#[test]
fn worked_example_from_the_spec() {
    let l = worked_example();
    assert_eq!(energy(&l, &[0, 0, 0]), 0.0);
    assert_eq!(energy(&l, &[0, 0, 1]), -30.0);
    assert_eq!(energy(&l, &[0, 1, 0]), -20.0);
    assert_eq!(energy(&l, &[0, 1, 1]), -2.0);
    let sol = solve(&l, &Limits::default()).expect("solvable");
    assert!(sol.exact);
    assert_eq!(sol.best.assignment, vec![0, 0, 1]);
    assert_eq!(sol.best.energy, -30.0);
    assert_eq!(sol.stable.len(), 1);
    assert_eq!(sol.stable[0].alignment, sol.best);
    assert_eq!(sol.stable[0].basin, 1.0);
    assert_eq!(sol.stable[0].basin_count, 4);
    assert_eq!(sol.configurations, 4);
    assert_eq!(sol.total_configurations, 4.0);
    assert!(sol.indifferent.is_empty());
}

#[test]
fn move_delta_is_the_energy_difference() {
    let l = worked_example();
    let cases: [(&[u8], usize, u8); 4] = [
        (&[0, 0, 0], 2, 1),
        (&[0, 0, 1], 0, 1),
        (&[0, 1, 0], 1, 0),
        (&[0, 1, 2], 2, 0),
    ];
    for (a, state, to) in cases {
        let mut b = a.to_vec();
        b[state] = to;
        assert_eq!(
            move_delta(&l, a, state, to),
            energy(&l, &b) - energy(&l, a),
            "{a:?} moving {state} to {to}"
        );
    }
    assert_eq!(
        move_delta(&l, &[0, 0, 1], 7, 1),
        0.0,
        "out of range is no move"
    );
}

#[test]
fn canonical_relabels_by_first_appearance() {
    assert_eq!(canonical(&[]), Vec::<u8>::new());
    assert_eq!(canonical(&[1, 1, 0]), vec![0, 0, 1]);
    assert_eq!(canonical(&[2, 0, 2, 1, 0]), vec![0, 1, 0, 2, 1]);
    assert_eq!(canonical(&[255, 3]), vec![0, 1]);
}

#[test]
fn zero_states() {
    for blocs in [1, 2, 3] {
        let l = Landscape {
            sizes: vec![],
            propensity: vec![],
            blocs,
            neutral: false,
        };
        let sol = solve(&l, &Limits::default()).expect("solvable");
        assert!(sol.exact);
        assert!(sol.best.assignment.is_empty());
        assert_eq!(sol.best.energy, 0.0);
        assert_eq!(sol.stable.len(), 1);
        assert_eq!(sol.stable[0].basin, 1.0);
    }
}

#[test]
fn one_state() {
    for blocs in [1, 2, 3, 5] {
        let l = Landscape {
            sizes: vec![2.0],
            propensity: vec![0.0],
            blocs,
            neutral: false,
        };
        let sol = solve(&l, &Limits::default()).expect("solvable");
        assert_eq!(sol.best.assignment, vec![0]);
        assert_eq!(sol.best.energy, 0.0);
        assert_eq!(sol.stable.len(), 1, "blocs {blocs}");
        assert_eq!(sol.stable[0].basin, 1.0);
        // Moving a lone state to an empty bloc is no change of partition.
        assert!(sol.indifferent.is_empty(), "blocs {blocs}");
    }
}

#[test]
fn two_states() {
    let pair = |p: f64, blocs| Landscape {
        sizes: vec![1.0, 2.0],
        propensity: vec![0.0, p, p, 0.0],
        blocs,
        neutral: false,
    };
    for blocs in [2, 3] {
        let together = solve(&pair(1.0, blocs), &Limits::default()).expect("solvable");
        assert_eq!(together.best.assignment, vec![0, 0]);
        assert_eq!(together.stable.len(), 1);
        let apart = solve(&pair(-1.0, blocs), &Limits::default()).expect("solvable");
        assert_eq!(apart.best.assignment, vec![0, 1]);
        assert_eq!(apart.best.energy, -4.0);
        assert_eq!(apart.stable.len(), 1);
        assert!(apart.indifferent.is_empty());
        // Indifference: both partitions have E = 0, each is stable, both states can move
        // at no cost, and the tie goes to the lexicographically smallest.
        let neutral = solve(&pair(0.0, blocs), &Limits::default()).expect("solvable");
        assert_eq!(neutral.best.assignment, vec![0, 0]);
        assert_eq!(neutral.stable.len(), 2);
        assert_eq!(neutral.indifferent, vec![0, 1]);
    }
}

#[test]
fn indifferent_state_is_reported() {
    // C has no propensity toward anyone: wherever it sits it could move for free.
    let l = Landscape {
        sizes: vec![1.0, 1.0, 1.0],
        propensity: vec![0.0, -1.0, 0.0, -1.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        blocs: 2,
        neutral: false,
    };
    let sol = solve(&l, &Limits::default()).expect("solvable");
    assert_eq!(sol.best.assignment, vec![0, 1, 0]);
    assert_eq!(sol.indifferent, vec![2]);
}

#[test]
fn agrees_with_brute_force_two_blocs() {
    let mut rng = Rng(1);
    let mut several = 0;
    // Up to 14 states, plus 16 where the search spans more than one parallel chunk.
    for n in (2..=14).chain([16]) {
        let cases = if n <= 10 { 12 } else { 2 };
        for case in 0..cases {
            let integral = case % 2 == 1;
            let l = random_landscape(&mut rng, n, 2, integral);
            if compare(&l, &format!("k=2 n={n} case {case} integral={integral}")) > 1 {
                several += 1;
            }
        }
    }
    assert!(
        several > 10,
        "too few landscapes with several stable alignments"
    );
}

#[test]
fn agrees_with_brute_force_across_streaming_chunks() {
    // The two-bloc walk runs in chunks of 2^16 configurations: 18 and 19 states span
    // two and four of them, with successors and descents crossing between chunks.
    let mut rng = Rng(11);
    let cases: &[(usize, bool)] = if cfg!(debug_assertions) {
        &[(18, true)]
    } else {
        &[(18, false), (18, true), (19, false)]
    };
    for &(n, integral) in cases {
        let l = random_landscape(&mut rng, n, 2, integral);
        compare(&l, &format!("k=2 n={n} integral={integral}"));
    }
}

#[test]
fn agrees_with_brute_force_more_blocs() {
    let mut rng = Rng(2);
    let mut several = 0;
    // Three blocs at 9 and 10 states span several parallel chunks.
    for (k, max_n) in [(3, 10), (4, 6), (5, 5), (1, 5)] {
        for n in 2..=max_n {
            let cases = if n >= 9 { 2 } else { 6 };
            for case in 0..cases {
                let integral = case % 2 == 1;
                let l = random_landscape(&mut rng, n, k, integral);
                if compare(&l, &format!("k={k} n={n} case {case} integral={integral}")) > 1 {
                    several += 1;
                }
            }
        }
    }
    assert!(
        several > 5,
        "too few landscapes with several stable alignments"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    #[test]
    fn proptest_matches_brute_force(
        n in 1usize..9,
        k in 2usize..4,
        seed in proptest::prelude::any::<u64>(),
        integral in proptest::prelude::any::<bool>(),
    ) {
        let n = if k == 3 { n.min(7) } else { n };
        let l = random_landscape(&mut Rng(seed), n, k, integral);
        compare(&l, &format!("k={k} n={n} seed {seed} integral={integral}"));
    }
}

#[test]
fn degenerate_landscape_lists_a_bounded_number() {
    // All propensities zero: every partition is stable and every state indifferent.
    let n = 14;
    let l = Landscape {
        sizes: vec![1.0; n],
        propensity: vec![0.0; n * n],
        blocs: 2,
        neutral: false,
    };
    let sol = solve(&l, &Limits::default()).expect("solvable");
    assert_eq!(sol.stable_total, 1 << 13);
    assert_eq!(sol.stable.len(), MAX_STABLE_REPORTED);
    assert_eq!(sol.best.assignment, vec![0; n]);
    assert_eq!(sol.indifferent, (0..n).collect::<Vec<_>>());
    assert!(sol.stable.iter().all(|s| s.basin_count == 1));
}

/// Heuristic hits (least energy within `eps` of the exact one) over `count` seeded
/// real-valued landscapes of `sizes` states, with `starts` random starts.
fn hit_rate(
    seed: u64,
    sizes: std::ops::RangeInclusive<usize>,
    count: usize,
    starts: usize,
) -> (usize, usize) {
    let mut rng = Rng(seed);
    let sizes: Vec<usize> = sizes.collect();
    let mut hits = 0;
    for case in 0..count {
        let n = sizes[case % sizes.len()];
        let l = random_landscape(&mut rng, n, 2, false);
        let exact = solve(&l, &Limits::default()).expect("solvable");
        assert!(exact.exact);
        let guess = solve(&l, &heuristic_limits(starts)).expect("solvable");
        assert!(!guess.exact);
        assert!(
            guess.best.energy >= exact.best.energy - eps(&l),
            "below the optimum"
        );
        if guess.best.energy <= exact.best.energy + eps(&l) {
            hits += 1;
        }
    }
    (hits, count)
}

#[test]
#[ignore = "measurement: cargo test --release --test integration heuristic_hit_rate_report -- --ignored --nocapture"]
fn heuristic_hit_rate_report() {
    for n in [18usize, 20, 22, 24, 26] {
        let count = if n >= 26 {
            40
        } else if n >= 24 {
            100
        } else {
            300
        };
        for starts in [1usize, 16, 256] {
            let (h, c) = hit_rate(100 + n as u64, n..=n, count, starts);
            eprintln!("n={n} starts={starts}: {h}/{c}");
        }
        let (h, c) = hit_rate(100 + n as u64, n..=n, count, Limits::default().starts);
        eprintln!("n={n} default: {h}/{c}");
    }
}

fn heuristic_limits(starts: usize) -> Limits {
    Limits {
        exact_max_configurations: 0,
        starts,
        budget: 0.0,
        ..Limits::default()
    }
}

#[test]
fn heuristic_agrees_with_exact_on_small_instances() {
    let mut rng = Rng(3);
    for (k, n) in [(2, 6), (2, 9), (2, 12), (3, 5), (3, 7)] {
        for case in 0..5 {
            let l = random_landscape(&mut rng, n, k, case % 2 == 1);
            let exact = solve(&l, &Limits::default()).expect("solvable");
            let guess = solve(&l, &heuristic_limits(400)).expect("solvable");
            let what = format!("k={k} n={n} case {case}");
            assert!(!guess.exact, "{what}");
            assert_eq!(guess.configurations, 401, "{what}");
            assert!(
                close(guess.best.energy, exact.best.energy, scale_of(&l)),
                "{what}: heuristic {} vs exact {}",
                guess.best.energy,
                exact.best.energy
            );
            assert_eq!(guess.best.assignment, exact.best.assignment, "{what}");
            // Everything the heuristic calls stable is stable.
            for s in &guess.stable {
                assert!(
                    exact
                        .stable
                        .iter()
                        .any(|t| t.alignment.assignment == s.alignment.assignment),
                    "{what}: {:?} not stable",
                    s.alignment.assignment
                );
            }
            let share: f64 = guess.stable.iter().map(|s| s.basin).sum();
            assert!((share - 1.0).abs() < 1e-9, "{what}");
        }
    }
}

#[test]
fn heuristic_on_a_large_landscape_ends_in_local_minima() {
    let mut rng = Rng(4);
    let l = random_landscape(&mut rng, 60, 2, false);
    let sol = solve(&l, &Limits::default()).expect("solvable");
    assert!(!sol.exact);
    assert_eq!(sol.total_configurations, 2f64.powi(59));
    let tol = eps(&l);
    for s in &sol.stable {
        let a = &s.alignment.assignment;
        assert!((energy(&l, a) - s.alignment.energy).abs() <= tol);
        for i in 0..a.len() {
            assert!(
                move_delta(&l, a, i, 1 - a[i]) >= -tol,
                "state {i} could move"
            );
        }
    }
}

#[test]
fn many_blocs_past_enumeration_are_answered() {
    // 4^40 configurations were once refused outright; now the heuristic answers and the
    // branch-and-bound proves or bounds it (tests/integration/engine_blocs.rs).
    let mut rng = Rng(5);
    let l = random_landscape(&mut rng, 40, 4, false);
    let limits = Limits {
        budget: 0.05,
        ..Limits::default()
    };
    let sol = solve(&l, &limits).expect("solvable");
    assert!(!sol.exact);
    assert_eq!(sol.total_configurations, 4f64.powi(40));
    // Two blocs are never refused: the heuristic takes over.
    let l2 = random_landscape(&mut rng, 200, 2, false);
    assert!(!solve(&l2, &Limits::default()).expect("solvable").exact);
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let good = worked_example();
    let mut short = good.clone();
    short.propensity.pop();
    assert!(matches!(
        solve(&short, &Limits::default()),
        Err(EngineError::Shape { .. })
    ));
    let mut zero = good.clone();
    zero.sizes[1] = 0.0;
    assert!(matches!(
        solve(&zero, &Limits::default()),
        Err(EngineError::BadSize { state: 1, .. })
    ));
    let mut nan = good.clone();
    nan.propensity[5] = f64::NAN;
    assert!(matches!(
        solve(&nan, &Limits::default()),
        Err(EngineError::BadPropensity { i: 1, j: 2 })
    ));
    for blocs in [0, 300] {
        let mut b = good.clone();
        b.blocs = blocs;
        assert!(matches!(
            solve(&b, &Limits::default()),
            Err(EngineError::BadBlocs { .. })
        ));
    }
    let mut huge = good.clone();
    huge.sizes = vec![1e200, 1e200, 1e200];
    assert!(matches!(
        solve(&huge, &Limits::default()),
        Err(EngineError::Overflow)
    ));
    // The public helpers tolerate mismatched lengths.
    assert_eq!(energy(&short, &[0, 1]), energy(&short, &[0, 1]));
    let _ = move_delta(&short, &[0, 1, 1, 1], 3, 0);
}

pub(crate) fn with_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool")
        .install(f)
}

pub(crate) fn fingerprint(s: &Solution) -> String {
    // Debug of f64 is exact (shortest round-trip), so equal strings mean equal bits.
    format!("{s:?}")
}

#[test]
fn deterministic_across_runs_and_thread_counts() {
    let mut rng = Rng(6);
    let cases = [
        (random_landscape(&mut rng, 18, 2, false), Limits::default()),
        (random_landscape(&mut rng, 18, 2, true), Limits::default()),
        (random_landscape(&mut rng, 10, 3, true), Limits::default()),
        // Past enumeration: the heuristic, then a branch-and-bound cut short by its
        // budget (small, so an unoptimised build stays quick): its bound must not depend
        // on the threads either.
        (
            random_landscape(&mut rng, 80, 2, false),
            Limits {
                budget: 0.05,
                ..Limits::default()
            },
        ),
        (
            random_landscape(&mut rng, 25, 3, true),
            heuristic_limits(64),
        ),
    ];
    for (l, limits) in &cases {
        let one = with_threads(1, || solve(l, limits).expect("solvable"));
        let two = with_threads(2, || solve(l, limits).expect("solvable"));
        let again = solve(l, limits).expect("solvable");
        assert_eq!(fingerprint(&one), fingerprint(&two));
        assert_eq!(fingerprint(&one), fingerprint(&again));
    }
}

#[test]
fn exact_limit_switches_to_heuristic() {
    let mut rng = Rng(7);
    let l = random_landscape(&mut rng, 11, 2, false);
    let at = Limits {
        exact_max_configurations: 1 << 10,
        ..Limits::default()
    };
    assert!(solve(&l, &at).expect("solvable").exact);
    let below = Limits {
        exact_max_configurations: (1 << 10) - 1,
        ..Limits::default()
    };
    assert!(!solve(&l, &below).expect("solvable").exact);
}

#[test]
fn solution_serializes() {
    let sol = solve(&worked_example(), &Limits::default()).expect("solvable");
    let json = serde_json::to_string(&sol).expect("json");
    assert!(json.contains("\"exact\":true"));
    assert!(json.contains("\"basin\":1.0"));
}

// ---------------------------------------------------------------------------------------
// The streaming two-bloc path at sizes the brute force cannot reach.

/// An independent reference for two blocs, simple rather than fast: a Gray-code walk
/// over states 1..n with per-state fields `g_i = Σ_j w_ij·σ_i·σ_j` in plain vectors, the
/// steepest successor of every configuration stored, descents followed with
/// memoisation. Returns (stable configurations as canonical assignments → basin count,
/// the predicted assignment).
fn streaming_reference(l: &Landscape) -> (BTreeMap<Vec<u8>, u64>, Vec<u8>) {
    let n = l.sizes.len();
    let tol = eps(l);
    let w = |i: usize, j: usize| {
        l.sizes[i] * l.sizes[j] * (l.propensity[i * n + j] + l.propensity[j * n + i]) / 2.0
    };
    let total = 1usize << (n - 1);
    // Configuration x: state i ≥ 1 is in bloc 1 when bit i−1 of x is set.
    let mut sigma = vec![1.0f64; n];
    let mut g: Vec<f64> = (0..n)
        .map(|i| (0..n).filter(|&j| j != i).map(|j| w(i, j)).sum())
        .collect();
    let mut succ = vec![0usize; total];
    let mut x = 0usize;
    for t in 0..total {
        let low = g.iter().fold(0.0f64, |a, &b| a.min(2.0 * b));
        succ[x] = if low < -tol {
            let i = (0..n).find(|&i| 2.0 * g[i] <= low + tol).expect("a move");
            // Moving state 0 gives the mirror image: everyone else flips.
            if i == 0 {
                x ^ (total - 1)
            } else {
                x ^ (1 << (i - 1))
            }
        } else {
            x
        };
        if t + 1 < total {
            let i = (t + 1).trailing_zeros() as usize + 1;
            for j in 0..n {
                if j != i {
                    g[j] -= 2.0 * w(i, j) * sigma[i] * sigma[j];
                }
            }
            g[i] = -g[i];
            sigma[i] = -sigma[i];
            x ^= 1 << (i - 1);
        }
    }
    let assignment = |x: usize| -> Vec<u8> {
        (0..n)
            .map(|i| {
                if i > 0 && (x >> (i - 1)) & 1 == 1 {
                    1
                } else {
                    0
                }
            })
            .collect()
    };
    let mut end = vec![usize::MAX; total];
    let mut counts: BTreeMap<usize, u64> = BTreeMap::new();
    let mut path = Vec::new();
    for start in 0..total {
        path.clear();
        let mut y = start;
        let last = loop {
            if end[y] != usize::MAX {
                break end[y];
            }
            path.push(y);
            if succ[y] == y {
                break y;
            }
            y = succ[y];
        };
        for &p in &path {
            end[p] = last;
        }
        *counts.entry(last).or_default() += 1;
    }
    let stable: BTreeMap<Vec<u8>, u64> = counts.iter().map(|(&m, &c)| (assignment(m), c)).collect();
    let low = stable
        .keys()
        .map(|a| energy(l, a))
        .fold(f64::INFINITY, f64::min);
    let best = stable
        .keys()
        .find(|a| energy(l, a) <= low + tol)
        .cloned()
        .expect("a minimum");
    (stable, best)
}

fn compare_streaming(l: &Landscape, what: &str) {
    let sol = solve(l, &Limits::default()).expect("solvable");
    let (stable, best) = streaming_reference(l);
    assert!(sol.exact, "{what}");
    assert_eq!(sol.best.assignment, best, "{what}: predicted blocs");
    assert_eq!(
        sol.stable_total as usize,
        stable.len(),
        "{what}: stable count"
    );
    assert_eq!(
        sol.stable.len(),
        stable.len().min(MAX_STABLE_REPORTED),
        "{what}"
    );
    for s in &sol.stable {
        let c = stable.get(&s.alignment.assignment);
        assert_eq!(
            c,
            Some(&s.basin_count),
            "{what}: basin of {:?}",
            s.alignment
        );
        assert!(
            close(
                s.alignment.energy,
                energy(l, &s.alignment.assignment),
                scale_of(l)
            ),
            "{what}"
        );
    }
    let counted: u64 = sol.stable.iter().map(|s| s.basin_count).sum();
    assert_eq!(
        counted, sol.configurations,
        "{what}: basins cover every configuration"
    );
}

#[test]
fn streaming_agrees_with_reference_at_19_to_21_states() {
    let mut rng = Rng(12);
    let n = if cfg!(debug_assertions) { 19 } else { 21 };
    for integral in [false, true] {
        let l = random_landscape(&mut rng, n, 2, integral);
        compare_streaming(&l, &format!("n={n} integral={integral}"));
    }
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "slow unoptimised; runs with cargo test --release --test integration engine"
)]
fn streaming_agrees_with_reference_at_25_states() {
    // 2^24 configurations in 256 chunks and four merge batches.
    let mut rng = Rng(13);
    let l = random_landscape(&mut rng, 25, 2, false);
    compare_streaming(&l, "n=25");
    let l = random_landscape(&mut rng, 24, 2, true);
    compare_streaming(&l, "n=24 integral");
}

#[test]
fn streaming_is_deterministic_across_thread_counts() {
    let mut rng = Rng(14);
    // Four chunks unoptimised, 64 (one full merge batch) in release.
    let n = if cfg!(debug_assertions) { 19 } else { 23 };
    let zero = Landscape {
        sizes: vec![1.0; n],
        propensity: vec![0.0; n * n],
        blocs: 2,
        neutral: false,
    };
    let cases = [
        random_landscape(&mut rng, n, 2, false),
        random_landscape(&mut rng, n, 2, true),
        zero,
    ];
    for l in &cases {
        let one = with_threads(1, || solve(l, &Limits::default()).expect("solvable"));
        let two = with_threads(2, || solve(l, &Limits::default()).expect("solvable"));
        let three = with_threads(3, || solve(l, &Limits::default()).expect("solvable"));
        assert!(one.exact);
        assert_eq!(fingerprint(&one), fingerprint(&two));
        assert_eq!(fingerprint(&one), fingerprint(&three));
    }
}

#[test]
fn every_configuration_stable_stays_bounded() {
    // All 2^20 configurations are stable, in sixteen chunks: the candidates kept while
    // searching are cut to the reported ones, which are the first in index order.
    let n = 21;
    let l = Landscape {
        sizes: vec![1.0; n],
        propensity: vec![0.0; n * n],
        blocs: 2,
        neutral: false,
    };
    let sol = solve(&l, &Limits::default()).expect("solvable");
    assert_eq!(sol.stable_total, 1 << 20);
    assert_eq!(sol.stable.len(), MAX_STABLE_REPORTED);
    assert!(sol.stable.iter().all(|s| s.basin_count == 1));
    for (r, s) in sol.stable.iter().enumerate() {
        let expect: Vec<u8> = (0..n).map(|i| ((r >> (n - 1 - i)) & 1) as u8).collect();
        assert_eq!(s.alignment.assignment, expect);
    }
}

#[test]
fn default_limit_is_30_states_with_two_blocs() {
    assert_eq!(Limits::default().exact_max_configurations, 1 << 29);
    // 31 states are past it: the heuristic answers (and says so).
    let mut rng = Rng(15);
    let l = random_landscape(&mut rng, 31, 2, false);
    assert!(!solve(&l, &Limits::default()).expect("solvable").exact);
    // Three blocs keep their own cap whatever the limit says.
    let l3 = random_landscape(&mut rng, 16, 3, false);
    let sol = solve(&l3, &Limits::default()).expect("solvable");
    assert!(!sol.exact, "3^16 > LABELLED_EXACT_CAP");
}

#[test]
fn heuristic_finds_the_optimum_on_99_percent() {
    // Seeded real-valued landscapes, exact answer known; the default 256 starts must hit
    // at least 99 %. Plain descents from a single start missed more than 10 % of these;
    // since the tabu improvement of the lowest ends (issue 17 item 3) one start no longer
    // does, so the check that the instances are hard is made on plain descents, in
    // `engine::heuristic::tests::improved_search_finds_optima_plain_descents_miss`.
    let (sizes, count) = if cfg!(debug_assertions) {
        (14..=17, 60)
    } else {
        (18..=22, 200)
    };
    let (hits, c) = hit_rate(21, sizes, count, Limits::default().starts);
    assert!(hits * 100 >= c * 99, "heuristic hit {hits}/{c}");
}

// ---------------------------------------------------------------------------------------
// Three or more blocs beyond the labelled walk: the least energy, its ties and its
// indifferent states by branch-and-bound, against partitions enumerated from the
// definition.

/// Every partition once, as restricted growth strings (state 0 in bloc 0, each state in
/// a bloc already used or the next one): the canonical assignments by definition.
pub(crate) fn partitions(n: usize, k: usize) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut a = vec![0u8; n];
    fn rec(a: &mut Vec<u8>, i: usize, used: u8, k: usize, out: &mut Vec<Vec<u8>>) {
        if i == a.len() {
            out.push(a.clone());
            return;
        }
        for b in 0..=used.min(k as u8 - 1) {
            a[i] = b;
            rec(a, i + 1, used.max(b + 1), k, out);
        }
    }
    if n > 0 {
        rec(&mut a, 1, 1, k, &mut out);
    }
    out
}

/// The least energy's ties (canonical, ascending) and each one's indifferent states, by
/// the definition: a state is indifferent when moving it to another bloc (one that
/// changes the partition) changes E by at most the tolerance.
pub(crate) fn brute_ties(l: &Landscape) -> (f64, Vec<Vec<u8>>) {
    let n = l.sizes.len();
    let tol = eps(l);
    let all: Vec<(Vec<u8>, f64)> = partitions(n, l.blocs)
        .into_iter()
        .map(|a| {
            let e = brute_energy(l, &a);
            (a, e)
        })
        .collect();
    let low = all.iter().map(|x| x.1).fold(f64::INFINITY, f64::min);
    let ties = all
        .into_iter()
        .filter(|x| x.1 <= low + tol)
        .map(|x| x.0)
        .collect();
    (low, ties)
}

pub(crate) fn brute_indifferent(l: &Landscape, a: &[u8]) -> Vec<usize> {
    let n = a.len();
    let tol = eps(l);
    let e = brute_energy(l, a);
    (0..n)
        .filter(|&i| {
            (0..l.blocs as u8).filter(|&b| b != a[i]).any(|b| {
                let mut moved = a.to_vec();
                moved[i] = b;
                canonical(&moved) != canonical(a) && (brute_energy(l, &moved) - e).abs() <= tol
            })
        })
        .collect()
}

/// Limits that skip the labelled walk, so the branch-and-bound answers at any size.
fn partition_limits(basins: bool) -> Limits {
    Limits {
        exact_max_configurations: 0,
        basins,
        ..Limits::default()
    }
}

fn compare_ties(l: &Landscape, what: &str) {
    let sol = solve(l, &partition_limits(false)).expect("solvable");
    let (low, ties) = brute_ties(l);
    let scale = scale_of(l);
    let tol = eps(l);
    assert!(sol.exact, "{what}: expected a proven answer");
    assert!(!sol.basins, "{what}: no basins were asked for");
    assert_eq!(sol.best.assignment, ties[0], "{what}: predicted blocs");
    assert!(close(sol.best.energy, low, scale), "{what}: least energy");
    assert_eq!(
        sol.indifferent,
        brute_indifferent(l, &ties[0]),
        "{what}: indifferent states"
    );
    let listed: Vec<&Vec<u8>> = sol
        .stable
        .iter()
        .filter(|s| s.alignment.energy <= low + tol)
        .map(|s| &s.alignment.assignment)
        .collect();
    let expect: Vec<&Vec<u8>> = ties.iter().take(MAX_STABLE_REPORTED).collect();
    assert_eq!(listed, expect, "{what}: ties, in canonical order");
    assert!(
        sol.stable_total >= ties.len() as u64,
        "{what}: stable count below the ties"
    );
    for s in &sol.stable[ties.len().min(MAX_STABLE_REPORTED)..] {
        assert!(s.alignment.energy > low + tol, "{what}: ties listed first");
        let e = brute_energy(l, &s.alignment.assignment);
        assert!(
            close(e, s.alignment.energy, scale),
            "{what}: energy of {s:?}"
        );
    }
}

#[test]
fn partition_search_agrees_with_the_definition() {
    let mut rng = Rng(1717);
    for (k, sizes) in [(2, 2..=16), (3, 2..=12), (4, 2..=11), (5, 2..=10)] {
        for n in sizes {
            for case in 0..4 {
                let integral = case % 2 == 1;
                let l = random_landscape(&mut rng, n, k, integral);
                compare_ties(&l, &format!("k={k} n={n} case {case} integral={integral}"));
            }
        }
    }
}

#[test]
fn partition_search_on_tie_heavy_landscapes() {
    // Propensities in {−1, 0, 1} with unit sizes tie often; all-zero ones tie
    // everywhere (every partition is a least-energy one and every state indifferent).
    let mut rng = Rng(4242);
    for (k, n) in [(2, 15), (2, 10), (3, 12), (4, 11), (5, 10), (3, 9), (4, 8)] {
        for zeros in [false, true] {
            let mut l = random_landscape(&mut rng, n, k, true);
            l.sizes = vec![1.0; n];
            for p in l.propensity.iter_mut() {
                *p = if zeros { 0.0 } else { p.signum() };
            }
            compare_ties(&l, &format!("k={k} n={n} zeros={zeros}"));
            if zeros {
                let sol = solve(&l, &partition_limits(false)).expect("solvable");
                assert_eq!(sol.stable_total as usize, partitions(n, k).len());
                assert_eq!(sol.indifferent, (0..n).collect::<Vec<_>>());
            }
        }
    }
}

#[test]
fn partition_search_with_basins_is_the_heuristic_list_headed_by_the_proof() {
    let mut rng = Rng(99);
    for k in [3, 4] {
        let l = random_landscape(&mut rng, 12, k, false);
        let with = solve(&l, &partition_limits(true)).expect("solvable");
        let without = solve(&l, &partition_limits(false)).expect("solvable");
        // The list and its basins come from descents: approximate.
        assert!(!with.exact && with.basins);
        assert_eq!(with.best, without.best);
        assert_eq!(with.indifferent, without.indifferent);
        assert_eq!(with.stable[0].alignment, with.best);
        assert_eq!(with.configurations, Limits::default().starts as u64 + 1);
    }
}

#[test]
fn partition_search_is_deterministic_across_thread_counts() {
    let mut rng = Rng(77);
    for (k, n, integral) in [
        (2, 40, false),
        (2, 36, true),
        (3, 16, false),
        (4, 14, true),
        (3, 15, true),
    ] {
        let l = random_landscape(&mut rng, n, k, integral);
        let limits = Limits {
            basins: false,
            ..Limits::default()
        };
        let one = with_threads(1, || solve(&l, &limits).expect("solvable"));
        let two = with_threads(2, || solve(&l, &limits).expect("solvable"));
        assert!(one.exact, "k={k} n={n}: proven");
        assert_eq!(fingerprint(&one), fingerprint(&two));
    }
}

#[test]
fn partition_search_agrees_with_the_labelled_walk() {
    // Where both run: the labelled walk over all k^n labellings (a different algorithm)
    // and the branch-and-bound give the same prediction, ties and indifferent states.
    let mut rng = Rng(31);
    for (k, n) in [(3, 13), (4, 10), (5, 8), (6, 7)] {
        for integral in [false, true] {
            let l = random_landscape(&mut rng, n, k, integral);
            let walk = solve(&l, &Limits::default()).expect("solvable");
            let bnb = solve(&l, &partition_limits(false)).expect("solvable");
            assert!(walk.exact && bnb.exact);
            assert_eq!(walk.best, bnb.best, "k={k} n={n}");
            assert_eq!(walk.indifferent, bnb.indifferent, "k={k} n={n}");
            let tol = eps(&l);
            let ties = |s: &Solution| -> Vec<Vec<u8>> {
                s.stable
                    .iter()
                    .filter(|x| x.alignment.energy <= s.best.energy + tol)
                    .map(|x| x.alignment.assignment.clone())
                    .collect()
            };
            assert_eq!(ties(&walk), ties(&bnb), "k={k} n={n}");
        }
    }
}
