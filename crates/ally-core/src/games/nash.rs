//! Nash equilibria, exactly.
//!
//! * Pure equilibria of any game: every profile from which no player gains by deviating
//!   alone.
//! * Two players: the extreme equilibria by vertex enumeration of the best-response
//!   polytopes (von Stengel 2007, *Algorithmic Game Theory* ch. 3; the method of Gambit's
//!   `enummixed`). With the row payoffs `A` and column payoffs `B` shifted to be positive,
//!   `P = { x ≥ 0 : Bᵀx ≤ 1 }` and `Q = { y ≥ 0 : Ay ≤ 1 }`.
//!
//!   A point carries label `i` (a row) when `x_i = 0` or `(Ay)_i = 1`, and label `m + j`
//!   when `(Bᵀx)_j = 1` or `y_j = 0`. Equilibria (normalised) are exactly the pairs of
//!   points, not both zero, whose labels together cover all `m + n`; the extreme ones are
//!   pairs of vertices. Each vertex of P is found as the solution of one *basis*: a row
//!   support `I` and a set `J` of tight columns with `|I| = |J|` and `B[I,J]` invertible —
//!   which is support enumeration on the polytope, and sees every vertex even in a
//!   degenerate game.
//!
//!   The game is *degenerate* exactly when some vertex has more labels than its
//!   dimension (a mixed strategy with `k` strategies in its support and more than `k`
//!   pure best responses). A non-degenerate game has finitely many equilibria, an odd
//!   number, all of them listed. A degenerate one may have continua; every equilibrium is
//!   then a convex combination of listed extreme ones (Winkels 1979; Avis, Rosenberg,
//!   Savani & von Stengel 2010), and pairs that share one player's strategy are joined by
//!   a segment of equilibria.
//!
//! Arithmetic: payoffs are scaled to integers and each basis solved by fraction-free
//! Gauss–Jordan elimination (Bareiss) in `i128` with overflow checks; on overflow the
//! whole enumeration is redone in `BigInt`. Nothing is ever rounded.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering as AtomicOrdering};

use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_traits::{One, ToPrimitive, Zero};
use rayon::prelude::*;

use super::ring::Ring;
use super::{Game, Q};
use crate::cancel::{Cancel, Cancelled};

/// The most bases (`C(m + n, m)` for an `m × n` game) the vertex enumeration of one
/// polytope may visit: 11 × 11 (705,432) is allowed, 12 × 12 (2,704,156) is refused.
pub const MAX_BASES: u128 = 2_000_000;

/// The most vertex pairs compared when matching labels (|vertices of P| × |of Q|).
pub const MAX_PAIRS: u128 = 200_000_000;

/// The most memory the vertices of the two polytopes may take, 512 MiB: the bases bound
/// the work, this the memory (a 3 × 200 game has fewer bases than the limit, but more
/// than a million vertices).
pub const MAX_VERTEX_BYTES: usize = 512 << 20;

/// The most extreme equilibria listed; a game with more is refused, naming how many.
pub const MAX_EQUILIBRIA: usize = 1000;

/// Every pure Nash equilibrium (profiles in index order).
pub fn pure_equilibria(g: &Game) -> Vec<Vec<usize>> {
    g.profiles().filter(|p| is_pure_equilibrium(g, p)).collect()
}

/// Whether no player gains by deviating alone from `profile`.
pub fn is_pure_equilibrium(g: &Game, profile: &[usize]) -> bool {
    deviation_gain(g, profile).is_none_or(|(_, gain)| gain <= Q::zero())
}

/// The best gain any player gets by deviating alone, and who.
fn deviation_gain(g: &Game, profile: &[usize]) -> Option<(usize, Q)> {
    let mut best: Option<(usize, Q)> = None;
    let mut dev = profile.to_vec();
    for p in 0..g.n_players() {
        let here = g.payoff(profile, p).clone();
        for s in 0..g.strategies[p].len() {
            if s == profile[p] {
                continue;
            }
            dev[p] = s;
            let gain = g.payoff(&dev, p) - &here;
            if best.as_ref().is_none_or(|(_, b)| gain > *b) {
                best = Some((p, gain));
            }
        }
        dev[p] = profile[p];
    }
    best
}

/// Whether every unilateral deviation from `profile` strictly loses.
pub fn is_strict(g: &Game, profile: &[usize]) -> bool {
    deviation_gain(g, profile).is_none_or(|(_, gain)| gain < Q::zero())
}

