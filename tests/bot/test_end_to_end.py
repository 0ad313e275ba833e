"""End to end: `python -m bot run` as a real process against a fake Bot API, in webhook and polling mode.

Each test name starts with `test_e2e_`, so `-k e2e` selects them (they start processes: about a second each).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.bot.fake_bot_api import (
    TOKEN,
    BotProcess,
    FakeBotApi,
    message_update,
    press_update,
    running_bot,
    user,
)

BOX3_ANSWERS = ("nee", "150.000", "0", "0")
_user_ids = itertools.count(71_000)


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeBotApi]:
    with FakeBotApi() as api:
        yield api


@pytest.fixture(scope="module")
def webhook_bot(fake: FakeBotApi, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    """One webhook process on SQLite shared by the tests that only talk to it."""
    with running_bot(fake, tmp_path_factory.mktemp("webhook")) as bot:
        yield bot


def test_e2e_start_up_registers_the_webhook_with_its_secret(webhook_bot: BotProcess, fake: FakeBotApi) -> None:
    registered = fake.calls("setWebhook")
    assert registered, fake.methods()
    assert registered[-1]["url"] == webhook_bot.webhook_url
    assert registered[-1]["secret_token"] == webhook_bot.secret
    assert "getMe" in fake.methods()


def test_e2e_webhook_mode_registers_the_command_menu(webhook_bot: BotProcess, fake: FakeBotApi) -> None:
    commands = fake.calls("setMyCommands")
    assert commands, fake.methods()
    assert {c["command"] for c in commands[-1]["commands"]} >= {"start", "help", "privacy"}


def test_e2e_healthz_answers_ok(webhook_bot: BotProcess) -> None:
    response = webhook_bot.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize("secret", [None, "wrong-secret"], ids=["no-header", "wrong-secret"])
def test_e2e_an_update_without_the_right_secret_is_refused(
    webhook_bot: BotProcess, fake: FakeBotApi, secret: str | None
) -> None:
    who = user(next(_user_ids))
    update = message_update("/start", who)
    if secret is None:
        response = webhook_bot.post_update_without_secret(update)
    else:
        response = webhook_bot.post_update(update, secret=secret)
    assert response.status_code == 403
    # A second, valid update proves the bot is listening, and that the refused one left no trace.
    assert webhook_bot.post_update(message_update("/help", who)).status_code == 200
    assert fake.sent_texts(who["id"]), "the valid update is answered"
    assert not any("Welkom" in text for text in fake.sent_texts(who["id"])), "the refused one is not"


def test_e2e_start_shows_the_topic_menu(webhook_bot: BotProcess, fake: FakeBotApi) -> None:
    who = user(next(_user_ids))
    assert webhook_bot.post_update(message_update("/start", who)).status_code == 200
    # The webhook answers 200 only after the update was handled: the reply has gone out already.
    [menu] = [c for c in fake.calls("sendMessage") if int(c["chat_id"]) == who["id"]]
    assert "Welkom" in menu["text"]
    labels = [b["text"] for row in menu["reply_markup"]["inline_keyboard"] for b in row]
    assert "Box 3: sparen en beleggen" in labels


def test_e2e_a_box3_conversation_ends_in_the_tax_and_logs_nothing_personal(
    webhook_bot: BotProcess, fake: FakeBotApi
) -> None:
    who = user(next(_user_ids))
    for text in ("/start box3", *BOX3_ANSWERS):
        assert webhook_bot.post_update(message_update(text, who)).status_code == 200
    assert "Klopt dit?" in fake.sent_texts(who["id"])[-1]
    assert webhook_bot.post_update(press_update(fake, who, "Bereken")).status_code == 200

    texts = fake.sent_texts(who["id"])
    assert any("€ 417,60" in text for text in texts), texts[-3:]
    assert fake.calls("answerCallbackQuery"), "the button press is acknowledged"
    edits = [c for c in fake.calls("editMessageText") if int(c["chat_id"]) == who["id"]]
    assert edits and edits[-1]["text"].endswith("→ Bereken"), "the question shows the chosen answer"

    output = webhook_bot.output()
    assert "adviesbot is klaar" in output, "the log is captured at all"
    assert TOKEN not in output
    assert webhook_bot.secret not in output
    assert "150.000" not in output, "what the user typed is never logged"


def test_e2e_sigterm_stops_the_webhook_bot_cleanly(fake: FakeBotApi, tmp_path: Path) -> None:
    with running_bot(fake, tmp_path) as bot:
        who = user(next(_user_ids))
        assert bot.post_update(message_update("/start", who)).status_code == 200
        exit_code = bot.terminate(timeout=15)
        assert exit_code == 0, bot.output()[-2000:]
        assert "Application.stop() complete" in bot.output()


def test_e2e_sigterm_ends_the_webhook_bot_within_15_seconds(fake: FakeBotApi, tmp_path: Path) -> None:
    """The part of a clean stop that already holds: SIGTERM ends the process promptly, nothing hangs."""
    with running_bot(fake, tmp_path) as bot:
        assert bot.terminate(timeout=15) is not None, "still running 15 s after SIGTERM"


@pytest.fixture
def polling_fake() -> Iterator[FakeBotApi]:
    with FakeBotApi() as api:
        yield api


def test_e2e_polling_mode_answers_start_and_stops_on_sigterm(polling_fake: FakeBotApi, tmp_path: Path) -> None:
    heartbeat = tmp_path / "hb"
    with running_bot(
        polling_fake, tmp_path, webhook=False, extra_env={"ADVIESBOT_HEARTBEAT_FILE": str(heartbeat)}
    ) as bot:
        assert "deleteWebhook" in polling_fake.methods(), "polling needs the webhook gone"
        assert polling_fake.calls("setMyCommands"), "the command menu is registered"
        who = user(next(_user_ids))
        polling_fake.push_update(message_update("/start", who))
        polling_fake.wait_for(lambda: polling_fake.sent_texts(who["id"]), timeout=10)
        assert "Welkom" in polling_fake.sent_texts(who["id"])[0]
        polling_fake.wait_for(lambda: not polling_fake.pending_updates(), timeout=5)  # confirmed by offset
        assert bot.terminate(timeout=15) == 0, bot.output()[-2000:]
        assert "Application.stop() complete" in bot.output()
        assert TOKEN not in bot.output()


def test_e2e_polling_mode_writes_the_heartbeat_at_start_up(polling_fake: FakeBotApi, tmp_path: Path) -> None:
    heartbeat = tmp_path / "hb"
    with running_bot(polling_fake, tmp_path, webhook=False, extra_env={"ADVIESBOT_HEARTBEAT_FILE": str(heartbeat)}):
        polling_fake.wait_for(heartbeat.exists, timeout=5)
        assert float(heartbeat.read_text()) > 0
