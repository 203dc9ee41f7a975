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

/// What a threat's intent is, after the number: nothing for a declared threat;
/// ` (latent)` for power as a potential threat (no `threat` declared); between partners
/// (an alliance, an offer of aid), whose latent intent is 0, ` (latent: none between
/// partners)`.
pub fn intent_mark(latent: bool, partners: bool) -> &'static str {
    match (latent, partners) {
        (false, _) => "",
        (true, false) => " (latent)",
        (true, true) => " (latent: none between partners)",
    }
}

pub fn alignment_lines(out: &mut String, blocs: &[Bloc], indifferent: &[String]) {
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
    if !indifferent.is_empty() {
        let _ = writeln!(
            out,
            "  indifferent: {} (moving changes nothing)",
            indifferent.join(", ")
        );
    }
}
