//! `ally import atop --from Y1 --to Y2`: one scenario whose `at` blocks carry what
//! changed year by year, so `timeline?` replays real history. The scenario opens with
//! Y1 as `ally import atop --year Y1` would write it (its alliances named, so that they
//! can end); then, for each later year with a change, one `at Y { … }` block, in this
//! order: alliances ended, states leaving, states entering (with their power, capital
//! and contiguity), power changes (`power X = v`, the year's CINC score as written), and
//! alliances made. Pacts are identified across years by members and `type` (each
//! obligation and its obliged side): a clique that gains a member, or a pact whose
//! obligations change, ends and a new one is made.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write;

use super::atop::{AtopOptions, OTHER_PACTS, Pact, pacts, read_atop, to_indices, write_header};
use super::base::{Base, read_base_of, write_contiguity, write_states};
use super::contiguity::SEA_PROXIMITY;
use super::text::{ally_name, ally_name_title};
use crate::import::Source;
use ally_core::diagnostics::{Diag, Report, codes};
use ally_core::span::Span;

/// The longest range one scenario may cover: a bound on the work and the file size.
pub const MAX_YEARS: i32 = 250;

/// A pact across years: its identity (strongest type, members, obliged side, and each
/// obligation of its `type` with its obliged side, states by COW code).
type Key = (u8, Vec<u32>, Option<u32>, Vec<(u8, Option<u32>)>);

struct Year {
    base: Base,
    /// The pacts by identity (indices of this year's base).
    pacts: BTreeMap<Key, Pact>,
}

pub fn import_range(o: &AtopOptions, from: i32, to: i32) -> Result<String, Vec<Report>> {
    if to < from || to - from >= MAX_YEARS {
        let text = format!("--from {from} --to {to}");
        let src = Source::new("--from/--to", text.clone());
        return Err(vec![src.report(vec![
            Diag::error(
                codes::YEAR_OUT_OF_RANGE,
                Span::new(0, text.len()),
                if to < from {
                    format!("the range {from}–{to} ends before it starts")
                } else {
                    format!("the range {from}–{to} is longer than {MAX_YEARS} years")
                },
            )
            .label("this range")
            .help(format!("give --from ≤ --to, at most {MAX_YEARS} years apart")),
        ])]);
    }
    let mut bases = Vec::new();
    for y in from..=to {
        bases.push((y, read_base_of(y, &o.selection, true, o.base_files())?));
    }
    let codes: HashSet<u32> = bases
        .iter()
        .flat_map(|(_, b)| b.index.keys().copied())
        .collect();
    let atop = read_atop(&o.atop, from..=to, &codes)?;
    // One name per state over the whole range (two states with one name told apart by
    // abbreviation, as in one year).
    let mut first_name: BTreeMap<u32, (String, String)> = BTreeMap::new();
    for (_, b) in &bases {
        for p in &b.picks {
            first_name
                .entry(p.ccode)
                .or_insert_with(|| (p.name.clone(), p.abb.clone()));
        }
    }
    let mut count: HashMap<&str, usize> = HashMap::new();
    for (n, _) in first_name.values() {
        *count.entry(n.as_str()).or_default() += 1;
    }
    let names: BTreeMap<u32, String> = first_name
        .iter()
        .map(|(&c, (n, abb))| {
            let n = if count[n.as_str()] > 1 {
                format!("{n} ({abb})")
            } else {
                n.clone()
            };
            (c, n)
        })
        .collect();
    let mut years: Vec<(i32, Year)> = Vec::new();
    for (y, mut base) in bases {
        for p in &mut base.picks {
            p.name = names[&p.ccode].clone();
        }
        let directed = atop
            .get(&y)
            .map(|d| to_indices(d, &base.index))
            .unwrap_or_default();
        let code = |i: usize| base.picks[i].ccode;
        let pacts: BTreeMap<Key, Pact> = pacts(&directed)
            .into_iter()
            .map(|p| {
                let key: Key = (
                    p.kind as u8,
                    p.members.iter().map(|&i| code(i)).collect(),
                    p.by.map(code),
                    p.types
                        .iter()
                        .map(|(o, by)| (*o as u8, by.map(code)))
                        .collect(),
                );
                (key, p)
            })
            .collect();
        years.push((y, Year { base, pacts }));
    }
    Ok(write(o, from, to, &years))
}

/// The pact's name: its members, and its type and obliged side unless it is a plain
/// defense pact.
fn pact_name(b: &Base, p: &Pact) -> String {
    let mut n = p
        .members
        .iter()
        .map(|&i| b.picks[i].name.clone())
        .collect::<Vec<_>>()
        .join("–");
    match p.by {
        Some(by) => n.push_str(&format!(" ({} by {})", p.kind.name(), b.picks[by].name)),
        None if p.kind != super::atop::Obligation::Defense => {
            n.push_str(&format!(" ({})", p.kind.name()))
        }
        None => {}
    }
    n
}

