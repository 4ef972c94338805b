"""`python -m bot blocklist ...`: feeds and manual entries from the command line.

Results go to stdout, progress to stderr (only on a terminal). Manual changes are audited
with admin id 0 (the command line).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from bot.feeds.formats import FeedError
from bot.feeds.importer import import_feed, open_db
from bot.settings import Settings
from checks.lookup import parse_value
from db.repos import Repos

CLI_ADMIN = 0


def run_blocklist(args: argparse.Namespace, settings: Settings) -> int:
    if args.action == "import":
        return _import(args, settings)
    return asyncio.run(_manage(args, settings))


def _import(args: argparse.Namespace, settings: Settings) -> int:
    repos = asyncio.run(_open(settings))  # migrates the database and loads the hash key
    hasher = repos.hasher
    asyncio.run(repos.close())
    ttl = None if args.no_expiry else (args.ttl_days or settings.feed_ttl_days)
    conn = open_db(settings.db_path)
    try:
        summary = import_feed(
            conn,
            hasher,
            args.fmt,
            args.source,
            name=args.name,
            ttl_days=ttl,
            urls_only=args.urls_only,
            progress=_progress_printer() if sys.stderr.isatty() else None,
        )
    except FeedError as exc:
        print(f"Import failed: {exc}", file=sys.stderr)
        return 1
    finally:
        conn.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(summary.line())
    if summary.rows and summary.malformed == summary.rows:
        print(
            f"Nothing imported: no row could be read as --format {args.fmt}. "
            "Is it the right format?",
            file=sys.stderr,
        )
        return 1
    return 1 if summary.errors else 0


def _progress_printer() -> object:
    started = time.perf_counter()

    def show(rows: int) -> None:
        rate = rows / max(time.perf_counter() - started, 1e-6)
        print(f"\r  {rows:,} rows ({rate:,.0f}/s)…", end="", file=sys.stderr, flush=True)

    return show


async def _open(settings: Settings) -> Repos:
    return await Repos.open(settings.db_path, settings.secret_hash_key)


async def _manage(args: argparse.Namespace, settings: Settings) -> int:
    repos = await _open(settings)
    try:
        if args.action == "stats":
            return await _stats(repos)
        if args.action == "prune":
            print(f"{await repos.blocklist.prune():,} expired entries deleted")
            return 0
        key = parse_value(args.value, args.kind)
        if key is None:
            print(f"Not a valid {args.kind}: {args.value!r}", file=sys.stderr)
            return 2
        if args.action == "add":
            new = await repos.blocklist.add(key)
            await repos.audit.record(CLI_ADMIN, "block", f"{key.kind} {key.display}")
            print(f"{'Added' if new else 'Already listed'}: {key.kind} {key.display}")
        elif args.action == "remove":
            removed = await repos.blocklist.remove(key)
            await repos.audit.record(CLI_ADMIN, "unblock", f"{key.kind} {key.display}")
            print(f"Removed {removed} entr{'y' if removed == 1 else 'ies'}: {key.display}")
        else:
            await repos.blocklist.allow_key(key, CLI_ADMIN)
            await repos.audit.record(CLI_ADMIN, "allowlist", f"{key.kind} {key.display}")
            print(f"Allowlisted: {key.kind} {key.display}")
        return 0
    finally:
        await repos.close()


async def _stats(repos: Repos) -> int:
    rows = await repos.blocklist.stats()
    if not rows:
        print("The blocklist is empty.")
    width = max([len(r.source) for r in rows] + [6])
    if rows:
        print(f"{'kind':<9} {'source':<{width}} {'entries':>10} {'hits':>8}")
    for row in rows:
        print(f"{row.kind:<9} {row.source:<{width}} {row.entries:>10,} {row.hits:>8,}")
    total = sum(r.entries for r in rows)
    print(f"total {total:,} entries; allowlist {await repos.blocklist.allowlist_count():,}")
    return 0
