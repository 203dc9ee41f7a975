//! `ally graph`: well-formed SVG naming every state, no overlapping labels on a
//! 40-state scenario, deterministic bytes, a DOT snapshot, and the command line.

use crate::support::examples;
use std::fmt::Write;
use std::process::Command;
use std::sync::Arc;

use ally_core::document::check_source;
use ally_core::model::Scenario;
use ally_core::query::picture::{Blocs, blocs_for};
use ally_core::render::layout::{overlapping_labels, text_width};
use ally_core::render::svg;
use ally_core::render::{dot, layout};

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
    let later = Arc::new(ally_core::dynamics::scenario_at(&s, 1915.0).expect("events apply"));
    let early = Arc::new(ally_core::dynamics::scenario_at(&s, 1914.0).expect("no events"));
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

// ---- Pictures you can read (issue 11, item 10) ----

/// A number attribute of an element.
fn num(n: roxmltree::Node, name: &str) -> f64 {
    n.attribute(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("<{}> without a numeric {name}", n.tag_name().name()))
}

/// An axis-aligned box `(x, y, w, h)`.
type Box2 = (f64, f64, f64, f64);

fn overlap(a: Box2, b: Box2) -> bool {
    a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
}

fn in_group(n: roxmltree::Node, ids: &[&str]) -> bool {
    n.ancestors()
        .any(|a| a.attribute("id").is_some_and(|id| ids.contains(&id)))
}

const EDGE_GROUPS: [&str; 4] = ["borders", "alliances", "offers", "threats"];

/// The text and box of every edge label (a `<text>` in an edge group or the edge
/// labels, drawn on the white `<rect>` just before it).
fn edge_labels(doc: &roxmltree::Document) -> Vec<(String, Box2)> {
    let mut groups = EDGE_GROUPS.to_vec();
    groups.push("edge-labels");
    doc.descendants()
        .filter(|n| n.has_tag_name("text") && in_group(*n, &groups))
        .map(|t| {
            let rect = t
                .prev_sibling_element()
                .filter(|r| r.has_tag_name("rect"))
                .expect("an edge label sits on a box");
            let b = (
                num(rect, "x"),
                num(rect, "y"),
                num(rect, "width"),
                num(rect, "height"),
            );
            let text = t.text().unwrap_or_default().to_string();
            // The box holds the text as drawn (11 px).
            assert!(
                b.2 >= text_width(&text, 11.0) - 0.1,
                "{text}: box too narrow"
            );
            (text, b)
        })
        .collect()
}

/// The text of an element's `<title>` (its tooltip), empty without one.
fn title_of<'a>(n: roxmltree::Node<'a, '_>) -> &'a str {
    n.children()
        .find(|k| k.has_tag_name("title"))
        .and_then(|k| k.text())
        .unwrap_or_default()
}

/// Every state's circle: name (from its tooltip), centre, radius.
fn circles(doc: &roxmltree::Document) -> Vec<(String, f64, f64, f64)> {
    doc.descendants()
        .filter(|n| n.has_tag_name("circle") && in_group(*n, &["states"]))
        .map(|c| {
            let title = title_of(c);
            let name = title.rsplit_once(": power").map_or(title, |p| p.0);
            (name.to_string(), num(c, "cx"), num(c, "cy"), num(c, "r"))
        })
        .collect()
}

/// The ends and the middle of a drawn edge (`<line>` or `<path d="M… Q… …">`).
fn edge_geometry(n: roxmltree::Node) -> Option<[(f64, f64); 3]> {
    if n.has_tag_name("line") {
        let (a, b) = ((num(n, "x1"), num(n, "y1")), (num(n, "x2"), num(n, "y2")));
        return Some([a, ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0), b]);
    }
    if n.has_tag_name("path") {
        let v: Vec<f64> = n
            .attribute("d")?
            .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
            .filter(|t| !t.is_empty())
            .filter_map(|t| t.parse().ok())
            .collect();
        if v.len() == 6 {
            let (p, c, q) = ((v[0], v[1]), (v[2], v[3]), (v[4], v[5]));
            let m = (
                0.25 * p.0 + 0.5 * c.0 + 0.25 * q.0,
                0.25 * p.1 + 0.5 * c.1 + 0.25 * q.1,
            );
            return Some([p, m, q]);
        }
    }
    None
}

