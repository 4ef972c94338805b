"""`python -m bot` entry points. stdout carries only results; logs go to stderr.

aiogram is imported only by the commands that run the bot: `check` must start fast.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import sqlite3
import sys
from typing import Any

from bot.logs import setup_logging
from bot.settings import FEED_FORMATS, LANGS, Settings, SettingsError, load_settings
from db.connection import DatabaseUnavailable

log = logging.getLogger("bot")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description=(
            "Telegram bot that checks suspicious messages for fraud (Kazakhstan). "
            "Without a command it runs the bot; with no BOT_TOKEN it starts the offline demo."
        ),
    )
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot (long polling); the default")
    demo = sub.add_parser("demo", help="offline terminal chat with the real bot via an emulator")
    demo.add_argument(
        "--lang",
        choices=LANGS,
        default=None,
        help="the demo user's Telegram language (default: DEFAULT_LANG)",
    )
    check = sub.add_parser("check", help="one verdict for TEXT, or a JSONL batch from stdin")
    check.add_argument("--lang", choices=LANGS, default=None, help="language of the verdict")
    output = check.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the Verdict as JSON")
    output.add_argument(
        "--jsonl",
        action="store_true",
        help='batch: stdin has {"text": ...} per line; one Verdict JSON per line',
    )
    check.add_argument("text", nargs="*", help="the message to check ('-' reads stdin)")
    _add_blocklist_parser(sub)
    from bot.admin_cli import add_parsers

    add_parsers(sub)
    return parser


def _add_blocklist_parser(sub: Any) -> None:
    from checks.lookup import KINDS

    blocklist = sub.add_parser("blocklist", help="the local blocklist: feeds and manual entries")
    actions = blocklist.add_subparsers(dest="action", required=True)
    feed = actions.add_parser("import", help="import a feed from a file or an http(s) URL")
    feed.add_argument("--format", required=True, choices=FEED_FORMATS, dest="fmt")
    feed.add_argument("--name", help="source name stored with the entries (default: the format)")
    feed.add_argument(
        "--ttl-days",
        type=int,
        default=None,
        help="entries expire this many days after they were last seen (default: FEED_TTL_DAYS)",
    )
    feed.add_argument("--no-expiry", action="store_true", help="entries never expire")
    feed.add_argument(
        "--urls-only", action="store_true", help="block exact addresses only, never whole sites"
    )
    feed.add_argument("source", help="file path (plain or .gz) or http(s) URL")
    for name, text in (
        ("add", "block one value"),
        ("remove", "unblock one value (every source)"),
        ("allow", "allowlist one value: it is never flagged by the blocklist"),
    ):
        entry = actions.add_parser(name, help=text)
        entry.add_argument("kind", choices=KINDS)
        entry.add_argument("value")
    actions.add_parser("stats", help="counts by kind and source")
    actions.add_parser("prune", help="delete expired entries")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    setup_logging(settings.log_level)
    try:
        return _dispatch(args, settings)
    except KeyboardInterrupt:
        return 130
    except OperatorError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except DatabaseUnavailable as exc:
        message = str(exc)
        print(message[:1].upper() + message[1:], file=sys.stderr)
        return 1
    except sqlite3.Error as exc:
        print(f"Cannot use the database at {settings.db_path}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"{where}{_reason(exc)}", file=sys.stderr)
        return 1


class OperatorError(Exception):
    """Something the operator can fix (a token, an address, a path); one line, no traceback."""


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "check":
        return asyncio.run(_check(args, settings))
    if args.command == "blocklist":
        from bot.blocklist_cli import run_blocklist

        return run_blocklist(args, settings)
    if args.command in ("stats", "backup"):
        from bot import admin_cli

        run = admin_cli.run_stats if args.command == "stats" else admin_cli.run_backup
        return run(args, settings)
    if args.command == "demo":
        from bot.demo import run_demo

        return asyncio.run(run_demo(settings, lang=args.lang or settings.default_lang))
    return asyncio.run(_run(settings))


async def _run(settings: Settings) -> int:
    if settings.bot_token is None:
        log.info("BOT_TOKEN is not set: starting the offline demo (see README to get a token)")
        from bot.demo import run_demo

        return await run_demo(settings, lang=settings.default_lang)
    from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError
    from aiohttp import ClientError

    from bot.app import BotRuntime

    runtime = await BotRuntime.create(settings)
    # Rules, the model and aiogram's types stay for the life of the process: keep them out
    # of the garbage collector's scans, which otherwise pause every few hundred updates.
    gc.collect()
    gc.freeze()
    try:
        await runtime.run(handle_signals=True)
    except TelegramUnauthorizedError:
        raise OperatorError(
            "Telegram refused BOT_TOKEN (wrong or revoked): get the current one from @BotFather"
        ) from None
    except (TelegramNetworkError, ClientError, TimeoutError) as exc:
        raise OperatorError(
            f"Cannot reach Telegram at {settings.telegram_api_url}: {_reason(exc)}"
        ) from None
    return 0


async def _check(args: argparse.Namespace, settings: Settings) -> int:
    from bot.checker import Checker
    from db.repos import Repos

    lang = args.lang or settings.default_lang
    repos = await Repos.open(settings.db_path, settings.secret_hash_key)
    try:
        checker = Checker.from_repos(repos)
        if args.jsonl:
            await _check_jsonl(checker, lang)
            return 0
        text = " ".join(args.text)
        if text == "-" or (not args.text and not sys.stdin.isatty()):
            text = sys.stdin.read()
        if not text.strip():
            print("Nothing to check: pass the text as an argument or on stdin.", file=sys.stderr)
            return 2
        verdict = await checker.check(text, lang=lang)
        if args.json:
            print(verdict.model_dump_json())
        else:
            from checks.render import render_plain

            print(render_plain(verdict, checker.advice_header(lang)))
        return 0
    finally:
        await repos.close()


async def _check_jsonl(checker: Any, default_lang: str) -> None:
    """One output line per input line, in order; a bad line gets {"error": ...}."""
    for line in sys.stdin:
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError('expected an object with a string "text"')
            lang = item.get("lang", default_lang)
            if lang not in LANGS:
                raise ValueError(f"unknown lang {lang!r}; use one of {', '.join(LANGS)}")
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            print(json.dumps({"error": f"malformed line: {exc}"}, ensure_ascii=False), flush=True)
            continue
        verdict = await checker.check(item["text"], lang=lang)
        print(verdict.model_dump_json(), flush=True)
