"""The labelled corpus: every source file, near-duplicate clusters, and the fixed splits.

Sources (tests/data): the five independent writers' files in corpus/, the first labelled
set (messages.jsonl) and the first blind set (blind/messages.jsonl). Each row is assigned
once to `train`, `dev` or `test` (tests/data/splits.csv, committed):

- `train` fits the model; `dev` chooses everything else (regularisation, thresholds);
- `test` is the LOCKED split: only ever read to report figures, never to choose a rule,
  a weight or a threshold.

Splits are stratified by label, scheme and language, and near-duplicates (fuzz ratio >=
NEAR_DUPLICATE after normalising case, digits and spaces) always land in the same split,
so a sentence and its copy cannot sit on both sides.

    .venv/bin/python benchmarks/corpus.py --assign   # only when sources change
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SPLITS = DATA / "splits.csv"
SOURCES = {
    "labelled": DATA / "messages.jsonl",
    "blind": DATA / "blind" / "messages.jsonl",
    **{p.stem: p for p in sorted((DATA / "corpus").glob("*.jsonl"))},
}
SHARES = {"train": 0.58, "dev": 0.2, "test": 0.22}
NEAR_DUPLICATE = 85


def load_all() -> list[dict]:
    """Every row of every source, with `source` and `hard` (None when the source has none)."""
    rows = []
    for source, path in SOURCES.items():
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                row["source"] = source
                row.setdefault("hard", None)
                row.setdefault("style", None)
                rows.append(row)
    return rows


def load_splits() -> dict[str, str]:
    with SPLITS.open(encoding="utf-8") as handle:
        return {row["id"]: row["split"] for row in csv.DictReader(handle)}


def rows_in(*splits: str) -> list[dict]:
    """The rows of the given splits (e.g. rows_in("train")), in a stable order."""
    assigned = load_splits()
    return [r for r in load_all() if assigned.get(r["id"]) in splits]


def _key(text: str) -> str:
    text = re.sub(r"\d", "0", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def clusters(rows: list[dict]) -> list[list[int]]:
    """Groups of row indexes whose texts are near-duplicates of each other (union-find)."""
    from rapidfuzz import fuzz, process

    keys = [_key(r["text"]) for r in rows]
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    scores = process.cdist(
        keys, keys, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE, workers=-1, dtype="uint8"
    )
    for i, j in zip(*scores.nonzero(), strict=True):
        if i < j:
            parent[root(int(i))] = root(int(j))
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(rows)):
        groups[root(i)].append(i)
    return list(groups.values())


def _stratum(row: dict) -> str:
    kind = row["scheme"] if row["label"] == "scam" else ("hard" if row["hard"] else "legit")
    return f"{row['label']}:{kind}:{row['lang']}"


def assign(rows: list[dict]) -> dict[str, str]:
    """Each cluster to one split, filling every stratum to the target shares."""
    by_stratum: dict[str, list[list[int]]] = defaultdict(list)
    for group in clusters(rows):
        by_stratum[_stratum(rows[group[0]])].append(group)
    out: dict[str, str] = {}
    for stratum in sorted(by_stratum):
        groups = sorted(
            by_stratum[stratum],
            key=lambda g: hashlib.sha256(rows[g[0]]["id"].encode()).hexdigest(),
        )
        total = sum(len(g) for g in groups)
        filled: Counter[str] = Counter()
        for group in groups:
            split = min(SHARES, key=lambda s: filled[s] / total - SHARES[s])
            filled[split] += len(group)
            for i in group:
                out[rows[i]["id"]] = split
    return out


def write_splits(assigned: dict[str, str]) -> None:
    with SPLITS.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "split"])
        for row_id in sorted(assigned):
            writer.writerow([row_id, assigned[row_id]])


def describe(rows: Iterable[dict], assigned: dict[str, str]) -> None:
    table: Counter[tuple[str, str]] = Counter()
    for row in rows:
        table[(assigned[row["id"]], f"{row['label']}/{row['lang']}")] += 1
    for split in SHARES:
        cells = {k: v for (s, k), v in table.items() if s == split}
        print(split, sum(cells.values()), dict(sorted(cells.items())))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--assign", action="store_true", help="(re)write tests/data/splits.csv")
    args = parser.parse_args()
    rows = load_all()
    ids = Counter(r["id"] for r in rows)
    if max(ids.values()) > 1:
        sys.exit(f"duplicate ids: {[i for i, n in ids.items() if n > 1][:5]}")
    if args.assign:
        write_splits(assign(rows))
    describe(rows, load_splits())


if __name__ == "__main__":
    main()
