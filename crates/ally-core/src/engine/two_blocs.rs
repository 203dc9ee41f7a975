//! Exhaustive two-bloc search: a streaming Gray-code walk over every configuration.
//!
//! No energy is stored: at each configuration the stable test and the steepest move come
//! from the per-state fields. When basins are asked for, a `u32` successor per
//! configuration is written (4 bytes per configuration: 2 GiB at 2^29) and resolved by
//! [`super::basins`]; otherwise nothing per configuration is kept and memory does not
//! grow with the configuration count. Stable configurations are kept only while they can
//! still be among the reported ones.
//!
//! The space is cut into chunks of consecutive indices. Each chunk starts from fields
//! computed from scratch (O(n²)) and walks its configurations with O(n) incremental
//! updates, so rounding drift is bounded by one chunk's walk, chunks run in parallel,
//! and the result does not depend on how rayon schedules them. The walk ([`walk`]) is
//! written once over [`Lanes`]; [`Kernel`] picks the lanes the processor has.

use std::sync::atomic::{AtomicU32, Ordering::Relaxed};

use rayon::prelude::*;

use super::MAX_STABLE_REPORTED;
use super::basins::{basin_counts, compress_local};
use super::kernel::{Kernel, Lanes, as_atomic, try_zeroed_u32};
use super::weights::{Found, Weights, report_order};
use crate::cancel::{Cancel, Cancelled};

/// log2 of the configurations walked per chunk: 2^16 successors are 256 KiB, which stay
/// in cache for the chunk-local path compression.
const TWO_CHUNK_BITS: u32 = 16;

/// Chunks merged at a time, so that candidate lists stay bounded while chunks run in
/// parallel.
const BATCH_CHUNKS: usize = 64;

/// Hard bound on the stable candidates kept while searching (see [`prune`]); only a
/// landscape built to have millions of stable alignments whose energies differ by less
/// than the tolerance reaches it.
const CANDIDATE_CAP: usize = 1 << 22;

/// A stable configuration's index and its (incrementally tracked) energy.
pub(super) type Minimum = (u32, f64);

/// What one chunk of the two-bloc walk found.
pub(super) struct ChunkOut {
    pub stable: u64,
    pub candidates: Vec<Minimum>,
}

/// Two blocs. Index bit `n−1−i` is state `i`'s bloc (state 0 is always in bloc 0), so
/// index order is the lexicographic order of canonical assignments. `count = 2^(n−1)`,
/// at most 2^31 (so `n ≤ 32`). Without `basins` every basin count is 0 and no successor
/// array is allocated. `Ok(None)` when the successor array cannot be allocated.
pub(super) fn two_blocs(
    w: &Weights,
    tol: f64,
    count: u64,
    basins: bool,
    cancel: &Cancel,
) -> Result<Option<Found>, Cancelled> {
    two_blocs_with(Kernel::best(), w, tol, count, basins, cancel)
}

/// [`two_blocs`] on a given kernel.
pub(super) fn two_blocs_with(
    kernel: Kernel,
    w: &Weights,
    tol: f64,
    count: u64,
    basins: bool,
    cancel: &Cancel,
) -> Result<Option<Found>, Cancelled> {
    // Lanes beyond `n` are zero and change nothing: the padding only has to suit the
    // vector width (eight lanes with AVX-512, four otherwise).
    let wide = kernel.width() == 8;
    let k = kernel;
    let (b, c) = (basins, cancel);
    match w.n {
        0..=4 if !wide => two_blocs_in::<4>(k, w, tol, count, b, c),
        0..=8 => two_blocs_in::<8>(k, w, tol, count, b, c),
        9..=12 if !wide => two_blocs_in::<12>(k, w, tol, count, b, c),
        9..=16 => two_blocs_in::<16>(k, w, tol, count, b, c),
        17..=20 if !wide => two_blocs_in::<20>(k, w, tol, count, b, c),
        17..=24 => two_blocs_in::<24>(k, w, tol, count, b, c),
        25..=28 if !wide => two_blocs_in::<28>(k, w, tol, count, b, c),
        _ => two_blocs_in::<32>(k, w, tol, count, b, c),
    }
}

