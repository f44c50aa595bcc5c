#!/usr/bin/env python3
"""Writes a JSON-lines file of interaction rows for `make bench-validate`.

Usage: python3 validate_rows.py OUT --rows N [--seed S] [--invalid-rate R]

Each line is one row shaped as `marquee validate --table interactions` reads it from
PostgreSQL (`json_build_object(...)::text`: keys in column order, " : " and ", " between
them, instants as PostgreSQL prints timestamptz in UTC, e.g. 2025-10-27T22:03:48.947788+00:00),
so it is checked against schemas/interaction.schema.json. Rows are watched only (60 %),
watched and rated (25 %) or rated only (15 %). About R of them (default 0.02) are broken in
one of five ways, in turn: rating 7, a bad movie id (upper case or a space), a negative user
id, a missing field (rated_at) and a wrong type (user_id or minutes_watched as a string).

Prints one line of JSON: rows, and the invalid rows written by kind. Deterministic for a seed.
"""

import argparse
import json
import random
from datetime import datetime, timedelta, timezone

WORDS = ["the", "matrix", "star", "wars", "a", "new", "hope", "toy", "story", "alien", "heat", "up", "jaws"]
START = datetime(2025, 1, 1, tzinfo=timezone.utc)


def instant(moment):
    """PostgreSQL's text of a timestamptz in UTC with a JSON ISO style (microseconds when set)."""
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += ".%06d" % moment.microsecond
    return text + "+00:00"


def movie_id(rng):
    """A slug like MovieLog's: two to four words and a year, e.g. the+matrix+1999."""
    return "+".join(rng.choice(WORDS) for _ in range(rng.randint(2, 4))) + "+%d" % rng.randint(1930, 2025)


def row(rng):
    """One valid interaction row as a dict in column order."""
    kind = rng.random()
    watched, rated = kind < 0.85, kind >= 0.60
    first = START + timedelta(seconds=rng.randint(0, 300 * 86_400), microseconds=rng.randint(0, 999_999))
    minutes = rng.randint(1, 180) if watched else 0
    return {
        "user_id": rng.randint(1, 999_999),
        "movie_id": movie_id(rng),
        "minutes_watched": minutes,
        "first_watch_at": instant(first) if watched else None,
        "last_watch_at": instant(first + timedelta(minutes=minutes)) if watched else None,
        "rating": rng.randint(1, 5) if rated else None,
        "rated_at": instant(first + timedelta(minutes=minutes + rng.randint(0, 600))) if rated else None,
    }


def break_row(values, kind, rng):
    """Breaks `values` in place in the way named by `kind`."""
    if kind == "rating-7":
        values["rating"] = 7
        values["rated_at"] = values["rated_at"] or instant(START)
    elif kind == "bad-movie-id":
        values["movie_id"] = rng.choice([values["movie_id"].upper(), values["movie_id"].replace("+", " ")])
    elif kind == "negative-user-id":
        values["user_id"] = -values["user_id"]
    elif kind == "missing-field":
        del values["rated_at"]
    elif kind == "wrong-type":
        field = rng.choice(["user_id", "minutes_watched"])
        values[field] = str(values[field])


KINDS = ["rating-7", "bad-movie-id", "negative-user-id", "missing-field", "wrong-type"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--invalid-rate", type=float, default=0.02)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    written = {kind: 0 for kind in KINDS}
    broken = 0
    with open(options.out, "w", encoding="utf-8") as out:
        for _ in range(options.rows):
            values = row(rng)
            if rng.random() < options.invalid_rate:
                kind = KINDS[broken % len(KINDS)]
                break_row(values, kind, rng)
                written[kind] += 1
                broken += 1
            out.write("{" + ", ".join("%s : %s" % (json.dumps(k), json.dumps(v)) for k, v in values.items()) + "}\n")
    print(json.dumps({"rows": options.rows, "invalid_written": broken, "by_kind": written}))


if __name__ == "__main__":
    main()
