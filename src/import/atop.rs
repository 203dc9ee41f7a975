//! `ally import atop`: a scenario whose alliances are the year's ATOP obligations
//! (Alliance Treaty Obligations and Provisions, Leeds et al. 2002), with power,
//! names, contiguity and capitals from the COW files as for `ally import cow`.
//!
//! ATOP's directed dyad-years say, for each ordered pair (A, B) and year, which of five
//! obligations A has towards B: defense, offense, neutrality, non-aggression,
//! consultation. Each pair of selected states with any obligation is grouped by the
//! **strongest** obligation either side holds ([`Obligation`], in that order):
//!
//! * pairs where both sides hold it are grouped into cliques (as `ally import cow`
//!   does: each pair in exactly one `alliance` line);
//! * pairs where only one side holds it (an asymmetric treaty, such as a guarantee)
//!   are written one per line, saying which side is obliged.
//!
//! Each line's `type` says what its members owe each other: a pair's every obligation,
//! each way (`type defense by Germany and offense`); a clique's the obligations every
//! pair holds both ways, the others named in the line's comment. Neutrality,
//! non-aggression and consultation pacts are written too: they pull their members
//! together not at all, and `would A attack B?` shows them without counting them.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write;

use super::base::{Base, BaseFiles, read_base, write_contiguity, write_sources, write_states};
use super::cliques::clique_cover;
use super::select::Selection;
use super::text::{ally_name_title, file_name};
use super::{Source, Table};
use ally_core::diagnostics::{Diag, Report, codes};
use ally_core::span::Span;

/// The citation the ATOP project asks every user of its data to give.
pub const CITATION: &str = "Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell and Andrew G. Long. 2002. \"Alliance Treaty Obligations and Provisions, 1815-1944.\" International Interactions 28: 237-260.";

/// An ATOP obligation, strongest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Obligation {
    Defense,
    Offense,
    Neutrality,
    NonAggression,
    Consultation,
}

impl Obligation {
    pub const ALL: [Obligation; 5] = [
        Obligation::Defense,
        Obligation::Offense,
        Obligation::Neutrality,
        Obligation::NonAggression,
        Obligation::Consultation,
    ];
    /// The ATOP column.
    pub fn column(self) -> &'static str {
        match self {
            Obligation::Defense => "atop_defense",
            Obligation::Offense => "atop_offense",
            Obligation::Neutrality => "atop_neutral",
            Obligation::NonAggression => "atop_nonagg",
            Obligation::Consultation => "atop_consul",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Obligation::Defense => "defense",
            Obligation::Offense => "offense",
            Obligation::Neutrality => "neutrality",
            Obligation::NonAggression => "non-aggression",
            Obligation::Consultation => "consultation",
        }
    }
    /// A military pact: the allies promise to fight (together).
    pub fn is_military(self) -> bool {
        matches!(self, Obligation::Defense | Obligation::Offense)
    }
}

/// The obligations one state has towards another: a bit per [`Obligation`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Obligations(u8);

impl Obligations {
    pub fn has(self, o: Obligation) -> bool {
        self.0 & (1 << o as u8) != 0
    }
    fn set(&mut self, o: Obligation) {
        self.0 |= 1 << o as u8;
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn union(self, other: Obligations) -> Obligations {
        Obligations(self.0 | other.0)
    }
    /// The strongest obligation held.
    pub fn strongest(self) -> Option<Obligation> {
        Obligation::ALL.into_iter().find(|&o| self.has(o))
    }
    pub fn names(self) -> Vec<&'static str> {
        Obligation::ALL
            .into_iter()
            .filter(|&o| self.has(o))
            .map(Obligation::name)
            .collect()
    }
}

#[derive(Clone, Debug)]
pub struct AtopOptions {
    pub year: i32,
    pub selection: Selection,
    /// ATOP directed dyad-years.
    pub atop: Source,
    pub nmc: Source,
    pub states: Option<Source>,
    pub contiguity: Option<Source>,
    pub majors: Option<Source>,
    pub capitals: Option<Source>,
    pub title: Option<String>,
    /// The command line, quoted in the header.
    pub command: String,
    /// `Some(Y2)`: the years `year`–Y2, changes in `at` blocks (`--from`/`--to`).
    pub until: Option<i32>,
}

impl AtopOptions {
    pub(crate) fn base_files(&self) -> BaseFiles<'_> {
        BaseFiles {
            nmc: &self.nmc,
            states: self.states.as_ref(),
            majors: self.majors.as_ref(),
            contiguity: self.contiguity.as_ref(),
            capitals: self.capitals.as_ref(),
        }
    }
}