/// The weights of [`two_blocs`] padded to `L` lanes (zeros beyond `n`), so each step's
/// loops have a fixed length the compiler unrolls and vectorises.
pub(super) struct Padded<const L: usize> {
    n: usize,
    tol: f64,
    /// `Σ_j w_ij`, for the energy of a stable configuration.
    rowsum: [f64; L],
    /// Row `2i` is `2·w_i·` (`2·w_ij` in lane `j`), row `2i + 1` its negation: what flipping `i` subtracts
    /// from the fields when `σ_i` is `+1` or `−1` before the flip, so a step is one
    /// subtraction per vector.
    signed_rows: Vec<[f64; L]>,
    /// `2^(n−1) − 1`: moving state 0 yields the mirror image of everyone else moving.
    all: u32,
}

impl<const L: usize> Padded<L> {
    pub fn new(w: &Weights, tol: f64) -> Self {
        let n = w.n;
        assert!(n <= L && n <= 32, "two_blocs: {n} states");
        let mut rows2 = vec![[0.0; L]; n];
        let mut rowsum = [0.0; L];
        for (i, r) in rows2.iter_mut().enumerate() {
            for (x, &wij) in r.iter_mut().zip(w.row(i)) {
                *x = 2.0 * wij;
            }
            rowsum[i] = w.row(i).iter().sum();
        }
        let all = (1u64 << n.saturating_sub(1)) - 1;
        Padded {
            n,
            tol,
            rowsum,
            signed_rows: rows2.iter().flat_map(|r| [*r, r.map(|x| -x)]).collect(),
            all: u32::try_from(all).unwrap_or(u32::MAX),
        }
    }
}

fn two_blocs_in<const L: usize>(
    kernel: Kernel,
    w: &Weights,
    tol: f64,
    count: u64,
    basins: bool,
    cancel: &Cancel,
) -> Result<Option<Found>, Cancelled> {
    let n = w.n;
    assert!(count <= 1 << 31, "two_blocs: {count} configurations");
    let total = usize::try_from(count).unwrap_or(usize::MAX);
    let bits = n.saturating_sub(1) as u32;
    let chunk_bits = bits.min(TWO_CHUNK_BITS);
    let chunk = 1usize << chunk_bits;
    let p = Padded::<L>::new(w, tol);
    // Zeroed by the allocator (fresh pages from the kernel), first touched by the
    // thread that walks them; reserved fallibly, so that a memory limit makes the
    // caller fall back to the heuristic instead of aborting.
    let Some(mut raw) = try_zeroed_u32(if basins { total } else { 0 }) else {
        return Ok(None);
    };
    let succ = as_atomic(&mut raw);
    let chunks = total / chunk;
    let mut stable_total = 0u64;
    let mut candidates: Vec<Minimum> = Vec::new();
    for batch in (0..chunks).collect::<Vec<_>>().chunks(BATCH_CHUNKS) {
        // Polled per chunk (2^16 configurations, a fraction of a millisecond), so a
        // cancelled search stops within a chunk on each core.
        let outs: Vec<ChunkOut> = batch
            .par_iter()
            .map(|&h| {
                cancel.check()?;
                let base = h << chunk_bits;
                Ok(if basins {
                    kernel.run::<L, true>(&p, base, chunk, &succ[base..base + chunk])
                } else {
                    kernel.run::<L, false>(&p, base, chunk, &[])
                })
            })
            .collect::<Result<_, Cancelled>>()?;
        for out in outs {
            stable_total += out.stable;
            candidates.extend(out.candidates);
        }
        prune(&mut candidates, tol);
    }
    let kept: Vec<Minimum> = report_order(
        candidates.into_iter().map(|(i, e)| (i, e, 0)).collect(),
        tol,
    )
    .into_iter()
    .map(|(i, e, _)| (i, e))
    .collect();
    let counts = if basins {
        basin_counts(succ, &kept, cancel)?
    } else {
        vec![0; kept.len()]
    };
    let decode = |idx: u32| -> Vec<u8> {
        (0..n)
            .map(|i| {
                if i == 0 {
                    0
                } else {
                    ((idx >> (n - 1 - i)) & 1) as u8
                }
            })
            .collect()
    };
    Ok(Some(Found {
        kept: kept
            .iter()
            .zip(counts)
            .map(|(&(idx, _), c)| (decode(idx), c))
            .collect(),
        stable_total,
        denominator: count,
    }))
}

