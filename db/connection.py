"""Opening the SQLite database: pragmas, WAL, migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import aiosqlite

from db.migrate import apply_migrations


class DatabaseUnavailable(Exception):
    """The database file cannot be created or opened; one line naming the path."""


async def connect(path: Path | str) -> aiosqlite.Connection:
    """Open (creating folders as needed) and migrate the database at `path`."""
    try:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(str(path), isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise DatabaseUnavailable(
            f"cannot open the database at {path} (DB_PATH): {reason}"
        ) from None
    conn.row_factory = aiosqlite.Row
    try:
        await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute("PRAGMA busy_timeout = 5000")
        await conn.execute("PRAGMA synchronous = NORMAL")
        await apply_migrations(conn)
    except BaseException:
        await conn.close()
        raise
    return conn
