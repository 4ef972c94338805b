"""The extract -> blocklist -> assess glue, written once for the bot, the CLI and benchmarks.

No aiogram here: `python -m bot check` imports this and must start fast.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from checks.assess import assess
from checks.context import CheckContext
from checks.extract import extract
from checks.lookup import SitePolicy
from checks.matches import Matches
from checks.model import load_model
from checks.rules import Rules, load_rules
from checks.verdict import Verdict
from db.repos import Repos

MAX_TEXT = 20_000  # longer input is cut; Telegram itself caps a message at 4,096


class Checker:
    def __init__(self, repos: Repos | None = None, rules: Rules | None = None) -> None:
        self._repos = repos
        self.rules = rules or load_rules()
        self.policy = SitePolicy(self.rules)
        load_model()  # at start-up, so the first person does not wait for it

    @classmethod
    def from_repos(cls, repos: Repos) -> Checker:
        return cls(repos)

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
        """One verdict for one message; never raises on odd input."""
        text = clean_input(text)
        found = extract(text, entities)
        matches = await self._repos.blocklist.match(found) if self._repos else Matches()
        return assess(text, found, matches, context or CheckContext(), rules=self.rules, lang=lang)


def clean_input(text: str) -> str:
    """Cap length and drop NUL bytes and unpaired surrogates at the edge."""
    text = text[:MAX_TEXT].replace("\x00", "")
    return text.encode("utf-8", "replace").decode("utf-8")
