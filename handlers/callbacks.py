"""Callback data for every button. Self-contained, validated, at most 64 bytes.

Buttons under a verdict carry no indicators: the verdict replies to the person's message,
and Telegram hands that message back with the tap (`reply_to_message`), so buttons keep
working after a restart without the bot storing what people sent.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

# Numbers in callback data are bounded: forged data with a 23-digit id must fail to parse
# (the stale-button note) instead of reaching SQLite, which stops at 2**63.
RowId = Annotated[int, Field(ge=1, lt=2**62)]


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
    report_id: RowId


class LessonAction(StrEnum):
    page = "pg"  # the menu at page n
    open = "op"  # a lesson in place of the menu
    show = "sh"  # a lesson as a new message (from a verdict, a quiz, a tip)
    quiz = "qz"  # the lesson's quiz as a new message
    answer = "an"  # option n of the lesson's quiz


class LessonCb(CallbackData, prefix="l"):
    action: LessonAction
    lesson: str = Field(default="", max_length=40)
    n: Annotated[int, Field(ge=0, le=1000)] = 0


class SubAction(StrEnum):
    frequency = "f"
    day = "d"
    hour = "h"


class SubCb(CallbackData, prefix="s"):
    action: SubAction
    frequency: str = Field(default="", max_length=10)
    day: Annotated[int, Field(ge=-1, le=6)] = -1
    hour: Annotated[int, Field(ge=-1, le=23)] = -1


class AlertAction(StrEnum):
    send = "send"
    cancel = "no"


class AlertCb(CallbackData, prefix="al"):
    action: AlertAction


class ForgetAction(StrEnum):
    confirm = "yes"
    cancel = "no"


class ForgetCb(CallbackData, prefix="fg"):
    action: ForgetAction


class GroupAction(StrEnum):
    toggle = "on"
    mode = "mode"
    language = "lang"


class GroupCb(CallbackData, prefix="g"):
    action: GroupAction
    value: str = ""


class SosCb(CallbackData, prefix="sos"):
    """ "I already did it": the menu (`situation` empty) or one situation's steps."""

    situation: str = Field(default="", max_length=20, pattern=r"^[a-z_]*$")
    new: bool = False
    """Send the menu as a new message (from a verdict or /help) instead of editing."""


class ContactsCb(CallbackData, prefix="ct"):
    pass
