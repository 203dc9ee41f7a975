//! Generated scenarios shared by the property tests: random states, powers, ideologies,
//! borders, threats and alliances, written out as `.ally` text.

use std::collections::BTreeSet;
use std::fmt::Write;

use proptest::prelude::*;

#[derive(Clone, Debug)]
pub struct Gen {
    pub powers: Vec<f64>,
    pub ideology: Vec<u8>,
    pub borders: Vec<(usize, usize)>,
    pub threats: Vec<(usize, usize, f64)>,
    pub alliances: Vec<(usize, usize)>,
    pub offense: Vec<f64>,
}

pub fn gen_scenario() -> impl Strategy<Value = Gen> {
    (3usize..=9).prop_flat_map(|n| {
        let pair = (0..n, 0..n).prop_filter("distinct", |(a, b)| a != b);
        (
            prop::collection::vec(0.01f64..1.0, n),
            prop::collection::vec(0u8..3, n),
            prop::collection::vec(pair.clone(), 0..n),
            prop::collection::vec((pair.clone(), 0.1f64..=1.0), 0..n),
            prop::collection::vec(pair, 0..2),
            prop::collection::vec(0.5f64..2.0, n),
        )
            .prop_map(
                |(powers, ideology, borders, threats, alliances, offense)| Gen {
                    powers,
                    ideology,
                    borders,
                    threats: threats.into_iter().map(|((a, b), l)| (a, b, l)).collect(),
                    alliances,
                    offense,
                },
            )
    })
}

/// Writes the scenario; `order` permutes the declarations, `scale` multiplies powers.
pub fn write(g: &Gen, model: &str, order: &[usize], scale: f64, extra: &str) -> String {
    let mut s = String::from("ideology red, blue, green\n");
    let ideo = ["red", "blue", "green"];
    for &i in order {
        let _ = writeln!(
            s,
            "state S{i} {{ power {:e} ideology {} offense {} }}",
            g.powers[i] * scale,
            ideo[g.ideology[i] as usize],
            g.offense[i]
        );
    }
    let mut seen = BTreeSet::new();
    let rank = |i: usize| order.iter().position(|&x| x == i).unwrap_or(0);
    let mut borders: Vec<_> = g
        .borders
        .iter()
        .map(|&(a, b)| (a.min(b), a.max(b)))
        .collect();
    borders.sort_by_key(|&(a, b)| (rank(a).min(rank(b)), rank(a).max(rank(b))));
    if order.first() != Some(&0) {
        borders.reverse();
    }
    for (a, b) in borders {
        if seen.insert((a, b)) {
            let _ = writeln!(s, "border S{a} ~ S{b}");
        }
    }
    // The first declaration of a pair wins whatever the order the file is written in.
    let mut tseen = BTreeSet::new();
    let mut threats: Vec<_> = g
        .threats
        .iter()
        .filter(|t| tseen.insert((t.0, t.1)))
        .collect();
    if order.first() != Some(&0) {
        threats.reverse();
    }
    for (a, b, l) in threats {
        let _ = writeln!(s, "threat S{a} -> S{b} {l}");
    }
    for (k, &(a, b)) in g.alliances.iter().enumerate() {
        let _ = writeln!(s, "alliance A{k} {{ S{a}, S{b} }}");
    }
    s.push_str(extra);
    let _ = writeln!(s, "model {model}");
    s
}

/// The course examples, `examples/*.ally`, in file-name order.
pub fn examples() -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut v: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .expect("examples/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ally"))
        .collect();
    v.sort();
    v
}

/// A file's results, which must have no errors.
pub fn run(src: &str) -> ally_core::query::file::FileResult {
    let r = ally_core::document::run_source("t.ally", src, None);
    assert!(!r.report.has_errors(), "{:?}\n{src}", r.report.diags);
    r
}

/// The answers of a file's queries, in order.
pub fn answers(r: &ally_core::query::file::FileResult) -> Vec<&ally_core::query::Answer> {
    r.entries
        .iter()
        .filter_map(|e| match e {
            ally_core::query::file::Entry::Query(q) => q.answer.as_deref(),
            _ => None,
        })
        .collect()
}

/// A data extract under `dir` as the importers take it (named by its path).
pub fn extract(dir: &str, file: &str) -> ally::import::Source {
    let path = format!("{dir}/{file}");
    ally::import::Source::new(
        path.clone(),
        std::fs::read_to_string(&path).expect("extract is readable"),
    )
}

/// The first `game` block of a text that parses without errors.
pub fn game_decl(src: &str) -> Option<ally_core::syntax::ast::GameDecl> {
    let (stmts, diags) = ally_core::syntax::parse(src);
    assert!(diags.is_empty(), "{src}\n{diags:?}");
    stmts.iter().find_map(|s| match &s.kind {
        ally_core::syntax::ast::StmtKind::Game(g) => Some(g.clone()),
        _ => None,
    })
}

/// The tests' one random-number generator: the lab's splitmix64
/// ([`ally::lab::random::SplitMix64`]) from a fixed seed, so every generated case
/// reproduces.
#[derive(Clone, Debug)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        let mut s = ally::lab::random::SplitMix64(self.0);
        let v = s.next_u64();
        self.0 = s.0;
        v
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        let mut s = ally::lab::random::SplitMix64(self.0);
        let v = s.unit();
        self.0 = s.0;
        v
    }
    /// Uniform in `lo..=hi`.
    pub fn int(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }
    /// Uniform in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A second, independent generator (xorshift64*), for the tests that check ally's
/// random answers against their own draws (which must not come from ally's splitmix64)
/// and for the random games, whose fixed cases were chosen with it.
#[derive(Clone, Debug)]
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in `lo..hi`.
    pub fn range(&mut self, (lo, hi): (f64, f64)) -> f64 {
        lo + (hi - lo) * self.unit()
    }
    /// Uniform in `lo..=hi`.
    pub fn int(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % (hi - lo + 1) as u64) as i64
    }
}

/// The least-energy two-bloc configuration of sizes `s` and symmetric propensities `p`
/// (row-major), by enumerating every configuration (state 0 in bloc 0) and its energy
/// from the definition, `E = Σ_i Σ_{j≠i} s_i s_j p_ij [i, j apart]`: the bloc of each
/// state. Ties have probability zero under continuous draws; the first found is kept.
pub fn least_two_blocs(s: &[f64], p: &[f64]) -> Vec<u8> {
    let n = s.len();
    let mut best = (f64::INFINITY, vec![0u8; n]);
    for mask in 0u32..(1 << (n - 1)) {
        let x: Vec<u8> = (0..n)
            .map(|i| {
                if i == 0 {
                    0
                } else {
                    ((mask >> (i - 1)) & 1) as u8
                }
            })
            .collect();
        let mut e = 0.0;
        for i in 0..n {
            for j in 0..n {
                if i != j && x[i] != x[j] {
                    e += s[i] * s[j] * p[i * n + j];
                }
            }
        }
        if e < best.0 {
            best = (e, x);
        }
    }
    best.1
}
