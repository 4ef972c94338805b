"""Opening a feed: a local file or an http(s) URL, plain or gzip, as a stream of lines.

Nothing is read whole into memory; a URL is fetched with a conditional request so an
unchanged feed costs one round trip (304).
"""

from __future__ import annotations

import contextlib
import gzip
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

from bot.feeds.formats import FeedError

MAX_LINE = 16_384  # longer lines are counted as malformed, never held in memory whole
# A feed bigger than this once unpacked is cut off (what came before it is kept): the
# largest public feeds are a few hundred MB, and a gzip bomb must not burn the CPU for
# minutes.
MAX_FEED_BYTES = 1 << 30
USER_AGENT = "kz-antifraud-bot feed importer"


@dataclass(slots=True)
class Opened:
    lines: Iterator[str]
    etag: str | None = None
    last_modified: str | None = None


class NotModified(Exception):
    """The server says the feed has not changed since the last import."""


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


@contextmanager
def open_source(
    source: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    client: httpx.Client | None = None,
) -> Iterator[Opened]:
    if not is_url(source):
        path = Path(source)
        if path.is_dir():
            raise FeedError(f"{source} is a folder, not a feed file")
        if not path.exists():
            raise FeedError(f"no such file: {source}")
        if not path.is_file():
            raise FeedError(f"{source} is not a regular file")
        with path.open("rb") as handle:
            yield Opened(read_lines(handle))
        return
    headers = {"User-Agent": USER_AGENT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    own = client is None
    http = client or httpx.Client(timeout=httpx.Timeout(60, connect=10), follow_redirects=True)
    try:
        with http.stream("GET", source, headers=headers) as response:
            if response.status_code == 304:
                raise NotModified
            if response.status_code >= 400:
                raise FeedError(f"{source} answered HTTP {response.status_code}")
            yield Opened(
                read_lines(_ByteStream(response.iter_bytes())),
                response.headers.get("etag"),
                response.headers.get("last-modified"),
            )
    except httpx.HTTPError as exc:
        raise FeedError(f"could not download {source}: {exc}") from exc
    finally:
        if own:
            http.close()


def read_lines(raw: IO[bytes] | io.RawIOBase, max_bytes: int | None = None) -> Iterator[str]:
    """Decoded lines of a plain or gzip stream; over-long lines come out as one '\\ufffd'.

    Stops with FeedError once `max_bytes` of text were read (a gzip bomb, a runaway feed).
    """
    buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)  # type: ignore[arg-type]
    stream: IO[bytes] = buffered
    if buffered.peek(2)[:2] == b"\x1f\x8b":
        stream = gzip.GzipFile(fileobj=buffered)  # type: ignore[assignment]
    text = io.TextIOWrapper(stream, encoding="utf-8", errors="replace", newline="")
    max_bytes = MAX_FEED_BYTES if max_bytes is None else max_bytes
    read = 0
    try:
        while line := text.readline(MAX_LINE):
            read += len(line)
            if len(line) == MAX_LINE and not line.endswith("\n"):
                while (rest := text.readline(MAX_LINE)) and not rest.endswith("\n"):
                    read += len(rest)
                    if read > max_bytes:
                        break
                yield "\ufffd"
            else:
                yield line.replace("\x00", "")
            if read > max_bytes:
                raise FeedError(
                    f"the feed is larger than {max_bytes >> 20:,} MB once unpacked; "
                    "stopped there (what came before is kept)"
                )
    except (OSError, EOFError) as exc:  # gzip.BadGzipFile is an OSError
        raise FeedError(f"the feed is damaged: {exc}") from exc
    finally:
        with contextlib.suppress(ValueError):  # already closed by the caller
            text.detach()  # the caller owns and closes the underlying stream


class _ByteStream(io.RawIOBase):
    """A file-like view of an iterator of byte chunks (an HTTP body)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._left = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._left:
            try:
                self._left = next(self._chunks)
            except StopIteration:
                return 0
        size = min(len(buffer), len(self._left))
        buffer[:size] = self._left[:size]
        self._left = self._left[size:]
        return size
