//! Documentation that cannot drift: the README and the book (`docs/book/src/`).
//!
//! * In a ```` ```console ```` block, each line `$ ally …` is run (the built binary, from
//!   the repository's root, no colour) and the lines after it, up to the next `$ ` line
//!   or the end of the block, must be exactly its standard output (then its standard
//!   error, when the command ends in `2>&1`). Other `$` commands
//!   are not allowed there: a block that only shows commands is ```` ```sh ````.
//! * A ```` ```ally file=PATH ```` block must be exactly the file PATH.
//! * Every relative link of the book and the README leads to a file that exists, and
//!   every `#anchor` to a heading of that page; `SUMMARY.md` lists every page and every
//!   page it lists exists. The README stays short.
//!
//! `ALLY_BLESS_DOCS=1 cargo test --test integration docs` rewrites the output blocks
//! from what the commands print now (read the diff before committing it).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_ally");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The README and every Markdown page of the book.
fn pages() -> Vec<PathBuf> {
    let mut out = vec![root().join("README.md")];
    let mut stack = vec![root().join("docs/book/src")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("docs/book/src is readable") {
            let p = e.expect("an entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A fenced block: its info string, its first and last line (0-based, the fences
/// excluded) and its lines.
struct Block {
    info: String,
    first: usize,
    lines: Vec<String>,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<(String, String, usize, Vec<String>)> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match &mut open {
            None => {
                if let Some(fence) = ["````", "```", "~~~"]
                    .iter()
                    .find(|f| trimmed.starts_with(**f))
                {
                    let info = trimmed[fence.len()..].trim().to_string();
                    open = Some((fence.to_string(), info, i + 1, Vec::new()));
                }
            }
            Some((fence, info, first, lines)) => {
                if trimmed.starts_with(fence.as_str()) && trimmed.trim() == fence.as_str() {
                    out.push(Block {
                        info: std::mem::take(info),
                        first: *first,
                        lines: std::mem::take(lines),
                    });
                    open = None;
                } else {
                    lines.push(line.to_string());
                }
            }
        }
    }
    out
}

/// Splits a command line as a POSIX shell would for the simple cases the docs use:
/// words, 'single' and "double" quotes, and backslash escapes.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut started = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                started = true;
                for d in chars.by_ref() {
                    if d == '\'' {
                        break;
                    }
                    word.push(d);
                }
            }
            '"' => {
                started = true;
                while let Some(d) = chars.next() {
                    match d {
                        '"' => break,
                        '\\' => word.extend(chars.next()),
                        _ => word.push(d),
                    }
                }
            }
            '\\' => {
                started = true;
                word.extend(chars.next());
            }
            c if c.is_whitespace() => {
                if started {
                    out.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            c => {
                started = true;
                word.push(c);
            }
        }
    }
    if started {
        out.push(word);
    }
    out
}

/// What `$ ally …` prints on standard output, run from the repository's root; with a
/// final `2>&1`, standard error follows it (diagnostics are written there).
fn run(command: &str) -> String {
    let mut args = words(command);
    let both = args.last().is_some_and(|a| a == "2>&1");
    if both {
        args.pop();
    }
    assert_eq!(
        args.first().map(String::as_str),
        Some("ally"),
        "only `ally` commands run in a console block: `{command}`"
    );
    let o = Command::new(BIN)
        .args(&args[1..])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("ally runs");
    let mut out = String::from_utf8_lossy(&o.stdout).into_owned();
    if both {
        out.push_str(&String::from_utf8_lossy(&o.stderr));
    }
    out
}

/// (command, the output shown, the output printed, the block's lines the output
/// takes) for every command of every console block of `text`.
fn commands(text: &str) -> Vec<(String, String, String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    for b in blocks(text).into_iter().filter(|b| b.info == "console") {
        let mut k = 0;
        while k < b.lines.len() {
            let Some(command) = b.lines[k].strip_prefix("$ ") else {
                panic!(
                    "line {}: a console block starts with a `$ ` command",
                    b.first + k + 1
                );
            };
            let end = (k + 1..b.lines.len())
                .find(|&j| b.lines[j].starts_with("$ "))
                .unwrap_or(b.lines.len());
            let mut shown = b.lines[k + 1..end].join("\n");
            if end > k + 1 {
                shown.push('\n');
            }
            out.push((
                command.to_string(),
                shown,
                run(command),
                b.first + k + 1..b.first + end,
            ));
            k = end;
        }
    }
    out
}

#[test]
fn every_command_shown_prints_what_is_shown() {
    let bless = std::env::var_os("ALLY_BLESS_DOCS").is_some();
    let mut ran = 0;
    let mut wrong = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(&page).expect("readable");
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        let mut offset: isize = 0;
        for (command, shown, printed, range) in commands(&text) {
            ran += 1;
            if shown == printed {
                continue;
            }
            if bless {
                let start = (range.start as isize + offset) as usize;
                let end = (range.end as isize + offset) as usize;
                let new: Vec<String> = printed.lines().map(String::from).collect();
                offset += new.len() as isize - (end - start) as isize;
                lines.splice(start..end, new);
            } else {
                wrong.push(format!(
                    "{}: `$ {command}` prints\n{printed}\nbut the page shows\n{shown}",
                    page.display()
                ));
            }
        }
        if bless {
            let mut new = lines.join("\n");
            new.push('\n');
            if new != text {
                std::fs::write(&page, new).expect("writable");
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
    assert!(ran >= 10, "only {ran} commands found");
}

#[test]
fn every_scenario_shown_as_a_file_is_that_file() {
    let mut seen = 0;
    for page in pages() {
        let text = std::fs::read_to_string(&page).expect("readable");
        for b in blocks(&text) {
            let Some(path) = b.info.strip_prefix("ally file=") else {
                continue;
            };
            let file = std::fs::read_to_string(root().join(path))
                .unwrap_or_else(|e| panic!("{}: {path}: {e}", page.display()));
            let mut shown = b.lines.join("\n");
            shown.push('\n');
            assert_eq!(
                shown,
                file,
                "{}: the block differs from {path}",
                page.display()
            );
            seen += 1;
        }
    }
    assert!(seen >= 1);
}

/// The id mdBook gives a heading: lower case, spaces to `-`, other punctuation dropped.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            c if c.is_whitespace() => Some('-'),
            _ => None,
        })
        .collect()
}

