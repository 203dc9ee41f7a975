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
pub mod export;
pub mod random;
mod report;
pub mod stats;
pub mod table;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use petgraph::visit::EdgeRef;

use ally_core::cancel::Cancel;
use ally_core::chance::{self, Plan};
use ally_core::dynamics;
use ally_core::engine::{self, Limits};
use ally_core::model::events::{self, Event};
use ally_core::model::uncertain::Slot;
use ally_core::model::{Model, ModelKind, Relation, Scenario, StateId};
use ally_core::solve::Solved;
use ally_core::span::Span;
use ally_core::theory;
pub use cli::{Output, cli};
use random::SplitMix64;
use report::summarise;
pub use report::{Cell, Report, Row, Settings, Table};

/// Intent of the threat made in the first experiment.
pub const THREAT_LEVEL: f64 = 0.9;
/// Weight of state similarity (ideology) beside balancing or bandwagoning in the first
/// table: a shared ideology then pulls as hard as the latent threat between two
/// neighbours, whatever their powers (power counts once, in the size; intent
/// [`theory::DEFAULT_LATENT_INTENT`] = 0.1), weaker than
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
/// bloc's share of all power at a 2 : 1 ratio ([`ally_core::solve::EVEN_RATIO`]).
pub fn even_share() -> f64 {
    let r = ally_core::solve::EVEN_RATIO;
    r / (r + 1.0)
}
/// The fifth experiment (issue 28): Walt's "no statesman can be completely sure of what
/// another will do". The threatener of the first experiment may intend anything from 0
/// to 1 towards its target, every other declared intent is known only to within this
/// much either way (clipped to [0, 1]), and each trial draws them this many times.
pub const INTENT_UNCERTAINTY: f64 = 0.3;
pub const DRAWS_PER_TRIAL: usize = 20;
/// Largest `--states` accepted: above it a trial's exact solves get slow.
pub const MAX_STATES: usize = 16;

/// What to run.
#[derive(Clone, Debug)]
pub struct Config {
    pub trials: usize,
    pub seed: u64,
    pub states: usize,
    /// Polled before each trial and by the engine within it; raised, the run stops with
    /// "interrupted".
    pub cancel: Cancel,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            trials: 500,
            seed: 1,
            states: 8,
            cancel: Cancel::never(),
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
    AttackerBalancing,
    AttackerBandwagoning,
}

impl Measure {
    pub const COUNT: usize = 16;
}

fn solve(s: &Scenario, model: &Model, cancel: &Cancel) -> Result<Solved, String> {
    let landscape = theory::landscape(s, model);
    let limits = Limits {
        cancel: cancel.clone(),
        ..Limits::default()
    };
    let solution = engine::solve(&landscape, &limits).map_err(|e| e.to_string())?;
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
        .filter(|&b| b != a && !theory::intent(s, a, b).declared)
        .collect();
    if fresh.is_empty() {
        (a + 1 + rng.below(n - 1)) % n
    } else {
        fresh[rng.below(fresh.len())]
    }
}

/// A threatener and its target for the first experiment: a random pair in which the
/// threatener is at least as powerful as the target and has not threatened it yet (any
/// pair of that order when every one has). The lecture's "effect of making a threat"
/// is about a power others may bandwagon with; no state bandwagons with a weaker one's
/// threat (`theory::bandwagons_with`), so a weak state's threat would test balancing
/// under both models.
fn threat_pair(rng: &mut SplitMix64, s: &Scenario) -> (usize, usize) {
    let n = s.states.len();
    let ordered: Vec<(usize, usize)> = (0..n)
        .flat_map(|a| (0..n).map(move |b| (a, b)))
        .filter(|&(a, b)| a != b && theory::bandwagons_with(s, a, b))
        .collect();
    let fresh: Vec<(usize, usize)> = ordered
        .iter()
        .copied()
        .filter(|&(a, b)| !theory::intent(s, a, b).declared)
        .collect();
    let pool = if fresh.is_empty() { &ordered } else { &fresh };
    pool[rng.below(pool.len())]
}

