"""Callback data for every button. Self-contained, validated, at most 64 bytes.

Buttons under a verdict carry no indicators: the verdict replies to the person's message,
and Telegram hands that message back with the tap (`reply_to_message`), so buttons keep
working after a restart without the bot storing what people sent.
"""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class LanguageCb(CallbackData, prefix="lang"):
    code: str


class VerdictAction(StrEnum):
    why = "why"
    report = "rep"
    false_alarm = "fa"


class VerdictCb(CallbackData, prefix="v"):
    action: VerdictAction


class ReportAction(StrEnum):
    send = "send"
    cancel = "no"


class ReportCb(CallbackData, prefix="rp"):
    action: ReportAction


class ModAction(StrEnum):
    approve = "ok"
    reject = "no"
    allow = "allow"
    next = "next"


class ModCb(CallbackData, prefix="mod"):
    action: ModAction
    report_id: int
