//! The statistics of shares of draws: the Wilson interval of a share (Wilson 1927), and
//! the margin of a difference between two shares.

/// The normal quantile of a two-sided 95 % interval.
pub const Z95: f64 = 1.96;

/// The 95 % Wilson score interval of `k` successes in `n` draws: `(low, high)`. Unlike
/// `p ± 1.96·√(p(1−p)/n)` it stays within [0, 1] and is not empty at 0 or `n`. `(0, 1)`
/// when `n` is 0.
pub fn wilson(k: usize, n: usize) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let (n, p) = (n as f64, k as f64 / n as f64);
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 / denom * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// The share `k / n` (0 when `n` is 0).
pub fn share(k: usize, n: usize) -> f64 {
    if n == 0 { 0.0 } else { k as f64 / n as f64 }
}

/// Half the width of the 95 % interval of the difference between two shares
/// `k1 / n1` and `k2 / n2` of independent draws, by the normal approximation:
/// `1.96 · √(p1(1−p1)/n1 + p2(1−p2)/n2)`. A difference larger than it is unlikely to be
/// noise. Infinite when either sample is empty.
pub fn difference_margin(k1: usize, n1: usize, k2: usize, n2: usize) -> f64 {
    if n1 == 0 || n2 == 0 {
        return f64::INFINITY;
    }
    let (p1, p2) = (share(k1, n1), share(k2, n2));
    Z95 * (p1 * (1.0 - p1) / n1 as f64 + p2 * (1.0 - p2) / n2 as f64).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Worked by hand from the formula: 620 of 1,000 gives p = 0.62, z²/n = 0.0038416,
    /// centre (0.62 + 0.0019208) / 1.0038416 = 0.619541, half 1.96 / 1.0038416 ·
    /// √(0.0002356 + 0.00000096) = 0.030030.
    #[test]
    fn wilson_by_hand() {
        let (low, high) = wilson(620, 1000);
        assert!((low - 0.589510).abs() < 1e-5, "{low}");
        assert!((high - 0.649571).abs() < 1e-5, "{high}");
        // At the edges the interval stays inside [0, 1] and is not empty.
        let (low, high) = wilson(0, 1000);
        assert_eq!(low, 0.0);
        assert!(high > 0.003 && high < 0.004, "{high}");
        let (low, high) = wilson(1000, 1000);
        assert!(low > 0.996 && low < 0.997, "{low}");
        assert_eq!(high, 1.0);
        assert_eq!(wilson(0, 0), (0.0, 1.0));
    }

    /// The half-widths the book and `draws`'s help quote: about ±0.03 at 1,000 draws and
    /// ±0.01 at 10,000, at p = 0.5 where they are widest.
    #[test]
    fn half_widths_quoted() {
        let half = |n: usize| {
            let (l, h) = wilson(n / 2, n);
            (h - l) / 2.0
        };
        assert!((half(1000) - 0.031).abs() < 0.0005, "{}", half(1000));
        assert!((half(10_000) - 0.0098).abs() < 0.0002, "{}", half(10_000));
    }

    #[test]
    fn margin_of_a_difference() {
        // p1 = p2 = 0.5 over 500 each: 1.96 · √(0.25/500 · 2) = 0.062.
        assert!((difference_margin(250, 500, 250, 500) - 0.061981).abs() < 1e-5);
        assert_eq!(difference_margin(0, 0, 1, 2), f64::INFINITY);
    }
}
