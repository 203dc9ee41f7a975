//! Every `expect` form passes where the answer agrees and fails where it does not, with
//! the actual answer beside it, in text and JSON; mistakes in an expectation are
//! diagnostics from the checker.

use ally_core::{document::run_source, query::file::ExpectResult};

const STAG: &str = r#"
game "Stag Hunt" {
  players Alice, Jack
  strategies Stag, Rabbit
  outcomes eat_stag = 4, eat_rabbit = 3, go_hungry = 0
  Stag,   Stag   -> eat_stag,   eat_stag
  Stag,   Rabbit -> go_hungry,  eat_rabbit
  Rabbit, Stag   -> eat_rabbit, go_hungry
  Rabbit, Rabbit -> eat_rabbit, eat_rabbit
}
game Ranked {
  players Alice, Jack
  strategies Stag, Rabbit
  outcomes eat_stag > eat_rabbit > go_hungry
  Stag,   Stag   -> eat_stag,   eat_stag
  Stag,   Rabbit -> go_hungry,  eat_rabbit
  Rabbit, Stag   -> eat_rabbit, go_hungry
  Rabbit, Rabbit -> eat_rabbit, eat_rabbit
}
"#;

/// The expectations of `src`, which must check without errors.
pub(crate) fn outcomes(src: &str) -> Vec<ExpectResult> {
    let r = run_source("t.ally", src, None);
    assert!(!r.report.has_errors(), "{:?}", r.report.diags);
    r.entries
        .into_iter()
        .filter_map(|e| match e {
            ally_core::query::file::Entry::Expect(x) => Some(x),
            _ => None,
        })
        .collect()
}

/// Asserts the verdict and a piece of the actual answer of each expectation.
pub(crate) fn assert_each(src: &str, want: &[(&str, bool, &str)]) {
    let got = outcomes(src);
    assert_eq!(got.len(), want.len());
    for (x, (expect, passed, actual)) in got.iter().zip(want) {
        assert_eq!(&x.outcome.expect, expect);
        assert_eq!(
            x.outcome.passed, *passed,
            "{expect}: actual {}",
            x.outcome.actual
        );
        assert!(
            x.outcome.actual.contains(actual),
            "{expect}: `{}` lacks `{actual}`",
            x.outcome.actual
        );
    }
}

#[test]
fn equilibria_forms_pass_and_fail() {
    let src = format!(
        "{STAG}
expect equilibria of \"Stag Hunt\" = 3
expect equilibria of \"Stag Hunt\" = 2
expect equilibria of Ranked = 2
expect equilibrium of \"Stag Hunt\" is Stag, Stag
expect equilibrium of \"Stag Hunt\" is Rabbit, Rabbit
expect equilibrium of \"Stag Hunt\" is Stag, Rabbit
expect payoff dominant of \"Stag Hunt\" is Stag, Stag
expect payoff dominant of \"Stag Hunt\" is Rabbit, Rabbit
expect risk dominant of \"Stag Hunt\" is Rabbit, Rabbit
expect risk dominant of \"Stag Hunt\" is Stag, Stag
expect risk dominant of Ranked is Rabbit, Rabbit
expect payoff dominant of Ranked is Stag, Stag
"
    );
    assert_each(
        &src,
        &[
            (
                "equilibria of \"Stag Hunt\" = 3",
                true,
                "3 equilibria: (Stag, Stag); (Rabbit, Rabbit); (Stag 3/4 + Rabbit 1/4",
            ),
            ("equilibria of \"Stag Hunt\" = 2", false, "3 equilibria"),
            (
                "equilibria of Ranked = 2",
                true,
                "2 pure equilibria: (Stag, Stag); (Rabbit, Rabbit)",
            ),
            (
                "equilibrium of \"Stag Hunt\" is Stag, Stag",
                true,
                "(Stag, Stag) is a pure equilibrium",
            ),
            (
                "equilibrium of \"Stag Hunt\" is Rabbit, Rabbit",
                true,
                "(Rabbit, Rabbit) is a pure equilibrium",
            ),
            (
                "equilibrium of \"Stag Hunt\" is Stag, Rabbit",
                false,
                "(Stag, Rabbit) is not an equilibrium; the pure ones are (Stag, Stag), (Rabbit, Rabbit)",
            ),
            (
                "payoff dominant of \"Stag Hunt\" is Stag, Stag",
                true,
                "the payoff dominant equilibrium is (Stag, Stag)",
            ),
            (
                "payoff dominant of \"Stag Hunt\" is Rabbit, Rabbit",
                false,
                "the payoff dominant equilibrium is (Stag, Stag)",
            ),
            (
                "risk dominant of \"Stag Hunt\" is Rabbit, Rabbit",
                true,
                "the risk dominant equilibrium is (Rabbit, Rabbit)",
            ),
            (
                "risk dominant of \"Stag Hunt\" is Stag, Stag",
                false,
                "the risk dominant equilibrium is (Rabbit, Rabbit)",
            ),
            (
                "risk dominant of Ranked is Rabbit, Rabbit",
                false,
                "a ranking does not settle risk dominance",
            ),
            (
                "payoff dominant of Ranked is Stag, Stag",
                true,
                "(Stag, Stag)",
            ),
        ],
    );
}

