#!/usr/bin/env python3
"""A MILP reference for ally's two-bloc least energy, solved to proven optimality by HiGHS.

Needs highspy and numpy (`pip install highspy numpy`; checked with highspy 1.16.0,
numpy 2.4). An independent check of the branch-and-bound (issue 17 item 2): it shares
no code with ally, only the landscape files and the bench's generators.

    python3 tools/milp_landscape.py write FAMILY:N:SEED[:DENSITY] FILE   # landscape -> FILE
    python3 tools/milp_landscape.py solve FILE [--threads T] [--time-limit S] [--scale]   # either form
    python3 tools/milp_landscape.py brute FILE      # enumeration (numpy_landscape.solve_best)
    python3 tools/milp_landscape.py qubo IN.qubo OUT.txt   # a Biq Mac QUBO as a landscape
    python3 tools/milp_landscape.py check ALLY_BENCH_BINARY [--basins] [--budget=S] SPEC ...
    python3 tools/milp_landscape.py fixtures DIR SPEC ...   # tests/data/milp
    python3 tools/milp_landscape.py append DIR SPEC          # one more fixture, manifest kept
    python3 tools/milp_landscape.py interleave DIR NAME FILE ...   # parts as one fixture

FAMILY is one of the engine bench's (benches/engine.rs): `random:N:SEED` (also
`dense:N:SEED`), `sparse:N:SEED:DENSITY`, `unit:N:SEED:DENSITY`; the file format is
the one `ALLY_SOLVE=file:PATH` reads and tools/numpy_landscape.py writes (n, the n
sizes, the n rows of n propensities). `solve` prints one line:
`states N best E optimal yes|no gap G seconds S highspy V`, where E is the energy of
HiGHS's configuration recomputed from the landscape; it exits if HiGHS's objective is
not that energy to 1e-9 relative. `--scale` divides the costs by the largest |w_ij|
first (HiGHS's tolerances are absolute, and swamp landscapes of tiny weights such as
the bundled years'), never exits on a disagreement, and adds HiGHS's own `objective O`
and `dual D` (its dual bound) in the landscape's units: where they lie above E, HiGHS's
claim of optimality holds only to its tolerances. `check` solves each
FAMILY spec with ally (the engine bench binary, on the bench's own generator and on
this script's file of it, which shows the two generators agree) and with HiGHS, and
exits 1 unless all agree to 1e-9 relative with both optima proven.

The model (SPEC §1.1): w_ij = s_i s_j (p_ij + p_ji) / 2, x_i in {0, 1} the bloc of
state i with x_0 = 0, E = sum over pairs in different blocs of 2 w_ij. For each pair
with w_ij != 0 a cut variable z_ij = x_i XOR x_j enters the objective with cost 2 w_ij.
Only the two XOR inequalities the sign needs are written: a positive cost wants z
small, so z >= x_i - x_j and z >= x_j - x_i force it up to the XOR; a negative cost
wants z large, so z <= x_i + x_j and z <= 2 - x_i - x_j hold it down to the XOR. At the
optimum z then equals the XOR, and the objective is the energy.
"""

import sys
import time

import numpy as np

sys.path.insert(0, __import__("os").path.dirname(__file__))
from numpy_landscape import random_landscape, read, solve_best  # noqa: E402

MASK = (1 << 64) - 1


def splitmix_stream(seed):
    """The bench's `uniform`: the same splitmix64 as numpy_landscape.splitmix_units, but as
    an unbounded stream, since the sparse generators draw a data-dependent count."""
    from numpy_landscape import splitmix_units

    # splitmix_units(seed, k) is a prefix of the stream; draw in growing batches and
    # resume from the state after each (state advances by one golden gamma a draw).
    gamma = 0x9E3779B97F4A7C15
    state = seed & MASK
    while True:
        batch = splitmix_units(state, 4096)
        yield from batch
        state = (state + 4096 * gamma) & MASK


