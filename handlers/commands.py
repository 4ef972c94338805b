"""The command menu, per language (used by /help and set_my_commands)."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _


def command_descriptions(locale: str | None = None) -> list[tuple[str, str]]:
    """(command, description) in `locale`, or in the current update's language."""
    return [
        ("start", _("What this bot does", locale=locale)),
        ("help", _("All commands", locale=locale)),
        ("sos", _("I already sent money or a code: what to do now", locale=locale)),
        ("contacts", _("Official numbers of banks, police and eGov", locale=locale)),
        ("report", _("Report a scam link, number or account", locale=locale)),
        ("lessons", _("Lessons about fraud schemes", locale=locale)),
        ("tip", _("A lesson you have not read yet", locale=locale)),
        ("quiz", _("A quiz question", locale=locale)),
        ("progress", _("Your lessons and quiz score", locale=locale)),
        ("subscribe", _("Lessons by schedule", locale=locale)),
        ("unsubscribe", _("Stop scheduled lessons", locale=locale)),
        ("privacy", _("What I keep about you", locale=locale)),
        ("forget", _("Delete everything about you", locale=locale)),
        ("language", _("Change the language", locale=locale)),
    ]
