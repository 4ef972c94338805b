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


class LessonAction(StrEnum):
    page = "pg"  # the menu at page n
    open = "op"  # a lesson in place of the menu
    show = "sh"  # a lesson as a new message (from a verdict, a quiz, a tip)
    quiz = "qz"  # the lesson's quiz as a new message
    answer = "an"  # option n of the lesson's quiz


class LessonCb(CallbackData, prefix="l"):
    action: LessonAction
    lesson: str = ""
    n: int = 0


class SubAction(StrEnum):
    frequency = "f"
    day = "d"
    hour = "h"


class SubCb(CallbackData, prefix="s"):
    action: SubAction
    frequency: str = ""
    day: int = -1
    hour: int = -1


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
