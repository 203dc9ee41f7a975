//! Checked questions and expectations: what the checker hands the answering stages.
//! States are indices into the scenario snapshot the question is paired with (see
//! [`super::check::Item`]), games indices into its `games`; nothing is looked up by
//! name again.

use super::Located;

/// A checked query and its text as written, without the trailing `?`.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    pub kind: Question,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Question {
    WhoAllies,
    AlliesOf(usize),
    EnemiesOf(usize),
    Why(usize),
    BiggestThreat(usize),
    ThreatsTo(usize),
    Stable,
    Compare,
    Balance,
    /// The event, where it is written and the ranges in it.
    WhatIf(Box<Located>),
    Price {
        target: usize,
        buyer: usize,
    },
    WouldAttack {
        attacker: usize,
        target: usize,
    },
    Timeline,
    Equilibria(usize),
    Dominant(usize),
    BestResponses(usize),
    /// `how likely is A with B?`
    LikelyWith(usize, usize),
    /// `how likely is A deterred from B?`
    LikelyDeterred {
        attacker: usize,
        target: usize,
    },
    /// `chances of alignments?`
    Chances,
    /// `what decides A?`
    Decides(usize),
    /// Questions about a game in extensive form (an index into `trees`).
    Tree(TreeQuestion, usize),
}

/// What is asked of a game in extensive form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TreeQuestion {
    /// `subgame perfect equilibria of G?`
    SubgamePerfect,
    /// `equilibria of G?` on a tree: Nash equilibria through the reduced strategic form.
    Equilibria,
    /// `path of G?`
    Path,
    /// `strategic form of G?`
    StrategicForm,
}

impl Question {
    /// The stable identifier of the query kind (the `kind` field of JSON output).
    pub fn id(&self) -> &'static str {
        match self {
            Question::WhoAllies => "alignment",
            Question::AlliesOf(_) => "allies",
            Question::EnemiesOf(_) => "enemies",
            Question::Why(_) => "why",
            Question::BiggestThreat(_) => "biggest_threat",
            Question::ThreatsTo(_) => "threats",
            Question::Stable => "stable_alignments",
            Question::Compare => "compare_models",
            Question::Balance => "balance_of_power",
            Question::WhatIf(..) => "what_if",
            Question::Price { .. } => "price",
            Question::WouldAttack { .. } => "deterrence",
            Question::Timeline => "timeline",
            Question::Equilibria(_) => "equilibria",
            Question::Dominant(_) => "dominant_strategies",
            Question::BestResponses(_) => "best_responses",
            Question::Tree(TreeQuestion::SubgamePerfect, _) => "subgame_perfect",
            Question::Tree(TreeQuestion::Equilibria, _) => "equilibria",
            Question::Tree(TreeQuestion::Path, _) => "path",
            Question::Tree(TreeQuestion::StrategicForm, _) => "strategic_form",
            Question::LikelyWith(..) => "likelihood",
            Question::LikelyDeterred { .. } => "deterrence_likelihood",
            Question::Chances => "chances",
            Question::Decides(_) => "decides",
        }
    }
}

/// A checked `expect`.
#[derive(Clone, Debug, PartialEq)]
pub enum Expectation {
    With(usize, usize),
    /// `expect A with B likely`: together in at least half of the draws.
    Likely(usize, usize),
    Against(usize, usize),
    Indifferent(usize),
    /// `expect X neutral`.
    Neutral(usize),
    BiggestThreat {
        target: usize,
        threat: usize,
    },
    /// `expect equilibria of G = N`: the number of equilibria listed.
    Equilibria {
        game: usize,
        count: u64,
    },
    /// `expect equilibrium|payoff dominant|risk dominant of G is S1, S2`: one strategy
    /// (its index) per player.
    Profile {
        test: ProfileTest,
        game: usize,
        profile: Vec<usize>,
    },
    /// `expect stable alignments = N`.
    StableCount(u64),
    /// `expect price of X for Y between A and B`.
    PriceBetween {
        target: usize,
        buyer: usize,
        low: f64,
        high: f64,
    },
    /// `expect A [not] deterred from B`: the verdict of `would A attack B?`.
    Deterred {
        attacker: usize,
        target: usize,
        deterred: bool,
    },
    /// `expect X switches at T` (`state` is `X`'s name, as the timeline names who
    /// switches) or `expect nobody switches at T` (`None`).
    Switches {
        state: Option<String>,
        time: f64,
    },
    /// `expect balance fairly even` (`even`) or `expect balance overwhelming`.
    Balance {
        even: bool,
    },
    /// `expect QUANTITY = value [± tolerance]`; without a tolerance, the precision the
    /// answer prints the actual number with.
    Value {
        quantity: Quantity,
        value: f64,
        tolerance: Option<f64>,
    },
    /// `expect subgame perfect of G is …` (`moves`: one move index per information
    /// set, in order) or `expect path of G is …` (`moves`: the index of each move from
    /// the root to a leaf); `game` indexes `trees`.
    Tree {
        test: TreeTest,
        game: usize,
        moves: Vec<usize>,
    },
    /// `expect subgame perfect of G = N` (`subgame_perfect`) or `expect equilibria of G
    /// = N` on a tree.
    TreeCount {
        game: usize,
        count: u64,
        subgame_perfect: bool,
    },
}

/// A number an answer prints, as `expect … = v` names it (states by index).
#[derive(Clone, Debug, PartialEq)]
pub enum Quantity {
    Threat {
        from: usize,
        to: usize,
    },
    Weight {
        from: usize,
        to: usize,
    },
    Price {
        target: usize,
        buyer: usize,
    },
    Energy,
    CostOfLeaving(usize),
    BalanceRatio,
    AttackRatio {
        attacker: usize,
        target: usize,
    },
    /// The basin of the alignment listed at this place (1 is the first).
    Basin(usize),
    /// The share of draws with the two in one bloc.
    ChanceWith(usize, usize),
    /// The share of draws in which the attack is deterred.
    ChanceDeterred {
        attacker: usize,
        target: usize,
    },
}

pub use crate::syntax::ast::TreeTest;

pub use crate::syntax::ast::ProfileTest;
