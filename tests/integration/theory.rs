//! Properties the theory must have (issue: "Properties the engine must have"), checked
//! on generated scenarios written as `.ally` text, and the SPEC's worked example.

use std::collections::BTreeSet;

use ally_core::document::check_source;
use ally_core::engine::{self, Limits};
use ally_core::theory;
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
/// indifferent state, or no such pair without a declared threat). With `stronger`, only
/// a threatener at least as powerful as its target (the only threat anyone bandwagons
/// with).
fn add_threat(
    g: &Gen,
    model: &str,
    same: bool,
    level: f64,
    pick: usize,
    stronger: bool,
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
                && (!stronger || g.powers[a] >= g.powers[b])
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
        let (before, after) = add_threat(&g, "balancing", false, level, pick, false);
        prop_assume!(after.is_some());
        prop_assert_eq!(before, after.unwrap_or_default());
    }

    /// Under bandwagoning, the same for a new threat inside a bloc from a state at least
    /// as strong as its target (a weaker threatener is balanced, and may be pushed out).
    #[test]
    fn bandwagoning_threat_within_bloc_changes_nothing(g in gen_scenario(), level in 0.1f64..=1.0, pick in 0usize..100) {
        let (before, after) = add_threat(&g, "bandwagoning", true, level, pick, true);
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

/// Threat by hand: T(a→b) = declared power · proximity · offense · intent.
#[test]
fn threat_follows_walts_four_sources() {
    let src = "state Big { power 3 offense 1.5 }\nstate Small { power 1 }\nstate Far { power 2 at 0, 0 }\n\
               state Near { power 2 at 0, 1 }\nborder Big ~ Small\nthreat Big -> Small 0.8\n";
    let (checker, _) = check_source("t.ally", src);
    let s = checker.scenario();
    // The declared power, in the file's unit: nothing is divided by the mean (2).
    let t = theory::threat(s, 0, 1);
    assert!((t.threat - 3.0 * 1.0 * 1.5 * 0.8).abs() < 1e-12);
    // Undeclared intent is the latent one; no border and no coordinates: default proximity.
    let back = theory::threat(s, 1, 0);
    assert!((back.threat - 1.0 * 1.0 * 1.0 * theory::DEFAULT_LATENT_INTENT).abs() < 1e-12);
    let none = theory::threat(s, 0, 2);
    assert!((none.proximity - theory::DEFAULT_PROXIMITY).abs() < 1e-12);
    // One degree of longitude at the equator is about 111.2 km.
    let geo = theory::threat(s, 2, 3);
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
        theory::propensity(s, &s.model, 0, 1)
    };
    // T(A→B) = 1, T(B→A) = 0.1 (baseline): balancing −0.55, bandwagoning +0.55.
    assert!((p("model balancing\n") + 0.55).abs() < 1e-12);
    assert!((p("model bandwagoning\n") - 0.55).abs() < 1e-12);
    // B bandwagons with A's threat, A balances B's: ½(1 − 0.1) = 0.45.
    let src = "state A { power 1 doctrine balancing }\nstate B { power 1 doctrine bandwagoning }\n\
               border A ~ B\nthreat A -> B 1\nmodel balancing\n";
    let (c, _) = check_source("d.ally", src);
    let s = c.scenario();
    let v = theory::propensity(s, &s.model, 0, 1);
    assert!((v - 0.45).abs() < 1e-12, "{v}");
    // An alliance adds its reliability, and allies are no latent threat to each other:
    // B's undeclared intent towards A is 0, so −½(1 + 0) + 0.5.
    assert!(p("alliance X { A, B } reliability 0.5\nmodel balancing\n").abs() < 1e-12);
}

/// Issue 11 item 2: five micro-states with no relation to anyone must not flip the
/// others. With threat power divided by the scenario's mean power they did: the mean
/// fell, every threat grew against ideology, and A left B.
#[test]
fn isolated_micro_states_move_nobody() {
    let base = "ideology red, blue\nstate A { power 1 ideology red }\nstate B { power 1 ideology red }\n\
                state C { power 1 ideology blue }\nborder A ~ B\nthreat A -> B 0.8\n\
                model balancing 1, ideology 0.3\n";
    let micro: String = (1..=5)
        .map(|k| format!("state M{k} {{ power 0.01 }}\n"))
        .collect();
    let others = |src: &str| -> Partition {
        predict(src)
            .partition
            .into_iter()
            .map(|b| b.into_iter().filter(|n| !n.starts_with('M')).collect())
            .filter(|b: &BTreeSet<String>| !b.is_empty())
            .collect()
    };
    let before = others(base);
    let after = others(&format!("{base}{micro}"));
    assert_eq!(before, after);
}

