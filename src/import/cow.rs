//! `ally import cow`: a scenario from the Correlates of War CSVs.
//!
//! * **Power** = the CINC score of the year (National Material Capabilities), written
//!   exactly as in the file.
//! * **Names** = `statenme` of the state-system file, quoted when not a plain
//!   identifier; without that file, the NMC abbreviation.
//! * **Borders and distances** = direct contiguity in force in the year (a spell counts
//!   when its start year ≤ Y ≤ its end year); for a pair with several spells or types
//!   the closest type counts. Type 1 (land) → `border`; the sea types →
//!   `distance A ~ B = x` with [`SEA_PROXIMITY`]. Pairs without contiguity keep the
//!   engine's default proximity (0.5).
//! * **Alliances** = dyad-years of the alliance file for the year. Pairs with a defence
//!   pact become `alliance` lines; pairs with only neutrality, non-aggression or entente
//!   agreements are written commented out (uncomment to count them), or as alliances
//!   with `--all-alliances`. Allied pairs are grouped into cliques: repeatedly the
//!   largest set of states all pairwise allied among the pairs not yet written (ties:
//!   the one listing the earliest states), so each allied pair is in exactly one
//!   `alliance` line and gets the alliance bonus once.
//! * **Regions** = COW code ranges ([`Region::codes`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;

use super::{Source, Table};
use crate::diagnostics::{Diag, Report, codes, did_you_mean};
use crate::span::Span;

/// Proximity written for COW sea contiguity types 2–5 (separated by at most 12, 24, 150
/// and 400 miles of water). Land contiguity (type 1) is a `border`, proximity 1; pairs
/// with no contiguity keep the engine's default 0.5, so the sea types sit between.
pub const SEA_PROXIMITY: [(u8, f64, &str); 4] = [
    (2, 0.9, "up to 12 miles of water"),
    (3, 0.8, "up to 24 miles of water"),
    (4, 0.7, "up to 150 miles of water"),
    (5, 0.6, "up to 400 miles of water"),
];

/// A COW region, by country-code range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Region {
    Americas,
    Europe,
    Africa,
    MiddleEast,
    Asia,
}

impl Region {
    /// The COW code range: Americas 2–199, Europe 200–399, Africa 400–599, Middle East
    /// 600–699, Asia 700–999 (with Oceania, 900–999).
    pub fn codes(self) -> std::ops::RangeInclusive<u32> {
        match self {
            Region::Americas => 2..=199,
            Region::Europe => 200..=399,
            Region::Africa => 400..=599,
            Region::MiddleEast => 600..=699,
            Region::Asia => 700..=999,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Region::Americas => "americas",
            Region::Europe => "europe",
            Region::Africa => "africa",
            Region::MiddleEast => "middle-east",
            Region::Asia => "asia",
        }
    }
}

/// Which states to import.
#[derive(Clone, Debug, PartialEq)]
pub enum Selection {
    /// COW abbreviations (`GMY`) or numeric codes (`255`), as typed, comma-separated.
    States(String),
    /// The major powers of the year.
    Majors,
    Region(Region),
}

/// Major-power spells (ccode, first year, last year) from COW's `majors2016`, used when
/// no `cow_majors.csv` is found.
pub const MAJORS: [(u32, i32, i32); 14] = [
    (2, 1898, 2016),
    (200, 1816, 2016),
    (220, 1816, 1940),
    (220, 1945, 2016),
    (255, 1816, 1918),
    (255, 1925, 1945),
    (255, 1991, 2016),
    (300, 1816, 1918),
    (325, 1860, 1943),
    (365, 1816, 1917),
    (365, 1922, 2016),
    (710, 1950, 2016),
    (740, 1895, 1945),
    (740, 1991, 2016),
];

#[derive(Clone, Debug)]
pub struct CowOptions {
    pub year: i32,
    pub selection: Selection,
    pub nmc: Source,
    pub states: Option<Source>,
    pub contiguity: Option<Source>,
    pub alliances: Option<Source>,
    pub majors: Option<Source>,
    /// Write non-defence agreements as alliances too (else commented out).
    pub all_alliances: bool,
    pub title: Option<String>,
    /// The command line, quoted in the header.
    pub command: String,
}

/// One selected state.
#[derive(Clone, Debug)]
struct Pick {
    ccode: u32,
    abb: String,
    name: String,
    cinc: String,
}

