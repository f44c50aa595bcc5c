#!/usr/bin/env python3
"""A plain Python peer of `marquee evaluate online --file`: batch watch-through rate (WTR).

Usage: python3 wtr_peer.py FILE [--window SECONDS] [--now ISO]

Reads FILE line by line in binary (split on b"\\n", one "\\r" before it dropped, as
parse_peer.split_lines does) and parses every line with parse_peer.parse_line, the Python
copy of Marquee's MovieLogParser: the same lines are accepted and rejected, by the same rule.
Then, as /work/shared/MOVIELOG.md defines WTR:

- a recommendation event is an accepted `recommendation request` line; one whose parsed
  event (time, user, server, status, result, latency) equals one already seen is a
  duplicate and counts once;
- events with status 200 are the denominator; one at instant A converts when the same user
  has an accepted minute line (`GET /data/m/<movie>/<minute>.mpg`) of a movie listed in its
  result at an instant T with A < T <= A + window. Ratings never convert.

Instants are integer nanoseconds since 1970 as printed (a minutes-only time is second 0), so
comparisons are exact. Lines need not be in time order: watches are kept per user and sorted
once at the end; each event then looks at the watches after A with bisect.

Prints one line of JSON with the counts (lines, events, ok, conversions, duplicates, events
by status class, rejections by rule), wtr, seconds (from the script's start, parsing included;
bench-wtr.sh times the whole process from outside) and lines_per_second.
"""

import argparse
import json
import os
import sys
import time
from bisect import bisect_right

STARTED = time.perf_counter()

sys.dont_write_bytecode = True  # no __pycache__ beside the peers
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parse_peer import Rejected, parse_line, parse_now  # noqa: E402

NANOSECONDS = 1_000_000_000


def status_class(status):
    """`0` (client timeout) or the hundreds of the code: `2xx`, `4xx`, `5xx`, ..."""
    return "0" if status == 0 else f"{status // 100}xx"


def read_lines(path):
    """The lines of the file at path without "\\n", dropping one "\\r" before each "\\n"."""
    with open(path, "rb") as file:
        for raw in file:
            if raw.endswith(b"\n"):
                raw = raw[:-1]
                if raw.endswith(b"\r"):
                    raw = raw[:-1]
            yield raw


def main():
    arguments = argparse.ArgumentParser(description="Batch WTR of a movie log, in plain Python.")
    arguments.add_argument("file", help="log file, one message per line")
    arguments.add_argument("--window", type=int, default=3600, help="attribution window, seconds (default 3600)")
    arguments.add_argument("--now", help="ingest clock for the far-future check, ISO-8601 (default: now, UTC)")
    options = arguments.parse_args()
    now = parse_now(options.now) if options.now else divmod(time.time_ns(), NANOSECONDS)
    window = options.window * NANOSECONDS

    lines = watches = ratings = recommendations = duplicates = 0
    by_rule = {}
    watched = {}  # user id -> [(instant ns, movie id)]
    events = []  # (instant ns, user id, status, listed movie ids or None), duplicates left out
    seen = set()  # parsed recommendation events, for duplicates
    for raw in read_lines(options.file):
        lines += 1
        try:
            (seconds, nanoseconds), user, event = parse_line(raw, now)
        except Rejected as rejection:
            by_rule[rejection.rule] = by_rule.get(rejection.rule, 0) + 1
            continue
        instant = seconds * NANOSECONDS + nanoseconds
        kind = event[0]
        if kind == "watch":
            watches += 1
            marks = watched.get(user)
            if marks is None:
                watched[user] = [(instant, event[1])]
            else:
                marks.append((instant, event[1]))
        elif kind == "rating":
            ratings += 1
        else:
            recommendations += 1
            _, server, status, result, latency = event
            listed = tuple(result) if status == 200 else None
            key = (instant, user, server, status, listed if listed is not None else result, latency)
            if key in seen:
                duplicates += 1
                continue
            seen.add(key)
            events.append((instant, user, status, listed))

    # Each user's watches in time order: instants for bisect, movies alongside.
    timelines = {}
    for user, marks in watched.items():
        marks.sort()
        timelines[user] = ([instant for instant, _ in marks], [movie for _, movie in marks])

    ok = conversions = 0
    by_status = {}
    nothing = ([], [])
    for instant, user, status, listed in events:
        name = status_class(status)
        by_status[name] = by_status.get(name, 0) + 1
        if status != 200:
            continue
        ok += 1
        instants, movies = timelines.get(user, nothing)
        listed = set(listed)
        position = bisect_right(instants, instant)  # first watch with T > A
        end = instant + window
        while position < len(instants) and instants[position] <= end:
            if movies[position] in listed:
                conversions += 1
                break
            position += 1

    seconds = time.perf_counter() - STARTED
    print(json.dumps({
        "lines": lines,
        "accepted": lines - sum(by_rule.values()),
        "watches": watches,
        "ratings": ratings,
        "recommendations": recommendations,
        "duplicates": duplicates,
        "events": len(events),
        "ok": ok,
        "conversions": conversions,
        "wtr": round(conversions / ok, 6) if ok else 0.0,
        "events_by_status": dict(sorted(by_status.items())),
        "rejected_by_rule": dict(sorted(by_rule.items())),
        "window_seconds": options.window,
        "seconds": round(seconds, 6),
        "lines_per_second": round(lines / seconds) if seconds > 0 else 0,
    }))


if __name__ == "__main__":
    sys.exit(main())
