//! Pair weights `w_ij = s_i s_j (p_ij + p_ji) / 2`, validated once, and the shared
//! bookkeeping that turns raw stable configurations into a report.

use rayon::prelude::*;

use super::{Alignment, EngineError, Landscape, MAX_BLOCS, MAX_STABLE_REPORTED, Stable};

/// Relative tolerance; see [`super::eps`].
const RELATIVE_EPS: f64 = 1e-9;

/// The weight of a pair as every public function computes it, so that `energy`,
/// `move_delta` and `solve` agree to the last bit. Missing entries count as zero.
pub(super) fn pair(l: &Landscape, i: usize, j: usize) -> f64 {
    let n = l.sizes.len();
    let s = |x: usize| l.sizes.get(x).copied().unwrap_or(0.0);
    let p = |a: usize, b: usize| {
        a.checked_mul(n)
            .and_then(|r| r.checked_add(b))
            .and_then(|x| l.propensity.get(x))
            .copied()
            .unwrap_or(0.0)
    };
    (s(i) * s(j)) * ((p(i, j) + p(j, i)) * 0.5)
}

pub(super) fn eps_of_scale(scale: f64) -> f64 {
    // Σ_{i<j} |w_ij| counted twice is the largest |E| possible.
    2.0 * scale * RELATIVE_EPS
}

/// Dense symmetric weight matrix with a zero diagonal.
pub(super) struct Weights {
    pub n: usize,
    w: Vec<f64>,
    scale: f64,
    /// [`Landscape::neutral`]: label [`super::NEUTRAL`] is neutrality, and its pairs
    /// weigh nothing.
    pub neutral: bool,
}

impl Weights {
    pub fn new(l: &Landscape) -> Result<Self, EngineError> {
        let n = l.sizes.len();
        // With neutrality the labels are 0 (neutral) to k, and fewer than two blocs
        // leave the neutral search nothing to choose between.
        let labels = l.blocs + usize::from(l.neutral);
        if l.blocs == 0 || labels > MAX_BLOCS || (l.neutral && l.blocs < 2) {
            return Err(EngineError::BadBlocs { blocs: l.blocs });
        }
        let expected = n.checked_mul(n).ok_or(EngineError::Overflow)?;
        if l.propensity.len() != expected {
            return Err(EngineError::Shape {
                states: n,
                len: l.propensity.len(),
                expected,
            });
        }
        if let Some((state, &size)) = l
            .sizes
            .iter()
            .enumerate()
            .find(|(_, s)| !(s.is_finite() && **s > 0.0))
        {
            return Err(EngineError::BadSize { state, size });
        }
        if let Some(x) = l.propensity.iter().position(|p| !p.is_finite()) {
            return Err(EngineError::BadPropensity { i: x / n, j: x % n });
        }
        let mut w = vec![0.0; expected];
        let mut scale = 0.0;
        for i in 0..n {
            for j in i + 1..n {
                let v = pair(l, i, j);
                w[i * n + j] = v;
                w[j * n + i] = v;
                scale += v.abs();
            }
        }
        // Energies and every partial sum are bounded by 2·scale; if that is finite no
        // intermediate value can overflow.
        if !(2.0 * scale).is_finite() {
            return Err(EngineError::Overflow);
        }
        Ok(Weights {
            n,
            w,
            scale,
            neutral: l.neutral,
        })
    }

    pub fn eps(&self) -> f64 {
        eps_of_scale(self.scale)
    }

    /// Two blocs over a dense symmetric matrix already built (row-major, `n × n`; the
    /// diagonal is ignored): the bounds' contracted and penalised landscapes.
    pub(super) fn from_matrix(n: usize, mut w: Vec<f64>) -> Self {
        w.resize(n * n, 0.0);
        let mut scale = 0.0;
        for i in 0..n {
            w[i * n + i] = 0.0;
            for j in i + 1..n {
                scale += w[i * n + j].abs();
            }
        }
        Weights {
            n,
            w,
            scale,
            neutral: false,
        }
    }

    #[inline]
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.w[i * self.n + j]
    }

    #[inline]
    pub fn row(&self, i: usize) -> &[f64] {
        &self.w[i * self.n..(i + 1) * self.n]
    }

    /// Energy by the definition, summed in a fixed order so the same assignment always
    /// gets the same value.
    pub fn energy(&self, a: &[u8]) -> f64 {
        let n = self.n.min(a.len());
        if self.neutral {
            return super::neutral::energy(self, &a[..n]);
        }
        let mut half = 0.0;
        for i in 0..n {
            let ai = a[i];
            let row = &self.row(i)[i + 1..n];
            half += lanes_sum(row.iter().zip(&a[i + 1..n]).map(|(&x, &aj)| {
                // A select, not a branch: which pairs differ is unpredictable.
                if aj == ai { 0.0 } else { x }
            }));
        }
        2.0 * half
    }
}

