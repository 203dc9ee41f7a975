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

use super::edges::{self, EdgeIn};
use super::layout::{self, LABEL_FONT, Layout, MARGIN, Rect};
use crate::model::{Relation, Scenario, fmt_num};
use crate::query::picture::Blocs;

/// Bloc colours (Okabe & Ito's colour-blind-safe palette), by bloc rank.
pub const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999933",
];
/// Fill of an indifferent state (or of every state when no alignment could be computed).
pub const NEUTRAL_FILL: &str = "#EEEEEE";
/// Fill of a state that stays out of every bloc (`blocs N, neutral`), drawn apart with a
/// solid outline.
pub const STAYS_OUT_FILL: &str = "#FFFFFF";
const THREAT: &str = "#B2182B";
const OFFER: &str = "#1A9850";
const ALLIANCE: &str = "#333333";
const BORDER: &str = "#BBBBBB";

impl Blocs {
    /// Whether state `i` is drawn as indifferent (there are blocs, but not for it, and it
    /// is not neutral).
    pub fn indifferent(&self, i: usize) -> bool {
        !self.blocs.is_empty()
            && self.rank.get(i).copied().flatten().is_none()
            && !self.stays_out(i)
    }

    /// Whether state `i` stays out of every bloc (neutrality).
    pub fn stays_out(&self, i: usize) -> bool {
        self.neutral.get(i).copied().unwrap_or(false)
    }

    /// The fill colour of state `i`.
    pub fn colour(&self, i: usize) -> &'static str {
        match self.rank.get(i).copied().flatten() {
            Some(r) => self.rank_colour(r),
            None if self.stays_out(i) => STAYS_OUT_FILL,
            None => NEUTRAL_FILL,
        }
    }

    /// The colour of the bloc of rank `r`: its identity's.
    pub fn rank_colour(&self, r: usize) -> &'static str {
        let id = self.identity.get(r).copied().unwrap_or(r);
        PALETTE[id % PALETTE.len()]
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
    // Neutral states form a group of their own after the blocs, indifferent ones last.
    let last = blocs.blocs.len();
    let groups: Vec<usize> = (0..n)
        .map(|i| match blocs.rank.get(i).copied().flatten() {
            Some(r) => r,
            None if blocs.stays_out(i) => last,
            None => last + 1,
        })
        .collect();
    layout::layout(&labels, &powers, &groups, last)
}

