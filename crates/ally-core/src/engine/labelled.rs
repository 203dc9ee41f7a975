//! Exhaustive search with any number of blocs: every labelled configuration's steepest
//! move, the stable ones and the basin of each.
//!
//! The labelled walk for `k ≠ 2` stores a successor per labelled configuration and
//! compresses paths sequentially. With three or more blocs the tie rule "lowest target
//! bloc label" makes descent depend on labels, so every labelling is walked.

use rayon::prelude::*;

use super::two_blocs::Minimum;
use super::weights::{Fields, Found, Weights};
use crate::cancel::{Cancel, Cancelled};

/// log2 of the configurations walked per chunk.
const CHUNK_BITS: u32 = 14;

/// Any number of blocs: all `k^n` labelled configurations, index `Σ label_i·k^(n−1−i)`
/// (lexicographic order). `count = k^n`. `Ok(None)` when the successor array cannot be
/// allocated. With neutrality `k` counts the neutral label too (label 0, see
/// [`super::neutral`]).
pub(super) fn labelled(
    w: &Weights,
    k: usize,
    tol: f64,
    count: u64,
    cancel: &Cancel,
) -> Result<Option<Found>, Cancelled> {
    let n = w.n;
    let total = usize::try_from(count).unwrap_or(usize::MAX);
    // Walk the last `digits` states inside a chunk; the others are fixed by the chunk.
    let mut digits = 0usize;
    let mut chunk = 1usize;
    while digits < n && chunk.saturating_mul(k) <= 1 << CHUNK_BITS {
        chunk *= k;
        digits += 1;
    }
    let place: Vec<u64> = (0..n).map(|i| (k as u64).pow((n - 1 - i) as u32)).collect();
    let Some(mut succ) = super::kernel::try_zeroed_u32(total) else {
        return Ok(None);
    };
    // Each chunk polls the handle: a chunk is at most 2^14 configurations, well under a
    // millisecond.
    let minima: Vec<Vec<Minimum>> = succ
        .par_chunks_mut(chunk)
        .enumerate()
        .map(|(h, out)| {
            cancel.check()?;
            Ok(walk_labelled(w, k, tol, &place, h * chunk, digits, out))
        })
        .collect::<Result<_, Cancelled>>()?;
    let minima: Vec<Minimum> = minima.into_iter().flatten().collect();
    let decode = |idx: u64| -> Vec<u8> {
        place
            .iter()
            .map(|&p| ((idx / p) % k as u64) as u8)
            .collect()
    };
    let encode = |a: &[u8]| -> u64 { a.iter().zip(&place).map(|(&x, &p)| u64::from(x) * p).sum() };
    // Merge labellings of one partition under its canonical labelling, itself one of the
    // configurations, so keys keep the lexicographic order.
    let mut items: Vec<(u64, f64, u64)> = basins(&mut succ, minima)
        .into_iter()
        .map(|(idx, e, c)| {
            let a = super::canonical_of(w.neutral, &decode(u64::from(idx)));
            (encode(&a), e, c)
        })
        .collect();
    items.sort_by_key(|x| x.0);
    let mut merged: Vec<(u64, f64, u64)> = Vec::with_capacity(items.len());
    for (key, e, c) in items {
        match merged.last_mut() {
            Some(last) if last.0 == key => last.2 += c,
            _ => merged.push((key, e, c)),
        }
    }
    Ok(Some(Found::new(merged, count, tol, |&key| decode(key))))
}

#[allow(clippy::too_many_arguments)]
fn walk_labelled(
    w: &Weights,
    k: usize,
    tol: f64,
    place: &[u64],
    base: usize,
    digits: usize,
    out: &mut [u32],
) -> Vec<Minimum> {
    let n = w.n;
    let mut label: Vec<usize> = place
        .iter()
        .map(|&p| (base as u64 / p % k as u64) as usize)
        .collect();
    let mut fields = Fields::new(w, k, &label);
    let mut e = fields.energy(&label);
    let mut minima = Vec::new();
    let len = out.len();
    for (t, slot) in out.iter_mut().enumerate() {
        let idx = base + t;
        *slot = match fields.steepest(&label, tol) {
            Some((i, b)) => (idx as u64 + b as u64 * place[i] - label[i] as u64 * place[i]) as u32,
            None => {
                minima.push((idx as u32, e));
                idx as u32
            }
        };
        if t + 1 < len {
            // Odometer over the last `digits` states.
            let mut i = n;
            while i > n - digits {
                i -= 1;
                let a = label[i];
                let b = if a + 1 == k { 0 } else { a + 1 };
                e += fields.apply(w, &mut label, i, b);
                if b != 0 {
                    break;
                }
            }
        }
    }
    minima
}

/// Replaces each successor by the end of its descent and returns every minimum with
/// its basin count. Each configuration is visited O(1) times: a walk stops at the
/// first configuration whose successor is already final and then compresses its path.
fn basins(succ: &mut [u32], mut minima: Vec<Minimum>) -> Vec<(u32, f64, u64)> {
    let mut path: Vec<usize> = Vec::new();
    for start in 0..succ.len() {
        path.clear();
        let mut x = start;
        loop {
            let s = succ[x] as usize;
            if succ[s] as usize == s || path.len() > succ.len() {
                // The length guard is unreachable in exact arithmetic (E falls by more
                // than the tolerance at every step) and keeps a rounding pathology from
                // hanging the search.
                break;
            }
            path.push(x);
            x = s;
        }
        let end = succ[x];
        for &p in &path {
            succ[p] = end;
        }
    }
    minima.sort_by_key(|m| m.0);
    let mut counts = vec![0u64; minima.len()];
    for &end in succ.iter() {
        if let Ok(m) = minima.binary_search_by_key(&end, |m| m.0) {
            counts[m] += 1;
        }
    }
    minima
        .into_iter()
        .zip(counts)
        .map(|((idx, e), c)| (idx, e, c))
        .collect()
}
