//! Walt's theory as numbers: threat, proximity and the propensity of every pair under
//! each model (SPEC §1.2). Every constant a user may need to know is here and in the
//! book's chapter on how the answer is computed (docs/book/src/models.md).

use serde::Serialize;

use crate::engine::Landscape;
use crate::model::pacts::Owed;
use crate::model::{Doctrine, Model, ModelKind, Relation, Scenario};

/// Intent of `a` towards `b` when no `threat` is declared: uncertainty about
/// intentions ("no statesman can be completely sure of what another will do").
pub const BASELINE_INTENT: f64 = 0.1;
/// Proximity of two states that are neither neighbours nor given a `distance`, when at
/// least one has no coordinates.
pub const DEFAULT_PROXIMITY: f64 = 0.5;
/// Proximity decays as exp(−d / PROXIMITY_DECAY_KM) with great-circle distance d when
/// both states have coordinates.
pub const PROXIMITY_DECAY_KM: f64 = 1500.0;
/// Propensity added for each declared alliance holding both states, times its
/// reliability, in every model (`landscape` included) and whatever the model's weights:
/// alliances are sticky, and the weights are measured against this bonus.
pub const ALLIANCE_BONUS: f64 = 1.0;
/// Propensity of one unit of aid: an offer of 100 pulls as hard as a shared ideology.
pub const AID_UNIT: f64 = 0.01;
const EARTH_RADIUS_KM: f64 = 6371.0;

/// One named force acting on a pair, for `why` and for the propensity sum.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Term {
    /// `balancing`, `bandwagoning`, `ideology`, `aid`, `landscape` or `alliance`.
    pub source: &'static str,
    /// Which way it works, in words: "France balances against Germany's threat".
    pub reason: String,
    /// Its contribution to the propensity p_ij.
    pub propensity: f64,
    /// For a typed alliance, its obligations between the pair: `defense`, `defense by
    /// Britain` (one-sided).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pact: Option<String>,
}

/// Walt's four sources of threat from `a` to `b`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Threat {
    pub from: usize,
    pub to: usize,
    /// The threatener's declared power, in the file's own unit.
    pub power: f64,
    pub proximity: f64,
    pub offense: f64,
    pub intent: f64,
    pub declared: bool,
    /// Walt's product, `power · proximity · offense · intent`.
    pub threat: f64,
}

pub fn proximity(s: &Scenario, a: usize, b: usize) -> f64 {
    if s.find(a, b, |r| matches!(r, Relation::Border)).is_some() {
        return 1.0;
    }
    if let Some(Relation::Distance(d)) = s.find(a, b, |r| matches!(r, Relation::Distance(_))) {
        return *d;
    }
    match (s.states[a].at, s.states[b].at) {
        (Some(p), Some(q)) => (-great_circle_km(p, q) / PROXIMITY_DECAY_KM).exp(),
        _ => s.default_proximity.unwrap_or(DEFAULT_PROXIMITY),
    }
}

