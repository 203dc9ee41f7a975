//! The line editor's helper: completion, hints, highlighting and the validator that
//! keeps a `{ … }` block open over several lines.

use std::borrow::Cow;

use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::Hinter;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};

use super::commands::COMMANDS;
use super::help;
use super::session::needs_more;
use ally_core::model::{ModelKind, Scenario};

pub use ally_core::syntax::KEYWORDS;

/// Whole questions and statement openings offered as hints once their start is typed.
const TEMPLATES: &[&str] = &[
    "who allies with whom?",
    "stable alignments?",
    "compare models?",
    "balance of power?",
    "biggest threat to ",
    "threats to ",
    "allies of ",
    "enemies of ",
    "equilibria of ",
    "dominant strategies of ",
    "best responses of ",
    "subgame perfect equilibria of ",
    "strategic form of ",
    "path of ",
    "how likely is ",
    "chances of alignments?",
    "what decides ",
    "alliance ",
    "affinity ",
    "propensity ",
    "reliability ",
    "type ",
    "scenario ",
    "ideology ",
    "distance ",
    "doctrine ",
    "border ",
    "offense ",
    "expect ",
    "threat ",
    "state ",
    "offer ",
    "blocs ",
    "draws ",
    "seed ",
    "model ",
    ":help",
    ":load ",
    ":save ",
    ":reset",
    ":model ",
    ":show ",
    ":json",
    ":graph ",
    ":quit",
];

/// The names declared so far, refreshed after every entry.
#[derive(Default, Debug, Clone)]
pub struct Names {
    pub states: Vec<String>,
    pub ideologies: Vec<String>,
    pub games: Vec<String>,
    pub alliances: Vec<String>,
    /// The strategies and outcomes of every game.
    pub strategies: Vec<String>,
    /// The players of every game in extensive form (a tree's nodes name them).
    pub tree_players: Vec<String>,
}

impl Names {
    pub fn of(s: &Scenario) -> Self {
        Names {
            states: s.states.iter().map(|x| x.name.clone()).collect(),
            ideologies: s.ideologies.clone(),
            games: s
                .games
                .iter()
                .map(|g| g.name.clone())
                .chain(s.trees.iter().map(|t| t.name.clone()))
                .collect(),
            tree_players: {
                let mut all: Vec<String> = Vec::new();
                for n in s.trees.iter().flat_map(|t| &t.players) {
                    if !all.contains(n) {
                        all.push(n.clone());
                    }
                }
                all
            },
            alliances: s.alliances.iter().map(|a| a.name.clone()).collect(),
            strategies: {
                let mut all: Vec<String> = Vec::new();
                for g in &s.games {
                    let outcomes = g.outcomes.iter().flatten().flatten();
                    for n in g.strategies.iter().flatten().chain(outcomes) {
                        if !all.contains(n) {
                            all.push(n.clone());
                        }
                    }
                }
                for t in &s.trees {
                    for node in &t.nodes {
                        if let ally_core::games::tree::NodeData::Leaf { outcomes, .. } = &node.kind
                        {
                            for n in outcomes.iter().flatten() {
                                if !all.contains(n) {
                                    all.push(n.clone());
                                }
                            }
                        }
                    }
                }
                all
            },
        }
    }
}

/// Above this many bytes a line is neither coloured nor hinted: rustyline asks the helper
/// again after every key, so decorating a long line costs its length per key — an
/// 8,000-character line typed or pasted key by key took 17 s of quadratic work — while
/// an undecorated one is echoed a character at a time (issue 12 item 7).
pub const MAX_DECORATED: usize = 1000;

pub struct ReplHelper {
    pub names: Names,
    /// Colours on (a terminal, and `NO_COLOR` unset).
    pub color: bool,
    files: FilenameCompleter,
}

impl ReplHelper {
    pub fn new(color: bool) -> Self {
        ReplHelper {
            names: Names::default(),
            color,
            files: FilenameCompleter::new(),
        }
    }
}

