//! The integers the fraction-free elimination of [`super::nash`] runs in: `i128` with
//! overflow checks (and exact division modulo 2^128 under a known bound), or `BigInt`
//! when that overflows.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// Integers the elimination can run in: `i128` with overflow checks, or `BigInt`.
pub(super) trait Ring: Clone + Send + Sync + Sized {
    fn from_big(v: &BigInt) -> Option<Self>;
    fn r_zero() -> Self;
    fn r_one() -> Self;
    fn mul(&self, o: &Self) -> Option<Self>;
    fn sub(&self, o: &Self) -> Option<Self>;
    fn add(&self, o: &Self) -> Option<Self>;
    /// `self / o` when exact; `None` on a remainder or overflow.
    fn div_exact(&self, o: &Self) -> Option<Self>;
    fn neg(&self) -> Option<Self>;
    fn sign(&self) -> Ordering;
    fn big(&self) -> BigInt;
    /// The non-negative greatest common divisor.
    fn gcd_with(&self, o: &Self) -> Self;
    /// One fraction-free elimination step, `(pivot · cell − f · below) / prev`, whose
    /// result is known to be an integer no larger than `2^bits` in magnitude (a minor of
    /// the system, under the Hadamard bound).
    fn update(
        pivot: &Self,
        cell: &Self,
        f: &Self,
        below: &Self,
        prev: &Self,
        bits: u32,
    ) -> Option<Self> {
        let _ = bits;
        pivot.mul(cell)?.sub(&f.mul(below)?)?.div_exact(prev)
    }
    /// `log2` of the Hadamard bound of the system's rows, rounded up with a margin: every
    /// minor, hence every entry during the elimination, is below `2^bits`.
    fn bits(rows: &[Vec<Self>]) -> u32 {
        let _ = rows;
        0
    }
}

/// The inverse of an odd number modulo 2^128 (Newton's iteration doubles the correct
/// bits each step, from 3).
pub(super) fn inverse_mod_2_128(o: u128) -> u128 {
    let mut x = o;
    for _ in 0..7 {
        x = x.wrapping_mul(2u128.wrapping_sub(o.wrapping_mul(x)));
    }
    x
}

/// `v / e` for a `v` known only modulo 2^128 (wrapping arithmetic) when the true
/// quotient is an integer below `2^bits` in magnitude: exact division by the odd part of
/// `e` is multiplication by its inverse modulo 2^128, and the power of two costs `t`
/// bits, which the bound must leave free.
fn exact_div_wrapping(v: i128, e: i128, bits: u32) -> Option<i128> {
    if e == 0 {
        return None;
    }
    let ea = e.unsigned_abs();
    let t = ea.trailing_zeros();
    if bits + t >= 127 {
        return None;
    }
    let o = ea >> t;
    let shifted = (v >> t) as u128;
    let q = shifted.wrapping_mul(inverse_mod_2_128(o));
    let q = ((q << t) as i128) >> t;
    Some(if e < 0 { q.wrapping_neg() } else { q })
}

impl Ring for i128 {
    fn from_big(v: &BigInt) -> Option<Self> {
        v.to_i128()
    }
    fn r_zero() -> Self {
        0
    }
    fn r_one() -> Self {
        1
    }
    fn mul(&self, o: &Self) -> Option<Self> {
        self.checked_mul(*o)
    }
    fn sub(&self, o: &Self) -> Option<Self> {
        self.checked_sub(*o)
    }
    fn add(&self, o: &Self) -> Option<Self> {
        self.checked_add(*o)
    }
    fn div_exact(&self, o: &Self) -> Option<Self> {
        let q = self.checked_div(*o)?;
        if q.wrapping_mul(*o) == *self {
            Some(q)
        } else {
            None
        }
    }
    fn neg(&self) -> Option<Self> {
        self.checked_neg()
    }
    fn sign(&self) -> Ordering {
        self.cmp(&0)
    }
    fn big(&self) -> BigInt {
        BigInt::from(*self)
    }
    fn gcd_with(&self, o: &Self) -> Self {
        let (mut a, mut b) = (self.unsigned_abs(), o.unsigned_abs());
        while b != 0 {
            (a, b) = (b, a % b);
        }
        i128::try_from(a).unwrap_or(1)
    }
    fn update(
        pivot: &Self,
        cell: &Self,
        f: &Self,
        below: &Self,
        prev: &Self,
        bits: u32,
    ) -> Option<Self> {
        // The products may overflow although the result cannot: compute modulo 2^128.
        let v = pivot
            .wrapping_mul(*cell)
            .wrapping_sub(f.wrapping_mul(*below));
        exact_div_wrapping(v, *prev, bits)
    }
    fn bits(rows: &[Vec<Self>]) -> u32 {
        let log2: f64 = rows
            .iter()
            .map(|r| {
                0.5 * r
                    .iter()
                    .map(|&x| (x as f64) * (x as f64))
                    .sum::<f64>()
                    .log2()
            })
            .sum();
        if log2.is_finite() && log2 < 200.0 {
            (log2 + 1e-6 * (1.0 + log2)).ceil().max(0.0) as u32 + 1
        } else {
            u32::MAX / 2
        }
    }
}

impl Ring for BigInt {
    fn from_big(v: &BigInt) -> Option<Self> {
        Some(v.clone())
    }
    fn r_zero() -> Self {
        Zero::zero()
    }
    fn r_one() -> Self {
        One::one()
    }
    fn mul(&self, o: &Self) -> Option<Self> {
        Some(self * o)
    }
    fn sub(&self, o: &Self) -> Option<Self> {
        Some(self - o)
    }
    fn add(&self, o: &Self) -> Option<Self> {
        Some(self + o)
    }
    fn div_exact(&self, o: &Self) -> Option<Self> {
        if o.is_zero() {
            return None;
        }
        let (q, r) = self.div_rem(o);
        if r.is_zero() { Some(q) } else { None }
    }
    fn neg(&self) -> Option<Self> {
        Some(-self)
    }
    fn sign(&self) -> Ordering {
        if self.is_positive() {
            Ordering::Greater
        } else if self.is_negative() {
            Ordering::Less
        } else {
            Ordering::Equal
        }
    }
    fn big(&self) -> BigInt {
        self.clone()
    }
    fn gcd_with(&self, o: &Self) -> Self {
        self.gcd(o)
    }
}
