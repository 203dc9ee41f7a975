//! One function per query kind, each returning plain data; rendering is separate.

mod answer_key;
pub mod chances;
pub mod expect;
pub mod file;
pub mod moments;
pub mod number;
pub mod picture;
pub mod quantity;
pub mod trees;

use serde::Serialize;

use crate::diagnostics::{Diag, codes};
use crate::engine;
use crate::model::check::Item;
use crate::model::question::Question;
use crate::model::{Model, ModelKind, Scenario};
use crate::span::Span;
use crate::theory;

use crate::solve::alignment::{bloc_name, clean, names};
use crate::solve::neutral;
pub use crate::solve::{
    Alignment, Bloc, EVEN_RATIO, Evaluator, MAX_STATES, Solved, Why, WhyTerm, blocs, why,
};

#[derive(Clone, Debug, Serialize)]
pub struct Side {
    pub state: String,
    pub model: String,
    pub exact: bool,
    /// The bloc the state is in, or `None` when it is indifferent or neutral.
    pub bloc: Option<String>,
    pub indifferent: bool,
    /// It stays out of every bloc (`blocs N, neutral`): no allies, no enemies.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub neutral: bool,
    pub states: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ThreatRow {
    pub from: String,
    pub power: f64,
    pub proximity: f64,
    pub offense: f64,
    pub intent: f64,
    pub declared: bool,
    /// No threat is declared: the intent is the latent one, power as a potential
    /// threat (0 between partners).
    pub latent: bool,
    /// Latent and 0 because the two are partners (an active alliance, an offer of aid).
    pub partners: bool,
    /// Walt's product, `power · proximity · offense · intent`.
    pub threat: f64,
    /// The weight the energy gives this threat: `|σ| · s_X · threat`, how much lower the
    /// energy is with the two apart (X balances) or together (X bandwagons) because of
    /// it. For one X it ranks the threats exactly as `threat` does.
    pub weight: f64,
    /// How X answers the threat under the model: `balancing`, `bandwagoning` or `none`
    /// (X balances a weaker threatener even under bandwagoning).
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
    /// The states that stay out of every bloc in this alignment.
    pub neutral: Vec<String>,
    pub indifferent: Vec<String>,
    /// Where each indifferent state sits in this configuration: the bloc it shares, or
    /// `None` when it is alone; this is what tells apart alignments that tie.
    pub placement: Vec<(String, Option<String>)>,
    pub energy: f64,
    pub basin: f64,
    pub basin_count: u64,
    /// A heuristic list only: how far this alignment's energy is above the least energy
    /// (exactly, when [`Stable::least_proven`]; else at most, from the proven bound).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub above_least: Option<f64>,
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
    /// A heuristic list only: a proven lower bound on the least energy, equal to the
    /// first alignment's energy when that is proven to be the least.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bound: Option<f64>,
    /// Whether the first alignment's energy is proven to be the least (the list below
    /// it is still the heuristic's).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub least_proven: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct CompareRow {
    pub state: String,
    /// The bloc (named after its most powerful member) under each model, in the order
    /// of `models`; `None` where the state is indifferent or neutral.
    pub blocs: Vec<Option<String>>,
    /// With neutrality (`blocs N, neutral`): whether the state stays out under each
    /// model; empty without it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub neutral: Vec<bool>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Compare {
    pub models: Vec<String>,
    pub exact: bool,
    pub rows: Vec<CompareRow>,
    /// What a column cannot show, in words: a model that puts every state in one bloc
    /// (pure bandwagoning among equals does) tells no sides apart.
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Balance {
    pub model: String,
    pub exact: bool,
    pub blocs: Vec<Bloc>,
    /// Strongest bloc's power over the weakest's; `None` with fewer than two blocs.
    pub ratio: Option<f64>,
    pub verdict: &'static str,
    /// The states that stay out of every bloc, outside the balance.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub neutral: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub neutral_power: Option<f64>,
}

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
    TreeEquilibria(crate::games::extensive::TreeEquilibria),
    Paths(crate::games::extensive::Paths),
    StrategicForm(crate::games::extensive::StrategicForm),
    WhatIf(Box<crate::dynamics::WhatIf>),
    Timeline(crate::dynamics::Timeline),
    Price(crate::dynamics::Price),
    Deterrence(crate::dynamics::Deterrence),
    Likelihood(crate::chance::answers::Likelihood),
    Chances(crate::chance::answers::Chances),
    Decides(crate::chance::answers::Decides),
}

/// Answers one query item; `Err` is a diagnostic to print in its place.
pub fn answer(ev: &mut Evaluator, item: &Item, kind: &Question) -> Result<Answer, Diag> {
    let s = &item.scenario;
    let model = ev.model_for(s);
    match kind {
        Question::WhoAllies => Ok(Answer::Alignment(
            ev.solve(s, &model, item.span)?.alignment(),
        )),
        &Question::AlliesOf(me) | &Question::EnemiesOf(me) => {
            let solved = ev.solve(s, &model, item.span)?;
            let allies = matches!(kind, Question::AlliesOf(_));
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
                state: s.states[me].name.clone(),
                model: model.describe(),
                exact: solved.solution.exact,
                bloc: solved.bloc_name(me),
                indifferent: mine.is_none() && !solved.is_neutral(me),
                neutral: solved.is_neutral(me),
                states,
            }))
        }
        &Question::Why(me) => {
            let solved = ev.solve(s, &model, item.span)?;
            Ok(Answer::Why(why(&solved, me)))
        }
        &Question::ThreatsTo(me) | &Question::BiggestThreat(me) => {
            let mut rows = threats_to(s, &model, me);
            if matches!(kind, Question::BiggestThreat(_)) {
                rows.truncate(1);
            }
            Ok(Answer::Threats(Threats {
                state: s.states[me].name.clone(),
                threats: rows,
            }))
        }
        Question::Stable => {
            let solved = ev.solve_with_basins(s, &model, item.span)?;
            let sol = &solved.solution;
            let tol = engine::eps(&solved.landscape);
            let least_proven = !sol.exact && sol.bound.is_some_and(|b| b >= sol.best.energy - tol);
            // A proven least energy is the head's: energies within the tolerance are
            // equal, and the search's own sum may differ from the head's in the last digits.
            let bound = if least_proven {
                Some(clean(sol.best.energy))
            } else {
                sol.bound.filter(|_| !sol.exact).map(clean)
            };
            Ok(Answer::Stable(Stable {
                bound,
                least_proven,
                model: model.describe(),
                exact: solved.solution.exact,
                configurations: solved.solution.configurations,
                total: solved.solution.stable_total,
                alignments: solved
                    .solution
                    .stable
                    .iter()
                    .map(|st| {
                        let ind = engine::indifferent(&solved.landscape, &st.alignment.assignment);
                        let a = &st.alignment.assignment;
                        let out = neutral::left_out(&solved.landscape, a, &ind);
                        StableAlignment {
                            blocs: blocs(s, a, &out),
                            neutral: names(s, &neutral::neutrals(&solved.landscape, a)),
                            indifferent: names(s, &ind),
                            placement: ind
                                .iter()
                                .map(|&i| (s.states[i].name.clone(), bloc_name(s, a, &out, a[i])))
                                .collect(),
                            energy: clean(st.alignment.energy),
                            basin: st.basin,
                            basin_count: st.basin_count,
                            above_least: bound.map(|b| clean((st.alignment.energy - b).max(0.0))),
                        }
                    })
                    .collect(),
            }))
        }
        Question::Compare => {
            let mut models: Vec<Model> = ModelKind::ALL.iter().map(|k| Model::single(*k)).collect();
            if !models.contains(&model) {
                models.push(model.clone());
            }
            let mut solved = Vec::new();
            for m in &models {
                solved.push(ev.solve(s, m, item.span)?);
            }
            let rows = (0..s.states.len())
                .map(|i| CompareRow {
                    state: s.states[i].name.clone(),
                    blocs: solved.iter().map(|sv| sv.bloc_name(i)).collect(),
                    neutral: if s.neutral {
                        solved.iter().map(|sv| sv.is_neutral(i)).collect()
                    } else {
                        Vec::new()
                    },
                })
                .collect();
            let notes = models
                .iter()
                .zip(&solved)
                .filter_map(|(m, sv)| uninformative(m, sv, s.states.len()))
                .collect();
            Ok(Answer::Compare(Compare {
                models: models.iter().map(Model::describe).collect(),
                exact: solved.iter().all(|sv| sv.solution.exact),
                rows,
                notes,
            }))
        }
        Question::Balance => {
            let solved = ev.solve(s, &model, item.span)?;
            let alignment = solved.alignment();
            let ratio = alignment.power_ratio();
            let verdict = match ratio {
                Some(r) if r < EVEN_RATIO => "fairly even",
                _ => "overwhelming",
            };
            let out = neutral::neutrals(&solved.landscape, &solved.solution.best.assignment);
            Ok(Answer::Balance(Balance {
                model: model.describe(),
                exact: solved.solution.exact,
                blocs: alignment.blocs,
                ratio,
                verdict,
                neutral_power: (!out.is_empty())
                    .then(|| out.iter().map(|&i| s.states[i].power).sum()),
                neutral: alignment.neutral,
            }))
        }
        &Question::Equilibria(g) => {
            let game = &s.games[g];
            crate::games::report::equilibria_with(game, &ev.limits.cancel)
                .map(Answer::Equilibria)
                .map_err(|e| game_too_large(game, e, item.span))
        }
        &Question::Dominant(g) => Ok(Answer::Dominance(crate::games::report::dominance(
            &s.games[g],
        ))),
        &Question::BestResponses(g) => Ok(Answer::BestResponses(
            crate::games::report::best_responses(&s.games[g]),
        )),
        &Question::Tree(q, g) => trees::answer(s, q, g, &ev.limits.cancel, item.span),
        Question::WhatIf(event) => Ok(Answer::WhatIf(Box::new(crate::dynamics::what_if(
            ev, s, event, item.span,
        )?))),
        Question::Timeline => Ok(Answer::Timeline(crate::dynamics::timeline(
            ev, s, item.span,
        )?)),
        Question::Price { target, buyer } => Ok(Answer::Price(crate::dynamics::price(
            ev, s, *target, *buyer, item.span,
        )?)),
        Question::WouldAttack { attacker, target } => {
            let mut d = crate::dynamics::deterrence(s, *attacker, *target);
            d.games = trees::cited(s, *attacker, *target, &ev.limits.cancel);
            // The predicted bloc-mates are shown beside the committed allies; an
            // alignment too large to solve leaves them out rather than failing.
            Ok(Answer::Deterrence(match ev.solve(s, &model, item.span) {
                Ok(solved) => d.with_bloc_mates(&solved, *attacker, *target),
                Err(_) => d,
            }))
        }
        &Question::LikelyWith(a, b) => chances::likely_with(ev, item, a, b),
        &Question::LikelyDeterred { attacker, target } => {
            chances::likely_deterred(ev, item, attacker, target)
        }
        Question::Chances => chances::alignments(ev, item),
        &Question::Decides(me) => chances::decides(ev, item, me),
    }
}

