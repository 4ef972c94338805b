"""Settings from the environment or `.env` (names as in DESIGN.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Lang = Literal["ru", "kk", "en"]
LANGS: tuple[Lang, ...] = ("ru", "kk", "en")
FEED_FORMATS = ("urlhaus", "openphish", "phishtank", "plain", "csv")


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one line naming it."""


class Settings(BaseSettings):
    """Everything the process can be configured with."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    db_path: Path = Path("data/bot.sqlite3")
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    default_lang: Lang = "ru"
    timezone: str = "Asia/Almaty"
    broadcast_rate: float = Field(default=25.0, gt=0, le=1000)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    hash_key: SecretStr | None = None
    """Key for hashing phone and card numbers; by default generated in the data folder."""
    feeds: Annotated[list[tuple[str, str]], NoDecode] = Field(default_factory=list)
    """`format=url` pairs, separated by spaces or `;`, refreshed while the bot runs."""
    feed_refresh_hours: float = Field(default=6.0, ge=0.25, le=24 * 7)
    feed_ttl_days: int = Field(default=30, ge=1, le=3650)
    report_daily_limit: int = Field(default=20, ge=1, le=1000)
    report_auto_approve: int = Field(default=0, ge=0, le=100)
    """Approve a report without an admin when this many trusted people agree; 0: never."""
    report_trusted_after: int = Field(default=3, ge=1, le=1000)
    throttle_messages: int = Field(default=15, ge=1, le=10_000)
    throttle_seconds: float = Field(default=30.0, gt=0, le=3600)
    expand_short_links: bool = True
    """Follow known short links (HEAD only, guarded); false keeps the bot off the network."""
    """At most THROTTLE_MESSAGES checks per THROTTLE_SECONDS per person."""
    """A reporter is trusted after this many of their reports were approved."""

    @field_validator("bot_token", mode="before")
    @classmethod
    def _empty_token_is_none(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        if isinstance(value, str) and ":" not in value:
            raise ValueError("expected the token @BotFather gave you, like 123456:ABC-DEF")
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("hash_key", mode="before")
    @classmethod
    def _long_key(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        if isinstance(value, str) and len(value.strip()) < 16:
            raise ValueError("use at least 16 random characters (or leave it unset)")
        return value

    @field_validator("feeds", mode="before")
    @classmethod
    def _split_feeds(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        feeds = []
        for part in value.replace(";", " ").split():
            fmt, sep, url = part.partition("=")
            if not sep or fmt not in FEED_FORMATS:
                raise ValueError(
                    f"expected format=url with a format of {', '.join(FEED_FORMATS)}; got {part!r}"
                )
            if not url.startswith(("http://", "https://")):
                raise ValueError(f"feed address must start with http:// or https://: {url!r}")
            feeds.append((fmt, url))
        return feeds

    @field_validator("default_lang", mode="before")
    @classmethod
    def _lower_lang(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}, e.g. Asia/Almaty") from exc
        return value

    @property
    def secret_hash_key(self) -> str | None:
        return self.hash_key.get_secret_value().strip() if self.hash_key else None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def load_settings(**overrides: Any) -> Settings:
    """Build settings, turning a validation error into one clear line."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]).upper() if err["loc"] else "settings"
        msg = err["msg"].removeprefix("Value error, ")
        raise SettingsError(f"Setting {name} is invalid: {msg}") from None
