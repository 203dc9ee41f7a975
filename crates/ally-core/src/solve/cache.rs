//! The evaluator's cache of solved landscapes, bounded: each entry holds an n × n
//! propensity matrix, and every snapshot, what-if and price solve would otherwise add
//! one for as long as the evaluator lives (a REPL session).

use std::sync::Arc;

use super::Solved;
use crate::engine::Landscape;

/// At most this many solved landscapes are kept: enough for `compare models?` (six
/// models of one snapshot) and for a query's solves to reuse each other.
pub const MAX_ENTRIES: usize = 8;
/// And at most this many propensity cells (f64) in all, 256 MiB; the newest entry is kept
/// whatever its size.
pub const MAX_CELLS: usize = 1 << 25;

/// Least recently used first; a hit moves to the back.
#[derive(Default)]
pub struct Cache {
    entries: Vec<((usize, String), Arc<Solved>)>,
}

impl Cache {
    /// The entry for `key`, if it is kept; it becomes the most recently used.
    pub fn get(&mut self, key: &(usize, String)) -> Option<Arc<Solved>> {
        let at = self.entries.iter().position(|(k, _)| k == key)?;
        let entry = self.entries.remove(at);
        let hit = entry.1.clone();
        self.entries.push(entry);
        Some(hit)
    }

    /// Keeps `solved` under `key`, dropping the least recently used entries beyond the
    /// bounds.
    pub fn insert(&mut self, key: (usize, String), solved: Arc<Solved>) {
        self.entries.retain(|(k, _)| *k != key);
        self.entries.push((key, solved));
        let cells = |e: &[((usize, String), Arc<Solved>)]| -> usize {
            e.iter().map(|(_, s)| s.landscape.propensity.len()).sum()
        };
        while self.entries.len() > 1
            && (self.entries.len() > MAX_ENTRIES || cells(&self.entries) > MAX_CELLS)
        {
            self.entries.remove(0);
        }
    }

    /// The most recently used entry solved for a landscape equal to `l` that [`serves`]
    /// a question wanting `basins` or not.
    pub fn same_landscape(&self, l: &Landscape, basins: bool) -> Option<Arc<Solved>> {
        self.entries
            .iter()
            .rev()
            .find(|(_, s)| serves(&s.solution, basins) && s.landscape == *l)
            .map(|(_, s)| s.clone())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Whether a solution answers a question that wants `basins` (or not). One with basins
/// answers a question without them only when exact: with three or more blocs past the
/// labelled walk the basins' list is the heuristic's while the prediction alone is
/// proven, and only a solve without basins says so.
pub fn serves(solution: &crate::engine::Solution, basins: bool) -> bool {
    solution.basins == basins || (solution.basins && solution.exact)
}
