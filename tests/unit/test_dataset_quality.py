"""Regression guard: detection quality on the dev split may not silently drop.

The figures themselves (and the locked test split) are reported by
benchmarks/eval_detection.py; this only fails when dev falls below floors set under the
values measured when the model was trained. The locked test split is never read here.
"""

from __future__ import annotations

from benchmarks.corpus import rows_in
from checks.assess import assess
from checks.context import CheckContext
from checks.extract import extract
from checks.matches import Matches
from checks.rules import default_rules


def test_dev_split_recall_and_false_alarms() -> None:
    rows = rows_in("dev")
    assert len(rows) >= 600
    rules = default_rules()

    def flagged(row: dict) -> bool:
        text = row["text"]
        verdict = assess(
            text, extract(text), Matches(), CheckContext(), rules=rules, lang=row["lang"]
        )
        return verdict.flagged

    scam = [r for r in rows if r["label"] == "scam"]
    legit = [r for r in rows if r["label"] == "legit"]
    hard = [r for r in legit if r["hard"]]
    assert sum(map(flagged, scam)) / len(scam) >= 0.80
    assert sum(map(flagged, legit)) / len(legit) <= 0.015
    assert sum(map(flagged, hard)) / len(hard) <= 0.03