/// The obligations of the year between selected states: `(i, j)` → what `i` owes `j`.
pub type Directed = BTreeMap<(usize, usize), Obligations>;

/// Builds the scenario text, or the diagnostics that prevent it.
pub fn import(o: &AtopOptions) -> Result<String, Vec<Report>> {
    if let Some(to) = o.until {
        return super::range::import_range(o, o.year, to);
    }
    let base = read_base(o.year, &o.selection, o.base_files())?;
    let codes: HashSet<u32> = base.index.keys().copied().collect();
    let by_year = read_atop(&o.atop, o.year..=o.year, &codes)?;
    let directed = by_year
        .get(&o.year)
        .map(|d| to_indices(d, &base.index))
        .unwrap_or_default();
    Ok(write(o, &base, &directed))
}

/// The obligations between COW codes, per year: `(a, b)` → what `a` owes `b`.
pub type ByCode = BTreeMap<i32, BTreeMap<(u32, u32), Obligations>>;

/// The year's obligations between the states of `index`, by index.
pub(crate) fn to_indices(
    d: &BTreeMap<(u32, u32), Obligations>,
    index: &HashMap<u32, usize>,
) -> Directed {
    d.iter()
        .filter_map(|(&(a, b), &f)| Some(((*index.get(&a)?, *index.get(&b)?), f)))
        .collect()
}

/// The years a dyad-year may carry (ATOP starts in 1815): another number in the
/// column means the file is not what it claims.
const YEARS: std::ops::RangeInclusive<i32> = 1815..=2100;

/// Reads the directed dyad-years of `years` between the states `codes`.
pub fn read_atop(
    src: &Source,
    years: std::ops::RangeInclusive<i32>,
    codes: &HashSet<u32>,
) -> Result<ByCode, Vec<Report>> {
    let mut cols = vec!["ccode1", "ccode2", "year"];
    cols.extend(Obligation::ALL.iter().map(|o| o.column()));
    let t = Table::parse(src, &cols, "ATOP dyad-year").map_err(|r| vec![r])?;
    let mut out = ByCode::new();
    let mut diags = Vec::new();
    let mut seen: HashMap<(u32, u32, i32), Span> = HashMap::new();
    let (mut first, mut last) = (i32::MAX, i32::MIN);
    for row in &t.rows {
        let parsed = (|| -> Result<(u32, u32, i32, Obligations), Diag> {
            let mut f = Obligations::default();
            for o in Obligation::ALL {
                match t.num::<u8>(row, o.column())? {
                    0 => {}
                    1 => f.set(o),
                    _ => {
                        let (text, span) = t.get(row, o.column());
                        return Err(Diag::error(
                            codes::BAD_CSV_ROW,
                            span,
                            format!("`{text}` in column `{}` is not 0 or 1", o.column()),
                        )
                        .label("not an obligation flag")
                        .help("ATOP codes each obligation as 1 (held) or 0 (not held)"));
                    }
                }
            }
            let y: i32 = t.num(row, "year")?;
            if !YEARS.contains(&y) {
                return Err(Diag::error(
                    codes::BAD_CSV_ROW,
                    t.get(row, "year").1,
                    format!("{y} is not a year of the ATOP data (1815 on)"),
                )
                .label("not a year"));
            }
            Ok((t.num(row, "ccode1")?, t.num(row, "ccode2")?, y, f))
        })();
        let (a, b, y, f) = match parsed {
            Ok(v) => v,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        first = first.min(y);
        last = last.max(y);
        if !years.contains(&y) {
            continue;
        }
        if a == b {
            diags.push(
                Diag::error(
                    codes::BAD_CSV_ROW,
                    row.span,
                    format!("state {a} has an obligation towards itself"),
                )
                .label("ccode1 = ccode2")
                .help("a dyad is two different states"),
            );
            continue;
        }
        // One row per directed dyad and year: a second one is a duplicate that would
        // otherwise be merged silently.
        if let Some(prev) = seen.insert((a, b, y), row.span) {
            diags.push(
                Diag::error(
                    codes::BAD_CSV_ROW,
                    row.span,
                    format!("a second row for {a} → {b} in {y}"),
                )
                .label("duplicate dyad-year")
                .help(format!(
                    "the first is at byte {}; ATOP has one row per directed dyad and year",
                    prev.start
                )),
            );
            continue;
        }
        if f.is_empty() {
            continue;
        }
        if codes.contains(&a) && codes.contains(&b) {
            out.entry(y).or_default().insert((a, b), f);
        }
    }
    let outside = [*years.start(), *years.end()]
        .into_iter()
        .find(|y| !(first..=last).contains(y));
    if let Some(year) = outside.filter(|_| diags.is_empty() && first <= last) {
        diags.push(
            Diag::error(
                codes::YEAR_OUT_OF_RANGE,
                t.header_span,
                format!("{year} is outside the ATOP file, which covers {first}–{last}"),
            )
            .label("in this file")
            .help("choose a year the file covers, or another file with --atop"),
        );
    }
    t.finish(diags).map_err(|r| vec![r])?;
    Ok(out)
}

/// One `alliance` line: its members, its strongest type, and which members are obliged
/// when not all are (a directed pair).
#[derive(Clone, Debug, PartialEq)]
pub struct Pact {
    pub members: Vec<usize>,
    pub kind: Obligation,
    /// `Some(i)`: only member `i` holds `kind` (the other is guaranteed).
    pub by: Option<usize>,
    /// Every obligation held between the members, either way.
    pub all: Obligations,
    /// What the line's `type` says: each obligation, with the one member holding it
    /// when only one does; strongest first.
    pub types: Vec<(Obligation, Option<usize>)>,
}

impl Pact {
    /// The obligations some pairs hold that `types` leaves out (a clique's pairs
    /// that differ).
    pub fn left_out(&self) -> Vec<&'static str> {
        Obligation::ALL
            .into_iter()
            .filter(|&o| self.all.has(o) && !self.types.iter().any(|t| t.0 == o))
            .map(Obligation::name)
            .collect()
    }

    /// `type defense and consultation by France`, names written by `name`; the
    /// comment after it names what `types` leaves out.
    pub fn type_clause(&self, name: impl Fn(usize) -> String) -> String {
        let clauses: Vec<String> = self
            .types
            .iter()
            .map(|(o, by)| match by {
                Some(i) => format!("{} by {}", o.name(), name(*i)),
                None => o.name().to_string(),
            })
            .collect();
        let mut t = format!("type {}", clauses.join(" and "));
        let rest = self.left_out();
        if !rest.is_empty() {
            t.push_str(&format!(
                "   // also {} between some members",
                rest.join(", ")
            ));
        }
        t
    }
}

