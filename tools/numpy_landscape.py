#!/usr/bin/env python3
"""A straightforward vectorised numpy reference for ally's exact two-bloc landscape.

Needs numpy (`pip install numpy`; any 1.x or 2.x). Three uses:

    python3 tools/numpy_landscape.py write N SEED FILE   # random landscape -> FILE
    python3 tools/numpy_landscape.py solve FILE          # brute force, one line out
    python3 tools/numpy_landscape.py compare ALLY_BENCH_BINARY [--who] [N ...]

`compare` is what tools/compare-numpy.sh runs: for each N it writes one landscape,
solves it with ally (the engine bench binary in `ALLY_SOLVE=file:...` mode) and with
numpy, checks that both find the same least energy, stable count and basin of the
prediction, and prints the time ratio (each side's best of `--repeat` runs). With
`--who` both sides answer only what `who allies with whom?` needs (least energy and
stable count, no successors or basins: ally with `Limits::basins` off, numpy with
`solve_best`).

The landscape is the engine's (SPEC §1.1): w_ij = s_i s_j (p_ij + p_ji) / 2, two blocs,
state 0 fixed in bloc 0, configuration index bit n-1-i = state i's bloc (as in ally),
E = sum over pairs in different blocs of 2 w_ij, tolerance 2e-9 * sum_{i<j} |w_ij|.

The reference computes, for all 2^(n-1) configurations, in blocks of 2^16 rows:
the sign matrix S, the fields F = S @ W, g = S * F (flipping state i changes E by 2 g_i),
the energy E = sum_{i<j} w_ij - (1/2) sum_i g_i, the stable test (min 2 g_i >= -tol) and
the steepest successor (the lowest i with 2 g_i <= min + tol, exactly ally's tie rule).
Basins are done naively but vectorised: pointer jumping succ = succ[succ] over the whole
successor array until nothing changes, then a bincount of the ends.
"""

import sys
import time

import numpy as np

MASK = (1 << 64) - 1


def splitmix_units(seed, count):
    """The engine bench's generator: splitmix64, 53-bit uniform floats in [0, 1)."""
    state = seed & MASK
    out = []
    for _ in range(count):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z = z ^ (z >> 31)
        out.append((z >> 11) / float(1 << 53))
    return out


