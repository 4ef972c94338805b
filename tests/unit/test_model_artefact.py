"""The shipped model: trained for the signals the engine computes now, on the rows and
content it says it was trained on (otherwise: run benchmarks/train_model.py)."""

from __future__ import annotations

import json

from benchmarks.corpus import rows_in
from benchmarks.train_model import fingerprint
from checks.rules import default_rules, load_rules, read_content


def test_the_model_is_not_stale() -> None:
    rules = load_rules(with_model=False)
    data = json.loads(read_content("model.json"))
    assert data["features"] == rules.features()
    assert data["trained_on"] == fingerprint(rows_in("train"), rules), (
        "content/model.json was trained on other data or content: run benchmarks/train_model.py"
    )


def test_thresholds_are_ordered_and_the_model_is_compact() -> None:
    model = default_rules().model
    assert model is not None
    cut = model.thresholds
    assert 0 <= cut.safe < cut.suspicious <= cut.dangerous <= 1
    assert len(read_content("model.json")) < 4_000_000
