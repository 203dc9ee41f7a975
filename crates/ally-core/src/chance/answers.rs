//! The answers about chances, read from the draws ([`super::Drawn`]):
//!
//! * `how likely is A with B?` — the share of draws whose predicted alignment puts A and
//!   B in one bloc (a draw in which either is indifferent counts as not together), with
//!   its 95 % Wilson interval;
//! * `how likely is A deterred from B?` — the share of draws in which `would A attack
//!   B?` says deterred;
//! * `chances of alignments?` — the distinct predicted alignments with their shares,
//!   most likely first (ties: the one drawn first), at most [`MAX_LISTED`], the rest
//!   summed;
//! * `what decides A?` — for each uncertain input, the share of draws in which A stands
//!   with all of its partners (its bloc-mates at the middle of every range) among the
//!   draws that put the input in the upper half of its range, minus the same share in
//!   the lower half; inputs ranked by the size of that difference.

use serde::Serialize;

use super::stats::{difference_margin, share, wilson};
use super::{Drawn, Plan};
use crate::model::Scenario;
use crate::solve::blocs;

/// The most alignments `chances of alignments?` lists, and the most inputs `what decides
/// A?` ranks; the others are summed.
pub const MAX_LISTED: usize = 20;

/// How the draws were made, given with every answer about chances.
#[derive(Clone, Debug, Serialize)]
pub struct Sampling {
    /// The model each draw is solved under; absent when draws are not solved
    /// (deterrence reads powers and alliances only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    pub draws: usize,
    pub seed: u64,
    /// The uncertain inputs the draws vary (ranges of positive width).
    pub uncertain_inputs: usize,
    /// Draws in which another alignment had the same least energy; the engine's
    /// prediction (the first in canonical order) is the one counted.
    pub tied: usize,
    /// Draws whose least energy the engine could not prove.
    pub approximate: usize,
}

impl Sampling {
    pub fn new(model: Option<String>, seed: u64, inputs: usize, drawn: &[Drawn]) -> Self {
        Sampling {
            model,
            draws: drawn.len(),
            seed,
            uncertain_inputs: inputs,
            tied: drawn.iter().filter(|d| d.tied).count(),
            approximate: drawn.iter().filter(|d| !d.exact).count(),
        }
    }
}

/// A share of the draws with its 95 % interval. Without uncertain inputs every draw is
/// the same and the interval is the share itself.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Share {
    pub probability: f64,
    pub low: f64,
    pub high: f64,
    /// The draws it counts.
    pub count: usize,
}

impl Share {
    pub fn of(count: usize, draws: usize, inputs: usize) -> Self {
        let probability = share(count, draws);
        let (low, high) = if inputs == 0 {
            (probability, probability)
        } else {
            wilson(count, draws)
        };
        Share {
            probability,
            low,
            high,
            count,
        }
    }
}

/// `how likely is A with B?` and `how likely is A deterred from B?`.
#[derive(Clone, Debug, Serialize)]
pub struct Likelihood {
    /// What is counted, in words: `Italy with Germany`, `Germany deterred from France`.
    pub event: String,
    pub states: [String; 2],
    #[serde(flatten)]
    pub share: Share,
    /// Draws in which either state was indifferent, counted as not together (with).
    pub indifferent: usize,
    #[serde(flatten)]
    pub sampling: Sampling,
}

/// `how likely is A with B?` from the draws.
pub fn likely_with(
    s: &Scenario,
    a: usize,
    b: usize,
    drawn: &[Drawn],
    sampling: Sampling,
) -> Likelihood {
    let count = drawn.iter().filter(|d| d.together(a, b)).count();
    let indifferent = drawn
        .iter()
        .filter(|d| d.indifferent.contains(&a) || d.indifferent.contains(&b))
        .count();
    let (na, nb) = (s.states[a].name.clone(), s.states[b].name.clone());
    Likelihood {
        event: format!("{na} with {nb}"),
        states: [na, nb],
        share: Share::of(count, drawn.len(), sampling.uncertain_inputs),
        indifferent,
        sampling,
    }
}

