//! Lines as the printer produces them, and the passes that align columns and trailing
//! comments before the lines become text.

/// What a line holds, so that runs of similar lines can be aligned.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Blank,
    /// A comment on a line of its own.
    Comment(String),
    /// Any other code.
    Code(String),
    /// `state NAME { attr  attr }`: the head (`state NAME`) and each attribute, aligned
    /// with the `state` lines next to it as the README's examples are.
    State {
        head: String,
        attrs: Vec<String>,
    },
    /// A game row: the profile's strategies and the payoffs, aligned as columns.
    Row {
        profile: Vec<String>,
        payoffs: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub indent: usize,
    pub body: Body,
    /// A comment at the end of the line.
    pub comment: Option<String>,
}

impl Line {
    pub fn code(indent: usize, text: impl Into<String>) -> Self {
        Line {
            indent,
            body: Body::Code(text.into()),
            comment: None,
        }
    }
    fn is_code(&self) -> bool {
        !matches!(self.body, Body::Blank | Body::Comment(_))
    }
}

const INDENT: &str = "  ";

/// The text of the lines: columns aligned, trailing white space removed, one final
/// newline (none for an empty file).
pub fn render(lines: &[Line]) -> String {
    let mut texts: Vec<String> = vec![String::new(); lines.len()];
    align_runs(
        lines,
        &mut texts,
        |b| matches!(b, Body::State { .. }),
        state_cells,
    );
    align_runs(
        lines,
        &mut texts,
        |b| matches!(b, Body::Row { .. }),
        row_cells,
    );
    for (line, text) in lines.iter().zip(texts.iter_mut()) {
        match &line.body {
            Body::Blank => text.clear(),
            Body::Comment(c) => *text = format!("{}{c}", INDENT.repeat(line.indent)),
            Body::Code(c) => *text = format!("{}{c}", INDENT.repeat(line.indent)),
            Body::State { .. } | Body::Row { .. } => {
                *text = format!("{}{}", INDENT.repeat(line.indent), text.trim_end())
            }
        }
    }
    // Trailing comments: aligned two spaces after the longest code line among the
    // consecutive lines (same indent, no blank or comment line between) that have one.
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].is_code() {
            i += 1;
            continue;
        }
        // A block's opening and closing lines are runs of their own, so that the
        // comments after `{` and `}` are not aligned with the block's neighbours.
        let alone = |l: &Line| opens(l) || closes(l);
        let mut j = i + 1;
        while j < lines.len()
            && lines[j].is_code()
            && lines[j].indent == lines[i].indent
            && !alone(&lines[i])
            && !alone(&lines[j])
        {
            j += 1;
        }
        let width = (i..j)
            .filter(|&k| lines[k].comment.is_some())
            .map(|k| texts[k].chars().count())
            .max()
            .unwrap_or(0);
        for k in i..j {
            if let Some(c) = &lines[k].comment {
                let pad = width - texts[k].chars().count() + 2;
                texts[k].push_str(&" ".repeat(pad));
                texts[k].push_str(c);
            }
        }
        i = j;
    }
    let mut out = String::new();
    for t in texts {
        out.push_str(t.trim_end());
        out.push('\n');
    }
    out
}

fn opens(line: &Line) -> bool {
    matches!(&line.body, Body::Code(c) if c.ends_with('{'))
}

fn closes(line: &Line) -> bool {
    matches!(&line.body, Body::Code(c) if c.starts_with('}'))
}

/// The cells of a `state` line and the text between them: `head {`, then the
/// attributes two spaces apart, then `}`.
fn state_cells(body: &Body) -> (Vec<String>, Vec<&'static str>, &'static str) {
    match body {
        Body::State { head, attrs } if attrs.is_empty() => (vec![head.clone()], vec![], ""),
        Body::State { head, attrs } => {
            let mut cells = vec![head.clone()];
            cells.extend(attrs.iter().cloned());
            let mut seps = vec![" { "];
            seps.extend(std::iter::repeat_n("  ", attrs.len() - 1));
            (cells, seps, " }")
        }
        _ => (vec![], vec![], ""),
    }
}

