#!/usr/bin/env python3
"""Writes the synthetic implicit-feedback set of `make bench-als`: distinct (user, item) pairs.

Usage: python3 als_synthetic.py OUT [--users 100000] [--items 20000] [--pairs 5000000] [--seed 1]

Skew like real logs: item popularity is Zipf-like (p ∝ (rank + 10)^-0.9, ranks shuffled over
the item ids, so the most popular item reaches ~30 % of users) and user activity is lognormal
(σ = 1, at least 5 and at most 5,000 items per user), scaled so the counts add up to exactly
`--pairs`. Each user's items are drawn from the popularity distribution without repeats (drawn
with replacement, de-duplicated, topped up until every user has their count).

File layout (little-endian): three int64 (users, items, pairs), then `pairs` int32 (user, item)
pairs sorted by user, then item. Marquee (`marquee-bench als --pairs`) and the implicit peer
(`als_peer.py --pairs`) read the same file; every pair is one interaction of confidence 2.
"""

import argparse
import sys

import numpy as np


def activity(rng, users, pairs, items):
    """Per-user item counts: lognormal, clipped to [5, min(5000, items)], summing to `pairs`."""
    high = min(5000, items)
    if not 5 * users <= pairs <= high * users:
        sys.exit(f"{pairs} pairs do not fit {users} users with 5..{high} items each")
    weights = rng.lognormal(mean=0.0, sigma=1.0, size=users)
    counts = np.clip(np.floor(weights / weights.sum() * pairs), 5, high).astype(np.int64)
    while (missing := pairs - int(counts.sum())) != 0:
        step = 1 if missing > 0 else -1
        room = np.flatnonzero(counts < high) if step > 0 else np.flatnonzero(counts > 5)
        chosen = rng.choice(room, size=min(abs(missing), room.size), replace=False)
        counts[chosen] += step
    return counts


def generate(users, items, pairs, seed):
    rng = np.random.default_rng(seed)
    counts = activity(rng, users, pairs, items)
    popularity = (np.arange(items) + 10.0) ** -0.9
    popularity /= popularity.sum()
    by_rank = rng.permutation(items)  # item id of each popularity rank
    keys = np.empty(0, dtype=np.int64)  # user * items + item, distinct
    have = np.zeros(users, dtype=np.int64)
    while (need := counts - have).sum() > 0:
        # Draw a little more than each user still needs, keep the new distinct pairs.
        draws = need + np.ceil(need * 0.25).astype(np.int64)
        user_of_draw = np.repeat(np.arange(users, dtype=np.int64), draws)
        item_of_draw = by_rank[rng.choice(items, size=user_of_draw.size, p=popularity)]
        keys = np.unique(np.concatenate([keys, user_of_draw * items + item_of_draw]))
        # Users over their count drop random extras (the oldest pairs are kept first).
        owner = keys // items
        order = np.lexsort((rng.random(keys.size), owner))
        keys, owner = keys[order], owner[order]
        first = np.searchsorted(owner, np.arange(users))
        rank = np.arange(keys.size) - first[owner]
        keys = np.sort(keys[rank < counts[owner]])
        have = np.bincount(keys // items, minlength=users)
    result = np.empty((keys.size, 2), dtype="<i4")
    result[:, 0], result[:, 1] = keys // items, keys % items
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--pairs", type=int, default=5_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    result = generate(args.users, args.items, args.pairs, args.seed)
    with open(args.out, "wb") as out:
        np.array([args.users, args.items, result.shape[0]], dtype="<i8").tofile(out)
        result.tofile(out)
    per_item = np.bincount(result[:, 1], minlength=args.items)
    per_user = np.bincount(result[:, 0], minlength=args.users)
    print(
        f"{args.out}: {result.shape[0]:,} pairs, {args.users:,} users (items per user: median "
        f"{int(np.median(per_user))}, max {per_user.max()}), {args.items:,} items (most popular "
        f"{per_item.max():,} users, {np.count_nonzero(per_item):,} items with any)",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
