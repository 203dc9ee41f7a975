//! `ally graph --format dot`: the scenario as a Graphviz digraph, for people who lay out
//! with Graphviz. Written by hand (petgraph's `Dot` cannot style edges by kind): states
//! are nodes filled with their bloc's colour, threats red arrows labelled with their
//! intent, offers green dashed arrows, alliances and borders undirected links. Every
//! edge is its own statement with its own `id`, so that parallel relations (a threat
//! and an offer between one pair, both ways) stay distinct; a pair with several is given
//! a longer `len` so that Graphviz has room to draw them apart with their labels, and
//! `overlap_shrink=false` keeps neato from packing the pair back together.

use std::collections::BTreeMap;
use std::fmt::Write;

use petgraph::visit::EdgeRef;

use super::svg::short;
use crate::model::{Relation, Scenario, fmt_num};
use crate::query::picture::Blocs;

/// A string as a DOT quoted identifier.
pub fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            // Graphviz reads NUL as the end of the file; no control character or
            // non-character belongs in a label.
            c if crate::diagnostics::is_unprintable(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The scenario as DOT, states in declaration order, edges in declaration order.
pub fn scenario_dot(s: &Scenario, blocs: &Blocs) -> String {
    let mut o = String::new();
    let title = s.title.clone().unwrap_or_else(|| "Scenario".into());
    let _ = writeln!(o, "digraph {} {{", quote(&title));
    let _ = writeln!(
        o,
        "  graph [label={}, labelloc=t, layout=neato, overlap=false, overlap_shrink=false, splines=true, sep=\"+8\"];",
        quote(&format!("{title}\n{}", blocs.note))
    );
    let _ = writeln!(
        o,
        "  node [shape=circle, style=filled, fontname=\"Helvetica\", fontsize=11];"
    );
    let max_power = s.states.iter().map(|st| st.power).fold(0.0, f64::max);
    for (i, st) in s.states.iter().enumerate() {
        // Width in inches, area proportional to power.
        let width = if max_power > 0.0 {
            0.3 + 0.9 * (st.power / max_power).sqrt()
        } else {
            0.5
        };
        let bloc = match blocs.rank.get(i).copied().flatten() {
            Some(r) => format!(", bloc={}", quote(&blocs.blocs[r].0)),
            None if blocs.stays_out(i) => ", bloc=\"neutral\"".into(),
            None if blocs.indifferent(i) => {
                ", bloc=\"indifferent\", style=\"filled,dashed\"".into()
            }
            None => String::new(),
        };
        let _ = writeln!(
            o,
            "  {} [label={}, power={}, width={:.2}, fixedsize=true, fillcolor={}{bloc}];",
            quote(&st.name),
            quote(&format!("{}\n{}", st.name, short(st.power))),
            fmt_num(st.power),
            width,
            quote(blocs.colour(i)),
        );
    }
    let name = |i: usize| quote(&s.states[i].name);
    let drawn = |r: &Relation| !matches!(r, Relation::Distance(_));
    let mut parallel: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for e in s.graph.edge_references().filter(|e| drawn(e.weight())) {
        let (a, b) = (s.graph[e.source()], s.graph[e.target()]);
        *parallel.entry((a.min(b), a.max(b))).or_default() += 1;
    }
    for (k, e) in s.graph.edge_references().enumerate() {
        let (a, b) = (s.graph[e.source()], s.graph[e.target()]);
        let m = parallel.get(&(a.min(b), a.max(b))).copied().unwrap_or(0);
        let room = if m > 1 && drawn(e.weight()) {
            format!(", len={:.2}", 1.0 + 0.35 * m as f64)
        } else {
            String::new()
        };
        let attrs = match e.weight() {
            Relation::Threat(x) => format!(
                "kind=threat, label={}, color=\"#B2182B\", fontcolor=\"#B2182B\", penwidth={:.2}",
                quote(&fmt_num(*x)),
                1.0 + 2.5 * x
            ),
            Relation::Offer(x) => format!(
                "kind=offer, label={}, color=\"#1A9850\", fontcolor=\"#1A9850\", style=dashed",
                quote(&fmt_num(*x))
            ),
            Relation::Alliance(k) => format!(
                "kind=alliance, alliance={}{}, dir=none, color=\"#333333\", penwidth=2.5",
                quote(s.alliances.get(*k).map(|a| a.name.as_str()).unwrap_or("")),
                // A typed pact says what it promises on the link.
                s.alliances
                    .get(*k)
                    .and_then(|al| al.between(s, a, b))
                    .map_or(String::new(), |t| format!(
                        ", pact={0}, label={0}",
                        quote(&t)
                    ))
            ),
            Relation::Border => "kind=border, dir=none, color=\"#BBBBBB\"".to_string(),
            Relation::Distance(x) => format!(
                "kind=distance, proximity={}, dir=none, style=invis",
                fmt_num(*x)
            ),
            Relation::Propensity(x) => format!(
                "kind=propensity, label={}, dir=none, style=dotted, color=\"#888888\"",
                quote(&fmt_num(*x))
            ),
        };
        let _ = writeln!(
            o,
            "  {} -> {} [id=\"e{k}\", {attrs}{room}];",
            name(a),
            name(b)
        );
    }
    // A file of games without states: each game's matrix as a table node.
    if s.states.is_empty() {
        for (k, g) in s.games.iter().enumerate() {
            let eq = blocs.equilibria.get(k).map(Vec::as_slice).unwrap_or(&[]);
            let _ = writeln!(
                o,
                "  {} [shape=plain, style=solid, label=<{}>];",
                quote(&format!("game {}", g.name)),
                super::matrix::html_table(g, eq)
            );
        }
        for (k, t) in s.trees.iter().enumerate() {
            let on = blocs
                .tree_paths
                .get(k)
                .map_or(&[][..], |(on, _)| on.as_slice());
            super::tree_svg::dot(&mut o, t, on, k);
        }
    }
    let _ = writeln!(o, "}}");
    o
}
