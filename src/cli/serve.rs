//! `ally serve`: the web server of [`crate::serve`].

use super::Outcome;

pub type Args = crate::serve::ServeArgs;

pub fn run(a: &Args) -> Outcome {
    crate::serve::main(a)
}
