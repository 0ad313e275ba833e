"""`adviesbot run` starting up as a real process: it either gets ready or stops with one line that says what is
wrong and which setting to look at, never a traceback and never the token. A webhook without a proper secret
does not start at all; an unreachable database or Telegram is retried first."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.bot.fake_bot_api import TOKEN, BotProcess, FakeBotApi, message_update, running_bot, user

QUICK_RETRY = {"ADVIESBOT_STARTUP_RETRY_SECONDS": "2"}


@pytest.fixture
def fake() -> Iterator[FakeBotApi]:
    with FakeBotApi() as api:
        yield api


def failed_start(bot: BotProcess, timeout: float = 30) -> tuple[int, str]:
    bot.start()
    try:
        return bot.wait_for_exit(timeout), bot.output()
    finally:
        bot.close()


def assert_one_clear_line(output: str, *fragments: str) -> None:
    assert "Traceback" not in output, output
    assert TOKEN not in output and "WRONGTOKEN" not in output, "never the token"
    last = output.strip().splitlines()[-1]
    assert last.startswith("adviesbot kan niet starten: ") or last.startswith("Ongeldige instelling "), output
    for fragment in fragments:
        assert fragment in last, (fragment, last)


@pytest.mark.parametrize(
    ("secret", "reason"),
    [
        ("", "is leeg"),
        ("a", "te kort"),
        ("x" * 31, "te kort"),
        ("met spaties maar wel lang genoeg voor de regel", "A-Z, a-z, 0-9, _ en -"),
        ("geheim-é" * 5, "A-Z, a-z, 0-9, _ en -"),
        ("a" * 257, "hoogstens 256 tekens"),
    ],
    ids=["empty", "one-character", "31-characters", "spaces", "non-ascii", "too-long"],
)
def test_startup_a_webhook_secret_against_telegrams_rule_stops_run_with_one_line(
    fake: FakeBotApi, tmp_path: Path, secret: str, reason: str
) -> None:
    bot = BotProcess(fake, tmp_path, secret=secret)
    bot.env["WEBHOOK_SECRET"] = secret
    code, output = failed_start(bot)
    assert code == 2
    assert output.strip().count("\n") == 0, "exactly one line"
    assert_one_clear_line(output, "WEBHOOK_SECRET", reason)
    assert fake.methods() == [], "nothing was started"


@pytest.mark.parametrize("ids", ["٧٧٧", "７７７", "1_000", "12,abc", "-5"])
def test_startup_admin_user_ids_accept_ascii_digits_only(fake: FakeBotApi, tmp_path: Path, ids: str) -> None:
    code, output = failed_start(BotProcess(fake, tmp_path, extra_env={"ADMIN_USER_IDS": ids}))
    assert code == 2
    assert_one_clear_line(output, "ADMIN_USER_IDS")


def test_startup_a_token_telegram_rejects_is_one_line_without_the_token(fake: FakeBotApi, tmp_path: Path) -> None:
    code, output = failed_start(BotProcess(fake, tmp_path, extra_env={"TELEGRAM_BOT_TOKEN": "654321:WRONGTOKEN"}))
    assert code == 1
    assert_one_clear_line(output, "TELEGRAM_BOT_TOKEN", "@BotFather")


def test_startup_an_unreachable_database_is_retried_then_one_line(fake: FakeBotApi, tmp_path: Path) -> None:
    closed = "postgresql+asyncpg://postgres:hunter2@127.0.0.1:9/adviesbot"
    started = time.monotonic()
    code, output = failed_start(BotProcess(fake, tmp_path, database_url=closed, extra_env=QUICK_RETRY))
    assert code == 1
    assert time.monotonic() - started >= 2, "retried for ADVIESBOT_STARTUP_RETRY_SECONDS first"
    assert "opnieuw over" in output, "the retries are logged"
    assert_one_clear_line(output, "database", "DATABASE_URL")
    assert "hunter2" not in output, "nor the database password"


def test_startup_an_unreachable_telegram_is_retried_then_one_line(fake: FakeBotApi, tmp_path: Path) -> None:
    bot = BotProcess(fake, tmp_path, extra_env={**QUICK_RETRY, "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot"})
    code, output = failed_start(bot)
    assert code == 1
    assert_one_clear_line(output, "Telegram is niet bereikbaar", "TELEGRAM_API_BASE_URL")


def test_startup_waits_for_a_telegram_that_comes_back(fake: FakeBotApi, tmp_path: Path) -> None:
    fake.fail("getMe", seconds=2)
    with running_bot(fake, tmp_path) as bot:
        who = user(60_001)
        assert bot.post_update(message_update("/start", who)).status_code == 200
        assert "Welkom" in fake.sent_texts(who["id"])[0]
    assert len(fake.attempts("getMe")) >= 2


def test_startup_a_port_in_use_is_one_line(fake: FakeBotApi, tmp_path: Path) -> None:
    bot = BotProcess(fake, tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", bot.port))
        taken.listen()
        code, output = failed_start(bot)
    assert code == 1
    assert_one_clear_line(output, f"Poort {bot.port}", "PORT")
    assert "This Application is still running" not in output


def test_startup_a_webhook_telegram_refuses_is_one_line(fake: FakeBotApi, tmp_path: Path) -> None:
    fake.fail("setWebhook", status=400, count=1, description="Bad Request: bad webhook: IP address is reserved")
    code, output = failed_start(BotProcess(fake, tmp_path))
    assert code == 1
    assert_one_clear_line(output, "Telegram weigerde de webhook (WEBHOOK_URL)", "Bad webhook")
    assert "This Application is still running" not in output


def test_startup_the_healthcheck_imports_neither_the_bot_nor_the_core() -> None:
    probe = (
        "import sys; import bot.cli; from bot.health import healthcheck; "
        "heavy = sorted(m for m in ('bot.runner', 'bot.app', 'rules', 'conversations', 'sqlalchemy', 'telegram') "
        "if m in sys.modules); print(heavy)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=30, check=True)
    assert done.stdout.strip() == "[]"
