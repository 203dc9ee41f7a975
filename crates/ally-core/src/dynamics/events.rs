//! Events as the timeline and the counterfactuals use them. They are checked and
//! applied below the checker, in [`crate::model::events`]; this module only names them
//! where `dynamics` is read.

pub use crate::model::events::{
    DEFAULT_BATTLE_LOSS, Event, EventKind, Located, apply, apply_located, describe, make_alliance,
    without,
};
