//! Properties that hold for every input (SPEC §4): nothing panics, the same input gives
//! the same bytes, and well-formed scenarios are accepted. Case counts are kept modest so
//! the suite stays fast; raise `PROPTEST_CASES` locally to search harder.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use proptest::prelude::*;

use ally_core::diagnostics::{self, Style};
use ally_core::render;
use ally_core::{
    document::{check_source, run_source},
    query::file::FileResult,
};

/// Every output a user can see for one run, as bytes: text, JSON and diagnostics.
fn outputs(src: &str) -> (String, String, String) {
    let r: FileResult = run_source("prop.ally", src, None);
    let text = render::text::file(&r, true);
    let json = serde_json::to_string(&render::json::file(&r, src)).expect("JSON serialises");
    let diags = diagnostics::render(&r.report, Style::Plain);
    (text, json, diags)
}

/// Spans must lie inside the source and on character boundaries, or rendering would fail.
fn spans_are_sound(src: &str) -> Result<(), TestCaseError> {
    let (_, report) = check_source("prop.ally", src);
    for d in &report.diags {
        prop_assert!(d.code.starts_with("ally::"), "{d:?}");
        prop_assert!(
            d.span.start <= d.span.end && d.span.end <= src.len(),
            "{d:?}"
        );
        prop_assert!(
            src.is_char_boundary(d.span.start) && src.is_char_boundary(d.span.end),
            "{d:?}"
        );
    }
    Ok(())
}

/// `cases` unless `PROPTEST_CASES` asks for another number.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

// ------------------------------------------------------------------ token soup

/// Tokens besides the keywords (`ally_core::syntax::KEYWORDS`, added where the soup is made).
const TOKENS: &[&str] = &[
    // model and doctrine words
    "balancing",
    "bandwagoning",
    "landscape",
    "aid",
    // names
    "France",
    "Germany",
    "Russia",
    "\"Austria-Hungary\"",
    "democracy",
    "monarchy",
    "Entente",
    "G",
    "Stag",
    "Rabbit",
    "Alice",
    "Jack",
    "\"",
    // numbers
    "0",
    "1",
    "-1",
    "0.5",
    "-0.3",
    "2",
    "1.5",
    "1e999",
    "-1e999",
    "1/2",
    "3/0",
    "0/0",
    "16",
    "99999999999999999999",
    "1914",
    "1e-400",
    // punctuation
    "{",
    "}",
    "~",
    "->",
    "=",
    ",",
    ";",
    "?",
    ":",
    ">",
    "\n",
    "//",
];

fn token_soup() -> impl Strategy<Value = String> {
    let all: Vec<&'static str> = ally_core::syntax::KEYWORDS
        .iter()
        .chain(TOKENS)
        .copied()
        .collect();
    prop::collection::vec((prop::sample::select(all), prop::bool::ANY), 0..48).prop_map(|toks| {
        let mut s = String::new();
        for (t, space) in toks {
            s.push_str(t);
            if space {
                s.push(' ');
            }
        }
        s
    })
}