/// Builds the scenario text, or the diagnostics that prevent it.
pub fn import(o: &CowOptions) -> Result<String, Vec<Report>> {
    let year_src = Source::new("--year", o.year.to_string());
    let nmc =
        Table::parse(&o.nmc, &["stateabb", "ccode", "year", "cinc"], "NMC").map_err(|r| vec![r])?;

    // NMC: every abbreviation and code, the years covered, and the year's rows.
    let mut diags = Vec::new();
    let mut abb_of: BTreeMap<u32, String> = BTreeMap::new();
    let mut code_of: HashMap<String, u32> = HashMap::new();
    let mut this_year: BTreeMap<u32, (String, Span)> = BTreeMap::new();
    let (mut first, mut last) = (i32::MAX, i32::MIN);
    for row in &nmc.rows {
        let (ccode, year) = match (nmc.num::<u32>(row, "ccode"), nmc.num::<i32>(row, "year")) {
            (Ok(c), Ok(y)) => (c, y),
            (Err(d), _) | (_, Err(d)) => {
                diags.push(d);
                continue;
            }
        };
        let abb = nmc.get(row, "stateabb").0.to_string();
        abb_of.entry(ccode).or_insert_with(|| abb.clone());
        code_of.entry(abb.to_uppercase()).or_insert(ccode);
        first = first.min(year);
        last = last.max(year);
        if year == o.year {
            let (cinc, span) = nmc.get(row, "cinc");
            match cinc.parse::<f64>() {
                Ok(v) if v > 0.0 && v.is_finite() => {
                    this_year.insert(ccode, (cinc.to_string(), span));
                }
                _ => diags.push(
                    Diag::error(
                        codes::BAD_CSV_ROW,
                        span,
                        format!("`{cinc}` is not a CINC score (a positive number)"),
                    )
                    .label("no CINC score")
                    .help("NMC codes missing values as -9; leave this state out or fix the row"),
                ),
            }
        }
    }
    nmc.finish(diags).map_err(|r| vec![r])?;
    if this_year.is_empty() {
        let help = if first <= last {
            format!("the NMC file covers {first}–{last}")
        } else {
            "the NMC file has no rows".to_string()
        };
        return Err(vec![year_src.report(vec![
            Diag::error(
                codes::YEAR_OUT_OF_RANGE,
                Span::new(0, year_src.text.len()),
                format!("{} is outside the data", o.year),
            )
            .label("no CINC scores for this year")
            .help(help),
        ])]);
    }

    // Names from the state-system file.
    let mut names: HashMap<u32, String> = HashMap::new();
    if let Some(src) = &o.states {
        let t = Table::parse(src, &["stateabb", "ccode", "statenme"], "state-system")
            .map_err(|r| vec![r])?;
        let mut diags = Vec::new();
        for row in &t.rows {
            match t.num::<u32>(row, "ccode") {
                Ok(c) => {
                    names
                        .entry(c)
                        .or_insert_with(|| t.get(row, "statenme").0.to_string());
                    let abb = t.get(row, "stateabb").0.to_uppercase();
                    code_of.entry(abb.clone()).or_insert(c);
                    abb_of.entry(c).or_insert(abb);
                }
                Err(d) => diags.push(d),
            }
        }
        t.finish(diags).map_err(|r| vec![r])?;
    }

    // The selection.
    let (codes_picked, what) = select(o, &this_year, &abb_of, &code_of, &names)?;
    let mut picks: Vec<Pick> = codes_picked
        .iter()
        .map(|&c| Pick {
            ccode: c,
            abb: abb_of.get(&c).cloned().unwrap_or_default(),
            name: names
                .get(&c)
                .cloned()
                .unwrap_or_else(|| abb_of.get(&c).cloned().unwrap_or_else(|| c.to_string())),
            cinc: this_year[&c].0.clone(),
        })
        .collect();
    // Two states with one name (across the data's history) are told apart by code.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for p in &picks {
        *seen.entry(p.name.clone()).or_default() += 1;
    }
    for p in &mut picks {
        if seen[&p.name] > 1 {
            p.name = format!("{} ({})", p.name, p.abb);
        }
    }
    let index: HashMap<u32, usize> = picks
        .iter()
        .enumerate()
        .map(|(i, p)| (p.ccode, i))
        .collect();

    let contiguity = match &o.contiguity {
        Some(src) => Some(read_contiguity(src, o.year, &index)?),
        None => None,
    };
    let alliances = match &o.alliances {
        Some(src) => Some(read_alliances(src, o.year, &index)?),
        None => None,
    };
    Ok(write(
        o,
        &picks,
        &what,
        contiguity.as_ref(),
        alliances.as_ref(),
    ))
}

