"""Property-based tests of every parser that reads what people or feeds send.

Each property holds for any input hypothesis can find: no exception escapes, the result
is well-formed, and every example finishes within the deadline (time bound per input).
"""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.emulator.validate import MAX_TEXT, parse_html
from bot.feeds.formats import PARSERS, FeedError
from bot.settings import SettingsError, load_settings
from checks.assess import assess
from checks.context import CheckContext
from checks.extract import extract
from checks.matches import Matches
from checks.pictures import read_picture
from checks.render import render_html
from checks.rules import default_rules
from handlers.alert import parse_alert
from handlers.callbacks import (
    AlertCb,
    ForgetCb,
    GroupCb,
    LanguageCb,
    LessonCb,
    ModCb,
    ReportCb,
    SubCb,
    VerdictCb,
)

RULES = default_rules()
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "120")),
    deadline=timedelta(seconds=2),  # the bound per input: far above the worst case seen
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Any code point, surrogates included, mixed with the pieces scams are made of.
any_char = st.characters(codec=None, categories=None)
pieces = st.sampled_from(
    [
        "https://",
        "hxxps://",
        "kaspi",
        "[.]",
        ".kz",
        ".top",
        "xn--80a",
        "@",
        "t.me/",
        "+7 701 ",
        "4400 4301 2345 6789",
        "KZ86125KZT5004100100",
        "0x",
        "код из SMS",
        "😀",
        "\u200b",
        "а",
        " ",
        "\n",
        "/",
        "?",
        "%",
    ]
)
message_text = st.lists(st.one_of(any_char, pieces), max_size=300).map("".join)
entity = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["url", "text_link", "mention", "bold", "phone_number", "x"]),
        "offset": st.integers(-5, 400),
        "length": st.integers(-5, 400),
    },
    optional={"url": st.text(max_size=80)},
)


@FUZZ
@given(text=message_text, entities=st.lists(entity, max_size=8))
def test_any_message_gets_a_well_formed_verdict(
    text: str, entities: list[dict[str, object]]
) -> None:
    found = extract(text, entities)
    verdict = assess(text, found, Matches(), CheckContext(), rules=RULES, lang="kk")
    assert verdict.level in ("safe", "unsure", "suspicious", "dangerous")
    assert 0 <= verdict.score <= 100
    html = render_html(verdict, "Не істеу керек:")
    plain, _entities = parse_html(html)  # what Telegram would accept
    assert 0 < len(plain) <= MAX_TEXT


CALLBACKS = [AlertCb, ForgetCb, GroupCb, LanguageCb, LessonCb, ModCb, ReportCb, SubCb, VerdictCb]


@FUZZ
@given(data=st.one_of(st.text(max_size=80), pieces.map(lambda p: f"l:op:{p}:1")))
def test_forged_callback_data_is_refused_or_parsed(data: str) -> None:
    for cls in CALLBACKS:
        try:
            parsed = cls.unpack(data)
        except (ValueError, TypeError):
            continue
        assert len(parsed.pack().encode()) <= 64


@FUZZ
@given(
    fmt=st.sampled_from(sorted(PARSERS)),
    lines=st.lists(st.one_of(st.text(max_size=200), pieces), max_size=30),
)
def test_feed_parsers_never_crash(fmt: str, lines: list[str]) -> None:
    try:
        rows = list(PARSERS[fmt](iter(lines)))
    except FeedError:  # a CSV without a usable header: one clear message
        assert fmt == "csv"
        return
    assert len(rows) <= len(lines)


@FUZZ
@given(
    admin_ids=st.text(max_size=40),
    feeds=st.text(max_size=80),
    rate=st.text(max_size=10),
    zone=st.text(max_size=20),
)
def test_settings_either_load_or_name_the_bad_one(
    admin_ids: str, feeds: str, rate: str, zone: str
) -> None:
    try:
        loaded = load_settings(
            _env_file=None, admin_ids=admin_ids, feeds=feeds, broadcast_rate=rate, timezone=zone
        )
    except SettingsError as exc:
        assert str(exc).startswith("Setting ")
        assert "\n" not in str(exc)
    else:
        assert all(isinstance(i, int) for i in loaded.admin_ids)


@FUZZ
@given(text=message_text)
def test_alert_blocks_parse(text: str) -> None:
    versions = parse_alert(text)
    assert set(versions) <= {"ru", "kk", "en", "*"}
    assert all(v.strip() for v in versions.values())


@FUZZ
@given(data=st.binary(max_size=4096))
def test_any_bytes_as_a_picture(data: bytes) -> None:
    seen = read_picture(data, ocr=False)
    assert seen.opened or seen.codes == ()


@pytest.mark.parametrize("size", [0, 1, 4096])
def test_huge_or_empty_inputs(size: int) -> None:
    text = "😀" * size + "\ud800" + "kaspi-bonus.top " * 1000
    found = extract(text)
    assert found.truncated
    assert assess(text, found, Matches(), CheckContext(), rules=RULES).level == "dangerous"