/// A drawn edge: the group it is in, its tooltip, its ends and middle, its opacity.
type Edge = (String, String, [(f64, f64); 3], f64);

/// Every drawn edge.
fn drawn_edges(doc: &roxmltree::Document) -> Vec<Edge> {
    doc.descendants()
        .filter(|n| in_group(*n, &EDGE_GROUPS))
        .filter_map(|n| {
            let g = edge_geometry(n)?;
            let group = n
                .ancestors()
                .find_map(|a| a.attribute("id").filter(|id| EDGE_GROUPS.contains(id)))?;
            let title = title_of(n).to_string();
            let opacity = n
                .attribute("stroke-opacity")
                .and_then(|v| v.parse().ok())
                .unwrap_or(1.0);
            Some((group.to_string(), title, g, opacity))
        })
        .collect()
}

/// Three states, A and B joined by a border, an alliance, and a threat and an offer each
/// way; `extra` is added to the file (to move A and B apart or together).
fn parallel(extra: &str) -> String {
    format!(
        "state A {{ power 3 }}\nstate B {{ power 2 }}\n{extra}border A ~ B\n\
         threat A -> B 0.5\noffer A -> B 20\nthreat B -> A 0.75\noffer B -> A 125\n\
         alliance X {{ A, B }}\nmodel balancing 1, aid 1\n"
    )
}

#[test]
fn parallel_edges_are_drawn_apart_with_every_label_visible() {
    // With C, A and B share a bloc (one side: the pair runs up and down); without, they
    // are the two blocs (the pair runs across).
    for extra in [
        "state C { power 1 }\n",
        "",
        "state C { power 9 }\nstate D { power 1 }\n",
    ] {
        let s = scenario(&parallel(extra));
        let picture = svg::svg(&s, &blocs_for(&s, None));
        let doc = roxmltree::Document::parse(&picture).expect("well-formed");
        let labels = edge_labels(&doc);
        let (w, h) = (
            num(doc.root_element(), "width"),
            num(doc.root_element(), "height"),
        );
        for (text, b) in &labels {
            assert!(
                b.0 >= 0.0 && b.1 >= 0.0 && b.0 + b.2 <= w && b.1 + b.3 <= h,
                "{extra:?}: label {text} leaves the picture: {b:?}"
            );
        }
        let mut texts: Vec<&str> = labels.iter().map(|l| l.0.as_str()).collect();
        texts.sort_unstable();
        assert_eq!(texts, ["0.5", "0.75", "125", "20"], "{extra:?}");
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                assert!(
                    !overlap(a.1, b.1),
                    "{extra:?}: labels {} and {} overlap: {:?} {:?}",
                    a.0,
                    b.0,
                    a.1,
                    b.1
                );
            }
            // Visible: no circle covers it.
            for (name, x, y, r) in circles(&doc) {
                assert!(
                    !overlap(a.1, (x - r, y - r, 2.0 * r, 2.0 * r)),
                    "{extra:?}: label {} under {name}'s circle",
                    a.0
                );
            }
        }
        // Six relations between A and B, each drawn on its own course: their middles
        // are apart.
        let edges = drawn_edges(&doc);
        let ab: Vec<_> = edges
            .iter()
            .filter(|e| e.1.contains('A') && e.1.contains('B'))
            .collect();
        assert_eq!(ab.len(), 6, "{extra:?}: {ab:#?}");
        for (i, a) in ab.iter().enumerate() {
            for b in &ab[i + 1..] {
                let (p, q) = (a.2[1], b.2[1]);
                let d = ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt();
                assert!(
                    d >= 6.0,
                    "{extra:?}: {} and {} drawn {d:.1} apart",
                    a.1,
                    b.1
                );
            }
        }
    }
}

