//! The abstract syntax of a `.ally` file. Every node keeps its byte span so that the
//! checker can point diagnostics at the exact text.

use crate::span::Span;

/// A name as written: an identifier or a quoted string (quotes removed).
#[derive(Clone, Debug, PartialEq)]
pub struct Name {
    pub text: String,
    pub span: Span,
}

/// A number as written. Fractions (`1/2`) are kept exact for games.
#[derive(Clone, Debug, PartialEq)]
pub struct Num {
    pub value: f64,
    /// The exact value of the literal as written ([`super::literal::exact`]); `None` when
    /// it is too long to keep exact. Game payoffs use it, every other number `value`.
    pub exact: Option<num_rational::BigRational>,
    pub span: Span,
}

/// A number that may be uncertain (SPEC §1.2): `0.5`, or the range `0.3..0.7`, uniform on
/// it. Only the numbers of a scenario's declarations that a draw may vary are amounts.
#[derive(Clone, Debug, PartialEq)]
pub struct Amount {
    /// The number, or the lower end of the range.
    pub low: Num,
    /// The upper end of a range; `None` for a plain number.
    pub high: Option<Num>,
}

impl Amount {
    /// A plain number.
    pub fn exact(n: Num) -> Self {
        Amount { low: n, high: None }
    }

    /// The text it covers.
    pub fn span(&self) -> Span {
        match &self.high {
            Some(h) => self.low.span.join(h.span),
            None => self.low.span,
        }
    }

    /// Its two ends (the number twice when it is not a range).
    pub fn ends(&self) -> (&Num, &Num) {
        (&self.low, self.high.as_ref().unwrap_or(&self.low))
    }

    /// The number at the middle of the range (the number itself when it is not one):
    /// what every question but those about chances sees.
    pub fn mid(&self) -> f64 {
        let (a, b) = self.ends();
        crate::syntax::middle(a.value, b.value)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    Scenario(Name),
    Ideology(Vec<Name>),
    Affinity {
        a: Name,
        b: Name,
        value: Amount,
    },
    State(StateDecl),
    Border {
        a: Name,
        b: Name,
    },
    Distance {
        a: Name,
        b: Name,
        value: Amount,
    },
    Threat {
        from: Name,
        to: Name,
        level: Option<Amount>,
    },
    Offer {
        from: Name,
        to: Name,
        amount: Amount,
    },
    Alliance {
        name: Option<Name>,
        members: Vec<Name>,
        reliability: Option<Amount>,
        /// `type …`: what the members owe each other; empty for an untyped alliance.
        types: Vec<PactClause>,
    },
    EndAlliance(Name),
    /// `end threat A -> B`: A's intent towards B returns to the latent level.
    EndThreat {
        from: Name,
        to: Name,
    },
    Model(Vec<ModelTerm>),
    /// `blocs N`, and `blocs N, neutral` (`neutral`: a state may stay out of every bloc).
    Blocs {
        count: Num,
        neutral: bool,
    },
    Propensity {
        a: Name,
        b: Name,
        value: Amount,
    },
    At {
        time: Num,
        events: Vec<Stmt>,
    },
    Expect(Expectation),
    Game(GameDecl),
    Battle {
        winner: Name,
        loser: Name,
        loss: Option<Num>,
    },
    Turmoil {
        state: Name,
        ideology: Name,
    },
    Leave(Name),
    /// `power X = v`: a state's power changes.
    Power {
        state: Name,
        value: Amount,
    },
    /// `proximity default x`.
    ProximityDefault(Num),
    /// `draws N`: how many draws the questions about chances take.
    Draws(Num),
    /// `seed S`: the seed of their random stream.
    Seed(Num),
    /// `latent intent x`: the intent of pairs with no declared threat.
    LatentIntent(Amount),
    Query(Query),
    /// A declaration the parser could not read whole (its syntax error is reported): the
    /// names it declares, so that the checker takes them as declared and later lines
    /// that use them report nothing more. Never applied, answered or formatted.
    Unreadable(Vec<(Declares, Name)>),
}

/// What kind of name an unreadable declaration declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Declares {
    State,
    Ideology,
    Game,
    Alliance,
}

