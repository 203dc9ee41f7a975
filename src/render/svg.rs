//! `ally graph`: an SVG picture of a scenario, drawn by `ally` itself.
//!
//! States are circles whose area grows with power, filled with the colour of their
//! predicted bloc (indifferent states: light grey with a grey dashed outline); declared
//! threats are red arrows labelled with their intent, offers green dashed arrows
//! labelled with the amount, alliances solid dark links, borders thin grey lines. A
//! title, the model and the blocs' powers are at the top, a legend at the bottom. The
//! geometry is in [`super::layout`]; the output is a pure function of the scenario and
//! its solution, so the same input gives the same bytes.

use std::fmt::Write;

use petgraph::visit::EdgeRef;

use super::layout::{self, LABEL_FONT, Layout, MARGIN};
use crate::model::{Relation, Scenario, fmt_num};
use crate::query::picture::Blocs;

/// Bloc colours (Okabe & Ito's colour-blind-safe palette), by bloc rank.
pub const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999933",
];
/// Fill of an indifferent state (or of every state when no alignment could be computed).
pub const NEUTRAL_FILL: &str = "#EEEEEE";
const THREAT: &str = "#B2182B";
const OFFER: &str = "#1A9850";
const ALLIANCE: &str = "#333333";
const BORDER: &str = "#BBBBBB";

impl Blocs {
    /// Whether state `i` is drawn as indifferent (there are blocs, but not for it).
    pub fn indifferent(&self, i: usize) -> bool {
        !self.blocs.is_empty() && self.rank.get(i).copied().flatten().is_none()
    }

    /// The fill colour of state `i`.
    pub fn colour(&self, i: usize) -> &'static str {
        match self.rank.get(i).copied().flatten() {
            Some(r) => PALETTE[r % PALETTE.len()],
            None => NEUTRAL_FILL,
        }
    }
}

/// A state's label: its name and power (three significant digits).
pub fn label(s: &Scenario, i: usize) -> String {
    let st = &s.states[i];
    format!("{} ({})", st.name, short(st.power))
}

/// A number with three significant digits, without trailing zeros.
pub fn short(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return fmt_num(v);
    }
    let mag = v.abs().log10().floor() as i32;
    let decimals = (2 - mag).clamp(0, 12) as usize;
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// The layout the picture uses: exposed so tests measure exactly the drawn boxes.
pub fn layout_for(s: &Scenario, blocs: &Blocs) -> Layout {
    let n = s.states.len();
    let labels: Vec<String> = (0..n).map(|i| label(s, i)).collect();
    let powers: Vec<f64> = s.states.iter().map(|st| st.power).collect();
    let last = blocs.blocs.len();
    let groups: Vec<usize> = (0..n)
        .map(|i| blocs.rank.get(i).copied().flatten().unwrap_or(last))
        .collect();
    layout::layout(&labels, &powers, &groups)
}

