//! Change over time and counterfactuals: the lecture's observable implications.
//! `timeline?`, `what if …?`, `price of X for Y?` and `would A attack B?`.

mod deterrence;
pub mod events;
pub mod names;

pub use deterrence::{Bound, CitedLeaf, Deterrence, GameCited, Supporter, deterrence};
pub use names::{BlocNames, carried_names, named_alignment, own_names};

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::diagnostics::{Diag, codes};
use crate::engine::{self, Landscape};
use crate::model::{Event, Located, Model, ModelKind, Scenario};
use crate::solve::progress::Progress;
use crate::solve::{Alignment, Evaluator, Solved};
use crate::span::Span;
use crate::theory;
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

fn solve_new(
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

#[derive(Clone, Debug, Serialize)]
pub struct Price {
    pub target: String,
    pub buyer: String,
    /// The least total offer from `buyer` to `target` that puts the target in the
    /// buyer's bloc; `None` when no offer can.
    pub price: Option<f64>,
    /// The offer already declared from the buyer to the target.
    pub current_offer: f64,
    pub already: bool,
    /// Every other state that joins the buyer's bloc with the target.
    pub cascade: Vec<String>,
    /// Why no offer can do it, when `price` is `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub exact: bool,
}

/// Least energy over the configurations with `x` and `y` together (`apart` false) or
/// apart, for two blocs, by folding the pair into one state: with `y`'s side mirrored
/// when they must be apart (so the answer is exact, without a large penalty term).
fn constrained_min(
    ev: &Evaluator,
    l: &Landscape,
    x: usize,
    y: usize,
    apart: bool,
) -> Result<(f64, bool), engine::EngineError> {
    let n = l.sizes.len();
    let p = |i: usize, j: usize| l.propensity[i * n + j];
    let mut constant = 0.0;
    let mut py: Vec<f64> = (0..n).map(|j| p(y, j)).collect();
    if apart {
        // d_yj = 1 − d'_yj once y is mirrored: its pairs contribute a constant minus
        // their mirrored value; the pair (x, y) is always apart.
        for (j, v) in py.iter_mut().enumerate() {
            if j != y {
                constant += 2.0 * l.sizes[y] * l.sizes[j] * *v;
            }
            if j != x {
                *v = -*v;
            }
        }
    }
    let others: Vec<usize> = (0..n).filter(|&j| j != x && j != y).collect();
    let m = others.len() + 1;
    let mut sizes = vec![1.0];
    sizes.extend(others.iter().map(|&j| l.sizes[j]));
    let mut prop = vec![0.0; m * m];
    for (a, &j) in others.iter().enumerate() {
        let v = l.sizes[x] * p(x, j) + l.sizes[y] * py[j];
        prop[a + 1] = v;
        prop[(a + 1) * m] = v;
        for (b, &k) in others.iter().enumerate() {
            prop[(a + 1) * m + b + 1] = if j == k { 0.0 } else { p(j, k) };
        }
    }
    let folded = Landscape {
        sizes,
        propensity: prop,
        blocs: 2,
        neutral: false,
    };
    // Only the least energy is used: no basins.
    let limits = engine::Limits {
        basins: false,
        ..ev.limits.clone()
    };
    let sol = engine::solve(&folded, &limits)?;
    Ok((constant + sol.best.energy, sol.exact))
}

/// With neutrality, the least energy of a configuration with `x` and `y` together in a
/// bloc minus the least of those that keep them in different blocs, on landscape `l`
/// (`Ok`), or why no offer brings them together (`Err`); and whether that is exact. Aid
/// weighs only between two states in different blocs: it raises the configurations that
/// keep them apart (by κ a unit) and leaves the others — together, or either neutral —
/// as they are. So when the least configuration keeps either out, no offer changes that;
/// when it has them apart, the least configuration once apart ones are out of reach
/// (here: lifted above the all-neutral one, of energy 0) tells whether they end together,
/// at what energy, or with one of them staying out; when it has them together, the least
/// apart one is found by lowering the apart ones below every other.
fn neutral_gap(
    ev: &Evaluator,
    l: &Landscape,
    names: &Scenario,
    x: usize,
    y: usize,
) -> Result<(Result<f64, String>, bool), engine::EngineError> {
    // Only the least energy is used: no basins.
    let limits = engine::Limits {
        basins: false,
        ..ev.limits.clone()
    };
    let first = engine::solve(l, &limits)?;
    let a = &first.best.assignment;
    let name = |i: usize| names.states[i].name.clone();
    let exact = first.exact;
    let out = |who: usize| {
        format!(
            "{} stays out of every bloc, and aid weighs only between states in blocs: no offer brings the two together",
            name(who)
        )
    };
    if a[x] == engine::NEUTRAL {
        return Ok((Err(out(x)), exact));
    }
    if a[y] == engine::NEUTRAL {
        return Ok((Err(out(y)), exact));
    }
    let least = first.best.energy;
    let n = l.sizes.len();
    // Every configuration's energy lies within ±Σ|p|·s·s; a shift past twice that puts the
    // shifted configurations beyond every other.
    let range: f64 = (0..n)
        .flat_map(|i| (0..n).map(move |j| (i, j)))
        .map(|(i, j)| (l.propensity[i * n + j] * l.sizes[i] * l.sizes[j]).abs())
        .sum();
    let shift = 2.0 * range + 2.0 * least.abs() + 1e3 * engine::eps(l);
    let d = shift / (2.0 * l.sizes[x] * l.sizes[y]);
    let mut moved = l.clone();
    if a[x] == a[y] {
        // Together already: the least apart configuration, found with the apart ones
        // lowered by `shift`.
        moved.propensity[x * n + y] -= d;
        moved.propensity[y * n + x] -= d;
        let sol = engine::solve(&moved, &limits)?;
        let b = &sol.best.assignment;
        let exact = exact && sol.exact;
        if b[x] != engine::NEUTRAL && b[y] != engine::NEUTRAL && b[x] != b[y] {
            return Ok((Ok(least - (sol.best.energy + shift)), exact));
        }
        // No apart configuration at all (one bloc): together at any offer.
        return Ok((Ok(f64::NEG_INFINITY), exact));
    }
    moved.propensity[x * n + y] += d;
    moved.propensity[y * n + x] += d;
    let sol = engine::solve(&moved, &limits)?;
    let b = &sol.best.assignment;
    let exact = exact && sol.exact;
    if b[x] != engine::NEUTRAL && b[x] == b[y] {
        return Ok((Ok(sol.best.energy - least), exact));
    }
    let who = if b[x] == engine::NEUTRAL { x } else { y };
    Ok((
        Err(format!(
            "whatever the offer, {} would stay out of every bloc rather than join the other's",
            name(who)
        )),
        exact,
    ))
}

pub fn price(
    ev: &mut Evaluator,
    s: &Arc<Scenario>,
    target: usize,
    buyer: usize,
    span: Span,
) -> Result<Price, Diag> {
    let model = ev.model_for(s);
    let (tname, bname) = (s.states[target].name.clone(), s.states[buyer].name.clone());
    let current = s.offer(buyer, target);
    let mut answer = Price {
        target: tname.clone(),
        buyer: bname.clone(),
        price: None,
        current_offer: current,
        already: false,
        cascade: Vec::new(),
        reason: None,
        exact: true,
    };
    if target == buyer {
        answer.reason = Some(format!("{tname} cannot buy itself"));
        return Ok(answer);
    }
    if s.blocs != 2 {
        return Err(Diag::error(
            codes::NOT_SUPPORTED,
            span,
            format!(
                "`price of` is computed for two blocs; this scenario has {}",
                s.blocs
            ),
        )
        .label("more than two blocs")
        .help("ask it with `blocs 2`"));
    }
    let before = ev.solve(s, &model, span)?;
    answer.exact = before.solution.exact;
    if before.bloc_of(target).is_some() && before.bloc_of(target) == before.bloc_of(buyer) {
        answer.already = true;
        answer.price = Some(current);
        return Ok(answer);
    }
    // Any offer above 0 makes the two partners, with no latent threat between them
    // (docs/book/src/models.md, "Latent threat"); beyond that the price is linear in the amount. So the
    // threshold is found on the partners' landscape: the one of the current offer when
    // they are partners already, else the one of an offer of 1.
    let partners = s.partners(target, buyer);
    let (base, l) = if partners {
        (current, before.landscape.clone())
    } else {
        let mut one = (**s).clone();
        let offer = Event::Offer {
            from: s.states[buyer].id,
            to: s.states[target].id,
            amount: 1.0,
        };
        events::apply(&mut one, &offer, span)?;
        (1.0, theory::landscape(&one, &model))
    };
    let too_large = |e: engine::EngineError| {
        Diag::error(codes::TOO_LARGE, span, e.to_string()).label("too many configurations")
    };
    // What keeping the two apart saves on the partners' landscape: the least energy
    // with them together minus the least with them apart.
    let gap = if l.neutral {
        let (gap, exact) = neutral_gap(ev, &l, s, target, buyer).map_err(too_large)?;
        answer.exact &= exact;
        match gap {
            Ok(gap) => gap,
            Err(reason) => {
                answer.reason = Some(reason);
                return Ok(answer);
            }
        }
    } else {
        let (together, ex1) = constrained_min(ev, &l, target, buyer, false).map_err(too_large)?;
        let (apart, ex2) = constrained_min(ev, &l, target, buyer, true).map_err(too_large)?;
        answer.exact &= ex1 && ex2;
        together - apart
    };
    let w_aid = model.weight(ModelKind::Aid);
    let price = if w_aid > 0.0 {
        // Each unit of aid from the buyer raises the energy of every configuration that
        // keeps the two apart by κ (E counts the pair twice; aid enters p at half).
        let kappa = l.sizes[target] * l.sizes[buyer] * w_aid * theory::AID_UNIT;
        // Never below the offer already made; an offer that makes them partners is
        // above 0.
        (base + gap / kappa).max(if partners { current } else { 0.0 })
    } else if !partners && gap < -engine::eps(&l) {
        // The amount weighs nothing, but becoming partners moves the target.
        0.0
    } else {
        answer.reason = Some(format!(
            "the model ({}) gives aid no weight, so no offer moves {tname} (an offer only ends the latent threat between them, and that is not enough); add `aid` to the model, e.g. `model {}, aid 1`",
            model.describe(),
            model.describe()
        ));
        return Ok(answer);
    };
    answer.price = Some(price);
    // The cascade: who else stands with the buyer just past the price.
    let mut bought = (**s).clone();
    let past = if price > 0.0 {
        price * (1.0 + 1e-6)
    } else {
        1e-9
    };
    let offer = Event::Offer {
        from: s.states[buyer].id,
        to: s.states[target].id,
        amount: past,
    };
    events::apply(&mut bought, &offer, span)?;
    let after = solve_new(ev, bought, &model, span)?;
    let with_buyer =
        |sv: &Solved, i: usize| sv.bloc_of(i).is_some() && sv.bloc_of(i) == sv.bloc_of(buyer);
    answer.cascade = (0..s.states.len())
        .filter(|&i| i != target && i != buyer && !with_buyer(&before, i) && with_buyer(&after, i))
        .map(|i| s.states[i].name.clone())
        .collect();
    Ok(answer)
}