/// Signs and fields at the start of a chunk, from scratch: `σ_i = −1` when state `i` is
/// in bloc 1, `u_j = Σ_k w_jk·σ_k`, summed in index order.
fn start_fields<const L: usize>(p: &Padded<L>, base: usize) -> ([f64; L], [f64; L]) {
    let n = p.n;
    let mut sigma = [1.0f64; L];
    for (i, s) in sigma.iter_mut().enumerate().take(n).skip(1) {
        if (base >> (n - 1 - i)) & 1 == 1 {
            *s = -1.0;
        }
    }
    let mut u = [0.0f64; L];
    for (j, uj) in u.iter_mut().enumerate().take(n) {
        // Half of 2·w is w exactly.
        *uj = p.signed_rows[2 * j]
            .iter()
            .zip(&sigma)
            .map(|(&x, &s)| 0.5 * x * s)
            .sum();
    }
    (sigma, u)
}

/// The energy of a stable configuration from its fields: `Σ_j (Σ_k w_jk − g_j) / 2`.
#[inline(always)]
#[allow(clippy::needless_range_loop)]
fn energy_of<const L: usize>(p: &Padded<L>, g: &[f64; L]) -> f64 {
    let mut e = 0.0;
    for j in 0..L {
        e += p.rowsum[j] - g[j];
    }
    0.5 * e
}

/// The target of moving state `i` out of configuration `idx`.
#[inline(always)]
fn moved<const L: usize>(p: &Padded<L>, idx: u32, i: usize) -> u32 {
    if i == 0 {
        idx ^ p.all
    } else {
        idx ^ (1 << (p.n - 1 - i))
    }
}

/// Configurations walked between two flushes of the stable ones found.
const BLOCK: usize = 256;

/// Most vectors of fields a walk holds: 32 lanes of four.
const MAX_VECTORS: usize = 8;

