//! `ally report`: the handout is well-formed, self-contained, holds every question with
//! its answer and the expectations with their verdicts, and renders in headless
//! Chromium. Also `ally run --format markdown` and `ally lab --format markdown|csv`.

use crate::support::examples;
use std::path::{Path, PathBuf};
use std::process::Command;

use ally_core::render::table;
use ally_core::{document::run_source, query::file::Entry};

const BIN: &str = env!("CARGO_BIN_EXE_ally");

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ally-report-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Writes the report of `example` with the binary and returns the page.
fn report(example: &Path, out: &Path) -> String {
    let o = Command::new(BIN)
        .arg("report")
        .arg(example)
        .arg("-o")
        .arg(out)
        .output()
        .expect("ally runs");
    assert!(o.status.success(), "{}: {o:?}", example.display());
    std::fs::read_to_string(out).expect("written")
}

/// All the text under a node, as a browser would show it (whitespace collapsed).
fn text_of(n: roxmltree::Node) -> String {
    let raw: String = n
        .descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect();
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The page as XML (the handout is well-formed XML with an HTML doctype).
fn xml(page: &str) -> Result<roxmltree::Document<'_>, roxmltree::Error> {
    roxmltree::Document::parse_with_options(
        page,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_example_gives_a_well_formed_self_contained_page_with_every_answer() {
    let dir = temp("examples");
    for path in examples() {
        let page = report(&path, &dir.join("page.html"));
        let name = path.display().to_string();
        let doc = xml(&page).unwrap_or_else(|e| panic!("{name}: not well-formed: {e}"));

        // Self-contained: nothing to fetch, nothing to run.
        for n in doc.descendants().filter(|n| n.is_element()) {
            let tag = n.tag_name().name();
            assert!(
                !matches!(
                    tag,
                    "script" | "link" | "img" | "iframe" | "object" | "embed"
                ),
                "{name}: <{tag}>"
            );
            for a in n.attributes() {
                assert!(
                    !matches!(a.name(), "src" | "href") || a.value().starts_with('#'),
                    "{name}: {}={}",
                    a.name(),
                    a.value()
                );
                assert!(!a.name().starts_with("on"), "{name}: an event handler");
            }
        }
        let style = doc
            .descendants()
            .find(|n| n.has_tag_name("style"))
            .map(text_of)
            .unwrap_or_default();
        assert!(
            !style.contains("@import") && !style.contains("url("),
            "{name}"
        );
        assert!(
            style.contains("@media print") && style.contains("@page"),
            "{name}"
        );
        assert!(
            doc.descendants().any(|n| n.tag_name().name() == "svg"),
            "{name}: the picture is inline"
        );

        // Every question, in order, with its answer.
        let src = std::fs::read_to_string(&path).expect("readable");
        let result = run_source(&name, &src, None);
        let sections: Vec<roxmltree::Node> = doc
            .descendants()
            .filter(|n| n.has_tag_name("section") && n.attribute("class") == Some("query"))
            .collect();
        let queries: Vec<_> = result
            .entries
            .iter()
            .filter_map(|e| match e {
                Entry::Query(q) => Some(q),
                _ => None,
            })
            .collect();
        assert_eq!(sections.len(), queries.len(), "{name}");
        for (section, q) in sections.iter().zip(&queries) {
            let heading = section
                .descendants()
                .find(|n| n.has_tag_name("h2"))
                .map(text_of);
            assert_eq!(
                heading.as_deref(),
                Some(squash(&q.query).as_str()),
                "{name}"
            );
            let answer = q.answer.as_ref().expect("examples answer every query");
            let shown = text_of(*section);
            match table::of(answer) {
                Some(t) => {
                    let cells: Vec<String> = section
                        .descendants()
                        .filter(|n| n.has_tag_name("td"))
                        .map(text_of)
                        .collect();
                    let expected: Vec<String> =
                        t.rows.iter().flatten().map(|c| squash(c)).collect();
                    assert_eq!(cells, expected, "{name}: {}", q.query);
                }
                None if ally_core::render::chance::bars(answer).is_some() => {
                    shares_drawn_as_bars(*section, answer, &name);
                }
                None => {
                    let mut text = String::new();
                    ally_core::render::text::answer(&mut text, answer);
                    assert!(
                        shown.contains(&squash(&text)),
                        "{name}: {} not shown",
                        q.query
                    );
                }
            }
        }

        // Every expectation with its verdict.
        let items: Vec<roxmltree::Node> =
            doc.descendants().filter(|n| n.has_tag_name("li")).collect();
        let expects: Vec<_> = result.expectations().collect();
        assert_eq!(items.len(), expects.len(), "{name}");
        for (li, x) in items.iter().zip(&expects) {
            let t = text_of(*li);
            assert!(t.contains(&squash(&x.outcome.expect)), "{name}: {t}");
            assert!(t.contains(&squash(&x.outcome.actual)), "{name}: {t}");
            assert_eq!(li.attribute("class"), Some("ok"), "{name}: {t}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Each state's bloc as a picture colours it (`<title>Italy: power 2.57, Germany bloc`).
fn blocs_drawn(figure: roxmltree::Node) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = figure
        .descendants()
        .filter(|n| n.has_tag_name("circle"))
        .filter_map(|c| c.children().find(|t| t.has_tag_name("title")))
        .map(text_of)
        .filter_map(|t| {
            let (state, rest) = t.split_once(": power ")?;
            let side = rest.split_once(", ")?.1;
            // A neutral state (`blocs N, neutral`) is drawn apart: "neutral: stays out of every bloc".
            let bloc = if side.starts_with("neutral") {
                "neutral"
            } else {
                side.strip_suffix(" bloc")?
            };
            Some((state.to_string(), bloc.to_string()))
        })
        .collect();
    out.sort();
    out
}

/// Each state's bloc as an alignment table lists it (`Germany bloc | Germany, Italy`).
fn blocs_listed(section: roxmltree::Node) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for row in section.descendants().filter(|n| n.has_tag_name("tr")) {
        let cells: Vec<String> = row
            .children()
            .filter(|c| c.has_tag_name("td"))
            .map(text_of)
            .collect();
        if let [bloc, members, _] = cells.as_slice() {
            let bloc = bloc.strip_suffix(" bloc").unwrap_or(bloc);
            out.extend(
                members
                    .split(", ")
                    .map(|m| (m.to_string(), bloc.to_string())),
            );
        }
    }
    // The states that stay out are listed in the table's note (`neutral: Sweden, Norway`).
    for note in section
        .descendants()
        .filter(|n| n.has_tag_name("p") && n.attribute("class") == Some("note"))
        .map(text_of)
    {
        if let Some(states) = note.strip_prefix("neutral: ") {
            out.extend(
                states
                    .split(", ")
                    .map(|m| (m.to_string(), "neutral".to_string())),
            );
        }
    }
    out.sort();
    out
}

#[test]
fn every_alignment_in_a_handout_follows_a_picture_of_that_alignment() {
    // The page as a student reads it: the picture nearest above each `who allies with
    // whom?` table colours every state as the table places it, and every picture says
    // which moment it shows.
    let dir = temp("moments");
    let mut checked = 0;
    for path in examples() {
        let name = path.display().to_string();
        let page = report(&path, &dir.join("page.html"));
        let doc = xml(&page).unwrap_or_else(|e| panic!("{name}: {e}"));
        let body = doc
            .descendants()
            .find(|n| n.has_tag_name("body"))
            .expect("a body");
        let mut last_figure = None;
        for n in body.children().filter(|n| n.is_element()) {
            if n.has_tag_name("figure") {
                let caption = n
                    .children()
                    .find(|c| c.has_tag_name("figcaption"))
                    .map(text_of)
                    .unwrap_or_default();
                // A file of games without states shows its games, at no moment.
                if caption.starts_with("The games of the file: ") {
                    continue;
                }
                let moment = caption
                    .strip_prefix("The scenario ")
                    .and_then(|c| c.split_once(':'))
                    .map(|(m, _)| m.to_string())
                    .unwrap_or_default();
                assert!(
                    moment.starts_with("as of line ") || moment.starts_with("at "),
                    "{name}: a picture captioned `{caption}`"
                );
                last_figure = Some(n);
            }
            let heading = n.children().find(|c| c.has_tag_name("h2")).map(text_of);
            if heading.as_deref() == Some("who allies with whom?") {
                let figure = last_figure.unwrap_or_else(|| panic!("{name}: no picture above"));
                assert_eq!(blocs_drawn(figure), blocs_listed(n), "{name}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 15, "only {checked} alignments checked");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn italy_1915_shows_each_moment_once_with_its_caption() {
    let dir = temp("italy");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let page = report(&root.join("italy-1915.ally"), &dir.join("i.html"));
    let captions: Vec<&str> = page
        .split("<figcaption>The scenario ")
        .skip(1)
        .filter_map(|c| c.split_once(':').map(|(m, _)| m))
        .collect();
    // August 1914 (Italy with Germany), the timeline's step at 1915 (with Britain), then
    // the two top-level offers of the Treaty of London.
    assert_eq!(
        captions,
        ["as of line 43", "at 1915", "as of line 71", "as of line 74"]
    );
    // The expectations under their own heading, after every question.
    let key = page.find("<h2>Expectations</h2>").expect("a heading");
    assert!(page.rfind("<section class=\"query\">").expect("questions") < key);
    // `--at` as in `ally run`: every answer at 1915, and the captions say so.
    let out = dir.join("at.html");
    let o = Command::new(BIN)
        .args(["report", "--at", "1915", "-o"])
        .arg(&out)
        .arg(root.join("italy-1915.ally"))
        .output()
        .expect("runs");
    let page = std::fs::read_to_string(&out).expect("written");
    assert!(page.contains("<h1>Italy, 1914–1915: the auction (at 1915)</h1>"));
    assert!(
        page.contains("The scenario as of line 43, at 1915:"),
        "{o:?}"
    );
    let bad = Command::new(BIN)
        .args(["report", "--at", "inf"])
        .arg(root.join("italy-1915.ally"))
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every number and every clause of the text answer is in the Markdown answer: the
/// weights and responses of `threats to`, the "after …" and "because …" of a timeline.
/// An answer about chances in a handout: every number and line of the text answer
/// shown, and each share a bar whose filled width is the share (and whose interval line
/// spans the 95 % interval), its words beside it.
fn shares_drawn_as_bars(section: roxmltree::Node, answer: &ally_core::query::Answer, name: &str) {
    use ally_core::render::chance::Cell;
    let shown = text_of(section);
    let mut text = String::new();
    ally_core::render::text::answer(&mut text, answer);
    let number = fancy_regex::Regex::new(r"-?\d+(\.\d+)?").expect("regex");
    for n in number.find_iter(&text).flatten() {
        assert!(
            shown.contains(n.as_str()),
            "{name}: lacks {}: {shown}",
            n.as_str()
        );
    }
    let shares: Vec<(f64, Option<(f64, f64)>)> = ally_core::render::chance::bars(answer)
        .expect("an answer about chances")
        .iter()
        .flat_map(|b| b.rows.iter().flatten())
        .filter_map(|c| match c {
            Cell::Share {
                value, interval, ..
            } => Some((*value, *interval)),
            Cell::Text(_) => None,
        })
        .collect();
    let bars: Vec<roxmltree::Node> = section
        .descendants()
        .filter(|n| n.has_tag_name("svg") && n.attribute("class") == Some("bar"))
        .collect();
    assert_eq!(bars.len(), shares.len(), "{name}");
    assert!(!bars.is_empty(), "{name}");
    for (bar, (value, interval)) in bars.iter().zip(&shares) {
        let attr = |tag: &str, a: &str| -> Option<f64> {
            bar.descendants()
                .find(|n| n.attribute("class") == Some(tag))
                .and_then(|n| n.attribute(a))
                .and_then(|v| v.parse().ok())
        };
        let width = attr("fill", "width").expect("a filled part");
        assert!(
            (width - 100.0 * value).abs() < 0.006,
            "{name}: {width} for {value}"
        );
        match interval {
            Some((lo, hi)) => {
                assert!(
                    (attr("ci", "x1").unwrap() - 100.0 * lo).abs() < 0.006,
                    "{name}"
                );
                assert!(
                    (attr("ci", "x2").unwrap() - 100.0 * hi).abs() < 0.006,
                    "{name}"
                );
            }
            None => assert!(attr("ci", "x1").is_none(), "{name}"),
        }
        // The number beside the bar, as the text answer prints it.
        let beside = bar.parent().map(text_of).unwrap_or_default();
        let label = bar.attribute("aria-label").unwrap_or_default();
        assert!(beside.contains(&squash(label)), "{name}: {beside}");
    }
}

#[test]
fn markdown_draws_shares_as_bars_with_their_numbers() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/book/src/uncertain.ally");
    let src = std::fs::read_to_string(&path).expect("readable");
    let result = run_source("uncertain.ally", &src, None);
    let md = ally_core::render::markdown::file(&result);
    let mut bars = 0;
    for e in &result.entries {
        let Entry::Query(q) = e else { continue };
        let Some(answer) = &q.answer else { continue };
        let Some(tables) = ally_core::render::chance::bars(answer) else {
            continue;
        };
        let mut text = String::new();
        ally_core::render::text::answer(&mut text, answer);
        for line in text.lines() {
            // Every line of the text answer's words is in the Markdown, a share with its
            // bar of blocks before it.
            for cell in tables.iter().flat_map(|b| b.rows.iter().flatten()) {
                if let ally_core::render::chance::Cell::Share { value, words, .. } = cell
                    && line.contains(words.as_str())
                {
                    let drawn = format!("{} {words}", ally_core::render::chance::text_bar(*value));
                    assert!(md.contains(&drawn), "{drawn}\n{md}");
                    bars += 1;
                }
            }
        }
    }
    assert!(bars >= 10, "{bars}\n{md}");
    // 0.7255 of 20 blocks is 15 full.
    assert!(
        md.contains(&format!("{}{} 0.7255", "█".repeat(15), "░".repeat(5))),
        "{md}"
    );
}

#[test]
fn markdown_keeps_every_number_and_clause_of_the_text_answer() {
    let number = fancy_regex::Regex::new(r"-?\d+(\.\d+)?").expect("regex");
    let mut checked = 0;
    for path in examples() {
        let name = path.display().to_string();
        let src = std::fs::read_to_string(&path).expect("readable");
        let result = run_source(&name, &src, None);
        for e in &result.entries {
            let Entry::Query(q) = e else { continue };
            let Some(answer) = &q.answer else { continue };
            let Some(t) = table::of(answer) else { continue };
            let mut md = String::new();
            ally_core::render::markdown::table(&mut md, &t);
            let md = md.replace('\\', "");
            let mut text = String::new();
            ally_core::render::text::answer(&mut text, answer);
            for n in number.find_iter(&text).flatten() {
                assert!(
                    md.contains(n.as_str()),
                    "{name}: `{}` lacks {} of\n{text}\n{md}",
                    q.query,
                    n.as_str()
                );
            }
            for line in text.lines() {
                let line = line.trim();
                for clause in [" after: ", "because "] {
                    if let Some(i) = line.find(clause) {
                        assert!(
                            md.contains(&line[i..]),
                            "{name}: `{}` lacks `{}`\n{md}",
                            q.query,
                            &line[i..]
                        );
                        checked += 1;
                    }
                }
                if line.contains("· weight ") {
                    let response = line.rsplit_once('(').map(|(_, r)| r.trim_end_matches(')'));
                    assert!(
                        response.is_some_and(|r| md.contains(r)),
                        "{name}: `{line}`\n{md}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 20, "only {checked} clauses checked");
}

#[test]
fn the_handout_shows_the_answers_the_lecture_expects() {
    // Independent of the renderer: numbers worked out in the examples' comments.
    let dir = temp("answers");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let stag = report(&root.join("stag-hunt.ally"), &dir.join("s.html"));
    assert!(stag.contains("<td>(Stag, Stag)</td>"));
    assert!(stag.contains("<td>(Rabbit, Rabbit)</td>"));
    assert!(stag.contains("Stag 3/4 + Rabbit 1/4"));
    let det = report(&root.join("deterrence.ally"), &dir.join("d.html"));
    assert!(det.contains("not deterred"));
    assert!(det.contains("Target 3 + Guarantor 4 × 0.745"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_failed_expectation_is_shown_failed_and_exits_1() {
    let dir = temp("failed");
    let file = dir.join("f.ally");
    std::fs::write(
        &file,
        "scenario \"F\"\nstate A { power 2 }\nstate B { power 1 }\nthreat A -> B 0.9\nwho allies with whom?\nexpect A with B\n",
    )
    .expect("write");
    let out = dir.join("f.html");
    let o = Command::new(BIN)
        .arg("report")
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(1));
    let page = std::fs::read_to_string(&out).expect("written all the same");
    assert!(page.contains("<li class=\"failed\"><span class=\"verdict\">✗ FAILED</span>"));
    assert!(page.contains("1 expectation: 0 ok, 1 FAILED (listed at the end)."));
    let _ = std::fs::remove_dir_all(&dir);
}

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if path.is_file() {
        return Some(path);
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    assert!(
        !ci,
        "CI=true but Chromium is missing at {}: `apt-get install -y chromium` (see .ci/run)",
        path.display()
    );
    eprintln!(
        "\n!!!!!!!! SKIPPED: headless Chromium not found at {} — the handout was NOT rendered in a \
         browser. Install it with `apt-get install -y chromium` (required under CI=true). !!!!!!!!\n",
        path.display()
    );
    None
}

#[test]
fn the_handout_renders_in_headless_chromium_without_errors() {
    let Some(browser) = chromium() else {
        return;
    };
    let dir = temp("chromium");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for example in ["italy-1915.ally", "stag-hunt.ally"] {
        let page = dir.join(example.replace(".ally", ".html"));
        report(&root.join(example), &page);
        let profile = dir.join(format!("profile-{example}"));
        let url = format!("file://{}", page.display());
        let run = |extra: &[&str]| {
            Command::new(&browser)
                .args([
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--no-first-run",
                    "--enable-logging=stderr",
                    "--v=0",
                ])
                .arg(format!("--user-data-dir={}", profile.display()))
                .args(extra)
                .arg(&url)
                .output()
                .expect("chromium runs")
        };
        let dom = run(&["--dump-dom"]);
        let stderr = String::from_utf8_lossy(&dom.stderr);
        assert!(dom.status.success(), "{example}: {stderr}");
        // A page that tried to fetch or run anything would log it here.
        for bad in ["CONSOLE", "Failed to load resource", "net::ERR", "Uncaught"] {
            assert!(!stderr.contains(bad), "{example}: `{bad}` in\n{stderr}");
        }
        let dom = String::from_utf8_lossy(&dom.stdout);
        assert!(dom.contains("<h1>"), "{example}: {dom}");
        assert!(dom.contains("<svg"), "{example}");
        assert!(dom.contains("<table>"), "{example}");

        let png = dir.join(example.replace(".ally", ".png"));
        let shot = run(&[
            &format!("--screenshot={}", png.display()),
            "--window-size=900,1400",
        ]);
        assert!(shot.status.success(), "{example}");
        let bytes = std::fs::read(&png).expect("screenshot written");
        assert!(
            bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000,
            "{example}"
        );

        let pdf = dir.join(example.replace(".ally", ".pdf"));
        let print = run(&[
            &format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer",
        ]);
        assert!(print.status.success(), "{example}");
        let bytes = std::fs::read(&pdf).expect("pdf written");
        assert!(bytes.starts_with(b"%PDF"), "{example}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn run_prints_markdown_with_tables_and_a_checklist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let o = Command::new(BIN)
        .args(["run", "--format", "markdown"])
        .arg(root.join("deterrence.ally"))
        .output()
        .expect("runs");
    assert!(o.status.success());
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(
        md.starts_with("# Deterrence: an alliance tips the balance\n"),
        "{md}"
    );
    assert_eq!(
        md.matches("\n## `would Aggressor attack Target?`\n")
            .count(),
        3
    );
    assert!(
        md.contains("| bloc | members | power |\n|---|---|---|\n"),
        "{md}"
    );
    assert!(
        md.contains("| Guarantor bloc | Target, Guarantor, Neighbour | 9 |"),
        "{md}"
    );
    assert!(
        md.contains("- [x] `expect Guarantor with Target` — ok: "),
        "{md}"
    );
    assert!(md.contains("not deterred"), "{md}");
}

#[test]
fn lab_prints_markdown_and_csv() {
    let lab = |format: &str| {
        let o = Command::new(BIN)
            .args(["lab", "--trials", "6", "--states", "4", "--format", format])
            .output()
            .expect("runs");
        assert!(o.status.success(), "{o:?}");
        String::from_utf8(o.stdout).expect("utf-8")
    };
    let md = lab("markdown");
    assert!(md.starts_with("# ally lab: 6 random scenarios of 4 states, seed 1\n"));
    assert_eq!(
        md.matches(
            "| implication | statistic | column | mean | 95 % interval | lecture | verdict |"
        )
        .count(),
        2,
        "one table per table of the lecture"
    );
    let csv = lab("csv");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "table,implication,statistic,column,model,n,mean,sd,low,high,predicted,reference,lecture,verdict"
        )
    );
    let json: serde_json::Value = serde_json::from_str(&lab("json")).expect("json");
    let cells: usize = json["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .flat_map(|t| t["rows"].as_array().expect("rows"))
        .map(|r| r["cells"].as_array().expect("cells").len())
        .sum();
    assert_eq!(lines.count(), cells, "one CSV row per cell");
}
