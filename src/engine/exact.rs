//! Exhaustive search: every configuration's steepest move, the stable ones and the final
//! basin of each.
//!
//! Two blocs ([`two_blocs`]) stream a Gray-code walk: no energy is stored; at each
//! configuration the stable test and the steepest move come from the per-state fields,
//! and only a `u32` successor per configuration is written (4 bytes per configuration:
//! 2 GiB at 2^29); stable configurations are kept only while they can still be among the
//! reported ones. Basins then resolve those successors in place, on both cores: path
//! compression inside each chunk while it is in cache, then pointer jumping over the
//! whole array (see [`basin_counts`]). The labelled walk for `k ≠ 2` ([`labelled`])
//! stores a successor per labelled configuration and compresses paths sequentially.
//!
//! The space is cut into chunks of consecutive indices. Each chunk starts from fields
//! computed from scratch (O(n²)) and walks its configurations with O(n) incremental
//! updates, so rounding drift is bounded by one chunk's walk, chunks run in parallel,
//! and the result does not depend on how rayon schedules them.

use std::sync::atomic::{AtomicU32, Ordering::Relaxed};

use rayon::prelude::*;

use super::MAX_STABLE_REPORTED;
use super::weights::{Fields, Found, Weights, report_order};
use crate::cancel::{Cancel, Cancelled};

/// log2 of the configurations walked per chunk (labelled walk).
const CHUNK_BITS: u32 = 14;

/// log2 of the configurations walked per chunk of the two-bloc walk: 2^16 successors are
/// 256 KiB, which stay in cache for the chunk-local path compression.
const TWO_CHUNK_BITS: u32 = 16;

/// Chunks merged at a time, so that candidate lists stay bounded while chunks run in
/// parallel.
const BATCH_CHUNKS: usize = 64;

/// Hard bound on the stable candidates kept while searching (see [`prune`]); only a
/// landscape built to have millions of stable alignments whose energies differ by less
/// than the tolerance reaches it.
const CANDIDATE_CAP: usize = 1 << 22;

/// Successor words with this bit set hold the end of a descent: the rank of a reported
/// stable alignment, or [`OTHER`]. Indices are below 2^31, so the bit is free.
const TAG: u32 = 1 << 31;

/// Basin tag of the stable alignments not reported.
const OTHER: u32 = TAG - 1;

/// A stable configuration's index and its (incrementally tracked) energy.
type Minimum = (u32, f64);

/// What one chunk of the two-bloc walk found.
struct ChunkOut {
    stable: u64,
    candidates: Vec<Minimum>,
}

/// Two blocs. Index bit `n−1−i` is state `i`'s bloc (state 0 is always in bloc 0), so
/// index order is the lexicographic order of canonical assignments. `count = 2^(n−1)`,
/// at most 2^31 (so `n ≤ 32`).
pub(super) fn two_blocs(
    w: &Weights,
    tol: f64,
    count: u64,
    cancel: &Cancel,
) -> Result<Found, Cancelled> {
    // Lanes beyond `n` are zero and change nothing: the padding only has to suit the
    // vector width (eight lanes with AVX-512, four otherwise).
    let wide = avx512();
    match w.n {
        0..=4 if !wide => two_blocs_in::<4>(w, tol, count, cancel),
        0..=8 => two_blocs_in::<8>(w, tol, count, cancel),
        9..=12 if !wide => two_blocs_in::<12>(w, tol, count, cancel),
        9..=16 => two_blocs_in::<16>(w, tol, count, cancel),
        17..=20 if !wide => two_blocs_in::<20>(w, tol, count, cancel),
        17..=24 => two_blocs_in::<24>(w, tol, count, cancel),
        25..=28 if !wide => two_blocs_in::<28>(w, tol, count, cancel),
        _ => two_blocs_in::<32>(w, tol, count, cancel),
    }
}

/// The weights of [`two_blocs`] padded to `L` lanes (zeros beyond `n`), so each step's
/// loops have a fixed length the compiler unrolls and vectorises.
struct Padded<const L: usize> {
    n: usize,
    tol: f64,
    /// `2·w_ij`: flipping `i` changes field `u_j` by `−σ_i·2·w_ij`.
    rows2: Vec<[f64; L]>,
    /// `Σ_j w_ij`, for the energy of a stable configuration.
    rowsum: [f64; L],
    /// `−0.0` in lane `i` of row `i`, `+0.0` elsewhere: xor flips σ_i's sign mask.
    flip: Vec<[f64; L]>,
    /// `2^(n−1) − 1`: moving state 0 yields the mirror image of everyone else moving.
    all: u32,
}

