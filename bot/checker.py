"""The extract -> blocklist -> assess glue, written once for the bot, the CLI and benchmarks.

No aiogram here: `python -m bot check` imports this and must start fast.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import partial
from typing import Any, Protocol, TypeVar

from checks.assess import assess
from checks.context import CheckContext, short_link_key
from checks.extract import extract
from checks.indicators import Indicators
from checks.lookup import SitePolicy
from checks.matches import Matches
from checks.rules import Rules, default_rules
from checks.urls import defang, find_urls, parse_host
from checks.verdict import Verdict
from db.repos import Repos

MAX_TEXT = 20_000  # longer input is cut; Telegram itself caps a message at 4,096
MAX_EXPANSIONS = 3  # short links followed per message
LONG_TEXT = 1500  # characters; a typical message is checked in ~3 ms right on the loop
T = TypeVar("T")


class Expander(Protocol):
    async def expand(self, url: str) -> str | None: ...


class Checker:
    def __init__(
        self,
        repos: Repos | None = None,
        rules: Rules | None = None,
        *,
        expander: Expander | None = None,
    ) -> None:
        self._repos = repos
        self.expander = expander
        self.rules = rules or default_rules()
        self.policy = SitePolicy(self.rules)
        # Long messages are checked in one worker thread of their own: one at a time, never
        # more than one thread taking the interpreter from the event loop.
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="check")

    @classmethod
    def from_repos(cls, repos: Repos, *, expander: Expander | None = None) -> Checker:
        return cls(repos, expander=expander)

    def is_shortener(self, host: str) -> bool:
        """Whether `host` belongs to a known link shortener (content/shorteners.txt)."""
        parsed = parse_host(host)
        return parsed is not None and parsed[2] in self.rules.shorteners

    @staticmethod
    def is_heavy(text: str) -> bool:
        """Long enough to be checked off the event loop, in its turn."""
        return len(text) > LONG_TEXT

    def advice_header(self, lang: str) -> str:
        return self.rules.texts.get("advice_header", lang)

    def score_line(self, score: int, lang: str) -> str:
        return self.rules.texts.get("score_line", lang, score=score)

    async def check(
        self,
        text: str,
        *,
        entities: Sequence[Mapping[str, Any]] | None = None,
        context: CheckContext | None = None,
        lang: str = "ru",
    ) -> Verdict:
        """One verdict for one message; never raises on odd input.

        A long message can take 100 ms or more (4,096 emoji, 1,000 links): it runs in the
        checker's worker thread, so the event loop keeps answering everybody else. (The
        bot lets long messages in one person's turn at a time: bot/fairness.py.)
        """
        text = clean_input(text)
        return await self._check(text, entities, context, lang, offload=self.is_heavy(text))

    async def _check(
        self,
        text: str,
        entities: Sequence[Mapping[str, Any]] | None,
        context: CheckContext | None,
        lang: str,
        *,
        offload: bool,
    ) -> Verdict:
        found = await self._run(offload, extract, text, entities)
        context = context or CheckContext()
        if self.expander is not None:
            text, found, context = await self._expand(text, entities, found, context, offload)
        matches = await self._repos.blocklist.match(found) if self._repos else Matches()
        return await self._run(
            offload, partial(assess, rules=self.rules, lang=lang), text, found, matches, context
        )

    async def _run(self, offload: bool, fn: Callable[..., T], *args: Any) -> T:
        if not offload:
            return fn(*args)
        return await asyncio.get_running_loop().run_in_executor(self._worker, fn, *args)

    async def _expand(
        self,
        text: str,
        entities: Sequence[Mapping[str, Any]] | None,
        found: Indicators,
        context: CheckContext,
        offload: bool,
    ) -> tuple[str, Indicators, CheckContext]:
        """Follow short links; where they lead is checked as if it were in the message."""
        assert self.expander is not None
        short = list(
            {
                short_link_key(u.host, u.path): u
                for u in found.urls
                if u.registered_domain in self.rules.shorteners and not u.is_ip
            }.items()
        )[:MAX_EXPANSIONS]
        if not short:
            return text, found, context
        targets = await asyncio.gather(
            *(self.expander.expand(f"https://{url.host}{url.path}") for _, url in short)
        )
        led = [(key, target) for (key, _), target in zip(short, targets, strict=True) if target]
        if not led:
            return text, found, context
        # Appended after the text, so entity offsets stay right; phrases never read links.
        text = "\n".join([text, *(target for _, target in led)])
        found = await self._run(offload, extract, text, entities)
        shown = tuple((key, _defanged(target)) for key, target in led)
        return text, found, replace(context, short_links=shown)


def _defanged(address: str) -> str:
    urls = find_urls(address)
    return defang(urls[0]) if urls else address.replace(".", "[.]")


def clean_input(text: str) -> str:
    """Cap length and drop NUL bytes and unpaired surrogates at the edge."""
    text = text[:MAX_TEXT].replace("\x00", "")
    return text.encode("utf-8", "replace").decode("utf-8")
