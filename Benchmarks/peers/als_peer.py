#!/usr/bin/env python3
"""The `implicit` library's CPU ALS on the data `marquee-bench als` trains on, for time ratios.

Usage: als_peer.py (--recbole DIR | --pairs FILE) [--repeats N] [--factors 64]
                   [--regularization 0.05] [--iterations 15] [--threads 2] [--seed 42]

--recbole DIR: MovieLens in RecBole format (DIR/<name>.inter). The split is Marquee's
  LeaveLastOutSplit: each user's test item is the interaction with the greatest (timestamp,
  item id), item ids compared as numbers; users with fewer than 2 interactions are skipped.
  The matrix is users × items of the training part, indexed like Marquee's InteractionIndex
  (users by id, items by id as text), every value 2.0 (confidence 1 + count, count = 1: in
  implicit the values are the confidences). Prints Recall@10/@20 over all items minus the
  user's training items, and popularity's as a check of the split (0.0498 / 0.0817).
--pairs FILE: the synthetic set of als_synthetic.py, every pair a value of 2.0.

Only `fit` is timed (implicit's own transpose and initialisation included, as Marquee's
`train` includes its own), `repeats` times with a fresh model; one JSON line with the same
fields as `marquee-bench als`. Run with OPENBLAS_NUM_THREADS=1 (implicit warns otherwise).
"""

import argparse
import json
import os
import resource
import statistics
import time
import warnings

import numpy as np
import scipy.sparse as sparse
from implicit.cpu.als import AlternatingLeastSquares


def read_recbole(directory):
    """(training matrix, held-out item index or -1 per training user row, popularity check)."""
    name = os.path.basename(os.path.normpath(directory))
    with open(os.path.join(directory, f"{name}.inter"), encoding="utf-8") as file:
        header = [field.split(":")[0] for field in file.readline().rstrip("\n").split("\t")]
        column = {field: position for position, field in enumerate(header)}
        latest = {}  # (user, item) -> seconds; a repeated pair keeps the latest row
        for line in file:
            if not line.strip():
                continue
            row = [field.strip() for field in line.rstrip("\n").split("\t")]
            latest[(int(row[column["user_id"]]), row[column["item_id"]])] = float(row[column["timestamp"]])
    def order(item):
        return (0, int(item), item) if item.isdigit() else (1, 0, item)
    last, counts = {}, {}
    for (user, item), seconds in latest.items():
        counts[user] = counts.get(user, 0) + 1
        if user not in last or (seconds, order(item)) > (last[user][0], order(last[user][1])):
            last[user] = (seconds, item)
    held_out = {user: item for user, (_, item) in last.items() if counts[user] >= 2}
    training = [(user, item) for (user, item) in latest if held_out.get(user) != item]
    users = sorted({user for user, _ in training})
    items = sorted({item for _, item in training})
    user_index = {user: position for position, user in enumerate(users)}
    item_index = {item: position for position, item in enumerate(items)}
    rows = np.array([user_index[user] for user, _ in training], dtype=np.int32)
    columns = np.array([item_index[item] for _, item in training], dtype=np.int32)
    matrix = sparse.csr_matrix(
        (np.full(rows.size, 2.0, dtype=np.float32), (rows, columns)), shape=(len(users), len(items)))
    matrix.sort_indices()
    evaluated = [(user_index.get(user, -1), item_index.get(item, -1)) for user, item in held_out.items()]
    return matrix, evaluated


def read_pairs(path):
    header = np.fromfile(path, dtype="<i8", count=3)
    users, items, count = (int(value) for value in header)
    pairs = np.fromfile(path, dtype="<i4", offset=24).reshape(-1, 2)
    assert pairs.shape[0] == count, f"{path}: {pairs.shape[0]} pairs, header says {count}"
    matrix = sparse.csr_matrix(
        (np.full(count, 2.0, dtype=np.float32), (pairs[:, 0], pairs[:, 1])), shape=(users, items))
    matrix.sort_indices()
    return matrix


def recall(ranked_for, evaluated, depth):
    """Share of evaluated users whose held-out item is in their first `depth` ranked items."""
    hits = 0
    for row, item in evaluated:
        if row >= 0 and item >= 0 and item in ranked_for(row)[:depth]:
            hits += 1
    return hits / len(evaluated)


def evaluate(model, matrix, evaluated):
    rows = np.array([row for row, _ in evaluated if row >= 0], dtype=np.int32)
    ids, _ = model.recommend(rows, matrix[rows], N=20, filter_already_liked_items=True)
    ranked = {row: list(ids[position]) for position, row in enumerate(rows)}
    # Popularity by training count, ties to the lower item index: a check that the split is right.
    popularity = np.asarray((matrix > 0).sum(axis=0)).ravel()
    by_popularity = np.lexsort((np.arange(popularity.size), -popularity))
    def popular(row):
        seen = set(matrix.indices[matrix.indptr[row]:matrix.indptr[row + 1]])
        return [item for item in by_popularity[:20 + len(seen)] if item not in seen][:20]
    return {
        "recall_at_10": recall(ranked.__getitem__, evaluated, 10),
        "recall_at_20": recall(ranked.__getitem__, evaluated, 20),
        "evaluated_users": len(evaluated),
        "popularity_recall_at_10": recall(popular, evaluated, 10),
        "popularity_recall_at_20": recall(popular, evaluated, 20),
    }


def cpu_seconds():
    """User + system CPU time of the whole process (all threads) so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--recbole")
    source.add_argument("--pairs")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--factors", type=int, default=64)
    parser.add_argument("--regularization", type=float, default=0.05)
    parser.add_argument("--iterations", type=int, default=15)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    if args.recbole:
        matrix, evaluated = read_recbole(args.recbole)
        dataset = os.path.basename(os.path.normpath(args.recbole))
    else:
        matrix, evaluated = read_pairs(args.pairs), None
        dataset = os.path.basename(args.pairs)
    times, cpu, model = [], [], None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore" if os.environ.get("OPENBLAS_NUM_THREADS") == "1" else "default")
        for _ in range(max(1, args.repeats)):
            model = AlternatingLeastSquares(
                factors=args.factors, regularization=args.regularization, iterations=args.iterations,
                use_cg=True, num_threads=args.threads, dtype=np.float32, calculate_training_loss=False,
                random_state=args.seed)
            start, start_cpu = time.perf_counter(), cpu_seconds()
            model.fit(matrix, show_progress=False)
            times.append(time.perf_counter() - start)
            cpu.append(cpu_seconds() - start_cpu)
    result = {
        "side": "implicit", "dataset": dataset, "solver": "cg", "users": matrix.shape[0],
        "items": matrix.shape[1], "interactions": int(matrix.nnz), "factors": args.factors,
        "regularization": args.regularization, "iterations": args.iterations, "threads": args.threads,
        "fit_seconds": times, "median_seconds": statistics.median(times), "cpu_seconds": cpu,
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }
    if evaluated is not None:
        result.update(evaluate(model, matrix, evaluated))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
