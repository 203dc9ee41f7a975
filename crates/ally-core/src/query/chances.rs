//! The questions about chances (SPEC §1.2): the snapshot drawn by [`crate::chance`], each
//! draw solved, the shares read by [`crate::chance::answers`].

use super::{Answer, Evaluator};
use crate::chance::answers::{self, Sampling};
use crate::chance::{self, Drawn, Plan};
use crate::diagnostics::Diag;
use crate::model::check::Item;
use crate::solve::engine_diag;

/// `how likely is A with B?`
pub fn likely_with(ev: &mut Evaluator, item: &Item, a: usize, b: usize) -> Result<Answer, Diag> {
    solved(ev, item, |plan, sampling, drawn, _| {
        Answer::Likelihood(answers::likely_with(plan.base, a, b, drawn, sampling))
    })
}

/// `chances of alignments?`
pub fn alignments(ev: &mut Evaluator, item: &Item) -> Result<Answer, Diag> {
    solved(ev, item, |plan, sampling, drawn, _| {
        Answer::Chances(answers::chances(plan.base, drawn, sampling))
    })
}

/// `what decides A?`
pub fn decides(ev: &mut Evaluator, item: &Item, me: usize) -> Result<Answer, Diag> {
    let seed = item.scenario.seed;
    solved(ev, item, |plan, sampling, drawn, middle| {
        Answer::Decides(answers::decides(plan, seed, me, middle, drawn, sampling))
    })
}

/// Draws the snapshot, solves every draw and builds the answer from the plan, how the
/// draws were made, the draws and the prediction at the middle of every range.
fn solved(
    ev: &mut Evaluator,
    item: &Item,
    build: impl FnOnce(&Plan, Sampling, &[Drawn], &Drawn) -> Answer,
) -> Result<Answer, Diag> {
    let s = &item.scenario;
    let model = ev.model_for(s);
    // The middle first: it refuses what cannot be solved (no states, too many) as every
    // question does, and `what decides` reads the partners from it.
    let mid = ev.solve(s, &model, item.span)?;
    let middle = Drawn {
        assignment: mid.solution.best.assignment.clone(),
        indifferent: mid.solution.indifferent.clone(),
        tied: false,
        exact: mid.solution.exact,
    };
    let plan = Plan::new(s, &model, true);
    let limits = chance::draw_limits(&ev.limits);
    let drawn = chance::each_draw(&plan, s.seed, s.draws, &limits, |w| {
        chance::solve(w, &limits)
    })
    .map_err(|e| engine_diag(e, item.span))?;
    let sampling = Sampling::new(Some(model.describe()), s.seed, plan.inputs.len(), &drawn);
    Ok(build(&plan, sampling, &drawn, &middle))
}

/// `how likely is A deterred from B?`: the verdict of `would A attack B?` in every draw
/// (it reads powers, alliances and reliabilities, not the alignment: nothing is solved).
pub fn likely_deterred(
    ev: &mut Evaluator,
    item: &Item,
    attacker: usize,
    target: usize,
) -> Result<Answer, Diag> {
    let s = &item.scenario;
    let model = ev.model_for(s);
    let plan = Plan::new(s, &model, false);
    let limits = chance::draw_limits(&ev.limits);
    let verdicts = chance::each_draw(&plan, s.seed, s.draws, &limits, |w| {
        Ok(crate::dynamics::deterrence(&w.scenario, attacker, target).deterred)
    })
    .map_err(|e| engine_diag(e, item.span))?;
    let sampling = Sampling::new(None, s.seed, plan.inputs.len(), &[]);
    let sampling = Sampling {
        draws: verdicts.len(),
        ..sampling
    };
    Ok(Answer::Likelihood(answers::likely_deterred(
        s, attacker, target, &verdicts, sampling,
    )))
}
