"""Configuration from the environment (and an optional `.env`), validated once at start-up.

Imports nothing of the bot or the core at module level: `adviesbot healthcheck` reads these settings every
30 seconds in the container and must stay cheap (see bot/health.py).
"""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from pydantic import AnyHttpUrl, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

if TYPE_CHECKING:
    from conversations.kantoor import Kantoor

TELEGRAM_API = "https://api.telegram.org/bot"
PLACEHOLDER_PREFIX = "[voorbeeld] "
# Telegram's own rule for secret_token (setWebhook): 1–256 characters of A–Z, a–z, 0–9, _ and -.
WEBHOOK_SECRET_CHARACTERS = re.compile(r"[A-Za-z0-9_-]{1,256}")
# Telegram allows one character; a secret set by hand must be guessable by nobody.
WEBHOOK_SECRET_MIN_LENGTH = 32
ASCII_DIGITS = re.compile(r"[0-9]+")
WEB_ORIGIN = re.compile(r"https?://[a-z0-9.-]+(:[0-9]{1,5})?|https?://\[[0-9a-f:.]+\](:[0-9]{1,5})?")
# Telegram user ids fit in 52 bits; anything longer is a typo, not an admin.
MAX_TELEGRAM_ID = 2**52


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: AnyHttpUrl = AnyHttpUrl(TELEGRAM_API)
    webhook_url: AnyHttpUrl | None = None
    webhook_secret: SecretStr | None = None
    host: str = "0.0.0.0"  # noqa: S104 (a container must listen on all interfaces)
    port: int = Field(default=8080, ge=1, le=65535)
    database_url: str | None = None
    adviesbot_data_dir: Path = Path("data")
    idle_timeout_hours: float = Field(default=24, gt=0, validation_alias="ADVIESBOT_IDLE_TIMEOUT_HOURS")
    flood_max_messages: int = Field(default=20, ge=1, validation_alias="ADVIESBOT_FLOOD_MAX_MESSAGES")
    flood_window_seconds: float = Field(default=60, gt=0, validation_alias="ADVIESBOT_FLOOD_WINDOW_SECONDS")
    heartbeat_file: Path | None = Field(default=None, validation_alias="ADVIESBOT_HEARTBEAT_FILE")
    log_level: str = Field(default="INFO", validation_alias="ADVIESBOT_LOG_LEVEL")

    # Bounded waits: a stalled database or Telegram becomes an error (and an apology) within seconds.
    database_timeout_seconds: float = Field(default=5, gt=0, validation_alias="ADVIESBOT_DATABASE_TIMEOUT_SECONDS")
    telegram_timeout_seconds: float = Field(default=10, gt=0, validation_alias="ADVIESBOT_TELEGRAM_TIMEOUT_SECONDS")
    startup_retry_seconds: float = Field(default=120, ge=0, validation_alias="ADVIESBOT_STARTUP_RETRY_SECONDS")
    # The outbox (bot/outbox.py): retries with backoff, and the lease a sending process holds on a row.
    send_retry_base_seconds: float = Field(default=1, gt=0, validation_alias="ADVIESBOT_SEND_RETRY_BASE_SECONDS")
    send_retry_max_seconds: float = Field(default=60, gt=0, validation_alias="ADVIESBOT_SEND_RETRY_MAX_SECONDS")
    outbox_lease_seconds: float = Field(default=10, gt=0, validation_alias="ADVIESBOT_OUTBOX_LEASE_SECONDS")
    outbox_scan_seconds: float = Field(default=2, gt=0, validation_alias="ADVIESBOT_OUTBOX_SCAN_SECONDS")
    reply_wait_seconds: float = Field(default=2, ge=0, validation_alias="ADVIESBOT_REPLY_WAIT_SECONDS")
    stop_grace_seconds: float = Field(default=5, ge=0, validation_alias="ADVIESBOT_STOP_GRACE_SECONDS")
    # Throughput: chats handled at the same time (one update per chat at a time), and how long a write waits
    # for others to share its commit (bounded: at most 2 ms).
    concurrent_updates: int = Field(default=64, ge=1, le=1024, validation_alias="ADVIESBOT_CONCURRENT_UPDATES")
    group_commit_ms: float = Field(default=1, ge=0, le=2, validation_alias="ADVIESBOT_GROUP_COMMIT_MS")
    # The webhook server: a request must arrive whole within this time, and connections are capped.
    http_request_timeout_seconds: float = Field(
        default=10, gt=0, validation_alias="ADVIESBOT_HTTP_REQUEST_TIMEOUT_SECONDS"
    )
    http_max_connections: int = Field(default=100, ge=1, validation_alias="ADVIESBOT_HTTP_MAX_CONNECTIONS")

    firm_name: str = PLACEHOLDER_PREFIX + "Boekhoudkantoor"
    firm_phone: str = PLACEHOLDER_PREFIX + "020 000 0000"
    firm_email: str = "info@example.nl"
    firm_website: str = "https://www.example.nl"
    firm_privacy_url: str = "https://www.example.nl/privacy"
    firm_office_hours: str = "maandag tot en met vrijdag 9.00–17.00 uur"
    leads_chat_id: int | None = None
    admin_user_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    lead_retention_days: int = Field(default=365, ge=1)
    # Signs the staff dashboard's session cookies (/beheer); without it the dashboard does not start.
    secret_key: SecretStr | None = Field(default=None, validation_alias="ADVIESBOT_SECRET_KEY")
    # The website channel (bot/web): which sites may embed the widget and use the API from a browser, and
    # the in-process rate limits of the chat endpoint and the calculation API.
    widget_origins: Annotated[tuple[str, ...], NoDecode] = ()
    web_session_per_minute: int = Field(default=30, ge=1, validation_alias="ADVIESBOT_WEB_SESSION_PER_MINUTE")
    web_ip_per_minute: int = Field(default=120, ge=1, validation_alias="ADVIESBOT_WEB_IP_PER_MINUTE")

    @field_validator("admin_user_ids", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        ids = set()
        for part in (p.strip() for p in value.replace(";", ",").split(",")):
            if not part:
                continue
            # int() would accept '٧٧٧', '７７７' and '1_000': only what a person types on a plain keyboard counts.
            if not ASCII_DIGITS.fullmatch(part) or not 0 < int(part) < MAX_TELEGRAM_ID:
                raise ValueError(f"{part!r} is geen Telegram-id: alleen cijfers 0-9, gescheiden door komma's")
            ids.add(int(part))
        return frozenset(ids)

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        secret = value.get_secret_value()
        if secret == "":
            # Usually `WEBHOOK_SECRET=${WEBHOOK_SECRET}` with the variable unset: refuse rather than guess.
            raise ValueError("is leeg; laat de variabele weg (dan wordt er een afgeleid) of zet een geheim")
        if not WEBHOOK_SECRET_CHARACTERS.fullmatch(secret):
            raise ValueError("mag alleen A-Z, a-z, 0-9, _ en - bevatten (regel van Telegram), hoogstens 256 tekens")
        if len(secret) < WEBHOOK_SECRET_MIN_LENGTH:
            raise ValueError(f"is te kort: gebruik minstens {WEBHOOK_SECRET_MIN_LENGTH} tekens")
        return value

    @field_validator("telegram_api_base_url")
    @classmethod
    def _bot_suffix(cls, value: AnyHttpUrl) -> AnyHttpUrl:
        if not str(value).rstrip("/").endswith("/bot"):
            raise ValueError("moet eindigen op /bot, zoals https://api.telegram.org/bot")
        return value

    @property
    def idle_timeout(self) -> timedelta:
        return timedelta(hours=self.idle_timeout_hours)

    @property
    def api_base_url(self) -> str:
        return str(self.telegram_api_base_url).rstrip("/")

    @property
    def data_dir(self) -> Path:
        return self.adviesbot_data_dir

    def secret_token(self) -> str:
        """The webhook secret: configured, or derived from the bot token so every replica agrees on it.

        Never empty: an empty secret would switch the check off (the validator refuses one)."""
        if self.webhook_secret is not None:
            return self.webhook_secret.get_secret_value()
        if self.telegram_bot_token is None:
            raise ValueError("TELEGRAM_BOT_TOKEN ontbreekt")
        digest = hashlib.sha256(b"adviesbot-webhook:" + self.telegram_bot_token.get_secret_value().encode())
        return digest.hexdigest()[:48]

    def kantoor(self) -> Kantoor:
        from conversations.kantoor import Kantoor

        return Kantoor(
            naam=self.firm_name,
            telefoon=self.firm_phone,
            email=self.firm_email,
            website=self.firm_website,
            kantooruren=self.firm_office_hours,
            privacy_url=self.firm_privacy_url,
            bewaartermijn_dagen=self.lead_retention_days,
        )

    def placeholder_warnings(self) -> list[str]:
        """Firm details still at their example defaults: `adviesbot run` warns about each."""
        defaults = type(self).model_fields
        return [
            f"{name.upper()} staat nog op de voorbeeldwaarde {getattr(self, name)!r}"
            for name in ("firm_name", "firm_phone", "firm_email", "firm_website", "firm_privacy_url")
            if getattr(self, name) == defaults[name].default
        ]

    @field_validator("widget_origins", mode="before")
    @classmethod
    def _origins(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        origins = []
        for part in (p.strip() for p in value.replace(";", ",").split(",")):
            if not part:
                continue
            # What a browser sends in its Origin header: scheme and host (and port), nothing else.
            match = WEB_ORIGIN.fullmatch(part.rstrip("/").lower())
            if match is None:
                raise ValueError(f"{part!r} is geen herkomst: schrijf https://www.uwkantoor.nl, zonder pad")
            origins.append(match.group(0))
        return tuple(origins)


class SettingsError(Exception):
    """Configuration that stops start-up; `str()` is one line that says what to fix."""


def _setting_name(loc: tuple[int | str, ...]) -> str:
    name = ".".join(str(part) for part in loc)
    field = Settings.model_fields.get(name)
    alias = field.validation_alias if field is not None else None
    return (alias if isinstance(alias, str) else name).upper()


def load_settings(*, require_token: bool = False) -> Settings:
    try:
        settings = Settings()
    except ValidationError as error:
        first = error.errors()[0]
        message = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"Ongeldige instelling {_setting_name(first['loc'])}: {message}") from None
    if require_token and settings.telegram_bot_token is None:
        raise SettingsError("TELEGRAM_BOT_TOKEN ontbreekt: maak een bot bij @BotFather en zet het token in de omgeving")
    return settings