use super::support::Rng;

/// `n` states with long and short names, borders, threats and offers, and a bloc
/// (0..k, or `None` for indifferent) per state.
fn generated(seed: u64, n: usize, k: usize) -> (Arc<Scenario>, Blocs) {
    let mut r = Rng(seed);
    let mut src = String::new();
    let names: Vec<String> = (0..n)
        .map(|i| {
            if r.next().is_multiple_of(3) {
                format!("\"Republic of Somewhere {i}\"")
            } else {
                format!("S{i}")
            }
        })
        .collect();
    for nm in &names {
        let _ = writeln!(src, "state {nm} {{ power {} }}", 1 + r.next() % 50);
    }
    let mut seen = std::collections::BTreeSet::new();
    for i in 0..n {
        let j = (r.next() as usize) % n;
        if i != j && seen.insert((i.min(j), i.max(j))) {
            let _ = writeln!(src, "border {} ~ {}", names[i], names[j]);
            let _ = writeln!(src, "threat {} -> {} 0.5", names[j], names[i]);
            let _ = writeln!(src, "offer {} -> {} 10", names[i], names[j]);
        }
    }
    let s = scenario(&src);
    // Blocs as uneven as they come: the first bloc takes a random share, from one state.
    let cut = 1 + (r.next() as usize) % (n - 1);
    let rank: Vec<Option<usize>> = (0..n)
        .map(|i| match k {
            2 if r.next().is_multiple_of(11) => None,
            2 => Some(usize::from(i >= cut)),
            _ if r.next().is_multiple_of(13) => None,
            _ => Some((r.next() as usize) % k),
        })
        .collect();
    let blocs = Blocs {
        rank,
        blocs: (0..k).map(|b| (format!("B{b}"), 1.0)).collect(),
        ..Blocs::none(&s, "generated")
    };
    (s, blocs)
}

/// Checks that every bloc has a side (two blocs) or a sector (more) of its own.
fn assert_blocs_apart(s: &Scenario, blocs: &Blocs, what: &str) {
    let picture = svg::svg(s, blocs);
    let doc = roxmltree::Document::parse(&picture).expect("well-formed");
    let placed = circles(&doc);
    assert_eq!(placed.len(), s.states.len(), "{what}");
    let at = |i: usize| {
        let name = &s.states[i].name;
        placed
            .iter()
            .find(|c| &c.0 == name)
            .map(|c| (c.1, c.2))
            .unwrap_or_else(|| panic!("{what}: no circle for {name}"))
    };
    let members = |b: usize| -> Vec<usize> {
        (0..s.states.len())
            .filter(|&i| blocs.rank[i] == Some(b))
            .collect()
    };
    let present: Vec<usize> = (0..blocs.blocs.len())
        .filter(|&b| !members(b).is_empty())
        .collect();
    if present.len() == 2 {
        // One vertical line separates the two blocs.
        let xs = |b: usize| members(b).into_iter().map(|i| at(i).0).collect::<Vec<_>>();
        let (a, b) = (xs(present[0]), xs(present[1]));
        let (amin, amax) = (
            a.iter().copied().fold(f64::MAX, f64::min),
            a.iter().copied().fold(f64::MIN, f64::max),
        );
        let (bmin, bmax) = (
            b.iter().copied().fold(f64::MAX, f64::min),
            b.iter().copied().fold(f64::MIN, f64::max),
        );
        assert!(
            amax < bmin || bmax < amin,
            "{what}: the blocs share a side: {amin:.0}..{amax:.0} and {bmin:.0}..{bmax:.0}"
        );
    }
    if present.len() >= 2 {
        // Around the picture's centre, each bloc is one run of the circular order.
        let pts: Vec<(f64, f64)> = (0..s.states.len()).map(at).collect();
        let (x0, x1) = pts
            .iter()
            .fold((f64::MAX, f64::MIN), |m, p| (m.0.min(p.0), m.1.max(p.0)));
        let (y0, y1) = pts
            .iter()
            .fold((f64::MAX, f64::MIN), |m, p| (m.0.min(p.1), m.1.max(p.1)));
        let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        let mut order: Vec<usize> = (0..s.states.len()).collect();
        order.sort_by(|&i, &j| {
            let a = |k: usize| (pts[k].0 - cx).atan2(-(pts[k].1 - cy));
            a(i).total_cmp(&a(j))
        });
        let seq: Vec<Option<usize>> = order.iter().map(|&i| blocs.rank[i]).collect();
        for &b in &present {
            // Count the runs of b in the circular sequence (other blocs' states break a
            // run; indifferent ones do not).
            let marks: Vec<bool> = seq
                .iter()
                .filter(|r| r.is_some())
                .map(|&r| r == Some(b))
                .collect();
            let runs = (0..marks.len())
                .filter(|&k| marks[k] && !marks[(k + marks.len() - 1) % marks.len()])
                .count();
            assert!(
                runs <= 1,
                "{what}: bloc {b} is split into {runs} arcs: {seq:?}"
            );
        }
    }
}

