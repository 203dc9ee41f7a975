//! Where `ally graph` draws the relations between two placed states: every relation of
//! one pair (border, alliances, threats and offers both ways) is a lane of one bundle,
//! a quadratic curve bowed towards the ring's centre (so that links along one side fan
//! out instead of running through the circles between) and pushed sideways by its
//! lane. Undirected links take the middle lanes, each direction keeps to its own side
//! (threats nearer the middle than offers, as the caller orders them). Lanes are spaced
//! so that the labels of one bundle, at their apexes, cannot overlap whatever the
//! pair's direction; a bundle's labels then slide together along their curves to a
//! place clear of circles, state labels and earlier edge labels when there is one.
//! Geometry only: `svg.rs` draws it, the tests measure it.

use std::collections::BTreeMap;

use super::layout::{Layout, Rect};

/// Height of an edge label's box (11 px text).
pub const LABEL_H: f64 = 14.0;
/// Least distance between two lanes of a bundle, at their apexes.
const LANE_MIN: f64 = 9.0;
/// Room kept between two labels of one bundle.
const PAD: f64 = 4.0;
/// Where along its curve a bundle's labels may sit, tried in this order.
const ALONG: [f64; 5] = [0.5, 0.42, 0.58, 0.36, 0.64];
/// The sideways offset at `t` is `4t(1−t)` times the apex's: the least factor over [`ALONG`].
const ALONG_FACTOR: f64 = 4.0 * 0.36 * 0.64;

/// One relation to draw: between states `a` and `b` (from `a` to `b` when directed),
/// with the width of its label, if it has one.
#[derive(Clone, Debug)]
pub struct EdgeIn {
    pub a: usize,
    pub b: usize,
    pub directed: bool,
    pub label_w: Option<f64>,
}

/// A drawn relation: `M p0 Q c p2`, and its label's box.
#[derive(Clone, Debug, PartialEq)]
pub struct Curve {
    pub p0: (f64, f64),
    pub c: (f64, f64),
    pub p2: (f64, f64),
    pub label: Option<Rect>,
}

impl Curve {
    /// The point at `t` along the curve.
    pub fn at(&self, t: f64) -> (f64, f64) {
        let u = 1.0 - t;
        (
            u * u * self.p0.0 + 2.0 * u * t * self.c.0 + t * t * self.p2.0,
            u * u * self.p0.1 + 2.0 * u * t * self.c.1 + t * t * self.p2.1,
        )
    }

    /// Distance between the two ends.
    pub fn chord(&self) -> f64 {
        ((self.p2.0 - self.p0.0).powi(2) + (self.p2.1 - self.p0.1).powi(2)).sqrt()
    }
}

/// The box of a label of width `w` centred on `p`.
fn label_box(p: (f64, f64), w: f64) -> Rect {
    Rect {
        x: p.0 - w / 2.0,
        y: p.1 - LABEL_H / 2.0,
        w,
        h: LABEL_H,
    }
}

/// Lane positions (in units of the lane spacing, along the normal of the pair's
/// canonical direction, lower index to higher) for the edges of one bundle.
fn lanes(edges: &[EdgeIn], members: &[usize], lo: usize) -> Vec<f64> {
    if members.len() == 1 {
        return vec![0.0];
    }
    let undirected = members.iter().filter(|&&e| !edges[e].directed).count();
    let half = if undirected == 0 {
        -0.5
    } else {
        (undirected as f64 - 1.0) / 2.0
    };
    let (mut u, mut fwd, mut back) = (0.0, 0.0, 0.0);
    members
        .iter()
        .map(|&e| {
            let edge = &edges[e];
            if !edge.directed {
                u += 1.0;
                u - 1.0 - half.max(0.0)
            } else if edge.a == lo {
                fwd += 1.0;
                half + fwd
            } else {
                back += 1.0;
                -(half + back)
            }
        })
        .collect()
}