/// The energies of every two-bloc configuration of a landscape, by brute force.
fn all_energies(l: &engine::Landscape) -> Vec<(Vec<u8>, f64)> {
    let n = l.sizes.len();
    (0..1u32 << (n - 1))
        .map(|m| {
            let a: Vec<u8> = (0..n).map(|i| ((m >> i) & 1) as u8).collect();
            let e = engine::energy(l, &a);
            (a, e)
        })
        .collect()
}

fn landscape_of(src: &str) -> engine::Landscape {
    let (checker, report) = check_source("generated.ally", src);
    assert!(!report.has_errors(), "{:?}\n{src}", report.diags);
    let s = checker.scenario();
    theory::landscape(s, &s.model)
}

/// The partition of the first `n` states in the least-energy configuration, and the gap
/// to the best configuration that splits them differently.
fn best_partition_and_gap(l: &engine::Landscape, n: usize) -> (Partition, f64) {
    let part = |a: &[u8]| -> Partition {
        let mut blocs = [BTreeSet::new(), BTreeSet::new()];
        for (i, &b) in a.iter().enumerate().take(n) {
            blocs[b as usize].insert(format!("S{i}"));
        }
        blocs.into_iter().filter(|b| !b.is_empty()).collect()
    };
    let all = all_energies(l);
    let best = all.iter().min_by(|x, y| x.1.total_cmp(&y.1)).unwrap();
    let p = part(&best.0);
    let second = all
        .iter()
        .filter(|(a, _)| part(a) != p)
        .map(|(_, e)| *e)
        .fold(f64::INFINITY, f64::min);
    (p, second - best.1)
}

/// Issue 11 item 3: the weight the energy gives the threat of `a` to `x`, measured on
/// the landscape itself: the energy of a configuration with `a` and `x` apart, minus
/// the same with that threat's intent set to 0.
fn threat_energy_weight(g: &Gen, model: &str, a: usize, x: usize) -> f64 {
    let n = g.powers.len();
    let order: Vec<usize> = (0..n).collect();
    let mut zero = g.clone();
    zero.threats.retain(|&(p, q, _)| (p, q) != (a, x));
    let mut with = zero.clone();
    let level = g
        .threats
        .iter()
        .find(|&&(p, q, _)| (p, q) == (a, x))
        .map(|t| t.2);
    zero.threats.insert(0, (a, x, 0.0));
    if let Some(l) = level {
        with.threats.insert(0, (a, x, l));
    }
    let apart: Vec<u8> = (0..n).map(|i| u8::from(i == x)).collect();
    let e1 = engine::energy(&landscape_of(&write(&with, model, &order, 1.0, "")), &apart);
    let e0 = engine::energy(&landscape_of(&write(&zero, model, &order, 1.0, "")), &apart);
    (e1 - e0).abs()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// Issue 11 item 2: states with no relation to anyone (no threat, border, distance,
    /// offer, alliance or ideology) leave every other state where it was, whenever their
    /// whole pull is smaller than the margin of the others' prediction.
    #[test]
    fn isolated_states_change_nobody_else(g in gen_scenario(), extra in 1usize..=4, m in 0usize..3) {
        let model = ["balancing", "balancing 1, ideology 0.3", "bandwagoning 1, ideology 0.5"][m];
        let n = g.powers.len();
        prop_assume!(n + extra <= 11);
        let order: Vec<usize> = (0..n).collect();
        let base = write(&g, model, &order, 1.0, "");
        let (before, gap) = best_partition_and_gap(&landscape_of(&base), n);
        prop_assume!(gap > 1e-9);
        // Any state's propensity to anyone is at most a few units; micro-states this
        // small pull less than the gap in total.
        let total: f64 = g.powers.iter().sum();
        let micro = gap / (1000.0 * total * extra as f64);
        let states: String = (0..extra)
            .map(|k| format!("state S{} {{ power {micro:e} }}\n", n + k))
            .collect();
        let with = format!("{base}{states}");
        let (after, _) = best_partition_and_gap(&landscape_of(&with), n);
        prop_assert_eq!(before, after);
    }

    /// Issue 11 item 3: `biggest threat to X?` names the threat with the greatest weight
    /// in the energy, and each row's `weight` is that weight.
    #[test]
    fn biggest_threat_is_the_one_the_energy_weighs_most(g in gen_scenario(), pick in 0usize..100, m in 0usize..2) {
        let model = ["balancing", "bandwagoning 1, ideology 0.5"][m];
        let n = g.powers.len();
        let x = pick % n;
        let order: Vec<usize> = (0..n).collect();
        let (checker, _) = check_source("g.ally", &write(&g, model, &order, 1.0, ""));
        let s = checker.scenario();
        let rows = ally_core::query::threats_to(s, &s.model, x);
        let measured: Vec<f64> = rows
            .iter()
            .map(|r| threat_energy_weight(&g, model, s.state(&r.from).unwrap(), x))
            .collect();
        let top = measured.iter().cloned().fold(0.0, f64::max);
        let tol = 1e-9 * top.max(1e-12);
        prop_assert!((measured[0] - top).abs() <= tol, "ranked first: {} of {:?}", rows[0].from, measured);
        for (r, w) in rows.iter().zip(&measured) {
            prop_assert!((r.weight - w).abs() <= tol, "{}: shown {} measured {}", r.from, r.weight, w);
        }
    }
}

