//! Numbers as every text answer prints them, and the precision that implies: an
//! `expect … = v` without a tolerance holds to exactly the digits `ally run` shows.

/// The decimals [`num`] prints `v` with: four, or four significant digits below 0.01
/// (CINC-sized powers make energies of the order of 1e-4), at most twelve.
pub fn decimals(v: f64) -> usize {
    if v != 0.0 && v.is_finite() && v.abs() < 0.01 {
        (3 - v.abs().log10().floor() as i32).clamp(4, 12) as usize
    } else {
        4
    }
}

/// Half a unit in the last place [`num`] prints `v` with: the default tolerance of a
/// numeric expectation whose actual value is `v`.
pub fn printed_tolerance(v: f64) -> f64 {
    0.5 * 10f64.powi(-(decimals(v) as i32))
}

/// A number for reading: no trailing zeros.
pub fn num(v: f64) -> String {
    if !v.is_finite() {
        return if v > 0.0 { "∞".into() } else { "-∞".into() };
    }
    let decimals = decimals(v);
    let s = format!("{v:.decimals$}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".into()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_digits() {
        assert_eq!(num(2.881_24), "2.8812");
        assert_eq!(num(0.000549), "0.000549");
        assert_eq!(num(-0.0293), "-0.0293");
        assert_eq!(num(3.0), "3");
        assert_eq!(decimals(0.000549), 7);
        assert_eq!(decimals(1e-20), 12);
        assert!((printed_tolerance(157.44) - 0.00005).abs() < 1e-15);
        // The book's example (language.md, "Numbers and their tolerance").
        assert!((printed_tolerance(0.00055) - 0.000_000_05).abs() < 1e-18);
    }
}
