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
    result = run_cli("check", "hello", "there", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("⚪ Не уверен")


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
    result = run_cli(stdin="/start\n/language\n2\nkaspi-bonus.top\n/quit\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "offline demo" in out
    assert "bot: Здравствуйте! Я помогаю распознать мошенников." in out
    assert "[1] Русский  [2] Қазақша  [3] English" in out
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
