"""What the engine knows about a message besides its text (forward origin, files, ...)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class CheckContext:
    forward_sender: str | None = None
    """Display name or title of the account or channel the message was forwarded from."""
    forward_username: str | None = None
    """Username of that account or channel, without @."""
    forward_kind: str | None = None
    """user | hidden_user | chat | channel | bot, or contact for a shared contact card"""
    file_names: tuple[str, ...] = field(default_factory=tuple)
    """Names of attached documents (nothing is downloaded)."""
    mime_types: tuple[str, ...] = field(default_factory=tuple)
    short_links: tuple[tuple[str, str], ...] = ()
    """(short link as `host/path`, the defanged address it leads to) for expanded links."""


def short_link_key(host: str, path: str) -> str:
    return f"{host}{path}"
