//! `expect QUANTITY = v [± tol]`: each quantity against a number worked by hand from the
//! definitions (SPEC §1.1, §1.2), passing and failing, at the edges of its tolerance; the
//! verdict with the actual value in text, JSON and Markdown; mistakes as diagnostics.

use crate::expect::{assert_each, outcomes};
use ally_core::document::run_source;

/// SPEC §1.1's worked example: {A,B} | {C}, energy −30, the only stable alignment.
const WORKED: &str = "
state A { power 1 }
state B { power 2 }
state C { power 3 }
propensity A ~ B = 1
propensity A ~ C = -1
propensity B ~ C = -2
model landscape
";

/// A frustrated triangle: {A,B} | {C} and {A} | {B,C} both at −4, each the end of
/// two of the four descents (worked out in `basins_by_hand`).
const TRIANGLE: &str = "
state A { power 1 }
state B { power 1 }
state C { power 1 }
propensity A ~ B = 1
propensity B ~ C = 1
propensity A ~ C = -3
model landscape
";

/// Each expectation line of `want` after `base`: (passed, a piece of the actual answer),
/// the line echoed as written (`+-` as `±`).
fn assert_lines(base: &str, want: &[(&str, bool, &str)]) {
    let src = format!(
        "{base}\n{}\n",
        want.iter().map(|w| w.0).collect::<Vec<_>>().join("\n")
    );
    let echoed: Vec<String> = want
        .iter()
        .map(|w| w.0.trim_start_matches("expect ").replace("+-", "±"))
        .collect();
    let want: Vec<(&str, bool, &str)> = want
        .iter()
        .zip(&echoed)
        .map(|(w, e)| (e.as_str(), w.1, w.2))
        .collect();
    assert_each(&src, &want);
}

#[test]
fn energy_cost_and_ratio_of_the_worked_example() {
    // E({A,B}|{C}) = 2·(1·3·(−1) + 2·3·(−2)) = −30. A's best move (to C's bloc) gives
    // {B}|{A,C}, −20: it costs 10; B's gives {A}|{B,C}, −2: 28; C's gives {A,B,C}, 0: 30.
    // The blocs hold 1 + 2 and 3: ratio 1.
    assert_lines(
        WORKED,
        &[
            ("expect energy = -30", true, "the energy is -30"),
            (
                "expect energy = -29.9999",
                false,
                "-30, 0.0001 from -29.9999",
            ),
            ("expect energy = -29.99995", true, "the energy is -30"),
            ("expect energy = -29 ± 1", true, "-30"),
            (
                "expect energy = -29 ± 0.999",
                false,
                "the tolerance is 0.999",
            ),
            (
                "expect cost of leaving A = 10",
                true,
                "leaving would cost A 10",
            ),
            ("expect cost of leaving B = 28", true, "28"),
            ("expect cost of leaving C = 30", true, "30"),
            ("expect cost of leaving C = 20", false, "30, 10 from 20"),
            ("expect ratio of balance = 1", true, "the ratio is 1 : 1"),
            ("expect basin of stable 1 = 1", true, "its basin is 1"),
            ("expect basin of stable 2 = 0", false, "lists 1 alignment"),
        ],
    );
}

#[test]
fn basins_by_hand() {
    // Configurations (A's bloc first): {ABC} 0, {AB}|{C} −4, {AC}|{B} +4, {A}|{BC} −4.
    // Steepest descent from {ABC}: A or C leaving both reach −4, A is declared first:
    // {A}|{BC}. From {AC}|{B}: A or C joining B reach −4, A first: {AB}|{C}. Each
    // stable alignment ends two of the four descents: basin 1/2.
    assert_lines(
        TRIANGLE,
        &[
            ("expect energy = -4", true, "-4"),
            ("expect basin of stable 1 = 0.5", true, "its basin is 0.5"),
            ("expect basin of stable 2 = 0.5", true, "its basin is 0.5"),
            (
                "expect basin of stable 2 = 0.25",
                false,
                "0.5, 0.25 from 0.25",
            ),
            ("expect basin of stable 3 = 0", false, "lists 2 alignments"),
        ],
    );
}

