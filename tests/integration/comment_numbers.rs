//! A number an example's comment states is an answer too: it must be asserted — printed
//! in the example's answers (its golden file, which `ally test` compares byte for byte)
//! or written in one of its `expect`s — unless it is an input (written in the file's
//! declarations, or in a comment beside one) or listed below as what it is (a page, a
//! citation, a date, a data set's name or code, a count of the text's own points or
//! sections, a constant of the language).

use std::collections::BTreeSet;
use std::path::Path;

/// Numbers in the comments of these files that are not answers, with what they are.
const NOT_ANSWERS: &[(&str, &[&str])] = &[
    ("alignment-game.ally", &["29"]), // Walt, p. 29
    // The sections of "What to look at".
    ("balancing-vs-bandwagoning.ally", &["2", "3", "6"]),
    // CINC × 100; ATOP 5.1; COW code 345; section 3; a latent intent to try.
    ("balkans-1915.ally", &["100", "5.1", "345", "3", "0.02"]),
    // The aid unit (an offer N adds 0.01 × N / 2; 100 pulls like a shared ideology);
    // sections 4 and 5 of "What to look at".
    ("bribes.ally", &["0.01", "100", "4", "5"]),
    ("cascade.ally", &[]),
    // NMC-60-abridged.csv; CINC × 100; COW ccode 651 (the UAR of 1958–61); the default
    // reliability (Leeds, Long & Mitchell 2000); sections 3–5 of "What to look at".
    (
        "cold-war-ideology.ally",
        &["60", "100", "651", "61", "0.745", "3", "4", "5"],
    ),
    ("deterrence.ally", &[]),
    // COW codes 345 and 640; ATOP 5.1 and its citation (International Interactions 28:
    // 237–260); NMC-60-abridged.csv; contiguity type 5; CC BY 4.0; 12 miles of water; the
    // score, 10 of the 12 states that took sides (each of them has an `expect`).
    (
        "europe-1914-atop.ally",
        &[
            "345", "640", "5.1", "28", "237", "260", "60", "5", "4.0", "12", "10",
        ],
    ),
    // CINC × 100 (europe-1914.ally); NMC-60-abridged.csv; COW codes 345 and 640;
    // contiguity types 3 and 4; the score, 10 of the 12 states that took sides (each of
    // them has an `expect`).
    (
        "europe-1914-cow.ally",
        &["100", "60", "345", "640", "3", "4", "12", "10"],
    ),
    // NMC-60-abridged.csv; CINC × 100 rounded to 2 decimals; COW contiguity types 3–5; the
    // default reliability (Leeds, Long & Mitchell 2000); 2 August 1914, 26 April 1915;
    // sections (and "note") 2–4 of "What to look at".
    (
        "europe-1914.ally",
        &["60", "100", "2", "3", "4", "5", "0.745", "26"],
    ),
    // The importer's header: ATOP 5.1 and its citation (International Interactions 28:
    // 237–260); NMC-60-abridged.csv; the proximity of each contiguity type (3: 0.8, 4:
    // 0.7, 5: 0.6, ...); CC BY 4.0.
    (
        "europe-1933-1939-atop.ally",
        &[
            "5.1", "28", "237", "260", "60", "0.9", "0.7", "3", "4", "5", "4.0",
        ],
    ),
    // Walt's chapters 2 and 5; 1935–39; CINC × 100; ATOP 5.1; section 2.
    (
        "europe-1936-bandwagoning.ally",
        &["2", "5", "39", "100", "5.1"],
    ),
    // NMC-60-abridged.csv, v6.0; 7 March 1936; 1939–41; the agreements counted from the
    // listed alignments (11 of 17 with the paper, 14 of 17 with ideology, 11 of the 14
    // non-Baltic states right, each of them an `expect`); the importer's proximity of
    // each contiguity type (2: 0.9, 3: 0.8, 4: 0.7).
    (
        "europe-1936.ally",
        &["60", "7", "41", "11", "14", "17", "0.9", "2", "3", "4"],
    ),
    ("first-scenario.ally", &[]),
    // 26 April 1915; 1914–15; CINC × 100; the aid unit (an offer N adds 0.01 × N / 2; 100
    // pulls like a shared ideology).
    ("italy-1915.ally", &["26", "15", "100", "0.01"]),
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
    // International Organization 44 (1990): 137–168; World Politics 36 (1984): 461–495.
    (
        "chain-ganging.ally",
        &["44", "137", "168", "36", "461", "495"],
    ),
    // Journal of Conflict Resolution 44 (2000): 686–699; the 74.5 % reliability Leeds,
    // Long & Mitchell report (an input: the chance node's 0.745); SPEC §1.1.
    (
        "leeds-reliability.ally",
        &["44", "699", "686", "74.5", "1.1"],
    ),
    // Annual Review of Political Science 3 (2000): 63–83.
    ("morrow-alliances.ally", &["63", "83"]),
    ("lecture-1914.ally", &["2"]), // SPEC §2
    // 1974–75, 1974–76, 1977–79; ATOP 5.1; the treaty's article 7; sections 2–4.
    (
        "middle-east-1972-1979.ally",
        &["75", "76", "79", "5.1", "7", "2", "3", "4"],
    ),
    // CINC × 100; 1948–49; the Anglo-Portuguese alliance of 1373; section 3; the default
    // latent intent 0.1 and default affinity 0 (language constants, the book's models page).
    ("nato-1949.ally", &["100", "49", "1373", "3", "0.1", "0"]),
    ("neutrality-1939.ally", &["9"]), // 9 April 1940
    ("russia-1917.ally", &[]),
    ("stag-hunt.ally", &["1.3", "29", "5"]), // SPEC §1.3; p. 29; point 5
    // Walt, p. 29; section 2.
    ("uncertain-intentions.ally", &["29", "2"]),
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
        let allowed: BTreeSet<String> = NOT_ANSWERS
            .iter()
            .find(|(f, _)| *f == name)
            .unwrap_or_else(|| panic!("{name}: list it in NOT_ANSWERS"))
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
    assert_eq!(seen, crate::support::examples().len());
}
