#!/usr/bin/env bash
# ALS training time: Marquee's ALSTrainer (CG and Cholesky) next to the `implicit` library's CPU
# ALS (use_cg=True), same data, factors, λ, iterations, threads and float32, same run, on
# ml-100k (with Recall@10 of both) and on a synthetic 100,000 × 20,000 × 5 M set.
#   ROUNDS=3 Benchmarks/bench-als.sh
# Each round runs Marquee and implicit one after the other (never at once: 2 cores), each
# first in turn; the figures are medians over all fits of all rounds. Only the fit is timed
# (no loading, no loss).
# implicit runs with OPENBLAS_NUM_THREADS=1, as it asks (it warns that OpenBLAS's own thread
# pool slows its per-row BLAS calls); Marquee sets OpenBLAS to one thread itself.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}
recbole=${RECBOLE:-../shared/datasets/ml-100k}
[ -f "$recbole/ml-100k.inter" ] || { echo "no $recbole/ml-100k.inter (set RECBOLE=DIR)" >&2; exit 1; }
venv=.marquee/bench-venv
pins=(implicit==0.7.3 numpy==2.4.6 scipy==1.17.1 threadpoolctl==3.8.0)
mkdir -p .marquee/bench
if ! "$venv/bin/python" -c 'import implicit, sys; sys.exit(implicit.__version__ != "0.7.3")' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "${pins[@]}"
fi
python=$venv/bin/python
swift build -c release --product marquee-bench >/dev/null
bench=.build/release/marquee-bench
pairs=.marquee/bench/als-synthetic-100000x20000x5000000-seed1.pairs
[ -f "$pairs" ] || $python Benchmarks/peers/als_synthetic.py "$pairs" --users 100000 --items 20000 --pairs 5000000 --seed 1
common=(--factors 64 --regularization 0.05 --iterations 15 --threads 2 --seed 42)
out=.marquee/bench/als-results.jsonl
: > "$out"
show() { python3 -c 'import json, sys; r = json.load(sys.stdin); print("  %-8s %-8s %-13s fits %s s" % (r["side"], r["solver"], r["dataset"][:13], " ".join("%.3f" % t for t in r["fit_seconds"])))'; }
marquee() { $bench als "${common[@]}" "$@" | tee -a "$out" | show; }
peer() { OPENBLAS_NUM_THREADS=1 $python Benchmarks/peers/als_peer.py "${common[@]}" "$@" | tee -a "$out" | show; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (figures are only worth keeping on an idle machine)"
# Odd rounds run Marquee first, even rounds implicit first (neither always gets the warm cache).
pair_runs() {  # $1: round; then the data arguments and Marquee's --repeats
  local round=$1; shift
  if (( round % 2 )); then marquee --solver cg "$@"; peer "$@"; else peer "$@"; marquee --solver cg "$@"; fi
}
for round in $(seq "$rounds"); do
  echo "round $round/$rounds"
  pair_runs "$round" --recbole "$recbole" --repeats 5
  marquee --recbole "$recbole" --solver cholesky --repeats 1
  pair_runs "$round" --pairs "$pairs" --repeats 1
done
marquee --pairs "$pairs" --solver cholesky --repeats 1   # once: it is the slow exact reference
python3 - "$out" <<'PY'
import json, os, statistics, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
def pick(side, dataset, solver):
    chosen = [r for r in runs if r["side"] == side and r["dataset"].startswith(dataset) and r["solver"] == solver]
    wall = statistics.median(t for r in chosen for t in r["fit_seconds"])
    cpu = statistics.median(t for r in chosen for t in r["cpu_seconds"])
    return chosen, wall, cpu, sum(len(r["fit_seconds"]) for r in chosen)
cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"\nmachine: {os.cpu_count()} CPUs ({cpu_model}), load average {open('/proc/loadavg').read().split()[0]}")
print("median fit time in s (CPU s of both threads; fits timed); peak RSS of the whole process")
print("| data | Marquee CG | Marquee Cholesky | implicit CG | Marquee CG / implicit (goal ≤ 0.8) "
      "| Recall@10 Marquee CG / Cholesky / implicit | peak RSS Marquee / implicit |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for dataset in ("ml-100k", "als-synthetic"):
    (m, mw, mc, mn), (c, cw, cc, cn), (p, pw, pc, pn) = (
        pick("marquee", dataset, "cg"), pick("marquee", dataset, "cholesky"), pick("implicit", dataset, "cg"))
    recall = " / ".join(f"{r[0]['recall_at_10']:.4f}" for r in (m, c, p)) if "recall_at_10" in m[0] else "–"
    rss = f"{max(r['peak_rss_bytes'] for r in m) / 2**20:.0f} / {max(r['peak_rss_bytes'] for r in p) / 2**20:.0f} MiB"
    shape = f"{m[0]['users']:,} × {m[0]['items']:,}, {m[0]['interactions']:,}"
    print(f"| {dataset} ({shape}) | {mw:.3f} ({mc:.2f}; {mn}) | {cw:.3f} ({cc:.2f}; {cn}) | {pw:.3f} ({pc:.2f}; {pn}) "
          f"| **{mw / pw:.2f}×** | {recall} | {rss} |")
PY