/// The ccodes selected (ascending), and a description for the title.
fn select(
    o: &CowOptions,
    this_year: &BTreeMap<u32, (String, Span)>,
    abb_of: &BTreeMap<u32, String>,
    code_of: &HashMap<String, u32>,
    names: &HashMap<u32, String>,
) -> Result<(Vec<u32>, String), Vec<Report>> {
    let y = o.year;
    let empty = |src: Source, what: &str, help: String| {
        Err(vec![src.report(vec![
            Diag::error(
                codes::EMPTY_SELECTION,
                Span::new(0, src.text.len()),
                format!("no states to import: {what} in {y}"),
            )
            .label("selects nothing")
            .help(help),
        ])])
    };
    match &o.selection {
        Selection::Majors => {
            let spells: Vec<(u32, i32, i32)> = match &o.majors {
                Some(src) => {
                    let t = Table::parse(src, &["ccode", "styear", "endyear"], "major-powers")
                        .map_err(|r| vec![r])?;
                    let mut out = Vec::new();
                    let mut diags = Vec::new();
                    for row in &t.rows {
                        match (
                            t.num::<u32>(row, "ccode"),
                            t.num::<i32>(row, "styear"),
                            t.num::<i32>(row, "endyear"),
                        ) {
                            (Ok(c), Ok(s), Ok(e)) => out.push((c, s, e)),
                            (Err(d), _, _) | (_, Err(d), _) | (_, _, Err(d)) => diags.push(d),
                        }
                    }
                    t.finish(diags).map_err(|r| vec![r])?;
                    out
                }
                None => MAJORS.to_vec(),
            };
            let picked: BTreeSet<u32> = spells
                .iter()
                .filter(|(c, s, e)| *s <= y && y <= *e && this_year.contains_key(c))
                .map(|(c, _, _)| *c)
                .collect();
            if picked.is_empty() {
                return empty(
                    Source::new("--majors", "--majors"),
                    "no major power",
                    "COW lists major powers from 1816; is the major-powers file the right one?"
                        .into(),
                );
            }
            Ok((picked.into_iter().collect(), "the major powers".into()))
        }
        Selection::Region(r) => {
            let picked: Vec<u32> = this_year
                .keys()
                .copied()
                .filter(|c| r.codes().contains(c))
                .collect();
            if picked.is_empty() {
                return empty(
                    Source::new("--region", r.name()),
                    &format!("no state of the region {}", r.name()),
                    format!(
                        "the region is COW codes {}–{}; try a later year",
                        r.codes().start(),
                        r.codes().end()
                    ),
                );
            }
            let title = match r {
                Region::MiddleEast => "the Middle East".to_string(),
                Region::Americas => "the Americas".to_string(),
                other => {
                    let n = other.name();
                    n[..1].to_uppercase() + &n[1..]
                }
            };
            Ok((picked, title))
        }
        Selection::States(list) => {
            let src = Source::new("--states", list.clone());
            let mut picked = BTreeSet::new();
            let mut diags = Vec::new();
            let mut start = 0;
            for part in list.split(',') {
                let span_start = start + (part.len() - part.trim_start().len());
                let tok = part.trim();
                let span = Span::new(span_start, span_start + tok.len());
                start += part.len() + 1;
                if tok.is_empty() {
                    continue;
                }
                let code = match tok.parse::<u32>() {
                    Ok(c) if abb_of.contains_key(&c) => Some(c),
                    Ok(_) => None,
                    Err(_) => code_of.get(&tok.to_uppercase()).copied(),
                };
                match code {
                    Some(c) if this_year.contains_key(&c) => {
                        picked.insert(c);
                    }
                    Some(c) => {
                        let name = names.get(&c).cloned().unwrap_or_else(|| tok.to_string());
                        diags.push(
                            Diag::error(
                                codes::NOT_A_STATE_THEN,
                                span,
                                format!("`{tok}` ({name}) has no CINC score for {y}"),
                            )
                            .label(format!("not a state in {y}"))
                            .help(format!(
                                "{name} is in the NMC data in other years; leave it out or choose another year"
                            )),
                        );
                    }
                    None => {
                        let upper = tok.to_uppercase();
                        let hint = did_you_mean(&upper, code_of.keys().map(String::as_str))
                            .or_else(|| {
                                // A name typed instead of a code: suggest its code.
                                names.iter().find_map(|(c, n)| {
                                    n.eq_ignore_ascii_case(tok).then(|| {
                                        format!(
                                            "{n} is `{}` (code {c})",
                                            abb_of.get(c).cloned().unwrap_or_default()
                                        )
                                    })
                                })
                            })
                            .unwrap_or_else(|| {
                                "use COW abbreviations (`GMY`) or codes (`255`), as in the NMC file's `stateabb` and `ccode` columns".into()
                            });
                        diags.push(
                            Diag::error(
                                codes::UNKNOWN_STATE_CODE,
                                span,
                                format!("`{tok}` is not a COW state code"),
                            )
                            .label("unknown state code")
                            .help(hint),
                        );
                    }
                }
            }
            if !diags.is_empty() {
                return Err(vec![src.report(diags)]);
            }
            if picked.is_empty() {
                return empty(
                    src,
                    "the list is empty",
                    "list states as `--states GMY,FRN,RUS`".into(),
                );
            }
            Ok((picked.into_iter().collect(), "selected states".into()))
        }
    }
}

