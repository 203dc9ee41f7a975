//! Recovery after a syntax error: where the broken statement started (so what came
//! before it is kept) and where parsing can start again (so later mistakes are found).

/// Start of the statement holding byte `pos`: the start of the last line at or before
/// `pos` that begins with a top-level keyword, or the line of `pos` itself.
pub(super) fn statement_start(src: &str, pos: usize) -> usize {
    let pos = pos.min(src.len());
    let mut start = src[..pos].rfind('\n').map_or(0, |i| i + 1);
    let mut depth = 0i32;
    // Walk back through lines while we are inside a `{ … }` block.
    let before = &src[..start];
    for (i, ch) in before.char_indices().rev() {
        match ch {
            '}' => depth += 1,
            '{' => {
                if depth == 0 {
                    start = before[..i].rfind('\n').map_or(0, |j| j + 1);
                } else {
                    depth -= 1;
                }
            }
            _ => {}
        }
    }
    start
}

/// The byte offset after `pos` where parsing can start again: the next line that is not
/// inside the broken statement's braces and begins like a statement.
pub(super) fn resume_point(src: &str, pos: usize) -> Option<usize> {
    let pos = pos.min(src.len());
    let mut idx = src[pos..].find('\n').map(|i| pos + i + 1)?;
    // If the broken statement opened a brace on its line and never closed it, skip to
    // the matching closing line.
    let line_start = statement_start(src, pos);
    let opened = src[line_start..idx].matches('{').count() as i64
        - src[line_start..idx].matches('}').count() as i64;
    if opened > 0 {
        let mut depth = opened;
        let mut j = idx;
        for (k, ch) in src[idx..].char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        j = idx + k + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        if depth > 0 {
            return None;
        }
        idx = src[j..].find('\n').map(|i| j + i + 1)?;
    }
    Some(idx)
}

/// The innermost `{` still open at byte `pos` (quoted names and comments skipped).
pub(super) fn open_brace(src: &str, pos: usize) -> Option<usize> {
    let mut open = Vec::new();
    let mut chars = src[..pos.min(src.len())].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                while let Some(&(_, d)) = chars.peek() {
                    chars.next();
                    if d == '"' || d == '\n' {
                        break;
                    }
                }
            }
            '/' if src[i..].starts_with("//") => {
                while chars.peek().is_some_and(|&(_, d)| d != '\n') {
                    chars.next();
                }
            }
            '{' => open.push(i),
            '}' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
}
