"""The real process: with a token it polls the Bot API, and SIGTERM/SIGINT stop it cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from bot.emulator import BotApiEmulator

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "sigint"])
async def test_polls_then_shuts_down_cleanly(
    emulator: BotApiEmulator, tmp_path: Path, sig: signal.Signals
) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "BOT_TOKEN": emulator.token,
        "TELEGRAM_API_URL": emulator.base_url,
        "DB_PATH": str(tmp_path / "bot.sqlite3"),
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await emulator.wait_for_call("getUpdates", timeout=30)
        person = emulator.user(user_id=5005)
        person.send("/start")
        assert (await person.reply(timeout=10)).text.startswith("Здравствуйте!")  # type: ignore[union-attr]
        proc.send_signal(sig)
        _, stderr = await asyncio.wait_for(proc.communicate(), 30)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0, stderr.decode()
    log = stderr.decode()
    assert "Polling stopped" in log
    assert emulator.token.split(":")[1] not in log  # the token never reaches the logs
    assert (tmp_path / "bot.sqlite3").exists()


@pytest.mark.parametrize("stdin", ["", "/quit\n"], ids=["dev-null", "quit-from-a-file"])
async def test_demo_exits_when_input_ends_before_the_bot_is_ready(
    tmp_path: Path, stdin: str
) -> None:
    """`make run < /dev/null` and `python -m bot demo < commands.txt` end, cleanly.

    A regular file (or /dev/null) is read at once, before the bot has started polling.
    """
    source = tmp_path / "stdin.txt"
    source.write_text(stdin, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BOT_TOKEN": "", "LOG_LEVEL": "INFO"}
    with source.open("rb") as handle:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "demo",
            cwd=tmp_path,
            env=env,
            stdin=handle if stdin else asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            _, stderr = await asyncio.wait_for(proc.communicate(), 30)
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
    assert proc.returncode == 0, stderr.decode()
    assert "Traceback" not in stderr.decode()
    assert "failed" not in stderr.decode()
