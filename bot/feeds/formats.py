"""Feed formats: each turns lines of text into entries, or None for a malformed row.

Parsers are generators over lines, so a feed of any size streams through in constant memory.
"""

from __future__ import annotations

import csv
import ipaddress
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from checks.lookup import KINDS, Key, parse_value, url_key
from checks.urls import to_ascii


@dataclass(frozen=True, slots=True)
class FeedUrl:
    """A link from a feed: stored as a URL entry and, unless the site is shared, its host."""

    host: str
    key: str
    """`url_key` of the link: the same key `checks.extract` gives it in a message."""


Entry = FeedUrl | Key
Row = Entry | None  # None: malformed
MAX_FIELD = 8_192
# After the scheme: optional user@, the host (or [IPv6]), optional :port, then the rest.
_AFTER_SCHEME = re.compile(
    r"(?:[^\s/?#@]*@)?(\[[0-9a-fA-F:.]+\]|[^\s/?#:@\[\]]+)(?::\d{0,5})?([/?#]\S*)?"
)


def parse_url(raw: str) -> FeedUrl | None:
    """A feed URL, parsed fast (feeds have millions) and keyed like `checks.extract` does."""
    raw = raw.strip()
    if not raw or len(raw) > MAX_FIELD:
        return None
    scheme_end = raw.find("://", 0, 12)
    match = _AFTER_SCHEME.fullmatch(raw, scheme_end + 3 if scheme_end >= 0 else 0)
    if match is None:
        return None
    host = match.group(1).lower().rstrip(".")
    if host.startswith("["):
        try:
            host = str(ipaddress.ip_address(host[1:-1]))
        except ValueError:
            return None
    elif "." not in host:
        return None
    elif not host.isascii():
        ascii_host = to_ascii(host)
        if ascii_host is None:
            return None
        host = ascii_host
    return FeedUrl(host, url_key(host, match.group(2) or ""))


def csv_row(line: str) -> list[str] | None:
    """One CSV line as fields; None when it is not valid CSV. Rows never span lines here."""
    try:
        return next(csv.reader([line]), None)
    except csv.Error:
        return None


def _data_lines(lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        if line.strip() and not line.lstrip().startswith("#"):
            yield line


def urlhaus(lines: Iterable[str]) -> Iterator[Row]:
    """URLhaus CSV dump: `id,dateadded,url,url_status,...`; `#` lines are comments."""
    for line in _data_lines(lines):
        row = csv_row(line)
        yield parse_url(row[2]) if row and len(row) >= 3 else None


def openphish(lines: Iterable[str]) -> Iterator[Row]:
    """One URL a line (OpenPhish feed.txt, URLhaus text dumps)."""
    for line in _data_lines(lines):
        yield parse_url(line)


def phishtank(lines: Iterable[str]) -> Iterator[Row]:
    """PhishTank CSV (`phish_id,url,phish_detail_url,...`, with or without the header)."""
    column = 1
    for number, line in enumerate(_data_lines(lines)):
        row = csv_row(line)
        if number == 0 and row and "url" in row:
            column = row.index("url")
            continue
        yield parse_url(row[column]) if row and len(row) > column else None


def plain(lines: Iterable[str]) -> Iterator[Row]:
    """One value a line of any kind: link, domain, phone, card, IBAN, @username, wallet."""
    for line in _data_lines(lines):
        value = line.strip()
        if "://" in value[:12] or ("/" in value and " " not in value and value[0] != "+"):
            yield parse_url(value)
        else:
            yield parse_value(value)


def kind_csv(lines: Iterable[str]) -> Iterator[Row]:
    """CSV with a header row naming at least `kind` and `value` columns."""
    columns: dict[str, int] | None = None
    for line in _data_lines(lines):
        row = csv_row(line)
        if columns is None:
            names = [name.strip().lower() for name in row or []]
            if not {"kind", "value"} <= set(names):
                raise FeedError("the CSV needs a header row with 'kind' and 'value' columns")
            columns = {name: names.index(name) for name in ("kind", "value")}
            continue
        if not row or len(row) <= max(columns.values()):
            yield None
            continue
        kind, value = row[columns["kind"]].strip().lower(), row[columns["value"]]
        if kind not in KINDS or len(value) > MAX_FIELD:
            yield None
        elif kind == "url":
            yield parse_url(value)
        else:
            yield parse_value(value, kind)


class FeedError(Exception):
    """The whole feed is unusable (wrong format, unreachable); one line for people."""


PARSERS = {
    "urlhaus": urlhaus,
    "openphish": openphish,
    "phishtank": phishtank,
    "plain": plain,
    "csv": kind_csv,
}