/// One trial: a scenario and every experiment on it.
pub fn trial(cfg: &Config, models: &Models, index: u64) -> Result<Trial, String> {
    let mut rng = SplitMix64::for_trial(cfg.seed, index);
    let n = cfg.states;
    let s = random::scenario(&mut rng, n);
    let mut out = [0.0; Measure::COUNT];
    let id = |i: usize| s.states[i].id;

    // 1. A makes a new threat against B, no stronger than A.
    let (a, b) = threat_pair(&mut rng, &s);
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
        let before = solve(&s, model, &cfg.cancel)?;
        out[threat as usize] =
            mates(&solve(&threatened, model, &cfg.cancel)?, a) - mates(&before, a);
        // 2. Composition of the coalitions.
        out[share as usize] = strongest_share(&before);
        out[battle as usize] = mates(&solve(&battled, model, &cfg.cancel)?, l) - mates(&before, l);
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
        let e = sequence(&s, &even, model, &cfg.cancel)?;
        out[duration as usize] = e.duration;
        out[per_threat as usize] = e.after_threat as f64 / EVEN_MIX.0 as f64;
        out[per_turmoil as usize] = e.after_turmoil as f64 / EVEN_MIX.1 as f64;
        out[duration_threats as usize] = sequence(&s, &heavy, model, &cfg.cancel)?.duration;
    }

    // 5. Uncertain intentions: how often the target of experiment 1 ends in the bloc of
    // the state that threatens it, over draws of every declared intent. Last, so the
    // trial's stream gives every experiment above the numbers it gave before.
    let uncertain = uncertain_intentions(&threatened, (id(a), id(b)));
    let draw_seed = rng.next_u64();
    for (model, measure) in [
        (&models.balancing, Measure::AttackerBalancing),
        (&models.bandwagoning, Measure::AttackerBandwagoning),
    ] {
        out[measure as usize] = with_attacker(&uncertain, model, draw_seed, (a, b), &cfg.cancel)?;
    }
    Ok(out)
}

/// `s` with its declared intents uncertain: the threat `attack` (from, to) anywhere in
/// [0, 1], every other within [`INTENT_UNCERTAINTY`] of its level.
pub fn uncertain_intentions(s: &Scenario, attack: (StateId, StateId)) -> Scenario {
    let mut out = s.clone();
    for e in s.graph.edge_references() {
        if let Relation::Threat(level) = *e.weight() {
            let (from, to) = (
                s.states[e.source().index()].id,
                s.states[e.target().index()].id,
            );
            let range = if (from, to) == attack {
                (0.0, 1.0)
            } else {
                (
                    (level - INTENT_UNCERTAINTY).max(0.0),
                    (level + INTENT_UNCERTAINTY).min(1.0),
                )
            };
            out.set_uncertain(
                Slot::Threat(from, to),
                Some((range.0, range.1, Span::default())),
            );
        }
    }
    out
}

/// The share of [`DRAWS_PER_TRIAL`] draws of `s` under `model` in which the target of
/// `attack` (state indices: attacker, target) stands in its attacker's bloc (an
/// indifferent one does not). Draws run one after another: the trials are what runs in
/// parallel.
pub fn with_attacker(
    s: &Scenario,
    model: &Model,
    seed: u64,
    (attacker, target): (usize, usize),
    cancel: &Cancel,
) -> Result<f64, String> {
    let plan = Plan::new(s, model, true);
    let limits = chance::draw_limits(&Limits {
        cancel: cancel.clone(),
        ..Limits::default()
    });
    let mut w = plan.worker();
    let mut together = 0usize;
    for d in 0..DRAWS_PER_TRIAL as u64 {
        w.draw(seed, d);
        let drawn = chance::solve(&w, &limits).map_err(|e| e.to_string())?;
        together += usize::from(drawn.together(target, attacker));
    }
    Ok(together as f64 / DRAWS_PER_TRIAL as f64)
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
    cancel: &Cancel,
) -> Result<Sequence, String> {
    let mut prev = solve(start, model, cancel)?;
    let (mut after_threat, mut after_turmoil) = (0usize, 0usize);
    for (is_threat, sc) in events {
        let next = solve(sc, model, cancel)?;
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
            cfg.cancel.check().map_err(|c| c.to_string())?;
            let t = trial(cfg, &models, i);
            progress(done.fetch_add(1, Ordering::Relaxed) + 1);
            t
        })
        .collect::<Result<_, _>>()?;
    Ok(summarise(cfg, &models, &trials))
}
