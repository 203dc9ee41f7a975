//! Pest pairs to AST nodes. Each builder walks its pair with a [`Cursor`]; a child the
//! grammar promises but that is missing, or a rule no builder knows, is an
//! `ally::internal` diagnostic (the statement is dropped), never a made-up node.

use pest::iterators::Pair;

use super::cursor::{Cursor, internal};
use super::{Rule, is_punct};
use crate::diagnostics::{Diag, codes};
use crate::span::Span;
use crate::syntax::ast::*;

pub(super) fn payoff(p: Pair<Rule>, offset: usize, diags: &mut Vec<Diag>) -> Result<Payoff, Diag> {
    let inner = Cursor::new(p, offset).next("a payoff")?;
    Ok(if inner.as_rule() == Rule::value {
        Payoff::Number(num(inner, offset, diags)?)
    } else {
        Payoff::Outcome(checked_name(inner, offset)?)
    })
}

pub(super) fn span_of(pair: &Pair<Rule>, offset: usize) -> Span {
    let s = pair.as_span();
    Span::new(offset + s.start(), offset + s.end())
}

/// A `name` pair: an identifier, or a quoted string without its quotes.
pub(super) fn name(pair: Pair<Rule>, offset: usize) -> Name {
    let span = span_of(&pair, offset);
    let raw = pair.as_str();
    let text = if raw.starts_with('"') && raw.len() >= 2 {
        raw[1..raw.len() - 1].to_string()
    } else {
        raw.to_string()
    };
    Name { text, span }
}

/// A `number`, `fraction` or `value` pair. A number the user wrote but that cannot be
/// used (too large, a zero denominator) adds its diagnostic to `diags` and comes back
/// as `0.0`; that placeholder never reaches the checker, because `push_statement`
/// drops a statement whose numbers were rejected (and `state_attr` the attribute).
pub(super) fn num(pair: Pair<Rule>, offset: usize, diags: &mut Vec<Diag>) -> Result<Num, Diag> {
    let span = span_of(&pair, offset);
    let text = pair.as_str();
    let inner = match pair.as_rule() {
        Rule::value => pair
            .into_inner()
            .next()
            .ok_or_else(|| internal(span, "a value without its number"))?,
        Rule::number | Rule::fraction => pair,
        other => {
            return Err(internal(
                span,
                format!("a number expected, found {other:?}"),
            ));
        }
    };
    let rejected = Num {
        value: 0.0,
        exact: None,
        span,
    };
    if inner.as_rule() == Rule::fraction {
        if let Some(q) = crate::syntax::literal::exact(text) {
            use num_traits::ToPrimitive;
            return Ok(Num {
                value: q.to_f64().unwrap_or(0.0),
                exact: Some(q),
                span,
            });
        }
        let zero = text
            .split_once('/')
            .is_some_and(|(_, d)| d.bytes().all(|b| b == b'0'));
        diags.push(if zero {
            Diag::error(codes::BAD_NUMBER, span, "division by zero in a fraction")
                .label("the denominator is 0")
        } else {
            Diag::error(
                codes::BAD_NUMBER,
                span,
                format!("`{text}` is too long to keep exact"),
            )
            .label(format!(
                "at most {} digits",
                crate::syntax::literal::MAX_EXACT_DIGITS
            ))
        });
        return Ok(rejected);
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Num {
            value: v,
            exact: crate::syntax::literal::exact(text),
            span,
        }),
        _ => {
            diags.push(
                Diag::error(
                    codes::BAD_NUMBER,
                    span,
                    format!("`{text}` is not a finite number"),
                )
                .label("too large"),
            );
            Ok(rejected)
        }
    }
}

/// An `amount` pair: a number, or a range `low..high` (its order is the checker's to
/// judge, with the attribute's domain).
pub(super) fn amount(
    pair: Pair<Rule>,
    offset: usize,
    diags: &mut Vec<Diag>,
) -> Result<Amount, Diag> {
    if pair.as_rule() != Rule::amount {
        return Err(internal(
            span_of(&pair, offset),
            format!("an amount expected, found {:?}", pair.as_rule()),
        ));
    }
    let mut c = Cursor::new(pair, offset);
    let low = c.num(diags)?;
    let high = c.optional_num(diags)?;
    Ok(Amount { low, high })
}

