"""Numbered SQL migrations tracked with `PRAGMA user_version`."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from importlib import resources

import aiosqlite

log = logging.getLogger(__name__)
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


class DatabaseTooNew(RuntimeError):
    """The file was written by a newer version of the bot; refuse to touch it."""


def load_migrations() -> list[Migration]:
    """All migrations shipped in `db/migrations`, ordered, with no gaps."""
    found: list[Migration] = []
    for entry in resources.files("db.migrations").iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise RuntimeError(f"migration {expected:04d} is missing before {migration.name}")
    return found


async def apply_migrations(conn: aiosqlite.Connection) -> int:
    """Apply every migration newer than the database, each in its own transaction."""
    migrations = load_migrations()
    async with conn.execute("PRAGMA user_version") as cur:
        row = await cur.fetchone()
    current = int(row[0]) if row else 0
    latest = migrations[-1].version if migrations else 0
    if current > latest:
        raise DatabaseTooNew(f"database schema {current} is newer than this code ({latest})")
    for migration in migrations:
        if migration.version <= current:
            continue
        # executescript would COMMIT first; wrapping the file keeps it all-or-nothing.
        await conn.executescript(
            f"BEGIN;\n{migration.sql}\nPRAGMA user_version = {migration.version};\nCOMMIT;"
        )
        log.info("applied migration %s", migration.name)
    return latest
