#!/usr/bin/env bash
# Serving under load: `marquee serve` next to the Python services movie-recommendation projects
# run (FastAPI under uvicorn with 2 workers, Flask under gunicorn --workers 2 --threads 4, both
# scoring with numpy; Benchmarks/peers/serve_*.py) and nginx returning a fixed line of 20 ids
# (the HTTP ceiling of this machine with wrk beside it), on the same ALS factors (64): ml-100k
# and a synthetic 100,000 users × 20,000 movies (`marquee-bench serve-model`).
#   DURATION=20 Benchmarks/bench-serve.sh          (SERVERS="marquee nginx", CONNECTIONS="64" narrow it)
# Before any timing, every server's answers for 20 uids (known and unknown) must equal the
# Python ranking of the same artifact (Benchmarks/peers/serve_check.py), or the script stops.
# Then wrk --latency (Benchmarks/peers/wrk_uids.lua: random uids, 5 % unknown, formatted once at
# start so wrk takes little of the CPU it shares with the server) runs DURATION s at 1, 16 and 64
# connections against each server in turn (a server is stopped once timed; the ones still to come
# sit idle), one JSON line per run, and at the end the ratios
# issue 5 asks for, with their goals.
# The served log is part of every marquee answer: before marquee stops, the script waits until its
# served log has drained (nothing in memory or spooled; a private spool, emptied at start) and
# compares the rows Postgres holds with the answers marquee counted. A missing or dropped record
# counts as an error like a non-200 answer. Each run's line also holds the CPU PostgreSQL used
# during it, and each marquee configuration's served log is vacuumed, untimed, once its server
# stops: autovacuum would otherwise do it during the next server's runs.
# marquee runs twice: as installed (`marquee`: one event loop per core but one, so one loop on 2
# cores) and with one loop per core (`marquee-percore`, `--event-loops $(nproc)`, the default
# before 2026-11-25), which takes the core left to wrk and Postgres on this box: more req/s at
# times, a higher tail. Each has its own database and spool, and the goals are printed for both.
# Every server runs unpinned, as installed (no --event-loop-cpus for marquee serve): with the
# served log at 5 M rows, Postgres's writes and autovacuum on the same 2 cores, pinned event loops
# could not move off a busy core and p99 rose to 85-165 ms (BENCHMARKS.md, "Serving under load").
# The Python peers run with OPENBLAS_NUM_THREADS=1, their best setting: with OpenBLAS's own
# thread pool, every worker's BLAS threads fight over the 2 cores on each request's
# matrix-vector product. Measured here on 100k × 20k at 64 connections, without it FastAPI did
# 511 req/s instead of 9,661 and Flask 389 instead of 5,800 (p99 1.2 s and 0.6 s); at one
# connection it costs nothing. So the setting is theirs, not a handicap that flatters Marquee.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${DURATION:-20}
recbole=${RECBOLE:-../shared/datasets/ml-100k}
read -r -a servers <<< "${SERVERS:-nginx marquee marquee-percore fastapi flask}"
read -r -a connections <<< "${CONNECTIONS:-1 16 64}"
[ -f "$recbole/ml-100k.inter" ] || { echo "no $recbole/ml-100k.inter (set RECBOLE=DIR)" >&2; exit 1; }

