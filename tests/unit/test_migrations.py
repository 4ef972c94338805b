from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db.connection import connect
from db.migrate import DatabaseTooNew, load_migrations


async def test_fresh_database_in_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "data" / "bot.sqlite3"
    conn = await connect(path)
    await conn.close()
    with sqlite3.connect(path) as db:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert version == len(load_migrations())
    assert "users" in tables


async def test_migrations_are_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    for _ in range(3):
        conn = await connect(path)
        await conn.execute("INSERT OR IGNORE INTO users VALUES (1, 'kk', 'a', 'b')")
        await conn.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 1


async def test_refuses_a_database_from_newer_code(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 999")
    with pytest.raises(DatabaseTooNew):
        await connect(path)


def test_migration_files_are_numbered_without_gaps() -> None:
    versions = [m.version for m in load_migrations()]
    assert versions == list(range(1, len(versions) + 1))