/// SPEC §1.1's worked example: A (1), B (2), C (3), p_AB = 1, p_AC = −1, p_BC = −2: one
/// stable alignment {A, B} | {C}; power 3 against 3 is fairly even.
const WORKED: &str = "
state A { power 1 }
state B { power 2 }
state C { power 3 }
propensity A ~ B = 1
propensity A ~ C = -1
propensity B ~ C = -2
model landscape
";

#[test]
fn stable_and_balance_forms_pass_and_fail() {
    let src = format!(
        "{WORKED}
expect stable alignments = 1
expect stable alignments = 2
expect balance fairly even
expect balance overwhelming
state D {{ power 30 }}
propensity D ~ C = 1
expect balance overwhelming
expect balance fairly even
"
    );
    assert_each(
        &src,
        &[
            ("stable alignments = 1", true, "1 stable alignment"),
            ("stable alignments = 2", false, "1 stable alignment"),
            ("balance fairly even", true, "fairly even: ratio 1 : 1"),
            ("balance overwhelming", false, "fairly even"),
            // {A, B} (3) against {C, D} (33): 11 : 1.
            ("balance overwhelming", true, "overwhelming: ratio 11 : 1"),
            ("balance fairly even", false, "overwhelming"),
        ],
    );
}

/// examples/deterrence.ally's numbers: alone the target faces 10 : 3; with a guarantor
/// (4 at the default reliability 0.745) 10 : 5.98, under 2 : 1.
#[test]
fn deterrence_forms_pass_and_fail() {
    let src = "
state Aggressor { power 10 offense 1.3 }
state Target    { power 3 }
state Guarantor { power 4 }
border Aggressor ~ Target
threat Aggressor -> Target 0.8
expect Aggressor not deterred from Target
expect Aggressor deterred from Target
alliance Guarantee { Target, Guarantor }
expect Aggressor deterred from Target
expect Aggressor not deterred from Target
";
    assert_each(
        src,
        &[
            (
                "Aggressor not deterred from Target",
                true,
                "not deterred: ratio 3.3333 : 1",
            ),
            ("Aggressor deterred from Target", false, "not deterred"),
            (
                "Aggressor deterred from Target",
                true,
                "deterred: ratio 1.6722 : 1",
            ),
            (
                "Aggressor not deterred from Target",
                false,
                "deterred: ratio 1.6722",
            ),
        ],
    );
}

/// A state bought at a known price: `price of X for Y` is exact, so a range around it
/// passes and a range beside it fails.
#[test]
fn price_forms_pass_and_fail() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let italy = std::fs::read_to_string(root.join("examples/italy-1915.ally")).expect("example");
    let cut = italy.find("// What would it take?").expect("marker");
    let src = format!(
        "{}
expect price of Italy for Britain between 90 and 105
expect price of Italy for Britain between 250 and 300
expect price of Germany for \"Austria-Hungary\" between 0 and 10
",
        &italy[..cut]
    );
    let got = outcomes(&src);
    let n = got.len();
    let last = &got[n - 3..];
    assert!(last[0].outcome.passed, "{:?}", last[0].outcome);
    assert!(
        last[0].outcome.actual.starts_with("the price is 102.538"),
        "{:?}",
        last[0].outcome
    );
    assert!(!last[1].outcome.passed);
    assert!(last[1].outcome.actual.starts_with("the price is 102.538"));
    assert!(!last[2].outcome.passed, "{:?}", last[2].outcome);
    assert_eq!(
        last[2].outcome.actual,
        "Germany is already in Austria-Hungary's bloc"
    );
}