/// How many uncertain inputs (ranges of positive width) a question not about chances is
/// answered at the middle of: those of its snapshot, and those written in the event of
/// a `what if` or in the `at` blocks of a `timeline?`; `None` when there are none, and
/// for the questions about chances and about games (which read no range).
pub fn at_middle(item: &Item, kind: &Question) -> Option<usize> {
    let s = &item.scenario;
    let ranged = |r: &crate::model::uncertain::EventRange| r.high > r.low;
    let written = match kind {
        Question::LikelyWith(..)
        | Question::LikelyDeterred { .. }
        | Question::Chances
        | Question::Decides(_)
        | Question::Equilibria(_)
        | Question::Dominant(_)
        | Question::BestResponses(_) => return None,
        Question::WhatIf(e) => e.ranges.iter().filter(|r| ranged(r)).count(),
        Question::Timeline => s
            .timeline
            .iter()
            .flat_map(|b| &b.events)
            .flat_map(|e| &e.ranges)
            .filter(|r| ranged(r))
            .count(),
        _ => 0,
    };
    let n = s.varied().count() + written;
    (n > 0).then_some(n)
}

/// The note on a `compare models?` column that tells no sides apart: every state in
/// one bloc, or every state indifferent; `None` for a column that shows sides.
fn uninformative(m: &Model, sv: &Solved, states: usize) -> Option<String> {
    if states < 2 {
        return None;
    }
    let bandwagoning = *m == Model::single(ModelKind::Bandwagoning);
    let what = if sv.solution.indifferent.len() == states {
        if bandwagoning {
            "every state is indifferent (between two states of equal offense with no declared threat, the weaker's pull towards the stronger and the stronger's push away from the weaker cancel)"
        } else {
            "every state is indifferent (no force acts, or the forces cancel)"
        }
    } else if sv.solution.indifferent.is_empty() && sv.alignment().blocs.len() == 1 {
        if bandwagoning {
            "every state stands in one bloc (each joins the threateners at least as strong as itself)"
        } else {
            "every state stands in one bloc"
        }
    } else {
        return None;
    };
    Some(format!(
        "under {} {what}, so this column tells no sides apart",
        m.describe()
    ))
}

