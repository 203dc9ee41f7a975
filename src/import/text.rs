//! How imported names, titles and file names are written into `.ally` text.

use super::Source;

/// A name as written in a `.ally` file: bare when it is a plain identifier that is not
/// a keyword, else in double quotes (a double quote inside becomes a single one, since a
/// quoted name cannot hold one).
pub fn ally_name(name: &str) -> String {
    ally_core::model::check::quote(&printable(&name.replace('"', "'").replace('\n', " ")))
}

/// Without control characters and non-characters, which a `.ally` name cannot hold and
/// a terminal must not receive (a tab becomes a space).
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|&c| !ally_core::diagnostics::is_unprintable(c))
        .collect()
}

/// A file as a generated header names it: its file name, or `ally's data/NAME`.
pub(crate) fn file_name(src: &Source) -> String {
    if let Some(rest) = src.name.strip_prefix(super::bundled::PREFIX) {
        return format!("ally's {rest}");
    }
    std::path::Path::new(&src.name)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| src.name.clone())
}

/// A title as a quoted string (double quotes inside become single ones).
pub(crate) fn ally_name_title(t: &str) -> String {
    format!("\"{}\"", printable(&t.replace('"', "'").replace('\n', " ")))
}
