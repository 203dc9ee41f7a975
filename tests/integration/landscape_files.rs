//! The compact landscape files of `tools/milp_landscape.py` (`fixtures`, `qubo`), read
//! by the MILP tests and by the engine bench (`ALLY_SOLVE=pairs:PATH`), which includes
//! this file as a module of its own.

use std::path::Path;

use ally_core::engine::Landscape;

/// A fixture: `n`, the `n` sizes, then `i j p_ij` per non-zero pair `i < j`.
pub fn read_pairs(path: &Path) -> Landscape {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let mut words = text.split_whitespace();
    let n: usize = words.next().and_then(|w| w.parse().ok()).expect("n");
    let sizes: Vec<f64> = (0..n)
        .map(|_| words.next().and_then(|w| w.parse().ok()).expect("size"))
        .collect();
    let mut propensity = vec![0.0; n * n];
    let rest: Vec<&str> = words.collect();
    assert_eq!(rest.len() % 3, 0, "{path:?}: pairs come in threes");
    for t in rest.chunks(3) {
        let (i, j): (usize, usize) = (t[0].parse().expect("i"), t[1].parse().expect("j"));
        let p: f64 = t[2].parse().expect("propensity");
        assert!(i < j && j < n, "{path:?}: pair {i} {j}");
        propensity[i * n + j] = p;
        propensity[j * n + i] = p;
    }
    Landscape {
        sizes,
        propensity,
        blocs: 2,
        neutral: false,
    }
}