/// One obligation of an alliance's `type`: `defense`, or `defense by Britain, France`.
#[derive(Clone, Debug, PartialEq)]
pub struct PactClause {
    /// The type as written (`defense`, `non-aggression`); the checker reads it.
    pub kind: Name,
    /// The members that hold it; empty: every member.
    pub by: Vec<Name>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StateDecl {
    pub name: Name,
    /// Each attribute with the span of its whole text (`power 0.2`).
    pub attrs: Vec<(StateAttr, Span)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StateAttr {
    Power(Amount),
    Ideology(Name),
    Offense(Amount),
    At(Num, Num),
    Doctrine(Name),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ModelTerm {
    pub model: Name,
    pub weight: Option<Weight>,
}

/// A model weight as written; a name where a number belongs is an error the checker
/// explains (usually a missing comma between two models).
#[derive(Clone, Debug, PartialEq)]
pub enum Weight {
    Number(Num),
    Name(Name),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expectation {
    With(Name, Name),
    /// `expect A with B likely`: together in at least half of the draws.
    Likely(Name, Name),
    Against(Name, Name),
    Indifferent(Name),
    /// `expect X neutral`: X stays out of every bloc (`blocs N, neutral`).
    Neutral(Name),
    BiggestThreat {
        target: Name,
        threat: Name,
    },
    /// `expect equilibria of G = N`: the number of equilibria listed.
    Equilibria {
        game: Name,
        count: Num,
    },
    /// `expect equilibrium of G is S1, S2`: that pure profile is an equilibrium; and
    /// the same profile as the payoff dominant or the risk dominant one.
    Profile {
        test: ProfileTest,
        game: Name,
        profile: Vec<Name>,
    },
    /// `expect stable alignments = N`.
    StableCount(Num),
    /// `expect price of X for Y between A and B`.
    PriceBetween {
        target: Name,
        buyer: Name,
        low: Num,
        high: Num,
    },
    /// `expect A deterred from B` (`deterred` true) and `expect A not deterred from B`:
    /// the verdict of `would A attack B?`.
    Deterred {
        attacker: Name,
        target: Name,
        deterred: bool,
    },
    /// `expect X switches at T`, or with `state` `None`, `expect nobody switches at T`:
    /// the switches of the timeline's step at time T.
    Switches {
        state: Option<Name>,
        time: Num,
    },
    /// `expect balance fairly even` (`even` true) and `expect balance overwhelming`.
    Balance {
        even: bool,
    },
    /// `expect QUANTITY = v [± tol]`: a number an answer prints.
    Value {
        quantity: Quantity,
        value: Num,
        tolerance: Option<Num>,
    },
    /// `expect subgame perfect of G is A, B, …` (one action per decision point, in the
    /// order the tree writes them) and `expect path of G is A, B, …` (moves from the root
    /// to a leaf): games in extensive form.
    Tree {
        test: TreeTest,
        game: Name,
        actions: Vec<Name>,
    },
    /// `expect subgame perfect of G = N`: the number of subgame-perfect equilibria.
    SubgamePerfectCount {
        game: Name,
        count: Num,
    },
}

/// What `expect … of G is A, B, …` says of a tree.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum TreeTest {
    SubgamePerfect,
    Path,
}

/// The number an `expect … = v` reads, and from which answer.
#[derive(Clone, Debug, PartialEq)]
pub enum Quantity {
    /// `threat of A to B`: Walt's product in `threats to B?`.
    Threat { from: Name, to: Name },
    /// `weight of A to B`: the weight the energy gives that threat (`threats to B?`).
    Weight { from: Name, to: Name },
    /// `price of X for Y`: the price `price of X for Y?` finds.
    Price { target: Name, buyer: Name },
    /// `energy`: the predicted alignment's (`who allies with whom?`).
    Energy,
    /// `cost of leaving X`: the cost of X's best move (`why X?`).
    CostOfLeaving(Name),
    /// `ratio of balance`: the strongest bloc's power over the weakest's (`balance of power?`).
    BalanceRatio,
    /// `ratio of A attacking B`: the sides' ratio in `would A attack B?`.
    AttackRatio { attacker: Name, target: Name },
    /// `basin of stable N`: the basin of the N-th alignment `stable alignments?` lists.
    Basin(Num),
    /// `chance of A with B`: the share of draws `how likely is A with B?` finds.
    ChanceWith(Name, Name),
    /// `chance of A deterred from B`: the share `how likely is A deterred from B?` finds.
    ChanceDeterred { attacker: Name, target: Name },
}

/// What `expect … of G is PROFILE` says of the profile.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ProfileTest {
    Equilibrium,
    PayoffDominant,
    RiskDominant,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    pub kind: QueryKind,
    /// The query as written, without the trailing `?`.
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum QueryKind {
    WhoAllies,
    AlliesOf(Name),
    EnemiesOf(Name),
    Why(Name),
    BiggestThreat(Name),
    ThreatsTo(Name),
    Stable,
    Compare,
    Balance,
    WhatIf(Box<Stmt>),
    Price {
        target: Name,
        buyer: Name,
    },
    WouldAttack {
        attacker: Name,
        target: Name,
    },
    Timeline,
    Equilibria(Name),
    Dominant(Name),
    BestResponses(Name),
    SubgamePerfect(Name),
    Path(Name),
    StrategicForm(Name),
    /// `how likely is A with B?`
    LikelyWith(Name, Name),
    /// `how likely is A deterred from B?`
    LikelyDeterred {
        attacker: Name,
        target: Name,
    },
    /// `chances of alignments?`
    Chances,
    /// `what decides A?`
    Decides(Name),
}

impl QueryKind {
    /// The stable identifier of the query kind (the `kind` field of JSON output).
    pub fn id(&self) -> &'static str {
        match self {
            QueryKind::WhoAllies => "alignment",
            QueryKind::AlliesOf(_) => "allies",
            QueryKind::EnemiesOf(_) => "enemies",
            QueryKind::Why(_) => "why",
            QueryKind::BiggestThreat(_) => "biggest_threat",
            QueryKind::ThreatsTo(_) => "threats",
            QueryKind::Stable => "stable_alignments",
            QueryKind::Compare => "compare_models",
            QueryKind::Balance => "balance_of_power",
            QueryKind::WhatIf(_) => "what_if",
            QueryKind::Price { .. } => "price",
            QueryKind::WouldAttack { .. } => "deterrence",
            QueryKind::Timeline => "timeline",
            QueryKind::Equilibria(_) => "equilibria",
            QueryKind::Dominant(_) => "dominant_strategies",
            QueryKind::BestResponses(_) => "best_responses",
            QueryKind::SubgamePerfect(_) => "subgame_perfect",
            QueryKind::Path(_) => "path",
            QueryKind::StrategicForm(_) => "strategic_form",
            QueryKind::LikelyWith(..) => "likelihood",
            QueryKind::LikelyDeterred { .. } => "deterrence_likelihood",
            QueryKind::Chances => "chances",
            QueryKind::Decides(_) => "decides",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct GameDecl {
    pub name: Name,
    pub items: Vec<GameItem>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum GameItem {
    Players(Vec<Name>),
    Strategies {
        player: Option<Name>,
        strategies: Vec<Name>,
        span: Span,
    },
    OutcomeValues(Vec<(Name, Num)>),
    /// Tiers from best to worst; names inside a tier are tied.
    OutcomeRanking(Vec<Vec<Name>>),
    Row {
        profile: Vec<Name>,
        payoffs: Vec<Payoff>,
        span: Span,
    },
    /// `tree NODE`: the game in extensive form; `span` covers `tree` and the node.
    Tree {
        root: TreeNode,
        span: Span,
    },
}

/// A node of a game tree as written.
#[derive(Clone, Debug, PartialEq)]
pub struct TreeNode {
    pub kind: NodeKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// `Player [in "set"] { Action -> NODE … }`.
    Player {
        player: Name,
        set: Option<Name>,
        moves: Vec<TreeMove>,
    },
    /// `chance { Name p -> NODE … }`: every move has its probability.
    Chance(Vec<TreeMove>),
    /// One payoff per player.
    Leaf(Vec<Payoff>),
}

/// `Action -> NODE` (a player's move) or `Name p -> NODE` (chance's).
#[derive(Clone, Debug, PartialEq)]
pub struct TreeMove {
    pub action: Name,
    pub probability: Option<Num>,
    pub child: TreeNode,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Payoff {
    Number(Num),
    Outcome(Name),
}
