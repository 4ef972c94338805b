"""`python -m bot stats [--csv FILE]` and `python -m bot backup PATH`."""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any, TextIO

from bot.settings import Settings
from db.activity import Stats
from db.repos import Repos


def add_parsers(sub: Any) -> None:
    stats = sub.add_parser("stats", help="checks, reports, subscribers and learning, as CSV")
    stats.add_argument("--csv", metavar="FILE", help="write to FILE instead of stdout")
    backup = sub.add_parser("backup", help="consistent copy of the database, safe while running")
    backup.add_argument("path", help="where to write the copy (a new file)")


def run_stats(args: argparse.Namespace, settings: Settings) -> int:
    if not Path(settings.db_path).is_file():  # a mistyped DB_PATH must not create a new one
        print(f"no database at {settings.db_path} (check DB_PATH)", file=sys.stderr)
        return 1
    stats = asyncio.run(_stats(settings))
    if args.csv:
        with open(args.csv, "w", newline="", encoding="utf-8") as out:
            write_csv(stats, out)
        print(f"written {args.csv}", file=sys.stderr)
    else:
        write_csv(stats, sys.stdout)
    return 0


async def _stats(settings: Settings) -> Stats:
    repos = await Repos.open(settings.db_path, settings.secret_hash_key)
    try:
        return await repos.activity.stats(top=50)
    finally:
        await repos.close()


def write_csv(stats: Stats, out: TextIO) -> None:
    """Rows of (window, metric, key, value); the same figures as /stats."""
    writer = csv.writer(out)
    writer.writerow(["window", "metric", "key", "value"])
    for w in stats.windows:
        writer.writerow([w.name, "checks", "", w.checks])
        for level, n in sorted(w.by_level.items()):
            writer.writerow([w.name, "level", level, n])
        for scheme, n in w.by_scheme.items():
            writer.writerow([w.name, "scheme", scheme, n])
        writer.writerow([w.name, "lessons_read", "", w.lessons_read])
        writer.writerow([w.name, "quiz_answers", "", w.quiz_answers])
        writer.writerow([w.name, "quiz_correct", "", w.quiz_correct])
    writer.writerow(["now", "people", "", stats.people])
    writer.writerow(["now", "subscribers", "", stats.subscribers])
    for display, n in stats.top_reported:
        writer.writerow(["all", "reported_site", display, n])


def run_backup(args: argparse.Namespace, settings: Settings) -> int:
    """SQLite's online backup: a consistent snapshot even while the bot writes."""
    source_path, target = Path(settings.db_path), Path(args.path)
    if not source_path.exists():
        print(f"no database at {source_path}", file=sys.stderr)
        return 1
    if target.exists():
        print(f"{target} exists; choose a new file", file=sys.stderr)
        return 1
    if not target.parent.is_dir():
        print(f"no folder {target.parent} to write the backup into", file=sys.stderr)
        return 1
    partial = target.with_name(target.name + ".partial")
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    try:
        with sqlite3.connect(partial) as copy:
            source.backup(copy, pages=1024)
        copy.close()
    finally:
        source.close()
    os.replace(partial, target)
    print(
        f"backed up {source_path} to {target}; keep hash.key (or HASH_KEY) with it, "
        "or hashed phone and card entries will not match after a restore",
        file=sys.stderr,
    )
    return 0
