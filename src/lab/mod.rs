//! `ally lab`: randomised experiments that reproduce the lecture's two tables of
//! observable implications (SPEC §1) with numbers measured on the engine.
//!
//! Every trial draws one random scenario ([`random::scenario`]) from its own seeded stream
//! (`seed ⊕ trial`), runs every experiment on it under each model, and returns plain
//! numbers; trials run in parallel with rayon and are collected in trial order, so a
//! seed gives the same report, byte for byte, on any number of threads. Each cell of
//! the report is a mean with a 95 % interval ([`stats`]) and, where the lecture makes
//! a prediction, whether the interval lies wholly on the predicted side.

mod cli;
pub mod random;
pub mod stats;
pub mod table;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::dynamics;
use crate::engine::{self, Limits};
use crate::model::events::{self, Event};
use crate::model::{Model, ModelKind, Scenario};
use crate::solve::Solved;
use crate::span::Span;
use crate::theory;
pub use cli::cli;
use random::SplitMix64;
use stats::{Direction, Prediction, Summary, Verdict};

/// Intent of the threat made in the first experiment.
pub const THREAT_LEVEL: f64 = 0.9;
/// Weight of state similarity (ideology) beside balancing or bandwagoning in the first
/// table: a shared ideology then pulls as hard as the baseline threat between two
/// neighbours, whatever their powers (power counts once, in the size; intent [`theory::BASELINE_INTENT`] = 0.1), weaker than
/// any declared threat. Without it pure bandwagoning is degenerate (every propensity is
/// positive, so every state always stands in one bloc and nothing can change). See
/// [`models`].
pub const BACKGROUND_IDEOLOGY: f64 = 0.1;
/// Sequences of the fourth experiment: (new threats, domestic turmoils) in each, in
/// random order. Rates matter for how long alignments last, so both an even mix and a
/// mix in which new threats are four times as frequent are measured.
pub const EVEN_MIX: (usize, usize) = (5, 5);
pub const THREAT_MIX: (usize, usize) = (8, 2);
/// The lecture's threshold between "fairly even" and "overwhelming": the strongest
/// bloc's share of all power at a 2 : 1 ratio ([`crate::solve::EVEN_RATIO`]).
pub fn even_share() -> f64 {
    let r = crate::solve::EVEN_RATIO;
    r / (r + 1.0)
}
/// Largest `--states` accepted: above it a trial's exact solves get slow.
pub const MAX_STATES: usize = 16;

/// What to run.
#[derive(Clone, Debug)]
pub struct Config {
    pub trials: usize,
    pub seed: u64,
    pub states: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            trials: 500,
            seed: 1,
            states: 8,
        }
    }
}

/// The four models compared. Balancing and bandwagoning carry the same weak
/// background of state similarity ([`BACKGROUND_IDEOLOGY`]), so each pair of cells is
/// a paired comparison in which only the answer to threats differs. Power politics and
/// state similarity are the pure models: balancing alone (the form of power politics
/// Walt finds prevalent) and ideology alone.
pub struct Models {
    pub balancing: Model,
    pub bandwagoning: Model,
    pub power_politics: Model,
    pub similarity: Model,
}

pub fn models() -> Models {
    let with_background = |main: ModelKind| Model {
        terms: vec![(main, 1.0), (ModelKind::Ideology, BACKGROUND_IDEOLOGY)],
    };
    Models {
        balancing: with_background(ModelKind::Balancing),
        bandwagoning: with_background(ModelKind::Bandwagoning),
        power_politics: Model::single(ModelKind::Balancing),
        similarity: Model::single(ModelKind::Ideology),
    }
}

/// The measurements of one trial, by [`Measure`].
type Trial = [f64; Measure::COUNT];

/// Every number a trial measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    ThreatBalancing,
    ThreatBandwagoning,
    ShareBalancing,
    ShareBandwagoning,
    BattleBalancing,
    BattleBandwagoning,
    DurationPower,
    DurationSimilarity,
    DurationThreatsPower,
    DurationThreatsSimilarity,
    PerThreatPower,
    PerThreatSimilarity,
    PerTurmoilPower,
    PerTurmoilSimilarity,
}

