"""Logging to stderr as `key=value` lines, with bot tokens redacted."""

from __future__ import annotations

import logging
import re
import sys

_TOKEN = re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{20,}\b")


class RedactTokens(logging.Filter):
    """Bot tokens sometimes reach log lines inside URLs; never let them out."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _TOKEN.search(message):
            record.msg, record.args = _TOKEN.sub("<token>", message), None
        return True


def setup_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("ts=%(asctime)s level=%(levelname)s logger=%(name)s msg=%(message)s")
    )
    handler.addFilter(RedactTokens())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    quiet_private_loggers()
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def quiet_private_loggers() -> None:
    """Whatever LOG_LEVEL says, these never go below WARNING: at DEBUG they print what
    people checked (aiosqlite logs every statement with its parameters; httpx and
    httpcore the addresses of short links being followed)."""
    for private in ("aiosqlite", "httpx", "httpcore", "aiohttp.access", "aiohttp.client"):
        logging.getLogger(private).setLevel(logging.WARNING)
