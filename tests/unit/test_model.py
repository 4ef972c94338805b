"""The wording model: loads from content/, scores deterministically, never flags alone."""

from __future__ import annotations

from checks.assess import assess, folded_text
from checks.context import CheckContext
from checks.extract import extract
from checks.matches import Matches
from checks.model import featurize, load_model
from checks.rules import load_rules


def test_model_ships_and_scores_both_ways() -> None:
    model = load_model()
    assert model is not None
    scam = "переведите все средства на безопасный счёт, сотрудник банка продиктует реквизиты"
    talk = "привет, во сколько завтра встречаемся у школы? возьми зонтик"
    assert model.probability(folded_text(scam, extract(scam))) > 0.5
    assert model.probability(folded_text(talk, extract(talk))) < 0.5


def test_features_are_stable_hashes() -> None:
    features = featurize("код 1234", 2**18, (3,))
    assert features == featurize("код 9876", 2**18, (3,))  # digits folded
    assert abs(sum(v * v for v in features.values()) - 1.0) < 1e-9


def test_model_alone_cannot_flag() -> None:
    rules = load_rules()
    top = max(points for _, points in rules.scoring.model["tiers"])
    assert top < rules.scoring.levels["suspicious"]
    text = "Привет! Как дела?"
    verdict = assess(text, extract(text), Matches(), CheckContext(), rules=rules)
    assert "wording_model" not in {r.code for r in verdict.reasons}