/// One player's mixed strategy: the strategies played with a positive probability, in
/// index order, each with its probability (no zero is ever stored, so two equal
/// strategies are equal vectors).
pub type Sparse = Vec<(usize, Q)>;

/// A two-player equilibrium: mixed strategies of the row and the column player.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Mixed {
    pub x: Sparse,
    pub y: Sparse,
}

impl Mixed {
    pub fn is_pure(&self) -> bool {
        self.x.len() == 1 && self.y.len() == 1
    }
}

/// All extreme equilibria of a two-player game, and whether the game is degenerate.
#[derive(Clone, Debug)]
pub struct TwoPlayer {
    pub equilibria: Vec<Mixed>,
    pub degenerate: bool,
    /// Bases visited (both polytopes), for the record.
    pub bases: u128,
}

/// Why the enumeration was not run, or did not finish.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TooLarge {
    /// `C(m + n, m)`, exactly, however large.
    Bases(BigUint),
    Pairs(u128),
    /// The vertices found needed more than [`MAX_VERTEX_BYTES`].
    Memory,
    /// More than [`MAX_EQUILIBRIA`] extreme equilibria: how many there are.
    Equilibria(u128),
    /// Stopped through its cancel handle.
    Cancelled(Cancelled),
}

/// `C(a + b, a)`, saturating.
pub fn bases(a: usize, b: usize) -> u128 {
    bases_exact(a, b).to_u128().unwrap_or(u128::MAX)
}

/// `C(a + b, a)` exactly (a refusal names the true count, not a saturated one).
pub fn bases_exact(a: usize, b: usize) -> BigUint {
    let (k, n) = (a.min(b), a + b);
    let mut c = BigUint::one();
    for i in 0..k {
        c = c * BigUint::from(n - i) / BigUint::from(i + 1);
    }
    c
}

/// The payoff matrix of one player of a two-player game, as integers ≥ 1 (scaled by the
/// common denominator and shifted; neither changes best responses).
fn integer_matrix(g: &Game, player: usize) -> Vec<Vec<BigInt>> {
    let (m, n) = (g.strategies[0].len(), g.strategies[1].len());
    let mut lcm = BigInt::one();
    for row in &g.payoffs {
        lcm = lcm.lcm(row[player].denom());
    }
    let scaled: Vec<Vec<BigInt>> = (0..m)
        .map(|i| {
            (0..n)
                .map(|j| {
                    let q = &g.payoffs[i * n + j][player];
                    q.numer() * (&lcm / q.denom())
                })
                .collect()
        })
        .collect();
    let min = scaled.iter().flatten().min().cloned().unwrap_or_default();
    scaled
        .into_iter()
        .map(|r| r.into_iter().map(|v| v - &min + 1).collect())
        .collect()
}

/// A vertex of `{ v ≥ 0 : Σ_i mat[i][j] v_i ≤ 1 for every j }`, stored sparsely so that
/// its size follows its support and its tight constraints, not the game's size: `v_i =
/// num[c] / den` for `i = support[c]`, every other variable 0.
#[derive(Clone, Debug)]
struct Vertex {
    /// The non-zero variables, ascending.
    support: Vec<u32>,
    num: Vec<BigInt>,
    den: BigInt,
    /// The constraints at equality, ascending.
    tight: Vec<u32>,
}

impl Vertex {
    /// Labels: the variables at zero and the tight constraints.
    fn labels(&self, vars: usize) -> usize {
        vars - self.support.len() + self.tight.len()
    }
    fn is_origin(&self) -> bool {
        self.support.is_empty()
    }
    /// The mixed strategy: the point divided by its sum.
    fn strategy(&self) -> Sparse {
        let sum: BigInt = self.num.iter().sum();
        self.support
            .iter()
            .zip(&self.num)
            .map(|(&i, v)| (i as usize, Q::new(v.clone(), sum.clone())))
            .collect()
    }
    /// What the vertex holds, in bytes, for [`MAX_VERTEX_BYTES`].
    fn bytes(&self) -> usize {
        let big = |v: &BigInt| std::mem::size_of::<BigInt>() + v.bits().div_ceil(64) as usize * 8;
        std::mem::size_of::<Vertex>()
            + 4 * (self.support.len() + self.tight.len())
            + self.num.iter().map(big).sum::<usize>()
            + big(&self.den)
    }
}

enum Solve<T> {
    Singular,
    /// `v_c = num[c] / den`, `den > 0`.
    Solution(Vec<T>, T),
}