#[test]
fn threat_and_weight_from_walts_product() {
    // T(Germany→France) = power 2 × proximity 1 × offense 1 × intent 0.3 = 0.6;
    // T(Spain→France) = 1 × 1 × 1 × 1 = 1. The energy weighs each by France's power 2
    // under balancing: 1.2 and 2.
    let base = "
state France { power 2 }
state Germany { power 2 }
state Spain { power 1 }
border France ~ Germany
border France ~ Spain
threat Germany -> France 0.3
threat Spain -> France 1
model balancing
";
    assert_lines(
        base,
        &[
            (
                "expect threat of Germany to France = 0.6",
                true,
                "the threat of Germany to France is 0.6",
            ),
            ("expect threat of Spain to France = 1", true, "is 1"),
            (
                "expect weight of Germany to France = 1.2",
                true,
                "weighs 1.2 in the energy",
            ),
            ("expect weight of Spain to France = 2", true, "weighs 2"),
            ("expect weight of Germany to France = 0.6", false, "1.2"),
            // At the tolerance's edge, in decimals binary floats do not hold exactly.
            (
                "expect threat of Germany to France = 0.5 ± 0.1",
                true,
                "0.6",
            ),
            (
                "expect threat of Germany to France = 0.7 ± 0.1",
                true,
                "0.6",
            ),
            (
                "expect threat of Germany to France = 0.5 +- 0.0999",
                false,
                "0.6, 0.1 from 0.5; the tolerance is 0.0999",
            ),
        ],
    );
}

#[test]
fn price_worked_from_the_folded_energies() {
    // With X and Y together the least energy is −2 ({XY}|{Z}: 2·(p_XZ + p_YZ) =
    // 2·(1 − 2)); apart, −4 ({XZ}|{Y}: 2·(p_XY + p_YZ) = 2·(0 − 2)). An offer a from Y
    // to X adds 2 · s_X · s_Y · 0.01 · a / 2 = 0.01·a to every configuration with them
    // apart: the price is (−2 − (−4)) / 0.01 = 200.
    let base = "
state X { power 1 }
state Y { power 1 }
state Z { power 1 }
propensity X ~ Z = 1
propensity Y ~ Z = -2
model landscape 1, aid 1
";
    assert_lines(
        base,
        &[
            ("expect price of X for Y = 200", true, "the price is 200"),
            (
                "expect price of X for Y = 199.9",
                false,
                "200, 0.1 from 199.9",
            ),
            ("expect price of X for Y = 190 ± 10", true, "200"),
            (
                "expect price of Z for X = 1",
                false,
                "Z is already in X's bloc",
            ),
            ("expect ratio of balance = 2", true, "the ratio is 2 : 1"),
            ("expect ratio of balance = 2.1 ± 0.1", true, "2 : 1"),
            ("expect ratio of balance = 2.1001 ± 0.1", false, "2 : 1"),
        ],
    );
}

#[test]
fn ratio_of_an_attack() {
    // A's side: A at 4. B's side: B at 2 and its ally C at 3 × reliability 0.5 = 1.5.
    // Ratio 4 / 3.5 = 1.142857…, printed 1.1429.
    let base = "
state A { power 4 }
state B { power 2 }
state C { power 3 }
alliance { B, C } reliability 0.5
model landscape
";
    assert_lines(
        base,
        &[
            (
                "expect ratio of A attacking B = 1.1429",
                true,
                "the ratio is 1.1429 : 1",
            ),
            ("expect ratio of A attacking B = 1.143", false, "1.1429"),
            (
                "expect ratio of A attacking B = 1.143 ± 0.001",
                true,
                "1.1429",
            ),
        ],
    );
}

