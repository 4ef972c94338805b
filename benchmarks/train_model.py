"""Train the verdict model (checks/model.py) and write content/model.json.

- Fitted on the `train` split only (benchmarks/corpus.py).
- Everything else is chosen on `dev`: the regularisation of both heads, the calibration
  (Platt scaling, folded into the weights), and the thresholds — "suspicious" and
  "dangerous" for a false-alarm rate within FPR_TARGET, "safe" so that almost no scam
  falls below it.
- The locked `test` split is never read here.

The file records a fingerprint of the training rows and of the content the signals come
from (tests/unit/test_model.py fails when they change and the model was not retrained).

    .venv/bin/python benchmarks/train_model.py
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import rows_in  # noqa: E402
from checks.assess import Observation, observe  # noqa: E402
from checks.context import CheckContext  # noqa: E402
from checks.extract import extract  # noqa: E402
from checks.matches import Matches  # noqa: E402
from checks.model import TEXT, text_features  # noqa: E402
from checks.rules import LEVEL_ORDER, Rules, load_rules  # noqa: E402

TEXT_C = (10.0, 30.0)
FOREST = ((150, 0.05, 3), (300, 0.05, 3), (150, 0.1, 2))  # (trees, learning rate, depth)
SCHEME_C = (3.0, 10.0, 30.0)
FOLDS = 5
SEED = 2026
FPR_TARGET = 0.0075  # dev false alarms for "suspicious"; the bound is 1%
DANGER_FPR = 0.0025
SAFE_MISS = 0.01  # at most this share of dev scams may fall in "safe"
MIN_DF = 2
KEEP_TEXT = 60_000
KEEP_SCHEME = 2_500  # text features per scheme
CONTENT_FILES = ("lexicon.toml", "registry.toml", "scoring.toml")


def fingerprint(rows: list[dict], rules: Rules) -> str:
    """What the model depends on: the training rows, the signals' content, their names."""
    digest = hashlib.sha256()
    for row in sorted(rows, key=lambda r: r["id"]):
        digest.update(f"{row['id']}\t{row['label']}\t{row['scheme']}\t{row['text']}\n".encode())
    for name in CONTENT_FILES:
        path = ROOT / "content" / name
        if path.exists():
            digest.update(path.read_bytes())
    digest.update("\n".join(rules.features()).encode())
    return digest.hexdigest()


def observe_all(rows: list[dict], rules: Rules) -> list[Observation]:
    return [
        observe(
            r["text"], extract(r["text"]), Matches(), CheckContext(), rules=rules, lang=r["lang"]
        )
        for r in rows
    ]


class Design:
    """The text model's matrix: every feature (n-gram, word, word pair) seen twice in train."""

    def __init__(self, train: list[Observation]) -> None:
        df: Counter[str] = Counter()
        for seen in train:
            df.update(text_features(seen.words.words, seen.readings).keys())
        self.names = sorted(k for k, n in df.items() if n >= MIN_DF)
        self.index = {k: i for i, k in enumerate(self.names)}

    def text(self, observations: list[Observation]) -> csr_matrix:
        indptr, indices, data = [0], [], []
        for seen in observations:
            for key, value in text_features(seen.words.words, seen.readings).items():
                j = self.index.get(key)
                if j is not None:
                    indices.append(j)
                    data.append(value)
            indptr.append(len(indices))
        return csr_matrix((data, indices, indptr), shape=(len(observations), len(self.names)))


def signals(observations: list[Observation], features: list[str]) -> np.ndarray:
    col = {f: i for i, f in enumerate(features)}
    out = np.zeros((len(observations), len(features)))
    for row, seen in enumerate(observations):
        for name, value in seen.features.items():
            if name in col:
                out[row, col[name]] = value
    return out


def floors(observations: list[Observation], rules: Rules) -> np.ndarray:
    """Each message's level floor from content/scoring.toml (0 safe .. 3 dangerous)."""
    from checks.assess import _floor

    return np.array([LEVEL_ORDER.index(_floor(seen, rules)[0]) for seen in observations])


def recall_at(p: np.ndarray, y: np.ndarray, floor: np.ndarray, fpr: float) -> tuple[float, float]:
    cut = choose_cut(p, y, floor, 2, fpr)
    flagged = (p >= cut) | (floor >= 2)
    return float((flagged & y).sum() / y.sum()), cut


def choose_cut(p: np.ndarray, y: np.ndarray, floor: np.ndarray, rank: int, fpr: float) -> float:
    """The lowest cut whose false alarms (with the floors) stay within `fpr` on dev."""
    legit = ~y
    for cut in sorted(set(np.round(p, 5)) | {1.0}):
        flagged = (p >= cut) | (floor >= rank)
        if (flagged & legit).sum() <= fpr * legit.sum():
            return float(cut)
    return 1.0


def text_model(
    x_train: csr_matrix, y_train: np.ndarray, c: float
) -> tuple[LogisticRegression, np.ndarray]:
    """The text model fitted on all of train, and its out-of-fold scores on train."""
    oof = np.zeros(x_train.shape[0])
    for fit, held in StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(
        x_train, y_train
    ):
        part = LogisticRegression(C=c, max_iter=5000, solver="liblinear").fit(
            x_train[fit], y_train[fit]
        )
        oof[held] = part.decision_function(x_train[held])
    return LogisticRegression(C=c, max_iter=5000, solver="liblinear").fit(x_train, y_train), oof


def export_trees(forest: GradientBoostingClassifier) -> list[list[list[float]]]:
    trees = []
    for estimator in forest.estimators_[:, 0]:
        tree = estimator.tree_
        trees.append(
            [
                [
                    int(tree.feature[i]),
                    round(float(tree.threshold[i]), 6),
                    int(tree.children_left[i]),
                    int(tree.children_right[i]),
                    round(float(tree.value[i][0][0]), 6),
                ]
                for i in range(tree.node_count)
            ]
        )
    return trees


@dataclass
class Split:
    rows: list[dict]
    text: csr_matrix
    signals: np.ndarray
    y: np.ndarray


def fit_verdict(train: Split, dev: Split, dev_floor: np.ndarray) -> tuple:
    """The text model's C and the trees' shape with the most dev recall at FPR_TARGET."""
    best = None
    for c in TEXT_C:
        text, oof = text_model(train.text, train.y, c)
        x_train = np.hstack([oof[:, None], train.signals])
        x_dev = np.hstack([text.decision_function(dev.text)[:, None], dev.signals])
        for trees, rate, depth in FOREST:
            forest = GradientBoostingClassifier(
                n_estimators=trees,
                learning_rate=rate,
                max_depth=depth,
                subsample=0.8,
                random_state=SEED,
            ).fit(x_train, train.y)
            p = forest.predict_proba(x_dev)[:, 1]
            recall, _ = recall_at(p, dev.y, dev_floor, FPR_TARGET)
            print(f"  text C={c:<4} trees {trees}x{depth} rate {rate}: dev recall {recall:.1%}")
            if best is None or recall > best[0]:
                best = (recall, c, text, x_train, forest, (trees, rate, depth), p)
    assert best is not None
    return best[1:]


def thresholds(p: np.ndarray, y: np.ndarray, floor: np.ndarray) -> dict[str, float]:
    suspicious = choose_cut(p, y, floor, 2, FPR_TARGET)
    dangerous = max(suspicious, choose_cut(p, y, floor, 3, DANGER_FPR))
    safe = 0.0
    free = floor < 1
    for cut in sorted(set(np.round(p, 5))):
        missed = ((p <= cut) & y & free).sum() / y.sum()
        if cut >= suspicious or missed > SAFE_MISS:
            break
        safe = float(cut)
    return {"safe": safe, "suspicious": suspicious, "dangerous": dangerous}


