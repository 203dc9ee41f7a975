//! Where `ally graph` puts each state and its label: a deterministic layout, shared by
//! the SVG renderer and the tests (which check that no two label boxes overlap).
//!
//! The states go round an oval ring, bloc after bloc (blocs in the order of their first
//! declared member, indifferent states last), each bloc a contiguous arc with an empty
//! slot before the next. The ring is split into two columns: the first half of the
//! order runs down the right-hand side, the rest up the left-hand side. With exactly
//! two blocs the split is between them, however unequal, so that each bloc has a side
//! of its own; otherwise it is at the gap between groups nearest the middle when
//! neither column is then more than twice the other. Either way every group is a
//! contiguous arc of the ring, that is a sector around its centre. Every state has
//! a slot of its own height, so circles on one side never touch; each label sits beside
//! its circle, pointing away from the ring (right-hand labels to the right, left-hand
//! ones to the left), vertically centred on its slot. Two labels on one side are then
//! at least a slot apart, and labels of different sides are on different sides of the
//! centre line: no two labels overlap by construction. A final pass
//! ([`resolve_overlaps`]) checks this and pushes labels apart should a future change
//! break it. Nothing depends on hashing or on the clock: the same input gives the same
//! numbers.

/// Font size of state labels, in pixels.
pub const LABEL_FONT: f64 = 13.0;
/// Height of a label box: the font size plus a little leading.
pub const LABEL_HEIGHT: f64 = LABEL_FONT + 4.0;
/// Gap between a circle and its label.
pub const LABEL_GAP: f64 = 6.0;
/// Smallest circle radius (the least powerful state).
pub const MIN_RADIUS: f64 = 4.0;
/// Height reserved above the ring for the title.
pub const HEADER: f64 = 64.0;
/// Outer margin.
pub const MARGIN: f64 = 20.0;

/// An axis-aligned box: top-left corner, width and height.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    /// Whether two boxes share any area (touching edges do not count).
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }
}

/// One placed state.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub x: f64,
    pub y: f64,
    pub r: f64,
    /// On the right-hand side of the ring (label to the right of the circle).
    pub right: bool,
    /// The label's text and its box.
    pub label: String,
    pub label_box: Rect,
}

impl Node {
    /// Where the label's text starts (`text-anchor` start on the right-hand side, end on
    /// the left) and its baseline.
    pub fn text_anchor(&self) -> (f64, f64) {
        let b = &self.label_box;
        let x = if self.right { b.x } else { b.x + b.w };
        (x, b.y + b.h / 2.0 + LABEL_FONT * 0.35)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub width: f64,
    /// Height of the drawing down to the bottom of the ring (the legend goes below).
    pub height: f64,
    pub cx: f64,
    pub cy: f64,
    /// The height of one slot of the ring: neighbours on one side are this far apart.
    pub step: f64,
    /// One per state, in declaration order.
    pub nodes: Vec<Node>,
}

/// Estimated width of a text in pixels at `size`: a generous average advance per
/// character (wide enough for capitals in a sans-serif font), so real text fits its box.
pub fn text_width(text: &str, size: f64) -> f64 {
    let units: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | '\'' | '|' | '!' | ':' | ';' | ' ' | '(' | ')' => 0.35,
            'm' | 'w' | 'M' | 'W' => 0.9,
            c if c.is_uppercase() => 0.72,
            _ => 0.6,
        })
        .sum();
    units * size + 2.0
}

/// Largest circle radius for `n` states: smaller when the ring must hold many.
pub fn max_radius(n: usize) -> f64 {
    match n {
        0..=12 => 28.0,
        13..=24 => 20.0,
        _ => 14.0,
    }
}

/// Circle radius for a power: area grows with power (square-root scaling), from
/// [`MIN_RADIUS`] for a powerless state to `r_max` for the most powerful.
pub fn radius(power: f64, max_power: f64, r_max: f64) -> f64 {
    if max_power <= 0.0 || !power.is_finite() || power <= 0.0 {
        return MIN_RADIUS;
    }
    MIN_RADIUS + (r_max - MIN_RADIUS) * (power / max_power).sqrt().min(1.0)
}