#[test]
fn each_medium_shows_the_actual_value() {
    let src = format!(
        "{WORKED}\nwho allies with whom?\nexpect energy = -30\nexpect energy = -31 ± 0.5\n"
    );
    let r = run_source("t.ally", &src, None);
    let text = ally_core::render::text::file(&r, false);
    assert!(
        text.contains("expect energy = -30 … ok — the energy is -30\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "expect energy = -31 ± 0.5 … FAILED\n  actual: the energy is -30, 1 from -31; the tolerance is 0.5 (line 12)\n"
        ),
        "{text}"
    );
    let doc = ally_core::render::json::file(&r, &src);
    let x = &doc["expectations"];
    assert_eq!(x[0]["expect"], "energy = -30");
    assert_eq!(
        (&x[0]["passed"], &x[0]["value"], &x[0]["expected"]),
        (&true.into(), &(-30.0).into(), &(-30.0).into())
    );
    assert_eq!(x[0]["tolerance"], 0.00005);
    assert_eq!(
        (&x[1]["passed"], &x[1]["tolerance"]),
        (&false.into(), &0.5.into())
    );
    let md = ally_core::render::markdown::file(&r);
    assert!(
        md.contains("the energy is -30, 1 from -31; the tolerance is 0.5"),
        "{md}"
    );
    // Other forms carry no numbers.
    let plain = run_source("t.ally", &format!("{WORKED}\nexpect A with B\n"), None);
    let doc = ally_core::render::json::file(&plain, WORKED);
    assert!(doc["expectations"][0].get("value").is_none());
}

#[test]
fn no_number_is_a_failure_that_says_why() {
    let src = format!("{WORKED}\nexpect price of C for A = 1\n");
    let got = outcomes(&src);
    assert!(!got[0].outcome.passed);
    assert!(
        got[0]
            .outcome
            .actual
            .starts_with("no offer can buy C for A: the model (landscape) gives aid no weight"),
        "{}",
        got[0].outcome.actual
    );
    let r = run_source("t.ally", &src, None);
    let doc = ally_core::render::json::file(&r, &src);
    assert_eq!(doc["expectations"][0]["value"], serde_json::Value::Null);
}

#[test]
fn mistakes_in_a_numeric_expectation_are_diagnostics() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "expect threat of A to A = 1",
            "ally::self_relation",
            "two different states",
        ),
        (
            "expect cost of leaving Z = 1",
            "ally::undeclared_state",
            "state `Z`",
        ),
        (
            "expect basin of stable 0 = 1",
            "ally::out_of_range",
            "numbered 1, 2",
        ),
        (
            "expect basin of stable 1.5 = 1",
            "ally::out_of_range",
            "not 1.5",
        ),
        (
            "expect energy = 1 ± -0.5",
            "ally::out_of_range",
            "not negative",
        ),
        ("expect energy 1", "ally::syntax", "unexpected `1`"),
        ("expect energy = 1 ±", "ally::syntax", "unexpected end"),
    ];
    for (line, code, message) in cases {
        let src = format!("state A {{ power 1 }}\nstate B {{ power 2 }}\n{line}\n");
        let (_, report) = ally_core::document::check_source("t.ally", &src);
        let d: Vec<(String, String)> = report
            .diags
            .iter()
            .map(|d| (d.code.to_string(), d.message.clone()))
            .collect();
        assert_eq!(d.len(), 1, "{line}: {d:?}");
        assert_eq!(d[0].0, *code, "{line}: {d:?}");
        assert!(d[0].1.contains(message), "{line}: {d:?}");
    }
}

#[test]
fn the_formatter_writes_the_tolerance_as_plus_minus() {
    let src = "state A { power 1 }\nexpect   energy=0 +- 0.5\nexpect ratio of A attacking A=1\n";
    let out = ally_core::format::format_source(src).unwrap();
    assert_eq!(
        out,
        "state A { power 1 }\nexpect energy = 0 ± 0.5\nexpect ratio of A attacking A = 1\n"
    );
}

#[test]
fn states_named_like_the_new_keywords_still_work() {
    let src = "state Energy { power 1 }\nstate Ratio { power 2 }\nthreat Ratio -> Energy 0.9\nexpect Energy against Ratio\nexpect threat of Ratio to Energy = 0.9\nexpect cost of leaving Energy = 0 ± 100\n";
    let got = outcomes(src);
    assert_eq!(got.len(), 3);
    assert!(got.iter().all(|x| x.outcome.passed), "{got:?}");
    assert_eq!(
        got[1].outcome.expect,
        "threat of \"Ratio\" to \"Energy\" = 0.9"
    );
}
