//! SPEC §6 targets for the alignment engine: exact two-bloc search with every stable
//! alignment and basin at 16, 20 and 24 states, and the heuristic at 100 and 1,000
//! states.
//!
//! The same binary also solves one landscape outside criterion, for `/usr/bin/time` and
//! for `tools/compare-numpy.sh`:
//!
//! ```sh
//! ALLY_SOLVE=random:30:42 cargo bench --bench engine     # n = 30, seed 42
//! ALLY_SOLVE=file:land.txt cargo bench --bench engine    # a landscape written by tools/numpy_landscape.py
//! ALLY_SOLVE=pairs:tests/data/biqmac/bqp100-1.txt cargo bench --bench engine   # the compact form (i j p per pair)
//! ALLY_SOLVE=ally:atop-2010.ally cargo bench --bench engine   # a scenario's landscape under its model
//! ALLY_WRITE=land.txt ALLY_SOLVE=ally:atop-2010.ally cargo bench --bench engine   # …also written out
//! ALLY_BASINS=0 ALLY_SOLVE=random:30:42 cargo bench --bench engine   # no basins
//! ALLY_BLOCS=3 ALLY_BASINS=0 ALLY_SOLVE=random:18:42 cargo bench --bench engine   # three blocs
//! ALLY_NEUTRAL=1 ALLY_BASINS=0 ALLY_SOLVE=random:60:1 cargo bench --bench engine   # blocs 2, neutral
//! ALLY_SOLVE=sparse:60:1:0.15 cargo bench --bench engine   # 15 % of pairs non-zero
//! ALLY_SOLVE=unit:60:1:0.15 cargo bench --bench engine     # unit sizes, ±1 signs
//! ALLY_BUDGET=30 ALLY_BASINS=0 ALLY_SOLVE=sparse:100:1:0.15 cargo bench --bench engine
//! ```
//!
//! prints one line: states, exact or not, least energy, stable count, seconds.
//!
//! `ALLY_HITS=K` measures the heuristic against exact enumeration instead: for each `N`
//! (a single size or a range `A..B`, inclusive) and each seed `SEED..SEED+K−1`, the
//! landscape is solved exactly (default `Limits`, without basins, which the least energy
//! does not need) and by the heuristic alone (`exact_max_configurations: 0`), and one
//! line per size gives the hits (heuristic least energy within `eps` of the exact one),
//! the worst relative gap and the mean and worst heuristic time:
//!
//! ```sh
//! ALLY_HITS=50 ALLY_SOLVE=unit:26..30:1:0.15 cargo bench --bench engine
//! ALLY_HITS=50 ALLY_EXACT=exact.txt ALLY_SOLVE=unit:26..30:1:0.15 cargo bench --bench engine
//! ```
//!
//! `ALLY_EXACT=FILE` keeps the exact least energies there (one `spec energy` line each,
//! appended on first solve, read back after), so comparing two builds of the heuristic
//! enumerates each landscape once. Past the walks the exact answer is the
//! branch-and-bound's, within `ALLY_BUDGET` seconds (default 5): a landscape it does not
//! certify is left out of the hits (`certified C/K`, kept as `spec uncertified`).

use std::hint::black_box;
use std::time::Instant;

use ally_core::engine::{Landscape, Limits, solve};
use criterion::{Criterion, criterion_group};

#[path = "../tests/integration/landscape_files.rs"]
mod landscape_files;

