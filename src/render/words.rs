//! The small pieces of wording every answer shares — numbers as people read them, the
//! lines of an alignment — kept apart so that `text` (which dispatches every answer) and
//! `dynamics` (the answers about change) both use them without depending on each other.

use std::fmt::Write;

use crate::query::Bloc;

/// A number for reading: no trailing zeros (defined beside the precision numeric
/// expectations hold to).
pub use crate::query::number::num;

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
