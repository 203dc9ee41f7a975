//! Properties the theory must have (issue: "Properties the engine must have"), checked
//! on generated scenarios written as `.ally` text, and the SPEC's worked example.

use std::collections::BTreeSet;

use ally::engine::{self, Limits};
use ally::run::check_source;
use ally::theory;
use proptest::prelude::*;

use crate::support::{Gen, gen_scenario, write};

type Partition = BTreeSet<BTreeSet<String>>;

struct Predicted {
    partition: Partition,
    indifferent: usize,
    /// Each state's bloc, by name, as a set of co-members, for "same bloc?" questions.
    assignment: Vec<(String, u8)>,
}

fn predict(src: &str) -> Predicted {
    let (checker, report) = check_source("generated.ally", src);
    assert!(
        !report.has_errors(),
        "generated scenario has errors: {:?}\n{src}",
        report.diags
    );
    let s = &checker.state.scenario;
    let l = theory::landscape(s, &s.model);
    let sol = engine::solve(&l, &Limits::default()).expect("solvable");
    let mut blocs: Vec<BTreeSet<String>> = Vec::new();
    let assignment: Vec<(String, u8)> = s
        .states
        .iter()
        .zip(&sol.best.assignment)
        .map(|(st, &b)| (st.name.clone(), b))
        .collect();
    for (name, b) in &assignment {
        let b = *b as usize;
        while blocs.len() <= b {
            blocs.push(BTreeSet::new());
        }
        blocs[b].insert(name.clone());
    }
    Predicted {
        partition: blocs.into_iter().filter(|b| !b.is_empty()).collect(),
        indifferent: sol.indifferent.len(),
        assignment,
    }
}

fn declared_threat(g: &Gen, a: usize, b: usize) -> bool {
    g.threats.iter().any(|&(x, y, _)| x == a && y == b)
}

fn bloc_of(p: &Predicted, i: usize) -> u8 {
    p.assignment[i].1
}

/// Predicts, adds a new threat between two states in the same bloc (`same`) or in
/// different blocs, and predicts again. `None` when the case does not apply (an
/// indifferent state, or no such pair without a declared threat).
fn add_threat(
    g: &Gen,
    model: &str,
    same: bool,
    level: f64,
    pick: usize,
) -> (Partition, Option<Partition>) {
    let n = g.powers.len();
    let order: Vec<usize> = (0..n).collect();
    let before = predict(&write(g, model, &order, 1.0, ""));
    if before.indifferent > 0 {
        return (before.partition, None);
    }
    let pairs: Vec<(usize, usize)> = (0..n)
        .flat_map(|a| (0..n).map(move |b| (a, b)))
        .filter(|&(a, b)| {
            a != b
                && (bloc_of(&before, a) == bloc_of(&before, b)) == same
                && !declared_threat(g, a, b)
        })
        .collect();
    if pairs.is_empty() {
        return (before.partition, None);
    }
    let (a, b) = pairs[pick % pairs.len()];
    let after = predict(&write(
        g,
        model,
        &order,
        1.0,
        &format!("threat S{a} -> S{b} {level}\n"),
    ));
    (before.partition, Some(after.partition))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    /// Under balancing, a new threat between two states already in different blocs
    /// leaves the predicted alignment unchanged.
    #[test]
    fn balancing_threat_across_blocs_changes_nothing(g in gen_scenario(), level in 0.1f64..=1.0, pick in 0usize..100) {
        let (before, after) = add_threat(&g, "balancing", false, level, pick);
        prop_assume!(after.is_some());
        prop_assert_eq!(before, after.unwrap_or_default());
    }

    /// Under bandwagoning, the same for a new threat inside a bloc.
    #[test]
    fn bandwagoning_threat_within_bloc_changes_nothing(g in gen_scenario(), level in 0.1f64..=1.0, pick in 0usize..100) {
        let (before, after) = add_threat(&g, "bandwagoning", true, level, pick);
        prop_assume!(after.is_some());
        prop_assert_eq!(before, after.unwrap_or_default());
    }

    /// Multiplying every power by the same factor leaves the alignment unchanged, under
    /// every model and a mixture.
    #[test]
    fn scaling_power_changes_nothing(g in gen_scenario(), exp in -3i32..=3, m in 0usize..4) {
        let model = ["balancing", "bandwagoning", "ideology", "balancing 0.6, ideology 0.4"][m];
        let n = g.powers.len();
        let order: Vec<usize> = (0..n).collect();
        let before = predict(&write(&g, model, &order, 1.0, ""));
        prop_assume!(before.indifferent == 0);
        let after = predict(&write(&g, model, &order, 10f64.powi(exp), ""));
        prop_assert_eq!(before.partition, after.partition);
    }

    /// Reversing the order of declarations leaves the alignment unchanged when no state
    /// is indifferent.
    #[test]
    fn reversing_declarations_changes_nothing(g in gen_scenario(), m in 0usize..4) {
        let model = ["balancing", "bandwagoning", "ideology", "balancing 0.6, ideology 0.4"][m];
        let n = g.powers.len();
        let forward: Vec<usize> = (0..n).collect();
        let backward: Vec<usize> = (0..n).rev().collect();
        let before = predict(&write(&g, model, &forward, 1.0, ""));
        let after = predict(&write(&g, model, &backward, 1.0, ""));
        prop_assume!(before.indifferent == 0 && after.indifferent == 0);
        prop_assert_eq!(before.partition, after.partition);
    }
}