/// Coordinates with one decimal: enough for a picture, and stable bytes.
pub(super) fn f(v: f64) -> String {
    let s = format!("{v:.1}");
    if s == "-0.0" { "0.0".into() } else { s }
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

/// Draws the scenario with the given blocs.
pub fn svg(s: &Scenario, blocs: &Blocs) -> String {
    // Without states there is no ring to draw: a file of games shows their matrices.
    if s.states.is_empty() && !(s.games.is_empty() && s.trees.is_empty()) {
        return super::matrix::games_svg(s, blocs);
    }
    let l = layout_for(s, blocs);
    let legend_rows = legend_items(blocs).len().div_ceil(3).max(1);
    let legend_h = 28.0 + legend_rows as f64 * 22.0;
    let width = l.width.max(560.0);
    let height = l.height + legend_h;
    let title = s.title.clone().unwrap_or_else(|| "Scenario".to_string());
    let name = |i: usize| s.states[i].name.as_str();

    let defs = format!(
        r##"<defs>
<marker id="arrow-threat" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{THREAT}"/></marker>
<marker id="arrow-offer" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{OFFER}"/></marker>
</defs>
"##
    );
    let mut o = head(width, height, &title, &defs);
    let mut sub = blocs.note.clone();
    for (name, power) in &blocs.blocs {
        let _ = write!(sub, " · {name} bloc {}", short(*power));
    }
    let indifferent = (0..s.states.len())
        .filter(|&i| blocs.indifferent(i))
        .count();
    let neutral = (0..s.states.len()).filter(|&i| blocs.stays_out(i)).count();
    if neutral > 0 {
        let _ = write!(sub, " · {neutral} neutral");
    }
    if indifferent > 0 {
        let _ = write!(sub, " · {indifferent} indifferent");
    }
    let _ = writeln!(
        o,
        r##"<text x="{}" y="50" font-size="13" fill="#555555">{}</text>"##,
        f(MARGIN),
        escape(&sub)
    );

    // Edges, lightest first so that threats and offers are drawn on top; their labels
    // after the circles, so that none is hidden.
    let drawn = drawn_edges(s, blocs);
    let avoid: Vec<Rect> = l
        .nodes
        .iter()
        .flat_map(|nd| {
            [
                Rect {
                    x: nd.x - nd.r,
                    y: nd.y - nd.r,
                    w: 2.0 * nd.r,
                    h: 2.0 * nd.r,
                },
                nd.label_box,
            ]
        })
        .collect();
    let inputs: Vec<EdgeIn> = drawn
        .iter()
        .map(|e| EdgeIn {
            a: e.a,
            b: e.b,
            directed: e.kind.directed(),
            label_w: e.label.as_ref().map(|t| layout::text_width(t, 11.0)),
        })
        .collect();
    let curves = edges::route(&l, &inputs, &avoid);
    // A border between states far apart on the ring would cross the whole picture at
    // full strength: it is drawn faint instead.
    let near = (NEAR_SLOTS * l.step).min(NEAR_WIDTH * width);
    for kind in [Kind::Border, Kind::Alliance, Kind::Offer, Kind::Threat] {
        let _ = writeln!(o, r#"<g id="{}">"#, kind.group());
        for (e, cv) in drawn.iter().zip(&curves).filter(|(e, _)| e.kind == kind) {
            let faint = kind == Kind::Border && cv.chord() > near;
            let _ = writeln!(
                o,
                r#"<path class="edge" data-from="{}" data-to="{}" d="M{},{} Q{},{} {},{}" fill="none" {}><title>{}</title></path>"#,
                escape(name(e.a)),
                escape(name(e.b)),
                f(cv.p0.0),
                f(cv.p0.1),
                f(cv.c.0),
                f(cv.c.1),
                f(cv.p2.0),
                f(cv.p2.1),
                e.kind.style(e.width, faint),
                escape(&e.title)
            );
        }
        let _ = writeln!(o, "</g>");
    }

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
            None if blocs.stays_out(i) => "neutral: stays out of every bloc".into(),
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
    let _ = writeln!(o, r#"<g id="edge-labels">"#);
    for (e, cv) in drawn.iter().zip(&curves) {
        if let (Some(text), Some(b)) = (&e.label, cv.label) {
            edge_label(&mut o, e, b, text, name(e.a), name(e.b));
        }
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

/// An edge's label: white box, coloured text, tagged with the edge it belongs to.
fn edge_label(o: &mut String, e: &Drawn, b: Rect, text: &str, from: &str, to: &str) {
    let _ = writeln!(
        o,
        r##"<g class="edge-label" data-kind="{}" data-from="{}" data-to="{}"><rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="#FFFFFF" fill-opacity="0.85"/><text x="{}" y="{}" font-size="11" text-anchor="middle" fill="{}">{}</text></g>"##,
        e.kind.group(),
        escape(from),
        escape(to),
        f(b.x),
        f(b.y),
        f(b.w),
        f(b.h),
        f(b.x + b.w / 2.0),
        f(b.y + b.h / 2.0 + 4.0),
        e.kind.colour(),
        escape(text)
    );
}

/// A drawn border is at full strength when its ends are at most this many slots of the
/// ring apart …
const NEAR_SLOTS: f64 = 2.6;
/// … and at most this fraction of the picture's width.
const NEAR_WIDTH: f64 = 0.3;

/// The kinds of relation a picture draws (distances and propensities are not drawn).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Border,
    Alliance,
    Offer,
    Threat,
}

impl Kind {
    fn directed(self) -> bool {
        matches!(self, Kind::Offer | Kind::Threat)
    }

    /// The id of the `<g>` that holds the edges of this kind.
    fn group(self) -> &'static str {
        match self {
            Kind::Border => "borders",
            Kind::Alliance => "alliances",
            Kind::Offer => "offers",
            Kind::Threat => "threats",
        }
    }

    fn colour(self) -> &'static str {
        match self {
            Kind::Border => BORDER,
            Kind::Alliance => ALLIANCE,
            Kind::Offer => OFFER,
            Kind::Threat => THREAT,
        }
    }

    /// The stroke attributes of an edge of this kind.
    fn style(self, width: f64, faint: bool) -> String {
        let c = self.colour();
        match self {
            Kind::Border if faint => format!(
                r#"stroke="{c}" stroke-width="1" stroke-opacity="0.35" stroke-dasharray="2 3""#
            ),
            Kind::Border => format!(r#"stroke="{c}" stroke-width="1""#),
            Kind::Alliance => format!(r#"stroke="{c}" stroke-width="2.5" stroke-opacity="0.7""#),
            Kind::Offer => format!(
                r#"stroke="{c}" stroke-width="1.8" stroke-dasharray="6 4" marker-end="url(#arrow-offer)""#
            ),
            Kind::Threat => format!(
                r#"stroke="{c}" stroke-width="{}" marker-end="url(#arrow-threat)""#,
                f(width)
            ),
        }
    }
}

/// One relation as the picture draws it.
struct Drawn {
    a: usize,
    b: usize,
    kind: Kind,
    /// The text on the edge (an offer's amount, a threat's intent), if any.
    label: Option<String>,
    /// The tooltip.
    title: String,
    width: f64,
}

/// The opening of a picture: the `<svg>` element, its title, `defs` (whole lines, or
/// empty), a white background and the title written at the top left. The scenario's
/// picture and the games' matrices share it.
pub(super) fn head(width: f64, height: f64, title: &str, defs: &str) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="Helvetica, Arial, sans-serif">"#,
        w = f(width),
        h = f(height)
    );
    let _ = writeln!(o, "<title>{}</title>", escape(title));
    o.push_str(defs);
    let _ = writeln!(
        o,
        r##"<rect x="0" y="0" width="{}" height="{}" fill="#FFFFFF"/>"##,
        f(width),
        f(height)
    );
    let _ = writeln!(
        o,
        r##"<text x="{}" y="30" font-size="20" font-weight="bold" fill="#222222">{}</text>"##,
        f(MARGIN),
        escape(title)
    );
    o
}

/// Every drawn relation, in the order lanes are given within a pair (borders and
/// alliances in the middle, threats inside offers), then declaration order.
fn drawn_edges(s: &Scenario, blocs: &Blocs) -> Vec<Drawn> {
    let name = |i: usize| s.states[i].name.as_str();
    let mut out: Vec<Drawn> = Vec::new();
    for e in s.graph.edge_references() {
        let (a, b) = (s.graph[e.source()], s.graph[e.target()]);
        let d = match e.weight() {
            Relation::Border => Drawn {
                a,
                b,
                kind: Kind::Border,
                label: None,
                title: format!("border {} ~ {}", name(a), name(b)),
                width: 1.0,
            },
            Relation::Alliance(k) => {
                let what = s
                    .alliances
                    .get(*k)
                    .map(|al| match al.between(s, a, b) {
                        Some(t) => format!("alliance {} ({t})", al.name),
                        None => format!("alliance {}", al.name),
                    })
                    .unwrap_or_else(|| "alliance".into());
                Drawn {
                    a,
                    b,
                    kind: Kind::Alliance,
                    label: None,
                    title: format!("{}: {} ~ {}", what.trim(), name(a), name(b)),
                    width: 2.5,
                }
            }
            Relation::Offer(x) => Drawn {
                a,
                b,
                kind: Kind::Offer,
                label: Some(fmt_num(*x)),
                title: format!("offer {} -> {} {}", name(a), name(b), fmt_num(*x)),
                width: 1.8,
            },
            Relation::Threat(intent) => {
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
                Drawn {
                    a,
                    b,
                    kind: Kind::Threat,
                    label: Some(fmt_num(*intent)),
                    title: format!(
                        "threat {} -> {}: intent {}{walt}",
                        name(a),
                        name(b),
                        fmt_num(*intent)
                    ),
                    width: 1.0 + 2.5 * intent,
                }
            }
            Relation::Distance(_) | Relation::Propensity(_) => continue,
        };
        out.push(d);
    }
    let order = |k: Kind| match k {
        Kind::Border => 0,
        Kind::Alliance => 1,
        Kind::Threat => 2,
        Kind::Offer => 3,
    };
    // Stable: within a kind, declaration order.
    out.sort_by_key(|d| order(d.kind));
    out
}

/// What the legend lists: `(kind, colour, text)`.
fn legend_items(blocs: &Blocs) -> Vec<(&'static str, String, String)> {
    let mut items = Vec::new();
    for (r, (name, power)) in blocs.blocs.iter().enumerate() {
        items.push((
            "bloc",
            blocs.rank_colour(r).to_string(),
            format!("{name} bloc (power {})", short(*power)),
        ));
    }
    let stays_out = blocs.neutral.iter().any(|&x| x);
    if stays_out {
        items.push((
            "stays out",
            STAYS_OUT_FILL.into(),
            "neutral state (stays out of every bloc)".into(),
        ));
    }
    let neutral = if blocs.blocs.is_empty() && !stays_out {
        "state (no blocs computed)"
    } else {
        "indifferent state"
    };
    items.push(("neutral", NEUTRAL_FILL.into(), neutral.into()));
    items.push(("threat", THREAT.into(), "threat (intent)".into()));
    items.push(("offer", OFFER.into(), "offer of aid (amount)".into()));
    items.push(("alliance", ALLIANCE.into(), "alliance".into()));
    items.push(("border", BORDER.into(), "border (faint: far apart)".into()));
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
            "stays out" => format!(
                r##"<circle cx="{}" cy="{}" r="7" fill="{colour}" stroke="#333333" stroke-width="2"/>"##,
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