/// A statement (or an event inside `at` or `what if`).
pub(super) fn statement(
    pair: Pair<Rule>,
    offset: usize,
    diags: &mut Vec<Diag>,
) -> Result<Stmt, Diag> {
    let span = span_of(&pair, offset);
    let rule = pair.as_rule();
    if rule == Rule::alliance_decl {
        let kind = alliance(pair, offset, diags)?;
        return Ok(Stmt { kind, span });
    }
    let mut c = Cursor::new(pair, offset);
    let kind = match rule {
        Rule::scenario_decl => StmtKind::Scenario(c.name()?),
        Rule::ideology_decl => StmtKind::Ideology(c.names()?),
        Rule::affinity_decl | Rule::distance_decl | Rule::propensity_decl => {
            let a = c.name()?;
            let b = c.name()?;
            let value = c.amount(diags)?;
            match rule {
                Rule::affinity_decl => StmtKind::Affinity { a, b, value },
                Rule::distance_decl => StmtKind::Distance { a, b, value },
                _ => StmtKind::Propensity { a, b, value },
            }
        }
        Rule::state_decl => {
            let name_ = c.name()?;
            let mut attrs = Vec::new();
            for p in c.rest() {
                if let Some(attr) = state_attr(p, offset, diags)? {
                    attrs.push(attr);
                }
            }
            StmtKind::State(StateDecl { name: name_, attrs })
        }
        Rule::border_decl => {
            let a = c.name()?;
            let b = c.name()?;
            StmtKind::Border { a, b }
        }
        Rule::threat_decl => {
            let from = c.name()?;
            let to = c.name()?;
            let level = c.optional_amount(diags)?;
            StmtKind::Threat { from, to, level }
        }
        Rule::offer_decl => {
            let from = c.name()?;
            let to = c.name()?;
            let amount = c.amount(diags)?;
            StmtKind::Offer { from, to, amount }
        }
        Rule::end_alliance_decl => StmtKind::EndAlliance(c.name()?),
        Rule::end_threat_decl => {
            let from = c.name()?;
            let to = c.name()?;
            StmtKind::EndThreat { from, to }
        }
        Rule::model_decl => {
            let mut terms = Vec::new();
            for term in c.rest() {
                terms.push(model_term(term, offset, diags)?);
            }
            StmtKind::Model(terms)
        }
        Rule::blocs_decl => StmtKind::Blocs {
            count: c.num(diags)?,
            neutral: c.optional().is_some(),
        },
        Rule::at_block => {
            let time = c.num(diags)?;
            let mut events = Vec::new();
            for p in c.rest() {
                events.push(statement(p, offset, diags)?);
            }
            StmtKind::At { time, events }
        }
        Rule::expect_decl => {
            StmtKind::Expect(expectation(c.next("an expectation")?, offset, diags)?)
        }
        Rule::game_decl => {
            let gname = c.name()?;
            let mut items = Vec::new();
            for p in c.rest() {
                items.push(game_item(p, offset, diags)?);
            }
            StmtKind::Game(GameDecl { name: gname, items })
        }
        Rule::battle_decl => {
            let winner = c.name()?;
            let loser = c.name()?;
            let loss = c.optional_num(diags)?;
            StmtKind::Battle {
                winner,
                loser,
                loss,
            }
        }
        Rule::turmoil_decl => {
            let state = c.name()?;
            let ideology = c.name()?;
            StmtKind::Turmoil { state, ideology }
        }
        Rule::leave_decl => StmtKind::Leave(c.name()?),
        Rule::power_decl => {
            let state = c.name()?;
            let value = c.amount(diags)?;
            StmtKind::Power { state, value }
        }
        Rule::proximity_default_decl => StmtKind::ProximityDefault(c.num(diags)?),
        Rule::draws_decl => StmtKind::Draws(c.num(diags)?),
        Rule::seed_decl => StmtKind::Seed(c.num(diags)?),
        Rule::latent_intent_decl => StmtKind::LatentIntent(c.amount(diags)?),
        Rule::query => StmtKind::Query(query(c.next("a query")?, offset, diags)?),
        other => {
            return Err(internal(
                span,
                format!("no statement is built from {other:?}"),
            ));
        }
    };
    Ok(Stmt { kind, span })
}