/// The `type` of a pact of `members`: for a pair, every obligation either way (with the
/// obliged side when only one holds it); for a larger clique, those every pair holds
/// both ways.
fn types_of(
    members: &[usize],
    get: impl Fn(usize, usize) -> Obligations,
) -> Vec<(Obligation, Option<usize>)> {
    if let [i, j] = *members {
        let (ij, ji) = (get(i, j), get(j, i));
        return Obligation::ALL
            .into_iter()
            .filter_map(|o| match (ij.has(o), ji.has(o)) {
                (true, true) => Some((o, None)),
                (true, false) => Some((o, Some(i))),
                (false, true) => Some((o, Some(j))),
                (false, false) => None,
            })
            .collect();
    }
    Obligation::ALL
        .into_iter()
        .filter(|&o| {
            members
                .iter()
                .all(|&a| members.iter().all(|&b| a == b || get(a, b).has(o)))
        })
        .map(|o| (o, None))
        .collect()
}

/// The pacts of the year: symmetric pairs grouped into cliques per type, directed
/// pairs one by one; sorted by type, then members.
pub fn pacts(directed: &Directed) -> Vec<Pact> {
    let get = |i: usize, j: usize| directed.get(&(i, j)).copied().unwrap_or_default();
    let pairs: BTreeSet<(usize, usize)> = directed
        .keys()
        .map(|&(i, j)| (i.min(j), i.max(j)))
        .collect();
    let mut symmetric: BTreeMap<Obligation, BTreeSet<(usize, usize)>> = BTreeMap::new();
    let mut out = Vec::new();
    for &(i, j) in &pairs {
        let (ij, ji) = (get(i, j), get(j, i));
        let Some(kind) = ij.union(ji).strongest() else {
            continue;
        };
        match (ij.has(kind), ji.has(kind)) {
            (true, true) => {
                symmetric.entry(kind).or_default().insert((i, j));
            }
            (true, false) | (false, true) => out.push(Pact {
                members: vec![i, j],
                kind,
                by: Some(if ij.has(kind) { i } else { j }),
                all: ij.union(ji),
                types: types_of(&[i, j], get),
            }),
            (false, false) => {}
        }
    }
    for (kind, set) in symmetric {
        for members in clique_cover(&set) {
            let mut all = Obligations::default();
            for (k, &a) in members.iter().enumerate() {
                for &b in &members[k + 1..] {
                    all = all.union(get(a, b)).union(get(b, a));
                }
            }
            let types = types_of(&members, get);
            out.push(Pact {
                members,
                kind,
                by: None,
                all,
                types,
            });
        }
    }
    out.sort_by(|a, b| (a.kind, &a.members, a.by).cmp(&(b.kind, &b.members, b.by)));
    out
}

