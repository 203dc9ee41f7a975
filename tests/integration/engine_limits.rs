//! The engine's limits: cancellation through a [`ally_core::cancel::Cancel`] handle.

use std::thread;
use std::time::Duration;

use ally_core::cancel::{Cancel, Cancelled};
use ally_core::engine::*;

use super::engine::{Rng, random_landscape};

fn cancelled_by(cancel: &Cancel) -> Limits {
    Limits {
        cancel: cancel.clone(),
        ..Limits::default()
    }
}

/// A 26-state exact search (2^25 configurations, seconds in a test build) stops when
/// another thread raises the handle. The assertion is on the error, not on a time: a
/// search that never polls runs to completion and returns `Ok`.
#[test]
fn a_two_bloc_search_cancelled_from_another_thread_stops() {
    let l = random_landscape(&mut Rng(26), 26, 2, false);
    let cancel = Cancel::new();
    let raiser = {
        let c = cancel.clone();
        thread::spawn(move || {
            thread::sleep(Duration::from_millis(50));
            c.cancel();
        })
    };
    let got = solve(&l, &cancelled_by(&cancel));
    raiser.join().expect("raiser thread");
    assert_eq!(
        got.map(|s| s.exact).map_err(|e| e.to_string()),
        Err(EngineError::Cancelled(Cancelled::Interrupted).to_string())
    );
}

#[test]
fn every_search_polls_the_handle() {
    let cancel = Cancel::new();
    cancel.cancel();
    let limits = cancelled_by(&cancel);
    let mut rng = Rng(27);
    let cases = [
        ("two blocs, exact", random_landscape(&mut rng, 12, 2, false)),
        (
            "three blocs, labelled",
            random_landscape(&mut rng, 8, 3, true),
        ),
        (
            "two blocs, heuristic",
            random_landscape(&mut rng, 60, 2, false),
        ),
        (
            "four blocs, heuristic",
            random_landscape(&mut rng, 20, 4, true),
        ),
    ];
    for (what, l) in &cases {
        assert!(
            matches!(
                solve(l, &limits),
                Err(EngineError::Cancelled(Cancelled::Interrupted))
            ),
            "{what}"
        );
        // The same landscape without the raised handle is answered.
        assert!(solve(l, &Limits::default()).is_ok(), "{what}");
    }
}

#[test]
fn a_deadline_reports_timed_out() {
    let l = random_landscape(&mut Rng(28), 14, 2, false);
    let limits = Limits {
        cancel: Cancel::never().with_budget(Duration::ZERO),
        ..Limits::default()
    };
    assert!(matches!(
        solve(&l, &limits),
        Err(EngineError::Cancelled(Cancelled::TimedOut))
    ));
}

/// Without basins the two-bloc answer has the same prediction, energy, indifferent
/// states and ties; its stable list is those ties alone (the search that answers does
/// not visit the other stable alignments), and the basin counts are left out (and say
/// so).
#[test]
fn without_basins_the_answer_is_the_same_but_for_basins() {
    let mut rng = Rng(29);
    let no_basins = Limits {
        basins: false,
        ..Limits::default()
    };
    for n in [1, 2, 5, 9, 14, 18, 21] {
        for integral in [false, true] {
            let l = random_landscape(&mut rng, n, 2, integral);
            let full = solve(&l, &Limits::default()).expect("solvable");
            let lean = solve(&l, &no_basins).expect("solvable");
            assert!(full.basins && full.exact);
            assert!(!lean.basins, "n = {n}");
            assert_eq!(lean.best, full.best);
            assert_eq!(lean.indifferent, full.indifferent);
            assert_eq!(lean.configurations, full.configurations);
            let tol = eps(&l);
            let ties: Vec<Alignment> = full
                .stable
                .iter()
                .filter(|st| st.alignment.energy <= full.best.energy + tol)
                .map(|st| st.alignment.clone())
                .collect();
            let listed: Vec<Alignment> =
                lean.stable.iter().map(|st| st.alignment.clone()).collect();
            if n < 12 {
                // The walk answers these small ones, with the whole list.
                assert_eq!(lean.stable_total, full.stable_total);
                assert_eq!(listed.len(), full.stable.len());
            } else {
                assert_eq!(lean.stable_total, ties.len() as u64, "n = {n}");
                assert_eq!(listed.len(), ties.len(), "n = {n}");
            }
            assert_eq!(listed[..ties.len()], ties[..], "n = {n}");
            assert!(lean.stable.iter().all(|st| st.basin_count == 0));
        }
    }
    // Three blocs and the heuristic compute basins anyway.
    let l = random_landscape(&mut rng, 7, 3, true);
    assert!(solve(&l, &no_basins).expect("solvable").basins);
}

/// Issue 12: under a memory limit too small for the successor array (27 states with
/// basins: 256 MiB) the answer falls back to the heuristic, marked approximate, instead
/// of the process aborting with "memory allocation … failed".
#[cfg(target_os = "linux")]
#[test]
fn out_of_memory_for_basins_falls_back_to_the_heuristic() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/27_states_stable.ally"
    );
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 150000 && exec '{}' run '{file}'",
            env!("CARGO_BIN_EXE_ally")
        ))
        .output()
        .expect("sh runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("approximate (heuristic search)"),
        "{stdout}"
    );
}

/// A run whose handle is raised answers nothing more: the question it stopped at
/// carries `ally::interrupted` (Ctrl-C) or `ally::timeout` (a deadline), the
/// questions are not answered, and the file is said unanswered.
#[test]
fn a_stopped_run_reports_its_code_at_the_question() {
    let src = "state A { power 1 }\nstate B { power 2 }\nwho allies with whom?\n";
    let raised = Cancel::new();
    raised.cancel();
    for (cancel, code) in [
        (raised, "ally::interrupted"),
        (Cancel::never().with_budget(Duration::ZERO), "ally::timeout"),
    ] {
        let r = ally_core::document::run_source_with("stop.ally", src, None, cancelled_by(&cancel));
        let codes: Vec<&str> = r.report.diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, [code]);
        assert_eq!(r.report.diags[0].span, ally_core::span::Span::new(40, 61));
    }
}
