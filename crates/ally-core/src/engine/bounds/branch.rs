//! Branch-and-bound over spins with the triangle-strengthened semidefinite bound at every
//! node (the Biq Mac scheme: Rendl, Rinaldi and Wiegele 2010).
//!
//! State 0 is on the `+` side (the two blocs are symmetric). A node fixes some states'
//! spins relative to state 0; fixing `σ_i = s·σ_0` merges `i` into state 0, so a node is
//! again a two-bloc landscape, over state 0's group and the free states:
//! `σᵀWσ = d + yᵀM'y` with `d = Σ_{i,j fixed} s_i s_j w_ij` and `M'` zero-diagonal
//! (`M'_{0a} = Σ_{i fixed} s_i w_{i,a}`, `M'_{ab} = w_ab` between free states), so
//! `E = W − ½d − W' + E'(y)` where `W'` and `E'` are the contracted landscape's total
//! weight and energy. A proven bound on `E'` plus that offset bounds every energy in the
//! node's subtree.
//!
//! Nodes are taken best-first (lowest bound, then creation order), on one thread, with
//! work counted against the budget, so the result is the same on any machine and thread
//! count. A node whose bound reaches the incumbent (less the tolerance) is closed; one of
//! at most [`LEAF`] states is enumerated. Each node's relaxation also proposes an
//! incumbent: hyperplane roundings of its rows, improved by single flips.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::super::weights::Weights;
use super::triangles::{Meter, State, strengthen};
use crate::cancel::{Cancel, Cancelled};

/// Contracted landscapes of at most this many states are enumerated.
const LEAF: usize = 14;

/// Rounds of the relaxation at the root and at any other node.
const ROOT_ROUNDS: usize = 2000;

/// The share of the work the root's relaxation may spend.
const ROOT_SHARE: f64 = 0.6;
const NODE_ROUNDS: usize = 12;

/// Random hyperplanes per node for the incumbent.
const ROUNDINGS: usize = 8;

/// What the branch-and-bound proved.
pub(super) struct Proof {
    /// A proven lower bound on the least energy (at most the incumbent's energy).
    pub bound: f64,
    /// The incumbent at the end: labels (state 0 in bloc 0) and energy.
    pub best: Vec<u8>,
    pub energy: f64,
}

struct Node {
    bound: f64,
    seq: u64,
    /// 0: free; ±1: the spin relative to state 0 (state 0 itself is +1).
    fixed: Vec<i8>,
    state: State,
}

impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Node {}
impl PartialOrd for Node {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Node {
    // The heap pops its greatest: the lowest bound, then the earliest made.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .bound
            .total_cmp(&self.bound)
            .then(other.seq.cmp(&self.seq))
    }
}

/// The landscape of a node: the contracted weights (state 0's group first, then the free
/// states in order), the free states, and the offset `W − ½d − W'`, lowered by an
/// allowance for its rounding (every term is at most `Σ|w_ij|` in size).
fn contract(w: &Weights, fixed: &[i8]) -> (Weights, Vec<usize>, f64) {
    let n = w.n;
    let free: Vec<usize> = (0..n).filter(|&i| fixed[i] == 0).collect();
    let m = free.len() + 1;
    let mut mat = vec![0.0; m * m];
    let mut total = 0.0;
    let mut size = 0.0;
    let mut d = 0.0;
    for (i, &fi) in fixed.iter().enumerate().take(n) {
        let si = f64::from(fi);
        for (j, (&x, &fj)) in w.row(i).iter().zip(fixed).enumerate() {
            if j > i {
                total += x;
                size += x.abs();
            }
            if si != 0.0 && fj != 0 {
                d += si * f64::from(fj) * x;
            }
        }
    }
    for (a, &i) in free.iter().enumerate() {
        let to_group: f64 = (0..n)
            .filter(|&j| fixed[j] != 0)
            .map(|j| f64::from(fixed[j]) * w.get(i, j))
            .sum();
        mat[a + 1] = to_group;
        mat[(a + 1) * m] = to_group;
        for (b, &j) in free.iter().enumerate().skip(a + 1) {
            let x = w.get(i, j);
            mat[(a + 1) * m + b + 1] = x;
            mat[(b + 1) * m + a + 1] = x;
        }
    }
    let contracted = Weights::from_matrix(m, mat);
    let inner: f64 = (0..m)
        .map(|a| contracted.row(a)[a + 1..].iter().sum::<f64>())
        .sum();
    let offset = total - 0.5 * d - inner;
    let allowance = 8.0 * ((n * n + 8) as f64) * f64::EPSILON * size;
    (contracted, free, offset - allowance)
}

/// The spins of the whole landscape from a node's fixed spins and the free states' `y`
/// (relative to state 0's group, `y[0]`).
fn lift(fixed: &[i8], free: &[usize], y: &[i8]) -> Vec<i8> {
    let mut s: Vec<i8> = fixed.iter().map(|&f| f * y[0]).collect();
    for (a, &i) in free.iter().enumerate() {
        s[i] = y[a + 1];
    }
    s
}

/// Labels with state 0 in bloc 0, from spins.
fn labels(s: &[i8]) -> Vec<u8> {
    let first = s.first().copied().unwrap_or(1);
    s.iter().map(|&x| u8::from(x != first)).collect()
}

