//! `ally graph`: well-formed SVG naming every state, no overlapping labels on a
//! 40-state scenario, deterministic bytes, a DOT snapshot, and the command line.

use crate::support::examples;
use std::fmt::Write;
use std::process::Command;
use std::sync::Arc;

use ally::model::Scenario;
use ally::query::picture::{Blocs, blocs_for};
use ally::render::layout::{overlapping_labels, text_width};
use ally::render::svg;
use ally::render::{dot, layout};
use ally::run::check_source;

fn scenario(src: &str) -> Arc<Scenario> {
    let (checker, report) = check_source("test.ally", src);
    assert!(!report.has_errors(), "{:?}", report.diags);
    Arc::new(checker.state.scenario)
}

/// The text of every `<text>` element.
fn texts(doc: &roxmltree::Document) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

fn assert_names_every_state(svg_text: &str, s: &Scenario, what: &str) {
    let doc = roxmltree::Document::parse(svg_text)
        .unwrap_or_else(|e| panic!("{what}: the SVG is not well-formed XML: {e}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg", "{what}");
    let labels = texts(&doc);
    for st in &s.states {
        assert!(
            labels
                .iter()
                .any(|t| t.starts_with(&format!("{} (", st.name))),
            "{what}: no label names {}",
            st.name
        );
    }
    let circles = doc
        .descendants()
        .filter(|n| {
            n.has_tag_name("circle") && n.ancestors().any(|a| a.attribute("id") == Some("states"))
        })
        .count();
    assert_eq!(circles, s.states.len(), "{what}: one circle per state");
}

#[test]
fn every_example_draws_well_formed_svg_naming_every_state() {
    for path in examples() {
        let src = std::fs::read_to_string(&path).expect("readable");
        let s = scenario(&src);
        let picture = svg::svg(&s, &blocs_for(&s, None));
        assert_names_every_state(&picture, &s, &path.display().to_string());
    }
}

#[test]
fn the_binary_writes_the_svg_file() {
    let dir = std::env::temp_dir().join(format!("ally-graph-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for path in examples() {
        let out = dir.join("x.svg");
        let status = Command::new(env!("CARGO_BIN_EXE_ally"))
            .arg("graph")
            .arg(&path)
            .arg("-o")
            .arg(&out)
            .status()
            .expect("ally runs");
        assert!(status.success(), "{}", path.display());
        let text = std::fs::read_to_string(&out).expect("written");
        let s = scenario(&std::fs::read_to_string(&path).expect("readable"));
        assert_names_every_state(&text, &s, &path.display().to_string());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn graph_exit_codes() {
    let bin = env!("CARGO_BIN_EXE_ally");
    let broken = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cmd/broken.ally");
    let status = Command::new(bin)
        .args(["graph", broken])
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(1), "an error in the input");
    let status = Command::new(bin)
        .args(["graph", "no/such/file.ally"])
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(2), "a missing file");
    let status = Command::new(bin)
        .args(["graph", broken, "--format", "png"])
        .output()
        .expect("runs");
    assert_eq!(status.status.code(), Some(2), "an unknown format");
}

/// Forty states with long names of different lengths, threats, offers,
/// borders and alliances.
fn forty_states() -> String {
    let mut src = String::from("scenario \"Forty states\"\n");
    let names: Vec<String> = (0..40)
        .map(|i| match i % 4 {
            0 => format!("\"Grand Duchy of W{i}\""),
            1 => format!("S{i}"),
            2 => format!("\"Union of Mmmmmmm Republics {i}\""),
            _ => format!("\"State & <{i}>\""),
        })
        .collect();
    for (i, n) in names.iter().enumerate() {
        let _ = writeln!(src, "state {n} {{ power {} }}", 1 + (i * 7) % 23);
    }
    for i in 0..40 {
        let _ = writeln!(src, "border {} ~ {}", names[i], names[(i + 1) % 40]);
        if i % 3 == 0 {
            let _ = writeln!(src, "threat {} -> {} 0.7", names[i], names[(i + 13) % 40]);
        }
        if i % 5 == 0 {
            let _ = writeln!(src, "offer {} -> {} 30", names[i], names[(i + 7) % 40]);
        }
    }
    let _ = writeln!(
        src,
        "alliance A {{ {}, {}, {} }}",
        names[0], names[10], names[20]
    );
    src
}

#[test]
fn forty_states_have_no_overlapping_labels() {
    let s = scenario(&forty_states());
    let blocs = blocs_for(&s, None);
    assert!(!blocs.blocs.is_empty(), "the 40 states are aligned");
    let l = svg::layout_for(&s, &blocs);
    assert_eq!(l.nodes.len(), 40);
    assert_eq!(overlapping_labels(&l), Vec::<(usize, usize)>::new());
    // The boxes are measured as the renderer draws them, and every box holds its text.
    let picture = svg::svg(&s, &blocs);
    assert_names_every_state(&picture, &s, "forty states");
    let doc = roxmltree::Document::parse(&picture).expect("well-formed");
    let labels: Vec<_> = doc
        .descendants()
        .filter(|n| {
            n.has_tag_name("text") && n.ancestors().any(|a| a.attribute("id") == Some("labels"))
        })
        .collect();
    assert_eq!(labels.len(), 40);
    for (node, text) in l.nodes.iter().zip(&labels) {
        assert_eq!(text.text(), Some(node.label.as_str()));
        let x: f64 = text.attribute("x").and_then(|v| v.parse().ok()).expect("x");
        let (ax, _) = node.text_anchor();
        assert!((x - ax).abs() < 0.06, "label drawn where the layout put it");
        assert!(node.label_box.w >= text_width(&node.label, layout::LABEL_FONT) - 1e-9);
    }
    // Circles do not overlap either, and nothing leaves the picture.
    for (i, a) in l.nodes.iter().enumerate() {
        assert!(a.label_box.x >= 0.0 && a.label_box.x + a.label_box.w <= l.width + 1e-6);
        for b in &l.nodes[i + 1..] {
            let d = ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt();
            assert!(d > a.r + b.r, "circles overlap");
        }
    }
}

#[test]
fn the_same_input_draws_the_same_bytes() {
    let src = forty_states();
    let a = svg::svg(&scenario(&src), &blocs_for(&scenario(&src), None));
    let b = svg::svg(&scenario(&src), &blocs_for(&scenario(&src), None));
    assert_eq!(a, b);
}

#[test]
fn names_are_escaped() {
    let s = scenario(
        "state \"A & B <1>\" { power 2 }\nstate \"C'\" { power 1 }\nthreat \"A & B <1>\" -> \"C'\" 0.5\n",
    );
    let picture = svg::svg(&s, &blocs_for(&s, None));
    assert!(picture.contains("A &amp; B &lt;1&gt;"));
    assert_names_every_state(&picture, &s, "escaping");
    let d = dot::scenario_dot(&s, &blocs_for(&s, None));
    assert!(d.contains("\"A & B <1>\" -> \"C'\""));
}

#[test]
fn indifferent_states_are_marked() {
    // Under `model ideology` a state without an ideology feels no force: indifferent.
    let s = scenario(
        "ideology x, y\nstate A { power 2 ideology x }\nstate B { power 1 ideology x }\n\
         state C { power 1 ideology y }\nstate D { power 1 }\nmodel ideology\n",
    );
    let blocs = blocs_for(&s, None);
    let d = s.state("D").expect("D");
    assert!(blocs.indifferent(d));
    let picture = svg::svg(&s, &blocs);
    let doc = roxmltree::Document::parse(&picture).expect("well-formed");
    let circle = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("circle")
                && n.children()
                    .any(|c| c.text().is_some_and(|t| t.starts_with("D: ")))
        })
        .expect("D's circle");
    assert_eq!(circle.attribute("fill"), Some(svg::NEUTRAL_FILL));
    assert!(circle.attribute("stroke-dasharray").is_some());
    assert!(
        texts(&doc).iter().any(|t| t == "indifferent state"),
        "legend"
    );
}

