//! Independent parts: with two blocs and no basins, a landscape whose non-zero pairs
//! fall into several connected components is solved one component at a time.
//!
//! No pair joins two components, so a configuration's energy is the sum of its
//! components' energies, whichever bloc each component's states are in: the least
//! energy is the sum of the parts' least energies, and the configurations tied for it
//! are exactly the combinations of each part's ties, each part taken as it is or with
//! its two blocs swapped (a part's own canonical form fixes its first state in bloc 0;
//! the whole's fixes only state 0). Only pairs of weight exactly zero separate parts:
//! no weight is ever dropped, however small, so an exact part stays exact and an
//! approximate one brings its proven bound, and the whole's bound is the sum of each
//! part's least energy (exact) or bound (approximate).
//!
//! A state with no non-zero pair is a part of its own: energy 0, indifferent, in
//! either bloc.
//!
//! Ties are decided within each part by its own tolerance ([`super::eps`] of the part,
//! a billionth of its weight); the parts' tolerances add up to the whole's, so a
//! combination of ties is a tie of the whole. A combination whose parts miss their own
//! least energies by more than their tolerances but by less than the whole's in sum is
//! not listed: such energies differ in the tenth significant digit.

use super::weights::{Found, Weights};
use super::{EngineError, Landscape, Limits, MAX_STABLE_REPORTED};

/// The connected components of the non-zero pairs, each ascending, in order of their
/// first state.
pub(super) fn components(w: &Weights) -> Vec<Vec<usize>> {
    let n = w.n;
    let mut part = vec![usize::MAX; n];
    let mut out: Vec<Vec<usize>> = Vec::new();
    for root in 0..n {
        if part[root] != usize::MAX {
            continue;
        }
        let id = out.len();
        part[root] = id;
        let mut members = vec![root];
        let mut next = 0;
        while next < members.len() {
            let i = members[next];
            next += 1;
            for (j, &x) in w.row(i).iter().enumerate() {
                if x != 0.0 && part[j] == usize::MAX {
                    part[j] = id;
                    members.push(j);
                }
            }
        }
        members.sort_unstable();
        out.push(members);
    }
    out
}

/// What solving the parts gives: as [`super::solve`]'s inner tuple.
pub(super) struct Combined {
    pub found: Found,
    pub exact: bool,
    pub bound: Option<f64>,
}

