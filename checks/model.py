"""The learned verdict: a text model and small decision trees over the named signals.

Three parts, all generated data in content/model.json (benchmarks/train_model.py):

- the text score: logistic regression over character n-grams inside each word, the words
  themselves and pairs of neighbouring words. N-grams and words are weighted by count and
  divided by the square root of the message's total, so each distinct word is scored once
  and remembered: a message costs about one dictionary look-up per word;
- the verdict: gradient-boosted trees over the text score and every named signal
  (checks/signals.py, checks/evidence.py): they learn that a scam's words in a warning or
  in a refused-call story are not a scam. The trees are turned into one Python function
  at load time;
- the explainer: a logistic regression over the same inputs, used only to rank which
  signals pushed hardest (the reasons people see), and a head that ranks the 20 schemes.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

SIZES = (3, 4, 5)
MAX_WORD = 30  # longer "words" (hashes, base64) are cut: their tail says nothing
TEXT = "text"  # the name of the text score among the trees' inputs
_DIGIT = re.compile(r"\d")
_CACHE = 200_000


def grams_of(word: str) -> list[str]:
    """Character n-grams of one folded word, padded with spaces; digits read as 0."""
    padded = f" {_DIGIT.sub('0', word[:MAX_WORD])} "
    return [padded[i : i + n] for n in SIZES for i in range(len(padded) - n + 1)]


def gram_count(word: str) -> int:
    size = min(len(word), MAX_WORD) + 2
    return sum(max(0, size - n + 1) for n in SIZES)


def word_key(word: str) -> str:
    if word.isalpha():
        return word[:MAX_WORD]
    return _DIGIT.sub("0", word[:MAX_WORD])


def text_features(words: Sequence[str], readings: Sequence[str]) -> dict[str, float]:
    """The text model's features as a sparse vector (training builds the same)."""
    out: dict[str, float] = {}
    everything = [*words, *readings]
    scale = 1.0 / math.sqrt(sum(gram_count(w) for w in everything) or 1)
    for word in everything:
        for gram in grams_of(word):
            out[gram] = out.get(gram, 0.0) + scale
    per_word = 1.0 / math.sqrt(len(words) or 1)
    keys = [word_key(w) for w in words]
    for key in keys:
        out[f"w:{key}"] = out.get(f"w:{key}", 0.0) + per_word
    for first, second in itertools.pairwise(keys):
        pair = f"b:{first} {second}"
        out[pair] = out.get(pair, 0.0) + per_word
    return out


@dataclass(frozen=True, slots=True)
class Score:
    probability: float
    """P(scam) from the trees."""
    text: float
    """The text score (log-odds of the text model)."""
    parts: dict[str, float]
    """Each input's push towards "scam" by the explainer (text included, as TEXT)."""
    words: list[tuple[float, int]] = field(default_factory=list)
    """(push, index into the words the model read) of the words that pushed most."""


@dataclass(frozen=True, slots=True)
class Thresholds:
    safe: float
    suspicious: float
    dangerous: float


