//! The data shipped in `data/`: every bundled file decodes, and the capitals table
//! covers every COW state for every year of its membership, with coordinates on the
//! globe, the historical capitals where history puts them, and a source on every row.

use std::collections::BTreeMap;

use ally::import::bundled;

#[test]
fn every_bundled_file_decodes_with_its_header() {
    let expected = [
        ("NMC-60-abridged.csv.gz", "stateabb,ccode,year,"),
        ("cow_states.csv", "stateabb,ccode,statenme,"),
        ("cow_majors.csv", "ccode,styear,"),
        (
            "cow_contdir.csv.gz",
            "ccode1,ccode2,conttype,stdate,enddate",
        ),
        (
            "atop5_1_ddyr.csv.gz",
            "ccode1,ccode2,year,atop_defense,atop_offense,atop_neutral,atop_nonagg,atop_consul",
        ),
        ("capitals.csv", "ccode,state,capital,from,to,lat,lon,source"),
    ];
    let names: Vec<&str> = bundled::names().collect();
    assert_eq!(names, expected.map(|(n, _)| n));
    for (name, header) in expected {
        let src = bundled::bundled(name).expect("decodes");
        assert!(src.text.starts_with(header), "{name}: {}", &src.text[..80]);
        assert!(src.name.ends_with(name));
    }
    assert!(bundled::bundled("cow_alliance.csv").is_err(), "not bundled");
}

#[test]
fn a_gzip_file_given_by_path_is_read_like_the_bundled_one() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/cow_contdir.csv.gz");
    let a = bundled::load(std::path::Path::new(path)).expect("reads");
    let b = bundled::bundled("cow_contdir.csv.gz").expect("decodes");
    assert_eq!(a.text, b.text);
    let not_gzip = std::env::temp_dir().join(format!("ally-not-gzip-{}.gz", std::process::id()));
    std::fs::write(&not_gzip, "plain text").expect("writable");
    match bundled::load(&not_gzip) {
        Err(bundled::LoadError::Usage(m)) => assert!(m.contains("cannot decompress"), "{m}"),
        other => panic!("not refused as bad usage: {other:?}"),
    }
    // A file that is not UTF-8 is a diagnostic with its line, as for every input.
    let latin1 = std::env::temp_dir().join(format!("ally-latin1-{}.csv", std::process::id()));
    std::fs::write(&latin1, b"ccode,statenme\n1,C\xf4te\n").expect("writable");
    match bundled::load(&latin1) {
        Err(bundled::LoadError::Encoding(r)) => assert_eq!(r.diags.len(), 1),
        other => panic!("not an encoding diagnostic: {other:?}"),
    }
    let _ = std::fs::remove_file(&latin1);
    let _ = std::fs::remove_file(&not_gzip);
}

#[test]
fn every_cow_state_has_a_capital_in_every_year_of_its_membership() {
    let states = bundled::bundled("cow_states.csv").expect("decodes").text;
    let capitals = bundled::bundled("capitals.csv").expect("decodes").text;
    // ccode → [(from, to, capital)]
    type Spell = (String, String, String);
    let mut spells: BTreeMap<u32, Vec<Spell>> = BTreeMap::new();
    for line in capitals.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 8, "{line}");
        let (lat, lon): (f64, f64) = (f[5].parse().expect("lat"), f[6].parse().expect("lon"));
        assert!(lat.abs() <= 90.0 && lon.abs() <= 180.0, "{line}");
        assert!(f[3] <= f[4], "from before to: {line}");
        assert!(!f[7].trim().is_empty(), "a source: {line}");
        spells
            .entry(f[0].parse().expect("code"))
            .or_default()
            .push((f[3].into(), f[4].into(), f[2].into()));
    }
    let at = |c: u32, year: i32| -> Option<String> {
        let mid = format!("{year:04}-07-01");
        spells.get(&c).and_then(|v| {
            v.iter()
                .find(|(a, b, ..)| a.as_str() <= mid.as_str() && mid.as_str() <= b.as_str())
                .map(|s| s.2.clone())
        })
    };
    let mut missing = Vec::new();
    for line in states.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let c: u32 = f[1].parse().expect("code");
        let (from, to): (i32, i32) = (f[3].parse().expect("year"), f[6].parse().expect("year"));
        for y in from..=to {
            // A state that joins or leaves after or before 1 July has no capital in
            // force that day in its first or last year: only the whole years count.
            if (y == from || y == to) && at(c, y).is_none() {
                continue;
            }
            if at(c, y).is_none() {
                missing.push(format!("{} ({c}) {y}", f[2]));
            }
        }
    }
    assert!(missing.is_empty(), "no capital: {missing:?}");
    // The historical capitals, by hand: what the current-capitals lookup would get wrong.
    assert_eq!(at(640, 1914).as_deref(), Some("Istanbul"));
    assert_eq!(at(640, 1936).as_deref(), Some("Ankara"));
    assert_eq!(at(365, 1914).as_deref(), Some("Saint Petersburg"));
    assert_eq!(at(365, 1936).as_deref(), Some("Moscow"));
    assert_eq!(at(300, 1914).as_deref(), Some("Vienna"));
    assert_eq!(at(327, 1850).as_deref(), Some("Rome"));
    assert_eq!(at(325, 1850).as_deref(), Some("Turin"));
    assert_eq!(at(710, 1936).as_deref(), Some("Nanjing"));
    assert_eq!(at(260, 1970).as_deref(), Some("Bonn"));
}
