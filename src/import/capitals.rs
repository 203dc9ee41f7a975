//! Where each state is: its capital's coordinates in the year, from a table of capital
//! spells keyed by COW code (`data/capitals.csv`, written by `tools/capitals.py`). A
//! state whose capital moved has several rows; the one in force on 1 July of the year
//! counts, so a move in the spring already counts and one in the autumn does not yet.

use std::collections::HashMap;

use super::{Source, Table};
use ally_core::diagnostics::{Diag, Report, codes};

/// A capital: its name and coordinates (degrees).
#[derive(Clone, Debug, PartialEq)]
pub struct Capital {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
}

/// The capital in force in `year` of each selected state (by index), `None` where the
/// table has none.
pub(crate) fn read_capitals(
    src: &Source,
    year: i32,
    index: &HashMap<u32, usize>,
) -> Result<Vec<Option<Capital>>, Vec<Report>> {
    let t = Table::parse(
        src,
        &["ccode", "capital", "from", "to", "lat", "lon"],
        "capitals",
    )
    .map_err(|r| vec![r])?;
    let mut out: Vec<Option<Capital>> = vec![None; index.len()];
    let mut diags = Vec::new();
    // Dates are ISO (YYYY-MM-DD), so they compare as text.
    let mid = format!("{year:04}-07-01");
    for row in &t.rows {
        let parsed = (|| -> Result<(u32, f64, f64), Diag> {
            let c = t.num(row, "ccode")?;
            let lat: f64 = t.num(row, "lat")?;
            let lon: f64 = t.num(row, "lon")?;
            for (v, col, bound) in [(lat, "lat", 90.0), (lon, "lon", 180.0)] {
                if !v.is_finite() || v.abs() > bound {
                    return Err(Diag::error(
                        codes::BAD_CSV_ROW,
                        t.get(row, col).1,
                        format!("{v} in column `{col}` is not within ±{bound} degrees"),
                    )
                    .label("not a coordinate"));
                }
            }
            for col in ["from", "to"] {
                let (d, span) = t.get(row, col);
                let ok = d.len() == 10
                    && d.bytes().enumerate().all(|(k, b)| {
                        if k == 4 || k == 7 {
                            b == b'-'
                        } else {
                            b.is_ascii_digit()
                        }
                    });
                if !ok {
                    return Err(Diag::error(
                        codes::BAD_CSV_ROW,
                        span,
                        format!("`{d}` in column `{col}` is not a date (YYYY-MM-DD)"),
                    )
                    .label("not a date"));
                }
            }
            Ok((c, lat, lon))
        })();
        let (c, lat, lon) = match parsed {
            Ok(v) => v,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let (from, to) = (t.get(row, "from").0, t.get(row, "to").0);
        if let Some(&i) = index.get(&c)
            && from <= mid.as_str()
            && mid.as_str() <= to
        {
            out[i] = Some(Capital {
                name: t.get(row, "capital").0.to_string(),
                lat,
                lon,
            });
        }
    }
    t.finish(diags).map_err(|r| vec![r])?;
    Ok(out)
}
