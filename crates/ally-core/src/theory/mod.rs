//! Walt's theory as numbers: threat, proximity and the propensity of every pair under
//! each model (SPEC §1.2). Every constant a user may need to know is here and in the
//! book's chapter on how the answer is computed (docs/book/src/models.md).

use serde::Serialize;

use crate::engine::Landscape;
use crate::model::pacts::Owed;
use crate::model::{Doctrine, Model, ModelKind, Relation, Scenario};

/// Intent of `a` towards `b` when no `threat` is declared and the file does not set
/// `latent intent`: Walt's "aggregate power as a potential threat" — power alone is
/// some threat, since "no statesman can be completely sure of what another will do".
/// Partners (an active alliance, an offer of aid) have none (docs/book/src/models.md, "Latent threat").
pub const DEFAULT_LATENT_INTENT: f64 = 0.1;
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
    /// Which way it works, in words: "France balances against Germany's threat", or
    /// for a latent term "Amber keeps apart from Leviathan's power (no declared threat)".
    pub reason: String,
    /// Its contribution to the propensity p_ij.
    pub propensity: f64,
    /// A threat term from power alone, with no declared threat (the latent intent);
    /// false for declared threats and every other term.
    pub latent: bool,
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
    /// No threat is declared: the intent is the scenario's latent intent (0 between
    /// partners).
    pub latent: bool,
    /// Latent, and 0 because the two are partners: an active alliance holds both, or
    /// one offers the other aid.
    pub partners: bool,
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

/// The latent intent of the scenario: `latent intent x`, else the default.
pub fn latent_intent(s: &Scenario) -> f64 {
    s.latent_intent.unwrap_or(DEFAULT_LATENT_INTENT)
}

/// The intent of `a` towards `b`: a declared `threat`; else 0 between partners
/// ([`Scenario::partners`]); else the latent intent.
pub fn intent(s: &Scenario, a: usize, b: usize) -> Intent {
    let declared = s.directed(a, b, |r| match r {
        Relation::Threat(l) => Some(*l),
        _ => None,
    });
    match declared {
        Some(level) => Intent {
            level,
            declared: true,
            partners: false,
        },
        None if s.partners(a, b) => Intent {
            level: 0.0,
            declared: false,
            partners: true,
        },
        None => Intent {
            level: latent_intent(s),
            declared: false,
            partners: false,
        },
    }
}

/// An intent and where it comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Intent {
    pub level: f64,
    /// A `threat` is declared; else the intent is latent.
    pub declared: bool,
    /// Latent and 0 because the two are partners.
    pub partners: bool,
}

/// T(a→b) = power_a · proximity(a, b) · offense_a · intent(a→b), with the declared
/// power in the file's own unit.
pub fn threat(s: &Scenario, a: usize, b: usize) -> Threat {
    let prox = proximity(s, a, b);
    let i = intent(s, a, b);
    let offense = s.states[a].offense;
    let power = s.states[a].power;
    Threat {
        from: a,
        to: b,
        power,
        proximity: prox,
        offense,
        intent: i.level,
        declared: i.declared,
        latent: !i.declared,
        partners: i.partners,
        threat: power * prox * offense * i.level,
    }
}

/// How `target` answers the threat of `from` under `model`: −w pushes it away from
/// the threatener (balancing), +w pulls it towards it (bandwagoning), 0 when the model
/// gives threats no weight; with the response's name.
pub fn threat_response(
    model: &Model,
    s: &Scenario,
    from: usize,
    target: usize,
) -> (f64, &'static str) {
    let r = response(model, s, from, target);
    let word = if r == 0.0 { "none" } else { response_word(r) };
    (r, word)
}

/// The weight the energy gives the threat of `a` to `b`: how much lower the energy is
/// with the two apart (balancing) or together (bandwagoning) because of this threat
/// alone — `|σ| · s_b · T(a→b)`, with σ the response of `b` to `a` under `model`.
pub fn threat_weight(s: &Scenario, model: &Model, a: usize, b: usize) -> f64 {
    let (r, _) = threat_response(model, s, a, b);
    r.abs() * s.states[b].power * threat(s, a, b).threat
}

fn aid(s: &Scenario, a: usize, b: usize) -> f64 {
    s.offer(a, b) + s.offer(b, a)
}

/// How `target` answers the threat of `from`: −1 pushes it away from the threatener
/// (balancing), +1 towards it (bandwagoning). A doctrine overrides the model's mix for
/// that state, with the model's whole threat weight. Bandwagoning is what the
/// threatened do towards a source of danger at least as strong as themselves (Walt;
/// the lecture: "ally alongside the biggest threat"): against a weaker threatener a
/// state that would bandwagon balances instead.
fn response(model: &Model, s: &Scenario, from: usize, target: usize) -> f64 {
    response_given(
        model,
        s.states[target].doctrine,
        bandwagons_with(s, from, target),
    )
}

/// [`response`] for a state of `doctrine` facing a threatener at least as strong
/// (`stronger`) or weaker.
fn response_given(model: &Model, doctrine: Option<Doctrine>, stronger: bool) -> f64 {
    let (bal, band) = (
        model.weight(ModelKind::Balancing),
        model.weight(ModelKind::Bandwagoning),
    );
    match doctrine {
        Some(Doctrine::Balancing) => -(bal + band),
        Some(Doctrine::Bandwagoning) if stronger => bal + band,
        None if stronger => band - bal,
        Some(Doctrine::Bandwagoning) | None => -(bal + band),
    }
}

