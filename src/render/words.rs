//! The small pieces of wording every answer shares — numbers as people read them, the
//! lines of an alignment — kept apart so that `text` (which dispatches every answer) and
//! `dynamics` (the answers about change) both use them without depending on each other.

use std::fmt::Write;

use crate::query::Bloc;

/// A number for reading: no trailing zeros.
pub fn num(v: f64) -> String {
    if !v.is_finite() {
        return if v > 0.0 { "∞".into() } else { "-∞".into() };
    }
    // Four decimals, or four significant digits for small numbers (CINC-sized powers
    // make energies of the order of 1e-4).
    let decimals = if v != 0.0 && v.abs() < 0.01 {
        (3 - v.abs().log10().floor() as i32).clamp(4, 12) as usize
    } else {
        4
    };
    let s = format!("{v:.decimals$}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".into()
    } else {
        s.to_string()
    }
}

/// The blocs of an alignment, one line each, then the states that stay out (neutrality)
/// and the indifferent ones, each line only when there are some.
pub fn alignment_lines(
    out: &mut String,
    blocs: &[Bloc],
    neutral: &[String],
    indifferent: &[String],
) {
    let width = blocs
        .iter()
        .map(|b| b.name.chars().count())
        .max()
        .unwrap_or(0)
        + 5;
    for b in blocs {
        let label = format!("{} bloc", b.name);
        let _ = writeln!(
            out,
            "  {label:<width$}  {}  (power {})",
            b.members.join(", "),
            num(b.power)
        );
    }
    if !neutral.is_empty() {
        let _ = writeln!(out, "  neutral: {}", neutral.join(", "));
    }
    if !indifferent.is_empty() {
        let _ = writeln!(
            out,
            "  indifferent: {} (moving changes nothing)",
            indifferent.join(", ")
        );
    }
}
