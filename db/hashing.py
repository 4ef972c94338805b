"""Keyed hashes for phone and card numbers: the database never holds them in clear.

The key comes from the `HASH_KEY` setting or is generated once and kept next to the
database (`hash.key`, owner-only). Losing it only means old hashed entries stop matching.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from checks.lookup import HASHED_KINDS

KEY_FILE = "hash.key"


class Hasher:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def digest(self, kind: str, value: str) -> str:
        """128-bit HMAC-SHA256 of `kind:value`, hex."""
        mac = hmac.new(self._key, f"{kind}:{value}".encode(), hashlib.sha256)
        return mac.hexdigest()[:32]

    def stored(self, kind: str, value: str) -> str:
        """What the database keeps for a value of this kind."""
        return self.digest(kind, value) if kind in HASHED_KINDS else value

    def person(self, user_id: int) -> str:
        """A reporter's id as stored: the same person always gets the same hash."""
        return self.digest("user", str(user_id))


def load_key(db_path: Path | str, configured: str | None = None) -> bytes:
    """The configured key, else the one in the data folder (created on first run)."""
    if configured:
        return configured.encode()
    if str(db_path) == ":memory:":
        return secrets.token_bytes(32)
    path = Path(db_path).parent / KEY_FILE
    if path.exists():
        return bytes.fromhex(path.read_text().strip())
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return bytes.fromhex(path.read_text().strip())
    with os.fdopen(fd, "w") as handle:
        handle.write(key.hex())
    return key
