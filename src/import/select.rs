//! Which states an import takes: `--states`, `--majors`, `--region` or `--all`, checked
//! against the year's NMC rows (a state must have a CINC score that year; NMC lists every
//! member of the COW state system, and only them, so `--all` is the state system).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Source, Table};
use ally_core::diagnostics::{Diag, Report, codes, did_you_mean};
use ally_core::span::Span;

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
    /// Every member of the state system in the year: every state with an NMC row.
    All,
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

/// The ccodes selected (ascending), and a description for the title.
///
/// With `absent_ok` (a range of years), a listed state with no CINC score in `y` is
/// left out of that year rather than reported.
#[allow(clippy::too_many_arguments)]
pub(crate) fn select(
    y: i32,
    selection: &Selection,
    absent_ok: bool,
    majors: Option<&Source>,
    this_year: &BTreeMap<u32, (String, Span)>,
    abb_of: &BTreeMap<u32, String>,
    code_of: &HashMap<String, u32>,
    names: &HashMap<u32, String>,
) -> Result<(Vec<u32>, String), Vec<Report>> {
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
    match selection {
        Selection::Majors => {
            let spells: Vec<(u32, i32, i32)> = match majors {
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
        Selection::All => {
            let picked: Vec<u32> = this_year.keys().copied().collect();
            if picked.is_empty() {
                return empty(
                    Source::new("--all", "--all"),
                    "no state has a CINC score",
                    "NMC covers 1816–2016; is the NMC file the right one?".into(),
                );
            }
            Ok((picked, "the state system".into()))
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
                    Some(_) if absent_ok => {}
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
