"""A small statistical second opinion: logistic regression over hashed character n-grams.

Phrase rules catch what someone wrote down; the model catches the wording of scams that
no rule names yet. It only adds evidence (scoring.toml [model] tiers) and never flags on
its own. Weights are generated data (content/model.json, made by
benchmarks/train_model.py); scoring is pure Python, no numpy at run time.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from dataclasses import dataclass
from functools import cache

from checks.rules import read_content

_DIGIT = re.compile(r"\d")


def featurize(folded: str, buckets: int, sizes: tuple[int, ...]) -> dict[int, float]:
    """L2-normalised counts of character n-grams inside words (`char_wb`), hashed."""
    counts: dict[int, float] = {}
    for word in _DIGIT.sub("0", folded).split():
        padded = f" {word[:40]} "
        for size in sizes:
            for start in range(len(padded) - size + 1):
                key = zlib.crc32(padded[start : start + size].encode()) % buckets
                counts[key] = counts.get(key, 0.0) + 1.0
    norm = math.sqrt(sum(v * v for v in counts.values())) or 1.0
    return {k: v / norm for k, v in counts.items()}


@dataclass(frozen=True, slots=True)
class TextModel:
    buckets: int
    sizes: tuple[int, ...]
    bias: float
    weights: dict[int, float]

    def probability(self, folded: str) -> float:
        """P(scam) for the folded text of a message."""
        features = featurize(folded, self.buckets, self.sizes)
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


@cache
def load_model() -> TextModel | None:
    """The shipped model, or None when content/model.json is absent."""
    try:
        data = json.loads(read_content("model.json"))
    except FileNotFoundError:
        return None
    return TextModel(
        buckets=int(data["buckets"]),
        sizes=tuple(int(n) for n in data["ngram_sizes"]),
        bias=float(data["bias"]),
        weights={int(k): float(w) for k, w in data["weights"]},
    )
