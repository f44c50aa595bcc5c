#!/usr/bin/env python3
"""Reads a Marquee ALS model artifact (model.bin, MQMODEL1) into numpy and recommends from it.

The layout (Sources/Recommenders/Artifacts/ArtifactFile.swift): the 8 bytes `MQMODEL1`, then
sections `tag (4 bytes ASCII) · element size (uint32 LE) · count (uint64 LE) · count × size
bytes`, each padded with zeros to a multiple of 8 bytes from the start of the file. Sections of
an ALS model (ModelArtifact.swift), all little-endian:
  SPEC  uint8    the training specification as JSON
  USER  int64    user id of each user row, ascending
  MOVI  uint8    movie ids as concatenated UTF-8; MOV# (uint64) the end offset of each id
  SEES  int64    CSR offsets into SEEI, users + 1 of them
  SEEI  int32    item indices each user has seen
  COLD  int32    the cold-start ranking (item indices, best first)
  FACT  int64    [factors]
  UFAC  float32  users × factors, row-major
  IFAC  float32  items × factors, row-major

Ranking matches Marquee's TopK (Sources/Recommenders/Ranking/TopK.swift): higher score first,
equal scores to the lower item index, seen items never.

  mqmodel.py MODEL.bin [UID ...]   prints the model's shape, then each UID's line
"""

import json
import sys

import numpy as np

DTYPES = {"SPEC": "u1", "USER": "<i8", "MOVI": "u1", "MOV#": "<u8", "SEES": "<i8", "SEEI": "<i4",
          "COLD": "<i4", "FACT": "<i8", "UFAC": "<f4", "IFAC": "<f4"}


def read_sections(path):
    """{tag: numpy array} of every section of the artifact at `path`."""
    with open(path, "rb") as file:
        data = file.read()
    if data[:8] != b"MQMODEL1":
        raise ValueError(f"{path}: not a Marquee model artifact (no MQMODEL1 header)")
    sections, offset = {}, 8
    while offset < len(data):
        tag = data[offset:offset + 4].decode("ascii")
        size = int.from_bytes(data[offset + 4:offset + 8], "little")
        count = int.from_bytes(data[offset + 8:offset + 16], "little")
        start, end = offset + 16, offset + 16 + size * count
        if end > len(data):
            raise ValueError(f"{path}: truncated in section {tag}")
        dtype = np.dtype(DTYPES.get(tag, f"V{size}"))
        if dtype.itemsize != size:
            raise ValueError(f"{path}: section {tag} has {size}-byte elements, expected {dtype.itemsize}")
        sections[tag] = np.frombuffer(data, dtype=dtype, count=count, offset=start)
        offset = end + (8 - end % 8) % 8
    return sections


def valid_uid(text):
    """A user id as MOVIELOG.md defines them (and `marquee serve` checks): 1 to 10 digits, above 0."""
    return text.isascii() and text.isdigit() and len(text) <= 10 and int(text) > 0


class ALSModel:
    """An ALS artifact in memory: factors, ids, what each user has seen, the cold-start list."""

    def __init__(self, path, count=20):
        sections = read_sections(path)
        self.specification = json.loads(sections["SPEC"].tobytes())
        if self.specification.get("kind") != "als":
            raise ValueError(f"{path}: a {self.specification.get('kind')} model, not als")
        self.factors = int(sections["FACT"][0])
        self.user_ids = sections["USER"]
        names, ends = sections["MOVI"].tobytes(), sections["MOV#"].tolist()
        self.movie_ids = [names[a:b].decode("utf-8") for a, b in zip([0] + ends[:-1], ends)]
        self.user_factors = sections["UFAC"].reshape(len(self.user_ids), self.factors)
        self.item_factors = sections["IFAC"].reshape(len(self.movie_ids), self.factors)
        self.seen_starts, self.seen_items = sections["SEES"], sections["SEEI"]
        self.row_of = {int(uid): row for row, uid in enumerate(self.user_ids.tolist())}
        self.count = count
        self.cold_start = ",".join(self.movie_ids[i] for i in sections["COLD"][:count].tolist())

    def scores(self, row):
        """Every item's score for user row `row`, seen items -inf (float32, as Marquee)."""
        scores = self.item_factors @ self.user_factors[row]
        scores[self.seen_items[self.seen_starts[row]:self.seen_starts[row + 1]]] = -np.inf
        return scores

    def top(self, row):
        """The best `count` item indices for user row `row`, best first; ties to the lower index."""
        scores = self.scores(row)
        k = min(self.count, scores.size)
        kth = np.partition(scores, scores.size - k)[scores.size - k]  # the k-th best score
        candidates = np.flatnonzero(scores >= kth)  # every item tied with it too
        best = candidates[np.lexsort((candidates, -scores[candidates]))[:k]]
        return best[scores[best] > -np.inf]

    def recommend(self, uid):
        """The comma-joined line for user id `uid`: personal when known, cold start when not."""
        row = self.row_of.get(uid)
        if row is None:
            return self.cold_start
        return ",".join(self.movie_ids[i] for i in self.top(row).tolist())


if __name__ == "__main__":
    model = ALSModel(sys.argv[1])
    print(f"{len(model.user_ids)} users × {len(model.movie_ids)} items × {model.factors} factors; "
          f"user ids {model.user_ids[0]}…{model.user_ids[-1]}; {model.seen_items.size} seen")
    for argument in sys.argv[2:]:
        print(argument, model.recommend(int(argument)))
