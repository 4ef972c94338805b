"""Detection quality per split of the corpus (benchmarks/corpus.py).

The headline is the LOCKED `test` split: nothing was ever chosen on it. `dev` is where
thresholds and settings were chosen; `train` is what the model was fitted on. The gap
between dev and test is printed too: a large one means dev leaked into the choices.

    .venv/bin/python benchmarks/eval_detection.py [--split test|dev|train|all] [--errors]

`--errors` prints misses and false alarms, and refuses to do so for `test` (looking at
them would be choosing on the locked split).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import rows_in  # noqa: E402
from checks.assess import assess  # noqa: E402
from checks.context import CheckContext  # noqa: E402
from checks.extract import extract  # noqa: E402
from checks.matches import Matches  # noqa: E402
from checks.rules import Rules, load_rules  # noqa: E402

TARGETS = (
    "targets (locked test): recall >= 97%, false alarms <= 1%, every language >= 95%, hard "
    "genuine <= 2%, scheme right >= 90% of caught scams, unsure <= 10% of scams and <= 15% "
    "of genuine; test within 3 points of dev"
)


def evaluate(rows: list[dict], rules: Rules, *, errors: bool = False) -> dict[str, float]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    timings = []
    for row in rows:
        text = row["text"]
        start = time.perf_counter()
        verdict = assess(
            text, extract(text), Matches(), CheckContext(), rules=rules, lang=row["lang"]
        )
        timings.append(time.perf_counter() - start)
        flagged = verdict.flagged
        if row["label"] == "scam":
            counts["scam"][verdict.level] += 1
            counts["scam_lang"][f"{row['lang']}:{flagged}"] += 1
            counts["scam_scheme"][f"{row['scheme']}:{flagged}"] += 1
            if flagged:
                counts["scheme_named"][str(verdict.scheme == row["scheme"])] += 1
            if errors and not flagged:
                print(
                    f"  MISS {row['id']} {verdict.level} {verdict.score} "
                    f"{[r.code for r in verdict.reasons][:5]} | {text[:140]!r}"
                )
        else:
            counts["legit"][verdict.level] += 1
            counts["legit_lang"][f"{row['lang']}:{flagged}"] += 1
            if row.get("hard"):
                counts["hard"][str(flagged)] += 1
            if errors and flagged:
                print(
                    f"  FALSE ALARM {row['id']} {verdict.level} {verdict.score} "
                    f"{[r.code for r in verdict.reasons][:5]} | {text[:140]!r}"
                )
    scam, legit = counts["scam"], counts["legit"]
    n_scam, n_legit = sum(scam.values()), sum(legit.values())
    caught = scam["suspicious"] + scam["dangerous"]
    alarms = legit["suspicious"] + legit["dangerous"]
    named = counts["scheme_named"]
    result = {
        "recall": caught / max(n_scam, 1),
        "fpr": alarms / max(n_legit, 1),
        "hard_fpr": counts["hard"]["True"] / max(sum(counts["hard"].values()), 1),
        "scheme_right": named["True"] / max(sum(named.values()), 1),
        "scam_unsure": scam["unsure"] / max(n_scam, 1),
        "legit_unsure": legit["unsure"] / max(n_legit, 1),
        "scam_safe": scam["safe"] / max(n_scam, 1),
    }
    print(
        f"  recall {result['recall']:.1%} ({caught}/{n_scam}), false alarms "
        f"{result['fpr']:.1%} ({alarms}/{n_legit}), hard genuine flagged "
        f"{result['hard_fpr']:.1%} ({counts['hard']['True']}/{sum(counts['hard'].values())})"
    )
    print(
        f"  scheme named right for {result['scheme_right']:.1%} of caught scams; unsure: "
        f"{result['scam_unsure']:.1%} of scams, {result['legit_unsure']:.1%} of genuine; "
        f"scams called safe: {result['scam_safe']:.1%}"
    )
    for dim, title in (
        ("scam_lang", "recall by language"),
        ("legit_lang", "false alarms by language"),
    ):
        cells = counts[dim]
        langs = sorted({k.split(":")[0] for k in cells})
        shown = []
        for lang in langs:
            hit, total = cells[f"{lang}:True"], cells[f"{lang}:True"] + cells[f"{lang}:False"]
            shown.append(f"{lang} {hit}/{total} ({hit / max(total, 1):.1%})")
            result[f"{dim}:{lang}"] = hit / max(total, 1)
        print(f"  {title}: " + ", ".join(shown))
    schemes = counts["scam_scheme"]
    names = sorted({k.rsplit(":", 1)[0] for k in schemes})
    print(
        "  recall by scheme: "
        + ", ".join(
            f"{s} {schemes[f'{s}:True']}/{schemes[f'{s}:True'] + schemes[f'{s}:False']}"
            for s in names
        )
    )
    timings.sort()
    print(
        f"  engine time per message: median {timings[len(timings) // 2] * 1000:.2f} ms, "
        f"p99 {timings[int(len(timings) * 0.99)] * 1000:.2f} ms"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=("test", "dev", "train", "all"), default="all")
    parser.add_argument("--errors", action="store_true", help="print misses and false alarms")
    args = parser.parse_args()
    if args.errors and args.split in ("test", "all"):
        sys.exit("--errors is for train or dev only: the test split is locked")
    rules = load_rules()
    splits = ("test", "dev", "train") if args.split == "all" else (args.split,)
    results = {}
    for split in splits:
        rows = rows_in(split)
        title = {
            "test": "LOCKED test split: never used to choose anything",
            "dev": "dev split: thresholds and settings were chosen here",
            "train": "train split: the model was fitted here",
        }[split]
        print(f"{split}: {title} ({len(rows)} messages)")
        results[split] = evaluate(rows, rules, errors=args.errors)
    if "test" in results and "dev" in results:
        gap_recall = (results["test"]["recall"] - results["dev"]["recall"]) * 100
        gap_fpr = (results["test"]["fpr"] - results["dev"]["fpr"]) * 100
        print(f"test - dev: recall {gap_recall:+.1f} points, false alarms {gap_fpr:+.1f} points")
    print(TARGETS)


if __name__ == "__main__":
    main()
