//! The vector lanes the two-bloc walk runs on, the thin entry points that enable a
//! processor feature around it, and the level update of the two-bloc branch-and-bound
//! ([`cheaper_sides`]).
//!
//! This is the crate's one module with `unsafe` code (the crate root denies it
//! elsewhere): SIMD intrinsics, the `#[target_feature]` calls into them, and the atomic
//! view of the successor array. The walk itself ([`super::two_blocs::walk`]) is written
//! once, generic over [`Lanes`], in safe code; it is `#[inline(always)]`, so each entry
//! point below gets its own copy compiled with the entry point's features (memchr's
//! shape: generic algorithm, per-feature vector impls, `#[target_feature]` only at the
//! top).
//!
//! A lanes type is a zero-sized token: [`Avx2`] and [`Avx512`] can only be built by
//! `new`, which checks the processor, so holding one proves its intrinsics may run.
//! Every implementation performs the same IEEE operations (xor of sign bits, subtraction,
//! minimum as `a < b ? a : b`, `≤` comparisons; no fused multiply-add), so every kernel
//! gives the same answer bit for bit (tested in `kernel_equivalence`).

use std::sync::atomic::AtomicU32;

use super::two_blocs::{ChunkOut, Padded, walk};

/// A vector of `WIDTH` f64 lanes and the operations the walk needs.
pub(super) trait Lanes: Copy {
    const WIDTH: usize;
    type V: Copy;
    fn zero(self) -> Self::V;
    fn splat(self, x: f64) -> Self::V;
    /// The first `WIDTH` values of `x` (panics if it is shorter).
    fn load(self, x: &[f64]) -> Self::V;
    /// Into the first `WIDTH` slots of `out` (panics if it is shorter).
    fn store(self, v: Self::V, out: &mut [f64]);
    /// `a` with the sign of lane `l` flipped where bit `l` of `bits` is set (the
    /// bits above `WIDTH` are zero).
    fn negate_where(self, a: Self::V, bits: u32) -> Self::V;
    fn sub(self, a: Self::V, b: Self::V) -> Self::V;
    /// Lane-wise `if a < b { a } else { b }`.
    fn min(self, a: Self::V, b: Self::V) -> Self::V;
    /// The least lane.
    fn reduce_min(self, v: Self::V) -> f64;
    /// Bit `l` set when lane `l` of `a` is `≤` lane `l` of `b`.
    fn le_mask(self, a: Self::V, b: Self::V) -> u64;
}

/// Four lanes in a plain array: the compiler's own vectorisation, any processor.
#[derive(Clone, Copy)]
pub(super) struct Portable;

impl Lanes for Portable {
    const WIDTH: usize = 4;
    type V = [f64; 4];
    #[inline(always)]
    fn zero(self) -> [f64; 4] {
        [0.0; 4]
    }
    #[inline(always)]
    fn splat(self, x: f64) -> [f64; 4] {
        [x; 4]
    }
    #[inline(always)]
    fn load(self, x: &[f64]) -> [f64; 4] {
        let mut v = [0.0; 4];
        v.copy_from_slice(&x[..4]);
        v
    }
    #[inline(always)]
    fn store(self, v: [f64; 4], out: &mut [f64]) {
        out[..4].copy_from_slice(&v);
    }
    #[inline(always)]
    fn negate_where(self, a: [f64; 4], bits: u32) -> [f64; 4] {
        std::array::from_fn(|l| f64::from_bits(a[l].to_bits() ^ (u64::from((bits >> l) & 1) << 63)))
    }
    #[inline(always)]
    fn sub(self, a: [f64; 4], b: [f64; 4]) -> [f64; 4] {
        std::array::from_fn(|l| a[l] - b[l])
    }
    #[inline(always)]
    fn min(self, a: [f64; 4], b: [f64; 4]) -> [f64; 4] {
        std::array::from_fn(|l| if a[l] < b[l] { a[l] } else { b[l] })
    }
    #[inline(always)]
    fn reduce_min(self, v: [f64; 4]) -> f64 {
        let lo = if v[0] < v[2] { v[0] } else { v[2] };
        let hi = if v[1] < v[3] { v[1] } else { v[3] };
        if lo < hi { lo } else { hi }
    }
    #[inline(always)]
    fn le_mask(self, a: [f64; 4], b: [f64; 4]) -> u64 {
        (0..4).fold(0, |m, l| m | (u64::from(a[l] <= b[l]) << l))
    }
}

