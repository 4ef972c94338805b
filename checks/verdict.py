"""The one shape every surface shows: the verdict on a message."""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from pydantic import BaseModel, Field

M = TypeVar("M", bound=BaseModel)

Level = Literal["safe", "unsure", "suspicious", "dangerous"]
LEVELS: tuple[Level, ...] = ("safe", "unsure", "suspicious", "dangerous")
FLAGGED: frozenset[str] = frozenset({"suspicious", "dangerous"})


class Reason(BaseModel):
    """Why the verdict is what it is, in the person's language."""

    code: str = Field(description="stable machine code, e.g. lookalike_domain")
    text: str = Field(description="one plain sentence in the requested language")
    weight: int = Field(description="points this reason added to the score (negative lowers)")
    evidence: str | None = Field(default=None, description="defanged or masked snippet")
    span: tuple[int, int] | None = Field(default=None, description="[start, end) in the text")


class ShownIndicator(BaseModel):
    """An indicator as it may be shown: links defanged, cards and phones masked."""

    kind: str
    display: str
    detail: str | None = Field(default=None, description="issuer bank, official brand, ...")


class Verdict(BaseModel):
    level: Level
    score: int = Field(ge=0, le=100)
    title: str = Field(default="", description="the level in words, localised")
    summary: str = Field(default="", description="one sentence for the person, localised")
    scheme: str | None = None
    reasons: list[Reason] = Field(default_factory=list)
    indicators: list[ShownIndicator] = Field(default_factory=list)
    advice: list[str] = Field(default_factory=list)
    lesson: str | None = None
    lang: str = "ru"

    @property
    def flagged(self) -> bool:
        return self.level in FLAGGED


def built(cls: type[M], **values: Any) -> M:
    """A model from the engine's own, already right values, every field given: what
    `model_construct` does, without its per-field default handling (the engine builds a
    few of these per message; this is several times cheaper)."""
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", values)
    object.__setattr__(obj, "__pydantic_fields_set__", set(values))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj
