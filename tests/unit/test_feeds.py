"""Feed import: every format from fixture files, broken rows, gzip, HTTP with ETag."""

from __future__ import annotations

import gzip
import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from bot.checker import Checker
from bot.feeds.formats import FeedError
from bot.feeds.importer import ImportSummary, import_feed, open_db
from checks.verdict import Verdict
from db.repos import Repos

FEEDS = Path(__file__).parent.parent / "data" / "feeds"


@pytest.fixture
async def repos(tmp_path: Path) -> AsyncIterator[Repos]:
    opened = await Repos.open(tmp_path / "bot.sqlite3")
    yield opened
    await opened.close()


@pytest.fixture
def conn(repos: Repos, tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = open_db(tmp_path / "bot.sqlite3")
    yield connection
    connection.close()


def run(
    repos: Repos, conn: sqlite3.Connection, fmt: str, source: str, **kw: object
) -> ImportSummary:
    return import_feed(conn, repos.hasher, fmt, source, **kw)  # type: ignore[arg-type]


def entries(conn: sqlite3.Connection) -> set[tuple[str, str, str]]:
    return {tuple(r) for r in conn.execute("SELECT kind, value, source FROM blocklist")}  # type: ignore[misc]


async def verdict(repos: Repos, text: str) -> Verdict:
    return await Checker(repos).check(text)


def codes(v: Verdict) -> set[str]:
    return {r.code for r in v.reasons}


async def test_urlhaus_rows_become_urls_and_sites(repos: Repos, conn: sqlite3.Connection) -> None:
    summary = run(repos, conn, "urlhaus", str(FEEDS / "urlhaus.csv"))
    assert (summary.rows, summary.added) == (8, 7)
    assert summary.refreshed == 1  # row 3307 repeats row 3301
    assert (summary.skipped, summary.malformed) == (1, 2)  # kaspi.kz; two broken rows
    assert entries(conn) == {
        ("url", "kaspi-bonus.top/login.php", "urlhaus"),
        ("domain", "kaspi-bonus.top", "urlhaus"),
        ("url", "45.12.7.9/bins/mozi.m", "urlhaus"),
        ("domain", "45.12.7.9", "urlhaus"),
        # a shared site: that one address, never all of drive.google.com
        ("url", "drive.google.com/uc?id=abc123&export=download", "urlhaus"),
        ("url", "www.olx-dostavka.shop/pay?id=7", "urlhaus"),
        ("domain", "olx-dostavka.shop", "urlhaus"),
    }
    other_page = await verdict(repos, "Посмотри http://kaspi-bonus.top/other")
    assert other_page.level == "dangerous"
    assert "blocklisted" in codes(other_page)
    same_file = await verdict(repos, "https://drive.google.com/uc?id=abc123&export=download")
    assert "blocklisted" in codes(same_file)
    other_file = await verdict(repos, "https://drive.google.com/uc?id=zzz")
    assert "blocklisted" not in codes(other_file)
    official = await verdict(repos, "Магазин: https://kaspi.kz/shop/")
    assert official.level == "safe"


async def test_reimport_adds_nothing_and_refreshes(repos: Repos, conn: sqlite3.Connection) -> None:
    run(repos, conn, "urlhaus", str(FEEDS / "urlhaus.csv"))
    conn.execute("UPDATE blocklist SET last_seen = 1")
    again = run(repos, conn, "urlhaus", str(FEEDS / "urlhaus.csv"))
    assert (again.added, again.refreshed, again.malformed) == (0, 8, 2)
    assert len(entries(conn)) == 7
    assert conn.execute("SELECT min(last_seen) FROM blocklist").fetchone()[0] > 1


async def test_openphish_lines(repos: Repos, conn: sqlite3.Connection) -> None:
    summary = run(repos, conn, "openphish", str(FEEDS / "openphish.txt"))
    assert (summary.rows, summary.added, summary.skipped, summary.malformed) == (5, 5, 1, 1)
    assert ("url", "sites.google.com/view/egov-kz-payout", "openphish") in entries(conn)
    assert ("domain", "sites.google.com", "openphish") not in entries(conn)
    assert not any("homebank" in value for _, value, _ in entries(conn))


async def test_phishtank_csv_with_broken_rows(repos: Repos, conn: sqlite3.Connection) -> None:
    summary = run(repos, conn, "phishtank", str(FEEDS / "phishtank.csv"))
    assert (summary.rows, summary.added, summary.malformed) == (5, 5, 2)
    assert ("url", "bcc-online.top/login?next=/home", "phishtank") in entries(conn)
    assert ("url", "t.me/kaspi_support_bonus", "phishtank") in entries(conn)
    assert ("domain", "t.me", "phishtank") not in entries(conn)
    channel = await verdict(repos, "Пишите в поддержку: https://t.me/kaspi_support_bonus")
    assert "blocklisted" in codes(channel)
    assert "blocklisted" not in codes(await verdict(repos, "https://t.me/durov"))


async def test_plain_list_of_every_kind(repos: Repos, conn: sqlite3.Connection) -> None:
    summary = run(repos, conn, "plain", str(FEEDS / "plain.txt"), name="analysts")
    assert (summary.rows, summary.malformed) == (8, 1)
    kinds = sorted(kind for kind, _, _ in entries(conn))
    assert kinds == ["card", "domain", "domain", "iban", "phone", "url", "username", "wallet"]
    phone = await verdict(repos, "Звонили с номера 8 701 555 12 34")
    assert "blocklisted" in codes(phone)
    card = await verdict(repos, "Переведи на 4400430123456789")
    assert card.level == "dangerous"


async def test_kind_csv_hashes_numbers(
    repos: Repos, conn: sqlite3.Connection, tmp_path: Path
) -> None:
    summary = run(repos, conn, "csv", str(FEEDS / "kinds.csv"))
    assert (summary.rows, summary.added, summary.malformed) == (9, 6, 3)
    stored = dict(conn.execute("SELECT kind, value FROM blocklist").fetchall())
    assert stored["phone"] == repos.hasher.digest("phone", "+77015551234")
    assert stored["card"] == repos.hasher.digest("card", "4400430123456789")
    assert stored["wallet"] == "0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae"
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = (tmp_path / "bot.sqlite3").read_bytes()
    assert b"4400430123456789" not in raw
    assert b"77015551234" not in raw


def test_csv_without_header_is_refused(
    repos: Repos, conn: sqlite3.Connection, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("domain,evil.com\n")
    with pytest.raises(FeedError, match="header"):
        run(repos, conn, "csv", str(bad))


def test_gzip_file(repos: Repos, conn: sqlite3.Connection, tmp_path: Path) -> None:
    packed = tmp_path / "urlhaus.csv.gz"
    packed.write_bytes(gzip.compress((FEEDS / "urlhaus.csv").read_bytes()))
    summary = run(repos, conn, "urlhaus", str(packed))
    assert (summary.added, summary.malformed) == (7, 2)


def test_a_gzip_bomb_is_cut_off_at_the_size_cap(
    repos: Repos, conn: sqlite3.Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.feeds import source

    monkeypatch.setattr(source, "MAX_FEED_BYTES", 1 << 20)  # the real cap is 1 GiB
    lines = "http://bad-0.top/x\n" + "\n" * 20_000_000  # 20 MB of newlines, 20 KB packed
    bomb = tmp_path / "bomb.gz"
    bomb.write_bytes(gzip.compress(lines.encode(), compresslevel=9))
    summary = run(repos, conn, "openphish", str(bomb))
    assert summary.errors and "larger than 1 MB once unpacked" in summary.errors[0]
    assert summary.added == 2  # what came before the cap is kept


def test_a_folder_is_not_a_feed(repos: Repos, conn: sqlite3.Connection, tmp_path: Path) -> None:
    with pytest.raises(FeedError, match="is a folder, not a feed file"):
        run(repos, conn, "plain", str(tmp_path))


def test_truncated_gzip_keeps_what_was_read(
    repos: Repos, conn: sqlite3.Connection, tmp_path: Path
) -> None:
    lines = "".join(f"http://bad-{n}.top/x\n" for n in range(20_000))
    packed = gzip.compress(lines.encode())
    broken = tmp_path / "broken.gz"
    broken.write_bytes(packed[: len(packed) // 2])
    summary = run(repos, conn, "openphish", str(broken))
    assert summary.errors and "damaged" in summary.errors[0]
    assert summary.rows > 5_000
    assert summary.added == 2 * (summary.rows - summary.malformed)


def test_binary_junk_and_huge_lines(
    repos: Repos, conn: sqlite3.Connection, tmp_path: Path
) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_bytes(
        b"\x00\xff\xfe garbage\n" + b"A" * 100_000 + b"\nhttp://still-fine.top/x\n\xc3\x28\n"
    )
    summary = run(repos, conn, "openphish", str(junk))
    assert summary.rows == 4
    assert summary.malformed == 3
    assert ("url", "still-fine.top/x", "openphish") in entries(conn)


def test_missing_file(repos: Repos, conn: sqlite3.Connection) -> None:
    with pytest.raises(FeedError, match="no such file"):
        run(repos, conn, "plain", "/nonexistent/feed.txt")


def test_allowlisted_site_is_skipped(repos: Repos, conn: sqlite3.Connection) -> None:
    conn.execute(
        "INSERT INTO allowlist (kind, value, display, added_by, added_at) "
        "VALUES ('domain', 'olx-dostavka.shop', 'olx-dostavka[.]shop', 1, 0)"
    )
    summary = run(repos, conn, "urlhaus", str(FEEDS / "urlhaus.csv"))
    assert summary.skipped == 2
    assert not any("olx-dostavka" in value for _, value, _ in entries(conn))


def test_urls_only(repos: Repos, conn: sqlite3.Connection) -> None:
    run(repos, conn, "urlhaus", str(FEEDS / "urlhaus.csv"), urls_only=True)
    assert {kind for kind, _, _ in entries(conn)} == {"url"}


class FeedServer:
    """An httpx transport serving one feed with an ETag, like a real feed host."""

    def __init__(self, body: bytes, *, status: int = 200, gzip_body: bool = False) -> None:
        self.body = gzip.compress(body) if gzip_body else body
        self.status = status
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304)
        return httpx.Response(self.status, content=self.body, headers={"ETag": '"v1"'})

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))


def test_http_feed_with_etag(repos: Repos, conn: sqlite3.Connection) -> None:
    server = FeedServer((FEEDS / "openphish.txt").read_bytes())
    url = "https://feeds.example/openphish.txt"
    first = run(repos, conn, "openphish", url, client=server.client())
    assert first.added == 5
    second = run(repos, conn, "openphish", url, client=server.client())
    assert second.not_modified
    assert server.requests[1].headers["if-none-match"] == '"v1"'
    assert "not modified" in second.line()


def test_http_gzip_body(repos: Repos, conn: sqlite3.Connection) -> None:
    server = FeedServer((FEEDS / "urlhaus.csv").read_bytes(), gzip_body=True)
    summary = run(repos, conn, "urlhaus", "https://feeds.example/u.gz", client=server.client())
    assert summary.added == 7


def test_http_error_is_one_clear_line(repos: Repos, conn: sqlite3.Connection) -> None:
    server = FeedServer(b"", status=503)
    with pytest.raises(FeedError, match="HTTP 503"):
        run(repos, conn, "openphish", "https://feeds.example/x", client=server.client())


async def test_refresher_imports_configured_feeds_and_prunes(
    repos: Repos, conn: sqlite3.Connection, tmp_path: Path
) -> None:
    from bot.feeds.schedule import FeedRefresher
    from bot.settings import Settings

    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        db_path=tmp_path / "bot.sqlite3",
        feeds="openphish=https://feeds.example/feed.txt",
    )
    server = FeedServer((FEEDS / "openphish.txt").read_bytes())
    refresher = FeedRefresher(settings, repos.hasher, transport=httpx.MockTransport(server))
    (summary,) = await refresher.refresh_all()
    assert summary.added == 5
    conn.execute("UPDATE blocklist SET expires_at = 1 WHERE kind = 'url'")
    assert await refresher.prune() == 3
    assert {kind for kind, _, _ in entries(conn)} == {"domain"}


async def test_scheduler_touches_no_network_without_feeds(tmp_path: Path, repos: Repos) -> None:
    from bot.feeds.schedule import FeedRefresher
    from bot.settings import Settings

    quiet = Settings(_env_file=None, db_path=tmp_path / "bot.sqlite3")  # type: ignore[call-arg]
    refresher = FeedRefresher(quiet, repos.hasher)
    refresher.start()
    assert refresher.job_ids() == ["prune"]
    refresher.shutdown()
    busy = quiet.model_copy(update={"feeds": [("urlhaus", "https://feeds.example/u.csv")]})
    refresher = FeedRefresher(busy, repos.hasher)
    refresher.start()
    assert sorted(refresher.job_ids()) == ["feeds", "prune"]
    refresher.shutdown()
