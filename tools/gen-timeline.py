#!/usr/bin/env python3
"""Writes a scenario of STATES states and BLOCKS `at` blocks ending in `timeline?`, for measuring
the timeline (docs/book/src/performance.md): python3 tools/gen-timeline.py 25 1000 > t.ally

Each state threatens one other; block b changes a threat when b is even and makes an offer (which
weighs nothing under the default model, balancing) when b is odd."""
import sys
n, blocks = int(sys.argv[1]), int(sys.argv[2])
print('scenario "timeline"')
for i in range(n):
    print(f"state S{i} {{ power 0.{1 + (i * 7919) % 9999:04d} offense 1.{i % 10} }}")
for i in range(n):
    j = (i*5+3)%n
    if j == i: j = (i+1)%n
    print(f"threat S{i} -> S{j} 0.{1 + i % 9}")
for b in range(blocks):
    a = (b * 7) % n; t = (b * 11 + 1) % n
    if t == a: t = (t + 1) % n
    # one block in two changes a threat; the other makes an offer, which weighs nothing
    # under balancing
    if b % 2 == 0:
        print(f"at {1000 + b} {{ threat S{a} -> S{t} 0.{1 + b % 9} }}")
    else:
        print(f"at {1000 + b} {{ offer S{a} -> S{t} {b % 50} }}")
print("timeline?")