fn two_blocs_in<const L: usize>(
    w: &Weights,
    tol: f64,
    count: u64,
    cancel: &Cancel,
) -> Result<Found, Cancelled> {
    let n = w.n;
    assert!(n <= L && count <= 1 << 31, "two_blocs: {n} states");
    let total = usize::try_from(count).unwrap_or(usize::MAX);
    let bits = n.saturating_sub(1) as u32;
    let chunk_bits = bits.min(TWO_CHUNK_BITS);
    let chunk = 1usize << chunk_bits;
    let mut rows2 = vec![[0.0; L]; n];
    let mut rowsum = [0.0; L];
    for (i, r) in rows2.iter_mut().enumerate() {
        for (x, &wij) in r.iter_mut().zip(w.row(i)) {
            *x = 2.0 * wij;
        }
        rowsum[i] = w.row(i).iter().sum();
    }
    let p = Padded::<L> {
        n,
        tol,
        rows2,
        rowsum,
        flip: (0..n)
            .map(|i| {
                let mut f = [0.0; L];
                f[i] = -0.0;
                f
            })
            .collect(),
        all: u32::try_from(total.saturating_sub(1)).unwrap_or(u32::MAX),
    };
    // Zeroed by the allocator (fresh pages from the kernel), first touched by the
    // thread that walks them.
    let mut raw = vec![0u32; total];
    let succ = as_atomic(&mut raw);
    let chunks = total / chunk;
    let mut stable_total = 0u64;
    let mut candidates: Vec<Minimum> = Vec::new();
    for batch in (0..chunks).collect::<Vec<_>>().chunks(BATCH_CHUNKS) {
        // Polled per chunk too (2^16 configurations, a fraction of a millisecond), so a
        // cancelled search stops within a chunk on each core.
        let outs: Vec<ChunkOut> = batch
            .par_iter()
            .map(|&h| {
                cancel.check()?;
                let base = h << chunk_bits;
                Ok(walk_two_dispatch(&p, base, &succ[base..base + chunk]))
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
    let counts = basin_counts(succ, &kept, cancel)?;
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
    Ok(Found {
        kept: kept
            .iter()
            .zip(counts)
            .map(|(&(idx, _), c)| (decode(idx), c))
            .collect(),
        stable_total,
        denominator: count,
    })
}

/// Views a successor array as atomics, so that basin resolution may read and write any
/// entry from any thread. Every value written there is a configuration further down the
/// same descent or its final tag, so a racing reader always sees a valid pointer.
fn as_atomic(v: &mut [u32]) -> &[AtomicU32] {
    const { assert!(align_of::<AtomicU32>() == align_of::<u32>()) };
    const { assert!(size_of::<AtomicU32>() == size_of::<u32>()) };
    // SAFETY: `AtomicU32` has the size, alignment and bit validity of `u32` (checked
    // above), and the exclusive borrow guarantees no non-atomic access while the
    // returned view lives (this is `AtomicU32::from_mut_slice`, not yet stable).
    unsafe { &*(v as *mut [u32] as *const [AtomicU32]) }
}

/// Runs [`walk_two`], or [`walk_two_avx2`] where the processor has AVX2. Both do the
/// same IEEE operations in the same order (no fused multiply-add), so the answer is the
/// same bit for bit either way.
fn walk_two_dispatch<const L: usize>(p: &Padded<L>, base: usize, out: &[AtomicU32]) -> ChunkOut {
    #[cfg(target_arch = "x86_64")]
    {
        if L.is_multiple_of(8) && avx512() {
            // SAFETY: the processor supports AVX-512F (checked by `avx512`).
            return unsafe { walk_two_avx512(p, base, out) };
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor supports AVX2 (checked just above).
            return unsafe { walk_two_avx2(p, base, out) };
        }
    }
    walk_two(p, base, out)
}

/// Whether [`walk_two_avx512`] can run here.
fn avx512() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512f")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
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
        *uj = p.rows2[j]
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

/// Walks `out.len()` configurations `base | gray(t)`, writes each one's steepest
/// successor (itself when stable), then compresses the paths that stay in the chunk.
///
/// Fields: `u_j = Σ_k w_jk·σ_k` with `σ = ±1` by bloc; `g_j = σ_j·u_j` is state `j`'s
/// weight to its own bloc minus its weight to the other, and flipping `j` changes E by
/// `2·g_j`. Stable when `2·min g ≥ −tol`; else the steepest move is the lowest `j` with
/// `2·g_j ≤ 2·min g + tol`, tested as `g_j ≤ (2·min g + tol)/2`: the same test while
/// that half is exact, i.e. short of subnormal energies.
// Fixed-length lane loops read best indexed.
#[allow(clippy::needless_range_loop)]
fn walk_two<const L: usize>(p: &Padded<L>, base: usize, out: &[AtomicU32]) -> ChunkOut {
    let n = p.n;
    let tol = p.tol;
    let (mut sigma, mut u) = start_fields(p, base);
    let mut candidates = Vec::new();
    let mut stable = 0u64;
    let len = out.len();
    for t in 0..len {
        let code = t ^ (t >> 1);
        let idx = (base | code) as u32;
        let mut g = [0.0f64; L];
        for j in 0..L {
            g[j] = sigma[j] * u[j];
        }
        let mut low = f64::INFINITY;
        for &gj in &g {
            low = if gj < low { gj } else { low };
        }
        let low = 2.0 * low;
        let next = if low < -tol {
            // `g_j ≤ th/2` is `2·g_j ≤ th` (both scalings by 2 are exact).
            let half = 0.5 * (low + tol);
            let i = g.iter().position(|&gj| gj <= half).unwrap_or(0);
            moved(p, idx, i)
        } else {
            stable += 1;
            candidates.push((idx, energy_of(p, &g)));
            idx
        };
        out[code].store(next, Relaxed);
        if t + 1 < len {
            let i = n - 1 - (t + 1).trailing_zeros() as usize;
            let s = sigma[i];
            let r = &p.rows2[i];
            for j in 0..L {
                u[j] -= s * r[j];
            }
            sigma[i] = -s;
        }
    }
    compress_local(out, base);
    prune(&mut candidates, tol);
    ChunkOut { stable, candidates }
}

/// [`walk_two`] in AVX2 registers: `L/4` vectors of fields, signs kept as sign-bit masks
/// (`σ·x` is `x` with its sign bit flipped when `σ = −1`, exactly the product).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[allow(clippy::needless_range_loop)]
fn walk_two_avx2<const L: usize>(p: &Padded<L>, base: usize, out: &[AtomicU32]) -> ChunkOut {
    use std::arch::x86_64::*;
    const MAX: usize = 8;
    let m = L / 4;
    assert!(m <= MAX && L.is_multiple_of(4));
    let n = p.n;
    let tol = p.tol;
    let (sigma0, u0) = start_fields(p, base);
    let neg0 = _mm256_set1_pd(-0.0);
    let zero = _mm256_setzero_pd();
    let mut u = [zero; MAX];
    let mut sign = [zero; MAX];
    for k in 0..m {
        let mut uk = [0.0; 4];
        let mut sk = [0.0; 4];
        uk.copy_from_slice(&u0[4 * k..4 * k + 4]);
        for (x, &s) in sk.iter_mut().zip(&sigma0[4 * k..4 * k + 4]) {
            *x = if s < 0.0 { -0.0 } else { 0.0 };
        }
        // SAFETY: the arrays hold four f64 each.
        unsafe {
            u[k] = _mm256_loadu_pd(uk.as_ptr());
            sign[k] = _mm256_loadu_pd(sk.as_ptr());
        }
    }
    let load = |row: &[f64; L], k: usize| -> __m256d {
        // SAFETY: k < L/4, so lanes 4k..4k+4 are inside the row.
        unsafe { _mm256_loadu_pd(row.as_ptr().add(4 * k)) }
    };
    let mut candidates = Vec::new();
    let mut stable = 0u64;
    let len = out.len();
    for t in 0..len {
        let code = t ^ (t >> 1);
        let idx = (base | code) as u32;
        let mut g = [zero; MAX];
        for k in 0..m {
            g[k] = _mm256_xor_pd(u[k], sign[k]);
        }
        let mut mn = g[0];
        for gk in g.iter().take(m).skip(1) {
            mn = _mm256_min_pd(*gk, mn);
        }
        let half = _mm_min_pd(_mm256_castpd256_pd128(mn), _mm256_extractf128_pd(mn, 1));
        let low = _mm_cvtsd_f64(_mm_min_sd(half, _mm_unpackhi_pd(half, half)));
        let low = 2.0 * low;
        let next = if low < -tol {
            let half = _mm256_set1_pd(0.5 * (low + tol));
            let mut mask = 0u64;
            for (k, gk) in g.iter().enumerate().take(m) {
                let le = _mm256_cmp_pd(*gk, half, _CMP_LE_OQ);
                mask |= (_mm256_movemask_pd(le) as u64) << (4 * k);
            }
            moved(p, idx, mask.trailing_zeros() as usize)
        } else {
            stable += 1;
            let mut gs = [0.0f64; L];
            for k in 0..m {
                // SAFETY: lanes 4k..4k+4 of an L-array.
                unsafe { _mm256_storeu_pd(gs.as_mut_ptr().add(4 * k), g[k]) };
            }
            candidates.push((idx, energy_of(p, &gs)));
            idx
        };
        out[code].store(next, Relaxed);
        if t + 1 < len {
            let bit = (t + 1).trailing_zeros() as usize;
            let i = n - 1 - bit;
            // σ_i before the flip: −1 when the bit is set in the current configuration.
            let s = if (idx >> bit) & 1 == 1 { neg0 } else { zero };
            let r = &p.rows2[i];
            let f = &p.flip[i];
            for k in 0..m {
                u[k] = _mm256_sub_pd(u[k], _mm256_xor_pd(load(r, k), s));
                sign[k] = _mm256_xor_pd(sign[k], load(f, k));
            }
        }
    }
    compress_local(out, base);
    prune(&mut candidates, tol);
    ChunkOut { stable, candidates }
}

/// [`walk_two_avx2`] with eight lanes per vector (`L` a multiple of 8): at 30 states
/// four vectors of fields instead of eight, and the comparison yields its bit mask
/// directly.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
#[allow(clippy::needless_range_loop)]
fn walk_two_avx512<const L: usize>(p: &Padded<L>, base: usize, out: &[AtomicU32]) -> ChunkOut {
    use std::arch::x86_64::*;
    const MAX: usize = 4;
    let m = L / 8;
    assert!(m <= MAX && L.is_multiple_of(8));
    let n = p.n;
    let tol = p.tol;
    let (sigma0, u0) = start_fields(p, base);
    let neg0 = _mm512_castpd_si512(_mm512_set1_pd(-0.0));
    let zero = _mm512_setzero_si512();
    let mut u = [_mm512_setzero_pd(); MAX];
    let mut sign = [zero; MAX];
    for k in 0..m {
        let mut sk = [0.0; 8];
        for (x, &s) in sk.iter_mut().zip(&sigma0[8 * k..8 * k + 8]) {
            *x = if s < 0.0 { -0.0 } else { 0.0 };
        }
        // SAFETY: lanes 8k..8k+8 of L-arrays and an 8-array.
        unsafe {
            u[k] = _mm512_loadu_pd(u0.as_ptr().add(8 * k));
            sign[k] = _mm512_castpd_si512(_mm512_loadu_pd(sk.as_ptr()));
        }
    }
    let load = |row: &[f64; L], k: usize| -> __m512i {
        // SAFETY: k < L/8, so lanes 8k..8k+8 are inside the row.
        unsafe { _mm512_castpd_si512(_mm512_loadu_pd(row.as_ptr().add(8 * k))) }
    };
    let mut candidates = Vec::new();
    let mut stable = 0u64;
    let len = out.len();
    for t in 0..len {
        let code = t ^ (t >> 1);
        let idx = (base | code) as u32;
        let mut g = [_mm512_setzero_pd(); MAX];
        for k in 0..m {
            g[k] = _mm512_castsi512_pd(_mm512_xor_si512(_mm512_castpd_si512(u[k]), sign[k]));
        }
        let mut mn = g[0];
        for gk in g.iter().take(m).skip(1) {
            mn = _mm512_min_pd(*gk, mn);
        }
        let low = 2.0 * _mm512_reduce_min_pd(mn);
        let next = if low < -tol {
            let half = _mm512_set1_pd(0.5 * (low + tol));
            let mut mask = 0u64;
            for (k, gk) in g.iter().enumerate().take(m) {
                let le = _mm512_cmp_pd_mask::<_CMP_LE_OQ>(*gk, half);
                mask |= u64::from(le) << (8 * k);
            }
            moved(p, idx, mask.trailing_zeros() as usize)
        } else {
            stable += 1;
            let mut gs = [0.0f64; L];
            for k in 0..m {
                // SAFETY: lanes 8k..8k+8 of an L-array.
                unsafe { _mm512_storeu_pd(gs.as_mut_ptr().add(8 * k), g[k]) };
            }
            candidates.push((idx, energy_of(p, &gs)));
            idx
        };
        out[code].store(next, Relaxed);
        if t + 1 < len {
            let bit = (t + 1).trailing_zeros() as usize;
            let i = n - 1 - bit;
            // σ_i before the flip: −1 when the bit is set in the current configuration.
            let s = if (idx >> bit) & 1 == 1 { neg0 } else { zero };
            let r = &p.rows2[i];
            let f = &p.flip[i];
            for k in 0..m {
                let rs = _mm512_castsi512_pd(_mm512_xor_si512(load(r, k), s));
                u[k] = _mm512_sub_pd(u[k], rs);
                sign[k] = _mm512_xor_si512(sign[k], load(f, k));
            }
        }
    }
    compress_local(out, base);
    prune(&mut candidates, tol);
    ChunkOut { stable, candidates }
}

/// Points every configuration of a freshly walked chunk at the last configuration its
/// descent reaches inside the chunk (a stable one, or the first step leaving the chunk),
/// while the chunk is still in cache. Descents are shortened, never changed.
fn compress_local(out: &[AtomicU32], base: usize) {
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

/// Basin counts of the reported stable alignments `kept`, in place and in parallel.
/// Their configurations are first tagged with their rank in `kept`; then passes of
/// pointer jumping over the whole array replace every successor by its successor's
/// successor until each holds a tag (unreported stable configurations get [`OTHER`]).
/// Within a pass every configuration's lookup is independent of the others', so the
/// processor keeps many memory reads in flight; a descent of length `d` needs `log2 d`
/// passes. Counting the tags is a final sequential sweep.
fn basin_counts(
    succ: &[AtomicU32],
    kept: &[Minimum],
    cancel: &Cancel,
) -> Result<Vec<u64>, Cancelled> {
    for (rank, &(idx, _)) in kept.iter().enumerate() {
        succ[idx as usize].store(TAG | rank as u32, Relaxed);
    }
    let part = 1usize << 16;
    let parts = succ.len().div_ceil(part);
    let mut open: Vec<usize> = (0..parts).collect();
    // Each pass at least halves every unfinished descent; the bound only guards against
    // a rounding pathology (a cycle), whose members then count as unreported.
    for _ in 0..40 {
        if open.is_empty() {
            break;
        }
        cancel.check()?;
        open = open
            .into_par_iter()
            .filter(|&h| {
                let mut left = false;
                let lo = h * part;
                for cell in &succ[lo..(lo + part).min(succ.len())] {
                    let v = cell.load(Relaxed);
                    if v & TAG != 0 {
                        continue;
                    }
                    let w = succ[v as usize].load(Relaxed);
                    if w & TAG != 0 {
                        cell.store(w, Relaxed);
                    } else if w == v {
                        // An unreported stable configuration (possibly `lo + x` itself).
                        succ[v as usize].store(TAG | OTHER, Relaxed);
                        cell.store(TAG | OTHER, Relaxed);
                    } else {
                        cell.store(w, Relaxed);
                        left = true;
                    }
                }
                left
            })
            .collect();
    }
    let slots = kept.len() + 1;
    let counts = succ
        .par_chunks(part)
        .map(|block| {
            let mut counts = vec![0u64; slots];
            for cell in block {
                let v = cell.load(Relaxed);
                let r = (v & !TAG) as usize;
                let slot = if v & TAG != 0 && r < kept.len() {
                    r
                } else {
                    slots - 1
                };
                counts[slot] += 1;
            }
            counts
        })
        .reduce(
            || vec![0u64; slots],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                a
            },
        );
    Ok(counts[..kept.len()].to_vec())
}

/// Any number of blocs: all `k^n` labelled configurations, index `Σ label_i·k^(n−1−i)`
/// (lexicographic order). `count = k^n`.
pub(super) fn labelled(
    w: &Weights,
    k: usize,
    tol: f64,
    count: u64,
    cancel: &Cancel,
) -> Result<Found, Cancelled> {
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
    let mut succ = vec![0u32; total];
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
        .map(|(idx, e, c)| (encode(&super::canonical(&decode(u64::from(idx)))), e, c))
        .collect();
    items.sort_by_key(|x| x.0);
    let mut merged: Vec<(u64, f64, u64)> = Vec::with_capacity(items.len());
    for (key, e, c) in items {
        match merged.last_mut() {
            Some(last) if last.0 == key => last.2 += c,
            _ => merged.push((key, e, c)),
        }
    }
    Ok(Found::new(merged, count, tol, |&key| decode(key)))
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
