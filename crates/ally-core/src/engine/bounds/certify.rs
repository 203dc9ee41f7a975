//! A proven upper bound on the largest eigenvalue of `A = W − Diag(u)`, safe against
//! floating-point rounding.
//!
//! An estimate `θ` comes from a Lanczos run (cheap, but only an estimate); the proof is
//! a Cholesky factorisation of `M = μI − A` for some `μ ≥ θ`. By Higham, *Accuracy and
//! Stability of Numerical Algorithms* (2nd ed., 2002), Theorem 10.3, a Cholesky
//! factorisation in floating point that runs to completion (every pivot positive) on a
//! symmetric matrix `M̃` yields `R` with `RᵀR = M̃ + ΔM`, `|ΔM| ≤ γ_{n+1} |Rᵀ||R|`
//! entrywise, `γ_m = m·u / (1 − m·u)`, `u = 2^−53`, whatever order the inner products
//! are summed in. Then `M̃ + ΔM ⪰ 0` and
//! `‖ΔM‖₂ ≤ ‖ΔM‖_F ≤ γ_{n+1} ‖|Rᵀ||R|‖_F ≤ γ_{n+1} ‖R‖_F²`. `M̃` differs from `M` only on
//! the diagonal, where `μ + u_i` was rounded once (by at most `u·|M̃_ii|`). So
//! `λ_min(M) ≥ −η` with `η = γ_{n+1}‖R‖_F² + u·max_i |M̃_ii|`, and
//! `λ_max(A) ≤ μ + η`: the bound returned. If the factorisation fails, `μ` is raised and
//! tried again; past a few tries the Gershgorin bound answers (proven too, with its own
//! rounding allowance).

use super::super::weights::{Weights, dot};

/// Unit roundoff of f64.
const UNIT: f64 = f64::EPSILON / 2.0;

/// Lanczos steps for the estimate: the largest Ritz value of a few dozen steps is close
/// to the largest eigenvalue, and the Cholesky test proves whatever margin is left.
pub(super) const LANCZOS_STEPS: usize = 60;

/// How many raised shifts are tried before the Gershgorin bound answers.
const TRIES: usize = 12;

/// A proven upper bound on `λ_max(W − Diag(u))`.
pub(super) fn top_eigenvalue(w: &Weights, u: &[f64]) -> f64 {
    let n = w.n;
    let gersh = gershgorin(w, u);
    if n == 0 {
        return 0.0;
    }
    let theta = lanczos_top(w, u).min(gersh);
    // The first margin: a little above the estimate, relative to the matrix's scale
    // (the largest row sum, which bounds every eigenvalue's size).
    let scale = (0..n)
        .map(|i| u[i].abs() + w.row(i).iter().map(|x| x.abs()).sum::<f64>())
        .fold(0.0, f64::max);
    if scale == 0.0 {
        return 0.0;
    }
    let mut margin = 1e-9 * scale;
    for _ in 0..TRIES {
        let mu = theta + margin;
        if mu >= gersh {
            break;
        }
        if let Some(eta) = cholesky_slack(w, u, mu) {
            return (mu + eta).min(gersh);
        }
        margin *= 8.0;
    }
    gersh
}

/// `max_i (−u_i + Σ_j |w_ij|)`, raised by a rounding allowance: every eigenvalue lies
/// in a Gershgorin disc.
fn gershgorin(w: &Weights, u: &[f64]) -> f64 {
    let n = w.n;
    let mut top = f64::NEG_INFINITY;
    let mut size = 0.0f64;
    for (i, &ui) in u.iter().enumerate().take(n) {
        let off: f64 = w.row(i).iter().map(|x| x.abs()).sum();
        top = top.max(off - ui);
        size = size.max(off + ui.abs());
    }
    if n == 0 {
        return 0.0;
    }
    // A sum of n terms is off by at most γ_n times the sum of their sizes.
    top + 2.0 * gamma(n + 1) * size
}

fn gamma(m: usize) -> f64 {
    let mu = m as f64 * UNIT;
    mu / (1.0 - mu)
}

/// `A·x` for `A = W − Diag(u)`.
fn apply(w: &Weights, u: &[f64], x: &[f64], out: &mut [f64]) {
    for (i, o) in out.iter_mut().enumerate() {
        *o = dot(w.row(i), x) - u[i] * x[i];
    }
}

