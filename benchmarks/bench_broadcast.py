"""Broadcast 10,000 alerts through the outbox against the local Bot API emulator.

The bot runs as deployed (`python -m bot`, its own process) with BROADCAST_RATE set high
enough to measure; the emulator here injects 429s (retry_after 1 s) and has 1% of the
people block the bot. Three runs on a fresh database each:

- clean: start, wait until the outbox is empty;
- SIGTERM: stop the bot mid-run (as systemd would), start it again, wait;
- SIGKILL: kill the bot mid-run (a crash), start it again, wait.

For each: achieved rate (sends per second while sending, and with the time Telegram told
us to wait taken out), duplicates (a person who got the alert twice), lost (a person who
should have got it and did not), blocked, and rows left in doubt by a crash (db/outbox.py:
claimed but not recorded; never sent twice, so possibly lost).
Target (issue 7): rate >= 93% of BROADCAST_RATE, zero duplicates, zero lost.

.venv/bin/python benchmarks/bench_broadcast.py [--people 10000] [--rate 200]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import signal
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.emulator import ApiError, BotApiEmulator  # noqa: E402
from db.repos import Repos  # noqa: E402

FIRST_USER = 1_000_000
ALERT = "Внимание: новая схема мошенников."
RETRY_AFTER = 1


@dataclass
class Result:
    name: str
    seconds: float
    sent: int
    paused: float
    duplicates: int
    lost: int
    blocked: int
    in_doubt: int
    statuses: dict[str, int]
    restart_gap: float


async def prepare(db_path: Path, people: int) -> None:
    repos = await Repos.open(db_path)  # creates and migrates the database
    await repos.close()
    with sqlite3.connect(db_path) as db:
        now = int(time.time())
        ids = range(FIRST_USER, FIRST_USER + people)
        db.executemany(
            "INSERT INTO users (id, language, created_at, last_seen_at) VALUES (?, 'ru', '', '')",
            ((i,) for i in ids),
        )
        db.executemany(
            "INSERT INTO subscriptions (user_id, frequency, hour, next_at, created_at) "
            "VALUES (?, 'daily', 9, ?, ?)",
            ((i, now + 86_400, now) for i in ids),
        )
    repos = await Repos.open(db_path)
    await repos.outbox.create_alert(1, {"*": ALERT})
    await repos.close()


def outbox_statuses(db_path: Path) -> dict[str, int]:
    with sqlite3.connect(db_path) as db:
        return dict(db.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status").fetchall())


async def start_bot(
    emu: BotApiEmulator, url: str, db_path: Path, rate: float
) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "BOT_TOKEN": emu.token,
        "TELEGRAM_API_URL": url,
        "DB_PATH": str(db_path),
        "BROADCAST_RATE": str(rate),
        "EXPAND_SHORT_LINKS": "false",
        "FEEDS": "",
        "LOG_LEVEL": "WARNING",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", env=env, cwd=db_path.parent
    )


async def run(name: str, people: int, rate: float, interrupt: signal.Signals | None) -> Result:
    emu = BotApiEmulator()
    url = await emu.start()
    blocked = {FIRST_USER + n for n in range(0, people, 100)}  # 1%
    for user in blocked:
        emu.block_bot(user)
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "bot.sqlite3"
        await prepare(db_path, people)
        sends: list[float] = []
        delivered: Counter[int] = Counter()
        listener = emu.listen()
        injected_at = {people // 4, people // 2}  # two 429s along the way
        paused = 0.0
        midway = asyncio.Event()

        async def collect() -> None:
            nonlocal paused
            while True:
                action = await listener.get()
                if action.method == "sendMessage" and action.text and ALERT in action.text:
                    delivered[action.chat_id or 0] += 1
                    sends.append(time.perf_counter())
                    if len(sends) >= people * 2 // 5:
                        midway.set()
                    if len(sends) in injected_at:
                        emu.inject("sendMessage", ApiError(429, "Too Many Requests", RETRY_AFTER))
                        paused += RETRY_AFTER

        collector = asyncio.create_task(collect())
        process = await start_bot(emu, url, db_path, rate)
        if interrupt is not None:
            await midway.wait()
            process.send_signal(interrupt)
            await process.wait()
            process = await start_bot(emu, url, db_path, rate)
        while True:
            statuses = outbox_statuses(db_path)
            if statuses.get("pending", 0) + statuses.get("sending", 0) == 0:
                break
            await asyncio.sleep(0.2)
        await asyncio.sleep(0.3)  # the last replies reach the collector
        process.send_signal(signal.SIGTERM)
        await process.wait()
        collector.cancel()
        statuses = outbox_statuses(db_path)
    await emu.stop()
    expected = set(range(FIRST_USER, FIRST_USER + people)) - blocked
    return Result(
        name=name,
        seconds=sends[-1] - sends[0] if len(sends) > 1 else 0.0,
        sent=len(sends),
        paused=paused,
        duplicates=sum(1 for n in delivered.values() if n > 1),
        lost=len(expected - set(delivered)),
        blocked=statuses.get("blocked", 0),
        in_doubt=statuses.get("in_doubt", 0),
        statuses=statuses,
        restart_gap=max((b - a for a, b in itertools.pairwise(sends)), default=0.0)
        if interrupt is not None
        else 0.0,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=200.0, help="BROADCAST_RATE")
    args = parser.parse_args()
    print(f"{args.people} subscribers, BROADCAST_RATE={args.rate:.0f}/s, 1% blocked the bot")
    for name, interrupt in (
        ("clean", None),
        ("SIGTERM mid-run", signal.SIGTERM),
        ("SIGKILL mid-run", signal.SIGKILL),
    ):
        r = asyncio.run(run(name, args.people, args.rate, interrupt))
        rate = r.sent / r.seconds if r.seconds else 0.0
        busy = r.seconds - r.paused - r.restart_gap
        net = r.sent / max(busy, 1e-9) if r.seconds else 0.0
        print(
            f"{r.name:>16}: {r.sent} sent in {r.seconds:.1f} s = {rate:.0f}/s "
            f"({rate / args.rate:.0%}); without the {r.paused:.0f} s of 429 waits"
            + (f" and the {r.restart_gap:.1f} s restart" if r.restart_gap else "")
            + f" {net:.0f}/s "
            f"({net / args.rate:.0%}); duplicates {r.duplicates}, lost {r.lost}, "
            f"blocked {r.blocked}, in doubt {r.in_doubt}; outbox {r.statuses}"
        )


if __name__ == "__main__":
    main()