impl Measure {
    pub const COUNT: usize = 14;
}

fn solve(s: &Scenario, model: &Model) -> Result<Solved, String> {
    let landscape = theory::landscape(s, model);
    let solution = engine::solve(&landscape, &Limits::default()).map_err(|e| e.to_string())?;
    Ok(Solved {
        scenario: Arc::new(s.clone()),
        model: model.clone(),
        landscape,
        solution,
    })
}

/// States sharing `i`'s bloc in the least-energy configuration (its bloc-mates).
fn mates(sv: &Solved, i: usize) -> f64 {
    let a = &sv.solution.best.assignment;
    (0..a.len()).filter(|&j| j != i && a[j] == a[i]).count() as f64
}

/// The strongest bloc's share of all power (1 when every state stands in one bloc).
fn strongest_share(sv: &Solved) -> f64 {
    let s = &sv.scenario;
    let mut power = vec![0.0; 256];
    for (i, &b) in sv.solution.best.assignment.iter().enumerate() {
        power[b as usize] += s.states[i].power;
    }
    power.iter().cloned().fold(0.0, f64::max) / s.total_power()
}

fn applied(s: &Scenario, event: &Event) -> Result<Scenario, String> {
    let mut out = s.clone();
    events::apply(&mut out, event, Span::default())
        .map_err(|d| format!("event `{}`: {}", events::describe(s, event), d.message))?;
    Ok(out)
}

/// A state `a` has not yet threatened, if any; else any other state.
fn new_target(rng: &mut SplitMix64, s: &Scenario, a: usize) -> usize {
    let n = s.states.len();
    let fresh: Vec<usize> = (0..n)
        .filter(|&b| b != a && !theory::intent(s, a, b).1)
        .collect();
    if fresh.is_empty() {
        (a + 1 + rng.below(n - 1)) % n
    } else {
        fresh[rng.below(fresh.len())]
    }
}

/// One trial: a scenario and every experiment on it.
pub fn trial(cfg: &Config, models: &Models, index: u64) -> Result<Trial, String> {
    let mut rng = SplitMix64::for_trial(cfg.seed, index);
    let n = cfg.states;
    let s = random::scenario(&mut rng, n);
    let mut out = [0.0; Measure::COUNT];
    let id = |i: usize| s.states[i].id;

    // 1. A makes a new threat against B.
    let a = rng.below(n);
    let b = new_target(&mut rng, &s, a);
    let threat = Event::Threat {
        from: id(a),
        to: id(b),
        level: Some(THREAT_LEVEL),
    };
    let threatened = applied(&s, &threat)?;
    // 3. A battle: W defeats L (the loser loses the default share of its power).
    let (w, l) = rng.pair(n);
    let battle = Event::Battle {
        winner: id(w),
        loser: id(l),
        loss: events::DEFAULT_BATTLE_LOSS,
    };
    let battled = applied(&s, &battle)?;
    for (model, threat, share, battle) in [
        (
            &models.balancing,
            Measure::ThreatBalancing,
            Measure::ShareBalancing,
            Measure::BattleBalancing,
        ),
        (
            &models.bandwagoning,
            Measure::ThreatBandwagoning,
            Measure::ShareBandwagoning,
            Measure::BattleBandwagoning,
        ),
    ] {
        let before = solve(&s, model)?;
        out[threat as usize] = mates(&solve(&threatened, model)?, a) - mates(&before, a);
        // 2. Composition of the coalitions.
        out[share as usize] = strongest_share(&before);
        out[battle as usize] = mates(&solve(&battled, model)?, l) - mates(&before, l);
    }

    // 4. Sequences of new threats and domestic turmoils, each under both models.
    let even = random_events(&mut rng, &s, EVEN_MIX)?;
    let heavy = random_events(&mut rng, &s, THREAT_MIX)?;
    for (model, duration, duration_threats, per_threat, per_turmoil) in [
        (
            &models.power_politics,
            Measure::DurationPower,
            Measure::DurationThreatsPower,
            Measure::PerThreatPower,
            Measure::PerTurmoilPower,
        ),
        (
            &models.similarity,
            Measure::DurationSimilarity,
            Measure::DurationThreatsSimilarity,
            Measure::PerThreatSimilarity,
            Measure::PerTurmoilSimilarity,
        ),
    ] {
        let e = sequence(&s, &even, model)?;
        out[duration as usize] = e.duration;
        out[per_threat as usize] = e.after_threat as f64 / EVEN_MIX.0 as f64;
        out[per_turmoil as usize] = e.after_turmoil as f64 / EVEN_MIX.1 as f64;
        out[duration_threats as usize] = sequence(&s, &heavy, model)?.duration;
    }
    Ok(out)
}

