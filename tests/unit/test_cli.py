"""The command-line contract in DESIGN.md, run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, stdin: str = "", cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "ADMIN_IDS"}}
    env["PYTHONPATH"] = str(ROOT)
    env["DB_PATH"] = str(cwd / "cli.sqlite3")
    return subprocess.run(  # noqa: PLW1510 (the exit code is asserted)
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def test_check_json_prints_one_verdict(tmp_path: Path) -> None:
    result = run_cli("check", "--json", "--lang", "kk", "Сәлем, қалайсың?", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    verdict = json.loads(result.stdout)
    assert verdict["lang"] == "kk"
    assert verdict["level"] in {"safe", "unsure", "suspicious", "dangerous"}
    assert set(verdict) >= {
        "level",
        "score",
        "scheme",
        "reasons",
        "indicators",
        "advice",
        "lesson",
    }


def test_check_plain_text_is_readable(tmp_path: Path) -> None:
    result = run_cli("check", "Срочно переведите деньги на безопасный счёт", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first[:1] in "🟠🔴" and "/100)" in first


def test_jsonl_keeps_order_and_reports_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "первое"}),
        "{not json",
        json.dumps({"text": "second", "lang": "en"}),
        json.dumps(["text"]),
        "",
        json.dumps({"text": "x", "lang": "fr"}),
        json.dumps({"text": "үшінші", "lang": "kk"}),
    ]
    result = run_cli("check", "--jsonl", stdin="\n".join(lines) + "\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(lines)
    assert [("error" in o) for o in out] == [False, True, False, True, True, True, False]
    assert [o.get("lang") for o in out] == ["ru", None, "en", None, None, None, "kk"]
    assert out[1]["error"].startswith("malformed line")


def test_check_does_not_import_aiogram(tmp_path: Path) -> None:
    code = (
        "import sys; from bot.cli import main; rc = main(['check', '--json', 'hi']); "
        "sys.stderr.write('AIOGRAM' if 'aiogram' in sys.modules else 'CLEAN')"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DB_PATH": str(tmp_path / "x.sqlite3")}
    result = subprocess.run(  # noqa: PLW1510 (the exit code is asserted)
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert result.stderr.endswith("CLEAN")


@pytest.mark.parametrize("stdin", ["", "   \n"])
def test_check_with_nothing_to_check_is_a_clear_error(tmp_path: Path, stdin: str) -> None:
    result = run_cli("check", "-", stdin=stdin, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Nothing to check" in result.stderr


def test_no_token_starts_the_demo_and_start_answers_in_russian(tmp_path: Path) -> None:
    result = run_cli(stdin="/start\n/language\n#2\nkaspi-bonus.top\n/quit\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "offline demo" in out
    assert "bot: Здравствуйте! Я помогаю распознать мошенников." in out
    assert "[#1] Русский  [#2] Қазақша  [#3] English" in out
    assert "bot (edited): Тіл: Қазақша." in out
    assert "bot: 🔴 Қауіпті" in out
    assert not (tmp_path / "data").exists()  # the demo keeps nothing in the working folder


def test_blocklist_commands_end_to_end(tmp_path: Path) -> None:
    """import → stats → check sees it → allow → check no longer flags it; add/remove."""
    feed = Path(__file__).parent.parent / "data" / "feeds" / "urlhaus.csv"
    result = run_cli("blocklist", "import", "--format", "urlhaus", str(feed), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("urlhaus: 8 rows in ")
    assert result.stdout.rstrip().endswith(
        "7 entries added, 1 refreshed, 1 skipped (official or allowlisted), 2 malformed"
    )
    stats = run_cli("blocklist", "stats", cwd=tmp_path).stdout.splitlines()
    assert stats[0].split() == ["kind", "source", "entries", "hits"]
    assert stats[1].split() == ["domain", "urlhaus", "3", "0"]
    assert stats[2].split() == ["url", "urlhaus", "4", "0"]
    assert stats[-1] == "total 7 entries; allowlist 0"

    verdict = json.loads(run_cli("check", "--json", "http://45.12.7.9/x", cwd=tmp_path).stdout)
    assert verdict["level"] == "dangerous"
    allow = run_cli("blocklist", "allow", "domain", "45.12.7.9", cwd=tmp_path)
    assert allow.stdout == "Allowlisted: domain 45[.]12[.]7[.]9\n"
    verdict = json.loads(run_cli("check", "--json", "http://45.12.7.9/x", cwd=tmp_path).stdout)
    assert "blocklisted" not in {r["code"] for r in verdict["reasons"]}

    added = run_cli("blocklist", "add", "card", "4400 4301 2345 6789", cwd=tmp_path)
    assert added.stdout == "Added: card 4400 43•• •••• 6789\n"
    removed = run_cli("blocklist", "remove", "card", "4400430123456789", cwd=tmp_path)
    assert removed.stdout == "Removed 1 entry: 4400 43•• •••• 6789\n"
    bad = run_cli("blocklist", "add", "phone", "not a phone", cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stderr.strip().endswith("Not a valid phone: 'not a phone'")


def test_blocklist_import_of_a_missing_file_fails_clearly(tmp_path: Path) -> None:
    result = run_cli("blocklist", "import", "--format", "plain", "nope.txt", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip().endswith("Import failed: no such file: nope.txt")


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """An operator's mistake: non-zero exit, one line on stderr (after any log lines)."""
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [ln for ln in result.stderr.splitlines() if not ln.startswith("ts=")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_operator_mistakes_are_one_line_each(tmp_path: Path) -> None:
    run_cli("check", "hello", cwd=tmp_path)  # creates the database
    assert (
        one_line_error(run_cli("stats", "--csv", "/no/such/dir/x.csv", cwd=tmp_path))
        == "/no/such/dir/x.csv: No such file or directory"
    )
    assert one_line_error(run_cli("backup", "/no/such/x.sqlite3", cwd=tmp_path)) == (
        "no folder /no/such to write the backup into"
    )
    assert (
        one_line_error(
            run_cli("blocklist", "import", "--format", "plain", str(tmp_path), cwd=tmp_path)
        )
        == f"Import failed: {tmp_path} is a folder, not a feed file"
    )
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("hello\nworld\n", encoding="utf-8")
    result = run_cli("blocklist", "import", "--format", "phishtank", str(wrong), cwd=tmp_path)
    assert result.returncode == 1
    assert "Is it the right format?" in result.stderr
    both = run_cli("check", "--json", "--jsonl", cwd=tmp_path)
    assert both.returncode == 2
    assert "not allowed with argument --json" in both.stderr


def test_stats_never_creates_a_database_at_a_mistyped_path(tmp_path: Path) -> None:
    env_db = tmp_path / "typo.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "stats"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "DB_PATH": str(env_db)},
        timeout=60,
        check=False,
    )
    assert one_line_error(result) == f"no database at {env_db} (check DB_PATH)"
    assert not env_db.exists()


