#!/usr/bin/env python3
"""Gambit as an outside oracle for `ally`'s games in extensive form.

Writes random game trees twice — as `.ally` text and as Gambit `.efg` files — solves
each with Gambit (pygambit: `pip install pygambit`), and records the answers as
fixtures in tests/data/gambit/trees.json, which `tests/integration/trees_gambit.rs`
compares with `ally`'s answers:

* `pure`: the payoff vectors of every pure Nash equilibrium (`enumpure_solve`), any
  number of players;
* `extreme`: for two players, the payoff vectors of every extreme Nash equilibrium of
  the (reduced) strategic form (`enummixed_solve`, rational arithmetic);
* `plans`: the number of strategies of each player in Gambit's strategic form.

Payoffs are exact fractions ("3/4"). The trees come from a fixed seed, so the file is
the same on every run:  python3 tools/gambit_trees.py [--count N] [--out PATH]
Gambit itself is not part of `ally`; only the recorded answers are committed.
"""

import argparse
import json
import os
import random
import sys
import tempfile
from fractions import Fraction

import pygambit as gbt


class Node:
    def __init__(self, kind, player=None, infoset=None, moves=None, probs=None, payoffs=None):
        self.kind = kind  # "p", "c" or "t"
        self.player = player
        self.infoset = infoset  # a name or None
        self.moves = moves or []  # [(name, child)]
        self.probs = probs or []
        self.payoffs = payoffs


def random_tree(rng, players, depth, chance, sets, degenerate):
    set_moves = {}

    def node(d):
        if d == 0 or (d < depth and rng.random() < 0.25):
            rg = 2 if degenerate else 9
            return Node("t", payoffs=[rng.randrange(rg) - rg // 2 for _ in range(players)])
        if chance and rng.random() < 0.2:
            probs = ["1/3", "2/3"] if rng.random() < 0.5 else ["1/4", "1/2", "1/4"]
            return Node("c", moves=[(f"n{i}", node(d - 1)) for i in range(len(probs))], probs=probs)
        p = rng.randrange(players)
        k = 2 + rng.randrange(2)
        name = None
        if sets and rng.random() < 0.5:
            name = f"{'ABC'[p]}{rng.randrange(2)}"
            k = set_moves.setdefault(name, k)
        return Node("p", player=p, infoset=name, moves=[(f"m{a}", node(d - 1)) for a in range(k)])

    return node(depth)


def ally_text(root, players):
    def node(n, indent):
        pad = "  " * indent
        if n.kind == "t":
            return ", ".join(str(v) for v in n.payoffs)
        if n.kind == "c":
            head = "chance {\n"
            lines = [f"{pad}  {m} {p} -> {node(c, indent + 1)}" for (m, c), p in zip(n.moves, n.probs)]
        else:
            who = "ABC"[n.player]
            head = f'{who} in "{n.infoset}" {{\n' if n.infoset else f"{who} {{\n"
            lines = [f"{pad}  {m} -> {node(c, indent + 1)}" for m, c in n.moves]
        return head + "\n".join(lines) + f"\n{pad}}}"

    names = ", ".join("ABC"[:players])
    return f"game R {{\n  players {names}\n  tree {node(root, 1)}\n}}\n"


def efg_text(root, players):
    """Gambit's .efg: nodes in preorder; information sets numbered per player."""
    numbers = {}  # (player, set name or id) -> number
    outcome = [0]
    lines = []

    def infoset(n):
        key = (n.player, n.infoset if n.infoset else id(n))
        if key not in numbers:
            numbers[key] = 1 + sum(1 for k in numbers if k[0] == n.player)
        return numbers[key]

    def walk(n):
        if n.kind == "t":
            outcome[0] += 1
            pays = ", ".join(str(v) for v in n.payoffs)
            lines.append(f't "" {outcome[0]} "" {{ {pays} }}')
            return
        if n.kind == "c":
            acts = " ".join(f'"{m}" {p}' for (m, _), p in zip(n.moves, n.probs))
            lines.append(f'c "" {id(n) % 100000 + 1} "" {{ {acts} }} 0')
        else:
            acts = " ".join(f'"{m}"' for m, _ in n.moves)
            lines.append(f'p "" {n.player + 1} {infoset(n)} "" {{ {acts} }} 0')
        for _, c in n.moves:
            walk(c)

    walk(root)
    names = " ".join(f'"{"ABC"[i]}"' for i in range(players))
    return f'EFG 2 R "R" {{ {names} }}\n""\n\n' + "\n".join(lines) + "\n"


def perfect_recall(root):
    """Whether every player remembers its own moves (ally refuses the others)."""
    history = {}
    ok = [True]

    def walk(n, own):
        if n.kind == "p" and n.infoset:
            mine = tuple(x for x in own if x[0] == n.player)
            key = (n.player, n.infoset)
            if key in history and history[key] != mine:
                ok[0] = False
            history.setdefault(key, mine)
            if any(x[1] == n.infoset for x in mine):
                ok[0] = False
        for a, (_, c) in enumerate(n.moves):
            step = own + ((n.player, n.infoset or id(n), a),) if n.kind == "p" else own
            walk(c, step)

    walk(root, ())
    return ok[0]


def exact(v):
    f = Fraction(str(v)) if not isinstance(v, Fraction) else v
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def payoffs(game, profile):
    return [exact(profile.payoff(p)) for p in game.players]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=40)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "tests", "data", "gambit", "trees.json"))
    args = ap.parse_args()
    rng = random.Random(29)
    cases = []
    shapes = [
        (2, 4, False, False, False),
        (2, 4, True, False, True),
        (3, 3, True, False, True),
        (2, 4, True, True, False),
        (2, 4, True, True, True),
        (3, 3, True, True, True),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        while len(cases) < args.count:
            players, depth, chance, sets, degenerate = shapes[len(cases) % len(shapes)]
            root = random_tree(rng, players, depth, chance, sets, degenerate)
            if root.kind == "t" or not perfect_recall(root):
                continue
            path = os.path.join(tmp, f"case{len(cases)}.efg")
            with open(path, "w") as f:
                f.write(efg_text(root, players))
            game = gbt.read_efg(path)
            plans = [len(p.strategies) for p in game.players]
            size = 1
            for k in plans:
                size *= k
            # enummixed (rational) takes seconds beyond about 6 × 8 plans.
            if size > 2000 or (players == 2 and size > 48):
                continue
            pure = sorted({tuple(payoffs(game, e)) for e in gbt.nash.enumpure_solve(game).equilibria})
            case = {
                "ally": ally_text(root, players),
                "plans": plans,
                "pure": [list(v) for v in pure],
            }
            if players == 2:
                mixed = gbt.nash.enummixed_solve(game, rational=True).equilibria
                case["extreme"] = sorted({tuple(payoffs(game, e)) for e in mixed})
                case["extreme"] = [list(v) for v in case["extreme"]]
            cases.append(case)
    with open(args.out, "w") as f:
        json.dump({"generator": "tools/gambit_trees.py", "gambit": gbt.__version__, "cases": cases}, f, indent=1)
        f.write("\n")
    print(f"{len(cases)} cases written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
