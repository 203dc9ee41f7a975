//! What a draw changes, found once per question: where each uncertain number lives in the
//! scenario ([`Target`]) and which propensities read it, so that a draw rewrites those
//! numbers and those cells of the landscape and nothing else — no scenario is rebuilt
//! and no other pair recomputed. `tests/integration/chance.rs` checks that a draw's
//! landscape equals the one the theory builds from the drawn scenario, cell for cell.

use super::random::SplitMix64;
use crate::engine::Landscape;
use crate::model::uncertain::{Target, Uncertain};
use crate::model::{Model, Scenario};
use crate::theory;

/// The uncertain inputs of one snapshot under one model, ready to draw.
pub struct Plan<'a> {
    pub base: &'a Scenario,
    pub model: &'a Model,
    /// The inputs a draw varies (ranges of positive width), in the order written.
    pub inputs: Vec<Uncertain>,
    /// Where each of them lives in `base` (`None`: nowhere now, e.g. a state gone).
    targets: Vec<Option<Target>>,
    /// The pairs `(i, j)`, `i < j`, whose propensity may change.
    pairs: Vec<(usize, usize)>,
    /// The states whose size may change.
    sized: Vec<usize>,
    /// The landscape at the middle of every range.
    landscape: Landscape,
    /// Whether draws are solved: else their landscape is not kept up to date.
    solves: bool,
}

impl<'a> Plan<'a> {
    /// The plan of `base` under `model`; `solves` says whether draws are solved (and so
    /// need a landscape) or only read (deterrence).
    pub fn new(base: &'a Scenario, model: &'a Model, solves: bool) -> Self {
        let inputs: Vec<Uncertain> = base.varied().cloned().collect();
        let targets: Vec<Option<Target>> =
            inputs.iter().map(|u| Target::of(base, u.slot)).collect();
        let mut pairs = Vec::new();
        let mut sized = Vec::new();
        for t in targets.iter().flatten() {
            t.pairs(base, &mut pairs);
            if let Target::Power(i) = t {
                sized.push(*i);
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        sized.sort_unstable();
        sized.dedup();
        Plan {
            base,
            model,
            inputs,
            targets,
            pairs,
            sized,
            landscape: theory::landscape(base, model),
            solves,
        }
    }

    /// The numbers of draw `d` under `seed`, one per input: each uniform on its range,
    /// from the draw's own stream, in the order the inputs are written.
    pub fn values(&self, seed: u64, d: u64, out: &mut Vec<f64>) {
        let mut rng = SplitMix64::for_trial(seed, d);
        out.clear();
        out.extend(
            self.inputs
                .iter()
                .map(|u| u.at(rng.unit()).clamp(u.low, u.high)),
        );
    }

    /// A worker: its own copy of the scenario and of the landscape, rewritten by each
    /// draw it makes.
    pub fn worker(&self) -> Worker<'_> {
        Worker {
            plan: self,
            scenario: self.base.clone(),
            landscape: self.landscape.clone(),
            values: Vec::with_capacity(self.inputs.len()),
        }
    }
}

/// One thread's copies, rewritten draw after draw.
pub struct Worker<'p> {
    plan: &'p Plan<'p>,
    pub scenario: Scenario,
    /// Kept up to date only when the plan solves.
    pub landscape: Landscape,
    /// The numbers of the last draw, one per input.
    pub values: Vec<f64>,
}

impl Worker<'_> {
    /// Puts the numbers of draw `d` into the scenario and, when the plan solves, into
    /// the landscape: the sizes and propensities that read them, recomputed by the
    /// theory from the drawn scenario. Every draw writes every input, so nothing of the
    /// draw before is left.
    pub fn draw(&mut self, seed: u64, d: u64) {
        let plan = self.plan;
        plan.values(seed, d, &mut self.values);
        for (t, &v) in plan.targets.iter().zip(&self.values) {
            if let Some(t) = t {
                t.write(&mut self.scenario, v);
            }
        }
        if !plan.solves {
            return;
        }
        let l = &mut self.landscape;
        let n = l.sizes.len();
        for &i in &plan.sized {
            l.sizes[i] = self.scenario.states[i].power;
        }
        for &(i, j) in &plan.pairs {
            let p = theory::propensity(&self.scenario, plan.model, i, j);
            l.propensity[i * n + j] = p;
            l.propensity[j * n + i] = p;
        }
    }
}
