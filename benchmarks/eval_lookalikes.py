"""Look-alike domains of KZ brands versus popular legitimate domains.

Permutations come from dnstwist (an independent generator: typos, homoglyphs,
bitsquatting, hyphenation, subdomains, dictionary words, TLD swaps) for every official
domain in content/brands.toml. Each one is checked as a bare message, the way a person
would paste it. Prints the detection rate per permutation kind and the false alarms on
benchmarks/legit_domains.txt.

    .venv/bin/python benchmarks/eval_lookalikes.py [--show 10]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import dnstwist

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checks.assess import assess  # noqa: E402
from checks.context import CheckContext  # noqa: E402
from checks.extract import extract  # noqa: E402
from checks.matches import Matches  # noqa: E402
from checks.rules import load_rules  # noqa: E402
from checks.urls import parse_host  # noqa: E402

WORDS = [
    "bonus",
    "login",
    "secure",
    "pay",
    "support",
    "kz",
    "online",
    "bank",
    "verify",
    "delivery",
    "gift",
    "promo",
    "cashback",
    "account",
    "my",
    "app",
]
TLDS = [
    "com",
    "net",
    "org",
    "ru",
    "info",
    "top",
    "xyz",
    "online",
    "site",
    "shop",
    "kz",
    "store",
    "live",
    "click",
    "icu",
    "pro",
    "app",
]
HOMOGLYPH_SAMPLE = 60  # dnstwist makes ~1000 per domain; a seeded sample keeps the run short


def flagged(domain: str, rules: object) -> tuple[bool, list[str]]:
    verdict = assess(domain, extract(domain), Matches(), CheckContext(), rules=rules, lang="en")
    return verdict.flagged, [r.code for r in verdict.reasons]


def permutations(domain: str, rng: random.Random) -> list[tuple[str, str]]:
    fuzzer = dnstwist.Fuzzer(domain, dictionary=WORDS, tld_dictionary=TLDS)
    fuzzer.generate()
    out = [(d["fuzzer"], d["domain"]) for d in fuzzer.domains if d["fuzzer"] != "*original"]
    homoglyphs = sorted(x for x in out if x[0] == "homoglyph")  # dnstwist's order varies
    rest = [x for x in out if x[0] != "homoglyph"]
    return rest + rng.sample(homoglyphs, min(HOMOGLYPH_SAMPLE, len(homoglyphs)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", type=int, default=8, help="misses to print per kind")
    args = parser.parse_args()
    rules = load_rules()
    rng = random.Random(2026)
    official = {d for b in rules.brands.brands for d in b.official}
    related = {d for b in rules.brands.brands for d in b.related}
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    misses: dict[str, list[str]] = defaultdict(list)
    start = time.perf_counter()
    for domain in sorted(official):
        for kind, candidate in permutations(domain, rng):
            parsed = parse_host(candidate)
            if parsed is None or parsed[2] in official or parsed[2] in related:
                continue  # the permutation landed on a real address of the brand
            ok, _ = flagged(candidate, rules)
            totals[kind] += 1
            hits[kind] += ok
            if not ok:
                misses[kind].append(candidate)
    elapsed = time.perf_counter() - start
    all_hits, all_total = sum(hits.values()), sum(totals.values())
    print(
        f"look-alikes of {len(official)} official domains: flagged {all_hits}/{all_total} "
        f"({all_hits / max(all_total, 1):.1%}) in {elapsed:.1f} s"
    )
    for kind in sorted(totals, key=lambda k: -totals[k]):
        rate = hits[kind] / totals[kind]
        print(
            f"  {kind:14s} {hits[kind]:5d}/{totals[kind]:<5d} {rate:6.1%}  "
            f"missed e.g. {', '.join(misses[kind][: args.show])}"
        )
    legit_file = ROOT / "benchmarks" / "legit_domains.txt"
    legit = [
        line.strip()
        for line in legit_file.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    alarms = [(d, codes) for d in legit for ok, codes in [flagged(d, rules)] if ok]
    print(
        f"popular legit domains flagged: {len(alarms)}/{len(legit)} "
        f"({len(alarms) / len(legit):.1%})"
    )
    for domain, codes in alarms:
        print(f"  FALSE ALARM {domain}: {codes}")


if __name__ == "__main__":
    main()