/// The header: title, command, citations and what each line of the scenario comes from,
/// for the year `from` or the years `from`–`to`.
pub(crate) fn write_header(
    s: &mut String,
    o: &AtopOptions,
    title: &str,
    from: i32,
    to: Option<i32>,
) {
    let years = match to {
        Some(to) => format!("{from}–{to}"),
        None => from.to_string(),
    };
    let _ = writeln!(s, "// {title}");
    let _ = writeln!(s, "//");
    let _ = writeln!(s, "// Generated by `{}`.", o.command);
    let _ = writeln!(
        s,
        "// DATA: alliances from ATOP 5.1 (http://www.atopdata.org). Cite as the ATOP project asks:"
    );
    let mut line = String::from("//  ");
    for word in CITATION.split(' ') {
        if line.len() + word.len() + 1 > 90 {
            let _ = writeln!(s, "{line}");
            line = String::from("//  ");
        }
        line.push(' ');
        line.push_str(word);
    }
    let _ = writeln!(s, "{line}");
    let _ = writeln!(
        s,
        "// Power, names and contiguity: the Correlates of War Project (https://correlatesofwar.org)."
    );
    write_sources(s, &years, o.base_files());
    let _ = writeln!(
        s,
        "// * alliance = ATOP obligations in force in {years} from {} (directed dyad-years):\n//   each pair's obligations as the line's `type` (defense, offense, neutrality,\n//   non-aggression, consultation; `by X` when only X holds one); pairs grouped by their\n//   strongest obligation, held both ways, so that each pair is in one line.",
        file_name(&o.atop)
    );
    if to.is_some() {
        let _ = writeln!(
            s,
            "// * the scenario is {from}; each `at YEAR` block holds what changed that year:\n//   alliances ended and made, states leaving and entering, powers (CINC of the year)."
        );
    }
    let _ = writeln!(
        s,
        "// Ideology is not in the data: declare ideologies, e.g. `ideology democracy, monarchy`,\n// and fill in each state's placeholder."
    );
}

/// The comment over the pacts that promise no help in war.
pub(crate) const OTHER_PACTS: &str = "// Neutrality, non-aggression and consultation pacts: no pull towards one bloc;\n// `would A attack B?` shows them, not counted.";

fn write(o: &AtopOptions, base: &Base, directed: &Directed) -> String {
    let y = o.year;
    let what = &base.what;
    let mut s = String::new();
    let title = o
        .title
        .clone()
        .unwrap_or_else(|| format!("{what}, {y} (ATOP and Correlates of War data)"));
    let title = title[..1].to_uppercase() + &title[1..];
    write_header(&mut s, o, &title, y, None);
    let _ = writeln!(s);
    let _ = writeln!(s, "scenario {}", ally_name_title(&title));
    let _ = writeln!(s);
    let _ = writeln!(s, "// ideology democracy, monarchy");
    let _ = writeln!(s);
    write_states(&mut s, y, base);
    write_contiguity(&mut s, y, base);
    let all = pacts(directed);
    let line = |p: &Pact| {
        let members = p
            .members
            .iter()
            .map(|&i| base.name(i))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "alliance {{ {members} }} {}",
            p.type_clause(|i| base.name(i))
        )
    };
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "// Defense and offense pacts in force in {y} (ATOP 5.1)."
    );
    let military: Vec<&Pact> = all.iter().filter(|p| p.kind.is_military()).collect();
    if military.is_empty() {
        let _ = writeln!(s, "// (none among these states)");
    }
    for p in &military {
        let _ = writeln!(s, "{}", line(p));
    }
    let other: Vec<&Pact> = all.iter().filter(|p| !p.kind.is_military()).collect();
    if !other.is_empty() {
        let _ = writeln!(s, "{OTHER_PACTS}");
        for p in other {
            let _ = writeln!(s, "{}", line(p));
        }
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "model balancing");
    let _ = writeln!(s);
    let _ = writeln!(s, "who allies with whom?");
    let _ = writeln!(s, "balance of power?");
    s
}
