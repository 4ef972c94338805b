"""One object that opens the database and gives access to each repository."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from db.activity import ActivityRepo
from db.audit import AuditLog
from db.blocklist import BlocklistRepo
from db.connection import DatabaseUnavailable, connect
from db.groups import GroupsRepo
from db.hashing import Hasher, load_key
from db.learning import LearningRepo
from db.outbox import OutboxRepo
from db.replies import RepliesRepo
from db.reports import ReportsRepo
from db.subscriptions import SubscriptionsRepo
from db.users import UsersRepo


@dataclass(slots=True)
class Repos:
    conn: aiosqlite.Connection
    hasher: Hasher
    users: UsersRepo
    blocklist: BlocklistRepo
    reports: ReportsRepo
    audit: AuditLog
    replies: RepliesRepo
    learning: LearningRepo
    subscriptions: SubscriptionsRepo
    outbox: OutboxRepo
    activity: ActivityRepo
    groups: GroupsRepo

    @classmethod
    async def open(cls, path: Path | str, hash_key: str | None = None) -> Repos:
        """Open and migrate the database; the hash key is loaded or created beside it."""
        try:
            hasher = Hasher(load_key(path, hash_key))
        except OSError as exc:
            raise DatabaseUnavailable(
                f"cannot open the database at {path} (DB_PATH): {exc.strerror or exc}"
            ) from None
        conn = await connect(path)
        return cls(
            conn=conn,
            hasher=hasher,
            users=UsersRepo(conn),
            blocklist=BlocklistRepo(conn, hasher),
            reports=ReportsRepo(conn),
            audit=AuditLog(conn),
            replies=RepliesRepo(conn),
            learning=LearningRepo(conn),
            subscriptions=SubscriptionsRepo(conn),
            outbox=OutboxRepo(conn),
            activity=ActivityRepo(conn),
            groups=GroupsRepo(conn),
        )

    async def close(self) -> None:
        await self.conn.close()