#[test]
fn each_bloc_keeps_to_its_own_side_or_sector() {
    for path in examples() {
        let s = scenario(&std::fs::read_to_string(&path).expect("readable"));
        if s.states.is_empty() {
            continue;
        }
        assert_blocs_apart(&s, &blocs_for(&s, None), &path.display().to_string());
    }
    let mut seed = Rng(7);
    for n in (2..=40).step_by(3) {
        for k in [2, 3, 4, 5] {
            let (s, blocs) = generated(seed.next(), n, k);
            assert_blocs_apart(&s, &blocs, &format!("{n} states, {k} blocs"));
        }
    }
    // The most uneven two blocs: one state against the rest.
    for n in [3, 10, 25, 40] {
        let (s, mut blocs) = generated(n as u64, n, 2);
        blocs.rank = (0..n).map(|i| Some(usize::from(i > 0))).collect();
        assert_blocs_apart(&s, &blocs, &format!("1 against {}", n - 1));
        blocs.rank = (0..n).map(|i| Some(usize::from(i + 1 == n))).collect();
        assert_blocs_apart(&s, &blocs, &format!("{} against 1", n - 1));
    }
}

/// Every border is short (near its pair) or drawn faint.
fn assert_borders_near_or_faint(picture: &str, what: &str) {
    let doc = roxmltree::Document::parse(picture).expect("well-formed");
    let width = num(doc.root_element(), "width");
    for (group, title, g, opacity) in drawn_edges(&doc) {
        if group != "borders" {
            continue;
        }
        let len = ((g[2].0 - g[0].0).powi(2) + (g[2].1 - g[0].1).powi(2)).sqrt();
        assert!(
            len <= 0.3 * width || opacity <= 0.4,
            "{what}: {title} is {len:.0} px long (picture {width:.0}) at opacity {opacity}"
        );
    }
}

#[test]
fn borders_do_not_cross_the_picture_at_full_strength() {
    let s = scenario(&forty_states());
    assert_borders_near_or_faint(&svg::svg(&s, &blocs_for(&s, None)), "forty states");
    for path in examples() {
        let s = scenario(&std::fs::read_to_string(&path).expect("readable"));
        let picture = svg::svg(&s, &blocs_for(&s, None));
        assert_borders_near_or_faint(&picture, &path.display().to_string());
    }
    let mut seed = Rng(11);
    for n in [5, 20, 40] {
        let (s, blocs) = generated(seed.next(), n, 2);
        assert_borders_near_or_faint(&svg::svg(&s, &blocs), &format!("{n} states"));
    }
}

