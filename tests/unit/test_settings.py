from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError, load_settings


def test_defaults_match_design(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    for name in ("BOT_TOKEN", "ADMIN_IDS", "DB_PATH", "DEFAULT_LANG", "TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.bot_token is None
    assert settings.telegram_api_url == "https://api.telegram.org"
    assert settings.db_path == Path("data/bot.sqlite3")
    assert settings.admin_ids == []
    assert settings.default_lang == "ru"
    assert settings.timezone == "Asia/Almaty"
    assert settings.broadcast_rate == 25


@pytest.mark.parametrize(
    ("raw", "expected"), [("1,2", [1, 2]), ("42", [42]), (" 7 ; 8 ", [7, 8]), ("", [])]
)
def test_admin_ids_from_env(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: list[int]
) -> None:
    monkeypatch.setenv("ADMIN_IDS", raw)
    assert Settings(_env_file=None).admin_ids == expected  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ADMIN_IDS", "1,abc"),
        ("DEFAULT_LANG", "fr"),
        ("TIMEZONE", "Mars/Olympus"),
        ("BROADCAST_RATE", "-3"),
        ("BOT_TOKEN", "not-a-token"),
        ("TELEGRAM_API_URL", "ftp://x"),
        ("FEEDS", "urlhaus"),
        ("FEEDS", "rss=https://example.com/feed"),
        ("FEEDS", "openphish=file:///etc/passwd"),
        ("HASH_KEY", "short"),
        ("REPORT_DAILY_LIMIT", "0"),
    ],
)
def test_malformed_setting_is_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as err:
        load_settings(_env_file=None)
    message = str(err.value)
    assert message.startswith(f"Setting {name} is invalid: ")
    assert "\n" not in message


def test_cli_reports_a_bad_setting_without_traceback(tmp_path: Path) -> None:
    result = subprocess.run(  # noqa: PLW1510 (the exit code is asserted)
        [sys.executable, "-m", "bot", "check", "hi"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        env={"PATH": "", "ADMIN_IDS": "x", "PYTHONPATH": str(Path.cwd())},
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "Setting ADMIN_IDS is invalid: Input should be a valid integer, "
        "unable to parse string as an integer"
    ]


def test_feeds_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "FEEDS", "openphish=https://openphish.com/feed.txt; urlhaus=https://u.example/csv/"
    )
    assert load_settings(_env_file=None).feeds == [
        ("openphish", "https://openphish.com/feed.txt"),
        ("urlhaus", "https://u.example/csv/"),
    ]
    monkeypatch.delenv("FEEDS")
    assert load_settings(_env_file=None).feeds == []  # off by default: no network
