"""Every labelled set is well-formed (keys, values, unique ids, valid card and IBAN
numbers), and the corpus splits are complete, stratified and free of cross-split copies."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from stdnum import iban, luhn

from checks.rules import default_rules

DATA = Path(__file__).resolve().parents[1] / "data"
SETS = {"labelled": DATA / "messages.jsonl", "blind": DATA / "blind" / "messages.jsonl"}
SETS.update({p.stem: p for p in sorted((DATA / "corpus").glob("*.jsonl"))})
KEYS = {"id", "lang", "label", "scheme", "text", "note"}
WRITER_KEYS = KEYS | {"hard", "style"}
STYLES = {"sms", "messenger", "retold_call", "voice", "screenshot", "email", "post", "chat"}
STYLES |= {"notice"}
CARD = re.compile(
    r"(?<![0-9A-Za-z+])\d{4}(?:[ \-]?\d{4}){2}[ \-]?\d{4}(?:[ \-]?\d{1,3})?(?![0-9A-Za-z])"
)
IBAN = re.compile(r"(?<![0-9A-Za-z])KZ\d{2}(?: ?[0-9A-Z]{4}){4}(?![0-9A-Za-z])")


@pytest.mark.parametrize("name", sorted(SETS))
def test_dataset_is_well_formed(name: str) -> None:
    rows = [json.loads(line) for line in SETS[name].read_text("utf-8").splitlines() if line]
    schemes = set(default_rules().schemes)
    assert len(rows) >= 300
    assert len({r["id"] for r in rows}) == len(rows)
    writer = name not in ("labelled", "blind")
    for row in rows:
        assert set(row) == (WRITER_KEYS if writer else KEYS), row["id"]
        if writer:
            assert row["id"].startswith(f"{name}-")
            assert row["style"] in STYLES, row["id"]
            assert row["hard"] is (row["hard"] and row["label"] == "legit"), row["id"]
        assert row["lang"] in {"ru", "kk", "en"}
        assert row["label"] in {"scam", "legit"}
        assert (row["scheme"] in schemes) if row["label"] == "scam" else row["scheme"] is None
        assert row["text"].strip()
        text = row["text"].replace("КZ", "KZ").replace("КZ", "KZ")  # OCR-style Cyrillic К
        for value in IBAN.findall(text):
            assert iban.is_valid(value.replace(" ", "")), (row["id"], value)
        for card in CARD.findall(IBAN.sub(" ", text)):
            assert luhn.is_valid(re.sub(r"\D", "", card)), (row["id"], card)
    by_scheme = Counter(r["scheme"] for r in rows if r["label"] == "scam")
    assert set(by_scheme) == schemes  # every scheme the engine can name is covered
    assert min(by_scheme.values()) >= 6
    if not writer:
        langs = Counter(r["lang"] for r in rows)
        assert langs["kk"] >= 0.25 * len(rows)
        assert langs["en"] >= 0.10 * len(rows)


def test_corpus_size_mix_and_splits() -> None:
    from benchmarks.corpus import SHARES, clusters, load_all, load_splits

    rows = load_all()
    splits = load_splits()
    assert set(splits) == {r["id"] for r in rows}  # every row in exactly one split
    scam = [r for r in rows if r["label"] == "scam"]
    legit = [r for r in rows if r["label"] == "legit"]
    assert len(scam) >= 1500 and len(legit) >= 1500
    assert sum(bool(r["hard"]) for r in legit) >= 0.4 * len(legit)
    langs = Counter(r["lang"] for r in rows)
    assert 0.5 <= langs["ru"] / len(rows) <= 0.65
    assert langs["kk"] / len(rows) >= 0.22 and langs["en"] / len(rows) >= 0.12
    assert len({r["source"] for r in rows} - {"labelled", "blind"}) >= 5  # independent writers
    shares = Counter(splits.values())
    assert shares["test"] >= 0.2 * len(rows)
    for split, share in SHARES.items():  # stratified: each language near its share per split
        for lang in ("ru", "kk", "en"):
            of_lang = [r for r in rows if r["lang"] == lang]
            inside = sum(splits[r["id"]] == split for r in of_lang)
            assert abs(inside / len(of_lang) - share) < 0.04, (split, lang)
    for group in clusters(rows):  # near-duplicates never straddle two splits
        assert len({splits[rows[i]["id"]] for i in group}) == 1
