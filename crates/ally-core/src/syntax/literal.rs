//! Number literals read exactly: `1e-3` is 1/1000, `0.1234567890123456789` keeps every
//! digit, integers and fractions may exceed 64 bits. Game payoffs promise exact
//! arithmetic, so they use this value; every other number uses the `f64`.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::Zero;

/// A literal whose digits plus the size of its exponent exceed this is not kept exact
/// (the rational would need that many digits): `2e-1000` is refused as a payoff rather
/// than rounded. Ten times any payoff a course writes, and cheap to build.
pub const MAX_EXACT_DIGITS: usize = 1000;

/// The exact value of a literal of the grammar's `number` (`-12.5e-3`) or `fraction`
/// (`-3/4`) rule; `None` when it is too long to keep exact or is `x/0`.
pub fn exact(text: &str) -> Option<BigRational> {
    if let Some((n, d)) = text.split_once('/') {
        if n.len() + d.len() > MAX_EXACT_DIGITS {
            return None;
        }
        let (n, d): (BigInt, BigInt) = (n.parse().ok()?, d.parse().ok()?);
        return (!d.is_zero()).then(|| BigRational::new(n, d));
    }
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], text[i + 1..].parse::<i64>().ok()?),
        None => (text, 0),
    };
    let (neg, body) = match mantissa.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, mantissa),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let scale = exponent.checked_sub(i64::try_from(frac.len()).ok()?)?;
    if int.len() + frac.len() + scale.unsigned_abs() as usize > MAX_EXACT_DIGITS {
        return None;
    }
    let digits: BigInt = format!("{int}{frac}").parse().ok()?;
    let ten = BigInt::from(10);
    let pow = num_traits::pow(ten, scale.unsigned_abs() as usize);
    let mut q = if scale >= 0 {
        BigRational::from_integer(digits * pow)
    } else {
        BigRational::new(digits, pow)
    };
    if neg {
        q = -q;
    }
    Some(if q.is_zero() { BigRational::zero() } else { q })
}

/// A number as `ally fmt` writes it: a leading `0` before a bare point (`.5` is `0.5`)
/// and no trailing point (`5.` is `5`); any other literal as it was written.
pub fn canonical(text: &str) -> String {
    let (sign, body) = match text.strip_prefix('-') {
        Some(b) => ("-", b),
        None => ("", text),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => body.split_at(i),
        None => (body, ""),
    };
    let mantissa = mantissa.strip_suffix('.').unwrap_or(mantissa);
    let zero = if mantissa.starts_with('.') { "0" } else { "" };
    format!("{sign}{zero}{mantissa}{exponent}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_traits::One;

    fn q(n: i64, d: i64) -> BigRational {
        BigRational::new(n.into(), d.into())
    }

    #[test]
    fn literals_by_hand() {
        assert_eq!(exact("1e-3"), Some(q(1, 1000)));
        assert_eq!(exact("-2.5E+2"), Some(q(-250, 1)));
        assert_eq!(exact("12.5e-1"), Some(q(5, 4)));
        assert_eq!(exact("-0.000"), Some(q(0, 1)));
        assert_eq!(exact("-3/4"), Some(q(-3, 4)));
        assert_eq!(exact("1/0"), None);
        assert_eq!(exact("2e-1000"), None);
        assert_eq!(exact("1e999"), exact("1e999"));
        assert!(BigRational::one() > BigRational::zero());
        assert_eq!(exact(".5"), Some(q(1, 2)));
        assert_eq!(exact("-.25"), Some(q(-1, 4)));
        assert_eq!(exact("5."), Some(q(5, 1)));
        assert_eq!(exact("5.e1"), Some(q(50, 1)));
    }

    #[test]
    fn canonical_numbers() {
        for (written, canon) in [
            (".5", "0.5"),
            ("-.5", "-0.5"),
            ("5.", "5"),
            ("-5.", "-5"),
            ("5.e3", "5e3"),
            (".5E-2", "0.5E-2"),
            ("0.5", "0.5"),
            ("12", "12"),
            ("3/4", "3/4"),
        ] {
            assert_eq!(canonical(written), canon, "{written}");
            // The value is the same.
            assert_eq!(exact(written), exact(canon), "{written}");
        }
    }
}