/// `alliance [Name] { A, B, … } [type …] [reliability r]`: names before the `{` name
/// the alliance, names inside are its members.
fn alliance(pair: Pair<Rule>, offset: usize, diags: &mut Vec<Diag>) -> Result<StmtKind, Diag> {
    let mut name_ = None;
    let mut members = Vec::new();
    let mut reliability = None;
    let mut types = Vec::new();
    let mut inside = false;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::lbrace => inside = true,
            Rule::name if inside => members.push(name(p, offset)),
            Rule::name => name_ = Some(name(p, offset)),
            Rule::reliability => reliability = Some(Cursor::new(p, offset).amount(diags)?),
            Rule::pact_types => {
                for o in Cursor::new(p, offset).rest() {
                    types.push(pact_clause(o, offset)?);
                }
            }
            r if is_punct(r) => {}
            other => {
                return Err(internal(
                    span_of(&p, offset),
                    format!("unexpected {other:?} in an alliance"),
                ));
            }
        }
    }
    Ok(StmtKind::Alliance {
        name: name_,
        members,
        reliability,
        types,
    })
}

/// `kind [by A, B, …]` of an alliance's `type`.
fn pact_clause(pair: Pair<Rule>, offset: usize) -> Result<PactClause, Diag> {
    if pair.as_rule() != Rule::obligation {
        return Err(internal(
            span_of(&pair, offset),
            format!("an obligation expected, found {:?}", pair.as_rule()),
        ));
    }
    let mut c = Cursor::new(pair, offset);
    let kind = c.next("the type of a pact")?;
    if kind.as_rule() != Rule::pact_kind {
        return Err(c.internal("a pact type expected"));
    }
    Ok(PactClause {
        kind: name(kind, offset),
        by: c.names()?,
    })
}

/// `name [weight]` of a `model` statement.
fn model_term(term: Pair<Rule>, offset: usize, diags: &mut Vec<Diag>) -> Result<ModelTerm, Diag> {
    if term.as_rule() != Rule::model_term {
        return Err(internal(
            span_of(&term, offset),
            format!("a model term expected, found {:?}", term.as_rule()),
        ));
    }
    let mut c = Cursor::new(term, offset);
    let model = c.name()?;
    let weight = match c.optional() {
        None => None,
        Some(w) => {
            let mut wc = Cursor::new(w, offset);
            let inner = wc.next("a weight")?;
            Some(if inner.as_rule() == Rule::number {
                Weight::Number(num(inner, offset, diags)?)
            } else {
                Weight::Name(checked_name(inner, offset)?)
            })
        }
    };
    Ok(ModelTerm { model, weight })
}

/// A pair that must be a `name`.
fn checked_name(pair: Pair<Rule>, offset: usize) -> Result<Name, Diag> {
    if pair.as_rule() == Rule::name {
        Ok(name(pair, offset))
    } else {
        Err(internal(
            span_of(&pair, offset),
            format!("a name expected, found {:?}", pair.as_rule()),
        ))
    }
}

fn expectation(e: Pair<Rule>, offset: usize, diags: &mut Vec<Diag>) -> Result<Expectation, Diag> {
    let rule = e.as_rule();
    let span = span_of(&e, offset);
    let mut c = Cursor::new(e, offset);
    let profile = |test, c: &mut Cursor| -> Result<Expectation, Diag> {
        Ok(Expectation::Profile {
            test,
            game: c.name()?,
            profile: c.names()?,
        })
    };
    Ok(match rule {
        Rule::expect_equilibria => Expectation::Equilibria {
            game: c.name()?,
            count: c.num(diags)?,
        },
        Rule::expect_equilibrium => profile(ProfileTest::Equilibrium, &mut c)?,
        Rule::expect_payoff_dominant => profile(ProfileTest::PayoffDominant, &mut c)?,
        Rule::expect_risk_dominant => profile(ProfileTest::RiskDominant, &mut c)?,
        Rule::expect_stable => Expectation::StableCount(c.num(diags)?),
        Rule::expect_price => Expectation::PriceBetween {
            target: c.name()?,
            buyer: c.name()?,
            low: c.num(diags)?,
            high: c.num(diags)?,
        },
        Rule::expect_deterred | Rule::expect_not_deterred => Expectation::Deterred {
            attacker: c.name()?,
            target: c.name()?,
            deterred: rule == Rule::expect_deterred,
        },
        Rule::expect_switches => Expectation::Switches {
            state: Some(c.name()?),
            time: c.num(diags)?,
        },
        Rule::expect_nobody_switches => Expectation::Switches {
            state: None,
            time: c.num(diags)?,
        },
        Rule::expect_subgame_perfect | Rule::expect_path => Expectation::Tree {
            test: if rule == Rule::expect_path {
                TreeTest::Path
            } else {
                TreeTest::SubgamePerfect
            },
            game: c.name()?,
            actions: c.names()?,
        },
        Rule::expect_subgame_count => Expectation::SubgamePerfectCount {
            game: c.name()?,
            count: c.num(diags)?,
        },
        Rule::expect_balance_even => Expectation::Balance { even: true },
        Rule::expect_balance_overwhelming => Expectation::Balance { even: false },
        Rule::expect_with => Expectation::With(c.name()?, c.name()?),
        Rule::expect_likely => Expectation::Likely(c.name()?, c.name()?),
        Rule::expect_against => Expectation::Against(c.name()?, c.name()?),
        Rule::expect_indifferent => Expectation::Indifferent(c.name()?),
        Rule::expect_neutral => Expectation::Neutral(c.name()?),
        Rule::expect_threat => Expectation::BiggestThreat {
            target: c.name()?,
            threat: c.name()?,
        },
        Rule::expect_value => {
            let quantity = quantity(c.next("a quantity")?, offset, diags)?;
            let value = c.num(diags)?;
            let tolerance = match c.optional() {
                Some(t) => Some(Cursor::new(t, offset).num(diags)?),
                None => None,
            };
            Expectation::Value {
                quantity,
                value,
                tolerance,
            }
        }
        other => {
            return Err(internal(
                span,
                format!("no expectation is built from {other:?}"),
            ));
        }
    })
}

