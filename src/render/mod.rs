//! Output of answers: text for people, JSON for programs.

pub mod json;
pub mod text;
