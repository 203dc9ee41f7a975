#!/usr/bin/env bash
# ally's exact two-bloc engine against a vectorised numpy brute force of the same
# landscapes (tools/numpy_landscape.py), in one run: 16, 20 and 22 states by default,
# or the sizes given as arguments. Both solve the same file; the script checks they agree
# on the least energy, the number of stable alignments and the basin of the prediction,
# and prints each side's best-of-3 solve time and the ratio.
#
# Needs numpy: `pip install numpy` (or `python3 -m pip install --user numpy`).
#
#   tools/compare-numpy.sh            # 16 20 22
#   tools/compare-numpy.sh 16 20 22 24
#   tools/compare-numpy.sh --who 22     # only what `who allies with whom?` needs (least energy and ties)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import numpy' 2>/dev/null || {
    echo "numpy is missing: pip install numpy" >&2
    exit 2
}
bin=$(cargo bench --bench engine --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "engine" and m.get("executable"):
        print(m["executable"])')
[ -n "$bin" ] || { echo "could not build the engine bench" >&2; exit 1; }
exec python3 tools/numpy_landscape.py compare "$bin" "$@"