/// The quantity of an `expect … = v`.
fn quantity(q: Pair<Rule>, offset: usize, diags: &mut Vec<Diag>) -> Result<Quantity, Diag> {
    let rule = q.as_rule();
    let span = span_of(&q, offset);
    let mut c = Cursor::new(q, offset);
    Ok(match rule {
        Rule::value_threat => Quantity::Threat {
            from: c.name()?,
            to: c.name()?,
        },
        Rule::value_weight => Quantity::Weight {
            from: c.name()?,
            to: c.name()?,
        },
        Rule::value_price => Quantity::Price {
            target: c.name()?,
            buyer: c.name()?,
        },
        Rule::value_energy => Quantity::Energy,
        Rule::value_cost => Quantity::CostOfLeaving(c.name()?),
        Rule::value_attack_ratio => Quantity::AttackRatio {
            attacker: c.name()?,
            target: c.name()?,
        },
        Rule::value_balance_ratio => Quantity::BalanceRatio,
        Rule::value_basin => Quantity::Basin(c.num(diags)?),
        Rule::value_chance_with => Quantity::ChanceWith(c.name()?, c.name()?),
        Rule::value_chance_deterred => Quantity::ChanceDeterred {
            attacker: c.name()?,
            target: c.name()?,
        },
        other => {
            return Err(internal(
                span,
                format!("no quantity is built from {other:?}"),
            ));
        }
    })
}

/// One attribute of a state; `None` when one of its numbers was rejected (the state
/// is kept without it).
fn state_attr(
    pair: Pair<Rule>,
    offset: usize,
    diags: &mut Vec<Diag>,
) -> Result<Option<(StateAttr, Span)>, Diag> {
    let before = diags.len();
    let span = span_of(&pair, offset);
    let attr = Cursor::new(pair, offset).next("an attribute")?;
    let rule = attr.as_rule();
    let mut c = Cursor::new(attr, offset);
    let attr = match rule {
        Rule::attr_power => StateAttr::Power(c.amount(diags)?),
        Rule::attr_offense => StateAttr::Offense(c.amount(diags)?),
        Rule::attr_ideology => StateAttr::Ideology(c.name()?),
        Rule::attr_doctrine => StateAttr::Doctrine(c.name()?),
        Rule::attr_at => {
            let lat = c.num(diags)?;
            let lon = c.num(diags)?;
            StateAttr::At(lat, lon)
        }
        other => {
            return Err(internal(
                span,
                format!("no attribute is built from {other:?}"),
            ));
        }
    };
    Ok((diags.len() == before).then_some((attr, span)))
}