/// A sequence of events: `mix.0` new threats (a random state threatens one it did not
/// threaten yet, level uniform in [0.5, 1]) and `mix.1` domestic turmoils (a random state
/// takes one of the other ideologies), in random order. Each entry is the event's kind
/// (`true`: a threat) and the scenario after it.
fn random_events(
    rng: &mut SplitMix64,
    s: &Scenario,
    mix: (usize, usize),
) -> Result<Vec<(bool, Scenario)>, String> {
    let n = s.states.len();
    let mut kinds: Vec<bool> = std::iter::repeat_n(true, mix.0)
        .chain(std::iter::repeat_n(false, mix.1))
        .collect();
    rng.shuffle(&mut kinds);
    let mut out = Vec::with_capacity(kinds.len());
    let mut current = s.clone();
    for is_threat in kinds {
        let event = if is_threat {
            let a = rng.below(n);
            let b = new_target(rng, &current, a);
            let level = random::rounded(rng.range(0.5, 1.0), 3);
            Event::Threat {
                from: current.states[a].id,
                to: current.states[b].id,
                level: Some(level),
            }
        } else {
            let st = rng.below(n);
            let k = random::IDEOLOGIES.len();
            let now = current.states[st].ideology.unwrap_or(0);
            let to = (now + 1 + rng.below(k - 1)) % k;
            Event::Turmoil {
                state: current.states[st].id,
                ideology: to,
            }
        };
        current = applied(&current, &event)?;
        out.push((is_threat, current.clone()));
    }
    Ok(out)
}

struct Sequence {
    after_threat: usize,
    after_turmoil: usize,
    /// Mean length, in events, of a spell on one side.
    duration: f64,
}

/// Runs a sequence under `model`: who switches side after each event
/// ([`dynamics::switches`], blocs matched by shared power).
fn sequence(
    start: &Scenario,
    events: &[(bool, Scenario)],
    model: &Model,
) -> Result<Sequence, String> {
    let mut prev = solve(start, model)?;
    let (mut after_threat, mut after_turmoil) = (0usize, 0usize);
    for (is_threat, sc) in events {
        let next = solve(sc, model)?;
        let moved = dynamics::switches(&prev, &next).len();
        if *is_threat {
            after_threat += moved;
        } else {
            after_turmoil += moved;
        }
        prev = next;
    }
    let n = start.states.len() as f64;
    let steps = events.len() as f64;
    // n states watched over `steps` events make n·steps state-events, split into
    // n + (switches) spells; spells cut short by the end count as they stand.
    let switched = (after_threat + after_turmoil) as f64;
    Ok(Sequence {
        after_threat,
        after_turmoil,
        duration: n * steps / (n + switched),
    })
}

/// One measured cell: a summary and, where the lecture predicts a direction, the
/// prediction and the verdict.
#[derive(Clone, Debug, Serialize)]
pub struct Cell {
    /// The model (or `difference`) this cell belongs to.
    pub column: String,
    #[serde(flatten)]
    pub summary: Summary,
    pub lecture: Option<Prediction>,
    pub verdict: Option<Verdict>,
}