#[test]
fn parallel_labels_are_apart_in_every_example_and_in_forty_states() {
    let mut pictures: Vec<(String, String)> = examples()
        .iter()
        .map(|p| {
            let s = scenario(&std::fs::read_to_string(p).expect("readable"));
            (p.display().to_string(), svg::svg(&s, &blocs_for(&s, None)))
        })
        .collect();
    let s = scenario(&forty_states());
    pictures.push(("forty".into(), svg::svg(&s, &blocs_for(&s, None))));
    let mut seed = Rng(3);
    for n in [4, 9, 16, 25, 40] {
        for k in [2, 3] {
            let (s, blocs) = generated(seed.next(), n, k);
            pictures.push((format!("{n} states, {k} blocs"), svg::svg(&s, &blocs)));
        }
    }
    for (what, picture) in pictures {
        let doc = roxmltree::Document::parse(&picture).expect("well-formed");
        // Labels of one pair, whichever way each edge runs.
        let mut by_pair: std::collections::BTreeMap<(String, String), Vec<Box2>> =
            Default::default();
        for g in doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("edge-label"))
        {
            let (a, b) = (
                g.attribute("data-from").unwrap_or_default().to_string(),
                g.attribute("data-to").unwrap_or_default().to_string(),
            );
            let rect = g.children().find(|c| c.has_tag_name("rect")).expect("box");
            let key = if a < b { (a, b) } else { (b, a) };
            by_pair.entry(key).or_default().push((
                num(rect, "x"),
                num(rect, "y"),
                num(rect, "width"),
                num(rect, "height"),
            ));
        }
        let (w, h) = (
            num(doc.root_element(), "width"),
            num(doc.root_element(), "height"),
        );
        for (text, b) in edge_labels(&doc) {
            assert!(
                b.0 >= 0.0 && b.1 >= 0.0 && b.0 + b.2 <= w && b.1 + b.3 <= h,
                "{what}: label {text} leaves the picture: {b:?}"
            );
        }
        let labelled = edge_labels(&doc).len();
        let tagged: usize = by_pair.values().map(Vec::len).sum();
        assert_eq!(
            tagged, labelled,
            "{what}: every edge label is tagged with its pair"
        );
        for (pair, boxes) in by_pair {
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[i + 1..] {
                    assert!(!overlap(*a, *b), "{what}: labels of {pair:?} overlap");
                }
            }
        }
    }
}

