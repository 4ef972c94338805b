"""Engine speed on one core: per-message time on the labelled corpus, messages per second on
a realistic 20,000-message mix (lengths up to 4,096 characters), the worst adversarial
inputs, `check --jsonl` end to end including start-up, and a cold `check --json`.

.venv/bin/python benchmarks/bench_engine.py            # everything (about a minute)
.venv/bin/python benchmarks/bench_engine.py --quick    # engine only, no subprocesses

Targets (issue 16): median <= 0.2 ms and p99 <= 2 ms per labelled message; >= 3,000
messages/s through `check --jsonl` on the mix, start-up included; worst adversarial
4,096-character input <= 20 ms; cold `check --json` <= 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import load_all  # noqa: E402
from checks.assess import assess  # noqa: E402
from checks.context import CheckContext  # noqa: E402
from checks.extract import extract  # noqa: E402
from checks.matches import Matches  # noqa: E402
from checks.rules import Rules, default_rules  # noqa: E402

MAX_LEN = 4096
EMOJI = "😀🙏🔥💰✅❗️🎁👉📞💳🏦"
FILLER_LINKS = [
    "https://kaspi.kz/pay",
    "olx.kz/d/obyavlenie",
    "bit.ly/3xYz",
    "egov.kz",
    "t.me/joinchat",
]


def timed(text: str, rules: Rules, lang: str = "ru") -> float:
    start = time.perf_counter()
    assess(text, extract(text), Matches(), CheckContext(), rules=rules, lang=lang)
    return time.perf_counter() - start


def adversarial() -> dict[str, str]:
    rng = random.Random(7)
    words = ["код", "смс", "переведите", "карту", "срочно", "служба", "безопасности", "банка"]
    words += ["мама", "kaspi", "кодты", "айтыңыз", "ақша", "аударыңыз"]
    return {
        "4096 emoji": "😀" * 4096,
        "4096 letters": "a" * 4096,
        "code words x800": " ".join(rng.choice(words) for _ in range(800))[:MAX_LEN],
        "1000 links": " ".join(f"site{i}.top" for i in range(1000))[:MAX_LEN],
        "look-alike links": " ".join(f"kaspi-{i}.kz halyk{i}.top" for i in range(300))[:MAX_LEN],
        "digits 4096": ("1 2 3 4 5 6 7 8 9 0 " * 205)[:MAX_LEN],
        "phone-like runs": ("+7 701 123 45 67, " * 230)[:MAX_LEN],
        "card-like runs": ("4400 4301 2345 6789 " * 205)[:MAX_LEN],
        "dots and brackets": ("[.](.)" * 683)[:MAX_LEN],
        "long word": "а" * 4000 + " код",
        "mixed scripts": ("kаsрі " * 683)[:MAX_LEN],
        "spaced letters": ("с м с к о д " * 342)[:MAX_LEN],
        "broken unicode": ("\ud800x\udfff " * 1000)[:MAX_LEN],
        "@names": (" ".join(f"@user_{i}" for i in range(600)))[:MAX_LEN],
    }


def realistic_mix(n: int, seed: int = 1) -> list[dict[str, str]]:
    """Messages as they come: mostly single messages, some chat logs and long forwards with
    emoji, links and numbers, a few floods; every length up to 4,096 characters."""
    rows = load_all()
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        roll = rng.random()
        first = rng.choice(rows)
        if roll < 0.70:
            text = first["text"]
        elif roll < 0.90:  # a chat log or a few forwarded messages pasted together
            text = "\n".join(rng.choice(rows)["text"] for _ in range(rng.randint(2, 6)))
        elif roll < 0.97:  # a long forward: messages, emoji, links and numbers
            parts = []
            while sum(map(len, parts)) < rng.randint(1500, MAX_LEN):
                parts.append(rng.choice(rows)["text"])
                parts.append("".join(rng.choice(EMOJI) for _ in range(rng.randint(0, 30))))
                if rng.random() < 0.3:
                    parts.append(rng.choice(FILLER_LINKS))
                if rng.random() < 0.2:
                    parts.append(f"+7 7{rng.randint(0, 99):02d} {rng.randint(100, 999)} 45 67")
            text = " ".join(parts)
        else:  # a flood: a short text drowned in emoji or links
            filler = rng.choice([EMOJI, " ".join(FILLER_LINKS) + " "])
            text = first["text"] + " " + filler * (MAX_LEN // len(filler))
        out.append({"text": text[:MAX_LEN], "lang": first["lang"]})
    return out


def engine(rules: Rules, mix: list[dict[str, str]]) -> None:
    rows = load_all()
    times = sorted(timed(r["text"], rules, r["lang"]) for r in rows)
    print(
        f"labelled corpus ({len(rows)} messages): median {statistics.median(times) * 1000:.3f} ms,"
        f" p99 {times[int(len(times) * 0.99)] * 1000:.2f} ms, max {times[-1] * 1000:.2f} ms,"
        f" {len(times) / sum(times):,.0f} messages/s"
    )
    start = time.perf_counter()
    mix_times = sorted(timed(m["text"], rules, m["lang"]) for m in mix)
    total = time.perf_counter() - start
    lengths = sorted(len(m["text"]) for m in mix)
    print(
        f"realistic mix ({len(mix):,} messages, median length {lengths[len(lengths) // 2]},"
        f" {sum(x > 1500 for x in lengths) / len(lengths):.0%} over 1,500 chars): "
        f"{len(mix) / total:,.0f} messages/s in process, median "
        f"{statistics.median(mix_times) * 1000:.3f} ms, p99 "
        f"{mix_times[int(len(mix_times) * 0.99)] * 1000:.2f} ms"
    )
    print("adversarial 4,096-character inputs (ms, best of 3):")
    worst = 0.0
    for name, text in adversarial().items():
        ms = min(timed(text, rules) for _ in range(3)) * 1000
        worst = max(worst, ms)
        print(f"  {name:20s} {ms:8.2f}")
    print(f"  worst: {worst:.2f} ms")


def cli(mix: list[dict[str, str]]) -> None:
    env = {**os.environ, "BOT_TOKEN": "", "LOG_LEVEL": "WARNING"}
    with tempfile.TemporaryDirectory() as tmp:
        env["DB_PATH"] = str(Path(tmp) / "bench.sqlite3")
        data = Path(tmp) / "mix.jsonl"
        data.write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in mix), "utf-8")
        cmd = [sys.executable, "-m", "bot", "check", "--json", "Проверка"]
        subprocess.run(cmd, env=env, cwd=ROOT, check=True, capture_output=True)  # create the db
        colds = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run(cmd, env=env, cwd=ROOT, check=True, capture_output=True)
            colds.append(time.perf_counter() - start)
        print(f"cold `check --json`: median {statistics.median(colds):.2f} s of 5 runs")
        start = time.perf_counter()
        with data.open("rb") as stdin:
            done = subprocess.run(
                [sys.executable, "-m", "bot", "check", "--jsonl"],
                env=env,
                cwd=ROOT,
                stdin=stdin,
                check=True,
                capture_output=True,
            )
        took = time.perf_counter() - start
        lines = done.stdout.count(b"\n")
        assert lines == len(mix), (lines, len(mix))
        print(
            f"`check --jsonl` on {len(mix):,} messages: {took:.1f} s with start-up, "
            f"{len(mix) / took:,.0f} messages/s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="engine only")
    parser.add_argument("-n", type=int, default=20_000, help="messages in the mix")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    start = time.perf_counter()
    rules = default_rules()
    print(f"rules and model load: {(time.perf_counter() - start) * 1000:.0f} ms (once)")
    mix = realistic_mix(args.n)
    engine(rules, mix)
    if not args.quick:
        cli(mix)


if __name__ == "__main__":
    main()
