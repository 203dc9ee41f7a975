//! A fuzz harness for the parser and the checker (issue 12, "keep it that way"):
//! proptest mutates the course examples — byte flips, truncations, duplicated ranges,
//! inserted bytes and very long lines — and every result must come back as diagnostics
//! (never a panic, never an internal error), each with a code, a message and a span
//! inside the text, and must render. It runs in CI with a fixed budget: `FUZZ_CASES`
//! cases (default 64, a few seconds); set `FUZZ_CASES=20000` for a campaign. A failing
//! case is shrunk and saved under `tests/proptest-regressions/`.

use proptest::prelude::*;
use proptest::sample::Index;

use ally_core::diagnostics::{self, Style, codes};

const EXAMPLES: &[&str] = &[
    include_str!("../../examples/europe-1914.ally"),
    include_str!("../../examples/alignment-game.ally"),
    include_str!("../../examples/bribes.ally"),
    include_str!("../../examples/cascade.ally"),
    include_str!("../../examples/cold-war-ideology.ally"),
    include_str!("../../examples/deterrence.ally"),
    include_str!("../../examples/landscape-europe-1936.ally"),
    include_str!("../../examples/stag-hunt.ally"),
    include_str!("../../examples/russia-1917.ally"),
];

#[derive(Debug, Clone)]
enum Mutation {
    Flip(Index, u8),
    Truncate(Index),
    Duplicate(Index, Index, Index),
    Insert(Index, Vec<u8>),
    LongLine(Index, usize, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        2 => (any::<Index>(), any::<Index>(), any::<Index>())
            .prop_map(|(a, b, c)| Mutation::Duplicate(a, b, c)),
        2 => (any::<Index>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        1 => (any::<Index>(), 60_000usize..80_000, prop::sample::select(vec![b' ', b'x', b'"', b'{']))
            .prop_map(|(i, n, b)| Mutation::LongLine(i, n, b)),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len + 1) };
    match m {
        Mutation::Flip(i, b) if !bytes.is_empty() => {
            let k = i.index(bytes.len());
            bytes[k] ^= b | 1;
        }
        Mutation::Flip(..) => {}
        Mutation::Truncate(i) => bytes.truncate(at(i, bytes.len())),
        Mutation::Duplicate(a, b, c) => {
            let start = at(a, bytes.len());
            let end = (start + at(b, 400)).min(bytes.len());
            let piece = bytes[start..end].to_vec();
            let to = at(c, bytes.len());
            bytes.splice(to..to, piece);
        }
        Mutation::Insert(i, extra) => {
            let to = at(i, bytes.len());
            bytes.splice(to..to, extra.iter().copied());
        }
        Mutation::LongLine(i, n, b) => {
            let to = at(i, bytes.len());
            bytes.splice(to..to, std::iter::repeat_n(*b, *n));
        }
    }
}

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64)
}

/// Parses, checks and renders `bytes`; every diagnostic must be well formed.
fn check_bytes(bytes: Vec<u8>) -> Result<(), TestCaseError> {
    let decoded = ally::source::decode(bytes);
    let text = decoded.text;
    let (_, mut report) = ally_core::document::check_source("fuzz.ally", &text);
    if let Some(e) = decoded.error {
        prop_assert_eq!(e.code, codes::ENCODING);
        report.diags.insert(0, e);
    }
    for d in &report.diags {
        prop_assert!(d.code.starts_with("ally::"), "{:?}", d);
        prop_assert_ne!(d.code, codes::INTERNAL, "{:?}", d);
        prop_assert!(!d.message.is_empty());
        for span in std::iter::once(&d.span).chain(d.related.iter().map(|(s, _)| s)) {
            prop_assert!(span.start <= span.end && span.end <= text.len(), "{:?}", d);
            prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
    }
    let shown = diagnostics::render(&report, Style::Plain);
    if report.has_errors() {
        prop_assert!(shown.contains(report.diags[0].code), "{}", shown);
        // The renderer got a clamped source: no line of its output is enormous.
        prop_assert!(shown.lines().all(|l| l.chars().count() < 5_000));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn mutated_examples_get_diagnostics_not_panics(
        which in 0..EXAMPLES.len(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let mut bytes = EXAMPLES[which].as_bytes().to_vec();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        check_bytes(bytes)?;
    }
}

/// The shapes the campaign of issue 12 found, run every time.
#[test]
fn the_campaigns_reproducers() {
    let long = " ".repeat(70_000);
    for src in [
        format!("{long}threat A -> B\n"),
        format!("state \"{}\"\n", "N".repeat(70_000)),
        format!("state A\n{long}state \"\u{1b}]0;x\u{7}\"\n"),
        "state \"A\u{fffe}\"\nstate B\nthreat \"A\u{fffe}\" -> B\n".to_string(),
        "state A {\n power 1".to_string(),
        "\u{0}\u{0}\u{0}".to_string(),
    ] {
        check_bytes(src.into_bytes()).unwrap();
    }
}