/// The lane spacing that keeps every two labels of a bundle apart at any of [`ALONG`],
/// for a pair whose unit normal is `n`.
fn spacing(edges: &[EdgeIn], members: &[usize], pos: &[f64], n: (f64, f64)) -> f64 {
    let mut d: f64 = LANE_MIN;
    for i in 0..members.len() {
        for j in i + 1..members.len() {
            let (Some(wi), Some(wj)) = (edges[members[i]].label_w, edges[members[j]].label_w)
            else {
                continue;
            };
            let apart = (pos[i] - pos[j]).abs() * ALONG_FACTOR;
            if apart == 0.0 {
                continue;
            }
            let across = |need: f64, k: f64| {
                if k.abs() < 1e-9 {
                    f64::INFINITY
                } else {
                    need / (apart * k.abs())
                }
            };
            let need = across((wi + wj) / 2.0 + PAD, n.0).min(across(LABEL_H + PAD, n.1));
            d = d.max(need);
        }
    }
    d
}

/// Where the circle of state `i` is left by a curve heading to `towards`.
fn rim(l: &Layout, i: usize, towards: (f64, f64), extra: f64) -> (f64, f64) {
    let p = &l.nodes[i];
    let (dx, dy) = (towards.0 - p.x, towards.1 - p.y);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1e-9 {
        return (p.x, p.y);
    }
    let r = p.r + extra;
    (p.x + dx / len * r, p.y + dy / len * r)
}

/// Routes every edge (see the module comment), in the order given. `avoid` are boxes
/// labels should keep clear of (circles, state labels).
pub fn route(l: &Layout, edges: &[EdgeIn], avoid: &[Rect]) -> Vec<Curve> {
    let mut bundles: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for (k, e) in edges.iter().enumerate() {
        bundles
            .entry((e.a.min(e.b), e.a.max(e.b)))
            .or_default()
            .push(k);
    }
    let mut out: Vec<Option<Curve>> = vec![None; edges.len()];
    let mut placed: Vec<Rect> = avoid.to_vec();
    for (&(lo, hi), members) in &bundles {
        let (p, q) = (&l.nodes[lo], &l.nodes[hi]);
        let (dx, dy) = (q.x - p.x, q.y - p.y);
        let len = (dx * dx + dy * dy).sqrt().max(1e-9);
        let n = (-dy / len, dx / len);
        let mid = ((p.x + q.x) / 2.0, (p.y + q.y) / 2.0);
        // The bundle's spine bows towards the ring's centre in proportion to its
        // length (never past the centre).
        let (tx, ty) = (l.cx - mid.0, l.cy - mid.1);
        let tl = (tx * tx + ty * ty).sqrt();
        let bow = if tl < 1e-9 { 0.0 } else { (0.3 * len).min(tl) };
        let spine = if tl < 1e-9 {
            mid
        } else {
            (mid.0 + tx / tl * bow, mid.1 + ty / tl * bow)
        };
        let pos = lanes(edges, members, lo);
        let d = spacing(edges, members, &pos, n);
        let curves: Vec<Curve> = members
            .iter()
            .zip(&pos)
            .map(|(&e, &lane)| {
                let edge = &edges[e];
                // The apex is halfway between the chord's middle and the control point.
                let c = (
                    spine.0 + n.0 * 2.0 * lane * d,
                    spine.1 + n.1 * 2.0 * lane * d,
                );
                let gap = if edge.directed { 2.0 } else { 0.0 };
                Curve {
                    p0: rim(l, edge.a, c, 0.0),
                    c,
                    p2: rim(l, edge.b, c, gap),
                    label: None,
                }
            })
            .collect();
        let boxes_at = |t: f64| -> Vec<Option<Rect>> {
            members
                .iter()
                .zip(&curves)
                .map(|(&e, cv)| edges[e].label_w.map(|w| label_box(cv.at(t), w)))
                .collect()
        };
        let clear = |boxes: &[Option<Rect>]| {
            boxes
                .iter()
                .flatten()
                .all(|b| placed.iter().all(|o| !o.overlaps(b)))
        };
        let boxes = ALONG
            .iter()
            .map(|&t| boxes_at(t))
            .find(|b| clear(b))
            .unwrap_or_else(|| boxes_at(0.5));
        for ((&e, mut cv), b) in members.iter().zip(curves).zip(boxes) {
            if let Some(b) = b {
                placed.push(b);
            }
            cv.label = b;
            out[e] = Some(cv);
        }
    }
    out.into_iter().flatten().collect()
}
