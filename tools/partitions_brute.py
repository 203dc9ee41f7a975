#!/usr/bin/env python3
# Least energy with k blocs of the engine bench's `random:N:42` landscape, by enumerating
# every partition (no numpy needed). Usage: python3 tools/partitions_brute.py N K
# Every partition into at most k blocs (restricted growth strings), energy by the
# definition accumulated along the enumeration: the least energy, independent of ally.
import sys
sys.setrecursionlimit(10000)
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


n, k = int(sys.argv[1]), int(sys.argv[2])
s, p = random_landscape(n, 42)
w = [[s[i] * s[j] * p[i][j] for j in range(n)] for i in range(n)]
best = [float('inf')]
a = [0] * n
def rec(i, used, cut):
    if i == n:
        if 2 * cut < best[0]:
            best[0] = 2 * cut
        return
    wi = w[i]
    for b in range(min(used, k - 1) + 1):
        c = cut
        for j in range(i):
            if a[j] != b:
                c += wi[j]
        a[i] = b
        rec(i + 1, max(used, b + 1), c)
rec(1, 1, 0.0)
print(f"n={n} k={k} least energy {best[0]:.12e}")