def fit_schemes(design: Design, train: Split, dev: Split) -> tuple[float, dict[str, Any]]:
    """The head that names the scheme, trained on the scams (words and n-grams, signals)."""
    scam_train, scam_dev = np.where(train.y)[0], np.where(dev.y)[0]
    no_pairs = np.array([not name.startswith("b:") for name in design.names])
    xs_train = hstack([train.text[:, no_pairs], csr_matrix(train.signals)]).tocsr()
    xs_dev = hstack([dev.text[:, no_pairs], csr_matrix(dev.signals)]).tocsr()
    names = [name for name, keep in zip(design.names, no_pairs, strict=True) if keep]
    labels_train = [train.rows[i]["scheme"] for i in scam_train]
    labels_dev = np.array([dev.rows[i]["scheme"] for i in scam_dev])
    best = None
    for sc in SCHEME_C:
        head = LogisticRegression(C=sc, max_iter=5000).fit(xs_train[scam_train], labels_train)
        accuracy = float((head.predict(xs_dev[scam_dev]) == labels_dev).mean())
        print(f"  scheme C={sc:<5} dev accuracy {accuracy:.1%}")
        if best is None or accuracy > best[0]:
            best = (accuracy, sc, head)
    assert best is not None
    _, sc, head = best
    n = len(names)
    text: dict[str, list[list[float]]] = {}
    for k in range(len(head.classes_)):
        row = head.coef_[k][:n]
        for i in np.argsort(-np.abs(row))[:KEEP_SCHEME]:
            if abs(row[i]) > 1e-4:
                text.setdefault(names[i], []).append([k, round(float(row[i]), 4)])
    signal_columns = train.signals.shape[1]
    return sc, {
        "names": [str(s) for s in head.classes_],
        "bias": [round(float(v), 4) for v in head.intercept_],
        "text": text,
        "signals": [
            [round(float(head.coef_[k][n + j]), 4) for k in range(len(head.classes_))]
            for j in range(signal_columns)
        ],
    }


def text_weights(design: Design, text: LogisticRegression) -> dict[str, Any]:
    weights = text.coef_[0]
    keep = [i for i in np.argsort(-np.abs(weights))[:KEEP_TEXT] if abs(weights[i]) > 1e-5]
    kept = {design.names[i]: round(float(weights[i]), 5) for i in keep}
    return {
        "bias": round(float(text.intercept_[0]), 5),
        "grams": {k: v for k, v in kept.items() if not k.startswith(("w:", "b:"))},
        "words": {k[2:]: v for k, v in kept.items() if k.startswith("w:")},
        "pairs": {k: v for k, v in kept.items() if k.startswith("b:")},
    }


def main() -> None:
    started = time.perf_counter()
    rules = load_rules(with_model=False)
    features = rules.features()
    inputs = [TEXT, *features]
    train_rows, dev_rows = rows_in("train"), rows_in("dev")
    seen_train, seen_dev = observe_all(train_rows, rules), observe_all(dev_rows, rules)
    design = Design(seen_train)
    train, dev = (
        Split(
            rows,
            design.text(seen),
            signals(seen, features),
            np.array([r["label"] == "scam" for r in rows]),
        )
        for rows, seen in ((train_rows, seen_train), (dev_rows, seen_dev))
    )
    dev_floor = floors(seen_dev, rules)
    print(f"{len(train_rows)} train, {len(dev_rows)} dev; {len(design.names)} text features")
    c, text, x_train, forest, shape, p_dev = fit_verdict(train, dev, dev_floor)
    cuts = thresholds(p_dev, dev.y, dev_floor)
    explainer = LogisticRegression(C=1.0, max_iter=5000).fit(x_train, train.y)
    scheme_c, scheme = fit_schemes(design, train, dev)
    prior = forest.init_.class_prior_
    out = {
        "about": "text model + trees over signals + explainer + scheme head; checks/model.py",
        "trained_on": fingerprint(train_rows, rules),
        "rows": {"train": len(train_rows), "dev": len(dev_rows)},
        "chosen": {"text_C": c, "trees": shape, "scheme_C": scheme_c},
        "features": features,
        "text": text_weights(design, text),
        "trees": {
            "inputs": inputs,
            "init": round(float(np.log(prior[1] / prior[0])), 6),
            "rate": forest.learning_rate,
            "nodes": export_trees(forest),
        },
        "explainer": {
            "inputs": inputs,
            "weights": [round(float(w), 5) for w in explainer.coef_[0]],
        },
        "thresholds": cuts,
        "scheme": scheme,
    }
    path = ROOT / "content" / "model.json"
    path.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    print(
        f"chose text C={c}, trees {shape}, scheme C={scheme_c}; thresholds "
        + ", ".join(f"{k} {v:.3f}" for k, v in cuts.items())
        + f"; wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KiB) "
        f"in {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