#[test]
fn a_file_of_games_draws_their_payoff_matrices() {
    let src = "scenario \"Two games\"\n\
        game \"Prisoners\" {\n  players Row, Col\n  strategies Quiet, Confess\n\
          Quiet, Quiet -> 0.75, 3/4\n  Quiet, Confess -> -2, 1.5\n\
          Confess, Quiet -> 3/2, -2\n  Confess, Confess -> 0, 0\n}\n\
        game \"Three\" {\n  players Ann, Bob, Cat\n  strategies Ann: Up, Down\n\
          strategies Bob: L, R\n  strategies Cat: X, Y\n\
          Up, L, X -> 1, 2, 3\n  Up, L, Y -> 0.25, -2, 0\n  Up, R, X -> 0, 0, 0\n\
          Up, R, Y -> 1, 1, 1\n  Down, L, X -> 2, 1/3, 1\n  Down, L, Y -> 0, 0, 0\n\
          Down, R, X -> 1, 1, 1\n  Down, R, Y -> 5, 5, 5\n}\n";
    let s = scenario(src);
    assert!(s.states.is_empty());
    let picture = svg::svg(&s, &blocs_for(&s, None));
    let doc = roxmltree::Document::parse(&picture).expect("well-formed");
    let all = texts(&doc);
    for word in [
        "Prisoners",
        "Three",
        "Quiet",
        "Confess",
        "Up",
        "Down",
        "L",
        "R",
    ] {
        assert!(all.iter().any(|t| t == word), "no text {word:?}: {all:?}");
    }
    for who in ["Row", "Col", "Ann", "Bob", "Cat"] {
        assert!(
            all.iter().any(|t| t.contains(who)),
            "player {who} not named"
        );
    }
    // Each cell's payoffs, exact, as `ally run` writes them (worked by hand: 0.75 is
    // 3/4, 1.5 is 3/2), under the profile it belongs to.
    let cell = |game: &str, profile: &str| -> Vec<String> {
        let g = doc
            .descendants()
            .find(|n| {
                n.attribute("class") == Some("game") && n.attribute("data-name") == Some(game)
            })
            .unwrap_or_else(|| panic!("no matrix for {game}"));
        g.descendants()
            .filter(|n| {
                n.attribute("class").is_some_and(|c| c.starts_with("cell"))
                    && n.attribute("data-profile") == Some(profile)
            })
            .map(|n| {
                n.descendants()
                    .filter(|t| t.has_tag_name("text"))
                    .map(|t| t.text().unwrap_or_default().to_string())
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .collect()
    };
    let expected = [
        ("Prisoners", "(Quiet, Quiet)", "3/4, 3/4"),
        ("Prisoners", "(Quiet, Confess)", "-2, 3/2"),
        ("Prisoners", "(Confess, Quiet)", "3/2, -2"),
        ("Prisoners", "(Confess, Confess)", "0, 0"),
        ("Three", "(Up, L, X)", "1, 2, 3"),
        ("Three", "(Up, L, Y)", "1/4, -2, 0"),
        ("Three", "(Up, R, X)", "0, 0, 0"),
        ("Three", "(Up, R, Y)", "1, 1, 1"),
        ("Three", "(Down, L, X)", "2, 1/3, 1"),
        ("Three", "(Down, L, Y)", "0, 0, 0"),
        ("Three", "(Down, R, X)", "1, 1, 1"),
        ("Three", "(Down, R, Y)", "5, 5, 5"),
    ];
    for (game, profile, pay) in expected {
        assert_eq!(
            cell(game, profile),
            vec![pay.to_string()],
            "{game} {profile}"
        );
    }
    // Pure equilibria, by hand: in Prisoners, Confess gains 3/4 over Quiet against Quiet
    // (3/2 > 3/4) and 2 against Confess (0 > −2), for both: (Confess, Confess) only. In
    // Three, (Down, R, Y) pays 5 to all and no one can do better alone; every other
    // profile has a player who gains by moving (checked one by one).
    let marked: Vec<String> = doc
        .descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.split(' ').any(|w| w == "equilibrium"))
        })
        .filter_map(|n| n.attribute("data-profile").map(str::to_string))
        .collect();
    assert_eq!(marked, ["(Confess, Confess)", "(Down, R, Y)"]);
    // DOT draws the same matrices as table nodes, equilibria shaded.
    let d = dot::scenario_dot(&s, &blocs_for(&s, None));
    for (_, profile, pay) in expected {
        let shaded = ["(Confess, Confess)", "(Down, R, Y)"].contains(&profile);
        let cell = if shaded {
            format!("<b>{pay}</b></td>")
        } else {
            format!("<td>{pay}</td>")
        };
        assert!(d.contains(&cell), "DOT lacks {profile} {pay}: {d}");
    }
    assert!(d.contains("\"game Prisoners\" [shape=plain"), "{d}");
}

