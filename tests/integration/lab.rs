//! `ally lab`: the statistics helper by hand, determinism (same seed, same bytes, on
//! one thread or two), the lecture's directions on a small run, and the CLI's exit
//! codes.

use std::process::Command;

use ally::lab::stats::{Direction, Prediction, Verdict, summarize};
use ally::lab::{self, Config, Report};

fn run(trials: usize, states: usize, seed: u64) -> Report {
    lab::run(
        &Config {
            trials,
            seed,
            states,
            ..Config::default()
        },
        &|_| {},
    )
    .expect("the lab runs")
}

fn json(r: &Report) -> String {
    serde_json::to_string_pretty(r).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn statistics_by_hand() {
    // 1, 2, 3, 4: mean 2.5; s² = (2.25 + 0.25 + 0.25 + 2.25) / 3 = 5/3;
    // half-width 1.96 · √(5/3) / 2 = 1.265 174 6…
    let s = summarize(&[1.0, 2.0, 3.0, 4.0]);
    assert_eq!(s.n, 4);
    assert!(close(s.mean, 2.5));
    assert!(close(s.sd, (5.0f64 / 3.0).sqrt()));
    let half = 1.96 * (5.0f64 / 3.0).sqrt() / 2.0;
    assert!((half - 1.265_174_6).abs() < 1e-6);
    assert!(close(s.low, 2.5 - half) && close(s.high, 2.5 + half));
    // A constant sample has a zero-width interval; one value has sd 0; none, n 0.
    let c = summarize(&[0.5; 7]);
    assert!(close(c.sd, 0.0) && close(c.low, 0.5) && close(c.high, 0.5));
    let one = summarize(&[3.0]);
    assert_eq!((one.n, one.mean, one.sd), (1, 3.0, 0.0));
    assert_eq!(summarize(&[]).n, 0);
    // -1, 0, 4: mean 1, s² = (4 + 1 + 9) / 2 = 7.
    let t = summarize(&[-1.0, 0.0, 4.0]);
    assert!(close(t.mean, 1.0) && close(t.sd, 7.0f64.sqrt()));
    assert!(close(t.low, 1.0 - 1.96 * (7.0f64 / 3.0).sqrt()));
}

#[test]
fn verdicts() {
    let p = |direction, reference| Prediction {
        direction,
        reference,
        words: String::new(),
    };
    let s = summarize(&[1.0, 2.0, 3.0, 4.0]); // [1.23, 3.77]
    assert_eq!(
        Verdict::of(&s, &p(Direction::Above, 0.0)),
        Verdict::Confirmed
    );
    assert_eq!(
        Verdict::of(&s, &p(Direction::Below, 0.0)),
        Verdict::Contradicted
    );
    assert_eq!(
        Verdict::of(&s, &p(Direction::Above, 2.5)),
        Verdict::Inconclusive
    );
    assert_eq!(
        Verdict::of(&s, &p(Direction::Below, 4.0)),
        Verdict::Confirmed
    );
    // An interval touching the reference does not exclude it.
    let z = summarize(&[0.0, 0.0]);
    assert_eq!(
        Verdict::of(&z, &p(Direction::Above, 0.0)),
        Verdict::Inconclusive
    );
}

#[test]
fn same_seed_same_bytes_on_any_number_of_threads() {
    let pool = |n: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
    };
    let one = pool(1).install(|| json(&run(40, 6, 7)));
    let two = pool(2).install(|| json(&run(40, 6, 7)));
    assert_eq!(one, two);
    assert_eq!(one, json(&run(40, 6, 7)));
    assert_ne!(one, json(&run(40, 6, 8)), "the seed matters");
    // The text table is a function of the report.
    assert_eq!(
        lab::table::text(&run(40, 6, 7)),
        lab::table::text(&run(40, 6, 7))
    );
}

/// The cell `column` of row `id`.
fn cell<'a>(r: &'a Report, id: &str, column: &str) -> &'a lab::Cell {
    r.tables
        .iter()
        .flat_map(|t| &t.rows)
        .find(|row| row.id == id)
        .and_then(|row| row.cells.iter().find(|c| c.column == column))
        .unwrap_or_else(|| panic!("no cell {id}/{column}"))
}

