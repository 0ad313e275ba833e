"""Configuration from the environment (and an optional `.env`), validated once at start-up."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path
from typing import Annotated

from pydantic import AnyHttpUrl, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from conversations.kantoor import Kantoor

TELEGRAM_API = "https://api.telegram.org/bot"
PLACEHOLDER_PREFIX = "[voorbeeld] "


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

    @field_validator("admin_user_ids", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(int(part) for part in value.replace(";", ",").split(",") if part.strip())
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
        """The webhook secret: configured, or derived from the bot token so every replica agrees on it."""
        if self.webhook_secret is not None:
            return self.webhook_secret.get_secret_value()
        if self.telegram_bot_token is None:
            raise ValueError("TELEGRAM_BOT_TOKEN ontbreekt")
        digest = hashlib.sha256(b"adviesbot-webhook:" + self.telegram_bot_token.get_secret_value().encode())
        return digest.hexdigest()[:48]

    def kantoor(self) -> Kantoor:
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


class SettingsError(Exception):
    """Configuration that stops start-up; `str()` is one line that says what to fix."""


def load_settings(*, require_token: bool = False) -> Settings:
    try:
        settings = Settings()
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]).upper()
        raise SettingsError(f"Ongeldige instelling {field}: {first['msg']}") from None
    if require_token and settings.telegram_bot_token is None:
        raise SettingsError("TELEGRAM_BOT_TOKEN ontbreekt: maak een bot bij @BotFather en zet het token in de omgeving")
    return settings