/// Single flips while one lowers the energy by more than `tol`: `ΔE = 2σ_i h_i`,
/// `h_i = Σ_j w_ij σ_j`.
fn descend(w: &Weights, s: &mut [i8], tol: f64) {
    let n = w.n;
    let mut h: Vec<f64> = (0..n)
        .map(|i| {
            w.row(i)
                .iter()
                .zip(s.iter())
                .map(|(x, &y)| x * f64::from(y))
                .sum()
        })
        .collect();
    for _ in 0..4 * n + 16 {
        let Some(i) = (0..n)
            .filter(|&i| 2.0 * f64::from(s[i]) * h[i] < -tol)
            .min_by(|&a, &b| (f64::from(s[a]) * h[a]).total_cmp(&(f64::from(s[b]) * h[b])))
        else {
            break;
        };
        let old = f64::from(s[i]);
        s[i] = -s[i];
        for (j, hj) in h.iter_mut().enumerate() {
            *hj -= 2.0 * old * w.get(j, i);
        }
    }
}

/// The least energy of a contracted landscape of few states by trying each `y` with
/// `y_0 = +1`, and that `y`.
fn enumerate(m: &Weights) -> (f64, Vec<i8>) {
    let k = m.n;
    let mut best = (f64::INFINITY, vec![1i8; k]);
    for mask in 0u32..(1u32 << (k - 1)) {
        let y: Vec<i8> = (0..k)
            .map(|a| {
                if a > 0 && (mask >> (a - 1)) & 1 == 1 {
                    -1
                } else {
                    1
                }
            })
            .collect();
        let e = m.energy(&labels(&y));
        if e < best.0 {
            best = (e, y);
        }
    }
    best
}

/// Proves what it can about the least energy of `w` within `flops` of work, from the
/// incumbent `start` (labels) of energy `energy`.
pub(super) fn prove(
    w: &Weights,
    start: &[u8],
    energy: f64,
    tol: f64,
    flops: f64,
    cancel: &Cancel,
) -> Result<Proof, Cancelled> {
    let n = w.n;
    let mut meter = Meter { left: flops };
    let mut best = (energy, start.to_vec());
    let mut heap = BinaryHeap::new();
    let mut seq = 0u64;
    let mut fixed = vec![0i8; n];
    if let Some(f) = fixed.first_mut() {
        *f = 1;
    }
    let root_state = State::cold(n);
    heap.push(Node {
        bound: f64::NEG_INFINITY,
        seq,
        fixed,
        state: root_state,
    });
    let mut closed = f64::INFINITY;
    let mut nodes = 0u64;
    let mut hyper = super::sdp::draws(0x0B1C_3AC5);
    while let Some(mut node) = heap.pop() {
        cancel.check()?;
        if node.bound >= best.0 - tol {
            closed = closed.min(node.bound);
            continue;
        }
        let (m, free, offset) = contract(w, &node.fixed);
        if m.n <= LEAF {
            meter.spend((m.n as f64) * f64::from(1u32 << (m.n - 1)));
            let (least, y) = enumerate(&m);
            let e = offset + least;
            let s = lift(&node.fixed, &free, &y);
            let a = labels(&s);
            let exact = w.energy(&a);
            if exact < best.0 {
                best = (exact, a);
            }
            closed = closed.min(e.max(node.bound));
            continue;
        }
        if !meter.has(super::proof_work(m.n)) {
            heap.push(node);
            break;
        }
        nodes += 1;
        let root = nodes == 1;
        // The root of the whole landscape keeps state 0's own row; a child's merged
        // group is row 0 of its contracted landscape, as is the root's state 0.
        let target = best.0 - tol - offset;
        let out = if root {
            // The root gets a share of the budget, its children the rest.
            let share = ROOT_SHARE * meter.left;
            let mut own = Meter { left: share };
            let out = strengthen(
                &m,
                &mut node.state,
                true,
                target,
                ROOT_ROUNDS,
                &mut own,
                cancel,
            )?;
            meter.spend(share - own.left);
            out
        } else {
            strengthen(
                &m,
                &mut node.state,
                false,
                target,
                NODE_ROUNDS,
                &mut meter,
                cancel,
            )?
        };
        let bound = (offset + out.bound).max(node.bound);
        // Incumbents from the relaxation's rows.
        let r = node.state.r;
        for _ in 0..ROUNDINGS {
            let h: Vec<f64> = (0..r).map(|_| hyper()).collect();
            let side = |a: usize| -> i8 {
                let d: f64 = node.state.v[a * r..(a + 1) * r]
                    .iter()
                    .zip(&h)
                    .map(|(x, y)| x * y)
                    .sum();
                if d >= 0.0 { 1 } else { -1 }
            };
            let first = side(0);
            let y: Vec<i8> = (0..m.n).map(|a| side(a) * first).collect();
            let mut s = lift(&node.fixed, &free, &y);
            descend(w, &mut s, tol);
            let a = labels(&s);
            let e = w.energy(&a);
            if e < best.0 {
                best = (e, a);
            }
        }
        meter.spend((ROUNDINGS * (m.n * r + 8 * n * n)) as f64);
        if bound >= best.0 - tol {
            closed = closed.min(bound);
            continue;
        }
        // Branch on the free state least decided relative to state 0's group.
        let Some(a) = (1..m.n).min_by(|&a, &b| {
            node.state
                .x(0, a)
                .abs()
                .total_cmp(&node.state.x(0, b).abs())
                .then(a.cmp(&b))
        }) else {
            closed = closed.min(bound);
            continue;
        };
        let lean: i8 = if node.state.x(0, a) >= 0.0 { 1 } else { -1 };
        let child_state = node.state.without(a);
        for sign in [lean, -lean] {
            let mut fixed = node.fixed.clone();
            fixed[free[a - 1]] = sign;
            seq += 1;
            heap.push(Node {
                bound,
                seq,
                fixed,
                state: child_state.clone(),
            });
        }
    }
    let open = heap.iter().map(|x| x.bound).fold(f64::INFINITY, f64::min);
    let bound = closed.min(open).min(best.0);
    Ok(Proof {
        bound,
        best: best.1,
        energy: best.0,
    })
}
