#!/usr/bin/env bash
# A private PostgreSQL cluster in a directory, from the machine's own binaries.
#   scripts/pg.sh start DIR   initialises DIR if needed, starts on a free loopback port, prints the URL
#   scripts/pg.sh stop DIR    stops it
#   scripts/pg.sh url DIR     prints the URL of a running cluster
# As root the server runs as the 'postgres' user (PostgreSQL refuses root). DIR must be short
# (the socket path limit is 107 bytes) and every parent must be traversable by that user.
set -euo pipefail
cmd=${1:?usage: pg.sh start|stop|url DIR}; dir=${2:?usage: pg.sh start|stop|url DIR}
mkdir -p "$(dirname "$dir")"
dir=$(cd "$(dirname "$dir")" && pwd)/$(basename "$dir")
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$pgbin" ] || { echo "pg.sh: no PostgreSQL server binaries under /usr/lib/postgresql; run scripts/deps.sh" >&2; exit 1; }
run() { if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else (cd / && "$@"); fi; }
url() { echo "postgres://postgres@127.0.0.1:$(cat "$dir/port")/postgres"; }
case "$cmd" in
start)
  if [ ! -f "$dir/PG_VERSION" ]; then
    if [ "$(id -u)" -eq 0 ]; then install -d -o postgres -g postgres -m 700 "$dir"; else install -d -m 700 "$dir"; fi
    run "$pgbin/initdb" -D "$dir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if [ -f "$dir/port" ] && run "$pgbin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then url; exit 0; fi
  previous=$(cat "$dir/port" 2>/dev/null || true)
  for attempt in 1 2 3 4 5; do
    # A restarted cluster keeps its port when it can, so clients reconnect to the same URL.
    if [ "$attempt" = 1 ] && [ -n "$previous" ]; then port=$previous
    else port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'); fi
    if run "$pgbin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 30 -o "-p $port -c listen_addresses=127.0.0.1 \
        -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
        -c max_connections=200" start >/dev/null; then
      echo "$port" > "$dir/port"; url; exit 0
    fi
  done
  echo "pg.sh: could not start PostgreSQL in $dir (see $dir/server.log)" >&2; exit 1;;
stop) [ -f "$dir/PG_VERSION" ] && run "$pgbin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true;;
url) url;;
*) echo "usage: pg.sh start|stop|url DIR" >&2; exit 2;;
esac