/// Solves `M v = 1` (`m` is `k × (k+1)`, the last column the right-hand side) by
/// fraction-free Gauss–Jordan elimination. `None` on overflow or an inexact division.
fn solve<T: Ring>(mut a: Vec<Vec<T>>) -> Option<Solve<T>> {
    let k = a.len();
    let bits = T::bits(&a);
    let mut prev = T::r_one();
    for p in 0..k {
        let Some(r) = (p..k).find(|&r| a[r][p].sign() != Ordering::Equal) else {
            return Some(Solve::Singular);
        };
        a.swap(p, r);
        let pivot = a[p][p].clone();
        let row_p = a[p].clone();
        for (i, row) in a.iter_mut().enumerate() {
            if i == p {
                continue;
            }
            let f = row[p].clone();
            for (cell, below) in row.iter_mut().zip(&row_p).skip(p + 1) {
                *cell = T::update(&pivot, cell, &f, below, &prev, bits)?;
            }
            row[p] = T::r_zero();
            if i < p {
                row[i] = pivot.clone();
            }
        }
        prev = pivot;
    }
    let mut den = prev;
    let mut num: Vec<T> = a.into_iter().map(|mut row| row.swap_remove(k)).collect();
    if den.sign() == Ordering::Less {
        den = den.neg()?;
        for v in &mut num {
            *v = v.neg()?;
        }
    }
    Some(Solve::Solution(num, den))
}

/// The k-subsets of `0..n` in lexicographic order, one at a time (a list of them all
/// would itself outgrow the memory the enumeration is allowed).
struct Subsets {
    c: Vec<usize>,
    n: usize,
    done: bool,
}

impl Subsets {
    fn new(n: usize, k: usize) -> Self {
        Subsets {
            c: (0..k).collect(),
            n,
            done: k > n,
        }
    }
}

impl Iterator for Subsets {
    type Item = Vec<usize>;
    fn next(&mut self) -> Option<Vec<usize>> {
        if self.done {
            return None;
        }
        let out = self.c.clone();
        let k = self.c.len();
        let mut i = k;
        loop {
            if i == 0 {
                self.done = true;
                break;
            }
            i -= 1;
            if self.c[i] < self.n - k + i {
                self.c[i] += 1;
                for j in i + 1..k {
                    self.c[j] = self.c[j - 1] + 1;
                }
                break;
            }
        }
        Some(out)
    }
}

/// The vertex of one basis — variables `support` free, constraints `tight` at equality —
/// when it exists, is feasible and is non-zero on every variable of `support`. A vertex
/// with a zero there is the vertex of a basis on its exact support, so each vertex is
/// kept by the bases of one support only. `Err(())` on overflow in `T`.
// `j` picks a column of every row of the support: no one slice to iterate.
#[allow(clippy::result_unit_err, clippy::needless_range_loop)]
fn basis<T: Ring>(
    m: &[Vec<T>],
    support: &[usize],
    tight: &[usize],
    cons: usize,
) -> Result<Option<Vertex>, ()> {
    let a: Vec<Vec<T>> = tight
        .iter()
        .map(|&j| {
            let mut row: Vec<T> = support.iter().map(|&i| m[i][j].clone()).collect();
            row.push(T::r_one());
            row
        })
        .collect();
    let (num, den) = match solve(a).ok_or(())? {
        Solve::Singular => return Ok(None),
        Solve::Solution(num, den) => (num, den),
    };
    if num.iter().any(|v| v.sign() != Ordering::Greater) {
        return Ok(None);
    }
    let mut tight_list = Vec::new();
    for j in 0..cons {
        let mut s = T::r_zero();
        for (c, &i) in support.iter().enumerate() {
            s = s.add(&m[i][j].mul(&num[c]).ok_or(())?).ok_or(())?;
        }
        match s.sign_vs(&den) {
            Ordering::Greater => return Ok(None),
            Ordering::Equal => tight_list.push(j as u32),
            Ordering::Less => {}
        }
    }
    // Reduced to lowest terms (in `T`, cheaper than in big integers), so that equal
    // vertices are equal vectors.
    let g = num.iter().fold(den.clone(), |g, v| g.gcd_with(v));
    let (num, den) = if g.sign() == Ordering::Greater {
        (
            num.iter()
                .map(|v| v.div_exact(&g).unwrap_or_else(|| v.clone()))
                .collect(),
            den.div_exact(&g).unwrap_or(den),
        )
    } else {
        (num, den)
    };
    let num: Vec<BigInt> = num.iter().map(Ring::big).collect();
    let den = den.big();
    Ok(Some(Vertex {
        support: support.iter().map(|&i| i as u32).collect(),
        num,
        den,
        tight: tight_list,
    }))
}