/// Lays out states given, per state in declaration order, its label, its power and its
/// group (a bloc's rank, indifferent states in the last group). Groups are drawn in
/// ascending order, members of a group in declaration order; groups below `blocs` are
/// blocs, the others (indifferent states) are not counted when giving blocs sides.
pub fn layout(labels: &[String], powers: &[f64], groups: &[usize], blocs: usize) -> Layout {
    let n = labels.len();
    let r_max = max_radius(n);
    let max_power = powers.iter().copied().fold(0.0, f64::max);
    let radii: Vec<f64> = powers
        .iter()
        .map(|&p| radius(p, max_power, r_max))
        .collect();

    // The ring order, with `None` for the empty slot separating two groups.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (groups.get(i).copied().unwrap_or(0), i));
    let mut slots: Vec<Option<usize>> = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        if k > 0 && groups.get(order[k - 1]) != groups.get(i) {
            slots.push(None);
        }
        slots.push(Some(i));
    }
    // Split into the right column (top to bottom) and the left one (bottom to top),
    // never starting a column with a separator. With two blocs, at the gap between
    // them: a bloc never spills onto the other's side. Otherwise at the separator
    // nearest the middle, so that a bloc keeps to one side, unless that would make one
    // column more than twice as long as the other.
    let total = slots.len();
    let mut half = total.div_ceil(2);
    let mut present: Vec<usize> = groups.iter().copied().filter(|&g| g < blocs).collect();
    present.sort_unstable();
    present.dedup();
    let first_sep = (0..total).find(|&k| slots[k].is_none());
    if let (2, Some(sep)) = (present.len(), first_sep) {
        half = sep;
    } else if let Some(sep) = (0..total)
        .filter(|&k| slots[k].is_none())
        .min_by_key(|&k| (k.abs_diff(total - k - 1), k))
    {
        let (r, l) = (sep, total - sep - 1);
        if r.max(l) <= 2 * r.min(l) {
            half = sep;
        }
    }
    let mut right: Vec<Option<usize>> = slots[..half].to_vec();
    let mut left: Vec<Option<usize>> = slots[half..].to_vec();
    if left.first() == Some(&None) {
        left.remove(0);
    }
    if right.last() == Some(&None) {
        right.pop();
    }
    left.reverse();

    let step = (2.0 * r_max + 8.0).max(LABEL_HEIGHT + 8.0);
    let rows = right.len().max(left.len()).max(1);
    let ring_h = rows as f64 * step;
    // The ring's half-width grows with its height so that the arcs look like an oval;
    // `gap` keeps the two columns apart even at the top and bottom.
    let rx = (0.42 * ring_h).clamp(110.0, 420.0);
    let gap = r_max + 36.0;

    let label_of = |i: usize| text_width(&labels[i], LABEL_FONT);
    let widest = |col: &[Option<usize>]| {
        col.iter()
            .flatten()
            .map(|&i| label_of(i) + radii[i] + LABEL_GAP)
            .fold(0.0, f64::max)
    };
    let left_extent = widest(&left).max(40.0);
    let right_extent = widest(&right).max(40.0);
    let cx = MARGIN + left_extent + gap + rx;
    let width = cx + gap + rx + right_extent + MARGIN;
    let top = HEADER;
    let cy = top + ring_h / 2.0;
    let height = top + ring_h + MARGIN;

    let mut nodes: Vec<Option<Node>> = vec![None; n];
    let mut place = |col: &[Option<usize>], is_right: bool| {
        let m = col.len();
        // Centre the column vertically when it is shorter than the other one.
        let offset = (rows - m) as f64 * step / 2.0;
        for (k, slot) in col.iter().enumerate() {
            let Some(i) = *slot else { continue };
            let y = top + offset + (k as f64 + 0.5) * step;
            let t = ((y - cy) / (ring_h / 2.0)).clamp(-1.0, 1.0);
            let dx = gap + rx * (1.0 - t * t).sqrt();
            let x = if is_right { cx + dx } else { cx - dx };
            let r = radii[i];
            let w = label_of(i);
            let bx = if is_right {
                x + r + LABEL_GAP
            } else {
                x - r - LABEL_GAP - w
            };
            nodes[i] = Some(Node {
                x,
                y,
                r,
                right: is_right,
                label: labels[i].clone(),
                label_box: Rect {
                    x: bx,
                    y: y - LABEL_HEIGHT / 2.0,
                    w,
                    h: LABEL_HEIGHT,
                },
            });
        }
    };
    place(&right, true);
    place(&left, false);
    let mut nodes: Vec<Node> = nodes.into_iter().flatten().collect();
    resolve_overlaps(&mut nodes);
    let bottom = nodes
        .iter()
        .map(|nd| (nd.label_box.y + nd.label_box.h).max(nd.y + nd.r))
        .fold(height - MARGIN, f64::max);
    Layout {
        width,
        height: bottom + MARGIN,
        cx,
        cy,
        step,
        nodes,
    }
}

/// Pushes overlapping labels apart vertically, side by side, in a single top-to-bottom
/// sweep (labels of one side keep their order). The layout above never needs it; it is
/// the safety net that keeps the guarantee if the ring's geometry changes.
pub fn resolve_overlaps(nodes: &mut [Node]) {
    for side in [true, false] {
        let mut idx: Vec<usize> = (0..nodes.len())
            .filter(|&i| nodes[i].right == side)
            .collect();
        idx.sort_by(|&a, &b| nodes[a].label_box.y.total_cmp(&nodes[b].label_box.y));
        let mut placed: Vec<usize> = Vec::new();
        for &i in &idx {
            let mut changed = true;
            while changed {
                changed = false;
                for &j in &placed {
                    let (a, b) = (nodes[j].label_box, nodes[i].label_box);
                    if a.overlaps(&b) {
                        nodes[i].label_box.y = a.y + a.h + 1.0;
                        changed = true;
                    }
                }
            }
            placed.push(i);
        }
    }
}

/// Every pair of label boxes that overlap (empty for a good layout).
pub fn overlapping_labels(l: &Layout) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for i in 0..l.nodes.len() {
        for j in i + 1..l.nodes.len() {
            if l.nodes[i].label_box.overlaps(&l.nodes[j].label_box) {
                out.push((i, j));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forty_states_have_no_overlapping_labels() {
        let labels: Vec<String> = (0..40)
            .map(|i| format!("Wide State Name Number {i} (0.123)"))
            .collect();
        let powers: Vec<f64> = (0..40).map(|i| 1.0 + i as f64).collect();
        let groups: Vec<usize> = (0..40).map(|i| i % 3).collect();
        let l = layout(&labels, &powers, &groups, 3);
        assert!(overlapping_labels(&l).is_empty());
    }
}
