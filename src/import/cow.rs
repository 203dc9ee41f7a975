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

use super::base::{Base, BaseFiles, read_base, write_contiguity, write_sources, write_states};
pub use super::cliques::clique_cover;
pub use super::contiguity::SEA_PROXIMITY;
pub use super::select::{MAJORS, Region, Selection};
pub use super::text::ally_name;
use super::text::{ally_name_title, file_name};

use super::{Source, Table};
use ally_core::diagnostics::{Diag, Report};

#[derive(Clone, Debug)]
pub struct CowOptions {
    pub year: i32,
    pub selection: Selection,
    pub nmc: Source,
    pub states: Option<Source>,
    pub contiguity: Option<Source>,
    pub alliances: Option<Source>,
    pub majors: Option<Source>,
    /// Capital spells (`data/capitals.csv`): each state gets `at LAT, LON`.
    pub capitals: Option<Source>,
    /// Write non-defence agreements as alliances too (else commented out).
    pub all_alliances: bool,
    pub title: Option<String>,
    /// The command line, quoted in the header.
    pub command: String,
}

impl CowOptions {
    fn base_files(&self) -> BaseFiles<'_> {
        BaseFiles {
            nmc: &self.nmc,
            states: self.states.as_ref(),
            majors: self.majors.as_ref(),
            contiguity: self.contiguity.as_ref(),
            capitals: self.capitals.as_ref(),
        }
    }
}

/// Builds the scenario text, or the diagnostics that prevent it.
pub fn import(o: &CowOptions) -> Result<String, Vec<Report>> {
    let base = read_base(o.year, &o.selection, o.base_files())?;
    let alliances = match &o.alliances {
        Some(src) => Some(read_alliances(src, o.year, &base.index)?),
        None => None,
    };
    Ok(write(o, &base, alliances.as_ref()))
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

fn write(
    o: &CowOptions,
    base: &Base,
    alliances: Option<&BTreeMap<(usize, usize), Flags>>,
) -> String {
    let y = o.year;
    let what = &base.what;
    let name = |i: usize| base.name(i);
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
    write_sources(&mut s, &y.to_string(), o.base_files());
    match &o.alliances {
        Some(src) => {
            let _ = writeln!(
                s,
                "// * alliance = agreements in force in {y} from {} (COW Formal Alliances v4.1;\n//   Gibler 2009), grouped so that each allied pair is in one line.",
                file_name(src)
            );
        }
        None => {
            let _ = writeln!(
                s,
                "// * no alliance file given: no alliances (`ally import atop` imports ATOP's)."
            );
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
    write_states(&mut s, y, base);
    write_contiguity(&mut s, y, base);
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
