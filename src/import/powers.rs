//! Power from National Material Capabilities: the CINC score of each state in the
//! year, written exactly as in the file, and the states' abbreviations and names (from
//! the NMC file and, when given, the COW state-system file).

use std::collections::{BTreeMap, HashMap};

use super::{Source, Table};
use ally_core::diagnostics::{Diag, Report, codes};
use ally_core::span::Span;

/// What the NMC and state-system files say about the states.
#[derive(Debug, Default)]
pub(crate) struct Powers {
    /// The first abbreviation of each code.
    pub abb_of: BTreeMap<u32, String>,
    /// The code of each abbreviation (upper case).
    pub code_of: HashMap<String, u32>,
    /// `statenme` of each code, from the state-system file.
    pub names: HashMap<u32, String>,
    /// The year's CINC scores as written, with their spans.
    pub this_year: BTreeMap<u32, (String, Span)>,
}

/// One selected state.
#[derive(Clone, Debug)]
pub(crate) struct Pick {
    pub ccode: u32,
    pub abb: String,
    pub name: String,
    pub cinc: String,
}

/// Reads the NMC file for `year` and the optional state-system file.
pub(crate) fn read_powers(
    nmc_src: &Source,
    year: i32,
    states: Option<&Source>,
) -> Result<Powers, Vec<Report>> {
    let year_src = Source::new("--year", year.to_string());
    let nmc = Table::parse(nmc_src, &["stateabb", "ccode", "year", "cinc"], "NMC")
        .map_err(|r| vec![r])?;

    // NMC: every abbreviation and code, the years covered, and the year's rows.
    let mut diags = Vec::new();
    let mut abb_of: BTreeMap<u32, String> = BTreeMap::new();
    let mut code_of: HashMap<String, u32> = HashMap::new();
    let mut this_year: BTreeMap<u32, (String, Span)> = BTreeMap::new();
    let (mut first, mut last) = (i32::MAX, i32::MIN);
    for row in &nmc.rows {
        let (ccode, row_year) = match (nmc.num::<u32>(row, "ccode"), nmc.num::<i32>(row, "year")) {
            (Ok(c), Ok(y)) => (c, y),
            (Err(d), _) | (_, Err(d)) => {
                diags.push(d);
                continue;
            }
        };
        let abb = nmc.get(row, "stateabb").0.to_string();
        abb_of.entry(ccode).or_insert_with(|| abb.clone());
        code_of.entry(abb.to_uppercase()).or_insert(ccode);
        first = first.min(row_year);
        last = last.max(row_year);
        if row_year == year {
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
                format!("{year} is outside the data"),
            )
            .label("no CINC scores for this year")
            .help(help),
        ])]);
    }

    // Names from the state-system file.
    let mut names: HashMap<u32, String> = HashMap::new();
    if let Some(src) = states {
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

    Ok(Powers {
        abb_of,
        code_of,
        names,
        this_year,
    })
}

/// The picked states (codes ascending) with their names and CINC scores.
pub(crate) fn picks(p: &Powers, codes_picked: &[u32]) -> Vec<Pick> {
    let Powers {
        abb_of,
        names,
        this_year,
        ..
    } = p;
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
    picks
}
