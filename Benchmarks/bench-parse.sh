#!/usr/bin/env bash
# Parse + validate a generated 2 M-line log on one core: Marquee's parser next to the Python
# peer (Benchmarks/peers/parse_peer.py), same file, same run. Prints both and the ratio.
#   LINES=2000000 RUNS=3 Benchmarks/bench-parse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${LINES:-2000000}; runs=${RUNS:-3}
mkdir -p .marquee/bench
log=.marquee/bench/parse-$lines.log
swift build -c release --product marquee >/dev/null
swift build -c release --product marquee-bench >/dev/null
[ -f "$log" ] || .build/release/marquee generate --lines "$lines" --seed 1 --users 20000 --movies 5000 --output "$log" --log-level warning
now=2026-01-01T00:00:00   # fixed ingest clock: both parsers judge far-future lines alike
median() { python3 -c 'import sys,statistics,json; xs=[json.loads(l)["lines_per_second"] for l in sys.stdin]; print(statistics.median(xs))'; }
swift_runs=(); peer_runs=()
for _ in $(seq "$runs"); do
  swift_runs+=("$(taskset -c 0 .build/release/marquee-bench parse "$log" --now "$now")")
  peer_runs+=("$(taskset -c 0 python3 Benchmarks/peers/parse_peer.py "$log" --now "$now")")
done
echo "marquee: ${swift_runs[-1]}"
echo "peer:    ${peer_runs[-1]}"
python3 - "${swift_runs[-1]}" "${peer_runs[-1]}" <<'PY'
import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
for key in ("lines", "accepted", "rejected"):
    if a[key] != b[key]:
        sys.exit(f"counts differ: {key} marquee={a[key]} peer={b[key]}")
if a["by_rule"] != b["by_rule"]:
    print("note: rejections by rule differ:", a["by_rule"], b["by_rule"])
PY
s=$(printf '%s\n' "${swift_runs[@]}" | median); p=$(printf '%s\n' "${peer_runs[@]}" | median)
python3 -c "print(f'median lines/s over $runs runs, one core: marquee {float($s):,.0f}  peer {float($p):,.0f}  ratio {float($s)/float($p):.1f}x')"
