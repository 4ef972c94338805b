"""Verified official contacts (content/contacts.toml), grouped and searchable by name.

Names come from the organisation registry (content/registry.toml), so a bank is called
the same in a verdict and in /contacts. Search forgives case, script (halyk / халык)
and a typo.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rapidfuzz import fuzz

from checks.translit import fold

CONTENT = Path(__file__).parent
GROUPS = ("emergency", "state", "cyber", "bank")
FUZZY_MIN = 80  # rapidfuzz ratio: one slip in a five-letter name ("халик", "jysan")


class ContactsError(ValueError):
    """content/contacts.toml is malformed."""


class _ContactEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    org: str
    group: str
    numbers: list[str]
    site: str = Field(min_length=4)
    page: str = ""
    what: dict[str, str]
    search: list[str]
    source: str = Field(min_length=4)
    telegram: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class Contact:
    org: str
    group: str
    names: dict[str, str]
    numbers: tuple[str, ...]
    site: str
    page: str
    what: dict[str, str]
    terms: tuple[str, ...]
    """Folded search terms: the registry's names of the organisation and the file's own."""
    telegram: str = ""
    email: str = ""

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get("en") or self.org


@dataclass(frozen=True, slots=True)
class Contacts:
    items: tuple[Contact, ...]

    def grouped(self, items: tuple[Contact, ...] | None = None) -> list[tuple[str, list[Contact]]]:
        chosen = self.items if items is None else items
        return [
            (g, [c for c in chosen if c.group == g])
            for g in GROUPS
            if any(c.group == g for c in chosen)
        ]

    def search(self, query: str) -> tuple[Contact, ...]:
        """Contacts whose name, number or search term matches `query` (best first)."""
        wanted = fold(query.strip().lower().lstrip("@/"))
        if len(wanted) < 2:
            return ()
        scored: list[tuple[int, int, Contact]] = []
        for index, contact in enumerate(self.items):
            score = max(_score(wanted, term) for term in contact.terms)
            if score:
                scored.append((-score, index, contact))
        return tuple(c for _, _, c in sorted(scored))


def _score(wanted: str, term: str) -> int:
    if term == wanted:
        return 300
    if term.startswith(wanted) or any(w.startswith(wanted) for w in term.split()):
        return 200
    if len(wanted) >= 4 and wanted in term:
        return 150
    if len(wanted) >= 4 and fuzz.ratio(wanted, term) >= FUZZY_MIN:
        return 100
    return 0


@cache
def load_contacts(directory: Path = CONTENT) -> Contacts:
    path = directory / "contacts.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        entries = [_ContactEntry.model_validate(e) for e in data["contact"]]
        registry = tomllib.loads((directory / "registry.toml").read_text(encoding="utf-8"))
    except (KeyError, TypeError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise ContactsError(f"{path.name}: {exc}") from exc
    orgs = {o["id"]: o for o in registry.get("org", [])}
    items = []
    for entry in entries:
        org = orgs.get(entry.org)
        if org is None or entry.group not in GROUPS or set(entry.what) != {"ru", "kk", "en"}:
            raise ContactsError(f"{path.name}: {entry.org!r}: unknown org, group or language")
        terms = [*entry.search, *org.get("names", []), *org["name"].values(), entry.site]
        items.append(
            Contact(
                org=entry.org,
                group=entry.group,
                names=dict(org["name"]),
                numbers=tuple(entry.numbers),
                site=entry.site,
                page=entry.page,
                what=entry.what,
                terms=tuple(dict.fromkeys(fold(t.lower()) for t in [*terms, *entry.numbers])),
                telegram=entry.telegram,
                email=entry.email,
            )
        )
    return Contacts(tuple(items))
