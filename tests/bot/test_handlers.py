"""The Telegram handlers through `Application.process_update` with the fake Bot API, on both databases."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import BotApplication, register_commands
from tests.bot.fake_bot_api import USER, FakeBotApi, button_update, other_update, press_on, text_update
from tests.bot.in_process import eventually, make_settings, running, send


@pytest.fixture
def fake() -> FakeBotApi:
    return FakeBotApi()


@pytest.fixture
async def app(engine: AsyncEngine, fake: FakeBotApi) -> AsyncIterator[BotApplication]:
    async with running(engine, fake) as (application, _):
        yield application


def last_message(fake: FakeBotApi) -> dict[str, Any]:
    return dict(fake.results("sendMessage")[-1])


async def press(application: BotApplication, fake: FakeBotApi, label: str) -> None:
    await send(application, press_on(last_message(fake), USER, label))


async def test_start_shows_the_topics_as_buttons(app: BotApplication, fake: FakeBotApi) -> None:
    await send(app, text_update("/start"))
    labels = [b["text"] for row in last_message(fake)["reply_markup"]["inline_keyboard"] for b in row]
    assert "Box 3: sparen en beleggen" in labels
    assert "Welkom" in fake.texts()


async def test_the_command_menu_is_registered_at_start_up(app: BotApplication, fake: FakeBotApi) -> None:
    await register_commands(app)
    commands = fake.calls("setMyCommands")[-1]["commands"]
    names = {c["command"] for c in commands}
    assert names == {"start", "onderwerpen", "help", "stop", "contact", "privacy", "herinneringen", "vergeet"}


async def test_a_whole_conversation_with_buttons_and_typed_answers_ends_in_the_answer(
    app: BotApplication, fake: FakeBotApi
) -> None:
    await send(app, text_update("/start box3"))
    await press(app, fake, "Nee")
    edits = fake.calls("editMessageText")
    assert edits and edits[-1]["text"].endswith("→ Nee"), "the question shows the chosen answer"
    for answer in ("150.000", "0", "0"):
        await send(app, text_update(answer))
    await send(app, text_update("nee"))
    await press(app, fake, "Bereken")
    assert "Box 3-belasting: € 417,60" in fake.texts()
    assert fake.calls("answerCallbackQuery"), "every button press is acknowledged"


async def test_every_reply_goes_out_as_html_without_link_previews(app: BotApplication, fake: FakeBotApi) -> None:
    for text in ("/start box3", "nee", "150.000", "0", "0", "nee", "bereken", "/privacy"):
        await send(app, text_update(text))
    sent = fake.calls("sendMessage")
    assert len(sent) >= 8
    assert all(c["parse_mode"] == "HTML" and c["link_preview_options"] == {"is_disabled": True} for c in sent)


async def test_a_name_with_markup_arrives_exactly_as_typed(app: BotApplication, fake: FakeBotApi) -> None:
    for text in ("/start", "adviseur", "ja"):
        await send(app, text_update(text))
    await send(app, text_update("<b>Jan</b> & Co"))
    await send(app, text_update("/privacy"))  # shows the stored name back
    html = [c["text"] for c in fake.calls("sendMessage")]
    assert any("&lt;b&gt;Jan&lt;/b&gt; &amp; Co" in text for text in html), html[-2:]
    assert any("<b>Jan</b> & Co" in text for text in fake.sent_texts()), "the user sees what they typed"


async def test_the_chosen_answer_keeps_the_questions_own_emphasis(app: BotApplication, fake: FakeBotApi) -> None:
    await send(app, text_update("/start"))
    menu = last_message(fake)
    message = {**menu, "text": "Kies <een> onderwerp", "entities": [{"type": "bold", "offset": 5, "length": 5}]}
    await send(app, press_on(message, USER, "Box 3: sparen en beleggen"))
    [edit] = fake.calls("editMessageText")
    assert edit["text"] == "Kies <b>&lt;een&gt;</b> onderwerp\n→ Box 3: sparen en beleggen"


async def test_a_button_from_an_old_message_does_not_answer_the_current_question(
    app: BotApplication, fake: FakeBotApi
) -> None:
    await send(app, text_update("/start box3"))
    await send(app, text_update("nee"))
    fake.clear()
    await send(app, button_update("fiscale_partner|ja"))
    assert "hoort bij een eerdere vraag" in fake.texts()
    assert "Hoeveel spaargeld" in fake.texts()


async def test_an_unknown_command_gets_a_pointer_to_help(app: BotApplication, fake: FakeBotApi) -> None:
    await send(app, text_update("/bestaatniet"))
    assert "Die opdracht ken ik niet" in fake.texts()


@pytest.mark.parametrize("kind", ["photo", "sticker", "location"])
async def test_a_message_that_is_not_text_gets_a_friendly_note(
    app: BotApplication, fake: FakeBotApi, kind: str
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
async def test_every_command_answers(app: BotApplication, fake: FakeBotApi, command: str, fragment: str) -> None:
    await send(app, text_update(command))
    assert fragment in fake.texts()


@pytest.mark.parametrize("payload", ["c_", "c_%20", "C_", "c_zomer!"])
async def test_a_deep_link_with_an_empty_or_malformed_campaign_opens_the_menu_not_a_topic(
    app: BotApplication, fake: FakeBotApi, payload: str
) -> None:
    await send(app, text_update(f"/start {payload}"))
    assert "Welkom" in fake.texts(), fake.texts()
    assert "Contributie" not in fake.texts()


async def test_a_deep_link_with_a_campaign_keeps_it(app: BotApplication, fake: FakeBotApi) -> None:
    await send(app, text_update("/start c_zomer"))
    await send(app, text_update("/privacy"))
    assert "campagne waarmee u binnenkwam: zomer" in fake.texts()


async def test_the_same_update_delivered_twice_is_answered_once(app: BotApplication, fake: FakeBotApi) -> None:
    update = text_update("/start box3", update_id=777_001)
    await send(app, update)
    sent_before = len(fake.calls("sendMessage"))
    await send(app, update)
    assert len(fake.calls("sendMessage")) == sent_before


async def test_the_conversation_continues_in_a_new_process_on_the_same_database(
    engine: AsyncEngine, fake: FakeBotApi
) -> None:
    async with running(engine, fake) as (first, _):
        await send(first, text_update("/start box3"))
        await send(first, text_update("ja"))
    async with running(engine, fake) as (second, _):
        fake.clear()
        await send(second, text_update("250.000"))
    assert "beleggingen" in fake.texts()


async def test_a_reply_telegram_refuses_at_first_still_arrives_and_the_turn_stands(
    app: BotApplication, fake: FakeBotApi
) -> None:
    await send(app, text_update("/start box3"))
    fake.fail(count=2)
    await send(app, text_update("nee"))
    await eventually(lambda: "Hoeveel spaargeld" in fake.texts(), within=5)
    assert "Er ging aan onze kant iets mis" not in fake.texts()
    fake.clear()
    await send(app, text_update("150.000"))
    assert "beleggingen" in fake.texts(), "the next answer goes to the next question: nothing was rolled back"


async def test_an_idle_conversation_expires_and_says_so_on_the_next_message(
    engine: AsyncEngine, fake: FakeBotApi
) -> None:
    async with running(engine, fake) as (application, services):
        await send(application, text_update("/start box3"))
        later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=25)
        services.turns._clock = lambda: later
        fake.clear()
        await send(application, text_update("nee"))
    assert "is gesloten" in fake.texts()


async def test_a_flood_of_messages_gets_one_notice_and_the_rest_is_ignored(
    engine: AsyncEngine, fake: FakeBotApi
) -> None:
    async with running(engine, fake, make_settings(ADVIESBOT_FLOOD_MAX_MESSAGES=3)) as (application, _):
        for _ in range(6):
            await send(application, text_update("/help"))
    texts = fake.texts()
    assert texts.count("U stuurt veel berichten") == 1
    assert texts.count("Bij elke vraag kunt u ook typen") == 3


async def test_the_flood_guard_covers_buttons_and_every_command(engine: AsyncEngine, fake: FakeBotApi) -> None:
    async with running(engine, fake, make_settings(ADVIESBOT_FLOOD_MAX_MESSAGES=2)) as (application, _):
        await send(application, text_update("/start box3"))
        await send(application, text_update("/privacy"))
        fake.clear()
        await send(application, button_update("fiscale_partner|nee"))
        await send(application, text_update("/herinneringen"))
        await send(application, text_update("/vergeet"))
    assert fake.sent_texts() == [
        "U stuurt veel berichten kort na elkaar. Ik lees even niet mee; probeer het over een minuut opnieuw."
    ]
    assert len(fake.calls("answerCallbackQuery")) == 1, "the ignored button still stops spinning"
    assert not fake.calls("editMessageText")


async def test_another_user_is_not_affected_by_a_flooding_user(app: BotApplication, fake: FakeBotApi) -> None:
    other = {**USER, "id": 5151, "username": "ander"}
    await send(app, text_update("/start", user=other))
    assert "Welkom" in fake.texts()