/// Whether `target` may bandwagon with the threat of `from`: only when `from` is at
/// least as powerful (no state bandwagons with a weaker one).
pub fn bandwagons_with(s: &Scenario, from: usize, target: usize) -> bool {
    s.states[from].power >= s.states[target].power
}

fn response_word(r: f64) -> &'static str {
    if r < 0.0 { "balancing" } else { "bandwagoning" }
}

/// Every force on the pair (i, j) under `model`; their sum is p_ij.
pub fn terms(s: &Scenario, model: &Model, i: usize, j: usize) -> Vec<Term> {
    let mut out = Vec::new();
    each_term(s, model, i, j, true, |t| out.push(t));
    out
}

/// The forces of [`terms`], handed to `push` in order; unworded (empty reasons, no
/// pact) unless `worded`, so that [`propensity`], read for every pair of every draw of
/// an uncertain scenario, formats no words.
fn each_term(
    s: &Scenario,
    model: &Model,
    i: usize,
    j: usize,
    worded: bool,
    mut push: impl FnMut(Term),
) {
    let name = |k: usize| s.states[k].name.as_str();
    let words = |f: &dyn Fn() -> String| if worded { f() } else { String::new() };
    // Each state answers the threat it faces with its own doctrine, so a pair with two
    // doctrines combines them half and half: p = ½(σ_j·τ(i→j) + σ_i·τ(j→i)), with τ
    // Walt's product without the power — power counts once, as the landscape's size
    // (docs/book/src/models.md, "One definition of threat").
    for (from, to) in [(i, j), (j, i)] {
        let sigma = response(model, s, from, to);
        if sigma != 0.0 {
            let i = intent(s, from, to);
            let t = proximity(s, from, to) * s.states[from].offense * i.level;
            if t != 0.0 {
                let latent = !i.declared;
                push(Term {
                    source: response_word(sigma),
                    reason: words(&|| threat_words(model, s, from, to, latent)),
                    propensity: 0.5 * sigma * t,
                    latent,
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
            let reason = words(&|| {
                if a == b {
                    format!("{} and {} share the ideology {ia}", name(i), name(j))
                } else {
                    format!("{}'s {ia} and {}'s {ib}", name(i), name(j))
                }
            });
            push(Term {
                source: "ideology",
                reason,
                propensity: w_ideo * aff,
                latent: false,
                pact: None,
            });
        }
    }
    let w_aid = model.weight(ModelKind::Aid);
    if w_aid != 0.0 {
        let a = aid(s, i, j);
        if a != 0.0 {
            push(Term {
                source: "aid",
                reason: words(&|| format!("aid between {} and {}", name(i), name(j))),
                propensity: w_aid * AID_UNIT * a / 2.0,
                latent: false,
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
        push(Term {
            source: "landscape",
            reason: words(&|| {
                format!(
                    "propensity {} ~ {} = {}",
                    name(i),
                    name(j),
                    crate::model::fmt_num(*p)
                )
            }),
            propensity: w_land * p,
            latent: false,
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
        let pact = if worded {
            pact_words(s, &ij, &ji, i, j)
        } else {
            None
        };
        push(Term {
            source: "alliance",
            reason: words(&|| match &pact {
                None => format!("{} and {} are allied in {}", name(i), name(j), a.name),
                Some(p) => format!("{} and {} are allied in {} ({p})", name(i), name(j), a.name),
            }),
            propensity: ALLIANCE_BONUS * a.reliability * share,
            latent: false,
            pact,
        });
    }
}

/// How `to` answers the threat of `from` under `model`, in words. A latent term is
/// power, not a threat: "Amber keeps apart from Leviathan's power (no declared
/// threat)". A state that balances a threatener only because it is weaker (it would
/// bandwagon with a stronger one) is told so: "(Amber is weaker)".
fn threat_words(model: &Model, s: &Scenario, from: usize, to: usize, latent: bool) -> String {
    let (a, b) = (s.states[from].name.as_str(), s.states[to].name.as_str());
    let doctrine = s.states[to].doctrine;
    let stronger = bandwagons_with(s, from, to);
    let sigma = response_given(model, doctrine, stronger);
    let weaker = !stronger && response_given(model, doctrine, true) != sigma;
    match (sigma < 0.0, latent, weaker) {
        (true, false, false) => format!("{b} balances against {a}'s threat"),
        (true, false, true) => format!("{b} balances against {a}'s threat ({a} is weaker)"),
        (true, true, false) => format!("{b} keeps apart from {a}'s power (no declared threat)"),
        (true, true, true) => {
            format!("{b} keeps apart from {a}'s power (no declared threat; {a} is weaker)")
        }
        (false, false, _) => format!("{b} bandwagons with {a}'s threat"),
        (false, true, _) => format!("{b} bandwagons with {a}'s power (no declared threat)"),
    }
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

/// p_ij under `model`: the sum of [`terms`], added in their order from −0 as `Sum` adds
/// them, without their words.
pub fn propensity(s: &Scenario, model: &Model, i: usize, j: usize) -> f64 {
    let mut sum = -0.0;
    each_term(s, model, i, j, false, |t| sum += t.propensity);
    sum
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
