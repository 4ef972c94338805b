"""The blocklist repository: lookups, expiry, allowlist, hit counts, reporters."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from checks.extract import extract
from checks.lookup import Key, parse_value
from db.repos import Repos


@pytest.fixture
async def repos(tmp_path: Path) -> AsyncIterator[Repos]:
    opened = await Repos.open(tmp_path / "bot.sqlite3")
    yield opened
    await opened.close()


def key(value: str, kind: str | None = None) -> Key:
    found = parse_value(value, kind)
    assert found is not None
    return found


async def test_domain_entry_covers_subdomains_and_counts_hits(repos: Repos) -> None:
    await repos.blocklist.add(key("evil.top"))
    found = extract("Зайдите на https://login.evil.top/a и https://good.kz")
    matches = await repos.blocklist.match(found)
    assert [u.host for u in matches.blocked] == ["login.evil.top"]
    await repos.blocklist.match(found)
    (row,) = await repos.blocklist.stats()
    assert (row.kind, row.source, row.entries, row.hits) == ("domain", "manual", 1, 2)


async def test_expired_entries_never_match(repos: Repos) -> None:
    await repos.blocklist.add(key("old-scam.top"), expires_at=repos.blocklist.now() - 1)
    assert not (await repos.blocklist.match(extract("old-scam.top"))).blocked
    assert await repos.blocklist.prune() == 1


async def test_allowlist_wins(repos: Repos) -> None:
    await repos.blocklist.add(key("shop.kz/pay", "url"))
    await repos.blocklist.allow_key(key("shop.kz"), added_by=1)
    found = extract("https://shop.kz/pay")
    matches = await repos.blocklist.match(found)
    assert matches.blocked == ()
    assert matches.allowed == frozenset(found.urls)


async def test_numbers_match_by_keyed_hash(repos: Repos) -> None:
    await repos.blocklist.add(key("+77015551234"))
    matches = await repos.blocklist.match(extract("Звоните: 8 (701) 555-12-34"))
    assert [p.e164 for p in matches.blocked] == ["+77015551234"]


async def test_reporters_are_distinct_people_on_open_reports(repos: Repos) -> None:
    stored = "scam-shop.top"
    for person in ("a", "b", "a"):
        await repos.reports.file(
            "scam", "domain", stored, display="scam-shop[.]top", reporter=person
        )
    found = extract("https://www.scam-shop.top/cart")
    assert (await repos.blocklist.match(found)).reporters == 2
    report = await repos.reports.next_pending()
    assert report is not None
    assert await repos.reports.set_status(report.id, "rejected")
    assert not await repos.reports.set_status(report.id, "approved")  # already decided
    assert (await repos.blocklist.match(found)).reporters == 0


async def test_hash_key_is_created_once_and_private(tmp_path: Path) -> None:
    first = await Repos.open(tmp_path / "x" / "bot.sqlite3")
    digest = first.hasher.digest("card", "4400430123456789")
    await first.close()
    again = await Repos.open(tmp_path / "x" / "bot.sqlite3")
    assert again.hasher.digest("card", "4400430123456789") == digest
    await again.close()
    key_file = tmp_path / "x" / "hash.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    configured = await Repos.open(tmp_path / "y" / "bot.sqlite3", hash_key="k" * 32)
    assert configured.hasher.digest("card", "4400430123456789") != digest
    assert not (tmp_path / "y" / "hash.key").exists()
    await configured.close()