#[test]
fn timeline_forms_pass_and_fail() {
    // Two camps; at 1915 the swing state is bought across, at 1916 nothing moves anyone.
    let src = "
state West  { power 10 }
state East  { power 10 }
state Swing { power 1 }
threat West -> East 0.9
threat East -> West 0.9
alliance Old { Swing, East } reliability 0.5
model balancing 1, aid 1
at 1915 { offer West -> Swing 900 }
at 1916 { offer East -> West 1 }
expect Swing switches at 1915
expect nobody switches at 1915
expect nobody switches at 1916
expect Swing switches at 1916
";
    assert_each(
        src,
        &[
            (
                "Swing switches at 1915",
                true,
                "at 1915 Swing switches from the East bloc to the West bloc",
            ),
            ("nobody switches at 1915", false, "Swing switches"),
            (
                "nobody switches at 1916",
                true,
                "at 1916 nobody switches sides",
            ),
            (
                "Swing switches at 1916",
                false,
                "at 1916 nobody switches sides",
            ),
        ],
    );
}

#[test]
fn json_carries_each_verdict_with_the_actual_answer() {
    let src = format!("{WORKED}\nexpect stable alignments = 1\nexpect stable alignments = 3\n");
    let r = run_source("t.ally", &src, None);
    let doc = ally_core::render::json::file(&r, &src);
    let x = &doc["expectations"];
    assert_eq!(x[0]["expect"], "stable alignments = 1");
    assert_eq!(x[0]["passed"], true);
    assert_eq!(x[0]["actual"], "1 stable alignment");
    assert_eq!(x[1]["passed"], false);
    assert_eq!(x[1]["actual"], "1 stable alignment");
    assert_eq!(x[1]["line"], 11);
}

/// (code, a piece of the message) of each diagnostic.
fn diags(src: &str) -> Vec<(String, String)> {
    let (_, report) = ally_core::document::check_source("t.ally", src);
    report
        .diags
        .iter()
        .map(|d| (d.code.to_string(), d.message.clone()))
        .collect()
}

#[test]
fn mistakes_in_an_expectation_are_diagnostics() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "expect equilibria of Stag = 3",
            "ally::undeclared_game",
            "game `Stag` is never declared",
        ),
        (
            "expect equilibria of \"Stag Hunt\" = 1.5",
            "ally::out_of_range",
            "whole number",
        ),
        (
            "expect equilibrium of \"Stag Hunt\" is Stag",
            "ally::game_profile",
            "names 2 strategies",
        ),
        (
            "expect equilibrium of \"Stag Hunt\" is Stag, Hare",
            "ally::unknown_strategy",
            "`Hare` is not a strategy of Jack",
        ),
        (
            "expect stable alignments = -1",
            "ally::out_of_range",
            "whole number",
        ),
        (
            "expect price of A for B between 60 and 40",
            "ally::out_of_range",
            "the range is empty",
        ),
        (
            "expect price of A for A between 1 and 2",
            "ally::self_relation",
            "two different states",
        ),
        (
            "expect A deterred from Z",
            "ally::undeclared_state",
            "state `Z`",
        ),
        (
            "expect A switches at 1920",
            "ally::out_of_range",
            "no `at 1920` block",
        ),
        (
            "expect nobody switches at 1920",
            "ally::out_of_range",
            "no `at 1920` block",
        ),
    ];
    for (line, code, message) in cases {
        let src = format!("{STAG}\nstate A {{ power 1 }}\nstate B {{ power 2 }}\n{line}\n");
        let d = diags(&src);
        assert_eq!(d.len(), 1, "{line}: {d:?}");
        assert_eq!(d[0].0, *code, "{line}: {d:?}");
        assert!(d[0].1.contains(message), "{line}: {d:?}");
    }
}

#[test]
fn a_state_named_like_a_keyword_still_parses_in_the_old_forms() {
    let src = "state Balance { power 1 }\nstate Nobody { power 2 }\nthreat Nobody -> Balance 0.9\nexpect Balance against Nobody\n";
    assert_each(src, &[("\"Balance\" against \"Nobody\"", true, "")]);
}
