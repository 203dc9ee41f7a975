//! Amounts: numbers that may be ranges `a..b` (SPEC §1.2, uncertain inputs). Each end is
//! checked against the attribute's own domain by the check that a plain number gets, and
//! a range must run from low to high (`ally::bad_range`). The scenario holds the middle;
//! the range goes to its list of uncertain inputs. `draws N` and `seed S` set the
//! sampling.

use super::Checker;
use crate::diagnostics::{Diag, codes};
use crate::model::fmt_num;
use crate::model::uncertain::{EventRange, Field, MAX_DRAWS};
use crate::span::Span;
use crate::syntax::ast::{Amount, Num};

impl Checker {
    /// Whether `a` can be used: each end passes `valid` (which reports what is wrong)
    /// and a range is in order.
    pub(super) fn amount_ok(
        &mut self,
        a: &Amount,
        mut valid: impl FnMut(&mut Checker, &Num) -> bool,
    ) -> bool {
        let low_ok = valid(self, &a.low);
        let Some(high) = &a.high else {
            return low_ok;
        };
        if !(valid(self, high) && low_ok) {
            return false;
        }
        if a.low.value > high.value {
            self.error(
                Diag::error(
                    codes::BAD_RANGE,
                    a.span(),
                    format!(
                        "the range is empty: {} is above {}",
                        fmt_num(a.low.value),
                        fmt_num(high.value)
                    ),
                )
                .label("the low end comes first")
                .help(format!(
                    "write `{}..{}`",
                    fmt_num(high.value),
                    fmt_num(a.low.value)
                )),
            );
            return false;
        }
        true
    }

    /// `draws N`: a whole number of draws from 1 to [`MAX_DRAWS`].
    pub(super) fn draws(&mut self, n: &Num) {
        let v = n.value;
        if v >= 1.0 && v.fract() == 0.0 && v <= MAX_DRAWS as f64 {
            self.state.scenario.draws = v as usize;
            self.changed();
            return;
        }
        self.error(
            Diag::error(
                codes::BAD_DRAWS,
                n.span,
                format!(
                    "the number of draws must be a whole number from 1 to {MAX_DRAWS}, not {}",
                    fmt_num(v)
                ),
            )
            .label("not a number of draws")
            .help("1,000 draws (the default) give chances within about ±0.03; 10,000 within ±0.01"),
        );
    }

    /// `seed S`: a whole number from 0 to 2^64 − 1, read exactly.
    pub(super) fn seed(&mut self, n: &Num) {
        use num_traits::ToPrimitive;
        let seed = n
            .exact
            .as_ref()
            .filter(|q| q.is_integer())
            .and_then(|q| q.to_integer().to_u64());
        match seed {
            Some(s) => {
                self.state.scenario.seed = s;
                self.changed();
            }
            None => self.error(
                Diag::error(
                    codes::BAD_DRAWS,
                    n.span,
                    format!(
                        "a seed is a whole number from 0 to {}, not {}",
                        u64::MAX,
                        n.value
                    ),
                )
                .label("not a seed")
                .help("any whole number, e.g. `seed 7`: the same seed gives the same draws"),
            ),
        }
    }
}

/// The range of an amount as the scenario keeps it (`low, high, where written`); `None`
/// for a plain number.
pub(super) fn range_of(a: &Amount) -> Option<(f64, f64, Span)> {
    a.high.as_ref().map(|h| (a.low.value, h.value, a.span()))
}

/// The range of an amount written in an event, for its `field`.
pub(super) fn event_range(a: &Amount, field: Field) -> Option<EventRange> {
    range_of(a).map(|(low, high, span)| EventRange {
        field,
        low,
        high,
        span,
    })
}
