//! A number an example's comment states is an answer too: it must be asserted — printed
//! in the example's answers (its golden file, which `ally test` compares byte for byte)
//! or written in one of its `expect`s — unless it is an input (written in the file's
//! declarations, or in a comment beside one) or listed below as what it is (a page, a
//! citation, a count of the text's own points).

use std::collections::BTreeSet;
use std::path::Path;

/// Numbers in the comments of these files that are not answers, with what they are.
const NOT_ANSWERS: &[(&str, &[&str])] = &[
    ("alignment-game.ally", &["29"]),        // Walt, p. 29
    ("stag-hunt.ally", &["1.3", "29", "5"]), // SPEC §1.3; p. 29; point 5
    ("lecture-1914.ally", &["2"]),           // SPEC §2
    ("deterrence.ally", &[]),
    ("first-scenario.ally", &[]),
    (
        "landscape-europe-1936.ally",
        &[
            // The citations: BJPS 23: 211–233; Management Science 41(9): 1493–1508.
            "23", "211", "233", "41", "9", "1493", "1508",
            // The study's sizes: 17 nations, 136 propensities, 2^16 = 65,536
            // configurations, 12 / 14 / 15 of 17 right, NMC v6.0, CINC × 100, weight 0.
            "17", "136", "16", "65", "536", "12", "14", "15", "60", "100", "0",
            // The basins of 0.975 and 0.025 (asserted beside them) as percentages.
            "97.5", "2.5",
        ],
    ),
];

/// Examples whose comments still state numbers nothing asserts: their numbers depend
/// on the threat model being changed (issue 24) and are re-derived and asserted after
/// it. Each must still have such a number (a file that no longer has one leaves this
/// list and goes to `NOT_ANSWERS`).
const PENDING: &[&str] = &[
    "balancing-vs-bandwagoning.ally",
    "bribes.ally",
    "cascade.ally",
    "cold-war-ideology.ally",
    "europe-1914.ally",
    "europe-1914-atop.ally",
    "europe-1914-cow.ally",
    "europe-1933-1939-atop.ally",
    "europe-1936.ally",
    "italy-1915.ally",
    "neutrality-1939.ally",
    "russia-1917.ally",
];

fn numbers(text: &str) -> BTreeSet<String> {
    let re = fancy_regex::Regex::new(r"(?<![\w.])-?\d+(?:\.\d+)?(?:/\d+)?(?![\w])").expect("regex");
    re.find_iter(&text.replace('−', "-"))
        .flatten()
        .map(|m| m.as_str().trim_start_matches('-').to_string())
        .collect()
}

/// The numbers of `file`'s comments that nothing asserts.
fn unasserted(file: &Path) -> BTreeSet<String> {
    let src = std::fs::read_to_string(file).expect("readable");
    let golden = std::fs::read_to_string(file.with_extension("golden")).expect("a golden file");
    let mut asserted = numbers(&golden);
    let mut stated = BTreeSet::new();
    for line in src.lines() {
        let (code, comment) = line.split_once("//").unwrap_or((line, ""));
        asserted.extend(numbers(code));
        // A comment beside a declaration annotates that input (`// CINC 0.076583`).
        if code.trim().is_empty() || code.trim_start().starts_with("expect") {
            stated.extend(numbers(comment));
        }
    }
    stated
        .into_iter()
        .filter(|n| !asserted.contains(n))
        // Years are dates, not answers.
        .filter(|n| {
            !(n.len() == 4 && (n.starts_with("18") || n.starts_with("19") || n.starts_with("20")))
        })
        .collect()
}

#[test]
fn every_number_in_an_example_comment_is_asserted() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut seen = 0;
    for file in crate::support::examples() {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a name")
            .to_string();
        let left = unasserted(&file);
        if PENDING.contains(&name.as_str()) {
            assert!(
                !left.is_empty(),
                "{name}: every number is asserted now; move it from PENDING to NOT_ANSWERS"
            );
            continue;
        }
        let allowed: BTreeSet<String> = NOT_ANSWERS
            .iter()
            .find(|(f, _)| *f == name)
            .unwrap_or_else(|| panic!("{name}: list it in NOT_ANSWERS (or PENDING)"))
            .1
            .iter()
            .map(|s| s.to_string())
            .collect();
        let unexplained: Vec<&String> = left.difference(&allowed).collect();
        assert!(
            unexplained.is_empty(),
            "{}: these numbers in comments are neither printed, expected nor inputs: {unexplained:?}",
            dir.join(&name).display()
        );
        let stale: Vec<&String> = allowed.difference(&left).collect();
        assert!(
            stale.is_empty(),
            "{name}: NOT_ANSWERS lists {stale:?}, no longer needed"
        );
        seen += 1;
    }
    assert_eq!(seen + PENDING.len(), crate::support::examples().len());
}
