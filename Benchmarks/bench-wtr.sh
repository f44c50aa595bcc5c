#!/usr/bin/env bash
# Batch watch-through rate over a generated 2 M-line log: `marquee evaluate online --file` next to
# the Python peer (Benchmarks/peers/wtr_peer.py), same file, same run. Both must report the same
# counts or the script fails. Prints lines/s (wall time from process start to end, parsing
# included), the ratio and peak RSS of both; Marquee also unpinned (it reads a file of more than
# 16 MiB in parts, one per core it may use, and merges them).
#   LINES=2000000 RUNS=3 Benchmarks/bench-wtr.sh
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${LINES:-2000000}; runs=${RUNS:-3}; window=${WINDOW:-3600}
out=.marquee/bench/wtr
mkdir -p "$out"
log=.marquee/bench/wtr-$lines.log

# Peak RSS from GNU time (Debian package `time`; the shell builtin has no -v).
if [ ! -x /usr/bin/time ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q time
fi

swift build -c release --product marquee >/dev/null
marquee=.build/release/marquee
# Same world as bench-parse (seed 1, 20,000 users, 5,000 movies, 2 % dirty lines of every kind,
# 1 % of recommendation lines duplicated).
[ -f "$log" ] || $marquee generate --lines "$lines" --seed 1 --users 20000 --movies 5000 --output "$log" --log-level warning
cat "$log" >/dev/null   # into the page cache before any clock starts

# One timed run: NAME, then the command. Leaves its stdout in $out/NAME.out and
# "wall_s peak_rss_kb user_s sys_s" in $out/NAME.time.
timed() {
  local name=$1; shift
  if ! /usr/bin/time -f '%e %M %U %S' -o "$out/$name.time" "$@" > "$out/$name.out" 2> "$out/$name.err"; then
    cat "$out/$name.err" >&2; echo "$name failed" >&2; exit 1
  fi
}
# No database: the file alone (every event unattributed; the overall WTR is exact).
evaluate=(env -u DATABASE_URL $marquee evaluate online --file "$log" --window "$window" --log-level warning)
for run in $(seq "$runs"); do
  # Alternate which side goes first, so neither always has the warmer machine.
  if (( run % 2 )); then order=(marquee peer marquee2); else order=(peer marquee2 marquee); fi
  for side in "${order[@]}"; do
    case $side in
      marquee)  timed "marquee-$run" taskset -c 0 "${evaluate[@]}" --json "$out/marquee-$run.json" --html "$out/marquee-$run.html" ;;
      marquee2) timed "marquee2-$run" "${evaluate[@]}" --json "$out/marquee2-$run.json" --html "$out/marquee2-$run.html" ;;
      peer)     timed "peer-$run" taskset -c 0 python3 Benchmarks/peers/wtr_peer.py "$log" --window "$window" ;;
    esac
  done
done
echo "marquee (run $runs, one core):"
sed 's/^/  /' "$out/marquee-$runs.out"

python3 - "$out" "$runs" <<'PY'
import json, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])

def timing(name):
    wall, rss, user, system = open(f"{out}/{name}.time").read().split()[-4:]
    return float(wall), int(rss) / 1024, float(user) + float(system)

def marquee_counts(name):
    report = json.load(open(f"{out}/{name}.json"))
    lines, overall = report["lines"], report["overall"]
    return {
        "lines": lines["read"], "watches": lines["watches"], "ratings": lines["ratings"],
        "recommendations": lines["recommendations"], "duplicates": report["duplicates"],
        "events": overall["events"], "ok": overall["ok"], "conversions": overall["conversions"],
        "rejected_by_rule": dict(sorted(lines["rejected_by_rule"].items())),
    }

def peer_counts(name):
    text = open(f"{out}/{name}.out").read().strip().splitlines()[-1]
    peer = json.loads(text)
    return {key: peer[key] for key in marquee_counts(f"marquee-{runs}")}, peer

# Every run of every side must agree with the peer's last run, key by key.
reference, peer = peer_counts(f"peer-{runs}")
for run in range(1, runs + 1):
    for name in (f"marquee-{run}", f"marquee2-{run}"):
        counts = marquee_counts(name)
        for key, value in reference.items():
            if counts[key] != value:
                sys.exit(f"counts differ in {name}: {key} marquee={counts[key]} peer={value}")
    if peer_counts(f"peer-{run}")[0] != reference:
        sys.exit(f"the peer's runs disagree with each other (run {run})")
print(f"counts agree ({runs} runs of each side): " + ", ".join(
    f"{key} {value:,}" for key, value in reference.items() if key != "rejected_by_rule"))
print(f"  rejected by rule: {sum(reference['rejected_by_rule'].values()):,} "
      f"({', '.join(f'{k} {v}' for k, v in reference['rejected_by_rule'].items())})")
print(f"  events by status class (peer): {peer['events_by_status']}")

n = reference["lines"]
print(f"shares: recommendation lines {reference['recommendations'] / n:.1%} of lines, "
      f"watch lines {reference['watches'] / n:.1%}, rating lines {reference['ratings'] / n:.1%}, "
      f"rejected {sum(reference['rejected_by_rule'].values()) / n:.1%}; "
      f"duplicates {reference['duplicates'] / reference['recommendations']:.1%} of recommendation lines; "
      f"status 200 {reference['ok'] / reference['events']:.1%} of events; "
      f"WTR {reference['conversions'] / reference['ok']:.2%} ({reference['conversions']:,} / {reference['ok']:,})")

def side(prefix):
    runs_ = [timing(f"{prefix}-{run}") for run in range(1, runs + 1)]
    walls = [wall for wall, _, _ in runs_]
    wall = statistics.median(walls)
    return {
        "lines_per_second": n / wall, "wall": wall, "walls": walls,
        "rss": statistics.median(rss for _, rss, _ in runs_),
        "cpu": statistics.median(cpu for _, _, cpu in runs_),
    }

rows = [("marquee, 1 core (taskset -c 0)", side("marquee")),
        ("python peer, 1 core (taskset -c 0)", side("peer")),
        ("marquee, unpinned (2 cores)", side("marquee2"))]
print(f"\nmedian of {runs} runs, {n:,} lines, wall time from process start to end:")
print(f"  {'':36} {'lines/s':>12} {'wall s':>8} {'CPU s':>7} {'peak RSS':>10}   wall s by run")
for name, figures in rows:
    print(f"  {name:36} {figures['lines_per_second']:>12,.0f} {figures['wall']:>8.2f} {figures['cpu']:>7.2f} "
          f"{figures['rss']:>7.0f} MiB   {' '.join(f'{w:.2f}' for w in figures['walls'])}")
ratio = rows[0][1]["lines_per_second"] / rows[1][1]["lines_per_second"]
unpinned = rows[2][1]["lines_per_second"] / rows[1][1]["lines_per_second"]
print(f"  ratio, one core each: {ratio:.1f}x (goal >= 20x: {'met' if ratio >= 20 else 'not met'})")
print(f"  ratio, marquee as it runs (a file over 16 MiB is read in parts on every core) against the "
      f"single-process peer: {unpinned:.1f}x (goal >= 20x: {'met' if unpinned >= 20 else 'not met'})")
PY