/// The largest Ritz value of a Lanczos run with full reorthogonalisation from a fixed
/// start vector: an estimate of `λ_max(A)` (from below, up to rounding).
fn lanczos_top(w: &Weights, u: &[f64]) -> f64 {
    lanczos(w, u).0
}

/// An estimate of the largest eigenvalue of `A = W − Diag(u)` and a unit vector along
/// its eigenvector (the Ritz vector), for the dual's subgradient; nothing is proven.
pub(super) fn top_pair(w: &Weights, u: &[f64]) -> (f64, Vec<f64>) {
    let (theta, alpha, beta, basis) = lanczos(w, u);
    let y = tridiagonal_vector(&alpha, &beta, theta);
    let mut x = vec![0.0; w.n];
    for (q, c) in basis.iter().zip(&y) {
        x.iter_mut().zip(q).for_each(|(a, b)| *a += c * b);
    }
    normalise(&mut x);
    (theta, x)
}

/// A unit eigenvector of the tridiagonal matrix for its eigenvalue near `theta`, by
/// inverse iteration with a shift just above it (where `T − σI` is negative definite,
/// so elimination without pivoting is stable).
fn tridiagonal_vector(a: &[f64], b: &[f64], theta: f64) -> Vec<f64> {
    let m = a.len();
    let scale = a
        .iter()
        .chain(b)
        .map(|x| x.abs())
        .fold(0.0, f64::max)
        .max(1e-300);
    let sigma = theta + 1e-10 * scale;
    let mut y = vec![1.0; m];
    for _ in 0..3 {
        // Thomas algorithm on (T − σI) z = y.
        let mut c = vec![0.0; m];
        let mut d = vec![0.0; m];
        for i in 0..m {
            let lower = if i > 0 { b[i - 1] } else { 0.0 };
            let denom = a[i] - sigma - lower * if i > 0 { c[i - 1] } else { 0.0 };
            let denom = if denom == 0.0 { -1e-300 } else { denom };
            c[i] = b.get(i).copied().unwrap_or(0.0) / denom;
            d[i] = (y[i] - lower * if i > 0 { d[i - 1] } else { 0.0 }) / denom;
        }
        for i in (0..m).rev() {
            y[i] = d[i] - if i + 1 < m { c[i] * y[i + 1] } else { 0.0 };
        }
        normalise(&mut y);
    }
    y
}

/// A Lanczos run: the largest Ritz value, the tridiagonal matrix and the basis.
#[allow(clippy::type_complexity)]
fn lanczos(w: &Weights, u: &[f64]) -> (f64, Vec<f64>, Vec<f64>, Vec<Vec<f64>>) {
    let n = w.n;
    let steps = LANCZOS_STEPS.min(n);
    // A fixed start with every component non-zero and no symmetry.
    let mut q: Vec<f64> = (0..n)
        .map(|i| 1.0 + ((i as f64) * 0.618_033_988_749_895).fract())
        .collect();
    normalise(&mut q);
    let mut basis: Vec<Vec<f64>> = Vec::with_capacity(steps);
    let mut alpha = Vec::with_capacity(steps);
    let mut beta: Vec<f64> = Vec::with_capacity(steps);
    let mut z = vec![0.0; n];
    for _ in 0..steps {
        apply(w, u, &q, &mut z);
        let a = dot(&q, &z);
        alpha.push(a);
        basis.push(q.clone());
        // Twice, so the basis stays orthogonal to working precision.
        for _ in 0..2 {
            for b in &basis {
                let c = dot(b, &z);
                z.iter_mut().zip(b).for_each(|(x, y)| *x -= c * y);
            }
        }
        let norm = dot(&z, &z).sqrt();
        if norm <= 1e-12 * a.abs().max(1e-300) || basis.len() == steps {
            break;
        }
        beta.push(norm);
        q.iter_mut().zip(&z).for_each(|(x, y)| *x = y / norm);
    }
    beta.truncate(alpha.len().saturating_sub(1));
    let top = tridiagonal_top(&alpha, &beta);
    (top, alpha, beta, basis)
}

fn normalise(x: &mut [f64]) {
    let norm = dot(x, x).sqrt();
    if norm > 0.0 {
        x.iter_mut().for_each(|v| *v /= norm);
    }
}

