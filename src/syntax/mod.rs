//! Parsing: text to the AST of [`ast`], with spans for every node.

pub mod ast;
pub mod parser;

pub use parser::{is_incomplete, parse};
