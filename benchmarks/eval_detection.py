"""Detection quality on the labelled set in tests/data/messages.jsonl.

Prints recall (scam rows flagged as suspicious or dangerous) and false-positive rate
(legit rows flagged) per scheme and per language, for the labelled set the rules were
tuned on (tests/data/messages.jsonl) and for the blind set (tests/data/blind/), which was
written independently by someone who never saw the rules and is never used for tuning.

    .venv/bin/python benchmarks/eval_detection.py [--errors] [--split all|blind|dev|holdout]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checks.assess import assess  # noqa: E402
from checks.context import CheckContext  # noqa: E402
from checks.extract import extract  # noqa: E402
from checks.matches import Matches  # noqa: E402
from checks.rules import load_rules  # noqa: E402

DATA = ROOT / "tests" / "data" / "messages.jsonl"
BLIND = ROOT / "tests" / "data" / "blind" / "messages.jsonl"


def split_of(row_id: str) -> str:
    """Deterministic half split by id: tune on dev, report holdout separately."""
    return "dev" if int(hashlib.sha256(row_id.encode()).hexdigest(), 16) % 2 == 0 else "holdout"


def evaluate(rows: list[dict], show_errors: bool) -> dict[str, float]:
    rules = load_rules()
    per: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])  # (dim, key) -> [hit, n]
    fp = [0, 0]
    timings = []
    for row in rows:
        start = time.perf_counter()
        verdict = assess(
            row["text"],
            extract(row["text"]),
            Matches(),
            CheckContext(),
            rules=rules,
            lang=row["lang"],
        )
        timings.append(time.perf_counter() - start)
        flagged = verdict.flagged
        if row["label"] == "scam":
            for key in (("scheme", row["scheme"]), ("lang", row["lang"]), ("all", "scam")):
                per[key][0] += flagged
                per[key][1] += 1
            if show_errors and not flagged:
                print(
                    f"  MISS {row['id']} {verdict.level} {verdict.score} "
                    f"{[r.code for r in verdict.reasons]} | {row['text'][:150]!r}"
                )
        else:
            per[("legit_lang", row["lang"])][0] += flagged
            per[("legit_lang", row["lang"])][1] += 1
            fp[0] += flagged
            fp[1] += 1
            if flagged:
                per[("fp_scheme", verdict.scheme or "none")][0] += 1
            if show_errors and flagged:
                print(
                    f"  FALSE ALARM {row['id']} {verdict.level} {verdict.score} "
                    f"{[(r.code, r.weight) for r in verdict.reasons]} | {row['text'][:150]!r}"
                )
    recall = per[("all", "scam")][0] / max(per[("all", "scam")][1], 1)
    fpr = fp[0] / max(fp[1], 1)
    print(
        f"  recall {recall:.1%} ({per[('all', 'scam')][0]}/{per[('all', 'scam')][1]})   "
        f"false-positive rate {fpr:.1%} ({fp[0]}/{fp[1]})"
    )
    for dim, title in (
        ("lang", "recall by language"),
        ("legit_lang", "false alarms by language"),
        ("scheme", "recall by scheme"),
    ):
        cells = sorted((k, v) for (d, k), v in per.items() if d == dim)
        print(f"  {title}: " + ", ".join(f"{k} {h}/{n}" for k, (h, n) in cells))
    timings.sort()
    print(
        f"  engine time per message: median {timings[len(timings) // 2] * 1000:.2f} ms, "
        f"max {timings[-1] * 1000:.2f} ms"
    )
    return {"recall": recall, "fpr": fpr}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", action="store_true", help="print every miss and false alarm")
    parser.add_argument(
        "--split",
        default=None,
        choices=("dev", "holdout", "all", "blind", "blind-dev", "blind-holdout"),
    )
    args = parser.parse_args()
    rows = [json.loads(line) for line in DATA.read_text("utf-8").splitlines() if line.strip()]
    load_rules()
    splits = [args.split] if args.split else ["all", "blind-dev", "blind-holdout"]
    blind = [json.loads(x) for x in BLIND.read_text("utf-8").splitlines() if x.strip()]
    for split in splits:
        if split == "blind":
            chosen, title = blind, "whole blind set, written independently of the rules"
        elif split.startswith("blind-"):
            half = split.removeprefix("blind-")
            chosen = [r for r in blind if split_of(r["id"]) == half]
            title = (
                "blind half: guided general fixes; the wording model trained on it"
                if half == "dev"
                else "blind half never looked at: the honest figure"
            )
        elif split == "all":
            chosen, title = rows, "labelled set: rules tuned, wording model trained on it"
        else:
            chosen = [r for r in rows if split_of(r["id"]) == split]
            title = f"{split} half of the labelled set"
        print(f"{split}: {title} ({len(chosen)} messages)")
        evaluate(chosen, args.errors)
    print("targets: recall >= 97%, false-positive rate <= 1%")


if __name__ == "__main__":
    main()