/// `SIGNS4[b]` has `−0.0` in lane `l` where bit `l` of `b` is set and `+0.0` elsewhere:
/// xor with it flips those lanes' signs, so signs held as bits cost one load, not a
/// vector register each.
#[cfg(target_arch = "x86_64")]
static SIGNS4: [[f64; 4]; 16] = {
    let mut t = [[0.0f64; 4]; 16];
    let mut b = 0;
    while b < 16 {
        let mut l = 0;
        while l < 4 {
            if (b >> l) & 1 == 1 {
                t[b][l] = -0.0;
            }
            l += 1;
        }
        b += 1;
    }
    t
};

/// AVX2: four lanes in a `__m256d`.
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy)]
pub(super) struct Avx2(());

/// AVX-512F: eight lanes in a `__m512d`.
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy)]
pub(super) struct Avx512(());

#[cfg(target_arch = "x86_64")]
impl Avx2 {
    pub fn new() -> Option<Self> {
        std::arch::is_x86_feature_detected!("avx2").then_some(Avx2(()))
    }
}

#[cfg(target_arch = "x86_64")]
impl Avx512 {
    pub fn new() -> Option<Self> {
        std::arch::is_x86_feature_detected!("avx512f").then_some(Avx512(()))
    }
}

// SAFETY (every `unsafe` block in the two impls below): `self` is an `Avx2` (`Avx512`)
// token, which `new` builds only after detecting AVX2 (AVX-512F) on this processor, so
// the intrinsics may run; loads and stores go through pointers of slices first cut to
// exactly `WIDTH` elements, so they stay in bounds.
#[cfg(target_arch = "x86_64")]
impl Lanes for Avx2 {
    const WIDTH: usize = 4;
    type V = std::arch::x86_64::__m256d;
    #[inline(always)]
    fn zero(self) -> Self::V {
        // SAFETY: see above the impl (feature detected).
        unsafe { std::arch::x86_64::_mm256_setzero_pd() }
    }
    #[inline(always)]
    fn splat(self, x: f64) -> Self::V {
        // SAFETY: see above the impl (feature detected).
        unsafe { std::arch::x86_64::_mm256_set1_pd(x) }
    }
    #[inline(always)]
    fn load(self, x: &[f64]) -> Self::V {
        let x = &x[..4];
        // SAFETY: see above the impl (feature detected; `x` holds exactly four f64).
        unsafe { std::arch::x86_64::_mm256_loadu_pd(x.as_ptr()) }
    }
    #[inline(always)]
    fn store(self, v: Self::V, out: &mut [f64]) {
        let out = &mut out[..4];
        // SAFETY: see above the impl (feature detected; `out` holds exactly four f64).
        unsafe { std::arch::x86_64::_mm256_storeu_pd(out.as_mut_ptr(), v) }
    }
    #[inline(always)]
    fn negate_where(self, a: Self::V, bits: u32) -> Self::V {
        let signs = &SIGNS4[(bits & 15) as usize];
        // SAFETY: see above the impl (feature detected; `signs` holds exactly four f64).
        unsafe {
            use std::arch::x86_64::*;
            _mm256_xor_pd(a, _mm256_loadu_pd(signs.as_ptr()))
        }
    }
    #[inline(always)]
    fn sub(self, a: Self::V, b: Self::V) -> Self::V {
        // SAFETY: see above the impl (feature detected).
        unsafe { std::arch::x86_64::_mm256_sub_pd(a, b) }
    }
    #[inline(always)]
    fn min(self, a: Self::V, b: Self::V) -> Self::V {
        // `minpd` returns its second operand unless the first is less: `a < b ? a : b`.
        // SAFETY: see above the impl (feature detected).
        unsafe { std::arch::x86_64::_mm256_min_pd(a, b) }
    }
    #[inline(always)]
    fn reduce_min(self, v: Self::V) -> f64 {
        use std::arch::x86_64::*;
        // SAFETY: see above the impl (feature detected).
        unsafe {
            let half = _mm_min_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
            _mm_cvtsd_f64(_mm_min_sd(half, _mm_unpackhi_pd(half, half)))
        }
    }
    #[inline(always)]
    fn le_mask(self, a: Self::V, b: Self::V) -> u64 {
        use std::arch::x86_64::*;
        // SAFETY: see above the impl (feature detected).
        let bits = unsafe { _mm256_movemask_pd(_mm256_cmp_pd(a, b, _CMP_LE_OQ)) };
        // movemask yields the four sign bits in the low bits of a non-negative i32.
        u64::from(bits as u32)
    }
}

