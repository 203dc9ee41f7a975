//! One function per query kind, each returning plain data; rendering is separate.

pub mod expect;

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::diagnostics::{Diag, codes};
use crate::engine::{self, Limits, Solution};
use crate::model::check::Item;
use crate::model::{Model, ModelKind, Scenario};
use crate::span::Span;
use crate::syntax::ast::{Name, QueryKind};
use crate::theory;

/// Above this many states the dense propensity matrix alone would take too much memory;
/// alignment queries are refused with a clear message instead.
pub const MAX_STATES: usize = 5000;

#[derive(Clone, Debug, Serialize)]
pub struct Bloc {
    pub name: String,
    pub members: Vec<String>,
    pub power: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Alignment {
    pub model: String,
    pub exact: bool,
    pub energy: f64,
    pub blocs: Vec<Bloc>,
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

#[derive(Clone, Debug, Serialize)]
pub struct Side {
    pub state: String,
    pub model: String,
    pub exact: bool,
    /// The bloc the state is in, or `None` when it is indifferent.
    pub bloc: Option<String>,
    pub indifferent: bool,
    pub states: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct WhyTerm {
    pub with: String,
    pub source: &'static str,
    pub reason: String,
    pub propensity: f64,
    /// Energy this term adds if the state leaves its bloc: positive holds it in place.
    pub hold: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Why {
    pub state: String,
    pub model: String,
    pub exact: bool,
    pub bloc: Option<String>,
    pub indifferent: bool,
    /// The least energy the state's best move to another bloc would add (0: indifferent).
    pub cost_of_leaving: f64,
    pub terms: Vec<WhyTerm>,
    /// Sum of `hold` over the terms, by source.
    pub by_source: Vec<(String, f64)>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ThreatRow {
    pub from: String,
    pub power: f64,
    pub proximity: f64,
    pub offense: f64,
    pub intent: f64,
    pub declared: bool,
    /// Walt's product, `power · proximity · offense · intent`.
    pub threat: f64,
    /// The weight the energy gives this threat: `|σ| · s_X · threat`, how much lower the
    /// energy is with the two apart (X balances) or together (X bandwagons) because of
    /// it. For one X it ranks the threats exactly as `threat` does.
    pub weight: f64,
    /// How X answers the threat under the model: `balancing`, `bandwagoning` or `none`.
    pub response: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub struct Threats {
    pub state: String,
    pub threats: Vec<ThreatRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StableAlignment {
    pub blocs: Vec<Bloc>,
    pub indifferent: Vec<String>,
    /// Where each indifferent state sits in this configuration: the bloc it shares, or
    /// `None` when it is alone; this is what tells apart alignments that tie.
    pub placement: Vec<(String, Option<String>)>,
    pub energy: f64,
    pub basin: f64,
    pub basin_count: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Stable {
    pub model: String,
    pub exact: bool,
    /// Configurations examined (exact) or descents run (heuristic): the basins'
    /// denominator.
    pub configurations: u64,
    /// Stable alignments found; only the lowest [`engine::MAX_STABLE_REPORTED`] are listed.
    pub total: u64,
    pub alignments: Vec<StableAlignment>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CompareRow {
    pub state: String,
    /// The bloc (named after its most powerful member) under each model, in the order
    /// of `models`; `None` where the state is indifferent.
    pub blocs: Vec<Option<String>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Compare {
    pub models: Vec<String>,
    pub exact: bool,
    pub rows: Vec<CompareRow>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Balance {
    pub model: String,
    pub exact: bool,
    pub blocs: Vec<Bloc>,
    /// Strongest bloc's power over the weakest's; `None` with fewer than two blocs.
    pub ratio: Option<f64>,
    pub verdict: &'static str,
}

/// Below this power ratio between the strongest and the weakest bloc the balance is
/// "fairly even"; at or above it, "overwhelming".
pub const EVEN_RATIO: f64 = 2.0;

#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum Answer {
    Alignment(Alignment),
    Side(Side),
    Why(Why),
    Threats(Threats),
    Stable(Stable),
    Compare(Compare),
    Balance(Balance),
    Equilibria(crate::games::Equilibria),
    Dominance(crate::games::Dominance),
    BestResponses(crate::games::BestResponses),
    WhatIf(Box<crate::dynamics::WhatIf>),
    Timeline(crate::dynamics::Timeline),
    Price(crate::dynamics::Price),
    Deterrence(crate::dynamics::Deterrence),
}

/// A solved landscape for one scenario snapshot and model.
pub struct Solved {
    pub scenario: Arc<Scenario>,
    pub model: Model,
    pub landscape: engine::Landscape,
    pub solution: Solution,
}

impl Solved {
    pub fn bloc_of(&self, state: usize) -> Option<u8> {
        if self.solution.indifferent.contains(&state) {
            None
        } else {
            self.solution.best.assignment.get(state).copied()
        }
    }

    pub fn alignment(&self) -> Alignment {
        let blocs = blocs(
            &self.scenario,
            &self.solution.best.assignment,
            &self.solution.indifferent,
        );
        let eps = engine::eps(&self.landscape);
        let ties = self
            .solution
            .stable
            .iter()
            .filter(|st| (st.alignment.energy - self.solution.best.energy).abs() <= eps)
            .count()
            .max(1);
        Alignment {
            model: self.model.describe(),
            exact: self.solution.exact,
            energy: clean(self.solution.best.energy),
            blocs,
            indifferent: names(&self.scenario, &self.solution.indifferent),
            ties,
        }
    }

    pub fn bloc_name(&self, state: usize) -> Option<String> {
        let label = self.bloc_of(state)?;
        bloc_name(
            &self.scenario,
            &self.solution.best.assignment,
            &self.solution.indifferent,
            label,
        )
    }
}

fn clean(v: f64) -> f64 {
    if v == 0.0 { 0.0 } else { v }
}

fn names(s: &Scenario, idx: &[usize]) -> Vec<String> {
    idx.iter().map(|&i| s.states[i].name.clone()).collect()
}

fn bloc_name(s: &Scenario, assignment: &[u8], indifferent: &[usize], label: u8) -> Option<String> {
    let mut best: Option<usize> = None;
    for (i, &b) in assignment.iter().enumerate() {
        if b == label
            && !indifferent.contains(&i)
            && best.is_none_or(|k| s.states[i].power > s.states[k].power)
        {
            best = Some(i);
        }
    }
    best.map(|i| s.states[i].name.clone())
}

/// Blocs in order of their first declared member; indifferent states are left out.
pub fn blocs(s: &Scenario, assignment: &[u8], indifferent: &[usize]) -> Vec<Bloc> {
    let mut order: Vec<u8> = Vec::new();
    for (i, &b) in assignment.iter().enumerate() {
        if !indifferent.contains(&i) && !order.contains(&b) {
            order.push(b);
        }
    }
    order
        .into_iter()
        .filter_map(|label| {
            let members: Vec<usize> = (0..assignment.len())
                .filter(|&i| assignment[i] == label && !indifferent.contains(&i))
                .collect();
            let name = bloc_name(s, assignment, indifferent, label)?;
            Some(Bloc {
                name,
                power: members.iter().map(|&i| s.states[i].power).sum(),
                members: names(s, &members),
            })
        })
        .collect()
}

/// Answers queries, reusing a solved landscape across queries that see the same
/// scenario under the same model.
#[derive(Default)]
pub struct Evaluator {
    cache: HashMap<(usize, String), Arc<Solved>>,
    /// `--model` from the command line, overriding the file's model.
    pub model_override: Option<Model>,
    pub limits: Limits,
}

impl Evaluator {
    pub fn new(model_override: Option<Model>) -> Self {
        Evaluator {
            model_override,
            ..Default::default()
        }
    }

    pub fn model_for(&self, s: &Scenario) -> Model {
        self.model_override
            .clone()
            .unwrap_or_else(|| s.model.clone())
    }

    pub fn solve(
        &mut self,
        s: &Arc<Scenario>,
        model: &Model,
        span: Span,
    ) -> Result<Arc<Solved>, Diag> {
        let key = (Arc::as_ptr(s) as usize, model.describe());
        if let Some(hit) = self.cache.get(&key)
            && Arc::ptr_eq(&hit.scenario, s)
        {
            return Ok(hit.clone());
        }
        if s.states.is_empty() {
            return Err(
                Diag::error(codes::NO_STATES, span, "there are no states to align yet")
                    .label("asked before any state is declared")
                    .help("declare states first, e.g. `state France { power 0.1 }`"),
            );
        }
        if s.states.len() > MAX_STATES {
            return Err(Diag::error(
                codes::TOO_LARGE,
                span,
                format!(
                    "{} states are too many to align (the limit is {MAX_STATES})",
                    s.states.len()
                ),
            )
            .label("too large")
            .help(
                "split the scenario into regions, or keep the states that matter to the question",
            ));
        }
        let landscape = theory::landscape(s, model);
        let solution = engine::solve(&landscape, &self.limits).map_err(|e| {
            Diag::error(codes::TOO_LARGE, span, e.to_string())
                .label("too many configurations")
                .help("use fewer blocs (`blocs 2`) or fewer states")
        })?;
        let solved = Arc::new(Solved {
            scenario: s.clone(),
            model: model.clone(),
            landscape,
            solution,
        });
        self.cache.insert(key, solved.clone());
        Ok(solved)
    }

    /// Answers one query item; `Err` is a diagnostic to print in its place.
    pub fn answer(&mut self, item: &Item, kind: &QueryKind) -> Result<Answer, Diag> {
        let s = &item.scenario;
        let model = self.model_for(s);
        let idx = |n: &Name| s.state(&n.text).unwrap_or(0);
        match kind {
            QueryKind::WhoAllies => Ok(Answer::Alignment(
                self.solve(s, &model, item.span)?.alignment(),
            )),
            QueryKind::AlliesOf(n) | QueryKind::EnemiesOf(n) => {
                let solved = self.solve(s, &model, item.span)?;
                let me = idx(n);
                let allies = matches!(kind, QueryKind::AlliesOf(_));
                let mine = solved.bloc_of(me);
                let states = match mine {
                    None => Vec::new(),
                    Some(b) => (0..s.states.len())
                        .filter(|&j| j != me)
                        .filter(|&j| match solved.bloc_of(j) {
                            Some(c) => (c == b) == allies,
                            None => false,
                        })
                        .map(|j| s.states[j].name.clone())
                        .collect(),
                };
                Ok(Answer::Side(Side {
                    state: n.text.clone(),
                    model: model.describe(),
                    exact: solved.solution.exact,
                    bloc: solved.bloc_name(me),
                    indifferent: mine.is_none(),
                    states,
                }))
            }
            QueryKind::Why(n) => {
                let solved = self.solve(s, &model, item.span)?;
                Ok(Answer::Why(why(&solved, idx(n))))
            }
            QueryKind::ThreatsTo(n) | QueryKind::BiggestThreat(n) => {
                let mut rows = threats_to(s, &model, idx(n));
                if matches!(kind, QueryKind::BiggestThreat(_)) {
                    rows.truncate(1);
                }
                Ok(Answer::Threats(Threats {
                    state: n.text.clone(),
                    threats: rows,
                }))
            }
            QueryKind::Stable => {
                let solved = self.solve(s, &model, item.span)?;
                Ok(Answer::Stable(Stable {
                    model: model.describe(),
                    exact: solved.solution.exact,
                    configurations: solved.solution.configurations,
                    total: solved.solution.stable_total,
                    alignments: solved
                        .solution
                        .stable
                        .iter()
                        .map(|st| {
                            let ind =
                                engine::indifferent(&solved.landscape, &st.alignment.assignment);
                            let a = &st.alignment.assignment;
                            StableAlignment {
                                blocs: blocs(s, a, &ind),
                                indifferent: names(s, &ind),
                                placement: ind
                                    .iter()
                                    .map(|&i| {
                                        (s.states[i].name.clone(), bloc_name(s, a, &ind, a[i]))
                                    })
                                    .collect(),
                                energy: clean(st.alignment.energy),
                                basin: st.basin,
                                basin_count: st.basin_count,
                            }
                        })
                        .collect(),
                }))
            }
            QueryKind::Compare => {
                let mut models: Vec<Model> =
                    ModelKind::ALL.iter().map(|k| Model::single(*k)).collect();
                if !models.contains(&model) {
                    models.push(model.clone());
                }
                let mut solved = Vec::new();
                for m in &models {
                    solved.push(self.solve(s, m, item.span)?);
                }
                let rows = (0..s.states.len())
                    .map(|i| CompareRow {
                        state: s.states[i].name.clone(),
                        blocs: solved.iter().map(|sv| sv.bloc_name(i)).collect(),
                    })
                    .collect();
                Ok(Answer::Compare(Compare {
                    models: models.iter().map(Model::describe).collect(),
                    exact: solved.iter().all(|sv| sv.solution.exact),
                    rows,
                }))
            }
            QueryKind::Balance => {
                let solved = self.solve(s, &model, item.span)?;
                let alignment = solved.alignment();
                let ratio = alignment.power_ratio();
                let verdict = match ratio {
                    Some(r) if r < EVEN_RATIO => "fairly even",
                    _ => "overwhelming",
                };
                Ok(Answer::Balance(Balance {
                    model: model.describe(),
                    exact: solved.solution.exact,
                    blocs: alignment.blocs,
                    ratio,
                    verdict,
                }))
            }
            QueryKind::Equilibria(g) => {
                let game = game_of(s, g, item.span)?;
                crate::games::report::equilibria(&game)
                    .map(Answer::Equilibria)
                    .map_err(|e| game_too_large(&game, e, item.span))
            }
            QueryKind::Dominant(g) => Ok(Answer::Dominance(crate::games::report::dominance(
                &game_of(s, g, item.span)?,
            ))),
            QueryKind::BestResponses(g) => Ok(Answer::BestResponses(
                crate::games::report::best_responses(&game_of(s, g, item.span)?),
            )),
            QueryKind::WhatIf(event) => Ok(Answer::WhatIf(Box::new(crate::dynamics::what_if(
                self, s, event, item.span,
            )?))),
            QueryKind::Timeline => Ok(Answer::Timeline(crate::dynamics::timeline(
                self, s, item.span,
            )?)),
            QueryKind::Price { target, buyer } => Ok(Answer::Price(crate::dynamics::price(
                self,
                s,
                idx(target),
                idx(buyer),
                item.span,
            )?)),
            QueryKind::WouldAttack { attacker, target } => Ok(Answer::Deterrence(
                crate::dynamics::deterrence(s, idx(attacker), idx(target)),
            )),
        }
    }
}

/// The checked game a query names (the checker has already reported any mistake in it).
pub fn game_of(s: &Scenario, name: &Name, span: Span) -> Result<crate::games::Game, Diag> {
    let decl = s.games.iter().rev().find(|g| g.name.text == name.text);
    match decl.map(crate::games::build) {
        Some((Some(game), _)) => Ok(game),
        Some((None, mut diags)) if !diags.is_empty() => Err(diags.swap_remove(0)),
        _ => Err(Diag::error(
            codes::UNDECLARED_GAME,
            name.span,
            format!("game `{}` is never declared", name.text),
        )
        .label("unknown game")
        .help("declare it with `game NAME { … }`")
        .also(span, "asked here")),
    }
}

/// The refusal of a game too large to solve exactly.
fn game_too_large(g: &crate::games::Game, e: crate::games::nash::TooLarge, span: Span) -> Diag {
    use crate::games::nash::{MAX_BASES, MAX_PAIRS, TooLarge};
    let (m, n) = (g.strategies[0].len(), g.strategies[1].len());
    let message = match e {
        TooLarge::Bases(b) => format!(
            "game `{}` ({m} × {n}) is too large to find every equilibrium exactly: {b} bases to visit, the limit is {MAX_BASES}",
            g.name
        ),
        TooLarge::Pairs(p) => format!(
            "game `{}` has too many best-response vertices to match: {p} pairs, the limit is {MAX_PAIRS}",
            g.name
        ),
    };
    Diag::error(codes::TOO_LARGE, span, message)
        .label("too large to solve exactly")
        .help("11 × 11 is the largest square game solved in full; ask `best responses of G?` for the pure equilibria, or remove dominated strategies (`dominant strategies of G?`)")
}

/// Threats to `target` from every other state, greatest first (ties: declaration order),
/// each with the weight `model` gives it in the energy.
pub fn threats_to(s: &Scenario, model: &Model, target: usize) -> Vec<ThreatRow> {
    let mut rows: Vec<(usize, theory::Threat)> = (0..s.states.len())
        .filter(|&a| a != target)
        .map(|a| (a, theory::threat(s, a, target)))
        .collect();
    let (_, response) = theory::threat_response(model, s, target);
    rows.sort_by(|x, y| y.1.threat.total_cmp(&x.1.threat).then(x.0.cmp(&y.0)));
    rows.into_iter()
        .map(|(a, t)| ThreatRow {
            from: s.states[a].name.clone(),
            power: t.power,
            proximity: t.proximity,
            offense: t.offense,
            intent: t.intent,
            declared: t.declared,
            threat: t.threat,
            weight: theory::threat_weight(s, model, a, target),
            response,
        })
        .collect()
}

/// The forces that hold `me` in its bloc: for each other state and each term, the
/// energy it would add if `me` moved away (E counts each pair twice, hence the 2).
pub fn why(solved: &Solved, me: usize) -> Why {
    let s = &solved.scenario;
    let sizes = &solved.landscape.sizes;
    let assignment = &solved.solution.best.assignment;
    let mine = assignment.get(me).copied().unwrap_or(0);
    let mut terms = Vec::new();
    for j in 0..s.states.len() {
        if j == me {
            continue;
        }
        let same = assignment.get(j).copied() == Some(mine);
        let sign = if same { 1.0 } else { -1.0 };
        for t in theory::terms(s, &solved.model, me, j) {
            let hold = 2.0 * sizes[me] * sizes[j] * t.propensity * sign;
            terms.push(WhyTerm {
                with: s.states[j].name.clone(),
                source: t.source,
                reason: t.reason,
                propensity: t.propensity,
                hold,
            });
        }
    }
    terms.sort_by(|a, b| b.hold.total_cmp(&a.hold));
    let mut by_source: Vec<(String, f64)> = Vec::new();
    for t in &terms {
        match by_source.iter_mut().find(|(k, _)| k == t.source) {
            Some((_, v)) => *v += t.hold,
            None => by_source.push((t.source.to_string(), t.hold)),
        }
    }
    by_source.sort_by(|a, b| b.1.total_cmp(&a.1));
    let k = solved.landscape.blocs.max(2) as u8;
    let cost = (0..k)
        .filter(|&b| b != mine)
        .map(|b| engine::move_delta(&solved.landscape, assignment, me, b))
        .fold(f64::INFINITY, f64::min);
    let indifferent = solved.solution.indifferent.contains(&me);
    Why {
        state: s.states[me].name.clone(),
        model: solved.model.describe(),
        exact: solved.solution.exact,
        bloc: solved.bloc_name(me),
        indifferent,
        cost_of_leaving: if indifferent || !cost.is_finite() {
            0.0
        } else {
            cost
        },
        terms,
        by_source,
    }
}
