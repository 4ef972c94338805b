"""The command menu, per language (used by /help and set_my_commands)."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _


def command_descriptions(locale: str | None = None) -> list[tuple[str, str]]:
    """(command, description) in `locale`, or in the current update's language."""
    return [
        ("start", _("What this bot does", locale=locale)),
        ("help", _("All commands", locale=locale)),
        ("report", _("Report a scam link, number or account", locale=locale)),
        ("language", _("Change the language", locale=locale)),
    ]
