//! Allied pairs grouped into `alliance` lines: a clique cover, so each allied pair is
//! in exactly one line and gets the alliance bonus once.

use std::collections::{BTreeMap, BTreeSet};

/// Groups the pairs into cliques, each pair in exactly one: repeatedly the largest set
/// of vertices all pairwise joined by pairs not yet used (ties: the lexicographically
/// smallest list of indices).
pub fn clique_cover(pairs: &BTreeSet<(usize, usize)>) -> Vec<Vec<usize>> {
    let mut left = pairs.clone();
    let mut out = Vec::new();
    while !left.is_empty() {
        let mut adj: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for &(a, b) in &left {
            adj.entry(a).or_default().insert(b);
            adj.entry(b).or_default().insert(a);
        }
        let mut best: Vec<usize> = Vec::new();
        let all: BTreeSet<usize> = adj.keys().copied().collect();
        bron_kerbosch(&adj, Vec::new(), all, BTreeSet::new(), &mut best);
        for (k, &a) in best.iter().enumerate() {
            for &b in &best[k + 1..] {
                left.remove(&(a.min(b), a.max(b)));
            }
        }
        out.push(best);
    }
    out
}

fn bron_kerbosch(
    adj: &BTreeMap<usize, BTreeSet<usize>>,
    r: Vec<usize>,
    mut p: BTreeSet<usize>,
    mut x: BTreeSet<usize>,
    best: &mut Vec<usize>,
) {
    if p.is_empty() && x.is_empty() {
        let mut c = r;
        c.sort_unstable();
        if c.len() > best.len() || (c.len() == best.len() && c < *best) {
            *best = c;
        }
        return;
    }
    if r.len() + p.len() < best.len() {
        return;
    }
    let empty = BTreeSet::new();
    let nb = |v: usize| adj.get(&v).unwrap_or(&empty);
    // Pivot: the vertex of P ∪ X with the most neighbours in P.
    let pivot = p
        .iter()
        .chain(x.iter())
        .copied()
        .max_by_key(|&u| (nb(u).intersection(&p).count(), std::cmp::Reverse(u)));
    let candidates: Vec<usize> = match pivot {
        Some(u) => p.difference(nb(u)).copied().collect(),
        None => p.iter().copied().collect(),
    };
    for v in candidates {
        let mut r2 = r.clone();
        r2.push(v);
        let p2 = p.intersection(nb(v)).copied().collect();
        let x2 = x.intersection(nb(v)).copied().collect();
        bron_kerbosch(adj, r2, p2, x2, best);
        p.remove(&v);
        x.insert(v);
    }
}