def sparse_landscape(n, seed, density, unit_weights):
    """benches/engine.rs's `sparse`: a pair is non-zero when its first draw is below
    `density`; its value is then a second draw (±1 for `unit`)."""
    draws = splitmix_stream(seed ^ 0x005EED0F5BA5)
    sizes = [1.0 if unit_weights else 0.05 + next(draws) for _ in range(n)]
    p = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            if next(draws) >= density:
                continue
            r = next(draws)
            v = (-1.0 if r < 0.5 else 1.0) if unit_weights else 2.0 * r - 1.0
            p[i][j] = v
            p[j][i] = v
    return sizes, p


def from_spec(spec):
    parts = spec.split(":")
    if parts[0] in ("random", "dense") and len(parts) == 3:
        return random_landscape(int(parts[1]), int(parts[2]))
    if parts[0] in ("sparse", "unit") and len(parts) == 4:
        return sparse_landscape(int(parts[1]), int(parts[2]), float(parts[3]), parts[0] == "unit")
    raise SystemExit("FAMILY:N:SEED[:DENSITY]: random:N:SEED, sparse:N:SEED:D or unit:N:SEED:D")


def write(spec, path):
    sizes, p = from_spec(spec)
    with open(path, "w") as f:
        f.write(f"{len(sizes)}\n")
        f.write(" ".join(repr(s) for s in sizes) + "\n")
        for row in p:
            f.write(" ".join(repr(x) for x in row) + "\n")


def weights(sizes, p):
    w = np.outer(sizes, sizes) * (p + p.T) / 2.0
    np.fill_diagonal(w, 0.0)
    return w


def milp(sizes, p, threads=1, time_limit=None):
    """Returns (least energy, proven optimal, relative gap, seconds); exits if the
    objective is not the energy of the solution to 1e-9 relative."""
    d = milp_detail(sizes, p, threads, time_limit)
    energy, objective = d["energy"], d["objective"]
    if abs(energy - objective) > 1e-9 * max(1.0, abs(energy)):
        raise SystemExit(f"objective {objective!r} is not the energy {energy!r} of its solution")
    return energy, d["optimal"], d["gap"], d["seconds"]


def milp_detail(sizes, p, threads=1, time_limit=None, scale=False):
    """Solves the MILP and returns a dict: `energy` (of the configuration found,
    recomputed from the definition), `objective` and `dual` (HiGHS's objective and dual
    bound, in the landscape's units), `optimal`, `gap`, `seconds`.

    With `scale`, the costs are divided by the largest |w_ij| first: HiGHS's tolerances
    are absolute (about 1e-6 to 1e-7), so on landscapes whose weights are all far below
    1 (the bundled years' are below 0.004) they swamp the objective, and its answer
    disagrees with its own solution's energy. Scaling changes no configuration's rank."""
    import highspy

    n = len(sizes)
    w = weights(sizes, p)
    big = float(np.abs(w).max()) if scale and n > 1 else 0.0
    factor = 1.0 / big if big > 0.0 else 1.0
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.0)
    h.setOptionValue("threads", threads)
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    inf = highspy.kHighsInf
    # Columns 0..n-1: x_i (x_0 fixed to 0); then one z per non-zero pair.
    for i in range(n):
        h.addVar(0.0, 0.0 if i == 0 else 1.0)
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n) if w[i, j] != 0.0]
    for k, (i, j) in enumerate(pairs):
        h.addVar(0.0, 1.0)
        h.changeColCost(n + k, 2.0 * w[i, j] * factor)
    # Only x is integral: with x integral the two inequalities bound z to the XOR from the
    # side its cost pushes against, so z needs no branching.
    h.changeColsIntegrality(
        n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger)
    )
    for k, (i, j) in enumerate(pairs):
        z = n + k
        if w[i, j] > 0.0:
            # z - x_i + x_j >= 0 and z + x_i - x_j >= 0
            h.addRow(0.0, inf, 3, np.array([z, i, j], dtype=np.int32), np.array([1.0, -1.0, 1.0]))
            h.addRow(0.0, inf, 3, np.array([z, i, j], dtype=np.int32), np.array([1.0, 1.0, -1.0]))
        else:
            # z - x_i - x_j <= 0 and z + x_i + x_j <= 2
            h.addRow(-inf, 0.0, 3, np.array([z, i, j], dtype=np.int32), np.array([1.0, -1.0, -1.0]))
            h.addRow(-inf, 2.0, 3, np.array([z, i, j], dtype=np.int32), np.array([1.0, 1.0, 1.0]))
    t0 = time.perf_counter()
    h.run()
    secs = time.perf_counter() - t0
    status = h.getModelStatus()
    info = h.getInfo()
    # The energy of the configuration found, recomputed from the definition rather than
    # read off the objective, so a z that is not the XOR could not go unnoticed.
    x = np.round(np.array(h.getSolution().col_value[:n]))
    cut = x[:, None] != x[None, :]
    energy = float(np.triu(2.0 * w * cut, 1).sum())
    return {
        "energy": energy,
        "objective": info.objective_function_value / factor,
        "dual": info.mip_dual_bound / factor,
        "optimal": status == highspy.HighsModelStatus.kOptimal,
        "gap": info.mip_gap,
        "seconds": secs,
    }