/// `how likely is A deterred from B?` from each draw's verdict.
pub fn likely_deterred(
    s: &Scenario,
    attacker: usize,
    target: usize,
    deterred: &[bool],
    sampling: Sampling,
) -> Likelihood {
    let count = deterred.iter().filter(|&&d| d).count();
    let (na, nb) = (
        s.states[attacker].name.clone(),
        s.states[target].name.clone(),
    );
    Likelihood {
        event: format!("{na} deterred from {nb}"),
        states: [na, nb],
        share: Share::of(count, deterred.len(), sampling.uncertain_inputs),
        indifferent: 0,
        sampling,
    }
}

/// One bloc of an alignment drawn: named after its most powerful member at the middle of
/// every range.
#[derive(Clone, Debug, Serialize)]
pub struct ChanceBloc {
    pub name: String,
    pub members: Vec<String>,
}

/// One distinct predicted alignment and how often it was drawn.
#[derive(Clone, Debug, Serialize)]
pub struct AlignmentChance {
    pub blocs: Vec<ChanceBloc>,
    pub indifferent: Vec<String>,
    #[serde(flatten)]
    pub share: Share,
}

/// The alignments past the listed ones.
#[derive(Clone, Debug, Serialize)]
pub struct Others {
    /// How many distinct alignments.
    pub alignments: usize,
    #[serde(flatten)]
    pub share: Share,
}

/// `chances of alignments?`
#[derive(Clone, Debug, Serialize)]
pub struct Chances {
    /// Distinct predicted alignments, most likely first.
    pub alignments: Vec<AlignmentChance>,
    /// How many distinct alignments were drawn in all.
    pub distinct: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub others: Option<Others>,
    #[serde(flatten)]
    pub sampling: Sampling,
}

/// A draw's alignment as a key: indifferent states apart (`u8::MAX`), the others
/// labelled in order of first appearance, so one partition has one key.
fn key(d: &Drawn) -> Vec<u8> {
    let mut map: Vec<(u8, u8)> = Vec::new();
    d.assignment
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if d.indifferent.contains(&i) {
                return u8::MAX;
            }
            match map.iter().find(|(from, _)| *from == b) {
                Some(&(_, to)) => to,
                None => {
                    let to = u8::try_from(map.len()).unwrap_or(u8::MAX - 1);
                    map.push((b, to));
                    to
                }
            }
        })
        .collect()
}

/// `chances of alignments?` from the draws.
pub fn chances(s: &Scenario, drawn: &[Drawn], sampling: Sampling) -> Chances {
    // (key, first draw, count), in order of first appearance.
    let mut seen: Vec<(Vec<u8>, usize, usize)> = Vec::new();
    let mut index: std::collections::HashMap<Vec<u8>, usize> = std::collections::HashMap::new();
    for (d, drawn_one) in drawn.iter().enumerate() {
        let k = key(drawn_one);
        match index.get(&k) {
            Some(&at) => seen[at].2 += 1,
            None => {
                index.insert(k.clone(), seen.len());
                seen.push((k, d, 1));
            }
        }
    }
    seen.sort_by(|x, y| y.2.cmp(&x.2).then(x.1.cmp(&y.1)));
    let n = drawn.len();
    let inputs = sampling.uncertain_inputs;
    let alignments = seen
        .iter()
        .take(MAX_LISTED)
        .map(|(_, first, count)| {
            let d = &drawn[*first];
            AlignmentChance {
                blocs: blocs(s, &d.assignment, &d.indifferent)
                    .into_iter()
                    .map(|b| ChanceBloc {
                        name: b.name,
                        members: b.members,
                    })
                    .collect(),
                indifferent: d
                    .indifferent
                    .iter()
                    .map(|&i| s.states[i].name.clone())
                    .collect(),
                share: Share::of(*count, n, inputs),
            }
        })
        .collect();
    let rest: usize = seen.iter().skip(MAX_LISTED).map(|x| x.2).sum();
    let others = (seen.len() > MAX_LISTED).then(|| Others {
        alignments: seen.len() - MAX_LISTED,
        share: Share::of(rest, n, inputs),
    });
    Chances {
        alignments,
        distinct: seen.len(),
        others,
        sampling,
    }
}