/// Candidates for the word before the cursor: `block` is the keyword of the `{ … }`
/// block the cursor is in (`state`, `alliance`…), `before` the words before it in
/// the same statement (or block item).
fn candidates(names: &Names, block: Option<&str>, before: &[&str], word: &str) -> Vec<Pair> {
    let lower = |w: &&str| w.to_lowercase();
    let prev = before.last().map(lower);
    let first = before.first().map(lower);
    let states = || names.states.iter().map(|n| quoted(n)).collect::<Vec<_>>();
    let ideologies = || {
        names
            .ideologies
            .iter()
            .map(|n| quoted(n))
            .collect::<Vec<_>>()
    };
    let words = |list: &[&str]| list.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    let models = || words(&ModelKind::ALL.map(|m| m.name()));
    let doctrines = || words(&["balancing", "bandwagoning"]);
    let pool: Vec<String> = match (block, first.as_deref(), prev.as_deref()) {
        (_, Some(":help"), _) => help::words().map(String::from).collect(),
        (_, Some(":show"), _) => states(),
        (_, Some(":model"), _) | (_, _, Some("model")) => models(),
        (_, _, Some("doctrine")) => doctrines(),
        (Some("state"), _, Some("ideology")) => ideologies(),
        (Some("state"), _, _) => words(&STATE_ATTRIBUTES),
        (Some("alliance"), _, _) => states(),
        (None, Some("ideology"), _) => Vec::new(),
        (_, Some("affinity"), _) | (_, Some("turmoil"), Some("->")) => ideologies(),
        (_, Some("balance"), Some("of")) => words(&["power"]),
        (
            _,
            Some("equilibria" | "dominant" | "best" | "subgame" | "path" | "strategic"),
            Some("of"),
        ) => names.games.clone(),
        (_, Some("end"), Some("alliance")) => names.alliances.clone(),
        (_, Some("end"), Some("end")) => words(&["alliance", "threat"]),
        (_, Some("latent"), Some("latent")) => words(&["intent"]),
        // After an alliance's `}`: its types, and after `by` its members.
        (_, Some("alliance"), Some("type" | "and")) => {
            words(&ally_core::model::pacts::PactType::ALL.map(|t| t.name()))
        }
        (_, Some("alliance"), Some("by")) => states(),
        // In a game: its items' keywords, then the strategies and outcomes of a row.
        (Some("game"), None, None) => {
            let mut all = words(&["players", "strategies", "outcomes", "tree"]);
            all.extend(names.strategies.iter().map(|n| quoted(n)));
            all
        }
        (Some("game"), Some("players" | "strategies" | "outcomes"), _) => Vec::new(),
        // A tree's node (after `tree` or a move's `->` inside a block): a player of a
        // tree, chance, or a leaf's outcomes.
        (Some("game"), Some("tree"), _) => tree_node(names),
        (Some(b), _, Some("->")) if b != "at" && !names.tree_players.is_empty() => tree_node(names),
        (Some("game"), _, _) => names.strategies.iter().map(|n| quoted(n)).collect(),
        // A new name is being declared.
        (_, Some("state" | "game" | "scenario" | "alliance"), _) if before.len() == 1 => Vec::new(),
        (_, _, Some(p)) if NAME_SLOTS.contains(&p) => states(),
        (None, None, None) => words(STARTERS),
        _ => {
            let mut all = states();
            all.extend(words(KEYWORDS));
            all
        }
    };
    let typed = word.trim_start_matches('"').to_lowercase();
    let mut out: Vec<Pair> = pool
        .into_iter()
        .filter(|c| c.trim_start_matches('"').to_lowercase().starts_with(&typed) && c != word)
        .map(|c| Pair {
            display: c.trim_matches('"').to_string(),
            replacement: c,
        })
        .collect();
    out.sort_by(|a, b| a.display.cmp(&b.display));
    out.dedup_by(|a, b| a.replacement == b.replacement);
    out
}

/// What a node of a game tree may start with.
fn tree_node(names: &Names) -> Vec<String> {
    let mut all: Vec<String> = names.tree_players.iter().map(|n| quoted(n)).collect();
    all.push("chance".into());
    all.extend(names.strategies.iter().map(|n| quoted(n)));
    all
}