#[test]
fn the_lecture_directions_on_a_small_run() {
    // 200 scenarios of 6 states: each interval below excludes its reference with room
    // to spare (their half-widths are a fraction of the distance), so none can pass by
    // the luck of one seed.
    let r = run(200, 6, 1);
    let confirmed = [
        ("threat", "balancing"),
        ("threat", "bandwagoning"),
        ("threat", "difference"),
        ("coalitions", "balancing"),
        ("coalitions", "bandwagoning"),
        ("coalitions", "difference"),
        ("new_threat", "power politics"),
        ("new_threat", "difference"),
        ("turmoil", "state similarity"),
        ("turmoil", "difference"),
        ("uncertain_intent", "balancing"),
        ("uncertain_intent", "bandwagoning"),
        ("uncertain_intent", "difference"),
    ];
    for (id, column) in confirmed {
        let c = cell(&r, id, column);
        assert_eq!(
            c.verdict,
            Some(Verdict::Confirmed),
            "{id}/{column}: {:?}",
            c.summary
        );
    }
    // Battles are weak since power counts once (issue 11; README, the lab): a lost
    // battle only shrinks the loser, which moves few partners either way, so no
    // direction is asserted at this size.
    // Where the model disagrees with the lecture (README): with new threats and
    // turmoils equally frequent, power-politics alignments last longer.
    assert_eq!(
        cell(&r, "duration", "difference").verdict,
        Some(Verdict::Contradicted)
    );
    // Pure models: turmoil cannot move a balancer, nor a threat an ideologue.
    let zero = |id, column| {
        let s = cell(&r, id, column).summary;
        s.mean == 0.0 && s.sd == 0.0
    };
    assert!(zero("turmoil", "power politics"));
    assert!(zero("new_threat", "state similarity"));
}

#[test]
fn json_layout() {
    let v: serde_json::Value = serde_json::from_str(&json(&run(5, 4, 3))).unwrap();
    assert_eq!(v["lab"]["trials"], 5);
    assert_eq!(v["lab"]["states"], 4);
    assert_eq!(v["lab"]["intent_uncertainty"], 0.3);
    assert_eq!(v["lab"]["draws_per_trial"], 20);
    let tables = v["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 2);
    let ids: Vec<&str> = tables
        .iter()
        .flat_map(|t| t["rows"].as_array().unwrap())
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "threat",
            "coalitions",
            "battle",
            "uncertain_intent",
            "duration",
            "duration_threats",
            "new_threat",
            "turmoil"
        ]
    );
    let c = &tables[0]["rows"][0]["cells"][0];
    for key in [
        "column", "n", "mean", "sd", "low", "high", "lecture", "verdict",
    ] {
        assert!(c.get(key).is_some(), "cell field {key}");
    }
    assert_eq!(c["n"], 5);
    assert_eq!(c["lecture"]["direction"], "<");
}

fn ally(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ally"))
        .args(args)
        .output()
        .expect("the ally binary runs")
}

#[test]
fn cli_exit_codes() {
    let ok = ally(&["lab", "--trials", "12", "--states", "5", "--format", "json"]);
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    let v: serde_json::Value = serde_json::from_slice(&ok.stdout).expect("one JSON document");
    assert_eq!(v["lab"]["trials"], 12);
    assert!(ok.stderr.is_empty(), "no progress bar on a pipe");
    let text = ally(&["lab", "--trials", "12", "--states", "5", "--seed", "9"]);
    assert_eq!(text.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&text.stdout).contains("effect of making a threat"));
    for bad in [
        &["lab", "--trials", "0"][..],
        &["lab", "--states", "2"],
        &["lab", "--states", "99"],
        &["lab", "--format", "xml"],
        &["lab", "--trials", "many"],
    ] {
        let out = ally(bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {out:?}");
    }
}