/// SPEC §1.1's worked example, written as a landscape study and run end to end.
#[test]
fn worked_example_of_the_spec() {
    let src = "state A { power 1 }\nstate B { power 2 }\nstate C { power 3 }\n\
               propensity A ~ B = 1\npropensity A ~ C = -1\npropensity B ~ C = -2\n\
               model landscape\nstable alignments?\n";
    let (checker, report) = check_source("worked.ally", src);
    assert!(!report.has_errors());
    let s = &checker.state.scenario;
    let l = theory::landscape(s, &s.model);
    // Energies by hand from the SPEC: {A,B,C} 0, {A,B}|{C} −30, {A,C}|{B} −20, {A}|{B,C} −2.
    assert_eq!(engine::energy(&l, &[0, 0, 0]), 0.0);
    assert_eq!(engine::energy(&l, &[0, 0, 1]), -30.0);
    assert_eq!(engine::energy(&l, &[0, 1, 0]), -20.0);
    assert_eq!(engine::energy(&l, &[0, 1, 1]), -2.0);
    let sol = engine::solve(&l, &Limits::default()).unwrap();
    assert_eq!(sol.best.assignment, vec![0, 0, 1]);
    assert_eq!(sol.best.energy, -30.0);
    assert_eq!(sol.stable.len(), 1);
    assert_eq!(sol.stable[0].basin, 1.0);
    assert!(sol.indifferent.is_empty());
}

/// Threat by hand: T(a→b) = relative power · proximity · offense · intent.
#[test]
fn threat_follows_walts_four_sources() {
    let src = "state Big { power 3 offense 1.5 }\nstate Small { power 1 }\nstate Far { power 2 at 0, 0 }\n\
               state Near { power 2 at 0, 1 }\nborder Big ~ Small\nthreat Big -> Small 0.8\n";
    let (checker, _) = check_source("t.ally", src);
    let s = &checker.state.scenario;
    let rel = theory::relative_powers(s);
    // Mean power is 2, so Big's relative power is 1.5.
    let t = theory::threat(s, &rel, 0, 1);
    assert!((t.threat - 1.5 * 1.0 * 1.5 * 0.8).abs() < 1e-12);
    // Undeclared intent is the baseline; no border and no coordinates: default proximity.
    let back = theory::threat(s, &rel, 1, 0);
    assert!((back.threat - 0.5 * 1.0 * 1.0 * theory::BASELINE_INTENT).abs() < 1e-12);
    let none = theory::threat(s, &rel, 0, 2);
    assert!((none.proximity - theory::DEFAULT_PROXIMITY).abs() < 1e-12);
    // One degree of longitude at the equator is about 111.2 km.
    let geo = theory::threat(s, &rel, 2, 3);
    let expected = (-111.19 / theory::PROXIMITY_DECAY_KM).exp();
    assert!((geo.proximity - expected).abs() < 1e-3, "{}", geo.proximity);
}

/// Balancing pulls apart, bandwagoning together, and doctrines combine half and half.
#[test]
fn propensity_signs_per_model_and_doctrine() {
    let base = "state A { power 1 }\nstate B { power 1 }\nborder A ~ B\nthreat A -> B 1\n";
    let p = |extra: &str| {
        let src = format!("{base}{extra}");
        let (c, r) = check_source("p.ally", &src);
        assert!(!r.has_errors(), "{:?}", r.diags);
        let s = c.scenario();
        theory::propensity(s, &s.model, &theory::relative_powers(s), 0, 1)
    };
    // T(A→B) = 1, T(B→A) = 0.1 (baseline): balancing −0.55, bandwagoning +0.55.
    assert!((p("model balancing\n") + 0.55).abs() < 1e-12);
    assert!((p("model bandwagoning\n") - 0.55).abs() < 1e-12);
    // B bandwagons with A's threat, A balances B's: ½(1 − 0.1) = 0.45.
    let src = "state A { power 1 doctrine balancing }\nstate B { power 1 doctrine bandwagoning }\n\
               border A ~ B\nthreat A -> B 1\nmodel balancing\n";
    let (c, _) = check_source("d.ally", src);
    let s = c.scenario();
    let v = theory::propensity(s, &s.model, &theory::relative_powers(s), 0, 1);
    assert!((v - 0.45).abs() < 1e-12, "{v}");
    // An alliance adds its reliability.
    assert!(
        (p("alliance X { A, B } reliability 0.5\nmodel balancing\n") - (0.5 - 0.55)).abs() < 1e-12
    );
}

/// `proximity default x` sets the proximity of pairs with no border, distance or
/// coordinates; pairs with any of them keep theirs.
#[test]
fn proximity_default_applies_to_pairs_without_geography() {
    let src = "state A { power 1 }\nstate B { power 1 }\nstate C { power 1 }\n\
               border A ~ C\nproximity default 0.2\n";
    let (checker, report) = ally::run::check_source("t.ally", src);
    assert!(report.diags.is_empty(), "{:?}", report.diags);
    let s = &checker.state.scenario;
    let (a, b, c) = (
        s.state("A").unwrap(),
        s.state("B").unwrap(),
        s.state("C").unwrap(),
    );
    assert_eq!(ally::theory::proximity(s, a, b), 0.2);
    assert_eq!(ally::theory::proximity(s, a, c), 1.0);
    let (checker, _) =
        ally::run::check_source("t.ally", "state A { power 1 }\nstate B { power 1 }\n");
    let s = &checker.state.scenario;
    assert_eq!(
        ally::theory::proximity(s, 0, 1),
        ally::theory::DEFAULT_PROXIMITY
    );
    let (_, report) = ally::run::check_source("t.ally", "proximity default 1.5\n");
    assert_eq!(report.diags.len(), 1, "out of [0, 1]: {:?}", report.diags);
}
