#!/usr/bin/env python3
"""A bounded load on `ally serve`, on loopback only: CLIENTS threads run the course
examples (POST /api/run) while one more client sends 30-state `stable alignments?`
scenarios. Every loop is bounded in count and in time, and the script starts and stops
the server itself, so it can read the server's peak memory (VmHWM).

    cargo build --release
    python3 tools/load.py                       # 100 clients, 20 runs each, 60 s at most
    python3 tools/load.py --clients 10 --runs 5 --heavy 1

Prints requests per second, latency percentiles of the small requests, the heavy
requests' answers, and the server's peak memory. Extra arguments after `--` go to
`ally serve` (e.g. `-- --workers 2 --budget 10`)."""
import argparse
import http.client
import json
import os
import random
import re
import subprocess
import sys
import threading
import time

p = argparse.ArgumentParser()
p.add_argument("--bin", default="target/release/ally")
p.add_argument("--clients", type=int, default=100)
p.add_argument("--runs", type=int, default=20, help="runs per small client")
p.add_argument("--heavy", type=int, default=3, help="30-state requests, one after another")
p.add_argument("--states", type=int, default=30)
p.add_argument("--seconds", type=float, default=60, help="stop every loop after this")
p.add_argument("serve_args", nargs="*")
a = p.parse_args()

server = subprocess.Popen(
    [a.bin, "serve", "--bind", "127.0.0.1", "--port", "0", *a.serve_args],
    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
line = server.stdout.readline()
m = re.search(r"http://(127\.0\.0\.1):(\d+)", line)
if not m:
    server.kill()
    sys.exit(f"unexpected first line from ally serve: {line!r}")
HOST, PORT = m.group(1), int(m.group(2))
assert HOST == "127.0.0.1"  # loopback only
settings = server.stderr.readline().strip()


def vm(key):
    try:
        with open(f"/proc/{server.pid}/status") as f:
            for row in f:
                if row.startswith(key + ":"):
                    return int(row.split()[1]) * 1024
    except OSError:
        return 0
    return 0


def post(conn, path, source):
    body = json.dumps({"source": source})
    t = time.perf_counter()
    conn.request("POST", path, body, {"Content-Type": "application/json"})
    r = conn.getresponse()
    data = r.read()
    return r.status, data, time.perf_counter() - t


conn = http.client.HTTPConnection(HOST, PORT, timeout=120)
conn.request("GET", "/api/examples")
names = [e["name"] for e in json.loads(conn.getresponse().read())]
examples = []
for n in names:
    conn.request("GET", f"/api/examples/{n}")
    examples.append((n, json.loads(conn.getresponse().read())["source"]))
conn.close()

deadline = time.monotonic() + a.seconds
lock = threading.Lock()
small = []      # (latency, status, example)
heavy = []      # (latency, status, code)
start_gate = threading.Barrier(a.clients + 1 + (1 if a.heavy else 0))


def small_client(i):
    c = http.client.HTTPConnection(HOST, PORT, timeout=120)
    start_gate.wait()
    for k in range(a.runs):
        if time.monotonic() > deadline:
            break
        name, src = examples[(i + k) % len(examples)]
        try:
            status, _, dt = post(c, "/api/run", src)
        except (OSError, http.client.HTTPException) as e:
            status, dt = f"error {type(e).__name__}", float("nan")
            c.close()
            c = http.client.HTTPConnection(HOST, PORT, timeout=120)
        with lock:
            small.append((dt, status, name))
    c.close()


def thirty_states(seed):
    rnd = random.Random(seed)
    lines = [f'scenario "{a.states} states, seed {seed}"', "ideology red, blue"]
    for i in range(a.states):
        lines.append(f"state S{i} {{ power {rnd.uniform(0.01, 0.2):.4f} ideology {'red' if i % 2 else 'blue'} }}")
    pairs = set()
    while len(pairs) < a.states * 2:
        x, y = rnd.sample(range(a.states), 2)
        pairs.add((min(x, y), max(x, y)))
    for x, y in sorted(pairs):
        lines.append(f"border S{x} ~ S{y}")
    for x in range(0, a.states, 3):
        lines.append(f"threat S{x} -> S{(x + 1) % a.states} 0.{rnd.randint(1, 9)}")
    lines.append("model ideology 0.5, balancing 0.5")
    lines.append("stable alignments?")
    return "\n".join(lines) + "\n"


def heavy_client():
    c = http.client.HTTPConnection(HOST, PORT, timeout=120)
    start_gate.wait()
    for k in range(a.heavy):
        if time.monotonic() > deadline:
            break
        status, data, dt = post(c, "/api/run", thirty_states(k))
        try:
            doc = json.loads(data)
            code = (doc.get("error") or {}).get("code") or ",".join(
                d["code"] for d in doc.get("diagnostics", [])) or "ok"
        except ValueError:
            code = "not JSON"
        with lock:
            heavy.append((dt, status, code))
    c.close()


peak_rss = [0]
stop = threading.Event()


def sampler():
    while not stop.is_set():
        peak_rss[0] = max(peak_rss[0], vm("VmRSS"))
        time.sleep(0.05)


threads = [threading.Thread(target=small_client, args=(i,)) for i in range(a.clients)]
if a.heavy:
    threads.append(threading.Thread(target=heavy_client))
mem = threading.Thread(target=sampler)
mem.start()
for t in threads:
    t.start()
t0 = time.perf_counter()
start_gate.wait()
for t in threads:
    t.join()
wall = time.perf_counter() - t0
stop.set()
mem.join()
hwm = vm("VmHWM")
server.terminate()
server.wait(timeout=10)

ok = [s for s in small if s[1] == 200]
lat = sorted(s[0] for s in ok)


def pct(q):
    return lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")


statuses = {}
for s in small:
    statuses[s[1]] = statuses.get(s[1], 0) + 1
slowest = max(ok, key=lambda s: s[0]) if ok else None
print(f"server: {settings}")
print(f"machine: {os.cpu_count()} cores; {a.clients} small clients x {a.runs} runs of the "
      f"{len(examples)} course examples, {a.heavy} {a.states}-state `stable alignments?`")
print(f"wall time {wall:.1f} s; small requests {len(small)} ({statuses}); "
      f"{len(small) / wall:.1f} requests/s")
print(f"small latency: median {pct(0.5) * 1000:.0f} ms, p95 {pct(0.95) * 1000:.0f} ms, "
      f"p99 {pct(0.99) * 1000:.0f} ms, slowest {slowest[0] * 1000:.0f} ms ({slowest[2]})"
      if slowest else "no small request answered")
for dt, status, code in heavy:
    print(f"heavy: {dt:.2f} s, status {status}, {code}")
print(f"server peak memory: VmHWM {hwm / 2**20:.0f} MiB (sampled RSS peak {peak_rss[0] / 2**20:.0f} MiB)")
