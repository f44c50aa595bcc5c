#!/usr/bin/env bash
# Schema validation throughput: Marquee's RowValidator (JSON text → JSONValue → every error, as
# `marquee validate` does per row) next to Python's jsonschema (json.loads + Draft202012Validator
# iter_errors, Benchmarks/peers/validate_peer.py), same schema file, same rows, same run, one core
# each (taskset -c 0), one after the other. Prints rows/s of both, the ratio and peak RSS.
#   ROWS=200000 PEER_ROWS=50000 RUNS=3 Benchmarks/bench-validate.sh
# Marquee validates the whole generated file (ROWS interaction rows, ~2 % broken in five ways,
# Benchmarks/peers/validate_rows.py); the peer, ~10× slower, the first PEER_ROWS of the same
# file. Both must find the same valid/invalid counts on those rows, and Marquee exactly the
# broken rows of the whole file, or the script fails.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${ROWS:-200000}; peer_rows=${PEER_ROWS:-50000}; runs=${RUNS:-3}
(( peer_rows <= rows )) || peer_rows=$rows
python=$(scripts/pyenv.sh)   # .marquee/venv with jsonschema 4.26.0, as the tests use
mkdir -p .marquee/bench
file=.marquee/bench/validate-interaction-$rows-seed1.jsonl
[ -f "$file" ] && [ -f "$file.json" ] || python3 Benchmarks/peers/validate_rows.py "$file" --rows "$rows" --seed 1 > "$file.json"
swift build -c release --product marquee-bench >.marquee/bench/build.log 2>&1 || { cat .marquee/bench/build.log >&2; exit 1; }
out=.marquee/bench/validate-results.jsonl
: > "$out"
marquee() { taskset -c 0 .build/release/marquee-bench validate --schema interaction --file "$file" --repeats 3 --prefix "$peer_rows" | tee -a "$out"; }
peer() { taskset -c 0 "$python" Benchmarks/peers/validate_peer.py "$file" --schema schemas/interaction.schema.json --rows "$peer_rows" | tee -a "$out"; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (figures are only worth keeping on an idle machine)"
for run in $(seq "$runs"); do   # odd runs Marquee first, even runs the peer first
  if (( run % 2 )); then marquee; peer; else peer; marquee; fi
done
python3 - "$out" "$file.json" <<'PY'
import json, statistics, sys
results = [json.loads(line) for line in open(sys.argv[1])]
written = json.load(open(sys.argv[2]))
marquee = [r for r in results if r["side"] == "marquee"]
peer = [r for r in results if r["side"] == "jsonschema"]
for m in marquee:
    if (m["rows"], m["invalid"]) != (written["rows"], written["invalid_written"]):
        sys.exit(f"FAIL: Marquee found {m['invalid']} invalid of {m['rows']} rows; the generator broke "
                 f"{written['invalid_written']} of {written['rows']}")
for m, p in zip(marquee, peer):
    mine = (m["prefix"]["rows"], m["prefix"]["valid"], m["prefix"]["invalid"])
    theirs = (p["rows"], p["valid"], p["invalid"])
    if mine != theirs:
        sys.exit(f"FAIL: counts differ on the first {p['rows']} rows: Marquee (rows, valid, invalid) {mine}, "
                 f"jsonschema {theirs}")
m_rate = statistics.median(r["rows_per_second"] for r in marquee)
p_rate = statistics.median(r["rows_per_second"] for r in peer)
m_rss = max(r["peak_rss_bytes"] for r in marquee) / 2**20
p_rss = max(r["peak_rss_bytes"] for r in peer) / 2**20
print(f"\ncounts agree: first {peer[0]['rows']:,} rows {peer[0]['valid']:,} valid / {peer[0]['invalid']:,} invalid "
      f"on both sides; all {marquee[0]['rows']:,} rows: {marquee[0]['invalid']:,} invalid "
      f"(= rows the generator broke: {written['by_kind']})")
print(f"Marquee rejects by rule: {marquee[0]['by_rule']}")
print(f"median over {len(marquee)} runs, one core each:")
print(f"  marquee     {m_rate:>10,.0f} rows/s  ({1e6 / m_rate:.1f} µs/row, {marquee[0]['rows']:,} rows x 3, "
      f"median of each run)  peak RSS {m_rss:.0f} MiB")
print(f"  jsonschema  {p_rate:>10,.0f} rows/s  ({1e6 / p_rate:.1f} µs/row, {peer[0]['rows']:,} rows, "
      f"jsonschema {peer[0]['version']})  peak RSS {p_rss:.0f} MiB")
print(f"  ratio       {m_rate / p_rate:.1f}x  (Marquee rows/s / jsonschema rows/s)")
PY