fn query(pair: Pair<Rule>, offset: usize, diags: &mut Vec<Diag>) -> Result<Query, Diag> {
    let text = pair.as_str().trim().to_string();
    let rule = pair.as_rule();
    let mut c = Cursor::new(pair, offset);
    let kind = match rule {
        Rule::q_who_allies => QueryKind::WhoAllies,
        Rule::q_allies_of => QueryKind::AlliesOf(c.name()?),
        Rule::q_enemies_of => QueryKind::EnemiesOf(c.name()?),
        Rule::q_why => QueryKind::Why(c.name()?),
        Rule::q_biggest_threat => QueryKind::BiggestThreat(c.name()?),
        Rule::q_threats_to => QueryKind::ThreatsTo(c.name()?),
        Rule::q_stable => QueryKind::Stable,
        Rule::q_compare => QueryKind::Compare,
        Rule::q_balance => QueryKind::Balance,
        Rule::q_timeline => QueryKind::Timeline,
        Rule::q_price => {
            let target = c.name()?;
            let buyer = c.name()?;
            QueryKind::Price { target, buyer }
        }
        Rule::q_would_attack => {
            let attacker = c.name()?;
            let target = c.name()?;
            QueryKind::WouldAttack { attacker, target }
        }
        Rule::q_equilibria => QueryKind::Equilibria(c.name()?),
        Rule::q_dominant => QueryKind::Dominant(c.name()?),
        Rule::q_best_responses => QueryKind::BestResponses(c.name()?),
        Rule::q_subgame_perfect => QueryKind::SubgamePerfect(c.name()?),
        Rule::q_path => QueryKind::Path(c.name()?),
        Rule::q_strategic_form => QueryKind::StrategicForm(c.name()?),
        Rule::q_likely_with => QueryKind::LikelyWith(c.name()?, c.name()?),
        Rule::q_likely_deterred => QueryKind::LikelyDeterred {
            attacker: c.name()?,
            target: c.name()?,
        },
        Rule::q_chances => QueryKind::Chances,
        Rule::q_decides => QueryKind::Decides(c.name()?),
        Rule::q_what_if => {
            let event = c.next("an event")?;
            let stmt = if event.as_rule() == Rule::threatens {
                let mut ec = Cursor::new(event, offset);
                let from = ec.name()?;
                let to = ec.name()?;
                let level = ec.optional_amount(diags)?;
                Stmt {
                    kind: StmtKind::Threat { from, to, level },
                    span: ec.span(),
                }
            } else {
                statement(event, offset, diags)?
            };
            QueryKind::WhatIf(Box::new(stmt))
        }
        other => return Err(c.internal(&format!("no query is built from {other:?}"))),
    };
    Ok(Query { kind, text })
}

fn game_item(pair: Pair<Rule>, offset: usize, diags: &mut Vec<Diag>) -> Result<GameItem, Diag> {
    let span = span_of(&pair, offset);
    let rule = pair.as_rule();
    Ok(match rule {
        Rule::game_players => GameItem::Players(Cursor::new(pair, offset).names()?),
        Rule::game_strategies => {
            let has_player = pair
                .clone()
                .into_inner()
                .any(|p| p.as_rule() == Rule::colon);
            let mut names = Cursor::new(pair, offset).names()?;
            let player = if has_player && !names.is_empty() {
                Some(names.remove(0))
            } else {
                None
            };
            GameItem::Strategies {
                player,
                strategies: names,
                span,
            }
        }
        Rule::game_outcomes => {
            let inner = Cursor::new(pair, offset).next("the outcomes")?;
            match inner.as_rule() {
                Rule::outcome_values => {
                    let mut values = Vec::new();
                    for ov in Cursor::new(inner, offset).rest() {
                        let mut oc = Cursor::new(ov, offset);
                        let n = oc.name()?;
                        let v = oc.num(diags)?;
                        values.push((n, v));
                    }
                    GameItem::OutcomeValues(values)
                }
                Rule::outcome_ranking => {
                    let mut tiers = Vec::new();
                    for tier in Cursor::new(inner, offset).rest() {
                        tiers.push(Cursor::new(tier, offset).names()?);
                    }
                    GameItem::OutcomeRanking(tiers)
                }
                other => {
                    return Err(internal(
                        span,
                        format!("no outcomes are built from {other:?}"),
                    ));
                }
            }
        }
        Rule::game_tree => {
            let node = Cursor::new(pair, offset).next("the root of a tree")?;
            GameItem::Tree {
                root: super::tree::node(node, offset, diags)?,
                span,
            }
        }
        Rule::game_row => {
            let mut profile = Vec::new();
            let mut payoffs = Vec::new();
            let mut c = Cursor::new(pair, offset);
            while let Some(p) = c.optional() {
                match p.as_rule() {
                    Rule::name => profile.push(name(p, offset)),
                    Rule::payoff => payoffs.push(payoff(p, offset, diags)?),
                    other => return Err(c.internal(&format!("unexpected {other:?}"))),
                }
            }
            GameItem::Row {
                profile,
                payoffs,
                span,
            }
        }
        other => {
            return Err(internal(
                span,
                format!("no game line is built from {other:?}"),
            ));
        }
    })
}