/// The refusal of a game too large to solve exactly.
fn game_too_large(g: &crate::games::Game, e: crate::games::nash::TooLarge, span: Span) -> Diag {
    use crate::games::nash::{MAX_BASES, MAX_EQUILIBRIA, MAX_PAIRS, MAX_VERTEX_BYTES, TooLarge};
    let (m, n) = (g.strategies[0].len(), g.strategies[1].len());
    let message = match e {
        TooLarge::Bases(b) => format!(
            "game `{}` ({m} × {n}) is too large to find every equilibrium exactly: {} bases to visit, the limit is {MAX_BASES}",
            g.name,
            big_count(&b)
        ),
        TooLarge::Cancelled(c) => {
            return Diag::error(codes::INTERRUPTED, span, format!("stopped: {c}"))
                .label("stopped before it was answered");
        }
        TooLarge::Pairs(p) => format!(
            "game `{}` has too many best-response vertices to match: {p} pairs, the limit is {MAX_PAIRS}",
            g.name
        ),
        TooLarge::Memory => format!(
            "game `{}` ({m} × {n}) has too many best-response vertices to keep: they need more than {} MiB, the limit",
            g.name,
            MAX_VERTEX_BYTES >> 20
        ),
        TooLarge::Equilibria(k) => format!(
            "game `{}` ({m} × {n}) has {k} extreme equilibria, more than the {MAX_EQUILIBRIA} that are listed",
            g.name
        ),
    };
    Diag::error(codes::TOO_LARGE, span, message)
        .label("too large to solve exactly")
        .help("11 × 11 is the largest square game solved in full; ask `best responses of G?` for the pure equilibria, or remove dominated strategies (`dominant strategies of G?`)")
}