def highspy_version():
    from importlib.metadata import version

    return version("highspy")


def run_ally(binary, solve, budget=None, basins=False):
    """One `ALLY_SOLVE=...` run of the engine bench binary: (exact, least energy, seconds)."""
    import os
    import subprocess

    env = dict(os.environ, ALLY_SOLVE=solve, ALLY_BASINS="1" if basins else "0")
    if budget is not None:
        env["ALLY_BUDGET"] = str(budget)
    out = subprocess.run([binary], env=env, capture_output=True, text=True, check=True).stdout
    f = out.split()
    kv = {f[i]: f[i + 1] for i in range(0, len(f) - 1, 2)}
    return kv["exact"] == "true", float(kv["best"]), float(kv["seconds"])


def check(binary, specs, budget=None, basins=False):
    """For each spec: ally on the bench's own generator and on this script's file of it
    (the same answer to the last digit shows the generators agree), and HiGHS on the
    file; exits 1 unless all three agree to 1e-9 relative and both solvers prove it."""
    import os
    import tempfile

    print(f"highspy {highspy_version()}, threads 1; ally with basins {'on' if basins else 'off'}")
    print(f"{'landscape':>22} {'ally s':>9} {'HiGHS s':>9}  least energy        agree")
    ok = True
    for spec in specs:
        fd, path = tempfile.mkstemp(suffix=".landscape")
        os.close(fd)
        try:
            write(spec, path)
            own_exact, own, _ = run_ally(binary, spec, budget, basins)
            exact, best, secs = run_ally(binary, f"file:{path}", budget, basins)
            sizes, p = read(path)
            energy, optimal, _, hsecs = milp(sizes, p)
        finally:
            os.unlink(path)
        same_file = own == best and own_exact == exact
        agree = exact and optimal and abs(best - energy) <= 1e-9 * max(1.0, abs(energy))
        ok = ok and same_file and agree
        print(
            f"{spec:>22} {secs:>9.3f} {hsecs:>9.3f}  {energy:<19.12g} "
            f"{'yes' if agree and same_file else 'NO'}"
            + ("" if same_file else f" (ally on the generator: {own!r}, on the file: {best!r})")
            + ("" if exact else " (ally not exact)")
            + ("" if optimal else " (HiGHS not optimal)")
            + ("" if agree else f" (ally {best!r})")
        )
    if not ok:
        sys.exit(1)


def write_pairs(sizes, p, path):
    """The fixtures' compact form: n, the n sizes, then `i j p_ij` for each non-zero pair
    i < j (the propensities are symmetric, as every bench family's)."""
    n = len(sizes)
    with open(path, "w") as f:
        f.write(f"{n}\n")
        f.write(" ".join(repr(float(s)) for s in sizes) + "\n")
        for i in range(n):
            for j in range(i + 1, n):
                if p[i][j] != 0.0:
                    f.write(f"{i} {j} {float(p[i][j])!r}\n")


