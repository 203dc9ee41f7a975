//! Borders and sea distances from COW direct contiguity.

use std::collections::{BTreeMap, HashMap};

use super::{Source, Table};
use ally_core::diagnostics::{Diag, Report};

/// Proximity written for COW sea contiguity types 2–5 (separated by at most 12, 24, 150
/// and 400 miles of water). Land contiguity (type 1) is a `border`, proximity 1; pairs
/// with no contiguity keep the engine's default 0.5, so the sea types sit between.
pub const SEA_PROXIMITY: [(u8, f64, &str); 4] = [
    (2, 0.9, "up to 12 miles of water"),
    (3, 0.8, "up to 24 miles of water"),
    (4, 0.7, "up to 150 miles of water"),
    (5, 0.6, "up to 400 miles of water"),
];

/// The closest contiguity type in force in the year, per pair of selected states
/// (indices, smaller first).
pub(crate) fn read_contiguity(
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
