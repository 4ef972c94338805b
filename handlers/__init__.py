"""aiogram routers: thin adapters from Telegram updates to checks/ and db/."""

from __future__ import annotations

from aiogram import Router


def get_routers() -> list[Router]:
    """Fresh routers in order (a router attaches to one Dispatcher); the catch-all goes last."""
    from handlers import (
        alert,
        check,
        contacts,
        errors,
        groups,
        inline,
        language,
        lessons,
        moderation,
        privacy,
        recovery,
        report,
        start,
        stats,
        subscribe,
        unknown,
    )

    modules = (
        errors,
        groups,
        start,
        language,
        moderation,
        alert,
        stats,
        report,
        recovery,
        contacts,
        lessons,
        privacy,
        subscribe,
        inline,
        unknown,
        check,
    )
    return [*(m.make_router() for m in modules), unknown.make_button_router()]
