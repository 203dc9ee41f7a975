//! `ally import cow` on the small COW extracts in `tests/data/cow/`: the scenario is
//! valid, its powers are the CSV's CINC scores, contiguity and alliances come through,
//! and bad input gives the listed diagnostics.

use std::collections::{BTreeSet, HashMap};
use std::process::Command;

use ally::import::Source;
use ally::import::cow::{self, CowOptions, Region, Selection, ally_name, clique_cover};
use ally_core::diagnostics::codes;
use ally_core::document::check_source;
use ally_core::model::{Relation, Scenario};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cow");

fn load(file: &str) -> Source {
    crate::support::extract(DATA, file)
}

fn options(year: i32, selection: Selection) -> CowOptions {
    CowOptions {
        year,
        selection,
        nmc: load("NMC-60-abridged.csv"),
        states: Some(load("cow_states.csv")),
        contiguity: Some(load("cow_contdir.csv")),
        alliances: Some(load("cow_alliance.csv")),
        majors: Some(load("cow_majors.csv")),
        capitals: None,
        all_alliances: false,
        title: None,
        command: "ally import cow (test)".into(),
    }
}

fn checked(text: &str) -> Scenario {
    let (checker, report) = check_source("imported.ally", text);
    assert!(
        report.diags.is_empty(),
        "diagnostics: {:?}\n{text}",
        report.diags
    );
    checker.state.scenario
}

/// The CSV as rows of named fields.
fn rows(file: &str) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(format!("{DATA}/{file}")).expect("readable");
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .expect("header")
        .split(',')
        .map(String::from)
        .collect();
    lines
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split(',').map(String::from))
                .collect()
        })
        .collect()
}

fn codes_of(reports: &[ally_core::diagnostics::Report]) -> Vec<&'static str> {
    reports
        .iter()
        .flat_map(|r| r.diags.iter().map(|d| d.code))
        .collect()
}

#[test]
fn majors_1914_check_clean_and_powers_are_the_cinc_scores() {
    let text = cow::import(&options(1914, Selection::Majors)).expect("imports");
    let s = checked(&text);
    // The expected states: COW major powers in 1914, named by `statenme`.
    let names: HashMap<String, String> = rows("cow_states.csv")
        .into_iter()
        .map(|r| (r["ccode"].clone(), r["statenme"].clone()))
        .collect();
    let majors: BTreeSet<String> = rows("cow_majors.csv")
        .into_iter()
        .filter(|r| {
            r["styear"].parse::<i32>().unwrap() <= 1914
                && r["endyear"].parse::<i32>().unwrap() >= 1914
        })
        .map(|r| r["ccode"].clone())
        .collect();
    assert_eq!(s.states.len(), majors.len());
    for r in rows("NMC-60-abridged.csv") {
        if r["year"] != "1914" || !majors.contains(&r["ccode"]) {
            continue;
        }
        let name = &names[&r["ccode"]];
        let i = s.state(name).unwrap_or_else(|| panic!("{name} imported"));
        let cinc: f64 = r["cinc"].parse().expect("a number");
        assert_eq!(s.states[i].power, cinc, "{name}: power is the CINC score");
    }
    assert!(text.contains("who allies with whom?"));
    assert!(text.contains("// ideology ?"));
    assert!(text.contains("Correlates of War"));
}

#[test]
fn the_binary_imports_and_check_accepts_it() {
    let out = std::env::temp_dir().join(format!("ally-import-{}.ally", std::process::id()));
    let bin = env!("CARGO_BIN_EXE_ally");
    let status = Command::new(bin)
        .args(["import", "cow", "--year", "1914", "--majors", "--nmc"])
        .arg(format!("{DATA}/NMC-60-abridged.csv"))
        .arg("--contiguity")
        .arg(format!("{DATA}/cow_contdir.csv"))
        .arg("--alliances")
        .arg(format!("{DATA}/cow_alliance.csv"))
        .arg("-o")
        .arg(&out)
        .output()
        .expect("ally runs");
    assert!(status.status.success(), "{status:?}");
    let text = std::fs::read_to_string(&out).expect("written");
    // Names come from cow_states.csv beside the NMC file, found without being asked.
    assert!(text.contains("state \"United Kingdom\""), "{text}");
    let check = Command::new(bin)
        .arg("check")
        .arg(&out)
        .output()
        .expect("ally runs");
    assert_eq!(check.status.code(), Some(0));
    let _ = std::fs::remove_file(&out);
}