/// The largest eigenvalue of the symmetric tridiagonal matrix with diagonal `a` and
/// off-diagonal `b`, by bisection on the Sturm count.
fn tridiagonal_top(a: &[f64], b: &[f64]) -> f64 {
    let m = a.len();
    if m == 0 {
        return 0.0;
    }
    let radius = |i: usize| {
        let left = if i > 0 { b[i - 1].abs() } else { 0.0 };
        let right = b.get(i).map_or(0.0, |x| x.abs());
        left + right
    };
    let mut lo = (0..m)
        .map(|i| a[i] - radius(i))
        .fold(f64::INFINITY, f64::min);
    let mut hi = (0..m)
        .map(|i| a[i] + radius(i))
        .fold(f64::NEG_INFINITY, f64::max);
    // How many eigenvalues are above x: the sign changes of the LDLᵀ pivots of T − xI.
    let above = |x: f64| {
        let mut count = 0;
        let mut d = 1.0;
        for i in 0..m {
            let off = if i > 0 { b[i - 1] * b[i - 1] } else { 0.0 };
            d = a[i] - x - if i > 0 { off / d } else { 0.0 };
            if d == 0.0 {
                d = -1e-300;
            }
            if d > 0.0 {
                count += 1;
            }
        }
        count
    };
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if above(mid) >= 1 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

/// `η` of the module comment when the Cholesky factorisation of `μI − (W − Diag(u))`
/// runs to completion, else `None`.
fn cholesky_slack(w: &Weights, u: &[f64], mu: f64) -> Option<f64> {
    let n = w.n;
    // Lower triangle, row-major, row i holding columns 0..=i.
    let mut l = vec![0.0f64; n * n];
    let mut largest_diag = 0.0f64;
    for i in 0..n {
        let wi = w.row(i);
        let diag = mu + u[i];
        largest_diag = largest_diag.max(diag.abs());
        for j in 0..i {
            let (ri, rj) = (&l[i * n..i * n + j], &l[j * n..j * n + j]);
            let s = -wi[j] - dot(ri, rj);
            l[i * n + j] = s / l[j * n + j];
        }
        let row = &l[i * n..i * n + i];
        let pivot = diag - dot(row, row);
        // A pivot that is not positive (or NaN) ends the factorisation: no proof.
        if pivot.is_nan() || pivot <= 0.0 {
            return None;
        }
        l[i * n + i] = pivot.sqrt();
    }
    // ‖R‖_F², its n² terms summed with an allowance for their own rounding.
    let frobenius = dot(&l, &l) * (1.0 + 2.0 * gamma(n * n + 1));
    Some(gamma(n + 1) * frobenius + UNIT * largest_diag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Landscape;

    fn weights(n: usize, f: impl Fn(usize, usize) -> f64) -> Weights {
        let mut p = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                if i != j {
                    p[i * n + j] = f(i.min(j), i.max(j));
                }
            }
        }
        Weights::new(&Landscape {
            sizes: vec![1.0; n],
            propensity: p,
            blocs: 2,
            neutral: false,
        })
        .expect("valid")
    }

    #[test]
    fn the_bound_is_above_and_close_to_known_eigenvalues() {
        // The complete graph's adjacency has eigenvalues n − 1 and −1; the path of n
        // vertices 2·cos(π/(n+1)) at the top.
        for n in [1, 2, 3, 10, 57] {
            let k = weights(n, |_, _| 1.0);
            let top = top_eigenvalue(&k, &vec![0.0; n]);
            let exact = if n == 1 { 0.0 } else { (n - 1) as f64 };
            assert!(top >= exact && top <= exact + 1e-6 * n as f64, "{n}: {top}");
            let path = weights(n, |i, j| if j == i + 1 { 1.0 } else { 0.0 });
            let top = top_eigenvalue(&path, &vec![0.0; n]);
            let exact = if n == 1 {
                0.0
            } else {
                2.0 * (std::f64::consts::PI / (n as f64 + 1.0)).cos()
            };
            assert!(top >= exact && top <= exact + 1e-6, "path {n}: {top}");
        }
        // A diagonal shift moves every eigenvalue: W − Diag(c) has top n − 1 − c.
        let k = weights(20, |_, _| 1.0);
        let top = top_eigenvalue(&k, &[3.0; 20]);
        assert!((16.0..16.0 + 1e-6).contains(&top), "{top}");
    }

    #[test]
    fn a_failed_factorisation_is_never_taken_for_a_proof() {
        // μ below the top eigenvalue: the factorisation must fail.
        let k = weights(30, |_, _| 1.0);
        assert!(cholesky_slack(&k, &vec![0.0; 30], 28.9).is_none());
        assert!(cholesky_slack(&k, &vec![0.0; 30], 29.1).is_some());
    }
}