fn pact_line(b: &Base, p: &Pact) -> String {
    let members = p
        .members
        .iter()
        .map(|&i| b.name(i))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "alliance {} {{ {members} }} {}",
        ally_name(&pact_name(b, p)),
        p.type_clause(|i| b.name(i))
    )
}

fn write(o: &AtopOptions, from: i32, to: i32, years: &[(i32, Year)]) -> String {
    let mut s = String::new();
    let Some((_, first)) = years.first() else {
        return s;
    };
    let title = o.title.clone().unwrap_or_else(|| {
        format!(
            "{}, {from}–{to} (ATOP and Correlates of War data)",
            first.base.what
        )
    });
    let title = title[..1].to_uppercase() + &title[1..];
    write_header(&mut s, o, &title, from, Some(to));
    let _ = writeln!(s);
    let _ = writeln!(s, "scenario {}", ally_name_title(&title));
    let _ = writeln!(s);
    let _ = writeln!(s, "// ideology democracy, monarchy");
    let _ = writeln!(s);
    write_states(&mut s, from, &first.base);
    write_contiguity(&mut s, from, &first.base);
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "// Defense and offense pacts in force in {from} (ATOP 5.1)."
    );
    let military: Vec<&Pact> = first
        .pacts
        .values()
        .filter(|p| p.kind.is_military())
        .collect();
    if military.is_empty() {
        let _ = writeln!(s, "// (none among these states)");
    }
    for p in military {
        let _ = writeln!(s, "{}", pact_line(&first.base, p));
    }
    let other: Vec<&Pact> = first
        .pacts
        .values()
        .filter(|p| !p.kind.is_military())
        .collect();
    if !other.is_empty() {
        let _ = writeln!(s, "{OTHER_PACTS}");
        for p in other {
            let _ = writeln!(s, "{}", pact_line(&first.base, p));
        }
    }
    for pair in years.windows(2) {
        let [(_, prev), (y, cur)] = pair else {
            continue;
        };
        let block = changes(prev, cur, *y);
        if block.is_empty() {
            continue;
        }
        let _ = writeln!(s);
        let _ = writeln!(s, "at {y} {{");
        for line in block {
            let _ = writeln!(s, "  {line}");
        }
        let _ = writeln!(s, "}}");
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "model balancing");
    let _ = writeln!(s);
    let _ = writeln!(s, "who allies with whom?");
    let _ = writeln!(s, "timeline?");
    s
}

/// The events of year `y`, as lines of an `at` block.
fn changes(prev: &Year, cur: &Year, y: i32) -> Vec<String> {
    let mut out = Vec::new();
    let (pb, cb) = (&prev.base, &cur.base);
    for (k, p) in &prev.pacts {
        if !cur.pacts.contains_key(k) {
            out.push(format!("end alliance {}", ally_name(&pact_name(pb, p))));
        }
    }
    for (c, i) in sorted(&pb.index) {
        if !cb.index.contains_key(&c) {
            out.push(format!("leave {}", pb.name(i)));
        }
    }
    let entering: Vec<usize> = sorted(&cb.index)
        .into_iter()
        .filter(|(c, _)| !pb.index.contains_key(c))
        .map(|(_, i)| i)
        .collect();
    for &i in &entering {
        let p = &cb.picks[i];
        let at = match cb.capitals.as_ref().and_then(|c| c[i].as_ref()) {
            Some(c) => format!("; at {}, {}", c.lat, c.lon),
            None => String::new(),
        };
        out.push(format!(
            "state {} {{ power {}{at} }}   // enters; CINC {y}, {} ({})",
            cb.name(i),
            p.cinc,
            p.abb,
            p.ccode
        ));
    }
    if let Some(cont) = &cb.contiguity {
        for (&(i, j), &ty) in cont {
            if !entering.contains(&i) && !entering.contains(&j) {
                continue;
            }
            if ty == 1 {
                out.push(format!("border {} ~ {}", cb.name(i), cb.name(j)));
            } else if let Some((_, p, what)) = SEA_PROXIMITY.iter().find(|(t, _, _)| *t == ty) {
                out.push(format!(
                    "distance {} ~ {} = {p}   // conttype {ty}: {what}",
                    cb.name(i),
                    cb.name(j)
                ));
            }
        }
    }
    for (c, i) in sorted(&cb.index) {
        let Some(&j) = pb.index.get(&c) else {
            continue;
        };
        if pb.picks[j].cinc != cb.picks[i].cinc {
            out.push(format!("power {} = {}", cb.name(i), cb.picks[i].cinc));
        }
    }
    for (k, p) in &cur.pacts {
        if !prev.pacts.contains_key(k) {
            out.push(pact_line(cb, p));
        }
    }
    out
}

fn sorted(index: &HashMap<u32, usize>) -> Vec<(u32, usize)> {
    let mut v: Vec<(u32, usize)> = index.iter().map(|(&c, &i)| (c, i)).collect();
    v.sort_unstable();
    v
}