/// Supports handed to the workers at a time: enough to keep every core busy, few enough
/// that the list of them stays small.
const CHUNK: usize = 1024;

/// Bases solved between two polls of the cancel handle and of the memory budget.
const POLL: usize = 4096;

/// Every vertex of `{ v ≥ 0 : matᵀ v ≤ 1 }` (`mat` is `vars × cons`, all entries ≥ 1).
/// Each basis is solved in `i128` and, only if that overflows, again in `BigInt`.
/// `used` counts the bytes of the vertices kept (both polytopes), refused above
/// [`MAX_VERTEX_BYTES`].
fn vertices(
    mat: &[Vec<BigInt>],
    vars: usize,
    cons: usize,
    cancel: &Cancel,
    used: &AtomicUsize,
) -> Result<Vec<Vertex>, TooLarge> {
    let small: Option<Vec<Vec<i128>>> = mat
        .iter()
        .map(|r| r.iter().map(i128::from_big).collect::<Option<Vec<i128>>>())
        .collect();
    let over = AtomicBool::new(false);
    let stop = || cancel.is_cancelled() || over.load(AtomicOrdering::Relaxed);
    // The origin: every entry is ≥ 1, so no constraint is tight there.
    let mut all = vec![Vertex {
        support: Vec::new(),
        num: Vec::new(),
        den: BigInt::one(),
        tight: Vec::new(),
    }];
    for k in 1..=vars.min(cons) {
        let mut supports = Subsets::new(vars, k);
        loop {
            let chunk: Vec<Vec<usize>> = supports.by_ref().take(CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            let found: Vec<Vec<Vertex>> = chunk
                .par_iter()
                .map(|support| {
                    let mut out = Vec::new();
                    let mut seen: HashSet<(Vec<BigInt>, BigInt)> = HashSet::new();
                    for (t, tight) in Subsets::new(cons, k).enumerate() {
                        if t % POLL == 0 && stop() {
                            break;
                        }
                        let fast = match &small {
                            Some(m) => basis(m, support, &tight, cons),
                            None => Err(()),
                        };
                        let v = match fast {
                            Ok(v) => v,
                            // BigInt never overflows; an inexact division cannot happen in
                            // fraction-free elimination, and would only skip a singular basis.
                            Err(()) => basis(mat, support, &tight, cons).unwrap_or(None),
                        };
                        let Some(v) = v else { continue };
                        if !seen.insert((v.num.clone(), v.den.clone())) {
                            continue;
                        }
                        let b = v.bytes();
                        if used.fetch_add(b, AtomicOrdering::Relaxed) + b > MAX_VERTEX_BYTES {
                            over.store(true, AtomicOrdering::Relaxed);
                            break;
                        }
                        out.push(v);
                    }
                    out
                })
                .collect();
            cancel.check().map_err(TooLarge::Cancelled)?;
            if over.load(AtomicOrdering::Relaxed) {
                return Err(TooLarge::Memory);
            }
            all.extend(found.into_iter().flatten());
        }
    }
    Ok(all)
}

trait SignVs {
    fn sign_vs(&self, o: &Self) -> Ordering;
}
impl<T: Ring> SignVs for T {
    fn sign_vs(&self, o: &Self) -> Ordering {
        match self.sub(o) {
            Some(d) => d.sign(),
            None => self.big().cmp(&o.big()),
        }
    }
}

/// Every extreme Nash equilibrium of a two-player game with cardinal payoffs.
pub fn two_player(g: &Game) -> Result<TwoPlayer, TooLarge> {
    two_player_with(g, &Cancel::never())
}

/// [`two_player`], polling `cancel` per batch of bases and per row of the pairing.
pub fn two_player_with(g: &Game, cancel: &Cancel) -> Result<TwoPlayer, TooLarge> {
    let (m, n) = (g.strategies[0].len(), g.strategies[1].len());
    let b = bases(m, n);
    if b > MAX_BASES {
        return Err(TooLarge::Bases(bases_exact(m, n)));
    }
    let a = integer_matrix(g, 0);
    let bm = integer_matrix(g, 1);
    // P: variables are rows, constraints columns (Bᵀx ≤ 1); Q: variables are columns,
    // constraints rows (Ay ≤ 1), so Q's matrix is Aᵀ.
    let at: Vec<Vec<BigInt>> = (0..n)
        .map(|j| (0..m).map(|i| a[i][j].clone()).collect())
        .collect();
    let used = AtomicUsize::new(0);
    let p = vertices(&bm, m, n, cancel, &used)?;
    let q = vertices(&at, n, m, cancel, &used)?;
    let degenerate = p.iter().any(|v| v.labels(m) > m) || q.iter().any(|v| v.labels(n) > n);
    let pairs = (p.len() as u128).saturating_mul(q.len() as u128);
    if pairs > MAX_PAIRS {
        return Err(TooLarge::Pairs(pairs));
    }
    let xs: Vec<&Vertex> = p.iter().filter(|v| !v.is_origin()).collect();
    let ys: Vec<&Vertex> = q.iter().filter(|v| !v.is_origin()).collect();
    // Only the first MAX_EQUILIBRIA matches are kept; beyond that they are only counted,
    // to name the true number in the refusal.
    let count = AtomicUsize::new(0);
    let matches: Vec<Vec<usize>> = xs
        .par_iter()
        .map(|x| {
            let mut out = Vec::new();
            if cancel.is_cancelled() {
                return out;
            }
            let mut tight_cols = vec![false; n];
            for &j in &x.tight {
                tight_cols[j as usize] = true;
            }
            for (k, y) in ys.iter().enumerate() {
                // Row label i: x_i = 0 or row i tight against y; column label j: column j
                // tight against x or y_j = 0. So x's support must be tight against y, and
                // y's support tight against x.
                let fits = y.support.iter().all(|&j| tight_cols[j as usize])
                    && x.support.iter().all(|i| y.tight.binary_search(i).is_ok());
                if fits && count.fetch_add(1, AtomicOrdering::Relaxed) < MAX_EQUILIBRIA {
                    out.push(k);
                }
            }
            out
        })
        .collect();
    cancel.check().map_err(TooLarge::Cancelled)?;
    let total = count.into_inner();
    if total > MAX_EQUILIBRIA {
        return Err(TooLarge::Equilibria(total as u128));
    }
    let mut equilibria = Vec::with_capacity(total);
    for (x, ks) in xs.iter().zip(matches) {
        for k in ks {
            equilibria.push(Mixed {
                x: x.strategy(),
                y: ys[k].strategy(),
            });
        }
    }
    Ok(TwoPlayer {
        equilibria,
        degenerate,
        bases: b.saturating_mul(2),
    })
}

/// The expected payoff of `player` when the two players mix `x` and `y`.
pub fn expected(g: &Game, player: usize, x: &Sparse, y: &Sparse) -> Q {
    let n = g.strategies[1].len();
    let mut sum = Q::zero();
    for (i, xi) in x {
        for (j, yj) in y {
            sum += xi * yj * &g.payoffs[i * n + j][player];
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::games::ring::inverse_mod_2_128;

    /// The wrapping elimination agrees with big integers on systems whose products
    /// overflow `i128` although every minor fits.
    #[test]
    fn wrapping_elimination_matches_big_integers() {
        let mut state: u64 = 12345;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut compared = 0;
        for round in 0..2000 {
            // Entries of 60 bits in 2 × 2 systems and of 40 bits in 3 × 3 ones make the
            // products wrap; small entries in 4 × 4 ones do not.
            let (k, scale) = match round % 3 {
                0 => (2, 1u64 << 60),
                1 => (3, 1u64 << 40),
                _ => (4, 2001),
            };
            let rows: Vec<Vec<i128>> = (0..k)
                .map(|_| {
                    let mut r: Vec<i128> = (0..k).map(|_| 1 + (next() % scale) as i128).collect();
                    r.push(1);
                    r
                })
                .collect();
            let big: Vec<Vec<BigInt>> = rows
                .iter()
                .map(|r| r.iter().map(|&x| BigInt::from(x)).collect())
                .collect();
            let (Some(a), Some(b)) = (solve(rows), solve(big)) else {
                continue;
            };
            match (a, b) {
                (Solve::Singular, Solve::Singular) => {}
                (Solve::Solution(n1, d1), Solve::Solution(n2, d2)) => {
                    assert_eq!(BigInt::from(d1), d2);
                    let n1: Vec<BigInt> = n1.into_iter().map(BigInt::from).collect();
                    assert_eq!(n1, n2);
                    compared += 1;
                }
                _ => panic!("singular in one and not the other"),
            }
        }
        assert!(compared > 1500, "{compared}");
    }

    #[test]
    fn inverse_is_an_inverse() {
        for o in [1u128, 3, 5, 12345677, u128::MAX, (1u128 << 127) + 1] {
            assert_eq!(o.wrapping_mul(inverse_mod_2_128(o)), 1);
        }
    }
}
