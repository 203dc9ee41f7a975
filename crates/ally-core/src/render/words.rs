//! The small pieces of wording every answer shares — numbers as people read them, the
//! lines of an alignment — kept apart so that `text` (which dispatches every answer) and
//! `dynamics` (the answers about change) both use them without depending on each other.

use std::fmt::Write;

use crate::query::Bloc;

/// A number for reading: no trailing zeros (defined beside the precision numeric
/// expectations hold to).
pub use crate::query::number::num;

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
