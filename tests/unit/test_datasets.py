"""Both labelled sets are well-formed: keys, values, unique ids, valid card and IBAN numbers."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from stdnum import iban, luhn

from checks.rules import load_rules

DATA = Path(__file__).resolve().parents[1] / "data"
SETS = {"labelled": DATA / "messages.jsonl", "blind": DATA / "blind" / "messages.jsonl"}
KEYS = {"id", "lang", "label", "scheme", "text", "note"}
CARD = re.compile(
    r"(?<![0-9A-Za-z+])\d{4}(?:[ \-]?\d{4}){2}[ \-]?\d{4}(?:[ \-]?\d{1,3})?(?![0-9A-Za-z])"
)
IBAN = re.compile(r"(?<![0-9A-Za-z])KZ\d{2}(?: ?[0-9A-Z]{4}){4}(?![0-9A-Za-z])")


@pytest.mark.parametrize("name", sorted(SETS))
def test_dataset_is_well_formed(name: str) -> None:
    rows = [json.loads(line) for line in SETS[name].read_text("utf-8").splitlines() if line]
    schemes = set(load_rules().schemes)
    assert len(rows) >= 300
    assert len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        assert set(row) == KEYS, row["id"]
        assert row["lang"] in {"ru", "kk", "en"}
        assert row["label"] in {"scam", "legit"}
        assert (row["scheme"] in schemes) if row["label"] == "scam" else row["scheme"] is None
        assert row["text"].strip()
        for value in IBAN.findall(row["text"]):
            assert iban.is_valid(value.replace(" ", "")), (row["id"], value)
        for card in CARD.findall(IBAN.sub(" ", row["text"])):
            assert luhn.is_valid(re.sub(r"\D", "", card)), (row["id"], card)
    by_scheme = Counter(r["scheme"] for r in rows if r["label"] == "scam")
    assert set(by_scheme) == schemes  # every scheme the engine can name is covered
    assert min(by_scheme.values()) >= 6
    langs = Counter(r["lang"] for r in rows)
    assert langs["kk"] >= 0.25 * len(rows)
    assert langs["en"] >= 0.10 * len(rows)
