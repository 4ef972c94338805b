"""Languages: choosing one for a person, and the gettext catalogs in content/locales."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from aiogram.utils.i18n import I18n


def locales_dir() -> Path:
    return Path(str(resources.files("content") / "locales"))


def build_i18n(default_lang: str) -> I18n:
    """Load the compiled catalogs (`make install` compiles them from the .po files)."""
    return I18n(path=locales_dir(), default_locale=default_lang, domain="messages")


def pick_language(language_code: str | None, default_lang: str) -> str:
    """Telegram's language_code on first contact: kk -> kk, ru -> ru, anything else -> en."""
    if not language_code:
        return default_lang
    code = language_code.lower().split("-")[0]
    if code in ("kk", "kz"):
        return "kk"
    if code == "ru":
        return "ru"
    return "en"
