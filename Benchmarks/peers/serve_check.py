#!/usr/bin/env python3
"""Before any timing, bench-serve.sh checks that every server answers like the model says.

Usage: serve_check.py MODEL.bin NAME=URL [NAME=URL ...]

For 20 uids (the first and last user, 13 random users, and 5 unknown: max + 1, ..., 9999999999)
the answer of each server must equal mqmodel.py's ranking of the same artifact (numpy,
float32), and uids that are not 1 to 10 digits above 0 (abc, 0, -5, 12 digits) must get a 4xx. Lists that differ only where two scores are
equal within float32 rounding (BLAS kernels sum in different orders) count as agreeing: then
each position's score, recomputed in float64, must match the reference's within 1e-5 of the
list's largest score, and no answer may hold a seen movie. Prints one JSON line; exits 1
(with each disagreement on stderr) if any server disagrees.
"""

import json
import random
import sys
import urllib.error
import urllib.request

import numpy as np

from mqmodel import ALSModel


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read().decode("utf-8").strip()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace").strip()


def agrees(model, uid, got, expected):
    """True when `got` is `expected` up to float32 ties (see the module docstring)."""
    if got == expected:
        return True
    row = model.row_of.get(uid)
    got_ids, expected_ids = got.split(","), expected.split(",")
    if row is None or len(got_ids) != len(expected_ids):
        return False
    index = {movie: position for position, movie in enumerate(model.movie_ids)}
    if any(movie not in index for movie in got_ids):
        return False
    seen = set(model.seen_items[model.seen_starts[row]:model.seen_starts[row + 1]].tolist())
    got_items, expected_items = [index[m] for m in got_ids], [index[m] for m in expected_ids]
    if seen & set(got_items) or len(set(got_items)) != len(got_items):
        return False
    user = model.user_factors[row].astype(np.float64)
    got_scores = model.item_factors[got_items].astype(np.float64) @ user
    expected_scores = model.item_factors[expected_items].astype(np.float64) @ user
    tolerance = 1e-5 * max(1e-12, float(np.abs(expected_scores).max()))
    return bool(np.all(np.abs(got_scores - expected_scores) <= tolerance))


def main():
    model = ALSModel(sys.argv[1])
    servers = dict(argument.split("=", 1) for argument in sys.argv[2:])
    users = model.user_ids.tolist()
    top = max(users)
    rng = random.Random(5)
    uids = [users[0], users[-1]] + rng.sample(users, 13) + [top + 1, top + 2, top + 1000, top + 123457, 9_999_999_999]
    invalid = ["abc", "0", "-5", "123456789012"]
    failures, tie_agreements = [], 0
    for uid in uids:
        expected = model.recommend(uid)
        for name, url in servers.items():
            status, body = fetch(f"{url}/recommend/{uid}")
            if status != 200 or not agrees(model, uid, body, expected):
                failures.append(f"{name} uid {uid}: status {status}\n  got      {body}\n  expected {expected}")
            elif body != expected:
                tie_agreements += 1
    for name, url in servers.items():
        for uid in invalid:
            status, body = fetch(f"{url}/recommend/{uid}")
            if not 400 <= status < 500:
                failures.append(f"{name} uid {uid}: status {status} (expected a 4xx): {body}")
    for failure in failures:
        print(f"DISAGREE {failure}", file=sys.stderr)
    print(json.dumps({"check": "agreement", "servers": sorted(servers), "uids": len(uids),
                      "known": sum(uid in model.row_of for uid in uids), "answers": (len(uids) + len(invalid)) * len(servers),
                      "agree": (len(uids) + len(invalid)) * len(servers) - len(failures), "agree_up_to_float_ties": tie_agreements,
                      "failures": len(failures)}))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