/// Σ a_i·b_i over the common length.
pub(super) fn dot(a: &[f64], b: &[f64]) -> f64 {
    lanes_sum(a.iter().zip(b).map(|(x, y)| x * y))
}

/// Minimum over four interleaved lanes (`f64::min` chains do not vectorise); 0 if empty.
pub(super) fn min_of(x: &[f64]) -> f64 {
    let mut lanes = [f64::INFINITY; 4];
    let mut chunks = x.chunks_exact(4);
    for c in &mut chunks {
        for (l, &v) in lanes.iter_mut().zip(c) {
            *l = l.min(v);
        }
    }
    for &v in chunks.remainder() {
        lanes[0] = lanes[0].min(v);
    }
    let m = lanes[0].min(lanes[1]).min(lanes[2].min(lanes[3]));
    if m.is_finite() { m } else { 0.0 }
}

/// Sums in eight interleaved partial sums: one running sum is bound by the latency of
/// floating-point addition, eight keep the adder busy. The order is fixed, so results
/// are reproducible.
pub(super) fn lanes_sum(values: impl Iterator<Item = f64>) -> f64 {
    let mut lanes = [0.0f64; 8];
    for (x, v) in values.enumerate() {
        lanes[x & 7] += v;
    }
    ((lanes[0] + lanes[4]) + (lanes[1] + lanes[5]))
        + ((lanes[2] + lanes[6]) + (lanes[3] + lanes[7]))
}

/// Per-bloc sums `by[c·n + i] = Σ_{j≠i, label_j = c} w_ij`: moving `i` from `a` to `b`
/// changes E by `2·(by[a][i] − by[b][i])`. Bloc-major so a move's O(n) update runs over
/// two contiguous rows.
///
/// With neutrality (`Weights::neutral`) class 0 of the `k` is neutral: a state costs
/// nothing there and, in bloc `c`, its weight to the other blocs, `Σ_{d≥1} by[d][i] −
/// by[c][i]`; a move changes E by twice the difference of the two costs.
pub(super) struct Fields {
    n: usize,
    k: usize,
    by: Vec<f64>,
    neutral: bool,
}

impl Fields {
    pub fn new(w: &Weights, k: usize, label: &[usize]) -> Self {
        let n = w.n;
        let mut by = vec![0.0; n * k];
        let mut acc = vec![0.0; k];
        for i in 0..n {
            acc.iter_mut().for_each(|x| *x = 0.0);
            for (&wij, &c) in w.row(i).iter().zip(label) {
                acc[c] += wij;
            }
            for (c, &x) in acc.iter().enumerate() {
                by[c * n + i] = x;
            }
        }
        Fields {
            n,
            k,
            by,
            neutral: w.neutral,
        }
    }

    /// With neutrality: state `i`'s weight to every bloc (class 0 is not one).
    #[inline]
    fn in_blocs(&self, i: usize) -> f64 {
        (1..self.k).map(|d| self.by[d * self.n + i]).sum()
    }

    /// With neutrality: what state `i` adds to E in class `c` when its weight to every
    /// bloc is `blocs` — nothing when neutral, else its weight to the other blocs.
    #[inline]
    fn cost(&self, i: usize, c: usize, blocs: f64) -> f64 {
        if c == 0 {
            0.0
        } else {
            blocs - self.by[c * self.n + i]
        }
    }

    /// E from the sums: every state's weight to the other blocs.
    pub fn energy(&self, label: &[usize]) -> f64 {
        if self.neutral {
            return label
                .iter()
                .enumerate()
                .map(|(i, &a)| self.cost(i, a, self.in_blocs(i)))
                .sum();
        }
        let mut e = 0.0;
        for (i, &a) in label.iter().enumerate() {
            for c in 0..self.k {
                if c != a {
                    e += self.by[c * self.n + i];
                }
            }
        }
        e
    }

    /// The steepest improving move `(state, bloc)`: ties within `tol` go to the lowest
    /// state, then the lowest bloc label. `None` when no move lowers E by more than `tol`.
    pub fn steepest(&self, label: &[usize], tol: f64) -> Option<(usize, usize)> {
        if self.neutral {
            return self.steepest_neutral(label, tol);
        }
        let n = self.n;
        let mut low = 0.0;
        for (i, &a) in label.iter().enumerate() {
            let own = self.by[a * n + i];
            for c in 0..self.k {
                low = f64::min(low, 2.0 * (own - self.by[c * n + i]));
            }
        }
        if low >= -tol {
            return None;
        }
        for (i, &a) in label.iter().enumerate() {
            let own = self.by[a * n + i];
            for c in 0..self.k {
                if c != a && 2.0 * (own - self.by[c * n + i]) <= low + tol {
                    return Some((i, c));
                }
            }
        }
        None
    }

