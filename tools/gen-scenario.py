#!/usr/bin/env python3
"""Writes a generated scenario (STATES states, RELATIONS relations) to stdout, for
measuring `ally check` on large inputs: python3 tools/gen-scenario.py 10000 100000 > big.ally

Duplicate pairs are avoided so that the file checks without errors."""
import sys

states = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
relations = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
out = sys.stdout
out.write('scenario "generated"\nideology red, blue, green\n')
ideo = ["red", "blue", "green"]
for i in range(states):
    out.write(f"state S{i} {{ power 0.{1 + (i * 7919) % 9999:04d} ideology {ideo[i % 3]} offense 1.{i % 10} }}\n")
x = 0x2545F4914F6CDD1D
mask = (1 << 64) - 1
def nxt(m):
    global x
    x ^= (x << 13) & mask
    x ^= x >> 7
    x ^= (x << 17) & mask
    return x % m
seen = set()
r = 0
while r < relations:
    a = nxt(states)
    b = (a + 1 + nxt(states - 1)) % states
    kind = r % 4
    key = (kind, a, b) if kind in (1, 2) else (kind, min(a, b), max(a, b))
    if key in seen:
        continue
    seen.add(key)
    if kind == 0:
        out.write(f"border S{a} ~ S{b}\n")
    elif kind == 1:
        out.write(f"threat S{a} -> S{b} 0.{1 + r % 9}\n")
    elif kind == 2:
        out.write(f"offer S{a} -> S{b} {r % 100}\n")
    else:
        out.write(f"distance S{a} ~ S{b} = 0.{1 + r % 9}\n")
    r += 1
