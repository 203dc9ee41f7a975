//! The branch-and-bound against a MILP solver (issue 17 item 2): landscapes past the
//! enumeration limit whose least energy HiGHS proved (tests/data/milp/optima.txt, written
//! by `tools/milp_landscape.py fixtures`, `append` and `interleave`), 36–140 states; the
//! 140 (`parts_140.txt`, issue 30) are three fixtures interleaved as independent parts,
//! solved part by part, and HiGHS's optimum for them is also the sum of the parts'. The optima come from a formulation and a
//! solver that share nothing with ally but the definition of the energy, so agreement is
//! evidence the search's bounds prune nothing they should not.

use std::path::{Path, PathBuf};

use ally_core::engine::*;

use crate::landscape_files::read_pairs;

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/milp")
}

/// The energy of an assignment from the definition (SPEC §1.1), not from the engine.
fn energy_of(l: &Landscape, a: &[u8]) -> f64 {
    let n = l.sizes.len();
    let mut e = 0.0;
    for i in 0..n {
        for j in i + 1..n {
            if a[i] != a[j] {
                let w =
                    l.sizes[i] * l.sizes[j] * (l.propensity[i * n + j] + l.propensity[j * n + i])
                        / 2.0;
                e += 2.0 * w;
            }
        }
    }
    e
}

/// (file, HiGHS optimum) from the manifest.
fn optima() -> Vec<(String, f64)> {
    let path = data().join("optima.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut f = l.split_whitespace();
            let name = f.next().expect("file").to_string();
            let e = f.next().and_then(|x| x.parse().ok()).expect("optimum");
            (name, e)
        })
        .collect()
}

#[test]
fn the_manifest_covers_every_fixture() {
    let mut listed: Vec<String> = optima().into_iter().map(|(n, _)| n).collect();
    let mut present: Vec<String> = std::fs::read_dir(data())
        .expect("tests/data/milp")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n != "optima.txt")
        .collect();
    listed.sort();
    present.sort();
    assert_eq!(listed, present);
    assert!(listed.len() >= 6, "{listed:?}");
}

#[test]
fn the_branch_and_bound_proves_the_milp_optimum() {
    let limits = Limits {
        basins: false,
        budget: 600.0,
        ..Limits::default()
    };
    let listed = optima();
    // The interleaved fixture's optimum is the sum of its parts' (no pair joins two).
    let of = |f: &str| {
        listed
            .iter()
            .find(|x| x.0 == f)
            .map(|x| x.1)
            .expect("listed")
    };
    let parts = of("sparse_50_2_0.15.txt") + of("unit_50_2_0.15.txt") + of("sparse_40_1_0.15.txt");
    assert!((of("parts_140.txt") - parts).abs() <= 1e-9 * parts.abs());
    for (name, optimum) in listed {
        let l = read_pairs(&data().join(&name));
        let n = l.sizes.len();
        assert!(
            n > 64 || (1u64 << (n - 1)) > Limits::default().exact_max_configurations,
            "{name}: {n} states is within enumeration, not a test of the search"
        );
        let s = solve(&l, &limits).expect("solvable");
        assert!(s.exact, "{name}: not proven (bound {:?})", s.bound);
        let tol = 1e-9 * optimum.abs().max(1.0);
        assert!(
            (s.best.energy - optimum).abs() <= tol,
            "{name}: ally {} vs HiGHS {optimum}",
            s.best.energy
        );
        // The assignment reported has the energy reported.
        let own = energy_of(&l, &s.best.assignment);
        assert!(
            (own - optimum).abs() <= tol,
            "{name}: assignment's energy {own}"
        );
    }
}

#[test]
fn every_bound_is_at_most_the_milp_optimum() {
    // The search held to a few nodes: the answer is the heuristic's, with the bound
    // (the search's or the semidefinite one, summed over parts) never above HiGHS's
    // optimum, and the gap covering the answer's true distance from it.
    let limits = Limits {
        basins: false,
        budget: 1e-7,
        ..Limits::default()
    };
    for (name, optimum) in optima() {
        let l = read_pairs(&data().join(&name));
        let s = solve(&l, &limits).expect("solvable");
        let tol = 1e-9 * optimum.abs().max(1.0);
        assert!(s.best.energy >= optimum - tol, "{name}: below the optimum");
        if s.exact {
            assert!((s.best.energy - optimum).abs() <= tol, "{name}");
            continue;
        }
        let b = s
            .bound
            .expect("an approximate two-bloc answer carries a bound");
        assert!(
            b <= optimum + tol,
            "{name}: bound {b} above HiGHS's {optimum}"
        );
        let g = s.gap().expect("a gap");
        assert!((s.best.energy - optimum) / -optimum <= g + 1e-12, "{name}");
    }
}

#[test]
fn biq_mac_instances_are_answered_within_their_published_optima() {
    // Two instances of the Biq Mac library (tests/data/biqmac): the answer never below
    // the published optimum, the bound never above it, and the gap covering the
    // answer's distance from it, whatever the budget.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/biqmac");
    let manifest = std::fs::read_to_string(dir.join("optima.txt")).expect("manifest");
    let mut seen = 0;
    for line in manifest.lines().filter(|l| !l.starts_with('#')) {
        let mut words = line.split_whitespace();
        let (Some(name), Some(optimum)) = (words.next(), words.next()) else {
            continue;
        };
        let optimum: f64 = optimum.parse().expect("optimum");
        let l = read_pairs(&dir.join(name));
        for budget in [0.0, 1.0] {
            let limits = Limits {
                basins: false,
                budget,
                ..Limits::default()
            };
            let s = solve(&l, &limits).expect("solvable");
            let tol = 1e-9 * optimum.abs();
            assert!(s.best.energy >= optimum - tol, "{name}: below the optimum");
            assert!(
                (energy_of(&l, &s.best.assignment) - s.best.energy).abs() <= tol,
                "{name}"
            );
            if !s.exact {
                let b = s.bound.expect("a bound");
                assert!(b <= optimum + tol, "{name}: bound {b} above {optimum}");
            }
        }
        seen += 1;
    }
    assert_eq!(seen, 2);
}
