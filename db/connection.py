"""Opening the SQLite database: pragmas, WAL, migrations."""

from __future__ import annotations

from pathlib import Path

import aiosqlite

from db.migrate import apply_migrations


async def connect(path: Path | str) -> aiosqlite.Connection:
    """Open (creating folders as needed) and migrate the database at `path`."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = await aiosqlite.connect(str(path), isolation_level=None)
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