/// Solves each part of `l` (two blocs, `parts` from [`components`], more than one) with
/// [`super::solve`], each with a share of the budget in proportion to its states, and
/// combines them.
pub(super) fn solve_parts(
    l: &Landscape,
    parts: &[Vec<usize>],
    limits: &Limits,
) -> Result<Combined, EngineError> {
    let n = l.sizes.len();
    let mut solved = Vec::with_capacity(parts.len());
    let mut tols = Vec::with_capacity(parts.len());
    for p in parts {
        let m = p.len();
        let mut propensity = vec![0.0; m * m];
        for (a, &i) in p.iter().enumerate() {
            for (b, &j) in p.iter().enumerate() {
                propensity[a * m + b] = l.propensity[i * n + j];
            }
        }
        let sub = Landscape {
            sizes: p.iter().map(|&i| l.sizes[i]).collect(),
            propensity,
            blocs: 2,
            neutral: false,
        };
        let share = Limits {
            budget: limits.budget * m as f64 / n as f64,
            ..limits.clone()
        };
        tols.push(super::eps(&sub));
        solved.push(super::solve(&sub, &share)?);
    }
    let exact = solved.iter().all(|s| s.exact);
    // Each part's options, in its own lexicographic order: its canonical ties, then
    // (only if those are fewer than the report keeps) their mirror images, whose first
    // state is in bloc 1. The whole's smallest assignments use only these: an option
    // beyond a part's first MAX_STABLE_REPORTED has that many smaller ones beside it.
    let options: Vec<Vec<Vec<u8>>> = solved
        .iter()
        .zip(&tols)
        .map(|(s, &tol)| {
            let ties: Vec<Vec<u8>> = if exact {
                s.stable
                    .iter()
                    .filter(|st| st.alignment.energy <= s.best.energy + tol)
                    .map(|st| st.alignment.assignment.clone())
                    .collect()
            } else {
                vec![s.best.assignment.clone()]
            };
            let mut all = ties.clone();
            all.sort_unstable();
            if all.len() < MAX_STABLE_REPORTED {
                let mut mirrors: Vec<Vec<u8>> = ties
                    .iter()
                    .map(|a| a.iter().map(|&x| 1 - x).collect())
                    .collect();
                mirrors.sort_unstable();
                all.extend(mirrors);
            }
            all
        })
        .collect();
    let kept = smallest_combinations(
        n,
        parts,
        &options,
        if exact { MAX_STABLE_REPORTED } else { 1 },
    );
    // Ties: each part's count, times two orientations for every part but state 0's. A
    // part small enough for the walk lists every stable alignment, not only its ties.
    let stable_total = if exact {
        solved
            .iter()
            .zip(&options)
            .map(|(s, o)| {
                let listed = o.iter().filter(|a| a.first() == Some(&0)).count() as u64;
                if listed < s.stable.len() as u64 {
                    listed
                } else {
                    s.stable_total.max(1)
                }
            })
            .fold(1u64, u64::saturating_mul)
            .saturating_mul(1u64.checked_shl(parts.len() as u32 - 1).unwrap_or(u64::MAX))
    } else {
        1
    };
    let bound = (!exact).then(|| {
        solved
            .iter()
            .map(|s| {
                if s.exact {
                    s.best.energy
                } else {
                    s.bound.unwrap_or(f64::NEG_INFINITY)
                }
            })
            .sum()
    });
    let denominator = solved
        .iter()
        .map(|s| s.configurations)
        .fold(0u64, u64::saturating_add);
    Ok(Combined {
        found: Found {
            kept: kept.into_iter().map(|a| (a, 0)).collect(),
            stable_total,
            denominator,
        },
        exact,
        bound,
    })
}

/// The `limit` lexicographically smallest whole assignments with state 0 in bloc 0 that
/// give each part one of its options, ascending: a depth-first walk over the states in
/// index order, where each part keeps the options that agree with the labels its states
/// got so far (any surviving option completes the part, so no branch is a dead end).
/// Iterative, so that thousands of states need no deep stack.
fn smallest_combinations(
    n: usize,
    parts: &[Vec<usize>],
    options: &[Vec<Vec<u8>>],
    limit: usize,
) -> Vec<Vec<u8>> {
    let mut part_of = vec![(0usize, 0usize); n];
    for (p, members) in parts.iter().enumerate() {
        for (k, &i) in members.iter().enumerate() {
            part_of[i] = (p, k);
        }
    }
    let mut alive: Vec<Vec<usize>> = options.iter().map(|o| (0..o.len()).collect()).collect();
    let mut label = vec![0u8; n];
    let mut out = Vec::new();
    // Per depth: the next bloc to try there, and the part's options before the choice.
    let mut next = vec![0u8; n + 1];
    let mut saved: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut i = 0usize;
    loop {
        if out.len() >= limit {
            break;
        }
        if i == n {
            out.push(label.clone());
            // Back to the last state with a choice left.
            i -= 1;
            let (p, _) = part_of[i];
            alive[p] = std::mem::take(&mut saved[i]);
            continue;
        }
        let (p, k) = part_of[i];
        // State 0 is in bloc 0 in the whole's canonical form.
        let last = if i == 0 { 0 } else { 1 };
        let mut advanced = false;
        while next[i] <= last {
            let b = next[i];
            next[i] += 1;
            let keep: Vec<usize> = alive[p]
                .iter()
                .copied()
                .filter(|&o| options[p][o][k] == b)
                .collect();
            if keep.is_empty() {
                continue;
            }
            saved[i] = std::mem::replace(&mut alive[p], keep);
            label[i] = b;
            next[i + 1] = 0;
            i += 1;
            advanced = true;
            break;
        }
        if !advanced {
            if i == 0 {
                break;
            }
            i -= 1;
            let (q, _) = part_of[i];
            alive[q] = std::mem::take(&mut saved[i]);
        }
    }
    out
}
