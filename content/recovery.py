""" "I already did it": ordered steps per situation (content/recovery.toml), in ru, kk, en.

Checked strictly at load, like the lessons: a missing language or an empty step fails at
start-up and in the test suite, never in front of a person who has just been robbed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

LANGS = ("ru", "kk", "en")
RECOVERY_FILE = Path(__file__).with_name("recovery.toml")


class RecoveryError(ValueError):
    """content/recovery.toml is malformed."""


class SituationText(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    button: str = Field(min_length=1, max_length=40)
    title: str = Field(min_length=1, max_length=120)
    steps: tuple[str, ...] = Field(min_length=2, max_length=7)
    bring: str = Field(min_length=1)


class _SituationEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    order: int
    emoji: str = Field(min_length=1, max_length=4)
    ru: SituationText
    kk: SituationText
    en: SituationText


@dataclass(frozen=True, slots=True)
class Situation:
    id: str
    order: int
    emoji: str
    texts: dict[str, SituationText]

    def text(self, lang: str) -> SituationText:
        return self.texts.get(lang) or self.texts["ru"]


@dataclass(frozen=True, slots=True)
class Recovery:
    situations: tuple[Situation, ...]

    def get(self, situation_id: str) -> Situation | None:
        return next((s for s in self.situations if s.id == situation_id), None)


@cache
def load_recovery(path: Path = RECOVERY_FILE) -> Recovery:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        entries = {
            sid: _SituationEntry.model_validate(entry) for sid, entry in data["situation"].items()
        }
    except (KeyError, TypeError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise RecoveryError(f"{path.name}: {exc}") from exc
    situations = [
        Situation(sid, e.order, e.emoji, {lang: getattr(e, lang) for lang in LANGS})
        for sid, e in entries.items()
    ]
    if not situations or len({s.order for s in situations}) != len(situations):
        raise RecoveryError(f"{path.name}: no situations, or two share an order number")
    return Recovery(tuple(sorted(situations, key=lambda s: s.order)))