/// The closest contiguity type in force in the year, per pair of selected states
/// (indices, smaller first).
fn read_contiguity(
    src: &Source,
    year: i32,
    index: &HashMap<u32, usize>,
) -> Result<BTreeMap<(usize, usize), u8>, Vec<Report>> {
    let t = Table::parse(
        src,
        &["ccode1", "ccode2", "conttype", "stdate", "enddate"],
        "contiguity",
    )
    .map_err(|r| vec![r])?;
    let mut out: BTreeMap<(usize, usize), u8> = BTreeMap::new();
    let mut diags = Vec::new();
    for row in &t.rows {
        let parsed = (|| -> Result<(u32, u32, u8, i32, i32), Diag> {
            Ok((
                t.num(row, "ccode1")?,
                t.num(row, "ccode2")?,
                t.num(row, "conttype")?,
                t.year_of(row, "stdate")?,
                t.year_of(row, "enddate")?,
            ))
        })();
        let (a, b, ty, st, en) = match parsed {
            Ok(v) => v,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        if !(1..=5).contains(&ty) || st > year || year > en {
            continue;
        }
        if let (Some(&i), Some(&j)) = (index.get(&a), index.get(&b))
            && i != j
        {
            let key = (i.min(j), i.max(j));
            let e = out.entry(key).or_insert(ty);
            *e = (*e).min(ty);
        }
    }
    t.finish(diags).map_err(|r| vec![r])?;
    Ok(out)
}

/// Agreement flags of a pair: defence, neutrality, non-aggression, entente.
type Flags = [bool; 4];
const FLAG_NAMES: [&str; 4] = ["defense", "neutrality", "non-aggression", "entente"];

fn read_alliances(
    src: &Source,
    year: i32,
    index: &HashMap<u32, usize>,
) -> Result<BTreeMap<(usize, usize), Flags>, Vec<Report>> {
    let cols = ["cow_defense", "cow_neutral", "cow_nonagg", "cow_entente"];
    let t = Table::parse(
        src,
        &[
            "ccode1", "ccode2", "year", cols[0], cols[1], cols[2], cols[3],
        ],
        "alliance",
    )
    .map_err(|r| vec![r])?;
    let mut out: BTreeMap<(usize, usize), Flags> = BTreeMap::new();
    let mut diags = Vec::new();
    for row in &t.rows {
        let parsed = (|| -> Result<(u32, u32, i32, Flags), Diag> {
            let mut f = [false; 4];
            for (k, c) in cols.iter().enumerate() {
                f[k] = t.num::<i64>(row, c)? > 0;
            }
            Ok((
                t.num(row, "ccode1")?,
                t.num(row, "ccode2")?,
                t.num(row, "year")?,
                f,
            ))
        })();
        let (a, b, y, f) = match parsed {
            Ok(v) => v,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        if y != year || !f.iter().any(|&x| x) {
            continue;
        }
        if let (Some(&i), Some(&j)) = (index.get(&a), index.get(&b))
            && i != j
        {
            let e = out.entry((i.min(j), i.max(j))).or_insert([false; 4]);
            for k in 0..4 {
                e[k] |= f[k];
            }
        }
    }
    t.finish(diags).map_err(|r| vec![r])?;
    Ok(out)
}

/// Groups the pairs into cliques, each pair in exactly one: repeatedly the largest set
/// of vertices all pairwise joined by pairs not yet used (ties: the lexicographically
/// smallest list of indices).
pub fn clique_cover(pairs: &BTreeSet<(usize, usize)>) -> Vec<Vec<usize>> {
    let mut left = pairs.clone();
    let mut out = Vec::new();
    while !left.is_empty() {
        let mut adj: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for &(a, b) in &left {
            adj.entry(a).or_default().insert(b);
            adj.entry(b).or_default().insert(a);
        }
        let mut best: Vec<usize> = Vec::new();
        let all: BTreeSet<usize> = adj.keys().copied().collect();
        bron_kerbosch(&adj, Vec::new(), all, BTreeSet::new(), &mut best);
        for (k, &a) in best.iter().enumerate() {
            for &b in &best[k + 1..] {
                left.remove(&(a.min(b), a.max(b)));
            }
        }
        out.push(best);
    }
    out
}

fn bron_kerbosch(
    adj: &BTreeMap<usize, BTreeSet<usize>>,
    r: Vec<usize>,
    mut p: BTreeSet<usize>,
    mut x: BTreeSet<usize>,
    best: &mut Vec<usize>,
) {
    if p.is_empty() && x.is_empty() {
        let mut c = r;
        c.sort_unstable();
        if c.len() > best.len() || (c.len() == best.len() && c < *best) {
            *best = c;
        }
        return;
    }
    if r.len() + p.len() < best.len() {
        return;
    }
    let empty = BTreeSet::new();
    let nb = |v: usize| adj.get(&v).unwrap_or(&empty);
    // Pivot: the vertex of P ∪ X with the most neighbours in P.
    let pivot = p
        .iter()
        .chain(x.iter())
        .copied()
        .max_by_key(|&u| (nb(u).intersection(&p).count(), std::cmp::Reverse(u)));
    let candidates: Vec<usize> = match pivot {
        Some(u) => p.difference(nb(u)).copied().collect(),
        None => p.iter().copied().collect(),
    };
    for v in candidates {
        let mut r2 = r.clone();
        r2.push(v);
        let p2 = p.intersection(nb(v)).copied().collect();
        let x2 = x.intersection(nb(v)).copied().collect();
        bron_kerbosch(adj, r2, p2, x2, best);
        p.remove(&v);
        x.insert(v);
    }
}

/// A name as written in a `.ally` file: bare when it is a plain identifier that is not
/// a keyword, else in double quotes (a double quote inside becomes a single one, since a
/// quoted name cannot hold one).
pub fn ally_name(name: &str) -> String {
    crate::model::check::quote(&name.replace('"', "'").replace('\n', " "))
}

fn file_name(src: &Source) -> String {
    std::path::Path::new(&src.name)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| src.name.clone())
}

fn write(
    o: &CowOptions,
    picks: &[Pick],
    what: &str,
    contiguity: Option<&BTreeMap<(usize, usize), u8>>,
    alliances: Option<&BTreeMap<(usize, usize), Flags>>,
) -> String {
    let y = o.year;
    let name = |i: usize| ally_name(&picks[i].name);
    let mut s = String::new();
    let title = o
        .title
        .clone()
        .unwrap_or_else(|| format!("{what}, {y} (Correlates of War data)"));
    let title = title[..1].to_uppercase() + &title[1..];
    let _ = writeln!(s, "// {title}");
    let _ = writeln!(s, "//");
    let _ = writeln!(s, "// Generated by `{}`.", o.command);
    let _ = writeln!(
        s,
        "// DATA: the Correlates of War Project (https://correlatesofwar.org)."
    );
    let _ = writeln!(
        s,
        "// * power = CINC score for {y} from {} (National Material Capabilities v6.0;\n//   Singer, Bremer & Stuckey 1972).",
        file_name(&o.nmc)
    );
    match &o.states {
        Some(src) => {
            let _ = writeln!(
                s,
                "// * names = `statenme` from {} (COW state system membership, 2016).",
                file_name(src)
            );
        }
        None => {
            let _ = writeln!(
                s,
                "// * names = NMC abbreviations (no state-system file given)."
            );
        }
    }
    match &o.contiguity {
        Some(src) => {
            let _ = writeln!(
                s,
                "// * border / distance = direct contiguity in force in {y} from {} (COW Direct\n//   Contiguity v3.2; Stinnett et al. 2002): type 1 (land) -> border; sea types ->",
                file_name(src)
            );
            let sea = SEA_PROXIMITY
                .iter()
                .map(|(t, p, _)| format!("{t}: {p}"))
                .collect::<Vec<_>>()
                .join(", ");
            let _ = writeln!(
                s,
                "//   distance (proximity by type, {sea}); other pairs keep the default 0.5."
            );
        }
        None => {
            let _ = writeln!(
                s,
                "// * no contiguity file given: every pair keeps the default proximity 0.5."
            );
        }
    }
    match &o.alliances {
        Some(src) => {
            let _ = writeln!(
                s,
                "// * alliance = agreements in force in {y} from {} (COW Formal Alliances v4.1;\n//   Gibler 2009), grouped so that each allied pair is in one line.",
                file_name(src)
            );
        }
        None => {
            let _ = writeln!(s, "// * no alliance file given: no alliances.");
        }
    }
    let _ = writeln!(
        s,
        "// Ideology is not in the data: declare ideologies, e.g. `ideology democracy, monarchy`,\n// and fill in each state's placeholder."
    );
    let _ = writeln!(s);
    let _ = writeln!(s, "scenario {}", ally_name_title(&title));
    let _ = writeln!(s);
    let _ = writeln!(s, "// ideology democracy, monarchy");
    let _ = writeln!(s);
    for p in picks {
        let _ = writeln!(s, "state {} {{", ally_name(&p.name));
        let _ = writeln!(
            s,
            "  power {}   // CINC {y}, {} ({})",
            p.cinc, p.abb, p.ccode
        );
        let _ = writeln!(s, "  // ideology ?");
        let _ = writeln!(s, "}}");
    }
    if let Some(c) = contiguity {
        let _ = writeln!(s);
        let _ = writeln!(s, "// Contiguity in {y} (COW conttype).");
        for (&(i, j), &ty) in c {
            if ty == 1 {
                let _ = writeln!(s, "border {} ~ {}", name(i), name(j));
            }
        }
        for (&(i, j), &ty) in c {
            if let Some((_, p, what)) = SEA_PROXIMITY.iter().find(|(t, _, _)| *t == ty) {
                let _ = writeln!(
                    s,
                    "distance {} ~ {} = {p}   // conttype {ty}: {what}",
                    name(i),
                    name(j)
                );
            }
        }
    }
    if let Some(a) = alliances {
        let defense: BTreeSet<(usize, usize)> = a
            .iter()
            .filter(|(_, f)| f[0] || o.all_alliances)
            .map(|(k, _)| *k)
            .collect();
        let other: BTreeSet<(usize, usize)> = a
            .iter()
            .filter(|(_, f)| !f[0] && !o.all_alliances)
            .map(|(k, _)| *k)
            .collect();
        let kinds = |members: &[usize]| {
            let mut f = [false; 4];
            for (k, &x) in members.iter().enumerate() {
                for &y2 in &members[k + 1..] {
                    if let Some(g) = a.get(&(x.min(y2), x.max(y2))) {
                        for t in 0..4 {
                            f[t] |= g[t];
                        }
                    }
                }
            }
            FLAG_NAMES
                .iter()
                .zip(f)
                .filter(|(_, on)| *on)
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let line = |members: &[usize]| {
            format!(
                "alliance {{ {} }}",
                members
                    .iter()
                    .map(|&i| name(i))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let _ = writeln!(s);
        if o.all_alliances {
            let _ = writeln!(s, "// Alliances in force in {y} (COW v4.1), every type.");
        } else {
            let _ = writeln!(s, "// Defense pacts in force in {y} (COW v4.1).");
        }
        if defense.is_empty() {
            let _ = writeln!(s, "// (none among these states)");
        }
        for c in clique_cover(&defense) {
            let _ = writeln!(s, "{}   // {}", line(&c), kinds(&c));
        }
        if !other.is_empty() {
            let _ = writeln!(
                s,
                "// Agreements without a defense pact (not counted; uncomment one to count it):"
            );
            for c in clique_cover(&other) {
                let _ = writeln!(s, "// {}   // {}", line(&c), kinds(&c));
            }
        }
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "model balancing");
    let _ = writeln!(s);
    let _ = writeln!(s, "who allies with whom?");
    let _ = writeln!(s, "balance of power?");
    s
}

/// A title as a quoted string (double quotes inside become single ones).
fn ally_name_title(t: &str) -> String {
    format!("\"{}\"", t.replace('"', "'").replace('\n', " "))
}
