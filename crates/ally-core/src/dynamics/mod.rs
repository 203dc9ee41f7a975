//! Change over time and counterfactuals: the lecture's observable implications.
//! `timeline?`, `what if …?`, `price of X for Y?` and `would A attack B?`.

mod deterrence;
pub mod events;
pub mod names;
mod price;

pub use deterrence::{Bound, CitedLeaf, Deterrence, GameCited, Supporter, deterrence};
pub use names::{BlocNames, carried_names, named_alignment, own_names};
pub use price::{Price, price};

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::diagnostics::Diag;
use crate::model::{Located, Model, Scenario};
use crate::solve::progress::Progress;
use crate::solve::{Alignment, Evaluator, Solved};
use crate::span::Span;
use events::EventKind;

/// A state that changed sides, and what moved it.
#[derive(Clone, Debug, Serialize)]
pub struct Switch {
    pub state: String,
    /// The bloc it left and the bloc it joined, each by the name it carries through
    /// time ([`names`]): never the same name.
    pub from: String,
    pub to: String,
    /// The event after which it first stood on its new side (timeline), if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<EventKind>,
    /// The strongest forces holding it on its new side.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub because: Vec<String>,
    /// The members of the bloc it left (before) and of the bloc it joined (after).
    pub from_members: Vec<String>,
    pub to_members: Vec<String>,
    /// It left its bloc (`from`) to stay out of every bloc; `to` is then empty.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub to_neutral: bool,
    /// It left neutrality to join `to`; `from` is then empty.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub from_neutral: bool,
}

impl Switch {
    /// A move into or out of neutrality in words ("Sweden leaves the Britain bloc for
    /// neutrality", "Sweden joins the Britain bloc from neutrality"); `None` for a move
    /// between blocs.
    pub fn neutral_words(&self) -> Option<String> {
        if self.to_neutral {
            Some(format!(
                "{} leaves the {} bloc for neutrality",
                self.state, self.from
            ))
        } else if self.from_neutral {
            Some(format!(
                "{} joins the {} bloc from neutrality",
                self.state, self.to
            ))
        } else {
            None
        }
    }
}

/// For each state of `b` decided in both `a` and `b`: its index in `b`, its power in `b`,
/// and its bloc label in `a` and in `b`.
fn sides(a: &Solved, b: &Solved) -> Vec<(usize, f64, u8, u8)> {
    let mut pairs = Vec::new();
    for (j, st) in b.scenario.states.iter().enumerate() {
        if let (Some(i), Some(lb)) = (a.scenario.state(&st.name), b.bloc_of(j))
            && let Some(la) = a.bloc_of(i)
        {
            pairs.push((j, st.power, la, lb));
        }
    }
    pairs
}