class Model:
    def __init__(self, data: Mapping[str, Any]) -> None:
        self.features: tuple[str, ...] = tuple(data["features"])
        self.trained_on: str = str(data.get("trained_on", ""))
        text = data["text"]
        self._bias = float(text["bias"])
        self._grams: dict[str, float] = dict(text["grams"])
        self._words: dict[str, float] = dict(text["words"])
        self._pairs: dict[str, float] = dict(text["pairs"])
        trees = data["trees"]
        self._trees = _compile_trees(trees["inputs"], trees["init"], trees["rate"], trees["nodes"])
        self._inputs: tuple[str, ...] = tuple(trees["inputs"])
        explain = data["explainer"]
        self._explain = dict(zip(explain["inputs"], explain["weights"], strict=True))
        self.thresholds = Thresholds(**data["thresholds"])
        scheme = data["scheme"]
        self.schemes: tuple[str, ...] = tuple(scheme["names"])
        self._scheme_bias: list[float] = list(scheme["bias"])
        self._scheme_text: dict[str, list[tuple[int, float]]] = {
            g: [(int(i), float(w)) for i, w in pairs] for g, pairs in scheme["text"].items()
        }
        self._scheme_signals: dict[str, list[float]] = dict(
            zip(self.features, scheme["signals"], strict=True)
        )
        self._seen: dict[str, tuple[float, int]] = {}
        self._scheme_seen: dict[str, tuple[list[float], list[float]]] = {}

    # ---- the text score --------------------------------------------------------------

    def _word(self, word: str) -> tuple[float, int]:
        """(sum of the word's n-gram weights, its n-gram count), remembered per word."""
        seen = self._seen.get(word)
        if seen is None:
            grams = self._grams
            seen = (sum(grams.get(g, 0.0) for g in grams_of(word)), gram_count(word))
            if len(self._seen) >= _CACHE:
                self._seen.clear()
            self._seen[word] = seen
        return seen

    def text_score(
        self, words: Sequence[str], readings: Sequence[str]
    ) -> tuple[float, list[float]]:
        """Log-odds of the text model, and each word's push (words, then readings)."""
        seen, learn = self._seen.get, self._word
        scored = [seen(w) or learn(w) for w in (*words, *readings)]
        scale = 1.0 / math.sqrt(sum(n for _, n in scored) or 1)
        per_word = 1.0 / math.sqrt(len(words) or 1)
        keys = [word_key(w) for w in words]
        lookup, pairs = self._words.get, self._pairs.get
        pushes = [s * scale for s, _ in scored]
        for i, key in enumerate(keys):
            pushes[i] += lookup(key, 0.0) * per_word
        pair_sum = sum(pairs(f"b:{a} {b}", 0.0) for a, b in itertools.pairwise(keys))
        return self._bias + sum(pushes) + pair_sum * per_word, pushes

    # ---- the verdict -----------------------------------------------------------------

    def score(
        self, words: Sequence[str], readings: Sequence[str], signals: Mapping[str, float]
    ) -> Score:
        text, pushes = self.text_score(words, readings)
        inputs = {TEXT: text, **signals}
        raw = self._trees(inputs)
        parts = {
            name: self._explain[name] * value
            for name, value in inputs.items()
            if value and name in self._explain
        }
        top = sorted(((p, i) for i, p in enumerate(pushes) if p > 0), reverse=True)[:5]
        return Score(_sigmoid(raw), text, parts, top)

    def _scheme_word(self, word: str) -> tuple[list[float], list[float]]:
        """A word's pushes towards each scheme: from its n-grams, and as a word."""
        cached = self._scheme_seen.get(word)
        if cached is None:
            grams = [0.0] * len(self.schemes)
            table = self._scheme_text
            for gram in grams_of(word):
                for index, weight in table.get(gram, ()):
                    grams[index] += weight
            itself = [0.0] * len(self.schemes)
            for index, weight in table.get(f"w:{word_key(word)}", ()):
                itself[index] += weight
            cached = (grams, itself)
            if len(self._scheme_seen) >= _CACHE:
                self._scheme_seen.clear()
            self._scheme_seen[word] = cached
        return cached

    def rank_schemes(
        self, words: Sequence[str], readings: Sequence[str], signals: Mapping[str, float]
    ) -> list[tuple[str, float]]:
        """Schemes from the most to the least likely, with their softmax probabilities."""
        everything = [*words, *readings]
        g_scale = 1.0 / math.sqrt(sum(gram_count(w) for w in everything) or 1)
        w_scale = 1.0 / math.sqrt(len(words) or 1)
        z = list(self._scheme_bias)
        if everything:
            gram_sums = map(sum, zip(*(self._scheme_word(w)[0] for w in everything), strict=True))
            z = [a + b * g_scale for a, b in zip(z, gram_sums, strict=True)]
        if words:
            word_sums = map(sum, zip(*(self._scheme_word(w)[1] for w in words), strict=True))
            z = [a + b * w_scale for a, b in zip(z, word_sums, strict=True)]
        for name, value in signals.items():
            row = self._scheme_signals.get(name)
            if row and value:
                z = [a + b * value for a, b in zip(z, row, strict=True)]
        top = max(z)
        exp = [math.exp(v - top) for v in z]
        total = sum(exp)
        pairs = zip(self.schemes, (e / total for e in exp), strict=True)
        return sorted(pairs, key=lambda kv: -kv[1])


def _compile_trees(
    inputs: Sequence[str], init: float, rate: float, nodes: Sequence[Sequence[Sequence[float]]]
) -> Callable[[Mapping[str, float]], float]:
    """The trees as one function of a dict of inputs, built from the data.

    Each node is [input index, threshold, left, right, value]; a leaf has left == -1.
    Nested `if`s in one function are several times faster than walking arrays, and only
    the inputs some tree splits on are read.
    """
    used = sorted({int(node[0]) for tree in nodes for node in tree if int(node[2]) != -1})
    lines = ["def trees(x):", "    g = x.get"]
    lines += [f"    x{i} = g({inputs[i]!r}, 0.0)" for i in used]
    lines.append(f"    s = {float(init)!r}")

    def emit(tree: Sequence[Sequence[float]], node: int, depth: int) -> None:
        feature, threshold, left, right, value = tree[node]
        pad = "    " * depth
        if int(left) == -1:
            lines.append(f"{pad}s += {float(value) * rate!r}")
            return
        lines.append(f"{pad}if x{int(feature)} <= {float(threshold)!r}:")
        emit(tree, int(left), depth + 1)
        lines.append(f"{pad}else:")
        emit(tree, int(right), depth + 1)

    for tree in nodes:
        emit(tree, 0, 1)
    lines.append("    return s")
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(lines), "<content/model.json trees>", "exec"), namespace)
    return namespace["trees"]  # type: ignore[no-any-return]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))
