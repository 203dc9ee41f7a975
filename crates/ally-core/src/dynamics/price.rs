//! `price of X for Y?`: the least offer that puts the target in the buyer's bloc,
//! exact, by folding the pair into one state (two blocs) or, with neutrality, by
//! moving the configurations that keep the two apart (`neutral_gap`).

use std::sync::Arc;

use serde::Serialize;

use super::{events, solve_new};
use crate::diagnostics::{Diag, codes};
use crate::engine::{self, Landscape};
use crate::model::{Event, ModelKind, Scenario};
use crate::solve::{Evaluator, Solved};
use crate::span::Span;
use crate::theory;

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
/// apart one is found by lowering the apart ones below every other. `known` is `l`'s
/// solution when the caller has it (the prediction itself, when the two are partners
/// already), so it is not solved again.
fn neutral_gap(
    ev: &Evaluator,
    l: &Landscape,
    known: Option<&engine::Solution>,
    names: &Scenario,
    x: usize,
    y: usize,
) -> Result<(Result<f64, String>, bool), engine::EngineError> {
    // Only the least energy is used: no basins.
    let limits = engine::Limits {
        basins: false,
        ..ev.limits.clone()
    };
    let solved;
    let first = match known {
        Some(sol) => sol,
        None => {
            solved = engine::solve(l, &limits)?;
            &solved
        }
    };
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
        let (gap, exact) = neutral_gap(
            ev,
            &l,
            partners.then_some(&before.solution).filter(|sol| sol.exact),
            s,
            target,
            buyer,
        )
        .map_err(too_large)?;
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