# wrk and nginx from Debian (the packaged nginx service is not used: ours runs under .marquee/).
missing=()
command -v wrk >/dev/null || missing+=(wrk)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi
venv=.marquee/bench-venv
pins=(numpy==2.4.6 fastapi==0.165.0 uvicorn==0.54.0 uvloop==0.23.0 httptools==0.9.0 flask==3.1.3 gunicorn==27.0.1)
if ! "$venv/bin/python" - "${pins[@]}" <<'PY' 2>/dev/null; then
import sys
from importlib.metadata import version
sys.exit(any(version(name) != wanted for name, wanted in (pin.split("==") for pin in sys.argv[1:])))
PY
  [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install -q "${pins[@]}"
fi
python=$venv/bin/python

swift build -c release --product marquee >/dev/null
swift build -c release --product marquee-bench >/dev/null
marquee=.build/release/marquee
out=.marquee/bench-serve
mkdir -p "$out/logs" "$out/models" .marquee/bench
results=.marquee/bench/serve-results.jsonl
served_results=.marquee/bench/serve-served-log.jsonl
: > "$results"; : > "$served_results"
rm -rf "$out"/spool*

# The two model directories, laid out as `marquee train` writes them (model.bin + manifest.json).
declare -A uid_max version
for model in ml-100k 100000x20000; do
  if [ "$model" = ml-100k ]; then source=(--recbole "$recbole"); else source=(--users 100000 --items 20000 --seed 7); fi
  .build/release/marquee-bench serve-model "${source[@]}" --factors 64 --out "$out/models/$model" | tee "$out/models/$model.json"
  version[$model]=$($python -c 'import json, sys; print(json.load(open(sys.argv[1]))["version"])' "$out/models/$model/manifest.json")
  uid_max[$model]=$(cd Benchmarks/peers && OPENBLAS_NUM_THREADS=1 ../../$python -c \
    'import sys, mqmodel; print(int(mqmodel.read_sections(sys.argv[1])["USER"].max()))' "../../$out/models/$model/model.bin")
done

# The served log goes to a private PostgreSQL, into a database made fresh for this run: one per
# marquee configuration (bench_serve, bench_serve_percore), so each one's log is checked alone.
server_url=$(scripts/pg.sh start .marquee/bench-pg)
database_of() { local name=bench_serve${1#marquee}; echo "${server_url%/*}/${name//-/_}"; }
for server in marquee marquee-percore; do
  name=$(basename "$(database_of $server)")
  PGOPTIONS=--client-min-messages=warning psql -q "$server_url" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name"
  $marquee migrate --database-url "$(database_of $server)" --log-level warning >/dev/null
done

$python - "$out" <<'PY'
import json, os, sys
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
memory = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")) / 2**20
print(f"machine: {os.cpu_count()} CPUs ({cpu}), {memory:.0f} GiB, load average {open('/proc/loadavg').read().split()[0]} "
      "(figures are only worth keeping on an idle machine); wrk shares the cores with the server")
for model in ("ml-100k", "100000x20000"):
    m = json.load(open(f"{sys.argv[1]}/models/{model}.json"))
    print(f"model {m['model']}: {m['users']:,} users × {m['items']:,} movies × {m['factors']} factors, "
          f"model.bin {m['artifact_bytes'] / 2**20:.1f} MiB")
print("Python peers: OPENBLAS_NUM_THREADS=1, their best setting: without it every worker's OpenBLAS threads fight "
      "over the 2 cores on each request's matrix-vector product (15-19x fewer req/s at 64 connections here)")
PY

started=()
cleanup() { for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
declare -A url pid

# start SERVER MODEL: starts it in the background on a free port, waits for GET /health.
start() {
  local server=$1 model=$2 port dir log
  port=$(free_port); dir=$PWD/$out/models/$model; log=$out/logs/$server-$model.log
  case $server in
  marquee | marquee-percore)
    local loops=(); [ "$server" = marquee-percore ] && loops=(--event-loops "$(nproc)")
    printf '{"id": "bench", "salt": "bench", "variants": [{"name": "als", "model": "%s", "weight": 1}]}\n' \
      "${version[$model]}" > "$out/experiment-$model.json"
    DATABASE_URL=$(database_of "$server") $marquee serve --host 127.0.0.1 --port "$port" \
      --config "$out/experiment-$model.json" --model-dir "$dir" --spool-dir "$out/spool-$server" --no-access-log \
      "${loops[@]}" > "$log" 2>&1 &;;
  fastapi)
    MQ_MODEL=$dir/model.bin OPENBLAS_NUM_THREADS=1 $venv/bin/uvicorn serve_fastapi:app --app-dir Benchmarks/peers \
      --host 127.0.0.1 --port "$port" --workers 2 --no-access-log --log-level warning > "$log" 2>&1 &;;
  flask)
    MQ_MODEL=$dir/model.bin OPENBLAS_NUM_THREADS=1 $venv/bin/gunicorn --chdir Benchmarks/peers --workers 2 \
      --threads 4 --bind "127.0.0.1:$port" --log-level warning serve_flask:app > "$log" 2>&1 &;;
  nginx)
    # nginx's ceiling line: the model's own cold-start answer, so the body is as long as a real one.
    local prefix=$PWD/.marquee/bench-nginx line
    line=$(cd Benchmarks/peers && ../../$python -c 'import sys, mqmodel; print(mqmodel.ALSModel(sys.argv[1]).cold_start)' "$dir/model.bin")
    mkdir -p "$prefix"
    sed -e "s|@DIR@|$prefix|g" -e "s|@PORT@|$port|g" -e "s|@LINE@|$line|g" Benchmarks/peers/nginx.conf.template > "$prefix/nginx.conf"
    /usr/sbin/nginx -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/error.log" > "$log" 2>&1 &;;
  esac
  pid[$server]=$!; started+=($!); url[$server]=http://127.0.0.1:$port
  for _ in $(seq 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "${url[$server]}/health")" = 200 ] && return 0
    kill -0 "${pid[$server]}" 2>/dev/null || break
    sleep 0.2
  done
  echo "$server did not become ready on ${url[$server]} with model $model; its log ($log):" >&2
  tail -20 "$log" >&2
  exit 1
}

