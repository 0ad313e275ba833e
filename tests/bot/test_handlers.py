"""The Telegram handlers through `Application.process_update` with a recording Bot API, on both databases."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update

from bot.app import BotApplication, build_application, build_services
from bot.settings import Settings
from tests.bot.telegram_fakes import USER, RecordingRequest, button_update, other_update, text_update


def make_settings(**overrides: Any) -> Settings:
    return Settings(telegram_bot_token=SecretStr("123456:TEST"), firm_name="Kantoor Test", **overrides)


@pytest.fixture
def fake() -> RecordingRequest:
    return RecordingRequest()


@pytest.fixture
async def app(engine: AsyncEngine, fake: RecordingRequest) -> AsyncIterator[BotApplication]:
    application = build_application(
        make_settings(),
        build_services(make_settings(), engine),
        request=fake,
        polling=False,
        rate_limit=False,
    )
    async with application:
        yield application


async def send(application: BotApplication, update: dict[str, Any]) -> None:
    await application.process_update(Update.de_json(update, application.bot))


def last_keyboard(fake: RecordingRequest) -> list[list[dict[str, str]]]:
    markup = fake.sent()[-1]["reply_markup"]
    return markup.to_dict()["inline_keyboard"] if hasattr(markup, "to_dict") else markup["inline_keyboard"]


async def press(application: BotApplication, fake: RecordingRequest, label: str) -> None:
    keyboard = last_keyboard(fake)
    question = fake.sent()[-1]["text"]
    data = next(b["callback_data"] for row in keyboard for b in row if b["text"] == label)
    await send(application, button_update(data, question=question, keyboard=keyboard))


async def test_start_shows_the_topics_as_buttons(app: BotApplication, fake: RecordingRequest) -> None:
    await send(app, text_update("/start"))
    labels = [b["text"] for row in last_keyboard(fake) for b in row]
    assert "Box 3: sparen en beleggen" in labels
    assert "Welkom" in fake.texts()


async def test_the_command_menu_is_registered_at_start_up(engine: AsyncEngine, fake: RecordingRequest) -> None:
    application = build_application(
        make_settings(),
        build_services(make_settings(), engine),
        request=fake,
        polling=False,
        rate_limit=False,
    )
    async with application:
        await application.post_init(application)  # type: ignore[misc]
    commands = fake.sent("setMyCommands")[-1]["commands"]
    names = {c["command"] if isinstance(c, dict) else c.command for c in commands}
    assert names == {"start", "onderwerpen", "help", "stop", "contact", "privacy", "herinneringen", "vergeet"}


async def test_a_whole_conversation_with_buttons_and_typed_answers_ends_in_the_answer(
    app: BotApplication, fake: RecordingRequest
) -> None:
    await send(app, text_update("/start box3"))
    await press(app, fake, "Nee")
    edits = fake.sent("editMessageText")
    assert edits and edits[-1]["text"].endswith("→ Nee"), "the question shows the chosen answer"
    for answer in ("150.000", "0", "0"):
        await send(app, text_update(answer))
    await send(app, text_update("nee"))
    await press(app, fake, "Bereken")
    assert "Box 3-belasting: € 417,60" in fake.texts()
    assert fake.sent("answerCallbackQuery"), "every button press is acknowledged"


async def test_a_button_from_an_old_message_does_not_answer_the_current_question(
    app: BotApplication, fake: RecordingRequest
) -> None:
    await send(app, text_update("/start box3"))
    await send(app, text_update("nee"))
    fake.clear()
    await send(app, button_update("fiscale_partner|ja"))
    assert "hoort bij een eerdere vraag" in fake.texts()
    assert "Hoeveel spaargeld" in fake.texts()


async def test_an_unknown_command_gets_a_pointer_to_help(app: BotApplication, fake: RecordingRequest) -> None:
    await send(app, text_update("/bestaatniet"))
    assert "Die opdracht ken ik niet" in fake.texts()


@pytest.mark.parametrize("kind", ["photo", "sticker", "location"])
async def test_a_message_that_is_not_text_gets_a_friendly_note(
    app: BotApplication, fake: RecordingRequest, kind: str
) -> None:
    await send(app, other_update(kind))
    assert "Ik kan alleen tekst lezen" in fake.texts()


@pytest.mark.parametrize(
    ("command", "fragment"),
    [
        ("/help", "terug"),
        ("/privacy", "Wat ik over u bewaar"),
        ("/contact", "Kantoor Test"),
        ("/onderwerpen", "Kies een onderwerp"),
        ("/stop", "Er staat niets open."),
    ],
)
async def test_every_command_answers(app: BotApplication, fake: RecordingRequest, command: str, fragment: str) -> None:
    await send(app, text_update(command))
    assert fragment in fake.texts()


async def test_the_same_update_delivered_twice_is_answered_once(app: BotApplication, fake: RecordingRequest) -> None:
    update = text_update("/start box3", update_id=777_001)
    await send(app, update)
    sent_before = len(fake.sent())
    await send(app, update)
    assert len(fake.sent()) == sent_before


async def test_the_conversation_continues_in_a_new_process_on_the_same_database(
    engine: AsyncEngine, fake: RecordingRequest
) -> None:
    settings = make_settings()
    first = build_application(settings, build_services(settings, engine), request=fake, polling=False, rate_limit=False)
    async with first:
        await send(first, text_update("/start box3"))
        await send(first, text_update("ja"))
    second = build_application(
        settings, build_services(settings, engine), request=fake, polling=False, rate_limit=False
    )
    async with second:
        fake.clear()
        await send(second, text_update("250.000"))
    assert "beleggingen" in fake.texts()


async def test_a_failed_reply_leaves_the_state_as_it_was_and_tells_the_user(
    app: BotApplication, fake: RecordingRequest
) -> None:
    await send(app, text_update("/start box3"))
    fake.fail_next = 1
    await send(app, text_update("nee"))
    assert "Er ging aan onze kant iets mis" in fake.texts()
    fake.clear()
    await send(app, text_update("nee"))
    assert "Hoeveel spaargeld" in fake.texts(), "the failed answer can simply be sent again"


async def test_an_idle_conversation_expires_and_says_so_on_the_next_message(
    engine: AsyncEngine, fake: RecordingRequest
) -> None:
    settings = make_settings()
    services = build_services(settings, engine)
    application = build_application(settings, services, request=fake, polling=False, rate_limit=False)
    async with application:
        await send(application, text_update("/start box3"))
        later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=25)
        services.turns._clock = lambda: later
        fake.clear()
        await send(application, text_update("nee"))
    assert "is gesloten" in fake.texts()


async def test_a_flood_of_messages_gets_one_notice_and_the_rest_is_ignored(
    engine: AsyncEngine, fake: RecordingRequest
) -> None:
    settings = make_settings(ADVIESBOT_FLOOD_MAX_MESSAGES=3)
    application = build_application(
        settings, build_services(settings, engine), request=fake, polling=False, rate_limit=False
    )
    async with application:
        for _ in range(6):
            await send(application, text_update("/help"))
    texts = fake.texts()
    assert texts.count("U stuurt veel berichten") == 1
    assert texts.count("Bij elke vraag kunt u ook typen") == 3


async def test_another_user_is_not_affected_by_a_flooding_user(app: BotApplication, fake: RecordingRequest) -> None:
    other = {**USER, "id": 5151, "username": "ander"}
    await send(app, text_update("/start", user=other))
    assert "Welkom" in fake.texts()