/// XML-escapes text for element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0, nor U+FFFE and U+FFFF;
            // the other non-characters and the C1 controls are allowed but shown as
            // nothing, so all of them go.
            '\t' | '\n' => out.push(c),
            c if crate::diagnostics::is_unprintable(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Coordinates with one decimal: enough for a picture, and stable bytes.
fn f(v: f64) -> String {
    let s = format!("{v:.1}");
    if s == "-0.0" { "0.0".into() } else { s }
}

/// The segment between two circles, from edge to edge, moved sideways by `shift`
/// (to the right of the direction of travel) so that A→B and B→A do not coincide.
fn segment(l: &Layout, a: usize, b: usize, shift: f64, gap_end: f64) -> (f64, f64, f64, f64) {
    let (p, q) = (&l.nodes[a], &l.nodes[b]);
    let (dx, dy) = (q.x - p.x, q.y - p.y);
    let len = (dx * dx + dy * dy).sqrt().max(1e-9);
    let (ux, uy) = (dx / len, dy / len);
    let (nx, ny) = (-uy * shift, ux * shift);
    (
        p.x + ux * p.r + nx,
        p.y + uy * p.r + ny,
        q.x - ux * (q.r + gap_end) + nx,
        q.y - uy * (q.r + gap_end) + ny,
    )
}

/// Draws the scenario with the given blocs.
pub fn svg(s: &Scenario, blocs: &Blocs) -> String {
    let l = layout_for(s, blocs);
    let legend_rows = legend_items(blocs).len().div_ceil(3).max(1);
    let legend_h = 28.0 + legend_rows as f64 * 22.0;
    let width = l.width.max(560.0);
    let height = l.height + legend_h;
    let title = s.title.clone().unwrap_or_else(|| "Scenario".to_string());
    let name = |i: usize| s.states[i].name.as_str();

    let mut o = String::new();
    let _ = writeln!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="Helvetica, Arial, sans-serif">"#,
        w = f(width),
        h = f(height)
    );
    let _ = writeln!(o, "<title>{}</title>", escape(&title));
    let _ = writeln!(
        o,
        r##"<defs>
<marker id="arrow-threat" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{THREAT}"/></marker>
<marker id="arrow-offer" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{OFFER}"/></marker>
</defs>"##
    );
    let _ = writeln!(
        o,
        r##"<rect x="0" y="0" width="{}" height="{}" fill="#FFFFFF"/>"##,
        f(width),
        f(height)
    );

    // Title and subtitle.
    let _ = writeln!(
        o,
        r##"<text x="{}" y="30" font-size="20" font-weight="bold" fill="#222222">{}</text>"##,
        f(MARGIN),
        escape(&title)
    );
    let mut sub = blocs.note.clone();
    for (name, power) in &blocs.blocs {
        let _ = write!(sub, " · {name} bloc {}", short(*power));
    }
    let indifferent = (0..s.states.len())
        .filter(|&i| blocs.indifferent(i))
        .count();
    if indifferent > 0 {
        let _ = write!(sub, " · {indifferent} indifferent");
    }
    let _ = writeln!(
        o,
        r##"<text x="{}" y="50" font-size="13" fill="#555555">{}</text>"##,
        f(MARGIN),
        escape(&sub)
    );

    // Edges, lightest first so that threats and offers are drawn on top.
    let edges: Vec<(usize, usize, &Relation)> = s
        .graph
        .edge_references()
        .map(|e| (s.graph[e.source()], s.graph[e.target()], e.weight()))
        .collect();
    let _ = writeln!(o, r#"<g id="borders">"#);
    for &(a, b, r) in &edges {
        if matches!(r, Relation::Border) {
            let (x1, y1, x2, y2) = segment(&l, a, b, 0.0, 0.0);
            let _ = writeln!(
                o,
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{BORDER}" stroke-width="1"><title>border {} ~ {}</title></line>"#,
                f(x1),
                f(y1),
                f(x2),
                f(y2),
                escape(name(a)),
                escape(name(b))
            );
        }
    }
    let _ = writeln!(o, "</g>");
    let _ = writeln!(o, r#"<g id="alliances">"#);
    for &(a, b, r) in &edges {
        if let Relation::Alliance(k) = r {
            let (x1, y1, x2, y2) = segment(&l, a, b, 0.0, 0.0);
            // Bowed towards the ring's centre in proportion to its length, so that
            // the links of one alliance along a column fan out like an arc diagram.
            let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
            let (tx, ty) = (l.cx - mx, l.cy - my);
            let tl = (tx * tx + ty * ty).sqrt().max(1e-9);
            let len = ((x2 - x1).powi(2) + (y2 - y1).powi(2)).sqrt();
            let bow = (0.3 * len).min(tl);
            let (qx, qy) = (mx + tx / tl * bow, my + ty / tl * bow);
            let what = s
                .alliances
                .get(*k)
                .map(|al| match al.between(s, a, b) {
                    Some(t) => format!("alliance {} ({t})", al.name),
                    None => format!("alliance {}", al.name),
                })
                .unwrap_or_else(|| "alliance".into());
            let _ = writeln!(
                o,
                r#"<path d="M{},{} Q{},{} {},{}" fill="none" stroke="{ALLIANCE}" stroke-width="2.5" stroke-opacity="0.7"><title>{}: {} ~ {}</title></path>"#,
                f(x1),
                f(y1),
                f(qx),
                f(qy),
                f(x2),
                f(y2),
                escape(what.trim()),
                escape(name(a)),
                escape(name(b))
            );
        }
    }
    let _ = writeln!(o, "</g>");
    let _ = writeln!(o, r#"<g id="offers">"#);
    for &(a, b, r) in &edges {
        if let Relation::Offer(x) = r {
            let (x1, y1, x2, y2) = segment(&l, a, b, 3.0, 2.0);
            let _ = writeln!(
                o,
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{OFFER}" stroke-width="1.8" stroke-dasharray="6 4" marker-end="url(#arrow-offer)"><title>offer {} -&gt; {} {}</title></line>"#,
                f(x1),
                f(y1),
                f(x2),
                f(y2),
                escape(name(a)),
                escape(name(b)),
                fmt_num(*x)
            );
            edge_label(
                &mut o,
                (x1 + x2) / 2.0,
                (y1 + y2) / 2.0,
                &fmt_num(*x),
                OFFER,
            );
        }
    }
    let _ = writeln!(o, "</g>");
    let _ = writeln!(o, r#"<g id="threats">"#);
    for &(a, b, r) in &edges {
        if let Relation::Threat(intent) = r {
            let (x1, y1, x2, y2) = segment(&l, a, b, 3.0, 2.0);
            let width = 1.0 + 2.5 * intent;
            let walt = match blocs.threats.iter().find(|t| t.from == a && t.to == b) {
                Some(t) => format!(
                    ", Walt threat {} = power {} × proximity {} × offense {} × intent {}",
                    short(t.threat),
                    short(t.power),
                    short(t.proximity),
                    short(t.offense),
                    fmt_num(*intent)
                ),
                None => String::new(),
            };
            let _ = writeln!(
                o,
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{THREAT}" stroke-width="{}" marker-end="url(#arrow-threat)"><title>threat {} -&gt; {}: intent {}{walt}</title></line>"#,
                f(x1),
                f(y1),
                f(x2),
                f(y2),
                f(width),
                escape(name(a)),
                escape(name(b)),
                fmt_num(*intent),
            );
            // The label sits two thirds of the way, nearer the target, so that the
            // labels of A→B and B→A do not cover each other.
            edge_label(
                &mut o,
                x1 + (x2 - x1) * 0.62,
                y1 + (y2 - y1) * 0.62,
                &fmt_num(*intent),
                THREAT,
            );
        }
    }
    let _ = writeln!(o, "</g>");

    // States, then their labels.
    let _ = writeln!(o, r#"<g id="states">"#);
    for (i, nd) in l.nodes.iter().enumerate() {
        let st = &s.states[i];
        let (stroke, dash) = if blocs.indifferent(i) {
            ("#777777", r#" stroke-dasharray="4 3""#)
        } else {
            ("#333333", "")
        };
        let bloc = match blocs.rank[i] {
            Some(r) => format!("{} bloc", blocs.blocs[r].0),
            None if blocs.indifferent(i) => "indifferent".into(),
            None => "no bloc".into(),
        };
        let _ = writeln!(
            o,
            r#"<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="{stroke}" stroke-width="1.5"{dash}><title>{}: power {}, {}</title></circle>"#,
            f(nd.x),
            f(nd.y),
            f(nd.r),
            blocs.colour(i),
            escape(&st.name),
            fmt_num(st.power),
            escape(&bloc)
        );
    }
    let _ = writeln!(o, "</g>");
    let _ = writeln!(o, r#"<g id="labels" font-size="{}">"#, f(LABEL_FONT));
    for nd in &l.nodes {
        let (x, y) = nd.text_anchor();
        let _ = writeln!(
            o,
            r##"<text x="{}" y="{}" text-anchor="{}" fill="#222222">{}</text>"##,
            f(x),
            f(y),
            if nd.right { "start" } else { "end" },
            escape(&nd.label)
        );
    }
    let _ = writeln!(o, "</g>");

    legend(&mut o, blocs, l.height, width);
    let _ = writeln!(o, "</svg>");
    o
}

fn edge_label(o: &mut String, x: f64, y: f64, text: &str, colour: &str) {
    let w = layout::text_width(text, 11.0);
    let _ = writeln!(
        o,
        r##"<rect x="{}" y="{}" width="{}" height="14" rx="3" fill="#FFFFFF" fill-opacity="0.85"/><text x="{}" y="{}" font-size="11" text-anchor="middle" fill="{colour}">{}</text>"##,
        f(x - w / 2.0),
        f(y - 7.0),
        f(w),
        f(x),
        f(y + 4.0),
        escape(text)
    );
}

/// What the legend lists: `(kind, colour, text)`.
fn legend_items(blocs: &Blocs) -> Vec<(&'static str, String, String)> {
    let mut items = Vec::new();
    for (r, (name, power)) in blocs.blocs.iter().enumerate() {
        items.push((
            "bloc",
            PALETTE[r % PALETTE.len()].to_string(),
            format!("{name} bloc (power {})", short(*power)),
        ));
    }
    let neutral = if blocs.blocs.is_empty() {
        "state (no blocs computed)"
    } else {
        "indifferent state"
    };
    items.push(("neutral", NEUTRAL_FILL.into(), neutral.into()));
    items.push(("threat", THREAT.into(), "threat (intent)".into()));
    items.push(("offer", OFFER.into(), "offer of aid (amount)".into()));
    items.push(("alliance", ALLIANCE.into(), "alliance".into()));
    items.push(("border", BORDER.into(), "border".into()));
    items.push(("size", "#FFFFFF".into(), "circle area ∝ power".into()));
    items
}

fn legend(o: &mut String, blocs: &Blocs, top: f64, width: f64) {
    let items = legend_items(blocs);
    let col_w = ((width - 2.0 * MARGIN) / 3.0).max(150.0);
    let _ = writeln!(o, r#"<g id="legend" font-size="12">"#);
    let _ = writeln!(
        o,
        r##"<text x="{}" y="{}" font-size="12" font-weight="bold" fill="#222222">Legend</text>"##,
        f(MARGIN),
        f(top + 12.0)
    );
    for (k, (kind, colour, text)) in items.iter().enumerate() {
        let x = MARGIN + (k % 3) as f64 * col_w;
        let y = top + 34.0 + (k / 3) as f64 * 22.0;
        let mark = match *kind {
            "bloc" => format!(
                r##"<circle cx="{}" cy="{}" r="7" fill="{colour}" stroke="#333333" stroke-width="1.5"/>"##,
                f(x + 10.0),
                f(y - 4.0)
            ),
            "neutral" => format!(
                r##"<circle cx="{}" cy="{}" r="7" fill="{colour}" stroke="#777777" stroke-width="1.5" stroke-dasharray="4 3"/>"##,
                f(x + 10.0),
                f(y - 4.0)
            ),
            "threat" => format!(
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{colour}" stroke-width="2" marker-end="url(#arrow-threat)"/>"#,
                f(x),
                f(y - 4.0),
                f(x + 20.0),
                f(y - 4.0)
            ),
            "offer" => format!(
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{colour}" stroke-width="1.8" stroke-dasharray="6 4" marker-end="url(#arrow-offer)"/>"#,
                f(x),
                f(y - 4.0),
                f(x + 20.0),
                f(y - 4.0)
            ),
            "alliance" => format!(
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{colour}" stroke-width="2.5"/>"#,
                f(x),
                f(y - 4.0),
                f(x + 20.0),
                f(y - 4.0)
            ),
            "border" => format!(
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{colour}" stroke-width="1"/>"#,
                f(x),
                f(y - 4.0),
                f(x + 20.0),
                f(y - 4.0)
            ),
            _ => format!(
                r##"<circle cx="{}" cy="{}" r="3" fill="#FFFFFF" stroke="#333333"/><circle cx="{}" cy="{}" r="7" fill="#FFFFFF" stroke="#333333"/>"##,
                f(x + 3.0),
                f(y - 4.0),
                f(x + 16.0),
                f(y - 4.0)
            ),
        };
        let _ = writeln!(
            o,
            r##"{mark}<text x="{}" y="{}" fill="#222222">{}</text>"##,
            f(x + 28.0),
            f(y),
            escape(text)
        );
    }
    let _ = writeln!(o, "</g>");
}