/// The cells of a game row: `A, B -> x, y`, each cell with its comma.
fn row_cells(body: &Body) -> (Vec<String>, Vec<&'static str>, &'static str) {
    match body {
        Body::Row { profile, payoffs } => {
            let mut cells = Vec::new();
            let mut seps = Vec::new();
            for (i, p) in profile.iter().enumerate() {
                if i + 1 < profile.len() {
                    cells.push(format!("{p},"));
                    seps.push(" ");
                } else {
                    cells.push(p.clone());
                    seps.push(" -> ");
                }
            }
            for (i, p) in payoffs.iter().enumerate() {
                if i + 1 < payoffs.len() {
                    cells.push(format!("{p},"));
                    seps.push(" ");
                } else {
                    cells.push(p.clone());
                }
            }
            seps.truncate(cells.len().saturating_sub(1));
            (cells, seps, "")
        }
        _ => (vec![], vec![], ""),
    }
}

/// Aligns the cells of each run of consecutive lines (same indent) whose body `is`:
/// cell `k` is padded to the widest cell `k` of the run, unless it is its line's last.
fn align_runs(
    lines: &[Line],
    texts: &mut [String],
    is: impl Fn(&Body) -> bool,
    cells: impl Fn(&Body) -> (Vec<String>, Vec<&'static str>, &'static str),
) {
    let mut i = 0;
    while i < lines.len() {
        if !is(&lines[i].body) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < lines.len() && is(&lines[j].body) && lines[j].indent == lines[i].indent {
            j += 1;
        }
        let run: Vec<_> = (i..j).map(|k| cells(&lines[k].body)).collect();
        let columns = run.iter().map(|r| r.0.len()).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                run.iter()
                    .filter_map(|r| r.0.get(c))
                    .map(|s| s.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for (k, (cs, seps, close)) in (i..j).zip(run) {
            let mut t = String::new();
            for (c, cell) in cs.iter().enumerate() {
                t.push_str(cell);
                if c + 1 < cs.len() {
                    t.push_str(&" ".repeat(widths[c] - cell.chars().count()));
                    t.push_str(seps[c]);
                }
            }
            t.push_str(close);
            texts[k] = t;
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(head: &str, attrs: &[&str]) -> Line {
        Line {
            indent: 0,
            body: Body::State {
                head: head.into(),
                attrs: attrs.iter().map(|a| a.to_string()).collect(),
            },
            comment: None,
        }
    }

    #[test]
    fn consecutive_states_align_as_in_the_readme() {
        let lines = [
            state(
                "state France",
                &["power 0.10", "ideology democracy", "at 46.6, 2.2"],
            ),
            state(
                "state Germany",
                &["power 0.15", "ideology monarchy", "offense 1.3"],
            ),
            state("state Russia", &["power 0.15", "ideology monarchy"]),
        ];
        assert_eq!(
            render(&lines),
            "state France  { power 0.10  ideology democracy  at 46.6, 2.2 }\n\
             state Germany { power 0.15  ideology monarchy   offense 1.3 }\n\
             state Russia  { power 0.15  ideology monarchy }\n"
        );
    }

    #[test]
    fn game_rows_and_trailing_comments_align() {
        let row = |p: &[&str], q: &[&str], c: Option<&str>| Line {
            indent: 1,
            body: Body::Row {
                profile: p.iter().map(|s| s.to_string()).collect(),
                payoffs: q.iter().map(|s| s.to_string()).collect(),
            },
            comment: c.map(String::from),
        };
        let lines = [
            row(&["Stag", "Stag"], &["eat_stag", "eat_stag"], Some("// a")),
            row(
                &["Rabbit", "Rabbit"],
                &["eat_rabbit", "eat_rabbit"],
                Some("// b"),
            ),
        ];
        assert_eq!(
            render(&lines),
            "  Stag,   Stag   -> eat_stag,   eat_stag    // a\n  \
             Rabbit, Rabbit -> eat_rabbit, eat_rabbit  // b\n"
        );
    }
}
