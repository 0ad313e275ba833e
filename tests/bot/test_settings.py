"""Settings (bot/settings.py): a webhook can never run without a secret, and staff ids are plain numbers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pydantic import SecretStr, ValidationError

from bot.settings import Settings, SettingsError, load_settings


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, telegram_bot_token=SecretStr("123456:TEST"), **values)  # type: ignore[call-arg]


def test_without_a_secret_one_is_derived_from_the_token_that_telegram_accepts() -> None:
    derived = settings().secret_token()
    assert len(derived) >= 32 and derived.isalnum()
    assert derived == settings().secret_token(), "every replica derives the same"
    assert derived != Settings(_env_file=None, telegram_bot_token=SecretStr("654321:ANDER")).secret_token()  # type: ignore[call-arg]


def test_a_secret_by_hand_is_used_as_it_is() -> None:
    secret = "Abc_-" * 7
    assert settings(webhook_secret=SecretStr(secret)).secret_token() == secret


@pytest.mark.parametrize("secret", ["", "a", "x" * 31, "spaties  " * 5, "é" * 40, "a" * 257])
def test_a_secret_against_telegrams_rule_or_too_short_is_refused(secret: str) -> None:
    with pytest.raises(ValidationError):
        settings(webhook_secret=SecretStr(secret))


def test_an_empty_secret_in_the_environment_stops_start_up_with_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBHOOK_SECRET", "")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST")
    monkeypatch.chdir("/")
    with pytest.raises(SettingsError, match=r"^Ongeldige instelling WEBHOOK_SECRET: is leeg"):
        load_settings(require_token=True)


def test_admin_user_ids_are_ascii_digits_separated_by_commas() -> None:
    assert settings(admin_user_ids="12, 34;56").admin_user_ids == frozenset({12, 34, 56})
    assert settings(admin_user_ids="").admin_user_ids == frozenset()


@pytest.mark.parametrize("ids", ["٧٧٧", "７７７", "1_000", "+12", "-5", "0", "12.0", "1e3", "99999999999999999"])
def test_admin_user_ids_refuse_what_int_would_quietly_accept(ids: str) -> None:
    with pytest.raises(ValidationError):
        settings(admin_user_ids=ids)


def test_a_setting_with_an_alias_is_named_as_it_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVIESBOT_DATABASE_TIMEOUT_SECONDS", "-1")
    monkeypatch.chdir("/")
    with pytest.raises(SettingsError, match="ADVIESBOT_DATABASE_TIMEOUT_SECONDS"):
        load_settings()


def test_widget_origins_are_read_as_browsers_send_them_and_a_path_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIDGET_ORIGINS", "https://www.Jansen.nl/, http://127.0.0.1:8001 ;https://jansen.nl")
    assert load_settings().widget_origins == ("https://www.jansen.nl", "http://127.0.0.1:8001", "https://jansen.nl")

    monkeypatch.setenv("WIDGET_ORIGINS", "https://www.jansen.nl/contact")
    with pytest.raises(SettingsError, match=re.escape("WIDGET_ORIGINS: 'https://www.jansen.nl/contact' is geen")):
        load_settings()