/// Blocs of `a` matched one to one to blocs of `b` by the assignment that maximises the
/// power they share: a bloc keeps its identity with the bulk of its power, so when two
/// small states change sides it is they who switched, not the great powers they left
/// (counting shared members instead named the great powers). An exact assignment over
/// at most 16 labels each, by dynamic programming over subsets of `b`'s labels (ties:
/// the lower labels first).
fn matching(pairs: &[(usize, f64, u8, u8)]) -> BTreeMap<u8, u8> {
    let mut la: Vec<u8> = pairs.iter().map(|p| p.2).collect();
    let mut lb: Vec<u8> = pairs.iter().map(|p| p.3).collect();
    la.sort_unstable();
    la.dedup();
    lb.sort_unstable();
    lb.dedup();
    let (r, c) = (la.len(), lb.len());
    let mut shared = vec![0.0; r * c];
    for &(_, power, x, y) in pairs {
        let (i, j) = (
            la.binary_search(&x).unwrap_or(0),
            lb.binary_search(&y).unwrap_or(0),
        );
        shared[i * c + j] += power;
    }
    // best[mask]: the most power rows 0..popcount(mask) can share with the columns in
    // mask, each row matched to one column or (when rows outnumber columns) to none.
    let full = 1usize << c;
    let mut choice: Vec<Vec<Option<usize>>> = vec![vec![None; full]; r + 1];
    let mut layer = vec![f64::NEG_INFINITY; full];
    layer[0] = 0.0;
    for i in 0..r {
        let mut next = vec![f64::NEG_INFINITY; full];
        for mask in 0..full {
            let v = layer[mask];
            if v == f64::NEG_INFINITY {
                continue;
            }
            // Row i unmatched.
            if v > next[mask] {
                next[mask] = v;
                choice[i + 1][mask] = None;
            }
            for j in 0..c {
                if mask & (1 << j) == 0 {
                    let m = mask | (1 << j);
                    let w = v + shared[i * c + j];
                    if w > next[m] {
                        next[m] = w;
                        choice[i + 1][m] = Some(j);
                    }
                }
            }
        }
        layer = next;
    }
    let mut mask = (0..full)
        .max_by(|&x, &y| layer[x].total_cmp(&layer[y]).then(y.cmp(&x)))
        .unwrap_or(0);
    let mut out = BTreeMap::new();
    for i in (0..r).rev() {
        if let Some(j) = choice[i + 1][mask] {
            out.insert(la[i], lb[j]);
            mask &= !(1 << j);
        }
    }
    out
}

/// The blocs (engine labels) of `before` matched to those of `after` by [`matching`]:
/// the rule `ally graph --at` follows to keep a bloc's colour along the timeline.
pub fn matched(before: &Solved, after: &Solved) -> BTreeMap<u8, u8> {
    matching(&sides(before, after))
}

/// The members of bloc `label` of `sv`, in declaration order.
fn members(sv: &Solved, label: u8) -> Vec<String> {
    (0..sv.scenario.states.len())
        .filter(|&j| sv.bloc_of(j) == Some(label))
        .map(|j| sv.scenario.states[j].name.clone())
        .collect()
}

/// States of `after` on a different side than in `before`: their bloc in `after` is not
/// the one their bloc in `before` is matched to ([`matching`]); and, with neutrality,
/// the states that left a bloc for neutrality or joined one from it. In declaration
/// order. Blocs are named as at a first moment before, and carried from there after.
pub fn switches(before: &Solved, after: &Solved) -> Vec<Switch> {
    let names = own_names(before);
    let carried = carried_names(before, &names, after);
    switches_named(before, &names, after, &carried)
}

/// [`switches`] with the blocs of each moment named by `before_names`, `after_names`.
fn switches_named(
    before: &Solved,
    before_names: &BlocNames,
    after: &Solved,
    after_names: &BlocNames,
) -> Vec<Switch> {
    let pairs = sides(before, after);
    let matched = matching(&pairs);
    let name = |names: &BlocNames, label: Option<u8>| {
        label
            .and_then(|l| names.get(&l).cloned())
            .unwrap_or_default()
    };
    let switch = |j: usize, la: Option<u8>, lb: Option<u8>| Switch {
        state: after.scenario.states[j].name.clone(),
        from: name(before_names, la),
        to: name(after_names, lb),
        event: None,
        kind: None,
        because: Vec::new(),
        from_members: la.map_or_else(Vec::new, |l| members(before, l)),
        to_members: lb.map_or_else(Vec::new, |l| members(after, l)),
        to_neutral: lb.is_none(),
        from_neutral: la.is_none(),
    };
    let mut out: Vec<(usize, Switch)> = pairs
        .into_iter()
        .filter(|&(_, _, la, lb)| matched.get(&la) != Some(&lb))
        .map(|(j, _, la, lb)| (j, switch(j, Some(la), Some(lb))))
        .collect();
    for (j, st) in after.scenario.states.iter().enumerate() {
        let Some(i) = before.scenario.state(&st.name) else {
            continue;
        };
        match (before.bloc_of(i), after.bloc_of(j)) {
            (Some(la), None) if after.is_neutral(j) => out.push((j, switch(j, Some(la), None))),
            (None, Some(lb)) if before.is_neutral(i) => out.push((j, switch(j, None, Some(lb)))),
            _ => {}
        }
    }
    out.sort_by_key(|x| x.0);
    out.into_iter().map(|x| x.1).collect()
}