#[cfg(target_arch = "x86_64")]
impl Lanes for Avx512 {
    const WIDTH: usize = 8;
    type V = std::arch::x86_64::__m512d;
    #[inline(always)]
    fn zero(self) -> Self::V {
        // SAFETY: see above the `Avx2` impl (feature detected).
        unsafe { std::arch::x86_64::_mm512_setzero_pd() }
    }
    #[inline(always)]
    fn splat(self, x: f64) -> Self::V {
        // SAFETY: see above the `Avx2` impl (feature detected).
        unsafe { std::arch::x86_64::_mm512_set1_pd(x) }
    }
    #[inline(always)]
    fn load(self, x: &[f64]) -> Self::V {
        let x = &x[..8];
        // SAFETY: see above the `Avx2` impl (feature detected; `x` holds exactly eight f64).
        unsafe { std::arch::x86_64::_mm512_loadu_pd(x.as_ptr()) }
    }
    #[inline(always)]
    fn store(self, v: Self::V, out: &mut [f64]) {
        let out = &mut out[..8];
        // SAFETY: see above the `Avx2` impl (feature detected; `out` holds exactly eight
        // f64).
        unsafe { std::arch::x86_64::_mm512_storeu_pd(out.as_mut_ptr(), v) }
    }
    #[inline(always)]
    fn negate_where(self, a: Self::V, bits: u32) -> Self::V {
        use std::arch::x86_64::*;
        // Integer xor under a lane mask: the `pd` form needs AVX-512DQ, which AVX-512F
        // does not imply.
        // SAFETY: see above the `Avx2` impl (feature detected).
        unsafe {
            let a = _mm512_castpd_si512(a);
            let sign = _mm512_set1_epi64(i64::MIN);
            _mm512_castsi512_pd(_mm512_mask_xor_epi64(a, (bits & 0xff) as __mmask8, a, sign))
        }
    }
    #[inline(always)]
    fn sub(self, a: Self::V, b: Self::V) -> Self::V {
        // SAFETY: see above the `Avx2` impl (feature detected).
        unsafe { std::arch::x86_64::_mm512_sub_pd(a, b) }
    }
    #[inline(always)]
    fn min(self, a: Self::V, b: Self::V) -> Self::V {
        // SAFETY: see above the `Avx2` impl (feature detected).
        unsafe { std::arch::x86_64::_mm512_min_pd(a, b) }
    }
    #[inline(always)]
    fn reduce_min(self, v: Self::V) -> f64 {
        // SAFETY: see above the `Avx2` impl (feature detected).
        unsafe { std::arch::x86_64::_mm512_reduce_min_pd(v) }
    }
    #[inline(always)]
    fn le_mask(self, a: Self::V, b: Self::V) -> u64 {
        use std::arch::x86_64::*;
        // SAFETY: see above the `Avx2` impl (feature detected).
        u64::from(unsafe { _mm512_cmp_pd_mask::<_CMP_LE_OQ>(a, b) })
    }
}

/// One way to run the walk: the portable lanes or a detected processor feature.
#[derive(Clone, Copy)]
pub(super) enum Kernel {
    Portable,
    #[cfg(target_arch = "x86_64")]
    Avx2(Avx2),
    #[cfg(target_arch = "x86_64")]
    Avx512(Avx512),
}

impl Kernel {
    /// Every kernel this processor can run, portable first.
    pub fn available() -> Vec<Kernel> {
        let mut out = vec![Kernel::Portable];
        #[cfg(target_arch = "x86_64")]
        {
            out.extend(Avx2::new().map(Kernel::Avx2));
            out.extend(Avx512::new().map(Kernel::Avx512));
        }
        out
    }

    /// The widest kernel available.
    pub fn best() -> Kernel {
        Kernel::available().pop().unwrap_or(Kernel::Portable)
    }

    /// Lanes per vector; the walk's padding `L` must be a multiple of it.
    pub fn width(self) -> usize {
        match self {
            Kernel::Portable => Portable::WIDTH,
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2(_) => Avx2::WIDTH,
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx512(_) => Avx512::WIDTH,
        }
    }