/// The attributes of a `state { … }` block.
const STATE_ATTRIBUTES: [&str; 5] = ["power", "ideology", "offense", "at", "doctrine"];

/// The words after which a state's name comes.
const NAME_SLOTS: &[&str] = &[
    "why",
    "of",
    "to",
    "->",
    "~",
    "with",
    "against",
    "is",
    "border",
    "threat",
    "offer",
    "distance",
    "propensity",
    "leave",
    "expect",
    "would",
    "attack",
    "battle",
    "defeats",
    "turmoil",
    "decides",
    "from",
];

use ally_core::syntax::STARTERS;

/// A name as it must be typed: quoted unless it is an identifier.
fn quoted(name: &str) -> String {
    ally_core::model::check::quote(name)
}

/// Start of the word ending at `pos`: identifier characters, or a quoted name that is
/// still open.
fn word_start(line: &str, pos: usize) -> usize {
    let head = &line[..pos];
    // An open quote (an odd number of quotes before the cursor) starts the word.
    if head.matches('"').count() % 2 == 1
        && let Some(q) = head.rfind('"')
    {
        return q;
    }
    head.char_indices()
        .rev()
        .take_while(|(_, c)| ally_core::syntax::is_name_char(*c) || *c == ':')
        .last()
        .map_or(pos, |(i, _)| i)
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let trimmed = line.trim_start();
        // File names after `:load` and `:save`.
        if (trimmed.starts_with(":load ") || trimmed.starts_with(":save "))
            && pos > line.len() - trimmed.len() + 5
        {
            return self.files.complete(line, pos, ctx);
        }
        let start = word_start(line, pos);
        let word = &line[start..pos];
        let (block, before) = context(&line[..start]);
        if word.starts_with(':') && before.is_empty() {
            let c = COMMANDS
                .iter()
                .filter(|c| c.starts_with(word))
                .map(|c| Pair {
                    display: c.to_string(),
                    replacement: c.to_string(),
                })
                .collect();
            return Ok((start, c));
        }
        Ok((
            start,
            candidates(&self.names, block.as_deref(), &before, word),
        ))
    }
}

/// The context of the word that starts after `head`: the keyword of the open `{ … }`
/// block it is in (a heuristic is enough for completion), and the words of the current
/// item: statements end at `;` and newlines, block items also at `,` and `{`.
fn context(head: &str) -> (Option<String>, Vec<&str>) {
    let open = head.matches('{').count() > head.matches('}').count();
    let block = if open {
        head.rfind('{').and_then(|b| {
            let from = head[..b].rfind(['\n', ';', '}']).map_or(0, |i| i + 1);
            head[from..b].split_whitespace().next()
        })
    } else {
        None
    };
    let block = block.map(str::to_lowercase);
    let stops: &[char] = if open {
        &['\n', ';', ',', '{']
    } else {
        &['\n', ';']
    };
    let item_start = head.rfind(stops).map_or(0, |i| i + 1);
    let before: Vec<&str> = head[item_start..]
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    (block, before)
}

/// Completion in `.ally` text (a whole file, for the language server): where the word
/// before `pos` starts, and the candidates in its context — the REPL's rules.
pub fn complete_text(names: &Names, text: &str, pos: usize) -> (usize, Vec<Pair>) {
    let pos = pos.min(text.len());
    let start = word_start(text, pos);
    let (block, before) = context(&text[..start]);
    let pairs = candidates(names, block.as_deref(), &before, &text[start..pos]);
    (start, pairs)
}

impl Hinter for ReplHelper {
    type Hint = String;

