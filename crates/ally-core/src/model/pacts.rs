//! Typed alliances: what the members of a pact owe each other, in the five obligations
//! of ATOP (Leeds et al. 2002). An alliance written without `type` owes "alliance" —
//! full support both ways, as before types existed — so its meaning does not change.

use serde::Serialize;

use super::{AllianceInfo, Scenario, StateId};

/// An ATOP obligation, strongest first (the order `type` clauses are printed in).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PactType {
    /// Active military support if the partner is attacked.
    Defense,
    /// Active military support in a war the partner did not start by being attacked.
    Offense,
    /// To stay out of (not aid the enemy in) a war the partner is in.
    Neutrality,
    /// Not to use force against the partner.
    NonAggression,
    /// To consult in a crisis.
    Consultation,
}

impl PactType {
    pub const ALL: [PactType; 5] = [
        PactType::Defense,
        PactType::Offense,
        PactType::Neutrality,
        PactType::NonAggression,
        PactType::Consultation,
    ];

    /// The word in a file (`type non-aggression`).
    pub fn name(self) -> &'static str {
        match self {
            PactType::Defense => "defense",
            PactType::Offense => "offense",
            PactType::Neutrality => "neutrality",
            PactType::NonAggression => "non-aggression",
            PactType::Consultation => "consultation",
        }
    }

    pub fn parse(s: &str) -> Option<PactType> {
        PactType::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(s))
    }

    /// A promise to fight beside the partner: only these pull allies into one bloc.
    pub fn is_military(self) -> bool {
        matches!(self, PactType::Defense | PactType::Offense)
    }
}

/// One obligation of an alliance: its type and who holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct Obligation {
    pub kind: PactType,
    /// The members that hold it, by identity (so a state leaving changes nothing);
    /// `None`: every member.
    pub by: Option<Vec<StateId>>,
}

/// What one member owes another in one alliance.
#[derive(Clone, Debug, PartialEq)]
pub enum Owed {
    /// Nothing (a beneficiary of a one-sided pact owes its guarantor nothing).
    Nothing,
    /// An untyped alliance: full support, the meaning `alliance` always had.
    Alliance,
    /// These obligations, strongest first.
    Typed(Vec<PactType>),
}

impl Owed {
    /// Whether the member is committed to fight beside the other (any military
    /// obligation, or an untyped alliance).
    pub fn is_military(&self) -> bool {
        match self {
            Owed::Nothing => false,
            Owed::Alliance => true,
            Owed::Typed(v) => v.iter().any(|t| t.is_military()),
        }
    }
    pub fn has(&self, t: PactType) -> bool {
        match self {
            Owed::Typed(v) => v.contains(&t),
            _ => false,
        }
    }
    pub fn is_nothing(&self) -> bool {
        *self == Owed::Nothing
    }
}

impl AllianceInfo {
    /// What member `i` owes member `j` (state indices of `s`); [`Owed::Nothing`] when
    /// either is not a member or the alliance has ended.
    pub fn owes(&self, s: &Scenario, i: usize, j: usize) -> Owed {
        if !self.active || i == j || !self.members.contains(&i) || !self.members.contains(&j) {
            return Owed::Nothing;
        }
        if self.obligations.is_empty() {
            return Owed::Alliance;
        }
        let id = s.states[i].id;
        let held: Vec<PactType> = self
            .obligations
            .iter()
            .filter(|o| o.by.as_ref().is_none_or(|by| by.contains(&id)))
            .map(|o| o.kind)
            .collect();
        if held.is_empty() {
            Owed::Nothing
        } else {
            Owed::Typed(held)
        }
    }

    /// The obligations between members `i` and `j`, in `type` words (`defense`,
    /// `defense by Germany and offense`); `None` when untyped or none is held.
    pub fn between(&self, s: &Scenario, i: usize, j: usize) -> Option<String> {
        let (ij, ji) = (self.owes(s, i, j), self.owes(s, j, i));
        let words: Vec<String> = PactType::ALL
            .into_iter()
            .filter_map(|t| match (ij.has(t), ji.has(t)) {
                (true, true) => Some(t.name().to_string()),
                (true, false) => Some(format!("{} by {}", t.name(), s.states[i].name)),
                (false, true) => Some(format!("{} by {}", t.name(), s.states[j].name)),
                (false, false) => None,
            })
            .collect();
        (!words.is_empty()).then(|| words.join(" and "))
    }

    /// The alliance's type as a file writes it after `type`, `""` when untyped:
    /// `defense by Germany and offense`.
    pub fn type_text(&self, s: &Scenario) -> String {
        type_text(&self.obligations, |id| s.name_of(id).to_string())
    }
}

/// `defense and consultation by France, Russia`, names written by `name`.
pub fn type_text(obligations: &[Obligation], name: impl Fn(StateId) -> String) -> String {
    obligations
        .iter()
        .map(|o| match &o.by {
            None => o.kind.name().to_string(),
            Some(by) => format!(
                "{} by {}",
                o.kind.name(),
                by.iter().map(|&id| name(id)).collect::<Vec<_>>().join(", ")
            ),
        })
        .collect::<Vec<_>>()
        .join(" and ")
}
