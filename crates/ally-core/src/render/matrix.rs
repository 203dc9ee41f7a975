//! `ally graph` of a file with games but no states: each game's payoff matrix, the
//! first player's strategies as rows, the second's as columns (one table per profile
//! of the other players when there are more than two), each cell the payoffs in the
//! order of the `players` line, written exactly as the text answers write them
//! (`3/4`, `-2`), with the outcome names beneath when the game names them. Pure
//! equilibria (found by `query::picture`, before rendering) are highlighted.

use std::fmt::Write;

use super::layout::{MARGIN, text_width};
use super::svg::{escape, f};
use crate::games::{Game, fraction};
use crate::model::Scenario;
use crate::query::picture::Blocs;

const CELL_FONT: f64 = 13.0;
const OUTCOME_FONT: f64 = 10.0;
const EQUILIBRIUM_FILL: &str = "#FFE9A8";
const EQUILIBRIUM_STROKE: &str = "#B07800";
const GRID: &str = "#999999";

/// The text of a cell: the payoffs, and the outcome names when there are any.
fn cell(g: &Game, profile: &[usize]) -> (String, Option<String>) {
    let k = g.index(profile);
    let pay: Vec<String> = g.payoffs[k].iter().map(fraction).collect();
    let outcomes = &g.outcomes[k];
    let named = outcomes.iter().any(Option::is_some);
    let out = named.then(|| {
        outcomes
            .iter()
            .zip(&pay)
            .map(|(o, p)| o.clone().unwrap_or_else(|| p.clone()))
            .collect::<Vec<_>>()
            .join(", ")
    });
    (pay.join(", "), out)
}

/// The profiles of the players after the first two: one table each.
pub(super) fn others(g: &Game) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new()];
    for p in 2..g.n_players() {
        out = out
            .into_iter()
            .flat_map(|prefix| {
                (0..g.strategies[p].len()).map(move |s| {
                    let mut v = prefix.clone();
                    v.push(s);
                    v
                })
            })
            .collect();
    }
    out
}