/// A count in full up to 15 digits, else as `1.03e119` (the exact digits of a count
/// that large say nothing more).
fn big_count(b: &num_bigint::BigUint) -> String {
    let digits = b.to_string();
    if digits.len() <= 15 {
        return digits;
    }
    format!(
        "about {}.{}e{}",
        &digits[..1],
        &digits[1..3],
        digits.len() - 1
    )
}

/// Threats to `target` from every other state, the one the energy weighs most first,
/// then by Walt's product (ties: declaration order), each with the weight `model` gives
/// it in the energy. Under one model the two orders agree; a mixture of balancing and
/// bandwagoning weighs a weaker threatener's threat more (it is balanced, never
/// bandwagoned with), so the order read is the one the alignment obeys.
pub fn threats_to(s: &Scenario, model: &Model, target: usize) -> Vec<ThreatRow> {
    let mut rows: Vec<ThreatRow> = (0..s.states.len())
        .filter(|&a| a != target)
        .map(|a| {
            let t = theory::threat(s, a, target);
            ThreatRow {
                from: s.states[a].name.clone(),
                power: t.power,
                proximity: t.proximity,
                offense: t.offense,
                intent: t.intent,
                declared: t.declared,
                latent: t.latent,
                partners: t.partners,
                threat: t.threat,
                weight: theory::threat_weight(s, model, a, target),
                response: theory::threat_response(model, s, a, target).1,
            }
        })
        .collect();
    // A stable sort: rows are in declaration order before it.
    rows.sort_by(|x, y| {
        y.weight
            .total_cmp(&x.weight)
            .then(y.threat.total_cmp(&x.threat))
    });
    rows
}