/// Whole statements, some right and some wrong, so that the soup reaches the checker and
/// the engine and not only the parser.
fn statement_soup() -> impl Strategy<Value = String> {
    const LINES: &[&str] = &[
        "state France { power 0.1 ideology democracy }",
        "state Germany { power 0.2 ideology monarchy offense 1.3 }",
        "state Russia { power 0.15 }",
        "state France { power 0 }",
        "ideology democracy, monarchy",
        "affinity democracy ~ monarchy = -0.2",
        "border France ~ Germany",
        "border Germany ~ Russia",
        "distance France ~ Russia = 0.3",
        "threat Germany -> France 0.8",
        "threat Russia -> Germany",
        "offer France -> Russia 50",
        "alliance Entente { France, Russia } reliability 0.7",
        "alliance { France, Germany }",
        "model balancing 0.7, ideology 0.3",
        "model bandwagoning",
        "model landscape",
        "propensity France ~ Germany = -0.5",
        "blocs 3",
        "at 1915 { battle Germany defeats Russia loss 0.2 }",
        "at 1916 { turmoil Russia -> democracy }",
        "at 1917 { leave Russia }",
        "who allies with whom?",
        "allies of France?",
        "enemies of Germany?",
        "why Russia?",
        "biggest threat to France?",
        "threats to France?",
        "stable alignments?",
        "compare models?",
        "balance of power?",
        "what if Germany threatens Russia 0.9?",
        "price of Russia for France?",
        "would Germany attack France?",
        "timeline?",
        "expect France with Russia",
        "expect Germany indifferent",
        "expect biggest threat to France is Germany",
        "game G { players A, B; strategies X, Y; X, X -> 1, 1; X, Y -> 0, 2; Y, X -> 2, 0; Y, Y -> 0, 0 }",
        "equilibria of G?",
        "dominant strategies of G?",
        "best responses of G?",
    ];
    prop::collection::vec(prop::sample::select(LINES), 0..14).prop_map(|l| l.join("\n"))
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_text_does_not_panic(src in any::<String>()) {
        let _ = outputs(&src);
        spans_are_sound(&src)?;
    }

    #[test]
    fn token_soup_does_not_panic(src in token_soup()) {
        let _ = outputs(&src);
        spans_are_sound(&src)?;
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn statement_soup_does_not_panic(src in statement_soup()) {
        let _ = outputs(&src);
        spans_are_sound(&src)?;
    }

    #[test]
    fn same_input_same_bytes(src in prop_oneof![token_soup(), statement_soup()]) {
        prop_assert_eq!(outputs(&src), outputs(&src));
    }
}

// ------------------------------------------------------------------ valid scenarios

const IDEOLOGIES: &[&str] = &["democracy", "monarchy", "communism", "fascism"];

#[derive(Debug, Clone)]
struct Scenario {
    powers: Vec<u32>,
    ideology: Vec<Option<usize>>,
    threats: BTreeSet<(usize, usize, u32)>,
    borders: BTreeSet<(usize, usize)>,
    distances: BTreeSet<(usize, usize, u32)>,
    alliances: Vec<(BTreeSet<usize>, Option<u32>)>,
    affinity: Option<i32>,
    model: &'static str,
}

/// `(a, b)` with `a < b`, so that a set never holds the same unordered pair twice.
fn ordered(n: usize) -> impl Strategy<Value = (usize, usize)> {
    (0..n, 0..n - 1).prop_map(|(a, b)| {
        let b = if b >= a { b + 1 } else { b };
        (a.min(b), a.max(b))
    })
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (2usize..=10).prop_flat_map(|n| {
        let directed = (0..n, 0..n - 1, 0u32..=100)
            .prop_map(|(a, b, i)| (a, if b >= a { b + 1 } else { b }, i));
        (
            prop::collection::vec(1u32..=1000, n),
            prop::collection::vec(prop::option::of(0..IDEOLOGIES.len()), n),
            prop::collection::vec(directed, 0..2 * n),
            prop::collection::btree_set(ordered(n), 0..2 * n),
            prop::collection::vec((ordered(n), 0u32..=100), 0..n),
            prop::collection::vec(
                (
                    prop::collection::btree_set(0..n, 2..=n.min(4)),
                    prop::option::of(0u32..=100),
                ),
                0..3,
            ),
            prop::option::of(-100i32..=100),
            prop::sample::select(
                &[
                    "balancing",
                    "bandwagoning",
                    "ideology",
                    "balancing 0.7, ideology 0.3",
                    "balancing, aid",
                ][..],
            ),
        )
            .prop_map(
                |(powers, ideology, threats, borders, distances, alliances, affinity, model)| {
                    // One threat per ordered pair and one distance per pair: duplicates are errors.
                    let mut seen = BTreeSet::new();
                    let threats = threats
                        .into_iter()
                        .filter(|&(a, b, _)| seen.insert((a, b)))
                        .collect();
                    let mut seen = BTreeSet::new();
                    let distances = distances
                        .into_iter()
                        .filter(|&((a, b), _)| seen.insert((a, b)))
                        .map(|((a, b), p)| (a, b, p))
                        .collect();
                    Scenario {
                        powers,
                        ideology,
                        threats,
                        borders,
                        distances,
                        alliances,
                        affinity,
                        model,
                    }
                },
            )
    })
}

fn share(x: u32) -> String {
    format!("{:.2}", f64::from(x) / 100.0)
}

impl Scenario {
    fn source(&self) -> String {
        let mut s = String::from("scenario \"generated\"\n");
        for i in IDEOLOGIES {
            let _ = writeln!(s, "ideology {i}");
        }
        if let Some(a) = self.affinity {
            let _ = writeln!(
                s,
                "affinity democracy ~ monarchy = {:.2}",
                f64::from(a) / 100.0
            );
        }
        for (i, p) in self.powers.iter().enumerate() {
            let _ = write!(s, "state S{i} {{ power {:.3}", f64::from(*p) / 1000.0);
            if let Some(id) = self.ideology[i] {
                let _ = write!(s, " ideology {}", IDEOLOGIES[id]);
            }
            s.push_str(" }\n");
        }
        for (a, b) in &self.borders {
            let _ = writeln!(s, "border S{a} ~ S{b}");
        }
        for (a, b, p) in &self.distances {
            let _ = writeln!(s, "distance S{a} ~ S{b} = {}", share(*p));
        }
        for (a, b, i) in &self.threats {
            let _ = writeln!(s, "threat S{a} -> S{b} {}", share(*i));
        }
        for (k, (members, rel)) in self.alliances.iter().enumerate() {
            let list: Vec<String> = members.iter().map(|m| format!("S{m}")).collect();
            let _ = write!(s, "alliance A{k} {{ {} }}", list.join(", "));
            if let Some(r) = rel {
                let _ = write!(s, " reliability {}", share(*r));
            }
            s.push('\n');
        }
        let _ = writeln!(s, "model {}", self.model);
        s.push_str("who allies with whom?\nbiggest threat to S0?\nbalance of power?\n");
        s
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn valid_scenarios_are_accepted(sc in scenario()) {
        let src = sc.source();
        let (checker, report) = check_source("generated.ally", &src);
        prop_assert!(
            !report.has_errors(),
            "{}\n{}",
            src,
            diagnostics::render(&report, Style::Plain)
        );
        prop_assert_eq!(checker.state.scenario.states.len(), sc.powers.len());
    }

    #[test]
    fn valid_scenarios_run_and_repeat(sc in scenario()) {
        let src = sc.source();
        let r = run_source("generated.ally", &src, None);
        prop_assert!(r.ok(), "{}\n{}", src, diagnostics::render(&r.report, Style::Plain));
        prop_assert_eq!(outputs(&src), outputs(&src));
    }
}
