//! `ally graph` of a game tree: nodes placed by a tidy layered layout (leaves left to
//! right in the order written, each inner node above the middle of its children),
//! moves labelled on their edges (chance's with its probability), leaves with their
//! payoffs, the nodes of one information set joined by a dashed line, and the path of
//! the first subgame-perfect equilibrium (found by `query::picture`, before rendering)
//! drawn thick. DOT gets the same tree as Graphviz nodes and edges.

use std::fmt::Write;

use super::layout::{MARGIN, text_width};
use super::svg::{escape, f};
use crate::games::fraction;
use crate::games::tree::{NodeData, Tree};

const LEVEL: f64 = 78.0;
const FONT: f64 = 12.0;
const PATH: &str = "#C0392B";
const EDGE: &str = "#888888";
const SET: &str = "#2E6DB4";

/// Where each node is drawn (its centre) and the panel's width.
fn place(t: &Tree) -> (Vec<(f64, f64)>, f64) {
    let n = t.nodes.len();
    let mut pos = vec![(0.0, 0.0); n];
    let mut depth = vec![0usize; n];
    for x in 0..n {
        if let Some((p, _)) = t.nodes[x].parent {
            depth[x] = depth[p] + 1;
        }
    }
    let mut next_x = MARGIN;
    // Leaves in preorder get consecutive slots as wide as their payoffs; parents come
    // before children in preorder, so a reverse pass centres each parent.
    for (x, p) in pos.iter_mut().enumerate() {
        if matches!(t.nodes[x].kind, NodeData::Leaf { .. }) {
            let w = text_width(&leaf_label(t, x), FONT).max(28.0) + 18.0;
            p.0 = next_x + w / 2.0;
            next_x += w;
        }
    }
    for x in (0..n).rev() {
        let kids = t.children(x);
        if let (Some(a), Some(b)) = (kids.first(), kids.last()) {
            pos[x].0 = (pos[*a].0 + pos[*b].0) / 2.0;
        }
        pos[x].1 = depth[x] as f64 * LEVEL;
    }
    (pos, next_x + MARGIN)
}

fn leaf_label(t: &Tree, x: usize) -> String {
    match &t.nodes[x].kind {
        NodeData::Leaf { payoffs, outcomes } => payoffs
            .iter()
            .zip(outcomes)
            .map(|(p, o)| o.clone().unwrap_or_else(|| fraction(p)))
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    }
}

fn node_label(t: &Tree, x: usize) -> String {
    match &t.nodes[x].kind {
        NodeData::Decision { set, .. } => t.players[t.sets[*set].player].clone(),
        NodeData::Chance { .. } => "chance".to_string(),
        NodeData::Leaf { .. } => leaf_label(t, x),
    }
}

fn edge_label(t: &Tree, x: usize, k: usize) -> String {
    match &t.nodes[x].kind {
        NodeData::Chance { probabilities, .. } => {
            format!("{} {}", t.move_name(x, k), fraction(&probabilities[k]))
        }
        _ => t.move_name(x, k).to_string(),
    }
}

