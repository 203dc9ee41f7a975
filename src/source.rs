//! Bytes of a file to the text the stages read (issue 12, item 9): UTF-8 without a
//! leading byte-order mark, and lone carriage returns (old Mac line endings) read as
//! line ends, so lines are counted right. Invalid UTF-8 is an input error with a span
//! at the first bad byte, not a failure to read.

use std::path::PathBuf;

use ally_core::diagnostics::{Diag, codes};
use ally_core::span::Span;

/// A file's text, and the encoding error if it had one (the text then holds the bytes
/// decoded lossily, so the diagnostic can show the line).
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub error: Option<Diag>,
}

pub fn decode(mut bytes: Vec<u8>) -> Decoded {
    if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
    }
    // A lone CR becomes LF: one byte for one, so every span stays where it was.
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    match String::from_utf8(bytes) {
        Ok(text) => Decoded { text, error: None },
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let len = e.utf8_error().error_len().unwrap_or(1);
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            // The lossy text puts U+FFFD (3 bytes) where the bad bytes were.
            let diag = Diag::error(
                codes::ENCODING,
                Span::new(at, at + 3.min(text.len() - at)),
                "the file is not valid UTF-8",
            )
            .label(format!(
                "{} here",
                if len == 1 {
                    "a byte that is not UTF-8"
                } else {
                    "bytes that are not UTF-8"
                }
            ))
            .help("save the file as UTF-8 (Latin-1 or Windows-1252 text must be converted first)");
            Decoded {
                text,
                error: Some(diag),
            }
        }
    }
}

/// Every `.ally` file under the paths (`ally test`, `ally fmt`), sorted so the order
/// never depends on the disk.
/// Each file counts once, however many links lead to it (by its canonical path), a
/// folder is entered once (so a symlink loop ends), and in a folder only regular files
/// are read: a FIFO or a device there would block or never end.
pub fn ally_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let mut dirs_seen = std::collections::BTreeSet::new();
    for p in paths {
        if p.is_dir() {
            let mut stack = vec![p.clone()];
            while let Some(dir) = stack.pop() {
                if !dirs_seen.insert(std::fs::canonicalize(&dir).unwrap_or(dir.clone())) {
                    continue;
                }
                let entries = std::fs::read_dir(&dir)
                    .map_err(|e| format!("error: cannot read {}: {e}", dir.display()))?;
                for entry in entries.flatten() {
                    let path = entry.path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if path.is_file() && path.extension().is_some_and(|e| e == "ally") {
                        out.push(path);
                    }
                }
            }
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(format!("error: {} does not exist", p.display()));
        }
    }
    out.sort();
    out.dedup();
    let mut files_seen = std::collections::BTreeSet::new();
    out.retain(|p| files_seen.insert(std::fs::canonicalize(p).unwrap_or(p.clone())));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_cr_and_bad_bytes() {
        assert_eq!(decode(b"\xef\xbb\xbfstate A".to_vec()).text, "state A");
        assert_eq!(decode(b"a\rb\r\nc\r".to_vec()).text, "a\nb\r\nc\n");
        let d = decode(b"ab\xffc".to_vec());
        let e = d.error.unwrap();
        assert_eq!(e.code, codes::ENCODING);
        assert_eq!(e.span, Span::new(2, 5));
        assert_eq!(d.text, "ab\u{fffd}c");
    }
}