stop() { kill "${pid[$1]}" 2>/dev/null || true; wait "${pid[$1]}" 2>/dev/null || true; }

# served_rows SERVER: the answers its served log holds in Postgres.
served_rows() { psql -Atq "$(database_of "$1")" -c "SELECT coalesce(sum(cardinality(request_ids)), 0) FROM served_batches"; }

# served_log SERVER MODEL ROWS_BEFORE: waits (up to 5 min) until its served log has drained, then
# one JSON line: the /recommend answers marquee counted (marquee_requests_total with a variant),
# the rows its served log added, what /health says was dropped or is still held, how many
# records went through the spool (spilled while Postgres lagged), and the seconds the served log
# took to drain after the last run: work a short run defers rather than does.
served_log() {
  local server=$1 model=$2 before=$3 health="" answers spooled started=$SECONDS
  for _ in $(seq 1500); do
    health=$(curl -s "${url[$server]}/health")
    python3 -c 'import json, sys; s = json.loads(sys.argv[1])["served_log"]; sys.exit(s["in_memory"] + s["spooled"] > 0)' \
      "$health" && break
    sleep 0.2
  done
  local drained=$(( SECONDS - started ))
  local metrics=$out/logs/metrics-$server-$model.txt
  curl -s "${url[$server]}/metrics" > "$metrics"
  answers=$(awk '/^marquee_requests_total\{variant="[^"]+"/ {sum += $2} END {printf "%d", sum}' "$metrics")
  spooled=$(awk '/^marquee_served_log_spooled_total / {printf "%d", $2}' "$metrics")
  python3 - "$server" "$model" "$health" "$answers" "$(( $(served_rows "$server") - before ))" "${spooled:-0}" "$drained" <<'PY' | tee -a "$served_results"
import json, sys
server, model, health = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])["served_log"]
answers, rows, spooled, drained = map(int, sys.argv[4:])
print(json.dumps({"server": server, "model": model, "answers": answers, "served_rows": rows,
                  "dropped": health["dropped"], "still_held": health["in_memory"] + health["spooled"],
                  "missing": max(0, answers - rows), "spilled_to_spool": spooled, "drain_seconds": drained}))
PY
}

# Marquee's own count of its answers by status (`marquee_requests_total` in /metrics), one
# "status count" line per status; empty for the other servers.
statuses() {
  [[ $1 == marquee* ]] || return 0
  curl -s "${url[$1]}/metrics" | sed -n 's/^marquee_requests_total{.*status="\([0-9]*\)"} \([0-9]*\)$/\1 \2/p' |
    awk '{count[$1] += $2} END {for (s in count) print s, count[s]}'
}

