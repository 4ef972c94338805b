"""Feed import and lookup at scale (issue 5 targets).

    .venv/bin/python benchmarks/bench_import.py [--rows 1000000]

1. Writes a URLhaus-format CSV of N rows (realistic mix: 70% domains, 30% IP:port links,
   about 6 links per host) to a temp folder.
2. Baseline: a bare `sqlite3.executemany` of the same URLs into an indexed table
   (same pragmas), timed around the executemany only.
3. The real thing: `python -m bot blocklist import --format urlhaus FILE` in a child
   process; wall time and the child's peak memory (ru_maxrss).
4. Lookup: `BlocklistRepo.match` of every indicator of 2,000 messages against the imported
   database (1 to 5 indicators each, a third of them hits); p50/p99 per message.

Target: import ≤ 3× the baseline, peak ≤ 300 MB, lookup p99 < 1 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.feeds.formats import parse_url  # noqa: E402
from checks.extract import extract  # noqa: E402
from db.repos import Repos  # noqa: E402

WORDS = ["login", "verify", "kaspi", "bonus", "pay", "secure", "update", "account", "gift", "egov"]
TLDS = ["top", "xyz", "online", "site", "shop", "click", "info", "com", "ru", "kz"]


def make_feed(path: Path, rows: int, rng: random.Random) -> list[str]:
    """A URLhaus CSV dump; returns the URLs (for the baseline)."""
    hosts = []
    for n in range(max(rows // 6, 1)):
        if rng.random() < 0.3:
            hosts.append(
                f"{rng.randrange(1, 223)}.{n % 256}.{n // 256 % 256}.{rng.randrange(256)}:"
                f"{rng.choice([80, 8080, 443, 3000])}"
            )
        else:
            hosts.append(f"{rng.choice(WORDS)}-{n}.{rng.choice(TLDS)}")
    urls = []
    with path.open("w") as out:
        out.write(
            "# URLhaus benchmark dump\n"
            "# id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter\n"
        )
        for n in range(rows):
            url = (
                f"http://{rng.choice(hosts)}/{rng.choice(WORDS)}/{n}.php?id={rng.randrange(10**6)}"
            )
            urls.append(url)
            out.write(
                f'"{n}","2026-11-20 10:00:00","{url}","online","","malware_download",'
                f'"elf","https://urlhaus.abuse.ch/url/{n}/","bench"\n'
            )
    return urls


def baseline(folder: Path, urls: list[str]) -> float:
    conn = sqlite3.connect(folder / "baseline.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE urls (url TEXT NOT NULL)")
    conn.execute("CREATE UNIQUE INDEX urls_url ON urls (url)")
    rows = [(u,) for u in urls]
    start = time.perf_counter()
    with conn:
        conn.executemany("INSERT OR IGNORE INTO urls (url) VALUES (?)", rows)
    took = time.perf_counter() - start
    conn.close()
    return took


# The child reports its own peak (VmHWM): ru_maxrss of a child would include the
# parent's memory copied at fork (the URL list of the baseline), not the import's.
CHILD = """
import sys
from bot.cli import main
code = main(["blocklist", "import", "--format", "urlhaus", sys.argv[1]])
peak = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(f"peak_kib={peak}", file=sys.stderr)
sys.exit(code)
"""


def run_import(folder: Path, feed: Path) -> tuple[float, float, str]:
    env = dict(os.environ, DB_PATH=str(folder / "bot.sqlite3"), LOG_LEVEL="WARNING")
    asyncio.run(_migrate(folder / "bot.sqlite3"))
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(feed)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    took = time.perf_counter() - start
    peak_kib = int(done.stderr.rsplit("peak_kib=", 1)[1].split()[0])
    return took, peak_kib / 1024, done.stdout.strip()


async def _migrate(path: Path) -> None:
    repos = await Repos.open(path)
    await repos.close()


async def lookups(db: Path, urls: list[str], rng: random.Random) -> list[float]:
    repos = await Repos.open(db)
    messages = []
    for n in range(2_000):
        parts = []
        for _ in range(rng.randint(1, 5)):
            if rng.random() < 0.33:
                parts.append(rng.choice(urls))
            else:
                parts.append(f"https://clean-{n}-{rng.randrange(10**6)}.kz/page")
        if n % 4 == 0:
            parts.append(
                f"+7 701 {rng.randrange(100, 999)} {rng.randrange(10, 99)} {rng.randrange(10, 99)}"
            )
        messages.append(extract("Проверьте: " + " ".join(parts)))
    times = []
    for found in messages:
        start = time.perf_counter()
        await repos.blocklist.match(found)
        times.append(time.perf_counter() - start)
    await repos.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        feed = folder / "urlhaus.csv"
        urls = make_feed(feed, args.rows, rng)
        print(f"feed: {args.rows:,} rows, {feed.stat().st_size / 2**20:.0f} MiB")
        base = baseline(folder, urls)
        print(f"baseline executemany of {len(urls):,} URLs into an indexed table: {base:.2f} s")
        took, peak, line = run_import(folder, feed)
        print(
            f"import (child process, start-up included): {took:.2f} s = {took / base:.2f}x "
            f"baseline; peak RSS {peak:.0f} MB"
        )
        print(f"  {line}")
        times = asyncio.run(
            lookups(folder / "bot.sqlite3", [u for u in urls if parse_url(u)], rng)
        )
        ms = sorted(t * 1000 for t in times)
        p99 = ms[int(len(ms) * 0.99) - 1]
        print(
            f"lookup of all indicators of one message ({len(ms):,} messages): "
            f"p50 {statistics.median(ms):.3f} ms, p99 {p99:.3f} ms, max {ms[-1]:.3f} ms"
        )


if __name__ == "__main__":
    main()
