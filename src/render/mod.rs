//! Output of answers: text for people, JSON for programs.

pub mod dot;
pub mod dynamics;
pub mod games;
pub mod json;
pub mod layout;
pub mod svg;
pub mod text;