# The CPU time (clock ticks) PostgreSQL has used so far: during marquee's runs its served log,
# during the others' what is left of marquee's (autovacuum), which would slow them. Backends and
# autovacuum workers come and go: a postmaster (a postgres whose parent is not one) holds the
# time of its children that have exited.
postgres_ticks() {
  local ticks=0 process stat
  for process in $(pgrep -x postgres); do
    # /proc/<pid>/stat from the pid on: [3] parent, [13] [14] own time, [15] [16] exited children's.
    { read -r -a stat < "/proc/$process/stat"; } 2>/dev/null || continue
    ticks=$(( ticks + stat[13] + stat[14] ))
    [ "$(cat "/proc/${stat[3]}/comm" 2>/dev/null)" = postgres ] || ticks=$(( ticks + stat[15] + stat[16] ))
  done
  echo "$ticks"
}

# measure SERVER MODEL CONNECTIONS: one wrk run, one JSON line. wrk counts statuses >= 400 (the
# script leaves answers to wrk's C code, see wrk_uids.lua); for marquee, its own /metrics count
# every status, so any non-200 answer during the run counts as an error.
measure() {
  local server=$1 model=$2 c=$3 threads=2 raw=$out/logs/wrk-$1-$2-$3.txt postgres_before
  [ "$c" -eq 1 ] && threads=1
  statuses "$server" > "$raw.before"
  postgres_before=$(postgres_ticks)
  UID_MIN=1 UID_MAX=${uid_max[$model]} wrk -t"$threads" -c"$c" -d"${duration}s" --latency \
    -s Benchmarks/peers/wrk_uids.lua "${url[$server]}" > "$raw"
  statuses "$server" > "$raw.after"
  python3 - "$server" "$model" "$c" "$threads" "$duration" "$raw" "$(( $(postgres_ticks) - postgres_before ))" \
    "$(getconf CLK_TCK)" <<'PY' | tee -a "$results"
import json, re, sys
server, model, connections, threads, duration, raw, postgres_ticks, ticks_per_second = sys.argv[1:]
text = open(raw).read()
def milliseconds(percent):
    value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M).groups()
    return round(float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit], 3)
fields = dict(re.findall(r"(\w+)=(\S+)", re.search(r"^WRK_RESULT (.*)$", text, re.M).group(1)))
non200, socket_errors = int(fields["non200"]), int(fields["socket_errors"])
def counts(path):
    return {int(s): int(n) for s, n in (line.split() for line in open(path) if line.strip())}
before, after = counts(raw + ".before"), counts(raw + ".after")
answered = {s: n - before.get(s, 0) for s, n in after.items() if n > before.get(s, 0)}
server_non200 = sum(n for s, n in answered.items() if s != 200) if after else None
run = {
    "server": server, "model": model, "connections": int(connections), "threads": int(threads),
    "seconds": int(duration), "requests": int(fields["requests"]),
    "rps": round(float(re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M).group(1)), 1),
    "p50_ms": milliseconds(50), "p99_ms": milliseconds(99),
    "errors": max(non200, server_non200 or 0) + socket_errors,
    "non200_seen_by_wrk": non200, "socket_errors": socket_errors,
    "postgres_cpu_s": round(int(postgres_ticks) / int(ticks_per_second), 2)}
if server_non200 is not None:
    run["server_statuses"] = {str(s): n for s, n in sorted(answered.items())}
print(json.dumps(run))
PY
}