/// Walks `len` configurations `base | gray(t)`; with `SUCC` writes each one's steepest
/// successor (itself when stable) to `out` and then compresses the paths that stay in
/// the chunk.
///
/// Fields: `u_j = Σ_k w_jk·σ_k` with `σ = ±1` by bloc; `g_j = σ_j·u_j` is state `j`'s
/// weight to its own bloc minus its weight to the other, and flipping `j` changes E by
/// `2·g_j`. Signs are kept as sign-bit masks (`±0.0`), so `σ·x` is a xor, exactly the
/// product. Stable when `2·min g ≥ −tol`; else the steepest move is the lowest `j` with
/// `2·g_j ≤ 2·min g + tol`, tested as `g_j ≤ (2·min g + tol)/2`: the same test while
/// that half is exact, i.e. short of subnormal energies.
///
/// `#[inline(always)]` so that each kernel's entry point compiles its own copy with its
/// processor features.
#[inline(always)]
#[allow(clippy::needless_range_loop)]
pub(super) fn walk<V: Lanes, const L: usize, const SUCC: bool>(
    v: V,
    p: &Padded<L>,
    base: usize,
    len: usize,
    out: &[AtomicU32],
) -> ChunkOut {
    let m = L / V::WIDTH;
    assert!(m <= MAX_VECTORS && L.is_multiple_of(V::WIDTH));
    assert!(!SUCC || out.len() == len);
    let n = p.n;
    let tol = p.tol;
    let (sigma0, u0) = start_fields(p, base);
    // Bit `j` set when `σ_j = −1`.
    let mut neg = (0..n).fold(0u64, |b, i| b | (u64::from(sigma0[i] < 0.0) << i));
    let zero = v.zero();
    let lanes = (1u64 << V::WIDTH) - 1;
    let mut u = [zero; MAX_VECTORS];
    for k in 0..m {
        u[k] = v.load(&u0[V::WIDTH * k..]);
    }
    let mut candidates = Vec::new();
    let mut stable = 0u64;
    // The stable configurations of a block go to a fixed buffer and reach the vector
    // after it: a possible call (growing the vector) inside the loop would make the
    // compiler keep the fields in memory instead of registers.
    let mut stash = [(0u32, 0.0f64); BLOCK];
    for block in (0..len).step_by(BLOCK) {
        let mut stashed = 0;
        for t in block..(block + BLOCK).min(len) {
            let code = t ^ (t >> 1);
            let idx = (base | code) as u32;
            let mut g = [zero; MAX_VECTORS];
            for k in 0..m {
                g[k] = v.negate_where(u[k], ((neg >> (V::WIDTH * k)) & lanes) as u32);
            }
            let mut mn = g[0];
            for k in 1..m {
                mn = v.min(g[k], mn);
            }
            let low = 2.0 * v.reduce_min(mn);
            if low < -tol {
                if SUCC {
                    // `g_j ≤ th/2` is `2·g_j ≤ th` (both scalings by 2 are exact).
                    let half = v.splat(0.5 * (low + tol));
                    let mut mask = 0u64;
                    for k in 0..m {
                        mask |= v.le_mask(g[k], half) << (V::WIDTH * k);
                    }
                    // The least lane is ≤ its own threshold, so some bit is set; an empty
                    // mask would name lane 64, far past the states.
                    debug_assert!(mask != 0, "no lane at the least field");
                    let i = (mask.trailing_zeros() as usize).min(n.saturating_sub(1));
                    out[code].store(moved(p, idx, i), Relaxed);
                }
            } else {
                stable += 1;
                let mut gs = [0.0f64; L];
                for k in 0..m {
                    v.store(g[k], &mut gs[V::WIDTH * k..]);
                }
                stash[stashed] = (idx, energy_of(p, &gs));
                stashed += 1;
                if SUCC {
                    out[code].store(idx, Relaxed);
                }
            }
            if t + 1 < len {
                let bit = (t + 1).trailing_zeros() as usize;
                let i = n - 1 - bit;
                // σ_i before the flip: −1 when the bit is set in the current configuration.
                let r = &p.signed_rows[2 * i + ((idx >> bit) & 1) as usize];
                for k in 0..m {
                    u[k] = v.sub(u[k], v.load(&r[V::WIDTH * k..]));
                }
                neg ^= 1 << i;
            }
        }
        candidates.extend_from_slice(&stash[..stashed]);
    }
    if SUCC {
        compress_local(out, base);
    }
    prune(&mut candidates, tol);
    ChunkOut { stable, candidates }
}

/// Drops stable candidates that cannot be among the [`MAX_STABLE_REPORTED`] reported
/// (ordered as [`report_order`] orders them): those more than `tol` above the current
/// `MAX_STABLE_REPORTED`-th lowest energy (the report never reaches past that run), and
/// those with `MAX_STABLE_REPORTED` others of exactly the same energy and smaller index
/// (they come after all of those). So candidates stay bounded even when every
/// configuration is stable.
fn prune(c: &mut Vec<Minimum>, tol: f64) {
    if c.len() <= MAX_STABLE_REPORTED {
        return;
    }
    c.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let threshold = c[MAX_STABLE_REPORTED - 1].1 + tol;
    let cut = c.partition_point(|x| x.1 <= threshold);
    c.truncate(cut);
    let mut run = 0usize;
    let mut prev = f64::NAN;
    c.retain(|x| {
        if x.1.to_bits() == prev.to_bits() {
            run += 1;
        } else {
            run = 1;
            prev = x.1;
        }
        run <= MAX_STABLE_REPORTED
    });
    c.truncate(CANDIDATE_CAP);
}
