//! What reaches miette's renderer is clamped (issue 12, item 3): miette pads with
//! `format!` widths, which panic past 65,535 columns, and a minified 1 MB line would
//! be printed whole under every diagnostic. So a source line longer than
//! [`MAX_LINE`] bytes is cut to windows around the spans on it, with `…` where text
//! was left out (line numbers stay true, and the label gives the true column); control
//! characters and Unicode non-characters of the source are shown as `?`/`�` so a
//! scenario cannot drive the user's terminal; and message, label and help are cut
//! to [`MAX_TEXT`] characters with their control characters escaped.

use super::Diag;
use crate::span::Span;

/// Longest source line (in bytes) shown whole.
pub const MAX_LINE: usize = 400;
/// Bytes kept on each side of a span's start or end on a long line.
const CONTEXT: usize = 80;
/// Longest message, label or help (in characters).
pub const MAX_TEXT: usize = 1000;

/// Characters a terminal must not receive raw: C0, DEL, C1 and the non-characters.
pub fn is_unprintable(c: char) -> bool {
    c.is_control() || is_noncharacter(c)
}

/// U+FDD0..U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, …).
pub fn is_noncharacter(c: char) -> bool {
    let u = c as u32;
    (0xFDD0..=0xFDEF).contains(&u) || u & 0xFFFE == 0xFFFE
}

/// Whether the source needs [`clamp`] at all; without it the renderer gets the text as
/// it is, byte for byte.
pub fn needed(text: &str) -> bool {
    text.split('\n').any(|l| l.len() > MAX_LINE)
        || text
            .chars()
            .any(|c| is_unprintable(c) && !matches!(c, '\n' | '\t' | '\r'))
}

/// A message, label or help as it may be printed.
pub fn clean_text(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == MAX_TEXT {
            out.push('…');
            break;
        }
        if is_unprintable(c) && c != '\n' {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// The diagnostic's message, label and help cleaned (always: a no-op for the usual
/// short printable text).
pub fn clean_diag(diag: &Diag) -> Diag {
    let mut d = diag.clone();
    d.message = clean_text(&d.message);
    d.label = clean_text(&d.label);
    d.help = d.help.as_deref().map(clean_text);
    for (_, label) in &mut d.related {
        *label = clean_text(label);
    }
    d
}

/// The source as shown for `diag`, and the diagnostic with its spans moved into it.
pub fn clamp(text: &str, diag: &Diag) -> (String, Diag) {
    let mut points: Vec<usize> = vec![diag.span.start, diag.span.end];
    for (s, _) in &diag.related {
        points.extend([s.start, s.end]);
    }
    let points: Vec<usize> = points.into_iter().map(|p| p.min(text.len())).collect();
    let mut sorted = points.clone();
    sorted.sort_unstable();
    sorted.dedup();
    // The byte ranges kept: whole short lines, windows of long ones.
    let mut keep: Vec<(usize, usize)> = Vec::new();
    let mut cut_lines: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let body_end = end - usize::from(line.ends_with('\n'));
        if body_end - start <= MAX_LINE {
            keep.push((start, end));
        } else {
            cut_lines.push((start, body_end));
            let here: Vec<usize> = sorted
                .iter()
                .copied()
                .filter(|&p| p >= start && p <= body_end)
                .collect();
            if here.is_empty() {
                keep.push((start, start + CONTEXT));
            }
            for p in here {
                keep.push((
                    p.saturating_sub(CONTEXT).max(start),
                    (p + CONTEXT).min(body_end),
                ));
            }
            if body_end < end {
                keep.push((body_end, end));
            }
        }
        start = end;
    }
    if text.is_empty() || text.ends_with('\n') {
        keep.push((text.len(), text.len()));
    }
    // Snap to character boundaries, then merge overlapping windows.
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let mut windows: Vec<(usize, usize)> = Vec::new();
    let mut snapped: Vec<(usize, usize)> = keep
        .into_iter()
        .map(|(a, b)| (floor(a), floor(b)))
        .collect();
    snapped.sort_unstable();
    for (a, b) in snapped {
        match windows.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => windows.push((a, b)),
        }
    }
    // Copy the windows, `…` between them, and note where each point lands.
    let mut out = String::new();
    let mut moved: Vec<(usize, usize)> = Vec::new();
    let mut prev_end = 0;
    for (a, b) in windows {
        if a > prev_end {
            for &p in sorted.iter().filter(|&&p| p >= prev_end && p < a) {
                moved.push((p, out.len()));
            }
            out.push('…');
        }
        for (i, c) in text[a..b].char_indices() {
            for &p in sorted.iter().filter(|&&p| p == a + i) {
                moved.push((p, out.len()));
            }
            match c {
                '\n' | '\t' | '\r' => out.push(c),
                c if is_unprintable(c) => {
                    out.push(if c.len_utf8() == 1 { '?' } else { '\u{fffd}' })
                }
                c => out.push(c),
            }
        }
        prev_end = b;
    }
    for &p in sorted.iter().filter(|&&p| p >= prev_end) {
        moved.push((p, out.len()));
    }
    let map = |p: usize| {
        let p = p.min(text.len());
        moved
            .iter()
            .find(|(o, _)| *o == p)
            .map_or(out.len(), |(_, n)| *n)
    };
    let mut d = diag.clone();
    let cut = cut_lines
        .iter()
        .any(|&(a, b)| diag.span.start >= a && diag.span.start <= b);
    if cut {
        let line_start = text[..diag.span.start.min(text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let column = text[line_start..diag.span.start.min(text.len())]
            .chars()
            .count()
            + 1;
        d.label = format!("{} (column {column}; the line is cut)", d.label);
    }
    d.span = Span::new(
        map(diag.span.start),
        map(diag.span.end).max(map(diag.span.start)),
    );
    for (s, _) in &mut d.related {
        *s = Span::new(map(s.start), map(s.end).max(map(s.start)));
    }
    (out, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::codes;

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        let text = format!("a\n{}XYZ{}\nb\n", " ".repeat(70_000), "-".repeat(70_000));
        let at = text.find("XYZ").unwrap();
        let diag = Diag::error(codes::SYNTAX, Span::new(at, at + 3), "m");
        let (shown, d) = clamp(&text, &diag);
        assert!(shown.len() < 1000, "{}", shown.len());
        assert_eq!(&shown[d.span.start..d.span.end], "XYZ");
        assert_eq!(shown.matches('\n').count(), 3);
        assert!(d.label.contains("column 70001"), "{}", d.label);
    }

    #[test]
    fn control_characters_are_not_shown_raw() {
        let text = "state \"A\u{1b}[2J\u{85}\" B\n";
        let diag = Diag::error(codes::SYNTAX, Span::new(16, 17), "m\u{7}");
        assert!(needed(text));
        let (shown, d) = clamp(text, &diag);
        assert!(!shown.contains('\u{1b}') && !shown.contains('\u{85}'));
        assert_eq!(&shown[d.span.start..d.span.end], "B");
        assert_eq!(clean_diag(&d).message, "m\\u{7}");
    }
}