/// One implication: a statistic measured under two models, and their difference.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub id: &'static str,
    pub implication: &'static str,
    pub statistic: &'static str,
    /// The two models' cells, then the paired difference (second − first).
    pub cells: Vec<Cell>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Table {
    pub title: &'static str,
    /// The models compared, in cell order, with the model each stands for.
    pub models: Vec<(String, String)>,
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Settings {
    pub trials: usize,
    pub seed: u64,
    pub states: usize,
    /// (new threats, domestic turmoils) in each sequence of the fourth experiment.
    pub sequences: [(usize, usize); 2],
    pub threat_level: f64,
    pub battle_loss: f64,
    pub even_share: f64,
    pub interval: &'static str,
}

/// The lab's report: what was run and the two tables.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub lab: Settings,
    pub tables: Vec<Table>,
}

impl Report {
    /// Every cell with a prediction, and whether all are confirmed.
    pub fn all_confirmed(&self) -> bool {
        self.tables
            .iter()
            .flat_map(|t| &t.rows)
            .flat_map(|r| &r.cells)
            .all(|c| c.verdict.is_none_or(|v| v == Verdict::Confirmed))
    }
}

fn predict(direction: Direction, reference: f64, words: &str) -> Option<Prediction> {
    Some(Prediction {
        direction,
        reference,
        words: words.to_string(),
    })
}

fn cell(column: &str, xs: &[f64], lecture: Option<Prediction>) -> Cell {
    let summary = stats::summarize(xs);
    Cell {
        column: column.to_string(),
        verdict: lecture.as_ref().map(|p| Verdict::of(&summary, p)),
        summary,
        lecture,
    }
}

struct Spec {
    id: &'static str,
    implication: &'static str,
    statistic: &'static str,
    first: (Measure, Option<Prediction>),
    second: (Measure, Option<Prediction>),
    difference: Option<Prediction>,
}

fn row(trials: &[Trial], names: [&str; 2], spec: Spec) -> Row {
    let col = |m: Measure| -> Vec<f64> { trials.iter().map(|t| t[m as usize]).collect() };
    let (a, b) = (col(spec.first.0), col(spec.second.0));
    let diff: Vec<f64> = a.iter().zip(&b).map(|(x, y)| y - x).collect();
    Row {
        id: spec.id,
        implication: spec.implication,
        statistic: spec.statistic,
        cells: vec![
            cell(names[0], &a, spec.first.1),
            cell(names[1], &b, spec.second.1),
            cell("difference", &diff, spec.difference),
        ],
    }
}

/// Runs every trial (in parallel, collected in order) and summarises them. `progress`
/// is called with the number of trials done so far, from any thread.
pub fn run(cfg: &Config, progress: &(dyn Fn(usize) + Sync)) -> Result<Report, String> {
    if cfg.trials == 0 {
        return Err("the lab needs at least one trial".into());
    }
    if !(3..=MAX_STATES).contains(&cfg.states) {
        return Err(format!(
            "the lab runs scenarios of 3 to {MAX_STATES} states, not {}",
            cfg.states
        ));
    }
    let models = models();
    let done = AtomicUsize::new(0);
    let trials: Vec<Trial> = (0..cfg.trials as u64)
        .into_par_iter()
        .map(|i| {
            let t = trial(cfg, &models, i);
            progress(done.fetch_add(1, Ordering::Relaxed) + 1);
            t
        })
        .collect::<Result<_, _>>()?;
    Ok(summarise(cfg, &models, &trials))
}