#[test]
fn dot_keeps_parallel_edges_distinct() {
    let s = scenario(&parallel("state C { power 1 }\n"));
    let d = dot::scenario_dot(&s, &blocs_for(&s, None));
    let edges: Vec<&str> = d
        .lines()
        .map(str::trim)
        .filter(|l| l.contains(" -> ") && !l.contains("kind=distance"))
        .collect();
    let ab: Vec<&&str> = edges
        .iter()
        .filter(|l| l.starts_with("\"A\" -> \"B\"") || l.starts_with("\"B\" -> \"A\""))
        .collect();
    assert_eq!(ab.len(), 6, "{d}");
    let attr = |l: &str, key: &str| -> Option<String> {
        let at = l
            .find(&format!("[{key}="))
            .or_else(|| l.find(&format!(" {key}=")))?;
        let rest = &l[at + key.len() + 2..];
        let end = rest.find([',', ']']).unwrap_or(rest.len());
        Some(rest[..end].trim_matches('"').to_string())
    };
    // Each its own edge, named apart, with room to be drawn apart.
    let mut ids: Vec<String> = edges
        .iter()
        .map(|l| attr(l, "id").unwrap_or_else(|| panic!("no id: {l}")))
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), edges.len(), "ids are unique");
    for l in &ab {
        let len: f64 = attr(l, "len")
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no len: {l}"));
        assert!(len > 1.5, "{l}");
    }
    assert!(d.contains("overlap_shrink=false"));
    // Where Graphviz is installed, lay it out: the labels of A–B land apart.
    let Ok(mut child) = Command::new("neato")
        .args(["-Tplain"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
    else {
        eprintln!("neato not installed: the DOT layout itself is not checked");
        return;
    };
    use std::io::Write as _;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(d.as_bytes())
        .expect("written");
    let out = child.wait_with_output().expect("neato runs");
    assert!(out.status.success());
    let plain = String::from_utf8_lossy(&out.stdout);
    // `edge A B n x1 y1 … label lx ly style colour`: labelled A–B edges.
    let mut spots: Vec<(f64, f64)> = Vec::new();
    for line in plain.lines() {
        let w: Vec<&str> = line.split_whitespace().collect();
        if w.first() != Some(&"edge") || !(w[1..3] == ["A", "B"] || w[1..3] == ["B", "A"]) {
            continue;
        }
        let n: usize = w[3].parse().expect("points");
        let rest = &w[4 + 2 * n..];
        if rest.len() == 5 {
            spots.push((rest[1].parse().expect("x"), rest[2].parse().expect("y")));
        }
    }
    assert_eq!(spots.len(), 4, "{plain}");
    for (i, a) in spots.iter().enumerate() {
        for b in &spots[i + 1..] {
            let dist = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
            assert!(dist > 0.15, "labels {dist:.2} in apart: {plain}");
        }
    }
}

/// `--at T` keeps bloc identities along the timeline: Small, declared first, switches
/// from Rival's bloc to Big's (as `timeline?` says); Big and Rival, who did not switch,
/// keep their colours and their sides, and Small is the one whose colour changes.
#[test]
fn at_keeps_the_colours_and_sides_of_the_states_that_stayed() {
    let src = "state Small { power 1 }\nstate Big { power 5 }\nstate Rival { power 4 }\n\
               border Big ~ Small\nmodel balancing 1, aid 1\n\
               at 1915 { offer Big -> Small 500 }\n";
    let dir = std::env::temp_dir().join(format!("ally-graph-stay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("stay.ally");
    std::fs::write(&file, src).expect("written");
    let draw = |args: &[&str]| -> Vec<(String, String, f64)> {
        let out = Command::new(env!("CARGO_BIN_EXE_ally"))
            .arg("graph")
            .args(args)
            .arg(&file)
            .output()
            .expect("ally runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let doc = roxmltree::Document::parse(&text).expect("well-formed");
        let mut v: Vec<(String, String, f64)> = doc
            .descendants()
            .filter(|n| n.has_tag_name("circle") && in_group(*n, &["states"]))
            .map(|c| {
                let title = title_of(c);
                let name = title.split(':').next().unwrap_or_default().to_string();
                (
                    name,
                    c.attribute("fill").unwrap_or_default().to_string(),
                    num(c, "cx"),
                )
            })
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    let before = draw(&[]);
    let after = draw(&["--at", "1915"]);
    let _ = std::fs::remove_dir_all(&dir);
    let get = |v: &[(String, String, f64)], n: &str| {
        v.iter().find(|x| x.0 == n).cloned().expect("state drawn")
    };
    // The independent check: the timeline says Small is the one that switches.
    let result = ally_core::document::run_source("stay.ally", &format!("{src}timeline?\n"), None);
    let text = ally_core::render::text::file(&result, false);
    assert!(
        text.contains("Small switches from the Rival bloc to the Big bloc"),
        "{text}"
    );
    let mid = |v: &[(String, String, f64)]| {
        (v.iter().map(|x| x.2).fold(f64::MAX, f64::min)
            + v.iter().map(|x| x.2).fold(f64::MIN, f64::max))
            / 2.0
    };
    let (m0, m1) = (mid(&before), mid(&after));
    for stayed in ["Big", "Rival"] {
        let (b, a) = (get(&before, stayed), get(&after, stayed));
        assert_eq!(b.1, a.1, "{stayed} keeps its colour");
        assert_eq!(b.2 > m0, a.2 > m1, "{stayed} keeps its side");
    }
    let (b, a) = (get(&before, "Small"), get(&after, "Small"));
    assert_ne!(b.1, a.1, "Small changes colour");
    assert_eq!(a.1, get(&after, "Big").1, "to Big's");
    assert_ne!(b.2 > m0, a.2 > m1, "and side");
}

/// A file of game trees: each tree drawn with its moves, payoffs and information sets,
/// the subgame-perfect path thick — worked by hand for the tied-hands game of
/// `examples/morrow-alliances.ally`: both types of defender defend, so the challenger
/// stays home after either, and the path is chance's two moves and the two `Stay`s.
#[test]
fn a_file_of_trees_draws_each_tree_with_its_equilibrium_path() {
    let src = "game Tied {\n  players Challenger, Defender\n  tree chance {\n\
        Committed 1/4 -> Challenger in \"unsure\" {\n  Attack -> Defender { Defend -> -2, -1; Abandon -> 1, -6 }\n  Stay -> 0, 0\n }\n\
        Uncommitted 3/4 -> Challenger in \"unsure\" {\n  Attack -> Defender { Defend -> -2, -3; Abandon -> 1, -4 }\n  Stay -> 0, 0\n }\n  }\n}\n";
    let s = scenario(src);
    let blocs = blocs_for(&s, None);
    let picture = svg::svg(&s, &blocs);
    let doc = roxmltree::Document::parse(&picture).expect("well-formed");
    let all = texts(&doc);
    for word in [
        "Tied",
        "Challenger",
        "Defender",
        "chance",
        "Committed 1/4",
        "Uncommitted 3/4",
        "Stay",
        "1, -6",
        "-2, -3",
    ] {
        assert!(all.iter().any(|t| t == word), "no text {word:?}: {all:?}");
    }
    let on_path: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("move on-path"))
        .collect();
    assert_eq!(on_path.len(), 4, "chance's two moves and the two Stays");
    let sets = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("information-set"))
        .count();
    assert_eq!(sets, 1, "one arc joins the challenger's two nodes");
    let bold: Vec<String> = doc
        .descendants()
        .filter(|n| {
            n.attribute("class") == Some("leaf") && n.attribute("font-weight") == Some("bold")
        })
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect();
    assert_eq!(bold, ["0, 0", "0, 0"]);
    // DOT: the same tree, its path in colour, the information set dashed.
    let d = dot::scenario_dot(&s, &blocs);
    assert!(d.contains("subgraph \"cluster_tree0\""), "{d}");
    assert_eq!(d.matches("penwidth=3").count(), 4, "{d}");
    assert_eq!(d.matches("style=dashed").count(), 1, "{d}");
    assert_eq!(
        picture,
        svg::svg(&s, &blocs_for(&s, None)),
        "the same bytes again"
    );
}
