//! Basins of the two-bloc walk: the successor array resolved in place, on both cores.
//!
//! While a chunk is still in cache its successors are path-compressed inside it
//! ([`compress_local`]); then the reported minima are tagged with their rank and passes
//! of pointer jumping over the whole array run until every configuration holds a tag,
//! each part counted as it is finished ([`basin_counts`]).

use std::sync::atomic::{AtomicU32, Ordering::Relaxed};

use rayon::iter::Either;
use rayon::prelude::*;

use super::two_blocs::Minimum;
use crate::cancel::{Cancel, Cancelled};

/// Successor words with this bit set hold the end of a descent: the rank of a reported
/// stable alignment, or [`OTHER`]. Indices are below 2^31, so the bit is free.
const TAG: u32 = 1 << 31;

/// Basin tag of the stable alignments not reported.
const OTHER: u32 = TAG - 1;

/// Points every configuration of a freshly walked chunk at the last configuration its
/// descent reaches inside the chunk (a stable one, or the first step leaving the chunk),
/// while the chunk is still in cache. Descents are shortened, never changed.
pub(super) fn compress_local(out: &[AtomicU32], base: usize) {
    let len = out.len();
    let inside = |x: u32| (x as usize).wrapping_sub(base) < len;
    let mut path: Vec<u32> = Vec::new();
    for start in 0..len {
        let mut x = (base + start) as u32;
        let mut s = out[start].load(Relaxed);
        // `s` is x's successor; follow while it is inside and not yet final.
        path.clear();
        while s != x && inside(s) {
            let t = out[s as usize - base].load(Relaxed);
            if t == s || path.len() >= PATH_GUARD {
                break;
            }
            path.push(x);
            x = s;
            s = t;
        }
        for &q in &path {
            out[q as usize - base].store(s, Relaxed);
        }
    }
}

/// Longest descent followed before giving up. Every step lowers E by more than the
/// tolerance, so real descents are far shorter; the guard only keeps a rounding
/// pathology from hanging the search.
const PATH_GUARD: usize = 1 << 16;

/// Basin counts of the reported stable alignments `kept`, in place and in parallel.
/// Their configurations are first tagged with their rank in `kept`; then passes of
/// pointer jumping over the whole array replace every successor by its successor's
/// successor until each holds a tag (unreported stable configurations get [`OTHER`]).
/// Within a pass every configuration's lookup is independent of the others', so the
/// processor keeps many memory reads in flight; a descent of length `d` needs `log2 d`
/// passes. A part's tags are counted in the pass that tags its last cell, while the
/// part is still in cache, rather than in a sweep of its own over the whole array.
pub(super) fn basin_counts(
    succ: &[AtomicU32],
    kept: &[Minimum],
    cancel: &Cancel,
) -> Result<Vec<u64>, Cancelled> {
    for (rank, &(idx, _)) in kept.iter().enumerate() {
        succ[idx as usize].store(TAG | rank as u32, Relaxed);
    }
    let part = 1usize << 16;
    let parts = succ.len().div_ceil(part);
    let slots = kept.len() + 1;
    let cells = |h: usize| &succ[h * part..((h + 1) * part).min(succ.len())];
    let mut counts = vec![0u64; slots];
    let mut open: Vec<usize> = (0..parts).collect();
    // Each pass at least halves every unfinished descent; the bound only guards against
    // a rounding pathology (a cycle), whose members then count as unreported.
    for _ in 0..40 {
        if open.is_empty() {
            break;
        }
        cancel.check()?;
        // A part whose every configuration holds a tag is counted at once, while it is
        // still in cache; no later pass writes to it (only untagged cells are written).
        let done: Vec<Vec<u64>>;
        (open, done) = open.into_par_iter().partition_map(|h| {
            let mut left = false;
            for cell in cells(h) {
                let v = cell.load(Relaxed);
                if v & TAG != 0 {
                    continue;
                }
                let w = succ[v as usize].load(Relaxed);
                if w & TAG != 0 {
                    cell.store(w, Relaxed);
                } else if w == v {
                    // An unreported stable configuration (possibly this cell's own).
                    succ[v as usize].store(TAG | OTHER, Relaxed);
                    cell.store(TAG | OTHER, Relaxed);
                } else {
                    cell.store(w, Relaxed);
                    left = true;
                }
            }
            if left {
                Either::Left(h)
            } else {
                Either::Right(tally(cells(h), slots))
            }
        });
        for c in &done {
            add_into(&mut counts, c);
        }
    }
    // Parts left open by the pass bound (a pathology): their untagged cells count as
    // unreported.
    for &h in &open {
        add_into(&mut counts, &tally(cells(h), slots));
    }
    Ok(counts[..kept.len()].to_vec())
}

/// How many cells of `block` hold each tag: slot `r` for the reported rank `r`, the last
/// slot for [`OTHER`] and for untagged cells.
fn tally(block: &[AtomicU32], slots: usize) -> Vec<u64> {
    let mut counts = vec![0u64; slots];
    for cell in block {
        let v = cell.load(Relaxed);
        let r = (v & !TAG) as usize;
        let slot = if v & TAG != 0 && r < slots - 1 {
            r
        } else {
            slots - 1
        };
        counts[slot] += 1;
    }
    counts
}

fn add_into(total: &mut [u64], part: &[u64]) {
    total.iter_mut().zip(part).for_each(|(x, y)| *x += y);
}