#[test]
fn contiguity_and_alliances_of_1914() {
    let text = cow::import(&options(
        1914,
        Selection::States("GMY,FRN,UKG,RUS,AUH,ITA,YUG,TUR".into()),
    ))
    .expect("imports");
    let s = checked(&text);
    let idx = |n: &str| s.state(n).unwrap_or_else(|| panic!("{n}"));
    let has =
        |a: &str, b: &str, pred: fn(&Relation) -> bool| s.find(idx(a), idx(b), pred).is_some();
    assert!(has("France", "Germany", |r| matches!(r, Relation::Border)));
    assert!(has("Austria-Hungary", "Yugoslavia", |r| matches!(
        r,
        Relation::Border
    )));
    // Britain and France: conttype 3 (up to 24 miles of water).
    assert_eq!(
        s.find(idx("United Kingdom"), idx("France"), |r| matches!(
            r,
            Relation::Distance(_)
        )),
        Some(&Relation::Distance(0.8))
    );
    // The Triple Alliance is one clique; Britain–France (an entente) is commented out.
    assert!(
        text.contains("alliance { Germany, \"Austria-Hungary\", Italy }"),
        "{text}"
    );
    assert!(text.contains("// alliance { \"United Kingdom\", France }   // entente"));
    // Every allied pair is in exactly one alliance.
    let mut pairs = HashMap::new();
    for a in &s.alliances {
        for (k, &x) in a.members.iter().enumerate() {
            for &y in &a.members[k + 1..] {
                *pairs.entry((x.min(y), x.max(y))).or_insert(0) += 1;
            }
        }
    }
    assert!(pairs.values().all(|&n| n == 1));
    // With --all-alliances the entente counts too.
    let mut o = options(1914, Selection::States("UKG,FRN".into()));
    o.all_alliances = true;
    let s = checked(&cow::import(&o).expect("imports"));
    assert_eq!(s.alliances.len(), 1);
}

#[test]
fn europe_1936_by_region() {
    let text = cow::import(&options(1936, Selection::Region(Region::Europe))).expect("imports");
    let s = checked(&text);
    let expected = rows("NMC-60-abridged.csv")
        .into_iter()
        .filter(|r| r["year"] == "1936")
        .filter(|r| (200..400).contains(&r["ccode"].parse::<u32>().unwrap()))
        .count();
    assert_eq!(s.states.len(), expected);
    assert!(s.state("Germany").is_some() && s.state("Poland").is_some());
}

#[test]
fn the_same_input_gives_the_same_text() {
    let a = cow::import(&options(1936, Selection::Region(Region::Europe))).expect("imports");
    let b = cow::import(&options(1936, Selection::Region(Region::Europe))).expect("imports");
    assert_eq!(a, b);
}