def qubo(src, dst):
    """A Biq Mac library QUBO (`n`, then `i j q_ij`, 1-based, the upper triangle with the
    diagonal: minimise f(x) = x^T Q x = sum_i q_ii x_i + 2 sum_{i<j} q_ij x_i x_j over x in
    {0,1}^n; the library's optimum is this minimum, e.g. -7970 for bqp100-1) as a
    landscape of n + 1 states. With state 0 the reference and x_i = (1 - s_0 s_i)/2:
    x_i x_j = (z_0i + z_0j - z_ij)/4 with z_ab = 1 - s_a s_b, so f = sum_{a<b} w_ab z_ab
    exactly, w_0i = q_ii/2 + sum_{j != i} q_ij/2 and w_ij = -q_ij/2. With unit sizes and
    propensities p = w the energy is sum_{a<b} 2 w_ab [a, b apart] = sum w_ab z_ab = f:
    the least energy is the library's optimum itself."""
    nums = open(src).read().split()
    rest = nums[1:]
    entries = [
        (int(rest[k]), int(rest[k + 1]), float(rest[k + 2]))
        for k in range(0, len(rest), 3)
    ]
    n = max(max(i, j) for i, j, _ in entries)
    w = np.zeros((n + 1, n + 1))
    for i, j, q in entries:
        if i == j:
            w[0, i] += q / 2.0
        else:
            w[0, i] += q / 2.0
            w[0, j] += q / 2.0
            w[min(i, j), max(i, j)] -= q / 2.0
    write_pairs(np.ones(n + 1), w + w.T, dst)


def read_any(path):
    """A landscape in either form: the full one (`n`, the `n` sizes, the `n` rows of `n`
    propensities, exactly `1 + n + n²` numbers), else the compact one of `read_pairs`."""
    nums = open(path).read().split()
    n = int(float(nums[0]))
    if len(nums) == 1 + n + n * n:
        return read(path)
    return read_pairs(path)


def read_pairs(path):
    nums = open(path).read().split()
    n = int(nums[0])
    sizes = np.array([float(x) for x in nums[1 : 1 + n]])
    p = np.zeros((n, n))
    rest = nums[1 + n :]
    for k in range(0, len(rest), 3):
        i, j, v = int(rest[k]), int(rest[k + 1]), float(rest[k + 2])
        p[i, j] = p[j, i] = v
    return sizes, p