    fn hint(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> Option<String> {
        if line.len() > MAX_DECORATED || pos < line.len() || line.contains('\n') {
            return None;
        }
        let typed = line.trim_start();
        if typed.len() < 2 {
            return None;
        }
        let lower = typed.to_lowercase();
        if let Some(t) = TEMPLATES
            .iter()
            .find(|t| t.starts_with(&lower) && t.len() > lower.len())
        {
            return Some(t[lower.len()..].to_string());
        }
        // The rest of a state's name, when only one declared name fits.
        let start = word_start(line, pos);
        let word = &line[start..pos];
        if word.trim_start_matches('"').len() < 2 || word.starts_with(':') {
            return None;
        }
        let mut fits = self
            .names
            .states
            .iter()
            .map(|n| quoted(n))
            .filter(|n| n.starts_with(word) && n.len() > word.len());
        match (fits.next(), fits.next()) {
            (Some(one), None) => Some(one[word.len()..].to_string()),
            _ => None,
        }
    }
}

const KEYWORD: &str = "\x1b[1;34m";
const NAME: &str = "\x1b[32m";
const NUMBER: &str = "\x1b[33m";
const COMMENT: &str = "\x1b[2m";
const COMMAND: &str = "\x1b[35m";
const RESET: &str = "\x1b[0m";

/// ANSI colours for a line of `ally`: keywords, declared names, numbers, strings,
/// comments and commands. Only escape codes are added, so the width is unchanged.
pub fn colorize(line: &str, names: &Names) -> String {
    let mut out = String::with_capacity(line.len() * 2);
    let mut rest = line;
    let mut line_start = true;
    while let Some(c) = rest.chars().next() {
        let (len, color) = if rest.starts_with("//") {
            (rest.find('\n').unwrap_or(rest.len()), Some(COMMENT))
        } else if c == '"' {
            let end = rest[1..].find(['"', '\n']).map_or(rest.len(), |i| i + 2);
            let end = end.min(rest.len());
            (end, Some(NAME))
        } else if c == ':' && line_start {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            (end, Some(COMMAND))
        } else if c.is_ascii_digit()
            || (matches!(c, '-' | '.') && rest[1..].starts_with(|d: char| d.is_ascii_digit()))
            || (rest.starts_with("-.") && rest[2..].starts_with(|d: char| d.is_ascii_digit()))
        {
            let end = rest[1..]
                .find(|d: char| !(d.is_ascii_digit() || d == '.' || d == '/' || d == 'e'))
                .map_or(rest.len(), |i| i + 1);
            (end, Some(NUMBER))
        } else if ally_core::syntax::is_name_char(c) {
            let end = rest
                .find(|d: char| !ally_core::syntax::is_name_char(d))
                .unwrap_or(rest.len());
            let word = &rest[..end];
            let lower = word.to_lowercase();
            let color = if KEYWORDS.contains(&lower.as_str()) {
                Some(KEYWORD)
            } else if names.states.iter().any(|n| n == word)
                || names.ideologies.iter().any(|n| n == word)
                || names.games.iter().any(|n| n == word)
            {
                Some(NAME)
            } else {
                None
            };
            (end, color)
        } else {
            (c.len_utf8(), None)
        };
        let (piece, tail) = rest.split_at(len.max(c.len_utf8()));
        match color {
            Some(col) => {
                out.push_str(col);
                out.push_str(piece);
                out.push_str(RESET);
            }
            None => out.push_str(piece),
        }
        line_start = piece.ends_with('\n') || (line_start && piece.trim().is_empty());
        rest = tail;
    }
    out
}

impl Highlighter for ReplHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        if self.color && line.len() <= MAX_DECORATED {
            Cow::Owned(colorize(line, &self.names))
        } else {
            Cow::Borrowed(line)
        }
    }

    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        _default: bool,
    ) -> Cow<'b, str> {
        if self.color {
            Cow::Owned(format!("\x1b[1;36m{prompt}{RESET}"))
        } else {
            Cow::Borrowed(prompt)
        }
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if self.color {
            Cow::Owned(format!("{COMMENT}{hint}{RESET}"))
        } else {
            Cow::Borrowed(hint)
        }
    }

    fn highlight_char(&self, line: &str, _pos: usize, kind: CmdKind) -> bool {
        self.color && kind != CmdKind::MoveCursor && line.len() <= MAX_DECORATED
    }
}

impl Validator for ReplHelper {
    fn validate(&self, ctx: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        if needs_more(ctx.input()) {
            Ok(ValidationResult::Incomplete)
        } else {
            Ok(ValidationResult::Valid(None))
        }
    }
}

impl Helper for ReplHelper {}