/// The anchors of a page's headings (outside code blocks), with mdBook's `-1`, `-2`
/// for repeated ones, and its explicit `<a id="…"></a>` anchors.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        if fenced {
            continue;
        }
        for (_, rest) in line
            .match_indices("<a id=\"")
            .map(|(i, _)| line.split_at(i + 7))
        {
            if let Some((id, _)) = rest.split_once('"') {
                out.insert(id.to_string());
            }
        }
        if let Some(h) = line.strip_prefix('#') {
            let h = h.trim_start_matches('#');
            let h = h.replace('`', "");
            let id = anchor(&h);
            let mut unique = id.clone();
            let mut n = 1;
            while out.contains(&unique) {
                unique = format!("{id}-{n}");
                n += 1;
            }
            out.insert(unique);
        }
    }
    out
}

/// Every `](target)` of a page outside code blocks and inline code.
fn links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        // Inline code is not a link.
        let plain: String = line
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .map(|(_, s)| s)
            .collect::<Vec<_>>()
            .join(" ");
        let mut rest = plain.as_str();
        while let Some(i) = rest.find("](") {
            rest = &rest[i + 2..];
            let end = rest.find(')').unwrap_or(rest.len());
            out.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    out
}

#[test]
fn every_link_leads_somewhere() {
    let mut bad = Vec::new();
    let mut checked = 0;
    for page in pages() {
        let text = std::fs::read_to_string(&page).expect("readable");
        for link in links(&text) {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
            {
                continue;
            }
            checked += 1;
            let (file, frag) = link.split_once('#').unwrap_or((&link, ""));
            let target: PathBuf = if file.is_empty() {
                page.clone()
            } else {
                page.parent().expect("a folder").join(file)
            };
            if !target.exists() {
                bad.push(format!("{}: `{link}`: no such file", page.display()));
                continue;
            }
            // The built book holds only what is under its src/.
            let book = root().join("docs/book/src");
            let inside = |p: &std::path::Path| {
                std::fs::canonicalize(p)
                    .is_ok_and(|p| std::fs::canonicalize(&book).is_ok_and(|b| p.starts_with(b)))
            };
            if page.starts_with(&book) && !inside(&target) {
                bad.push(format!(
                    "{}: `{link}` leaves the book: name the file as code instead",
                    page.display()
                ));
                continue;
            }
            if !frag.is_empty() && target.extension().is_some_and(|x| x == "md") {
                let there = std::fs::read_to_string(&target).expect("readable");
                if !anchors(&there).contains(frag) {
                    bad.push(format!(
                        "{}: `{link}`: no heading `#{frag}`",
                        page.display()
                    ));
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(checked >= 20, "only {checked} links checked");
}

#[test]
fn the_summary_lists_every_page_and_only_pages_that_exist() {
    let src = root().join("docs/book/src");
    let summary = std::fs::read_to_string(src.join("SUMMARY.md")).expect("a SUMMARY.md");
    let listed: BTreeSet<PathBuf> = links(&summary)
        .iter()
        .map(|l| src.join(l.split('#').next().unwrap_or(l)))
        .collect();
    for p in &listed {
        assert!(
            p.is_file(),
            "SUMMARY.md lists {} which does not exist",
            p.display()
        );
    }
    for p in pages().into_iter().filter(|p| p.starts_with(&src)) {
        if p.file_name().is_some_and(|n| n == "SUMMARY.md") {
            continue;
        }
        assert!(listed.contains(&p), "{} is not in SUMMARY.md", p.display());
    }
    let toml = std::fs::read_to_string(root().join("docs/book/book.toml")).expect("book.toml");
    assert!(
        toml.contains("create-missing = false"),
        "a missing page must fail the build"
    );
}

#[test]
fn the_readme_is_a_front_page() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let n = readme.lines().count();
    assert!(n <= 200, "the README has {n} lines: the manual is the book");
    let cargo = std::fs::read_to_string(root().join("Cargo.toml")).expect("Cargo.toml");
    let version = cargo
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .expect("Cargo.toml states its rust-version")
        .trim_matches('"');
    assert!(
        readme.contains(&format!("Rust {version}")),
        "the README names the Rust version Cargo.toml requires ({version})"
    );
}

#[test]
fn the_shell_word_splitter_reads_quotes() {
    assert_eq!(
        words(r#"ally run --model "balancing 1, aid 1" 'a b' c\ d"#),
        ["ally", "run", "--model", "balancing 1, aid 1", "a b", "c d"]
    );
    assert_eq!(
        anchor("Golden files: `ally test --bless`"),
        "golden-files-ally-test---bless"
    );
}
