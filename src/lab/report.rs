//! The lab's report: each experiment's cells (mean, interval, verdict against the
//! lecture) gathered from the trials into tables.

use serde::Serialize;

use super::stats::{self, Direction, Prediction, Summary, Verdict};
use super::{
    Config, DRAWS_PER_TRIAL, EVEN_MIX, INTENT_UNCERTAINTY, Measure, Models, THREAT_LEVEL,
    THREAT_MIX, Trial, even_share,
};
use ally_core::model::events::DEFAULT_BATTLE_LOSS;

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
    /// The fifth experiment: how far each declared intent other than the attacker's may
    /// be from its level, and the draws a trial makes.
    pub intent_uncertainty: f64,
    pub draws_per_trial: usize,
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

pub(super) fn summarise(cfg: &Config, models: &Models, trials: &[Trial]) -> Report {
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
                    statistic: "change in the threatener's bloc-mates after it threatens a state no stronger than itself anew (level 0.9)",
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
            row(
                trials,
                bb,
                Spec {
                    id: "uncertain_intent",
                    implication: "uncertain intentions (no statesman can be sure what another will do)",
                    statistic: "share of draws in which the threatened state of the first row ends in its attacker's bloc; the attacker's intent drawn in [0, 1], every other declared intent within 0.3 of its level (20 draws a trial)",
                    first: (
                        M::AttackerBalancing,
                        predict(Below, 0.5, "rarely with its attacker"),
                    ),
                    second: (
                        M::AttackerBandwagoning,
                        predict(Above, 0.5, "mostly with its attacker"),
                    ),
                    difference: predict(
                        Above,
                        0.0,
                        "more often with its attacker under bandwagoning",
                    ),
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
            intent_uncertainty: INTENT_UNCERTAINTY,
            draws_per_trial: DRAWS_PER_TRIAL,
            battle_loss: DEFAULT_BATTLE_LOSS,
            even_share: even,
            interval: "mean ± 1.96·s/√n (normal approximation, s the sample standard deviation)",
        },
        tables: vec![first, second],
    }
}