/// The strongest forces holding state `i` where it is in `solved`, in words.
fn because(solved: &Solved, i: usize) -> Vec<String> {
    let why = crate::solve::why(solved, i);
    why.terms
        .iter()
        .filter(|t| t.hold > 0.0)
        .take(3)
        .map(|t| t.reason.clone())
        .collect()
}

#[derive(Clone, Debug, Serialize)]
pub struct BalanceChange {
    pub before: Option<f64>,
    pub after: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct WhatIf {
    pub event: String,
    pub before: Alignment,
    pub after: Alignment,
    pub switched: Vec<Switch>,
    /// Strongest bloc's power over the weakest's, before and after.
    pub balance: BalanceChange,
}

pub(super) fn solve_new(
    ev: &mut Evaluator,
    s: Scenario,
    model: &Model,
    span: Span,
) -> Result<Arc<Solved>, Diag> {
    ev.solve(&Arc::new(s), model, span)
}

pub fn what_if(
    ev: &mut Evaluator,
    s: &Arc<Scenario>,
    located: &Located,
    span: Span,
) -> Result<WhatIf, Diag> {
    let event = &located.event;
    let model = ev.model_for(s);
    let before = ev.solve(s, &model, span)?;
    let mut changed = (**s).clone();
    events::apply_located(&mut changed, located)?;
    let after = solve_new(ev, changed, &model, span)?;
    let names_before = own_names(&before);
    let names_after = carried_names(&before, &names_before, &after);
    let mut switched = switches_named(&before, &names_before, &after, &names_after);
    for sw in &mut switched {
        if let Some(j) = after.scenario.state(&sw.state) {
            sw.because = because(&after, j);
        }
    }
    let (b, a) = (
        named_alignment(&before, &names_before),
        named_alignment(&after, &names_after),
    );
    Ok(WhatIf {
        event: events::describe(s, event),
        balance: BalanceChange {
            before: b.power_ratio(),
            after: a.power_ratio(),
        },
        before: b,
        after: a,
        switched,
    })
}

/// The `at` blocks by time; blocks with equal times stay in the order written (the sort
/// is stable).
fn in_time_order(s: &Scenario) -> Vec<&crate::model::EventBlock> {
    let mut blocks: Vec<&crate::model::EventBlock> = s.timeline.iter().collect();
    blocks.sort_by(|a, b| a.time.total_cmp(&b.time));
    blocks
}

/// The scenario as it stands at time `t`: every `at` block with a time up to `t`
/// applied in time order (blocks with equal times in the order written).
pub fn scenario_at(s: &Scenario, t: f64) -> Result<Scenario, Diag> {
    let mut out = s.clone();
    out.timeline.clear();
    for block in in_time_order(s).into_iter().filter(|b| b.time <= t) {
        for e in &block.events {
            events::apply_located(&mut out, e)?;
        }
    }
    Ok(out)
}

/// Walks the steps `timeline?` compares up to `t`: calls `step` on the scenario as
/// declared, then as it stands after each `at` block up to `t` in time order (one at a
/// time, so that a long timeline of a large scenario is never held whole), and returns
/// the last.
pub fn walk_until(s: &Scenario, t: f64, mut step: impl FnMut(&Scenario)) -> Result<Scenario, Diag> {
    let mut current = s.clone();
    current.timeline.clear();
    step(&current);
    for block in in_time_order(s).into_iter().filter(|b| b.time <= t) {
        for e in &block.events {
            events::apply_located(&mut current, e)?;
        }
        step(&current);
    }
    Ok(current)
}

#[derive(Clone, Debug, Serialize)]
pub struct Step {
    /// `None` for the scenario as declared, before any `at` block.
    pub time: Option<f64>,
    pub events: Vec<String>,
    pub alignment: Alignment,
    pub switched: Vec<Switch>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Timeline {
    pub steps: Vec<Step>,
    /// Switches counted by the kind of event that moved them.
    pub summary: Vec<(EventKind, usize)>,
    pub exact: bool,
}

/// The alignment at each time: the declared scenario, then after each `at` block in
/// time order (blocks with equal times in the order written), events applied one by
/// one so that every switch is attributed to the event after which it happened.
pub fn timeline(ev: &mut Evaluator, s: &Arc<Scenario>, span: Span) -> Result<Timeline, Diag> {
    let model = ev.model_for(s);
    let start = ev.solve(s, &model, span)?;
    let mut exact = start.solution.exact;
    let mut names = own_names(&start);
    let mut steps = vec![Step {
        time: None,
        events: Vec::new(),
        alignment: named_alignment(&start, &names),
        switched: Vec::new(),
    }];
    let blocks = in_time_order(s);
    let mut counts: BTreeMap<EventKind, usize> = BTreeMap::new();
    let mut current: Scenario = (**s).clone();
    current.timeline.clear();
    let mut at_start = start;
    let mut progress = Progress::new("timeline", blocks.len());
    for (done, block) in blocks.into_iter().enumerate() {
        progress.step(done);
        // The scenario after each event; only the last is solved unless someone
        // switched, and then the others only to find after which event each did.
        let mut after: Vec<Arc<Scenario>> = Vec::new();
        for e in &block.events {
            events::apply_located(&mut current, e)?;
            after.push(Arc::new(current.clone()));
        }
        let Some(last) = after.last() else {
            continue;
        };
        let end = ev.solve(last, &model, span)?;
        exact &= end.solution.exact;
        let end_names = carried_names(&at_start, &names, &end);
        let mut switched = switches_named(&at_start, &names, &end, &end_names);
        let mut partial: Vec<Arc<Solved>> = Vec::new();
        if !switched.is_empty() {
            for a in &after[..after.len() - 1] {
                let p = ev.solve(a, &model, span)?;
                exact &= p.solution.exact;
                partial.push(p);
            }
            partial.push(end.clone());
        }
        for sw in &mut switched {
            // The first event after which the state already stood where it ends up.
            let first = partial.iter().position(|p| {
                switches(&at_start, p)
                    .iter()
                    .any(|x| x.state == sw.state && x.to_side_of(p, &end))
            });
            if let Some(k) = first {
                let kind = EventKind::of(&block.events[k].event);
                sw.event = Some(events::describe(&current, &block.events[k].event));
                sw.kind = Some(kind);
                *counts.entry(kind).or_default() += 1;
            }
            if let Some(j) = end.scenario.state(&sw.state) {
                sw.because = because(&end, j);
            }
        }
        steps.push(Step {
            time: Some(block.time),
            events: block
                .events
                .iter()
                .map(|e| events::describe(&current, &e.event))
                .collect(),
            alignment: named_alignment(&end, &end_names),
            switched,
        });
        at_start = end;
        names = end_names;
    }
    Ok(Timeline {
        steps,
        summary: counts.into_iter().collect(),
        exact,
    })
}

impl Switch {
    /// Whether, in `p`, this state already stands where it ends up in `end`: its bloc in
    /// `p` is the one matched ([`matching`], by shared power) to its bloc in `end`.
    fn to_side_of(&self, p: &Solved, end: &Solved) -> bool {
        let (Some(i), Some(j)) = (
            p.scenario.state(&self.state),
            end.scenario.state(&self.state),
        ) else {
            return false;
        };
        if end.is_neutral(j) {
            return p.is_neutral(i);
        }
        match (p.bloc_of(i), end.bloc_of(j)) {
            (Some(lp), Some(le)) => matching(&sides(p, end)).get(&lp) == Some(&le),
            _ => false,
        }
    }
}