/// Draws one tree from `top`; `on_path[x]` marks the nodes the equilibrium reaches.
/// Returns the height and width used.
pub fn tree(o: &mut String, t: &Tree, on_path: &[bool], note: &str, top: f64) -> (f64, f64) {
    let (pos, width) = place(t);
    let y0 = top + 70.0;
    let at = |x: usize| (pos[x].0, pos[x].1 + y0);
    let _ = writeln!(o, r#"<g class="tree" data-name="{}">"#, escape(&t.name));
    let _ = writeln!(
        o,
        r##"<text x="{}" y="{}" font-size="15" font-weight="bold" fill="#222222">{}</text>"##,
        f(MARGIN),
        f(top + 16.0),
        escape(&t.name)
    );
    let _ = writeln!(
        o,
        r##"<text x="{}" y="{}" font-size="12" fill="#555555">payoffs of {} · {}</text>"##,
        f(MARGIN),
        f(top + 34.0),
        escape(&t.players.join(", ")),
        escape(note)
    );
    let reached = |x: usize| on_path.get(x).copied().unwrap_or(false);
    // Edges first, so that nodes sit on top of them.
    for x in 0..t.nodes.len() {
        for (k, &c) in t.children(x).iter().enumerate() {
            let ((x1, y1), (x2, y2)) = (at(x), at(c));
            let on = reached(x) && reached(c);
            let (stroke, width) = if on { (PATH, 3.5) } else { (EDGE, 1.2) };
            let _ = writeln!(
                o,
                r#"<line class="{}" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{stroke}" stroke-width="{width}"/>"#,
                if on { "move on-path" } else { "move" },
                f(x1),
                f(y1),
                f(x2),
                f(y2 - 12.0)
            );
            let label = edge_label(t, x, k);
            let (lx, ly) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
            let anchor = if x2 < x1 - 1.0 {
                "end"
            } else if x2 > x1 + 1.0 {
                "start"
            } else {
                "middle"
            };
            let dx = match anchor {
                "end" => -5.0,
                "start" => 5.0,
                _ => 0.0,
            };
            let _ = writeln!(
                o,
                r##"<text x="{}" y="{}" font-size="{FONT}" text-anchor="{anchor}" fill="{}">{}</text>"##,
                f(lx + dx),
                f(ly),
                if on { PATH } else { "#333333" },
                escape(&label)
            );
        }
    }
    // Information sets: a dashed arc above each pair of consecutive nodes, higher the
    // farther apart they are, so that it passes over the nodes between them.
    for h in t.sets.iter().filter(|h| h.nodes.len() > 1) {
        for w in h.nodes.windows(2) {
            let ((x1, y1), (x2, y2)) = (at(w[0]), at(w[1]));
            let lift = 16.0 + 0.12 * (x2 - x1).abs();
            let _ = writeln!(
                o,
                r#"<path class="information-set" d="M {} {} Q {} {} {} {}" fill="none" stroke="{SET}" stroke-width="1.5" stroke-dasharray="6 4"/>"#,
                f(x1),
                f(y1 - 11.0),
                f((x1 + x2) / 2.0),
                f(y1.min(y2) - 11.0 - lift),
                f(x2),
                f(y2 - 11.0)
            );
        }
    }
    let mut bottom: f64 = y0;
    for x in 0..t.nodes.len() {
        let (cx, cy) = at(x);
        bottom = bottom.max(cy);
        let label = node_label(t, x);
        match &t.nodes[x].kind {
            NodeData::Leaf { .. } => {
                let _ = writeln!(
                    o,
                    r##"<text class="leaf" x="{}" y="{}" font-size="{FONT}" text-anchor="middle" fill="{}"{}>{}</text>"##,
                    f(cx),
                    f(cy + 2.0),
                    if reached(x) { PATH } else { "#222222" },
                    if reached(x) {
                        r#" font-weight="bold""#
                    } else {
                        ""
                    },
                    escape(&label)
                );
            }
            _ => {
                let w = text_width(&label, FONT) + 14.0;
                let _ = writeln!(
                    o,
                    r##"<rect class="node" x="{}" y="{}" width="{}" height="22" rx="11" fill="#FFFFFF" stroke="{}" stroke-width="1.5"/><text x="{}" y="{}" font-size="{FONT}" text-anchor="middle" fill="#222222">{}</text>"##,
                    f(cx - w / 2.0),
                    f(cy - 11.0),
                    f(w),
                    if reached(x) { PATH } else { "#555555" },
                    f(cx),
                    f(cy + 4.0),
                    escape(&label)
                );
            }
        }
    }
    let _ = writeln!(o, "</g>");
    (bottom - top + 40.0, width)
}

/// The tree as Graphviz nodes and edges inside the scenario's digraph; node ids are
/// prefixed with the tree's index `k` so that several trees do not collide.
pub fn dot(o: &mut String, t: &Tree, on_path: &[bool], k: usize) {
    let id = |x: usize| format!("\"t{k}n{x}\"");
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let reached = |x: usize| on_path.get(x).copied().unwrap_or(false);
    let _ = writeln!(o, "  subgraph \"cluster_tree{k}\" {{");
    let _ = writeln!(o, "    label={};", quote(&t.name));
    for x in 0..t.nodes.len() {
        let shape = if matches!(t.nodes[x].kind, NodeData::Leaf { .. }) {
            "plaintext"
        } else {
            "ellipse"
        };
        let _ = writeln!(
            o,
            "    {} [shape={shape}, label={}{}];",
            id(x),
            quote(&node_label(t, x)),
            if reached(x) {
                ", color=\"#C0392B\", fontcolor=\"#C0392B\""
            } else {
                ""
            }
        );
    }
    for x in 0..t.nodes.len() {
        for (m, &c) in t.children(x).iter().enumerate() {
            let on = reached(x) && reached(c);
            let _ = writeln!(
                o,
                "    {} -> {} [label={}{}];",
                id(x),
                id(c),
                quote(&edge_label(t, x, m)),
                if on {
                    ", color=\"#C0392B\", penwidth=3"
                } else {
                    ""
                }
            );
        }
    }
    for h in t.sets.iter().filter(|h| h.nodes.len() > 1) {
        for w in h.nodes.windows(2) {
            let _ = writeln!(
                o,
                "    {} -> {} [dir=none, style=dashed, color=\"#2E6DB4\", constraint=false];",
                id(w[0]),
                id(w[1])
            );
        }
    }
    let _ = writeln!(o, "  }}");
}