#[test]
fn a_scenario_too_large_to_align_is_still_drawn() {
    let s = scenario("state A { power 1 }\n");
    let blocs = Blocs::none(&s, "blocs not computed: test");
    let picture = svg::svg(&s, &blocs);
    assert_names_every_state(&picture, &s, "no blocs");
    assert!(picture.contains("blocs not computed: test"));
}

#[test]
fn dot_output_snapshot() {
    let s = scenario(
        r#"scenario "Europe, July 1914"
state France  { power 0.10 }
state Germany { power 0.15  offense 1.3 }
state Russia  { power 0.15 }
state Britain { power 0.11 }
state Italy   { power 0.04 }
state "Austria-Hungary" { power 0.05 }
border France ~ Germany
border Germany ~ Russia
distance Britain ~ Germany = 0.6
threat Germany -> France 0.8
threat "Austria-Hungary" -> Russia 0.5
offer Britain -> Italy 50
alliance Entente { France, Russia, Britain }
model balancing
"#,
    );
    let d = dot::scenario_dot(&s, &blocs_for(&s, None));
    insta::assert_snapshot!(d);
}

/// `--at T` draws the scenario with the `at` blocks up to T applied: Italy changes
/// colour between 1914 and 1915 as the timeline says it changes sides.
#[test]
fn at_draws_the_scenario_at_a_time() {
    let src = "state Big { power 5 }\nstate Rival { power 4 }\nstate Small { power 1 }\n\
               border Big ~ Small\nmodel balancing 1, aid 1\n\
               at 1915 { offer Big -> Small 500 }\n";
    let s = scenario(src);
    let later = Arc::new(ally::dynamics::scenario_at(&s, 1915.0).expect("events apply"));
    let early = Arc::new(ally::dynamics::scenario_at(&s, 1914.0).expect("no events"));
    assert_eq!(early.offer(0, 2), 0.0);
    assert_eq!(later.offer(0, 2), 500.0);
    let dir = std::env::temp_dir().join(format!("ally-graph-at-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("at.ally");
    std::fs::write(&file, src).expect("written");
    let out = Command::new(env!("CARGO_BIN_EXE_ally"))
        .args(["graph", "--at", "1915"])
        .arg(&file)
        .output()
        .expect("ally runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.contains("<title>Scenario (at 1915)</title>"));
    let states = |t: &str| t[t.find("<g id=\"states\">").unwrap_or(0)..].to_string();
    assert_eq!(
        states(&text),
        states(&svg::svg(&later, &blocs_for(&later, None)))
    );
    assert_names_every_state(&text, &later, "--at 1915");
}

/// Reviving an ended alliance under its name (issue 10): at time 2 `First` is made again
/// of A and C, so the picture links A and C as `First`, and A–B is no longer linked by
/// `First` (nor is A–C by `Second`, which only links B and C).
#[test]
fn a_revived_alliance_is_drawn_with_its_new_members_only() {
    let src = "state A { power 1 }\nstate B { power 1 }\nstate C { power 1 }\n\
               alliance First { A, B }\nalliance Second { B, C }\n\
               at 1 { end alliance First }\nat 2 { alliance First { A, C } }\n";
    let dir = std::env::temp_dir().join(format!("ally-graph-revive-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("revive.ally");
    std::fs::write(&file, src).expect("written");
    let out = Command::new(env!("CARGO_BIN_EXE_ally"))
        .args(["graph", "--format", "dot", "--at", "2"])
        .arg(&file)
        .output()
        .expect("ally runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let alliances: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("kind=alliance"))
        .map(str::trim)
        .collect();
    let link = |a: &str, b: &str, name: &str| {
        alliances.iter().any(|l| {
            l.starts_with(&format!("\"{a}\" -> \"{b}\" "))
                && l.contains(&format!("alliance=\"{name}\","))
        })
    };
    assert!(
        link("A", "C", "First"),
        "A–C drawn as First: {alliances:#?}"
    );
    assert!(
        !link("A", "C", "Second"),
        "A–C is not Second: {alliances:#?}"
    );
    assert!(
        !link("A", "B", "First"),
        "no stale A–B First link: {alliances:#?}"
    );
    assert!(link("B", "C", "Second"), "B–C stays Second: {alliances:#?}");
    assert_eq!(alliances.len(), 2, "{alliances:#?}");
}