/// Draws one game from `top`; returns its height and width.
fn game(o: &mut String, g: &Game, eq: &[Vec<usize>], top: f64) -> (f64, f64) {
    let rows = g.strategies.first().map_or(0, Vec::len);
    let cols = g.strategies.get(1).map_or(0, Vec::len);
    let named = g.outcomes.iter().flatten().any(Option::is_some);
    let row_h: f64 = if named { 36.0 } else { 24.0 };
    let corner = format!("{} \\ {}", g.players[0], g.players[1]);
    let head_w = g.strategies[0]
        .iter()
        .map(|s| text_width(s, CELL_FONT))
        .fold(text_width(&corner, CELL_FONT), f64::max)
        + 16.0;
    let tables = others(g);
    let col_w: Vec<f64> = (0..cols)
        .map(|c| {
            let mut w = text_width(&g.strategies[1][c], CELL_FONT);
            for rest in &tables {
                for r in 0..rows {
                    let mut p = vec![r, c];
                    p.extend(rest);
                    let (pay, out) = cell(g, &p);
                    w = w.max(text_width(&pay, CELL_FONT));
                    if let Some(out) = out {
                        w = w.max(text_width(&out, OUTCOME_FONT));
                    }
                }
            }
            w + 16.0
        })
        .collect();
    let width = head_w + col_w.iter().sum::<f64>();
    let _ = writeln!(o, r#"<g class="game" data-name="{}">"#, escape(&g.name));
    let _ = writeln!(
        o,
        r##"<text x="{}" y="{}" font-size="15" font-weight="bold" fill="#222222">{}</text>"##,
        f(MARGIN),
        f(top + 16.0),
        escape(&g.name)
    );
    let what = if g.ordinal() {
        "ranks of the outcomes (0 the worst)"
    } else {
        "payoffs"
    };
    let _ = writeln!(
        o,
        r##"<text x="{}" y="{}" font-size="12" fill="#555555">{} of {}, rows {}, columns {}</text>"##,
        f(MARGIN),
        f(top + 34.0),
        what,
        escape(&g.players.join(", ")),
        escape(&g.players[0]),
        escape(&g.players[1])
    );
    let mut y = top + 46.0;
    for rest in &tables {
        if !rest.is_empty() {
            let given = given(g, rest);
            let _ = writeln!(
                o,
                r##"<text x="{}" y="{}" font-size="12" font-style="italic" fill="#333333">{}</text>"##,
                f(MARGIN),
                f(y + 12.0),
                escape(&given)
            );
            y += 18.0;
        }
        let _ = writeln!(o, r#"<g class="matrix">"#);
        // Header row: the corner, then the second player's strategies.
        header(o, MARGIN, y, head_w, row_h.min(24.0), &corner, true);
        let mut x = MARGIN + head_w;
        for (c, w) in col_w.iter().enumerate() {
            header(o, x, y, *w, row_h.min(24.0), &g.strategies[1][c], false);
            x += w;
        }
        y += row_h.min(24.0);
        for r in 0..rows {
            header(o, MARGIN, y, head_w, row_h, &g.strategies[0][r], false);
            let mut x = MARGIN + head_w;
            for (c, w) in col_w.iter().enumerate() {
                let mut p = vec![r, c];
                p.extend(rest);
                let is_eq = eq.contains(&p);
                let (pay, out) = cell(g, &p);
                let (fill, stroke, sw) = if is_eq {
                    (EQUILIBRIUM_FILL, EQUILIBRIUM_STROKE, 2.0)
                } else {
                    ("#FFFFFF", GRID, 1.0)
                };
                let _ = writeln!(
                    o,
                    r#"<g class="cell{}" data-profile="{}"><rect x="{}" y="{}" width="{}" height="{}" fill="{fill}" stroke="{stroke}" stroke-width="{}"/>"#,
                    if is_eq { " equilibrium" } else { "" },
                    escape(&g.profile_text(&p)),
                    f(x),
                    f(y),
                    f(*w),
                    f(row_h),
                    f(sw)
                );
                let cx = x + w / 2.0;
                let _ = writeln!(
                    o,
                    r##"<text class="payoffs" x="{}" y="{}" font-size="{}" text-anchor="middle"{} fill="#222222">{}</text>"##,
                    f(cx),
                    f(y + 16.5),
                    f(CELL_FONT),
                    if is_eq { r#" font-weight="bold""# } else { "" },
                    escape(&pay)
                );
                if let Some(out) = out {
                    let _ = writeln!(
                        o,
                        r##"<text class="outcomes" x="{}" y="{}" font-size="{}" text-anchor="middle" fill="#666666">{}</text>"##,
                        f(cx),
                        f(y + 30.0),
                        f(OUTCOME_FONT),
                        escape(&out)
                    );
                }
                let _ = writeln!(o, "</g>");
                x += w;
            }
            y += row_h;
        }
        let _ = writeln!(o, "</g>");
        y += 12.0;
    }
    let _ = writeln!(o, "</g>");
    (y - top + 10.0, width + 2.0 * MARGIN)
}

/// A header cell: a grey box with a strategy's name (or, in the corner, the players').
fn header(o: &mut String, x: f64, y: f64, w: f64, h: f64, text: &str, corner: bool) {
    let _ = writeln!(
        o,
        r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#F2F2F2" stroke="{GRID}" stroke-width="1"/><text class="{}" x="{}" y="{}" font-size="{}" text-anchor="middle" font-weight="bold" fill="#333333">{}</text>"##,
        f(x),
        f(y),
        f(w),
        f(h),
        if corner { "players" } else { "strategy" },
        f(x + w / 2.0),
        f(y + h / 2.0 + CELL_FONT * 0.35),
        f(CELL_FONT),
        escape(text)
    );
}

/// The picture of a file's games (drawn when it declares no state).
pub fn games_svg(s: &Scenario, blocs: &Blocs) -> String {
    let title = s.title.clone().unwrap_or_else(|| "Games".to_string());
    let mut body = String::new();
    let mut y = 70.0;
    let mut width: f64 = 560.0;
    let no_eq = Vec::new();
    for (k, g) in s.games.iter().enumerate() {
        let eq = blocs.equilibria.get(k).unwrap_or(&no_eq);
        let (h, w) = game(&mut body, g, eq, y);
        y += h;
        width = width.max(w);
    }
    for (k, t) in s.trees.iter().enumerate() {
        let (on, note) = blocs
            .tree_paths
            .get(k)
            .map_or((&[][..], ""), |(on, note)| (on.as_slice(), note.as_str()));
        let (h, w) = super::tree_svg::tree(&mut body, t, on, note, y);
        y += h;
        width = width.max(w);
    }
    let legend_y = y + 10.0;
    let height = legend_y + MARGIN + 10.0;
    let mut o = super::svg::head(width, height, &title, "");
    let n = s.games.len() + s.trees.len();
    let _ = writeln!(
        o,
        r##"<text x="{}" y="50" font-size="13" fill="#555555">{n} game{} · no states · payoffs exact</text>"##,
        f(MARGIN),
        if n == 1 { "" } else { "s" }
    );
    o.push_str(&body);
    if s.trees.is_empty() {
        let _ = writeln!(
            o,
            r##"<g id="legend" font-size="12"><rect x="{}" y="{}" width="14" height="14" fill="{EQUILIBRIUM_FILL}" stroke="{EQUILIBRIUM_STROKE}" stroke-width="2"/><text x="{}" y="{}" fill="#222222">pure Nash equilibrium (mixed ones: ask `equilibria of G?`)</text></g>"##,
            f(MARGIN),
            f(legend_y),
            f(MARGIN + 22.0),
            f(legend_y + 11.5)
        );
    } else {
        let _ = writeln!(
            o,
            r##"<g id="legend" font-size="12"><line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#C0392B" stroke-width="3.5"/><text x="{3}" y="{4}" fill="#222222">subgame-perfect path</text><line x1="{5}" y1="{1}" x2="{6}" y2="{1}" stroke="#2E6DB4" stroke-width="1.5" stroke-dasharray="6 4"/><text x="{7}" y="{4}" fill="#222222">one information set{8}</text></g>"##,
            f(MARGIN),
            f(legend_y + 7.0),
            f(MARGIN + 24.0),
            f(MARGIN + 30.0),
            f(legend_y + 11.5),
            f(MARGIN + 190.0),
            f(MARGIN + 214.0),
            f(MARGIN + 220.0),
            if s.games.is_empty() {
                ""
            } else {
                " · shaded cells: pure Nash equilibria"
            }
        );
    }
    let _ = writeln!(o, "</svg>");
    o
}

/// Text for a Graphviz HTML-like label.
fn html(text: &str) -> String {
    escape(text)
}

/// The game's matrices as one Graphviz HTML-like table (`ally graph --format dot`):
/// the same cells as the SVG, pure equilibria shaded.
pub fn html_table(g: &Game, eq: &[Vec<usize>]) -> String {
    let rows = g.strategies.first().map_or(0, Vec::len);
    let cols = g.strategies.get(1).map_or(0, Vec::len);
    let mut o =
        String::from(r#"<table border="0" cellborder="1" cellspacing="0" cellpadding="4">"#);
    let _ = write!(
        o,
        r#"<tr><td colspan="{}"><b>{}</b></td></tr>"#,
        cols + 1,
        html(&g.name)
    );
    for rest in others(g) {
        if !rest.is_empty() {
            let given = given(g, &rest);
            let _ = write!(
                o,
                r#"<tr><td colspan="{}"><i>{}</i></td></tr>"#,
                cols + 1,
                html(&given)
            );
        }
        let _ = write!(
            o,
            r##"<tr><td bgcolor="#F2F2F2"><b>{} \ {}</b></td>"##,
            html(&g.players[0]),
            html(&g.players[1])
        );
        for c in 0..cols {
            let _ = write!(
                o,
                r##"<td bgcolor="#F2F2F2"><b>{}</b></td>"##,
                html(&g.strategies[1][c])
            );
        }
        o.push_str("</tr>");
        for r in 0..rows {
            let _ = write!(
                o,
                r##"<tr><td bgcolor="#F2F2F2"><b>{}</b></td>"##,
                html(&g.strategies[0][r])
            );
            for c in 0..cols {
                let mut p = vec![r, c];
                p.extend(&rest);
                let (pay, out) = cell(g, &p);
                let text = match out {
                    Some(out) => format!("{}<br/>{}", html(&pay), html(&out)),
                    None => html(&pay),
                };
                if eq.contains(&p) {
                    let _ = write!(
                        o,
                        r##"<td bgcolor="{EQUILIBRIUM_FILL}"><b>{text}</b></td>"##
                    );
                } else {
                    let _ = write!(o, "<td>{text}</td>");
                }
            }
            o.push_str("</tr>");
        }
    }
    o.push_str("</table>");
    o
}

/// What the players beyond the first two play in one table of a game of three or more:
/// `C plays Left · D plays Up`.
fn given(g: &Game, rest: &[usize]) -> String {
    rest.iter()
        .enumerate()
        .map(|(k, &s)| format!("{} plays {}", g.players[k + 2], g.strategies[k + 2][s]))
        .collect::<Vec<_>>()
        .join(" · ")
}