/// The lab's trials poll a cancel handle (issue 10 item 5): raised, the run stops with
/// "interrupted" instead of running every trial.
#[test]
fn a_raised_cancel_stops_the_lab() {
    let cancel = ally_core::cancel::Cancel::new();
    cancel.cancel();
    let cfg = Config {
        trials: 50,
        cancel,
        ..Config::default()
    };
    let ran = std::sync::atomic::AtomicUsize::new(0);
    let r = lab::run(&cfg, &|_| {
        ran.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    });
    assert_eq!(r.err().as_deref(), Some("interrupted"));
    assert_eq!(ran.into_inner(), 0, "no trial ran");
}

/// The uncertain-intentions experiment on random lab scenarios: the attacker's intent
/// ranges over [0, 1] and every other declared intent within 0.3 of its level; the
/// share it reports is the share of its draws whose least-energy configuration, found
/// here by enumeration from the definition, puts the target in its attacker's bloc
/// (the draws' numbers read back from the plan: the wiring of pair, order and seed is
/// what is checked, and the engine against enumeration).
#[test]
fn uncertain_intentions_count_the_target_with_its_attacker() {
    use ally_core::chance::Plan;
    use ally_core::model::events::{self, Event};
    use ally_core::model::uncertain::{Slot, write};
    let models = lab::models();
    let mut seen = [0usize; 2];
    for trial in 0..12u64 {
        let mut rng = lab::random::SplitMix64::for_trial(5, trial);
        let s = lab::random::scenario(&mut rng, 6);
        let (a, b) = (0..6)
            .flat_map(|a| (0..6).map(move |b| (a, b)))
            .find(|&(a, b)| a != b && ally_core::theory::bandwagons_with(&s, a, b))
            .expect("a pair");
        let (ia, ib) = (s.states[a].id, s.states[b].id);
        let mut threatened = s.clone();
        let threat = Event::Threat {
            from: ia,
            to: ib,
            level: Some(0.9),
        };
        events::apply(&mut threatened, &threat, ally_core::span::Span::default()).unwrap();
        let u = lab::uncertain_intentions(&threatened, (ia, ib));
        // Every declared threat is uncertain; the attacker's on [0, 1].
        let attack = u
            .uncertain
            .iter()
            .find(|x| x.slot == Slot::Threat(ia, ib))
            .unwrap();
        assert_eq!((attack.low, attack.high), (0.0, 1.0));
        for x in &u.uncertain {
            assert!(matches!(x.slot, Slot::Threat(..)), "{x:?}");
            let width = if x.slot == attack.slot { 1.0 } else { 0.6 };
            assert!(
                0.0 <= x.low && x.high <= 1.0 && x.high - x.low <= width + 1e-12,
                "{x:?}"
            );
        }
        for (k, model) in [&models.balancing, &models.bandwagoning]
            .into_iter()
            .enumerate()
        {
            let seed = 77 + trial;
            let share =
                lab::with_attacker(&u, model, seed, (a, b), &ally_core::cancel::Cancel::never())
                    .unwrap();
            let plan = Plan::new(&u, model, true);
            let mut values = Vec::new();
            let mut together = 0;
            for d in 0..lab::DRAWS_PER_TRIAL as u64 {
                plan.values(seed, d, &mut values);
                let mut drawn = u.clone();
                for (x, v) in plan.inputs.iter().zip(&values) {
                    write(&mut drawn, x.slot, *v);
                }
                let l = ally_core::theory::landscape(&drawn, model);
                let x = crate::support::least_two_blocs(&l.sizes, &l.propensity);
                together += usize::from(x[a] == x[b]);
            }
            assert_eq!(
                share,
                together as f64 / lab::DRAWS_PER_TRIAL as f64,
                "trial {trial}, model {k}"
            );
            seen[k] += together;
        }
    }
    // Neither model's count is trivially 0 or all.
    let all = 12 * lab::DRAWS_PER_TRIAL;
    assert!(seen.iter().all(|&c| c > 0 && c < all), "{seen:?}");
}
