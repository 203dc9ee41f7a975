//! A solution read as blocs of named states: the alignment every answer starts from.

use serde::Serialize;

use crate::model::Scenario;

#[derive(Clone, Debug, Serialize)]
pub struct Bloc {
    pub name: String,
    pub members: Vec<String>,
    pub power: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Alignment {
    pub model: String,
    /// The least energy is proven (by enumeration or the branch-and-bound).
    pub exact: bool,
    /// When not proven: how far above the least energy this one can be, in percent of
    /// it, from the branch-and-bound's proven bound (absent without one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap_percent: Option<f64>,
    /// When not proven: the proven lower bound on the least energy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bound: Option<f64>,
    pub energy: f64,
    pub blocs: Vec<Bloc>,
    /// The states that stay out of every bloc (`blocs N, neutral`), in declaration
    /// order; empty without neutrality.
    pub neutral: Vec<String>,
    pub indifferent: Vec<String>,
    /// How many stable alignments share the least energy (1 when the prediction is
    /// unique).
    pub ties: usize,
}

impl Alignment {
    /// The strongest bloc's power over the weakest's; `None` with fewer than two blocs.
    pub fn power_ratio(&self) -> Option<f64> {
        if self.blocs.len() < 2 {
            return None;
        }
        let max = self.blocs.iter().map(|b| b.power).fold(f64::MIN, f64::max);
        let min = self.blocs.iter().map(|b| b.power).fold(f64::MAX, f64::min);
        Some(max / min)
    }
}

/// Below this power ratio between the strongest and the weakest bloc the balance is
/// "fairly even"; at or above it, "overwhelming".
pub const EVEN_RATIO: f64 = 2.0;

pub(crate) fn clean(v: f64) -> f64 {
    if v == 0.0 { 0.0 } else { v }
}

pub(crate) fn names(s: &Scenario, idx: &[usize]) -> Vec<String> {
    idx.iter().map(|&i| s.states[i].name.clone()).collect()
}

/// The most powerful member of bloc `label`, leaving out the states of `left_out` (the
/// indifferent and the neutral ones).
pub(crate) fn bloc_name(
    s: &Scenario,
    assignment: &[u8],
    left_out: &[usize],
    label: u8,
) -> Option<String> {
    let mut best: Option<usize> = None;
    for (i, &b) in assignment.iter().enumerate() {
        if b == label
            && !left_out.contains(&i)
            && best.is_none_or(|k| s.states[i].power > s.states[k].power)
        {
            best = Some(i);
        }
    }
    best.map(|i| s.states[i].name.clone())
}

/// Blocs in order of their first declared member; the states of `left_out` (the
/// indifferent and the neutral ones) are left out.
pub fn blocs(s: &Scenario, assignment: &[u8], left_out: &[usize]) -> Vec<Bloc> {
    let mut order: Vec<u8> = Vec::new();
    for (i, &b) in assignment.iter().enumerate() {
        if !left_out.contains(&i) && !order.contains(&b) {
            order.push(b);
        }
    }
    order
        .into_iter()
        .filter_map(|label| {
            let members: Vec<usize> = (0..assignment.len())
                .filter(|&i| assignment[i] == label && !left_out.contains(&i))
                .collect();
            let name = bloc_name(s, assignment, left_out, label)?;
            Some(Bloc {
                name,
                power: members.iter().map(|&i| s.states[i].power).sum(),
                members: names(s, &members),
            })
        })
        .collect()
}
