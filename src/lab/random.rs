//! Random scenarios for the lab, written as `.ally` text and checked by the ordinary
//! checker, so that every experiment runs on exactly what a user could have written.

use std::fmt::Write;

use crate::model::Scenario;

/// splitmix64 (Steele, Lea & Flood 2014): tiny, fast, and good enough for sampling.
#[derive(Clone, Debug)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    /// The stream of trial `trial` under `seed`: each trial depends only on its own
    /// number, so results are the same whatever the number of threads.
    pub fn for_trial(seed: u64, trial: u64) -> Self {
        let mut r = SplitMix64(seed ^ trial.wrapping_add(1).wrapping_mul(0xD1B5_4A32_D192_ED03));
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1), 53 bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// Uniform in `0..k` (`k ≥ 1`).
    pub fn below(&mut self, k: usize) -> usize {
        (((self.next_u64() >> 32) * k as u64) >> 32) as usize
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Two distinct indices below `n` (`n ≥ 2`).
    pub fn pair(&mut self, n: usize) -> (usize, usize) {
        let a = self.below(n);
        let b = (a + 1 + self.below(n - 1)) % n;
        (a, b)
    }

    /// Fisher–Yates.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// The ideologies of generated scenarios.
pub const IDEOLOGIES: [&str; 3] = ["democracy", "monarchy", "communism"];
/// Chance that two states share a border.
pub const BORDER_CHANCE: f64 = 0.3;
/// Chance that a state declares a threat against another (each ordered pair).
pub const THREAT_CHANCE: f64 = 0.1;

/// Name of state `i`.
pub fn name(i: usize) -> String {
    format!("S{i}")
}

/// A random scenario of `n` states: powers `e^u`, u uniform in [−1.2, 1.2] (a ratio of
/// up to 11 between the strongest and the weakest); one of three ideologies each;
/// borders with chance 0.3 per pair; declared threats with chance 0.1 per ordered pair
/// at a level uniform in [0.2, 1]; and up to two alliances of two or three states.
/// Returns the text and the checked scenario.
pub fn scenario(rng: &mut SplitMix64, n: usize) -> (String, Scenario) {
    let mut src = String::from("scenario \"lab\"\nideology democracy, monarchy, communism\n");
    for i in 0..n {
        let power = rng.range(-1.2, 1.2).exp();
        let ideology = IDEOLOGIES[rng.below(IDEOLOGIES.len())];
        let _ = writeln!(
            src,
            "state {} {{ power {power:.4} ideology {ideology} }}",
            name(i)
        );
    }
    for a in 0..n {
        for b in a + 1..n {
            if rng.chance(BORDER_CHANCE) {
                let _ = writeln!(src, "border {} ~ {}", name(a), name(b));
            }
        }
    }
    for a in 0..n {
        for b in 0..n {
            if a != b && rng.chance(THREAT_CHANCE) {
                let level = rng.range(0.2, 1.0);
                let _ = writeln!(src, "threat {} -> {} {level:.3}", name(a), name(b));
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
        let list: Vec<String> = members.iter().map(|&m| name(m)).collect();
        let _ = writeln!(src, "alliance A{k} {{ {} }}", list.join(", "));
    }
    let (checker, report) = crate::run::check_source("lab.ally", &src);
    debug_assert!(!report.has_errors(), "generated scenario:\n{src}");
    (src, checker.scenario)
}

/// One event statement, parsed from its text.
pub fn event(text: &str) -> crate::syntax::ast::Stmt {
    let (mut stmts, diags) = crate::syntax::parse(text);
    debug_assert!(diags.is_empty(), "event `{text}`: {diags:?}");
    stmts.remove(0)
}
