"""One object that opens the database and gives access to each repository."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from db.connection import connect
from db.users import UsersRepo


@dataclass(slots=True)
class Repos:
    conn: aiosqlite.Connection
    users: UsersRepo

    @classmethod
    async def open(cls, path: Path | str) -> Repos:
        conn = await connect(path)
        return cls(conn=conn, users=UsersRepo(conn))

    async def close(self) -> None:
        await self.conn.close()