def test_an_unusable_db_path_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "check", "hi"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "DB_PATH": str(blocker / "db.sqlite3")},
        timeout=60,
        check=False,
    )
    assert one_line_error(result).startswith(f"Cannot open the database at {blocker}")


@pytest.mark.parametrize("case", ["revoked", "unreachable"])
def test_a_bad_token_or_unreachable_telegram_is_one_line(tmp_path: Path, case: str) -> None:
    import asyncio

    from bot.emulator import BotApiEmulator

    async def run() -> subprocess.CompletedProcess[str]:
        emu = BotApiEmulator()
        url = await emu.start()
        token = "123456:ThisTokenWasRevokedLongAgoXXXX" if case == "revoked" else emu.token
        if case == "unreachable":
            await emu.stop()  # nobody listens there any more
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "BOT_TOKEN": token,
            "TELEGRAM_API_URL": url,
            "DB_PATH": str(tmp_path / "db.sqlite3"),
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
        out, err = await asyncio.wait_for(proc.communicate(), 60)
        if case == "revoked":
            await emu.stop()
        return subprocess.CompletedProcess([], proc.returncode or 0, out.decode(), err.decode())

    line = one_line_error(asyncio.run(run()))
    if case == "revoked":
        assert line.startswith("Telegram refused BOT_TOKEN")
    else:
        assert line.startswith("Cannot reach Telegram at http://127.0.0.1:")