fn great_circle_km((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

pub fn intent(s: &Scenario, a: usize, b: usize) -> (f64, bool) {
    let declared = s.directed(a, b, |r| match r {
        Relation::Threat(l) => Some(*l),
        _ => None,
    });
    match declared {
        Some(l) => (l, true),
        None => (BASELINE_INTENT, false),
    }
}

/// T(a→b) = power_a · proximity(a, b) · offense_a · intent(a→b), with the declared
/// power in the file's own unit.
pub fn threat(s: &Scenario, a: usize, b: usize) -> Threat {
    let prox = proximity(s, a, b);
    let (intent, declared) = intent(s, a, b);
    let offense = s.states[a].offense;
    let power = s.states[a].power;
    Threat {
        from: a,
        to: b,
        power,
        proximity: prox,
        offense,
        intent,
        declared,
        threat: power * prox * offense * intent,
    }
}

/// Walt's product without the power: what a threat puts into the propensity. Power
/// counts once, as the landscape's size `s_a`: the energy gives the threat of `a` to
/// `b` the weight `s_b · T(a→b)` (docs/book/src/models.md, "One definition of threat").
fn threat_propensity(s: &Scenario, a: usize, b: usize) -> f64 {
    let (intent, _) = intent(s, a, b);
    proximity(s, a, b) * s.states[a].offense * intent
}

/// How `target` answers threats under `model`: −w pushes it away from a threatener
/// (balancing), +w pulls it towards one (bandwagoning), 0 when the model gives threats
/// no weight; with the response's name.
pub fn threat_response(model: &Model, s: &Scenario, target: usize) -> (f64, &'static str) {
    let r = response(model, s.states[target].doctrine);
    let word = if r == 0.0 { "none" } else { response_word(r) };
    (r, word)
}

/// The weight the energy gives the threat of `a` to `b`: how much lower the energy is
/// with the two apart (balancing) or together (bandwagoning) because of this threat
/// alone — `|σ_b| · s_b · T(a→b)`, with σ_b the response of `b` under `model`.
pub fn threat_weight(s: &Scenario, model: &Model, a: usize, b: usize) -> f64 {
    let (r, _) = threat_response(model, s, b);
    r.abs() * s.states[b].power * threat(s, a, b).threat
}

fn aid(s: &Scenario, a: usize, b: usize) -> f64 {
    s.offer(a, b) + s.offer(b, a)
}

/// How a state answers the threats it faces: −1 pushes it away from the threatener
/// (balancing), +1 towards it (bandwagoning). A doctrine overrides the model's mix for
/// that state, with the model's whole threat weight.
fn response(model: &Model, doctrine: Option<Doctrine>) -> f64 {
    let (bal, band) = (
        model.weight(ModelKind::Balancing),
        model.weight(ModelKind::Bandwagoning),
    );
    match doctrine {
        Some(Doctrine::Balancing) => -(bal + band),
        Some(Doctrine::Bandwagoning) => bal + band,
        None => band - bal,
    }
}

fn response_word(r: f64) -> &'static str {
    if r < 0.0 { "balancing" } else { "bandwagoning" }
}

/// Every force on the pair (i, j) under `model`; their sum is p_ij.
pub fn terms(s: &Scenario, model: &Model, i: usize, j: usize) -> Vec<Term> {
    let mut out = Vec::new();
    let name = |k: usize| s.states[k].name.as_str();
    // Each state answers the threat it faces with its own doctrine, so a pair with two
    // doctrines combines them half and half: p = ½(σ_j·T(i→j) + σ_i·T(j→i)).
    for (from, to) in [(i, j), (j, i)] {
        let sigma = response(model, s.states[to].doctrine);
        if sigma != 0.0 {
            let t = threat_propensity(s, from, to);
            if t != 0.0 {
                let verb = if sigma < 0.0 {
                    "balances against"
                } else {
                    "bandwagons with"
                };
                out.push(Term {
                    source: response_word(sigma),
                    reason: format!("{} {verb} {}'s threat", name(to), name(from)),
                    propensity: 0.5 * sigma * t,
                    pact: None,
                });
            }
        }
    }
    let w_ideo = model.weight(ModelKind::Ideology);
    if w_ideo != 0.0
        && let (Some(a), Some(b)) = (s.states[i].ideology, s.states[j].ideology)
    {
        let aff = s.affinity(a, b);
        if aff != 0.0 {
            let (ia, ib) = (&s.ideologies[a], &s.ideologies[b]);
            let reason = if a == b {
                format!("{} and {} share the ideology {ia}", name(i), name(j))
            } else {
                format!("{}'s {ia} and {}'s {ib}", name(i), name(j))
            };
            out.push(Term {
                source: "ideology",
                reason,
                propensity: w_ideo * aff,
                pact: None,
            });
        }
    }
    let w_aid = model.weight(ModelKind::Aid);
    if w_aid != 0.0 {
        let a = aid(s, i, j);
        if a != 0.0 {
            out.push(Term {
                source: "aid",
                reason: format!("aid between {} and {}", name(i), name(j)),
                propensity: w_aid * AID_UNIT * a / 2.0,
                pact: None,
            });
        }
    }
    let w_land = model.weight(ModelKind::Landscape);
    if w_land != 0.0
        && let Some(Relation::Propensity(p)) =
            s.find(i, j, |r| matches!(r, Relation::Propensity(_)))
        && *p != 0.0
    {
        out.push(Term {
            source: "landscape",
            reason: format!(
                "propensity {} ~ {} = {}",
                name(i),
                name(j),
                crate::model::fmt_num(*p)
            ),
            propensity: w_land * p,
            pact: None,
        });
    }
    // One rule in every model, `landscape` included: each active alliance holding both
    // adds its reliability, whatever the model's weights. The weights measure each
    // model's forces against this bonus, so a weight with nothing to act on (`ideology 1`
    // in a file without ideologies) changes nothing. A typed alliance adds it for the
    // promises to fight beside the other (defense, offense), each way counted half as
    // threats and aid are: a one-sided guarantee pulls half as hard as a mutual pact,
    // and a neutrality, non-aggression or consultation pact not at all (docs/book/src/language.md, typed alliances).
    for a in &s.alliances {
        // Most alliances hold neither: skip them before asking what is owed.
        if !(a.active && a.members.contains(&i) && a.members.contains(&j)) {
            continue;
        }
        let (ij, ji) = (a.owes(s, i, j), a.owes(s, j, i));
        let share =
            (f64::from(u8::from(ij.is_military())) + f64::from(u8::from(ji.is_military()))) / 2.0;
        if share == 0.0 {
            continue;
        }
        let pact = pact_words(s, &ij, &ji, i, j);
        out.push(Term {
            source: "alliance",
            reason: match &pact {
                None => format!("{} and {} are allied in {}", name(i), name(j), a.name),
                Some(p) => format!("{} and {} are allied in {} ({p})", name(i), name(j), a.name),
            },
            propensity: ALLIANCE_BONUS * a.reliability * share,
            pact,
        });
    }
    out
}

/// The military obligations between `i` and `j` in words (`defense`, `defense by
/// Britain`, `offense by Germany, defense by Austria-Hungary`); `None` for an untyped
/// alliance.
fn pact_words(s: &Scenario, ij: &Owed, ji: &Owed, i: usize, j: usize) -> Option<String> {
    let strongest = |o: &Owed| match o {
        Owed::Typed(v) => v.iter().copied().find(|t| t.is_military()),
        _ => None,
    };
    let (a, b) = (strongest(ij), strongest(ji));
    let name = |k: usize| s.states[k].name.as_str();
    match (a, b) {
        (Some(x), Some(y)) if x == y => Some(x.name().to_string()),
        (Some(x), Some(y)) => Some(format!(
            "{} by {}, {} by {}",
            x.name(),
            name(i),
            y.name(),
            name(j)
        )),
        (Some(x), None) => Some(format!("{} by {} only", x.name(), name(i))),
        (None, Some(y)) => Some(format!("{} by {} only", y.name(), name(j))),
        (None, None) => None,
    }
}

pub fn propensity(s: &Scenario, model: &Model, i: usize, j: usize) -> f64 {
    terms(s, model, i, j).iter().map(|t| t.propensity).sum()
}

/// The landscape the engine solves: the declared powers as sizes (so energies match
/// published landscape studies) and the dense, symmetric propensity matrix under
/// `model`. No propensity holds a power (nothing is normalised by the scenario's
/// total), so scaling every power by the same factor only scales every energy by its
/// square, and a state with no relation to anyone changes no other pair.
pub fn landscape(s: &Scenario, model: &Model) -> Landscape {
    let n = s.states.len();
    let mut p = vec![0.0; n * n];
    for i in 0..n {
        for j in i + 1..n {
            let v = propensity(s, model, i, j);
            p[i * n + j] = v;
            p[j * n + i] = v;
        }
    }
    Landscape {
        sizes: s.states.iter().map(|st| st.power).collect(),
        propensity: p,
        blocs: s.blocs,
        neutral: s.neutral,
    }
}