    /// [`Fields::steepest`] with neutrality: the same rule over the costs, class 0
    /// (neutrality) first among a state's moves.
    fn steepest_neutral(&self, label: &[usize], tol: f64) -> Option<(usize, usize)> {
        let mut low = 0.0;
        for (i, &a) in label.iter().enumerate() {
            let blocs = self.in_blocs(i);
            let own = self.cost(i, a, blocs);
            for c in 0..self.k {
                low = f64::min(low, 2.0 * (self.cost(i, c, blocs) - own));
            }
        }
        if low >= -tol {
            return None;
        }
        for (i, &a) in label.iter().enumerate() {
            let blocs = self.in_blocs(i);
            let own = self.cost(i, a, blocs);
            for c in 0..self.k {
                if c != a && 2.0 * (self.cost(i, c, blocs) - own) <= low + tol {
                    return Some((i, c));
                }
            }
        }
        None
    }

    /// ΔE of moving state `i` from its bloc `a` to bloc `b`.
    #[inline]
    pub fn delta(&self, i: usize, a: usize, b: usize) -> f64 {
        if self.neutral {
            let blocs = self.in_blocs(i);
            return 2.0 * (self.cost(i, b, blocs) - self.cost(i, a, blocs));
        }
        2.0 * (self.by[a * self.n + i] - self.by[b * self.n + i])
    }

    /// Moves state `i` to bloc `b`; returns ΔE.
    pub fn apply(&mut self, w: &Weights, label: &mut [usize], i: usize, b: usize) -> f64 {
        let n = self.n;
        let a = label[i];
        let delta = self.delta(i, a, b);
        let row = w.row(i);
        for (x, &wij) in self.by[a * n..(a + 1) * n].iter_mut().zip(row) {
            *x -= wij;
        }
        for (x, &wij) in self.by[b * n..(b + 1) * n].iter_mut().zip(row) {
            *x += wij;
        }
        label[i] = b;
        delta
    }
}

/// Stable configurations found by a search, already cut to the reported ones.
pub(super) struct Found {
    /// Canonical assignments with basin counts, in report order.
    pub kept: Vec<(Vec<u8>, u64)>,
    pub stable_total: u64,
    /// Basin denominator: configurations enumerated or descents run.
    pub denominator: u64,
}

/// Orders raw stable candidates `(key, estimated energy, basin count)` as the report
/// lists them and keeps the first [`MAX_STABLE_REPORTED`]: by energy, where runs of
/// energies within `tol` of the run's first are ties ordered by key. The first run is the
/// set tied for the least energy, so the prediction (smallest assignment among them)
/// comes first. `key` order must be the lexicographic order of the canonical
/// assignments; keys are distinct.
pub(super) fn report_order<K: Ord>(mut items: Vec<(K, f64, u64)>, tol: f64) -> Vec<(K, f64, u64)> {
    items.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    let mut start = 0;
    while start < items.len() && start < MAX_STABLE_REPORTED {
        let base = items[start].1;
        let end = items[start..]
            .iter()
            .position(|x| x.1 - base > tol)
            .map_or(items.len(), |p| start + p);
        items[start..end].sort_by(|a, b| a.0.cmp(&b.0));
        start = end;
    }
    items.truncate(MAX_STABLE_REPORTED);
    items
}

impl Found {
    /// Orders raw candidates `(key, estimated energy, basin count)` for the report (see
    /// [`report_order`]) and decodes the kept ones.
    pub fn new<K: Ord>(
        items: Vec<(K, f64, u64)>,
        denominator: u64,
        tol: f64,
        decode: impl Fn(&K) -> Vec<u8>,
    ) -> Self {
        let stable_total = items.len() as u64;
        let kept = report_order(items, tol)
            .into_iter()
            .map(|(key, _, count)| (decode(&key), count))
            .collect();
        Found {
            kept,
            stable_total,
            denominator,
        }
    }

    /// The prediction, the stable list with exact energies, and the stable count.
    pub fn assemble(self, w: &Weights) -> (Alignment, Vec<Stable>, u64) {
        let denominator = self.denominator.max(1) as f64;
        let stable: Vec<Stable> = self
            .kept
            .into_par_iter()
            .map(|(assignment, count)| Stable {
                alignment: Alignment {
                    energy: w.energy(&assignment),
                    assignment,
                },
                basin: count as f64 / denominator,
                basin_count: count,
            })
            .collect();
        let best = stable.first().map_or_else(
            || Alignment {
                assignment: vec![0; w.n],
                energy: 0.0,
            },
            |s| s.alignment.clone(),
        );
        (best, stable, self.stable_total)
    }
}