#[test]
fn a_year_outside_the_data() {
    let err = cow::import(&options(1700, Selection::Majors)).expect_err("refused");
    assert_eq!(codes_of(&err), [codes::YEAR_OUT_OF_RANGE]);
    assert!(
        err[0].diags[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("1914–1936")
    );
}

#[test]
fn unknown_and_absent_state_codes() {
    let err = cow::import(&options(
        1914,
        Selection::States("GMY,FRNX,POL,Russia".into()),
    ))
    .expect_err("refused");
    assert_eq!(
        codes_of(&err),
        [
            codes::UNKNOWN_STATE_CODE,
            codes::NOT_A_STATE_THEN,
            codes::UNKNOWN_STATE_CODE
        ]
    );
    let d = &err[0].diags;
    assert_eq!(d[0].help.as_deref(), Some("did you mean `FRN`?"));
    // The span underlines the code in the option's text.
    assert_eq!((d[0].span.start, d[0].span.end), (4, 8));
}

#[test]
fn an_empty_selection() {
    let err = cow::import(&options(1914, Selection::Region(Region::MiddleEast)))
        .map(|_| ())
        .err();
    // In 1914 the only Middle-East state in COW is the Ottoman Empire (640): not empty.
    assert!(err.is_none());
    let mut o = options(1914, Selection::Region(Region::Africa));
    o.nmc = Source::new("nmc.csv", "stateabb,ccode,year,cinc\nGMY,255,1914,0.15\n");
    let err = cow::import(&o).expect_err("refused");
    assert_eq!(codes_of(&err), [codes::EMPTY_SELECTION]);
    let err = cow::import(&options(1914, Selection::States(" , ".into()))).expect_err("refused");
    assert_eq!(codes_of(&err), [codes::EMPTY_SELECTION]);
}

#[test]
fn a_missing_column() {
    let mut o = options(1914, Selection::Majors);
    o.nmc = Source::new("nmc.csv", "stateabb,ccode,yr,cinc\nGMY,255,1914,0.15\n");
    let err = cow::import(&o).expect_err("refused");
    assert_eq!(codes_of(&err), [codes::MISSING_COLUMN]);
    assert!(err[0].diags[0].message.contains("`year`"));
    let mut o = options(1914, Selection::Majors);
    o.alliances = Some(Source::new("a.csv", "ccode1,ccode2,year\n2,20,1914\n"));
    let err = cow::import(&o).expect_err("refused");
    assert_eq!(codes_of(&err), [codes::MISSING_COLUMN]);
    assert!(err[0].diags[0].message.contains("`cow_defense`"));
}

#[test]
fn unreadable_rows_are_all_reported() {
    let mut o = options(1914, Selection::Majors);
    o.nmc = Source::new(
        "nmc.csv",
        "stateabb,ccode,year,cinc\nGMY,255,1914,0.15\nUKG,200,19x4,0.1\nFRN,220,1914\n",
    );
    let err = cow::import(&o).expect_err("refused");
    assert_eq!(codes_of(&err), [codes::BAD_CSV_ROW, codes::BAD_CSV_ROW]);
    let mut o = options(1914, Selection::Majors);
    o.contiguity = Some(Source::new(
        "c.csv",
        "ccode1,ccode2,conttype,stdate,enddate\n2,20,land,1920-01-01,2016-12-01\n",
    ));
    let err = cow::import(&o).expect_err("refused");
    assert_eq!(codes_of(&err), [codes::BAD_CSV_ROW]);
}

#[test]
fn the_binary_reports_diagnostics_with_exit_code_1() {
    let bin = env!("CARGO_BIN_EXE_ally");
    let out = Command::new(bin)
        .args(["import", "cow", "--year", "1700", "--majors", "--nmc"])
        .arg(format!("{DATA}/NMC-60-abridged.csv"))
        .output()
        .expect("ally runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains(codes::YEAR_OUT_OF_RANGE));
    let out = Command::new(bin)
        .args([
            "import",
            "cow",
            "--year",
            "1914",
            "--majors",
            "--nmc",
            "no/such.csv",
        ])
        .output()
        .expect("ally runs");
    assert_eq!(out.status.code(), Some(2), "a missing file is bad usage");
    let out = Command::new(bin)
        .args(["import", "cow", "--year", "1914", "--nmc"])
        .arg(format!("{DATA}/NMC-60-abridged.csv"))
        .output()
        .expect("ally runs");
    assert_eq!(out.status.code(), Some(2), "no selection is bad usage");
}

#[test]
fn names_are_quoted_when_needed() {
    assert_eq!(ally_name("France"), "France");
    assert_eq!(ally_name("Austria-Hungary"), "\"Austria-Hungary\"");
    assert_eq!(ally_name("United Kingdom"), "\"United Kingdom\"");
    assert_eq!(ally_name("State"), "\"State\"");
    assert_eq!(ally_name("Cote D'Ivoire"), "\"Cote D'Ivoire\"");
}

#[test]
fn allied_pairs_are_covered_by_cliques_once() {
    // A triangle 0-1-2, a pendant 2-3, and 4-5.
    let pairs: BTreeSet<(usize, usize)> = [(0, 1), (0, 2), (1, 2), (2, 3), (4, 5)].into();
    assert_eq!(
        clique_cover(&pairs),
        vec![vec![0, 1, 2], vec![2, 3], vec![4, 5]]
    );
}