/// How much one uncertain input moves a state's side.
#[derive(Clone, Debug, Serialize)]
pub struct Influence {
    /// The input as a file writes it: `threat Russia -> Austria-Hungary`.
    pub input: String,
    /// Its range.
    pub from: f64,
    pub to: f64,
    /// The share of draws with the state beside its partners, among the draws that put
    /// the input below the middle of its range, and among those at or above it.
    pub lower: f64,
    pub upper: f64,
    pub lower_draws: usize,
    pub upper_draws: usize,
    /// `upper − lower`: positive when a higher value keeps the state with its partners.
    pub difference: f64,
    /// Half the 95 % interval of the difference: a smaller difference may be noise.
    pub margin: f64,
}

/// `what decides A?`
#[derive(Clone, Debug, Serialize)]
pub struct Decides {
    pub state: String,
    /// Its bloc-mates in the predicted alignment at the middle of every range.
    pub partners: Vec<String>,
    /// The share of all draws with the state beside every partner (with no partner:
    /// alone in its bloc, not indifferent).
    #[serde(flatten)]
    pub share: Share,
    /// The inputs, the largest difference first (ties: in the order written); at most
    /// [`MAX_LISTED`].
    pub inputs: Vec<Influence>,
    /// Inputs past those listed.
    pub more: usize,
    #[serde(flatten)]
    pub sampling: Sampling,
}

/// Whether `me` stands with its partners in a draw: in one bloc with every one of them,
/// or, when it has none, decided and alone.
fn beside(d: &Drawn, me: usize, partners: &[usize]) -> bool {
    if partners.is_empty() {
        !d.indifferent.contains(&me)
            && (0..d.assignment.len()).all(|j| j == me || !d.together(me, j))
    } else {
        partners.iter().all(|&p| d.together(me, p))
    }
}

/// `what decides A?` from the draws: `middle` is the prediction at the middle of every
/// range, `seed` the draws' seed (each draw's numbers are drawn again from it, in
/// draw order, rather than kept).
pub fn decides(
    plan: &Plan,
    seed: u64,
    me: usize,
    middle: &Drawn,
    drawn: &[Drawn],
    sampling: Sampling,
) -> Decides {
    let s = plan.base;
    let own = middle.assignment.get(me).copied();
    let partners: Vec<usize> = (0..middle.assignment.len())
        .filter(|&j| j != me && !middle.indifferent.contains(&j))
        .filter(|&j| Some(middle.assignment[j]) == own)
        .collect();
    let k = plan.inputs.len();
    // Per input: [lower draws, lower beside, upper draws, upper beside].
    let mut tally = vec![[0usize; 4]; k];
    let mut values = Vec::with_capacity(k);
    let mut hits = 0;
    for (d, one) in drawn.iter().enumerate() {
        let hit = beside(one, me, &partners);
        hits += usize::from(hit);
        plan.values(seed, d as u64, &mut values);
        for (t, (u, &v)) in tally.iter_mut().zip(plan.inputs.iter().zip(&values)) {
            let half = if v < u.mid() { 0 } else { 2 };
            t[half] += 1;
            t[half + 1] += usize::from(hit);
        }
    }
    let mut inputs: Vec<(usize, Influence)> = plan
        .inputs
        .iter()
        .zip(&tally)
        .enumerate()
        .map(|(i, (u, t))| {
            let (lower, upper) = (share(t[1], t[0]), share(t[3], t[2]));
            (
                i,
                Influence {
                    input: u.slot.describe(s),
                    from: u.low,
                    to: u.high,
                    lower,
                    upper,
                    lower_draws: t[0],
                    upper_draws: t[2],
                    difference: upper - lower,
                    margin: difference_margin(t[1], t[0], t[3], t[2]),
                },
            )
        })
        .collect();
    inputs.sort_by(|(i, x), (j, y)| {
        y.difference
            .abs()
            .total_cmp(&x.difference.abs())
            .then(i.cmp(j))
    });
    let more = inputs.len().saturating_sub(MAX_LISTED);
    Decides {
        state: s.states[me].name.clone(),
        partners: partners.iter().map(|&j| s.states[j].name.clone()).collect(),
        share: Share::of(hits, drawn.len(), sampling.uncertain_inputs),
        inputs: inputs
            .into_iter()
            .take(MAX_LISTED)
            .map(|(_, x)| x)
            .collect(),
        more,
        sampling,
    }
}
