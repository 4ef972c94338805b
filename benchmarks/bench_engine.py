"""Engine speed: per-message time on the labelled set and on adversarial inputs.

.venv/bin/python benchmarks/bench_engine.py
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checks.assess import assess  # noqa: E402
from checks.context import CheckContext  # noqa: E402
from checks.extract import extract  # noqa: E402
from checks.matches import Matches  # noqa: E402
from checks.rules import default_rules  # noqa: E402


def timed(text: str, rules: object) -> float:
    start = time.perf_counter()
    assess(text, extract(text), Matches(), CheckContext(), rules=rules, lang="ru")
    return time.perf_counter() - start


def adversarial() -> dict[str, str]:
    rng = random.Random(7)
    words = [
        "код",
        "смс",
        "переведите",
        "карту",
        "срочно",
        "служба",
        "безопасности",
        "банка",
        "мама",
        "kaspi",
    ]
    return {
        "4096 emoji": "😀" * 4096,
        "4096 letters": "a" * 4096,
        "code words x800": " ".join(rng.choice(words) for _ in range(800))[:4096],
        "1000 links": " ".join(f"site{i}.top" for i in range(1000)),
        "digits 4096": "1 2 3 4 5 6 7 8 9 0 " * 204,
        "dots and brackets": "[.](.)" * 680,
        "long word": "а" * 4000 + " код",
        "mixed scripts": "kаsрі " * 680,
        "spaced letters": "с м с к о д " * 340,
    }


def main() -> None:
    start = time.perf_counter()
    rules = default_rules()
    print(f"rules load: {(time.perf_counter() - start) * 1000:.0f} ms (once per process)")
    rows = [
        json.loads(line)
        for line in (ROOT / "tests/data/messages.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    times = sorted(timed(r["text"], rules) for r in rows)
    print(
        f"labelled set ({len(rows)} messages): median {statistics.median(times) * 1000:.2f} ms, "
        f"p99 {times[int(len(times) * 0.99)] * 1000:.2f} ms, max {times[-1] * 1000:.2f} ms"
    )
    for name, text in adversarial().items():
        print(f"  {name:20s} {timed(text, rules) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