def random_landscape(n, seed):
    """Sizes in [0.05, 1.05), propensities in [-1, 1): benches/engine.rs's `landscape`."""
    units = iter(splitmix_units(seed, n + n * (n - 1) // 2))
    sizes = [0.05 + next(units) for _ in range(n)]
    p = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            v = 2.0 * next(units) - 1.0
            p[i][j] = v
            p[j][i] = v
    return sizes, p


def write(n, seed, path):
    sizes, p = random_landscape(n, seed)
    with open(path, "w") as f:
        f.write(f"{n}\n")
        f.write(" ".join(repr(s) for s in sizes) + "\n")
        for row in p:
            f.write(" ".join(repr(x) for x in row) + "\n")


def read(path):
    nums = open(path).read().split()
    n = int(float(nums[0]))
    sizes = np.array([float(x) for x in nums[1 : 1 + n]])
    p = np.array([float(x) for x in nums[1 + n : 1 + n + n * n]]).reshape(n, n)
    return sizes, p


def solve(sizes, p, block_bits=16):
    """Returns (least energy, stable count, basin count of the prediction)."""
    n = len(sizes)
    w = np.outer(sizes, sizes) * (p + p.T) / 2.0
    np.fill_diagonal(w, 0.0)
    upper = np.triu(w, 1)
    tol = 2.0 * np.abs(upper).sum() * 1e-9
    wsum = upper.sum()
    total = 1 << (n - 1)
    block = min(total, 1 << block_bits)
    # Bit n-1-i of the index is state i's bloc; state 0 is always in bloc 0.
    shifts = np.array([n - 1 - i for i in range(1, n)], dtype=np.int64)
    energies = np.empty(total)
    succ = np.empty(total, dtype=np.int64)
    all_bits = total - 1
    for start in range(0, total, block):
        idx = np.arange(start, start + block, dtype=np.int64)
        bits = (idx[:, None] >> shifts[None, :]) & 1
        s = np.ones((block, n))
        s[:, 1:] = 1.0 - 2.0 * bits
        g = s * (s @ w)
        energies[start : start + block] = wsum - 0.5 * g.sum(axis=1)
        two_g = 2.0 * g
        low = two_g.min(axis=1)
        movers = low < -tol
        first = np.argmax(two_g <= (low + tol)[:, None], axis=1)
        flip = np.where(first == 0, all_bits, np.left_shift(1, np.maximum(n - 1 - first, 0)))
        succ[start : start + block] = np.where(movers, idx ^ flip, idx)
    stable = np.flatnonzero(succ == np.arange(total))
    while True:
        nxt = succ[succ]
        if np.array_equal(nxt, succ):
            break
        succ = nxt
    basins = np.bincount(succ, minlength=total)
    low = energies[stable].min()
    tied = stable[energies[stable] <= low + tol]
    best = tied.min()
    return float(energies[best]), int(len(stable)), int(basins[best])


def solve_best(sizes, p, block_bits=16):
    """What `who allies with whom?` needs: (least energy, stable count, configurations
    tied with the least energy within the tolerance), no successors, no basins; memory
    independent of the configuration count."""
    n = len(sizes)
    w = np.outer(sizes, sizes) * (p + p.T) / 2.0
    np.fill_diagonal(w, 0.0)
    upper = np.triu(w, 1)
    tol = 2.0 * np.abs(upper).sum() * 1e-9
    wsum = upper.sum()
    total = 1 << (n - 1)
    block = min(total, 1 << block_bits)
    shifts = np.array([n - 1 - i for i in range(1, n)], dtype=np.int64)
    best = np.inf
    stable = 0
    near = []
    for start in range(0, total, block):
        idx = np.arange(start, start + block, dtype=np.int64)
        bits = (idx[:, None] >> shifts[None, :]) & 1
        s = np.ones((block, n))
        s[:, 1:] = 1.0 - 2.0 * bits
        g = s * (s @ w)
        e = wsum - 0.5 * g.sum(axis=1)
        stable += int(np.count_nonzero(2.0 * g.min(axis=1) >= -tol))
        low = float(e.min())
        near.extend(e[e <= low + tol].tolist())
        best = min(best, low)
    ties = sum(1 for x in near if x <= best + tol)
    return best, stable, ties


def run_ally(binary, path, basins=True):
    import os
    import subprocess

    env = dict(os.environ, ALLY_SOLVE=f"file:{path}", ALLY_BASINS="1" if basins else "0")
    out = subprocess.run([binary], env=env, capture_output=True, text=True, check=True).stdout
    f = out.split()
    kv = {f[i]: f[i + 1] for i in range(0, len(f) - 1, 2)}
    return float(kv["best"]), int(kv["stable"]), int(kv["basin_of_best"]), float(kv["seconds"])


def compare(binary, sizes, seed=42, repeat=3, who=False):
    import os
    import tempfile

    question = "who allies with whom? (no basins)" if who else "stable alignments? (with basins)"
    print(f"numpy {np.__version__}; {question}; best of {repeat} runs each; times are the solve only")
    print(f"{'states':>6} {'configurations':>14} {'ally s':>10} {'numpy s':>10} {'ratio':>8}  agree")
    for n in sizes:
        fd, path = tempfile.mkstemp(suffix=".landscape")
        os.close(fd)
        try:
            write(n, seed, path)
            s, p = read(path)
            ally_t = []
            for _ in range(repeat):
                a_best, a_stable, a_basin, secs = run_ally(binary, path, basins=not who)
                ally_t.append(secs)
            np_t = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                n_best, n_stable, n_basin = (solve_best if who else solve)(s, p)
                np_t.append(time.perf_counter() - t0)
            scale = max(1.0, abs(n_best))
            if who:
                # Without basins ally counts only the configurations tied with the least
                # energy (its search meets no other stable one); numpy's third value is
                # that count.
                n_stable, n_basin = n_basin, a_basin
            agree = (
                abs(a_best - n_best) <= 1e-9 * scale
                and a_stable == n_stable
                and a_basin == n_basin
            )
            ta, tn = min(ally_t), min(np_t)
            print(
                f"{n:>6} {1 << (n - 1):>14} {ta:>10.4f} {tn:>10.3f} {tn / ta:>7.0f}x  "
                f"{'yes' if agree else 'NO'} (E {n_best:.9g}, {n_stable} {'tied' if who else 'stable'}, basin {n_basin})"
            )
            if not agree:
                print(f"       ally: E {a_best:.12g}, {a_stable} stable, basin {a_basin}")
                sys.exit(1)
        finally:
            os.unlink(path)


def main(argv):
    if len(argv) >= 4 and argv[0] == "write":
        write(int(argv[1]), int(argv[2]), argv[3])
    elif len(argv) == 2 and argv[0] == "solve":
        s, p = read(argv[1])
        t0 = time.perf_counter()
        best, stable, basin = solve(s, p)
        secs = time.perf_counter() - t0
        print(f"states {len(s)} best {best:.12e} stable {stable} basin_of_best {basin} seconds {secs:.4f}")
    elif len(argv) >= 2 and argv[0] == "compare":
        who = "--who" in argv[2:]
        sizes = [int(x) for x in argv[2:] if x != "--who"] or [16, 20, 22]
        compare(argv[1], sizes, who=who)
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
