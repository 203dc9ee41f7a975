//! Bloc names through time. At one moment a bloc is named after its most powerful
//! member; across a timeline, a what-if or a picture at a time, a bloc keeps the name it
//! had the moment before (the blocs matched by the power they share, [`super::matched`]),
//! so when the state a bloc is named after changes sides the answer reads "USSR switches
//! from the Britain bloc to the Germany bloc", never "from the USSR bloc to the USSR bloc".

use std::collections::BTreeMap;

use crate::solve::{Alignment, Solved};

/// The name of each bloc of a solution, by engine label.
pub type BlocNames = BTreeMap<u8, String>;

/// Each bloc of `sv` named after its most powerful member: the names of a first moment.
pub fn own_names(sv: &Solved) -> BlocNames {
    labels(sv)
        .into_iter()
        .filter_map(|label| Some((label, leader(sv, label, &[])?)))
        .collect()
}

/// The names of `after`'s blocs carried from `before` (named `before_names`): a bloc
/// matched to one of `before` keeps its name; a new bloc is named after its most
/// powerful member whose name no carried bloc holds (all of them taken: "new" and its
/// most powerful member, "the new S1 bloc").
pub fn carried_names(before: &Solved, before_names: &BlocNames, after: &Solved) -> BlocNames {
    let mut names = BlocNames::new();
    for (la, lb) in super::matched(before, after) {
        if let Some(n) = before_names.get(&la) {
            names.insert(lb, n.clone());
        }
    }
    for label in labels(after) {
        if names.contains_key(&label) {
            continue;
        }
        let taken: Vec<String> = names.values().cloned().collect();
        let name = leader(after, label, &taken).unwrap_or_else(|| {
            // Every member's name is taken (a state leaving the bloc named after it to
            // stand alone): "the new S1 bloc".
            let mut name = leader(after, label, &[]).unwrap_or_default();
            while taken.contains(&name) {
                name = format!("new {name}");
            }
            name
        });
        names.insert(label, name);
    }
    names
}

/// The alignment of `sv` with its blocs named by `names`.
pub fn named_alignment(sv: &Solved, names: &BlocNames) -> Alignment {
    let mut a = sv.alignment();
    for b in &mut a.blocs {
        let label = b
            .members
            .first()
            .and_then(|m| sv.scenario.state(m))
            .and_then(|i| sv.bloc_of(i));
        if let Some(n) = label.and_then(|l| names.get(&l)) {
            b.name = n.clone();
        }
    }
    a
}

/// The labels of `sv`'s blocs (indifferent states aside), in the order of their first
/// declared member.
fn labels(sv: &Solved) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..sv.scenario.states.len() {
        if let Some(l) = sv.bloc_of(i)
            && !out.contains(&l)
        {
            out.push(l);
        }
    }
    out
}

fn members(sv: &Solved, label: u8) -> Vec<usize> {
    (0..sv.scenario.states.len())
        .filter(|&i| sv.bloc_of(i) == Some(label))
        .collect()
}

/// The most powerful member of bloc `label` whose name is not `taken` (ties: the one
/// declared first).
fn leader(sv: &Solved, label: u8, taken: &[String]) -> Option<String> {
    let states = &sv.scenario.states;
    members(sv, label)
        .into_iter()
        .filter(|&i| !taken.contains(&states[i].name))
        .fold(None, |best: Option<usize>, i| match best {
            Some(k) if states[k].power >= states[i].power => Some(k),
            _ => Some(i),
        })
        .map(|i| states[i].name.clone())
}
