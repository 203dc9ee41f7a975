//! `ally serve`: the web server of [`crate::serve`].

use super::{Outcome, from_code};

pub type Args = crate::serve::ServeArgs;

pub fn run(a: &Args) -> Outcome {
    from_code(crate::serve::main(a))
}
