#!/usr/bin/env bash
# End to end from the embedded broker into PostgreSQL (lines/s and peak RSS of `marquee ingest`),
# next to psql \copy of the same lines as raw rows into a plain table, same run, same server.
#   LINES=2000000 Benchmarks/bench-ingest.sh
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${LINES:-2000000}
# The embedded broker keeps about 5 MiB per partition (older messages are deleted, like
# retention): give it enough partitions to hold the whole log (~100 bytes a line).
partitions=${PARTITIONS:-$(( lines / 30000 > 64 ? lines / 30000 : 64 ))}
mkdir -p .marquee/bench
log=.marquee/bench/ingest-$lines.log
swift build -c release --product marquee >/dev/null
marquee=.build/release/marquee
[ -f "$log" ] || $marquee generate --lines "$lines" --seed 2 --users 20000 --movies 5000 --output "$log" --log-level warning
server=$(scripts/pg.sh start .marquee/pg)
base=${server%/*}
psql -q "$server" -c "DROP DATABASE IF EXISTS bench_ingest" -c "DROP DATABASE IF EXISTS bench_copy"
psql -q "$server" -c "CREATE DATABASE bench_ingest"
# The peer's table takes the raw bytes, dirty ones included: a database that does not check encodings.
psql -q "$server" -c "CREATE DATABASE bench_copy ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0"

# Marquee: broker in the background, the log produced into it, then a timed ingest of the topic.
rm -f .marquee/bench/bootstrap
$marquee broker --topic movielog --partitions $partitions --bootstrap-file .marquee/bench/bootstrap --log-level warning >/dev/null &
broker=$!
trap 'kill $broker 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s .marquee/bench/bootstrap ] && break; sleep 0.1; done
brokers=$(cat .marquee/bench/bootstrap)
$marquee produce --brokers "$brokers" --topic movielog "$log" --log-level warning
/usr/bin/time -f '%e %M' -o .marquee/bench/ingest.time \
  $marquee ingest --database-url "$base/bench_ingest" --brokers "$brokers" --topic movielog --group bench \
    --stop-at-end --log-level warning -X fetch.wait.max.ms=10 > .marquee/bench/ingest.out
read -r ingest_wall ingest_rss_kb < .marquee/bench/ingest.time
cat .marquee/bench/ingest.out

# Peer: psql \copy of the same file into a one-column table (no parsing, no aggregation).
psql -q "$base/bench_copy" -c "CREATE TABLE raw_lines (line text)"
start=$(date +%s.%N)
psql -q "$base/bench_copy" -c "\\copy raw_lines FROM '$log' WITH (FORMAT csv, DELIMITER E'\\x1f', QUOTE E'\\x1e')"
copy_wall=$(python3 -c "import time; print(time.time() - $start)")
copied=$(psql -At "$base/bench_copy" -c "SELECT count(*) FROM raw_lines")

python3 - "$lines" "$ingest_wall" "$ingest_rss_kb" "$copy_wall" "$copied" .marquee/bench/ingest.out <<'PY'
import re, sys
lines, wall, rss, copy_wall, copied, out = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
steady = int(re.search(r"\((\d+) lines/s\)", open(out).read()).group(1))
copy_rate = copied / copy_wall
print(f"marquee ingest: {lines:,} lines, wall {wall:.1f} s (incl. ~3 s group join) = {lines / wall:,.0f} lines/s; "
      f"from first line {steady:,} lines/s; peak RSS {rss / 1024:.0f} MiB")
print(f"psql \\copy:     {copied:,} rows in {copy_wall:.1f} s = {copy_rate:,.0f} lines/s")
print(f"ratio (ingest from first line / copy): {steady / copy_rate:.2f}x; end to end: {lines / wall / copy_rate:.2f}x")
PY