    /// Walks `len` configurations from `base` (see [`walk`]); with `SUCC` each one's
    /// successor goes to `out`, which then has `len` entries.
    pub fn run<const L: usize, const SUCC: bool>(
        self,
        p: &Padded<L>,
        base: usize,
        len: usize,
        out: &[AtomicU32],
    ) -> ChunkOut {
        match self {
            Kernel::Portable => walk::<Portable, L, SUCC>(Portable, p, base, len, out),
            #[cfg(target_arch = "x86_64")]
            // SAFETY: the token proves the processor has AVX2.
            Kernel::Avx2(t) => unsafe { walk_avx2::<L, SUCC>(t, p, base, len, out) },
            #[cfg(target_arch = "x86_64")]
            // SAFETY: the token proves the processor has AVX-512F.
            Kernel::Avx512(t) => unsafe { walk_avx512::<L, SUCC>(t, p, base, len, out) },
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn walk_avx2<const L: usize, const SUCC: bool>(
    t: Avx2,
    p: &Padded<L>,
    base: usize,
    len: usize,
    out: &[AtomicU32],
) -> ChunkOut {
    walk::<Avx2, L, SUCC>(t, p, base, len, out)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn walk_avx512<const L: usize, const SUCC: bool>(
    t: Avx512,
    p: &Padded<L>,
    base: usize,
    len: usize,
    out: &[AtomicU32],
) -> ChunkOut {
    walk::<Avx512, L, SUCC>(t, p, base, len, out)
}

/// Lanes of the sum in [`cheaper_sides`]: lane `i` adds the elements `i, i + 4, …` and
/// the elements past the last whole four go to lane 0, in order, so that every
/// implementation adds in the same order and gives the same bits.
pub(super) const SIDE_LANES: usize = 4;

/// The two-bloc search's level update (`partitions::search`): `keep_to = keep`,
/// `add_to = add + row`, and `Σ min(add_to, keep)` (minimum as `a < b ? a : b`) in
/// [`SIDE_LANES`] partial sums, lanes 0 and 1 added, then 2 and 3, then the two. All five
/// slices have the same length (panics otherwise).
pub(super) fn cheaper_sides(
    keep: &[f64],
    add: &[f64],
    row: &[f64],
    keep_to: &mut [f64],
    add_to: &mut [f64],
) -> f64 {
    let len = row.len();
    assert!(keep.len() == len && add.len() == len && keep_to.len() == len && add_to.len() == len);
    let whole = len - len % SIDE_LANES;
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE2 is part of x86_64; every access is below `whole ≤ len`, the length of
    // all five slices, and the two written ones are distinct `&mut` borrows. (An AVX2
    // version, called across a `#[target_feature]` boundary, measured slower.)
    let mut acc = unsafe { cheaper_sides_sse2(keep, add, row, keep_to, add_to, whole) };
    #[cfg(not(target_arch = "x86_64"))]
    let mut acc = [0.0f64; SIDE_LANES];
    // One element, as the vectors do it, for the tail (and the whole on other processors).
    let mut one = |j: usize| {
        let x = add[j] + row[j];
        keep_to[j] = keep[j];
        add_to[j] = x;
        if x < keep[j] { x } else { keep[j] }
    };
    #[cfg(not(target_arch = "x86_64"))]
    for j in 0..whole {
        acc[j % SIDE_LANES] += one(j);
    }
    for j in whole..len {
        acc[0] += one(j);
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}

/// [`cheaper_sides`] over the first `whole` elements (a multiple of four), as two
/// vectors of two lanes. Safety: `whole` is at most every slice's length.
#[cfg(target_arch = "x86_64")]
unsafe fn cheaper_sides_sse2(
    keep: &[f64],
    add: &[f64],
    row: &[f64],
    keep_to: &mut [f64],
    add_to: &mut [f64],
    whole: usize,
) -> [f64; SIDE_LANES] {
    use std::arch::x86_64::{_mm_add_pd, _mm_loadu_pd, _mm_min_pd, _mm_setzero_pd, _mm_storeu_pd};
    let (k, a, r) = (keep.as_ptr(), add.as_ptr(), row.as_ptr());
    let (kt, at) = (keep_to.as_mut_ptr(), add_to.as_mut_ptr());
    let mut out = [0.0f64; SIDE_LANES];
    // SAFETY: the caller keeps `j + 3 < whole` within every slice.
    unsafe {
        let (mut s01, mut s23) = (_mm_setzero_pd(), _mm_setzero_pd());
        for j in (0..whole).step_by(SIDE_LANES) {
            let (k01, k23) = (_mm_loadu_pd(k.add(j)), _mm_loadu_pd(k.add(j + 2)));
            let x01 = _mm_add_pd(_mm_loadu_pd(a.add(j)), _mm_loadu_pd(r.add(j)));
            let x23 = _mm_add_pd(_mm_loadu_pd(a.add(j + 2)), _mm_loadu_pd(r.add(j + 2)));
            _mm_storeu_pd(kt.add(j), k01);
            _mm_storeu_pd(kt.add(j + 2), k23);
            _mm_storeu_pd(at.add(j), x01);
            _mm_storeu_pd(at.add(j + 2), x23);
            // `_mm_min_pd(x, k)` is `x < k ? x : k` lane by lane.
            s01 = _mm_add_pd(s01, _mm_min_pd(x01, k01));
            s23 = _mm_add_pd(s23, _mm_min_pd(x23, k23));
        }
        _mm_storeu_pd(out.as_mut_ptr(), s01);
        _mm_storeu_pd(out.as_mut_ptr().add(2), s23);
    }
    out
}

/// Views a successor array as atomics, so that basin resolution may read and write any
/// entry from any thread. Every value written there is a configuration further down the
/// same descent or its final tag, so a racing reader always sees a valid pointer.
pub(super) fn as_atomic(v: &mut [u32]) -> &[AtomicU32] {
    const { assert!(align_of::<AtomicU32>() == align_of::<u32>()) };
    const { assert!(size_of::<AtomicU32>() == size_of::<u32>()) };
    // SAFETY: `AtomicU32` has the size, alignment and bit validity of `u32` (checked
    // above), and the exclusive borrow guarantees no non-atomic access while the
    // returned view lives (this is `AtomicU32::from_mut_slice`, not yet stable).
    unsafe { &*(v as *mut [u32] as *const [AtomicU32]) }
}

/// A zeroed `Vec<u32>` of `len` entries, or `None` when the allocator refuses (a memory
/// limit, an address space too small), instead of aborting the process as `vec!` does.
/// Zeroed by `alloc_zeroed`, so a large array gets fresh zero pages from the kernel and
/// is first touched by the thread that walks it (`try_reserve` plus `resize` would write
/// every page up front, on one thread).
pub(super) fn try_zeroed_u32(len: usize) -> Option<Vec<u32>> {
    if len == 0 {
        return Some(Vec::new());
    }
    let layout = std::alloc::Layout::array::<u32>(len).ok()?;
    // SAFETY: the layout has a non-zero size (`len > 0`, `u32` is four bytes).
    let ptr = unsafe { std::alloc::alloc_zeroed(layout) }.cast::<u32>();
    if ptr.is_null() {
        return None;
    }
    // SAFETY: `ptr` comes from the global allocator with the layout of `len` `u32`s, so
    // capacity `len` matches; all `len` entries are initialised (zero is a valid `u32`).
    Some(unsafe { Vec::from_raw_parts(ptr, len, len) })
}

#[cfg(test)]
mod tests {
    use super::{SIDE_LANES, cheaper_sides, try_zeroed_u32};

    /// The level update with one plain loop per lane, in the order the doc promises.
    fn plain_sides(keep: &[f64], add: &[f64], row: &[f64]) -> (Vec<f64>, f64) {
        let x: Vec<f64> = add.iter().zip(row).map(|(a, r)| a + r).collect();
        let whole = x.len() - x.len() % SIDE_LANES;
        let mut lane = [0.0f64; SIDE_LANES];
        for (j, (&xj, &kj)) in x.iter().zip(keep).enumerate() {
            let i = if j < whole { j % SIDE_LANES } else { 0 };
            lane[i] += xj.min(kj);
        }
        (x, (lane[0] + lane[1]) + (lane[2] + lane[3]))
    }

    #[test]
    fn cheaper_sides_adds_in_the_promised_order() {
        // Values of mixed magnitude, so that a different order of additions would round
        // differently; ties and signed zeros, where a minimum may pick either side.
        let mut z = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            z = z.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let m = ((z >> 11) as f64 / (1u64 << 53) as f64) - 0.5;
            match z >> 61 {
                0 => 0.0,
                1 => -0.0,
                2 => 1.0,
                _ => m * 10f64.powi((z >> 58 & 7) as i32 - 3),
            }
        };
        for len in 0..23 {
            let keep: Vec<f64> = (0..len).map(|_| next()).collect();
            let add: Vec<f64> = (0..len).map(|_| next()).collect();
            let row: Vec<f64> = (0..len).map(|_| next()).collect();
            let (mut kt, mut at) = (vec![f64::NAN; len], vec![f64::NAN; len]);
            let sum = cheaper_sides(&keep, &add, &row, &mut kt, &mut at);
            let (x, want) = plain_sides(&keep, &add, &row);
            assert_eq!(sum.to_bits(), want.to_bits(), "length {len}");
            assert_eq!(kt, keep);
            assert_eq!(at, x);
        }
    }

    #[test]
    fn zeroed_arrays_and_refusals() {
        assert_eq!(try_zeroed_u32(0), Some(Vec::new()));
        assert_eq!(try_zeroed_u32(5), Some(vec![0; 5]));
        // More than the address space: refused, not an abort.
        assert_eq!(try_zeroed_u32(usize::MAX / 4), None);
        assert_eq!(try_zeroed_u32(1 << 61), None);
    }
}
