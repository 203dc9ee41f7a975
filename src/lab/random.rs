//! Random scenarios for the lab, built directly as the checker builds declarations
//! (numbers rounded as a file would write them), so that every experiment runs on what a
//! user could have written.

use ally_core::model::events::make_alliance;
use ally_core::model::{DEFAULT_RELIABILITY, Relation, Scenario, StateInfo};
use ally_core::span::Span;

pub use ally_core::chance::random::SplitMix64;

/// The ideologies of generated scenarios.
pub const IDEOLOGIES: [&str; 3] = ["democracy", "monarchy", "communism"];
/// Affinity of two different ideologies of a generated scenario.
pub const HOSTILE_IDEOLOGIES: f64 = -1.0;
/// Chance that two states share a border.
pub const BORDER_CHANCE: f64 = 0.3;
/// Chance that a state declares a threat against another (each ordered pair).
pub const THREAT_CHANCE: f64 = 0.1;

/// Name of state `i`.
pub fn name(i: usize) -> String {
    format!("S{i}")
}

/// A number as the lab's scenarios write it: rounded to `decimals` places the way a
/// decimal in a `.ally` file reads (so that a lab scenario is one a user could write).
pub fn rounded(v: f64, decimals: usize) -> f64 {
    format!("{v:.decimals$}").parse().unwrap_or(v)
}

/// A random scenario of `n` states: powers `e^u`, u uniform in [−1.2, 1.2] (a ratio of
/// up to 11 between the strongest and the weakest), to 4 decimals; one of three
/// ideologies each, mutually hostile (affinity −1, declared: state similarity needs a
/// repelling difference, and the default affinity is 0); borders with chance 0.3 per pair; declared threats with chance 0.1
/// per ordered pair at a level uniform in [0.2, 1], to 3 decimals; and up to two
/// alliances of two or three states. Built directly, as the checker would build the
/// same declarations.
pub fn scenario(rng: &mut SplitMix64, n: usize) -> Scenario {
    let mut s = Scenario::new();
    s.title = Some("lab".into());
    s.ideologies = IDEOLOGIES.iter().map(|i| i.to_string()).collect();
    for a in 0..IDEOLOGIES.len() {
        for b in a + 1..IDEOLOGIES.len() {
            s.affinities.insert((a, b), HOSTILE_IDEOLOGIES);
        }
    }
    for i in 0..n {
        let power = rounded(rng.range(-1.2, 1.2).exp(), 4);
        let ideology = rng.below(IDEOLOGIES.len());
        let id = s.new_id(&name(i));
        s.add_state(StateInfo {
            id,
            name: name(i),
            power,
            ideology: Some(ideology),
            offense: 1.0,
            at: None,
            doctrine: None,
            span: Span::default(),
        });
    }
    for a in 0..n {
        for b in a + 1..n {
            if rng.chance(BORDER_CHANCE) {
                s.relate(a, b, Relation::Border);
            }
        }
    }
    for a in 0..n {
        for b in 0..n {
            if a != b && rng.chance(THREAT_CHANCE) {
                let level = rounded(rng.range(0.2, 1.0), 3);
                s.relate(a, b, Relation::Threat(level));
            }
        }
    }
    let alliances = rng.below(3);
    for k in 0..alliances {
        let size = 2 + rng.below(2).min(n.saturating_sub(2));
        let mut members: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut members);
        members.truncate(size);
        members.sort_unstable();
        make_alliance(
            &mut s,
            Some(&format!("A{k}")),
            &members,
            DEFAULT_RELIABILITY,
            &[],
        );
    }
    s
}
