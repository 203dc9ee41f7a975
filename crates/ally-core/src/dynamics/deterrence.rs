//! `would A attack B?`: the balance of the committed sides (Walt; Leeds 2003 on which
//! pacts commit whom).

use serde::Serialize;

use crate::model::Scenario;
use crate::model::pacts::{Owed, PactType};
use crate::solve::{EVEN_RATIO, Solved};

#[derive(Clone, Debug, Serialize)]
pub struct Supporter {
    pub state: String,
    pub power: f64,
    pub reliability: f64,
    /// The typed pact that commits it (`defense`, `offense`); absent for the principal
    /// and for an untyped alliance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pact: Option<&'static str>,
}

/// A state bound to a principal by pacts that do not commit it to fight in this war
/// (a non-aggression pact; a defense pact with the attacker, who is not attacked).
#[derive(Clone, Debug, Serialize)]
pub struct Bound {
    pub state: String,
    /// Its obligations to the principal, strongest first: `neutrality, consultation`.
    pub pacts: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Deterrence {
    pub attacker: String,
    pub target: String,
    /// Each side: the principal at full power, its allies at their alliance's
    /// reliability.
    pub attacker_side: Vec<Supporter>,
    pub target_side: Vec<Supporter>,
    pub attacker_power: f64,
    pub target_power: f64,
    /// Attacker's side over the target's.
    pub ratio: f64,
    pub deterred: bool,
    /// States the predicted alignment puts in each principal's bloc without a committed
    /// alliance to it (nor a typed pact: those are in `…_bound`): shown, not counted
    /// (only commitments deter). Empty when the
    /// alignment could not be computed.
    pub attacker_uncommitted: Vec<String>,
    pub target_uncommitted: Vec<String>,
    /// States with typed pacts to each principal that do not count (see [`Bound`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attacker_bound: Vec<Bound>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub target_bound: Vec<Bound>,
    /// States the predicted alignment keeps out of every bloc (`blocs N, neutral`),
    /// other than the two principals and their committed sides: shown, not counted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub neutral: Vec<String>,
    /// The games in extensive form that model this decision — trees whose players
    /// include both principals by name — with their subgame-perfect outcomes; cited,
    /// not counted (the verdict is the balance of the committed sides).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub games: Vec<GameCited>,
}

/// A game tree `would A attack B?` cites: its name and what its subgame-perfect
/// equilibria do (as `path of G?` answers), or why it could not be solved.
#[derive(Clone, Debug, Serialize)]
pub struct GameCited {
    pub game: String,
    pub players: Vec<String>,
    /// Each outcome of the subgame-perfect equilibria: the leaves reached, each as its
    /// moves from the root and its exact probability.
    pub paths: Vec<Vec<CitedLeaf>>,
    /// Why the tree has no answer here (too large to solve), instead of `paths`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CitedLeaf {
    pub moves: Vec<String>,
    pub probability: String,
}

impl Deterrence {
    /// Fills the bloc-mates of each principal, in `solved`'s predicted alignment, that
    /// are not on its side.
    pub fn with_bloc_mates(mut self, solved: &Solved, attacker: usize, target: usize) -> Self {
        let s = &solved.scenario;
        let mates = |principal: usize, side: &[Supporter], bound: &[Bound]| -> Vec<String> {
            let Some(b) = solved.bloc_of(principal) else {
                return Vec::new();
            };
            (0..s.states.len())
                .filter(|&j| j != attacker && j != target && solved.bloc_of(j) == Some(b))
                .map(|j| s.states[j].name.clone())
                .filter(|n| !side.iter().any(|x| &x.state == n))
                .filter(|n| !bound.iter().any(|x| &x.state == n))
                .collect()
        };
        self.attacker_uncommitted = mates(attacker, &self.attacker_side, &self.attacker_bound);
        self.target_uncommitted = mates(target, &self.target_side, &self.target_bound);
        let committed = |n: &String| {
            [&self.attacker_side, &self.target_side]
                .iter()
                .any(|side| side.iter().any(|x| &x.state == n))
        };
        self.neutral = (0..s.states.len())
            .filter(|&j| solved.is_neutral(j))
            .map(|j| s.states[j].name.clone())
            .filter(|n| !committed(n))
            .collect();
        self
    }
}

/// `would A attack B?`: the attack is deterred unless A's side, allies counted at the
/// reliability of their alliance, has an overwhelming superiority (at least
/// [`EVEN_RATIO`] : 1) over B's — deterrence works when power is balanced. Only a
/// commitment to fight in this war counts: for B, an untyped alliance or a defense
/// obligation to B (B is attacked); for A, an untyped alliance or an offense obligation
/// to A (A attacks) — Leeds (2003): defense pacts of the target deter, offense pacts of
/// the challenger embolden. Other typed pacts are shown as [`Bound`], not counted.
pub fn deterrence(s: &Scenario, attacker: usize, target: usize) -> Deterrence {
    let counts = |principal: usize, o: &Owed| -> Option<Option<&'static str>> {
        let needed = if principal == target {
            PactType::Defense
        } else {
            PactType::Offense
        };
        match o {
            Owed::Alliance => Some(None),
            Owed::Typed(_) if o.has(needed) => Some(Some(needed.name())),
            _ => None,
        }
    };
    let side = |principal: usize, other: usize| -> (Vec<Supporter>, Vec<Bound>) {
        let mut out = vec![Supporter {
            state: s.states[principal].name.clone(),
            power: s.states[principal].power,
            reliability: 1.0,
            pact: None,
        }];
        let mut bound = Vec::new();
        for (j, st) in s.states.iter().enumerate() {
            if j == principal || j == other {
                continue;
            }
            // An ally of both stays out: it cannot honour both commitments. Of typed
            // pacts, all but consultation bind it not to fight the other (a promise to
            // talk binds it to nothing).
            let owes_other = s.alliances.iter().any(|a| match a.owes(s, j, other) {
                Owed::Nothing => false,
                Owed::Alliance => true,
                Owed::Typed(v) => v.iter().any(|&t| t != PactType::Consultation),
            });
            let mut best: Option<(f64, Option<&'static str>)> = None;
            let mut held: Vec<PactType> = Vec::new();
            for a in &s.alliances {
                let o = a.owes(s, j, principal);
                match counts(principal, &o) {
                    Some(pact) if best.is_none_or(|(r, _)| a.reliability > r) => {
                        best = Some((a.reliability, pact));
                    }
                    Some(_) => {}
                    None => {
                        if let Owed::Typed(v) = o {
                            held.extend(v);
                        }
                    }
                }
            }
            match best {
                Some((r, pact)) if !owes_other => out.push(Supporter {
                    state: st.name.clone(),
                    power: st.power,
                    reliability: r,
                    pact,
                }),
                Some(_) => {}
                None if !held.is_empty() => {
                    held.sort();
                    held.dedup();
                    bound.push(Bound {
                        state: st.name.clone(),
                        pacts: held.iter().map(|t| t.name()).collect::<Vec<_>>().join(", "),
                    });
                }
                None => {}
            }
        }
        (out, bound)
    };
    let (a, attacker_bound) = side(attacker, target);
    let (b, target_bound) = side(target, attacker);
    let total = |v: &[Supporter]| v.iter().map(|x| x.power * x.reliability).sum::<f64>();
    let (pa, pb) = (total(&a), total(&b));
    let ratio = if pb > 0.0 { pa / pb } else { f64::INFINITY };
    Deterrence {
        attacker: s.states[attacker].name.clone(),
        target: s.states[target].name.clone(),
        attacker_side: a,
        target_side: b,
        attacker_power: pa,
        target_power: pb,
        ratio,
        deterred: ratio < EVEN_RATIO,
        attacker_uncommitted: Vec::new(),
        target_uncommitted: Vec::new(),
        attacker_bound,
        target_bound,
        neutral: Vec::new(),
        games: Vec::new(),
    }
}