/// Issue 11 item 4: the alliance bonus is one rule in every model. A weight with nothing
/// to act on (`ideology 1` in a file without ideologies) changes nothing, and under
/// `model landscape` an alliance still holds its members together.
#[test]
fn alliance_bonus_is_one_rule_in_every_model() {
    let base = "state A { power 1 }\nstate B { power 1 }\nborder A ~ B\nthreat A -> B 1\n\
                alliance AB { A, B } reliability 0.4\n";
    let together = |model: &str| {
        let p = predict(&format!("{base}model {model}\n"));
        p.partition.len() == 1
    };
    // p_AB = −½(1 + 0.1) + 0.4 = −0.15 under balancing: apart.
    assert!(!together("balancing"));
    assert!(!together("balancing 1, ideology 1"));
    assert!(!together("balancing 1, aid 3"));
    // A declared propensity of −0.3 and the alliance's 0.4: together, as under any model.
    let land = "state A { power 1 }\nstate B { power 1 }\npropensity A ~ B = -0.3\n\
                alliance AB { A, B } reliability 0.4\nmodel landscape\n";
    assert_eq!(predict(land).partition.len(), 1);
    let (c, _) = check_source("l.ally", land);
    let s = c.scenario();
    assert!((theory::propensity(s, &s.model, 0, 1) - 0.1).abs() < 1e-12);
}

/// `proximity default x` sets the proximity of pairs with no border, distance or
/// coordinates; pairs with any of them keep theirs.
#[test]
fn proximity_default_applies_to_pairs_without_geography() {
    let src = "state A { power 1 }\nstate B { power 1 }\nstate C { power 1 }\n\
               border A ~ C\nproximity default 0.2\n";
    let (checker, report) = ally_core::document::check_source("t.ally", src);
    assert!(report.diags.is_empty(), "{:?}", report.diags);
    let s = &checker.state.scenario;
    let (a, b, c) = (
        s.state("A").unwrap(),
        s.state("B").unwrap(),
        s.state("C").unwrap(),
    );
    assert_eq!(ally_core::theory::proximity(s, a, b), 0.2);
    assert_eq!(ally_core::theory::proximity(s, a, c), 1.0);
    let (checker, _) =
        ally_core::document::check_source("t.ally", "state A { power 1 }\nstate B { power 1 }\n");
    let s = &checker.state.scenario;
    assert_eq!(
        ally_core::theory::proximity(s, 0, 1),
        ally_core::theory::DEFAULT_PROXIMITY
    );
    let (_, report) = ally_core::document::check_source("t.ally", "proximity default 1.5\n");
    assert_eq!(report.diags.len(), 1, "out of [0, 1]: {:?}", report.diags);
}