fn summarise(cfg: &Config, models: &Models, trials: &[Trial]) -> Report {
    use Direction::{Above, Below};
    use Measure as M;
    let even = even_share();
    let bb = ["balancing", "bandwagoning"];
    let ps = ["power politics", "state similarity"];
    let first = Table {
        title: "Balancing versus bandwagoning",
        models: vec![
            (bb[0].to_string(), models.balancing.describe()),
            (bb[1].to_string(), models.bandwagoning.describe()),
        ],
        rows: vec![
            row(
                trials,
                bb,
                Spec {
                    id: "threat",
                    implication: "effect of making a threat",
                    statistic: "change in the threatener's bloc-mates after it threatens a state anew (level 0.9)",
                    first: (
                        M::ThreatBalancing,
                        predict(Below, 0.0, "threatener loses allies"),
                    ),
                    second: (
                        M::ThreatBandwagoning,
                        predict(Above, 0.0, "threatener gains allies"),
                    ),
                    difference: predict(Above, 0.0, "more allies under bandwagoning"),
                },
            ),
            row(
                trials,
                bb,
                Spec {
                    id: "coalitions",
                    implication: "composition of coalitions",
                    statistic: "strongest bloc's share of all power (2 : 1 is a share of 2/3)",
                    first: (M::ShareBalancing, predict(Below, even, "fairly even")),
                    second: (
                        M::ShareBandwagoning,
                        predict(Above, even, "overwhelming superiority"),
                    ),
                    difference: predict(Above, 0.0, "more lopsided under bandwagoning"),
                },
            ),
            row(
                trials,
                bb,
                Spec {
                    id: "battle",
                    implication: "battle results",
                    statistic: "change in the loser's bloc-mates after a lost battle (loss 0.2)",
                    first: (
                        M::BattleBalancing,
                        predict(Above, 0.0, "loser gains allies"),
                    ),
                    second: (
                        M::BattleBandwagoning,
                        predict(Below, 0.0, "loser loses allies"),
                    ),
                    difference: predict(Below, 0.0, "fewer allies under bandwagoning"),
                },
            ),
        ],
    };
    let second = Table {
        title: "Power politics versus state similarity",
        models: vec![
            (ps[0].to_string(), models.power_politics.describe()),
            (ps[1].to_string(), models.similarity.describe()),
        ],
        rows: vec![
            row(
                trials,
                ps,
                Spec {
                    id: "duration",
                    implication: "duration of alignments",
                    statistic: "mean events a state stays on one side; 5 new threats and 5 turmoils",
                    first: (M::DurationPower, None),
                    second: (M::DurationSimilarity, None),
                    difference: predict(
                        Above,
                        0.0,
                        "power politics unstable, state similarity stable",
                    ),
                },
            ),
            row(
                trials,
                ps,
                Spec {
                    id: "duration_threats",
                    implication: "duration of alignments",
                    statistic: "mean events a state stays on one side; 8 new threats and 2 turmoils",
                    first: (M::DurationThreatsPower, None),
                    second: (M::DurationThreatsSimilarity, None),
                    difference: predict(
                        Above,
                        0.0,
                        "power politics unstable, state similarity stable",
                    ),
                },
            ),
            row(
                trials,
                ps,
                Spec {
                    id: "new_threat",
                    implication: "alignments change when new threats arise",
                    statistic: "states switching side per new threat",
                    first: (
                        M::PerThreatPower,
                        predict(Above, 0.0, "changes when new threats arise"),
                    ),
                    second: (M::PerThreatSimilarity, None),
                    difference: predict(Below, 0.0, "more switching under power politics"),
                },
            ),
            row(
                trials,
                ps,
                Spec {
                    id: "turmoil",
                    implication: "alignments change after domestic turmoil",
                    statistic: "states switching side per domestic turmoil",
                    first: (M::PerTurmoilPower, None),
                    second: (
                        M::PerTurmoilSimilarity,
                        predict(Above, 0.0, "changes after domestic turmoil"),
                    ),
                    difference: predict(Above, 0.0, "more switching under state similarity"),
                },
            ),
        ],
    };
    Report {
        lab: Settings {
            trials: cfg.trials,
            seed: cfg.seed,
            states: cfg.states,
            sequences: [EVEN_MIX, THREAT_MIX],
            threat_level: THREAT_LEVEL,
            battle_loss: dynamics::events::DEFAULT_BATTLE_LOSS,
            even_share: even,
            interval: "mean ± 1.96·s/√n (normal approximation, s the sample standard deviation)",
        },
        tables: vec![first, second],
    }
}
