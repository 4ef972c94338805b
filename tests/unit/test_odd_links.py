"""Links that are not http(s): never "official", at least suspicious."""

from __future__ import annotations

import pytest

from checks.assess import assess
from checks.context import CheckContext
from checks.extract import extract
from checks.matches import Matches
from checks.rules import default_rules


def verdict(text: str, entities: list[dict[str, object]] | None = None):
    found = extract(text, entities)
    return assess(text, found, Matches(), CheckContext(), rules=default_rules(), lang="en")


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("javascript://kaspi.kz/%0aalert(1)", "dangerous"),
        ("Open JavaScript:alert(document.cookie)", "dangerous"),
        ("data:text/html;base64,PHNjcmlwdD4=", "dangerous"),
        ("vbscript:msgbox(1)", "dangerous"),
        ("file:///C:/Users/kaspi.kz/bonus.html", "suspicious"),
        ("intent://egov.kz/#Intent;scheme=https;end", "suspicious"),
        ("ftp://kaspi.kz/statement.zip", "suspicious"),
    ],
)
def test_a_non_web_scheme_is_never_official(text: str, level: str) -> None:
    result = verdict(text)
    assert result.level == level
    assert "official_link" not in {r.code for r in result.reasons}
    assert all("[:]" in i.display for i in result.indicators if i.kind == "link")


def test_hidden_script_link_behind_words() -> None:
    text = "Kaspi: check your bonus"
    entities = [{"type": "text_link", "offset": 7, "length": 16, "url": "javascript:alert(1)"}]
    result = verdict(text, entities)
    assert result.level == "dangerous"
    assert next(r.code for r in result.reasons) == "script_link"


@pytest.mark.parametrize(
    "text",
    ["mailto:info@example.com", "tel:+77011234567", "Note:this is fine", "Дата:12.03"],
)
def test_contact_schemes_and_words_with_colons_are_not_odd_links(text: str) -> None:
    assert extract(text).odd_links == []