def fixtures(directory, specs):
    """Writes each spec to DIRECTORY/<spec with ':' as '_'>.txt in the compact form and
    the manifest DIRECTORY/optima.txt, each optimum solved from the file as re-read."""
    import os
    import platform

    lines = [
        "# HiGHS-proven least energies of the fixtures beside this file (issue 17 item 2).",
        f"# Computed by `python3 tools/milp_landscape.py fixtures tests/data/milp {' '.join(specs)}`",
        f"# with highspy {highspy_version()}, numpy {np.__version__}, Python {platform.python_version()}:",
        "# binary x (x_0 = 0), one cut variable per non-zero pair, mip_rel_gap 0, threads 1.",
        "# file  optimum (repr of the f64)  HiGHS seconds",
    ]
    for spec in specs:
        name = spec.replace(":", "_") + ".txt"
        path = os.path.join(directory, name)
        sizes, p = from_spec(spec)
        write_pairs(sizes, p, path)
        sizes, p = read_pairs(path)
        energy, optimal, _, secs = milp(sizes, p)
        if not optimal:
            raise SystemExit(f"{spec}: HiGHS did not prove the optimum")
        lines.append(f"{name} {energy!r} {secs:.2f}")
        print(lines[-1])
    with open(os.path.join(directory, "optima.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


def solve_and_list(directory, name, sizes, p, how):
    """Writes one fixture, solves it as re-read and appends its line (and how it was
    made) to DIRECTORY/optima.txt."""
    import os

    path = os.path.join(directory, name)
    write_pairs(sizes, p, path)
    sizes, p = read_pairs(path)
    energy, optimal, _, secs = milp(sizes, p)
    if not optimal:
        raise SystemExit(f"{name}: HiGHS did not prove the optimum")
    with open(os.path.join(directory, "optima.txt"), "a") as f:
        f.write(f"# {how} (highspy {highspy_version()}):\n{name} {energy!r} {secs:.2f}\n")
    print(name, energy, secs)


def append(directory, spec):
    """One more bench-family fixture, the manifest's other lines kept."""
    sizes, p = from_spec(spec)
    how = f"python3 tools/milp_landscape.py append tests/data/milp {spec}"
    solve_and_list(directory, spec.replace(":", "_") + ".txt", sizes, p, how)


def interleave(directory, name, files):
    """Fixtures as independent parts of one landscape: state i of part c becomes state
    i·m + c (m parts), so the parts interleave by index and no pair joins two."""
    parts = [read_pairs(f) for f in files]
    m = len(parts)
    n = sum(len(s) for s, _ in parts)
    sizes = np.zeros(n)
    p = np.zeros((n, n))
    # Parts of unequal sizes: the indices past the shorter ones go on in order.
    index = []
    for c, (s, _) in enumerate(parts):
        index.append([])
    slot = 0
    longest = max(len(s) for s, _ in parts)
    for i in range(longest):
        for c, (s, _) in enumerate(parts):
            if i < len(s):
                index[c].append(slot)
                slot += 1
    for c, (s, q) in enumerate(parts):
        for a, i in enumerate(index[c]):
            sizes[i] = s[a]
            for b, j in enumerate(index[c]):
                p[i, j] = q[a, b]
    import os

    how = "python3 tools/milp_landscape.py interleave tests/data/milp " + name + " " + " ".join(
        os.path.basename(f) for f in files
    )
    solve_and_list(directory, name, sizes, p, how)


def main(argv):
    if len(argv) == 3 and argv[0] == "write":
        write(argv[1], argv[2])
    elif len(argv) >= 2 and argv[0] == "solve":
        threads, limit, scale = 1, None, False
        rest = argv[2:]
        while rest:
            if rest[0] == "--scale":
                scale, rest = True, rest[1:]
            elif rest[0] == "--threads" and len(rest) > 1:
                threads, rest = int(rest[1]), rest[2:]
            elif rest[0] == "--time-limit" and len(rest) > 1:
                limit, rest = float(rest[1]), rest[2:]
            else:
                raise SystemExit(__doc__)
        sizes, p = read_any(argv[1])
        if scale:
            d = milp_detail(sizes, p, threads, limit, scale=True)
            print(
                f"states {len(sizes)} best {d['energy']:.12e} "
                f"optimal {'yes' if d['optimal'] else 'no'} objective {d['objective']:.12e} "
                f"dual {d['dual']:.12e} gap {d['gap']:.3g} seconds {d['seconds']:.4f} "
                f"highspy {highspy_version()}"
            )
        else:
            energy, optimal, gap, secs = milp(sizes, p, threads, limit)
            print(
                f"states {len(sizes)} best {energy:.12e} optimal {'yes' if optimal else 'no'} "
                f"gap {gap:.3g} seconds {secs:.4f} highspy {highspy_version()}"
            )
    elif len(argv) >= 3 and argv[0] == "check":
        basins = "--basins" in argv[2:]
        budget = None
        specs = [a for a in argv[2:] if a != "--basins"]
        if specs and specs[0].startswith("--budget="):
            budget, specs = float(specs[0].split("=", 1)[1]), specs[1:]
        check(argv[1], specs, budget, basins)
    elif len(argv) >= 3 and argv[0] == "fixtures":
        fixtures(argv[1], argv[2:])
    elif len(argv) == 3 and argv[0] == "append":
        append(argv[1], argv[2])
    elif len(argv) >= 5 and argv[0] == "interleave":
        interleave(argv[1], argv[2], argv[3:])
    elif len(argv) == 3 and argv[0] == "qubo":
        qubo(argv[1], argv[2])
    elif len(argv) == 2 and argv[0] == "brute":
        sizes, p = read(argv[1])
        t0 = time.perf_counter()
        best, _, _ = solve_best(sizes, p)
        print(f"states {len(sizes)} best {best:.12e} seconds {time.perf_counter() - t0:.4f}")
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
