"""Regression guard on the labelled set: detection quality may not silently drop.

The exact figures (and the held-out blind set) are reported by benchmarks/eval_detection.py;
this test only fails when quality falls below a floor under the measured values.
"""

from __future__ import annotations

import json
from pathlib import Path

from checks.assess import assess
from checks.context import CheckContext
from checks.extract import extract
from checks.matches import Matches
from checks.rules import load_rules

DATA = Path(__file__).resolve().parents[1] / "data" / "messages.jsonl"


def test_labelled_set_recall_and_false_alarms() -> None:
    rows = [json.loads(line) for line in DATA.read_text("utf-8").splitlines() if line.strip()]
    assert len(rows) >= 300
    rules = load_rules()
    scam = [r for r in rows if r["label"] == "scam"]
    legit = [r for r in rows if r["label"] == "legit"]

    def flagged(row: dict) -> bool:
        text = row["text"]
        return assess(
            text, extract(text), Matches(), CheckContext(), rules=rules, lang=row["lang"]
        ).flagged

    recall = sum(map(flagged, scam)) / len(scam)
    false_alarms = sum(map(flagged, legit)) / len(legit)
    assert recall >= 0.95
    assert false_alarms <= 0.02
