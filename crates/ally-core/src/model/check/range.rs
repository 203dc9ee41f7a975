//! The magnitudes a scenario's numbers may have (issue 12 item 10). The energy multiplies
//! two powers by a propensity and sums `n²` such terms; between `1e-100` and `1e100` every
//! product, sum and the tie tolerance (a billionth of the total weight) stay far from
//! `f64`'s underflow (`1e-308`) and overflow (`1e308`), so answers do not change with
//! the unit. Outside it they would: powers of `1e-170` made every energy 0 and every
//! state indifferent.

use super::Checker;
use crate::diagnostics::{Diag, codes};
use crate::syntax::ast::Num;

/// The smallest power accepted.
pub const MIN_POWER: f64 = 1e-100;
/// The largest power, offense or offer accepted.
pub const MAX_MAGNITUDE: f64 = 1e100;

impl Checker {
    /// Whether `n` (already known not to be negative) lies in the supported range —
    /// `[MIN_POWER, MAX_MAGNITUDE]` for a power, `[0, MAX_MAGNITUDE]` otherwise; reports
    /// it as `ally::out_of_range` when not.
    pub(super) fn magnitude_ok(&mut self, n: &Num, what: &str, power: bool) -> bool {
        let low = if power { MIN_POWER } else { 0.0 };
        if n.value.is_finite() && n.value <= MAX_MAGNITUDE && n.value >= low {
            return true;
        }
        let range = if power {
            format!("from {MIN_POWER:e} to {MAX_MAGNITUDE:e}")
        } else {
            format!("at most {MAX_MAGNITUDE:e}")
        };
        self.error(
            Diag::error(
                codes::OUT_OF_RANGE,
                n.span,
                format!("{what} must be {range}, not {:e}", n.value),
            )
            .label("outside the supported range")
            .help("only ratios matter: choose a unit that brings the numbers nearer 1 (every power times the same constant gives the same answers)"),
        );
        false
    }
}
