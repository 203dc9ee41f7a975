//! Output of answers: text for people, JSON for programs, Markdown for course pages,
//! HTML for handouts.

pub mod chance;
pub mod dot;
pub mod dynamics;
pub mod edges;
pub mod games;
pub mod html;
pub mod json;
pub mod layout;
pub mod markdown;
pub mod matrix;
pub mod svg;
pub mod table;
pub mod text;
pub mod tree_svg;
pub mod trees;
pub mod words;