/// Uniform draws in [0, 1) from a splitmix64 stream.
fn uniform(mut state: u64) -> impl FnMut() -> f64 {
    move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A random landscape from a fixed seed (splitmix64), so runs compare. Sizes are uniform
/// in [0.05, 1.05), propensities uniform in [−1, 1); `tools/numpy_landscape.py` draws
/// the same numbers.
fn landscape(n: usize, seed: u64) -> Landscape {
    let mut unit = uniform(seed);
    let sizes = (0..n).map(|_| 0.05 + unit()).collect();
    symmetric(sizes, |_, _| 2.0 * unit() - 1.0)
}

/// Two blocs over `sizes`, the propensity of each pair `i < j` drawn in row order.
fn symmetric(sizes: Vec<f64>, mut draw: impl FnMut(usize, usize) -> f64) -> Landscape {
    let n = sizes.len();
    let mut propensity = vec![0.0; n * n];
    for i in 0..n {
        for j in i + 1..n {
            let p = draw(i, j);
            propensity[i * n + j] = p;
            propensity[j * n + i] = p;
        }
    }
    Landscape {
        sizes,
        propensity,
        blocs: 2,
        neutral: false,
    }
}

/// A landscape from text: `n`, then `n` sizes, then `n` rows of `n` propensities
/// (whitespace-separated).
fn read_landscape(path: &str) -> Landscape {
    let text = std::fs::read_to_string(path).expect("landscape file");
    let mut nums = text
        .split_whitespace()
        .map(|x| x.parse::<f64>().expect("number"));
    let n = nums.next().expect("n") as usize;
    let sizes: Vec<f64> = nums.by_ref().take(n).collect();
    let propensity: Vec<f64> = nums.take(n * n).collect();
    Landscape {
        sizes,
        propensity,
        blocs: 2,
        neutral: false,
    }
}

/// The landscape of a scenario file under its own model (`ally import atop --year Y
/// --all` writes the whole state system under `model balancing`).
fn scenario_landscape(path: &str) -> Landscape {
    let text = std::fs::read_to_string(path).expect("scenario file");
    let (checker, report) = ally_core::document::check_source(path, &text);
    assert!(report.diags.is_empty(), "{:?}", report.diags);
    let s = checker.state.scenario;
    ally_core::theory::landscape(&s, &s.model)
}

/// Writes `l` in the format `file:PATH` reads (n, the n sizes, the n rows of n
/// propensities), with every digit of each number.
fn write_landscape(l: &Landscape, path: &str) {
    let n = l.sizes.len();
    let mut out = format!("{n}\n");
    let line = |xs: &[f64]| {
        xs.iter()
            .map(|x| format!("{x:e}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    out.push_str(&line(&l.sizes));
    out.push('\n');
    for row in l.propensity.chunks(n.max(1)) {
        out.push_str(&line(row));
        out.push('\n');
    }
    std::fs::write(path, out).expect("writable");
}

/// Sparse landscapes shaped like alliance data: sizes as [`landscape`], each pair
/// non-zero with probability `density`, uniform in [−1, 1) (`unit_weights`: sizes 1 and
/// propensities ±1, the structural-balance case).
fn sparse(n: usize, seed: u64, density: f64, unit_weights: bool) -> Landscape {
    let mut unit = uniform(seed ^ 0x005E_ED0F_5BA5_u64);
    let sizes = (0..n)
        .map(|_| if unit_weights { 1.0 } else { 0.05 + unit() })
        .collect();
    symmetric(sizes, |_, _| {
        if unit() >= density {
            return 0.0;
        }
        let r = unit();
        if unit_weights {
            if r < 0.5 { -1.0 } else { 1.0 }
        } else {
            2.0 * r - 1.0
        }
    })
}

/// `random:N:SEED` (also `dense:N:SEED`), `sparse:N:SEED:DENSITY`,
/// `unit:N:SEED:DENSITY`, `file:PATH`, `pairs:PATH` or `ally:PATH`.
fn parse_spec(spec: &str) -> Landscape {
    let parts: Vec<&str> = spec.split(':').collect();
    let num = |x: &str| x.parse::<u64>().expect("number");
    match parts.as_slice() {
        ["random" | "dense", n, seed] => landscape(num(n) as usize, num(seed)),
        ["sparse", n, seed, d] => sparse(
            num(n) as usize,
            num(seed),
            d.parse().expect("density"),
            false,
        ),
        ["unit", n, seed, d] => sparse(
            num(n) as usize,
            num(seed),
            d.parse().expect("density"),
            true,
        ),
        ["file", path] => read_landscape(path),
        ["pairs", path] => landscape_files::read_pairs(std::path::Path::new(path)),
        ["ally", path] => scenario_landscape(path),
        _ => panic!(
            "ALLY_SOLVE=random:N:SEED, sparse:N:SEED:DENSITY, unit:N:SEED:DENSITY, file:PATH, pairs:PATH or ally:PATH"
        ),
    }
}

fn solve_once(spec: &str) {
    let l = parse_spec(spec);
    // ALLY_WRITE=PATH: the landscape to a file as well (for tools/milp_landscape.py).
    if let Ok(path) = std::env::var("ALLY_WRITE") {
        write_landscape(&l, &path);
    }
    // ALLY_BLOCS=k: the same landscape with k blocs; ALLY_NEUTRAL=1: with neutrality.
    let l = Landscape {
        blocs: std::env::var("ALLY_BLOCS").map_or(2, |v| v.parse().expect("blocs")),
        neutral: std::env::var("ALLY_NEUTRAL").is_ok_and(|v| v == "1"),
        ..l
    };
    // ALLY_BASINS=0: only what `who allies with whom?` needs (no successor array).
    // ALLY_BUDGET=SECONDS: the branch-and-bound's budget past the walks.
    let limits = Limits {
        basins: std::env::var("ALLY_BASINS").map_or(true, |v| v != "0"),
        budget: std::env::var("ALLY_BUDGET").map_or(ally_core::engine::DEFAULT_BUDGET, |v| {
            v.parse().expect("ALLY_BUDGET seconds")
        }),
        ..Limits::default()
    };
    let start = Instant::now();
    let sol = solve(&l, &limits).expect("solvable");
    let secs = start.elapsed().as_secs_f64();
    println!(
        "states {} neutral {} exact {} best {:.12e} stable {} basin_of_best {} seconds {secs:.4} gap {:?}",
        l.sizes.len(),
        sol.best
            .assignment
            .iter()
            .filter(|&&x| l.neutral && x == 0)
            .count(),
        sol.exact,
        sol.best.energy,
        sol.stable_total,
        sol.stable[0].basin_count,
        sol.gap(),
    );
}

/// `ALLY_HITS=K`: see the module comment.
fn hits(spec: &str, seeds: u64) {
    let parts: Vec<&str> = spec.split(':').collect();
    let (Some(family), Some(sizes), Some(first)) = (parts.first(), parts.get(1), parts.get(2))
    else {
        panic!("ALLY_HITS needs ALLY_SOLVE=FAMILY:N:SEED[:DENSITY], N a size or A..B");
    };
    let (low, high) = match sizes.split_once("..") {
        Some((a, b)) => (a.parse::<usize>().expect("size"), b.parse().expect("size")),
        None => {
            let n = sizes.parse().expect("size");
            (n, n)
        }
    };
    let first: u64 = first.parse().expect("seed");
    let rest = parts[3..].join(":");
    let cache_path = std::env::var("ALLY_EXACT").ok();
    // `None`: the branch-and-bound did not certify this landscape within its budget.
    let mut cache: std::collections::HashMap<String, Option<f64>> = cache_path
        .as_deref()
        .and_then(|p| std::fs::read_to_string(p).ok())
        .map(|text| {
            text.lines()
                .filter_map(|line| {
                    let (k, v) = line.split_once(' ')?;
                    let e = if v == "uncertified" {
                        None
                    } else {
                        Some(v.parse().ok()?)
                    };
                    Some((k.to_string(), e))
                })
                .collect()
        })
        .unwrap_or_default();
    // The heuristic alone: no enumeration, and no branch-and-bound behind it.
    let heuristic = Limits {
        exact_max_configurations: 0,
        budget: 0.0,
        ..Limits::default()
    };
    let exact_limits = Limits {
        basins: false,
        budget: std::env::var("ALLY_BUDGET").map_or(ally_core::engine::DEFAULT_BUDGET, |v| {
            v.parse().expect("ALLY_BUDGET seconds")
        }),
        ..Limits::default()
    };
    let (mut all_hits, mut all) = (0u64, 0u64);
    for n in low..=high {
        let (mut hit, mut worst_gap, mut total, mut worst) = (0u64, 0.0f64, 0.0f64, 0.0f64);
        let mut certified = 0u64;
        for seed in first..first + seeds {
            let one = if rest.is_empty() {
                format!("{family}:{n}:{seed}")
            } else {
                format!("{family}:{n}:{seed}:{rest}")
            };
            let l = parse_spec(&one);
            let least = match cache.get(&one) {
                Some(&e) => e,
                None => {
                    let sol = solve(&l, &exact_limits).expect("solvable");
                    let e = sol.exact.then_some(sol.best.energy);
                    if let Some(p) = &cache_path {
                        use std::io::Write;
                        let mut f = std::fs::OpenOptions::new()
                            .create(true)
                            .append(true)
                            .open(p)
                            .expect("ALLY_EXACT file");
                        // `{:?}` of f64 round-trips exactly.
                        match e {
                            Some(e) => writeln!(f, "{one} {e:?}"),
                            None => writeln!(f, "{one} uncertified"),
                        }
                        .expect("ALLY_EXACT file");
                    }
                    cache.insert(one.clone(), e);
                    e
                }
            };
            let Some(least) = least else {
                continue;
            };
            certified += 1;
            let start = Instant::now();
            let guess = solve(&l, &heuristic).expect("solvable");
            let secs = start.elapsed().as_secs_f64();
            assert!(!guess.exact);
            let tol = ally_core::engine::eps(&l);
            assert!(guess.best.energy >= least - tol, "{one}: below the optimum");
            if guess.best.energy <= least + tol {
                hit += 1;
            } else {
                worst_gap = worst_gap.max((guess.best.energy - least) / least.abs().max(tol));
            }
            total += secs;
            worst = worst.max(secs);
        }
        println!(
            "{family} n {n} {rest} seeds {first}..{} certified {certified}/{seeds} hits {hit}/{certified} worst_gap {:.3}% heuristic mean {:.2} ms worst {:.2} ms",
            first + seeds - 1,
            100.0 * worst_gap,
            1e3 * total / certified.max(1) as f64,
            1e3 * worst,
        );
        all_hits += hit;
        all += certified;
    }
    println!("total hits {all_hits}/{all}");
}

fn exact(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine_exact_2_blocs");
    group.sample_size(10);
    for n in [16, 20, 24] {
        let l = landscape(n, 42);
        let limits = Limits::default();
        group.bench_function(format!("{n}_states"), |b| {
            b.iter(|| solve(black_box(&l), &limits).map(|s| s.stable.len()))
        });
    }
    group.finish();
}

fn heuristic(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine_heuristic_2_blocs");
    group.sample_size(10);
    for n in [100, 1000] {
        let l = landscape(n, 42);
        let limits = Limits::default();
        group.bench_function(format!("{n}_states"), |b| {
            b.iter(|| solve(black_box(&l), &limits).map(|s| s.stable.len()))
        });
    }
    group.finish();
}

criterion_group!(benches, exact, heuristic);

fn main() {
    if let Ok(spec) = std::env::var("ALLY_SOLVE") {
        match std::env::var("ALLY_HITS") {
            Ok(k) => hits(&spec, k.parse().expect("ALLY_HITS=K")),
            Err(_) => solve_once(&spec),
        }
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