for model in ml-100k 100000x20000; do
  echo "▶ $model: starting ${servers[*]}"
  # Every marquee answer from here on, checks and warm-up included, is logged.
  declare -A rows_before=([marquee]=$(served_rows marquee) [marquee-percore]=$(served_rows marquee-percore))
  checked=()
  for server in "${servers[@]}"; do
    start "$server" "$model"
    [ "$server" = nginx ] || checked+=("$server=${url[$server]}")
  done
  if [ ${#checked[@]} -gt 0 ]; then
    (cd Benchmarks/peers && OPENBLAS_NUM_THREADS=1 ../../$python serve_check.py "../../$out/models/$model/model.bin" "${checked[@]}")
  fi
  for server in "${servers[@]}"; do
    # One second of warm-up (first connections, lazy paths) that is not measured.
    UID_MAX=${uid_max[$model]} wrk -t2 -c16 -d1s -s Benchmarks/peers/wrk_uids.lua "${url[$server]}" > /dev/null
    for c in "${connections[@]}"; do measure "$server" "$model" "$c"; done
    if [[ $server == marquee* ]]; then
      served_log "$server" "$model" "${rows_before[$server]}"
      # Its served log's vacuum, now and untimed: autovacuum would do it during the next server's runs.
      psql -q "$(database_of "$server")" -c "VACUUM (ANALYZE) served_batches"
    fi
    stop "$server"
  done
done

python3 - "$results" "$served_results" <<'PY'
import json, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
served = [json.loads(line) for line in open(sys.argv[2])]
def run(server, model, connections=64):
    return next((r for r in runs if (r["server"], r["model"], r["connections"]) == (server, model, connections)), None)
columns = ("marquee", "marquee-percore", "fastapi", "flask", "nginx")
print("\n| model | connections | " + " | ".join(f"{s} req/s (p50 / p99 ms)" for s in columns) + " |")
print("| --- | --- |" + " --- |" * len(columns))
for model in ("ml-100k", "100000x20000"):
    for c in sorted({r["connections"] for r in runs}):
        cells = [(lambda r: f"{r['rps']:,.0f} ({r['p50_ms']:.2f} / {r['p99_ms']:.2f})" + (f", {r['errors']} errors" if r["errors"] else "") if r else "–")(run(s, model, c))
                 for s in columns]
        print(f"| {model} | {c} | " + " | ".join(cells) + " |")
goals = {}
for me in ("marquee", "marquee-percore"):
    m, fastapi, flask = run(me, "100000x20000"), run("fastapi", "100000x20000"), run("flask", "100000x20000")
    peers = [r for r in (fastapi, flask) if r]
    if m and peers:
        best = max(peers, key=lambda r: r["rps"])
        ratio = m["rps"] / best["rps"]
        goals[f"{me}_over_faster_python_100000x20000"] = {"ratio": round(ratio, 2), "peer": best["server"], "goal": ">= 10", "goal_met": ratio >= 10}
    m, nginx = run(me, "ml-100k"), run("nginx", "ml-100k")
    if m and nginx:
        ratio = m["rps"] / nginx["rps"]
        goals[f"{me}_over_nginx_ml-100k"] = {"ratio": round(ratio, 2), "goal": ">= 0.5", "goal_met": ratio >= 0.5}
    for model in ("ml-100k", "100000x20000"):
        if m := run(me, model):
            goals[f"{me}_p99_ms_{model}"] = {"value": m["p99_ms"], "goal": "<= 5", "goal_met": m["p99_ms"] <= 5}
    mine = [r for r in runs if r["server"] == me]
    if mine:
        # Answers that are not 200, and answers the served log lost (dropped, or missing from Postgres).
        errors = sum(r["errors"] for r in mine) + sum(
            max(s["dropped"], s["missing"]) + s["still_held"] for s in served if s["server"] == me)
        goals[f"{me}_errors"] = {"value": errors, "goal": "0", "goal_met": errors == 0}
print("Postgres CPU seconds during the runs at 64 connections (the peers' should be about 0): " + "; ".join(
    f"{model}: " + ", ".join(f"{r['server']} {r['postgres_cpu_s']}" for r in runs
                            if r["model"] == model and r["connections"] == 64 and "postgres_cpu_s" in r)
    for model in ("ml-100k", "100000x20000")))
for s in served:
    print(f"{s['server']}'s served log, {s['model']}: {s['answers']:,} answers, {s['served_rows']:,} rows in Postgres, "
          f"{s['dropped']} dropped; {s['spilled_to_spool']:,} went through the spool, drained {s['drain_seconds']} s after the last run")
print("\nat 64 connections (goals of issue 5):")
for name, goal in goals.items():
    shown = goal.get("ratio", goal.get("value"))
    print(f"  {name:44} {shown}{'x' if 'ratio' in goal else ''}  (goal {goal['goal']}: {'met' if goal['goal_met'] else 'NOT met'})")
print(json.dumps({"goals": goals}))
PY
