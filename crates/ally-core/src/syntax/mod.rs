//! Parsing: text to the AST of [`ast`], with spans for every node.

pub mod ast;
pub mod literal;
pub mod parser;
pub mod visit;

pub use parser::{is_incomplete, parse, parses};

/// The longest name accepted, in characters (`ally::name_too_long` beyond).
pub const MAX_NAME_CHARS: usize = 256;

/// The middle of the range from `a` to `b`: exactly `a` when `b` is `a`, so a range of
/// zero width is the number itself.
pub fn middle(a: f64, b: f64) -> f64 {
    0.5 * (a + b)
}

/// Whether `name` may be written without quotes: a Unicode identifier (the grammar's
/// `ident`: XID_Start or `_`, then XID_Continue) that is not a keyword.
pub fn is_plain_name(name: &str) -> bool {
    let mut chars = name.chars();
    let ident = chars
        .next()
        .is_some_and(|c| unicode_ident::is_xid_start(c) || c == '_')
        && chars.all(is_name_char);
    ident && !KEYWORDS.contains(&name.to_ascii_lowercase().as_str())
}

/// A character that may continue a plain name (XID_Continue: letters and digits of any
/// script, `_`, combining marks). Editors' word patterns follow the same rule.
pub fn is_name_char(c: char) -> bool {
    unicode_ident::is_xid_continue(c)
}

/// A name as it must be written in a file: quoted when it is not an identifier.
pub fn quote(name: &str) -> String {
    if is_plain_name(name) {
        name.to_string()
    } else {
        format!("\"{name}\"")
    }
}

/// Every keyword of the grammar (`grammar/ally.pest`), lower-case; a test checks it
/// against the grammar's `kw_` rules. A name equal to one must be quoted.
pub const KEYWORDS: &[&str] = &[
    "scenario",
    "ideology",
    "affinity",
    "state",
    "power",
    "offense",
    "at",
    "doctrine",
    "border",
    "distance",
    "threat",
    "offer",
    "alliance",
    "reliability",
    "end",
    "model",
    "blocs",
    "propensity",
    "battle",
    "defeats",
    "loss",
    "turmoil",
    "leave",
    "proximity",
    "default",
    "expect",
    "with",
    "against",
    "indifferent",
    "biggest",
    "to",
    "is",
    "who",
    "allies",
    "whom",
    "of",
    "enemies",
    "why",
    "threats",
    "stable",
    "alignments",
    "compare",
    "models",
    "balance",
    "what",
    "if",
    "threatens",
    "price",
    "for",
    "would",
    "attack",
    "timeline",
    "equilibria",
    "dominant",
    "strategies",
    "best",
    "responses",
    "game",
    "players",
    "outcomes",
    "equilibrium",
    "payoff",
    "risk",
    "between",
    "and",
    "not",
    "deterred",
    "from",
    "switches",
    "nobody",
    "fairly",
    "even",
    "overwhelming",
    "type",
    "by",
    "weight",
    "energy",
    "cost",
    "leaving",
    "ratio",
    "attacking",
    "basin",
    "neutral",
    "latent",
    "intent",
    "tree",
    "chance",
    "in",
    "subgame",
    "perfect",
    "path",
    "strategic",
    "form",
    "draws",
    "seed",
    "how",
    "likely",
    "chances",
    "decides",
];

/// The words that start a statement or a query.
pub const STARTERS: &[&str] = &[
    "scenario",
    "ideology",
    "affinity",
    "state",
    "border",
    "distance",
    "threat",
    "offer",
    "alliance",
    "end",
    "model",
    "blocs",
    "propensity",
    "at",
    "expect",
    "game",
    "battle",
    "turmoil",
    "leave",
    "power",
    "proximity",
    "draws",
    "seed",
    "how",
    "chances",
    "latent",
    "who",
    "allies",
    "enemies",
    "why",
    "biggest",
    "threats",
    "stable",
    "compare",
    "balance",
    "what",
    "price",
    "would",
    "timeline",
    "equilibria",
    "dominant",
    "best",
    "subgame",
    "path",
    "strategic",
];
