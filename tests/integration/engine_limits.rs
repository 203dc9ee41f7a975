//! The engine's limits: cancellation through a [`ally::cancel::Cancel`] handle.

use std::thread;
use std::time::Duration;

use ally::cancel::{Cancel, Cancelled};
use ally::engine::*;

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
