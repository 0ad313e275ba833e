"""Reminders (bot/reminders.py): stored with the turn, sent at 09:00 Europe/Amsterdam on their day by a job that
scans the table, so they survive a restart; /herinneringen lists and cancels them; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot
from telegram.request import RequestData

from bot.app import BotApplication, build_application, build_services
from bot.database import create_engine, dispose_engine
from bot.leads import reminder_due_at
from bot.models import Reminder
from bot.reminders import ReminderSender
from bot.state_store import StateStore
from tests.bot.telegram_fakes import USER, RecordingRequest, button_update, text_update
from tests.bot.test_leads import NOW, commit, make_settings, reminder_actie, rows, send

USER_ID = USER["id"]


class BlockedRequest(RecordingRequest):
    """sendMessage answers 403: the user blocked the bot."""

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **kwargs: Any
    ) -> tuple[int, bytes]:
        if url.endswith("/sendMessage"):
            body = {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
            return 403, json.dumps(body).encode()
        return await super().do_request(url, method, request_data, **kwargs)


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)


@pytest.fixture
def fake() -> RecordingRequest:
    return RecordingRequest()


@pytest.fixture
async def bot(fake: RecordingRequest) -> AsyncIterator[Bot]:
    async with Bot("123456:TEST", request=fake, get_updates_request=fake) as bot:
        yield bot


@pytest.fixture
async def app(engine: AsyncEngine, fake: RecordingRequest) -> AsyncIterator[BotApplication]:
    settings = make_settings()
    application = build_application(
        settings, build_services(settings, engine), request=fake, polling=False, rate_limit=False
    )
    async with application:
        yield application


def test_a_reminder_is_due_at_nine_in_amsterdam_in_winter_and_summer() -> None:
    assert reminder_due_at(dt.date(2026, 12, 1)) == at(2026, 12, 1, 8)
    assert reminder_due_at(dt.date(2027, 6, 1)) == at(2027, 6, 1, 7)


async def test_a_reminder_fires_after_a_restart(store: StateStore, engine: AsyncEngine, database_url: str) -> None:
    await commit(store, [reminder_actie("2026-12-01", tekst="Leg uw periodieke gift vast.")])
    await dispose_engine(engine)  # the process that stored it is gone

    second = create_engine(database_url)
    try:
        fake = RecordingRequest()
        async with Bot("123456:TEST", request=fake, get_updates_request=fake) as bot:
            early = ReminderSender(second, clock=lambda: at(2026, 12, 1, 7, 59))  # 08:59 in Amsterdam
            assert (await early.send_due(bot)).sent == 0
            sender = ReminderSender(second, clock=lambda: at(2026, 12, 1, 8, 0))
            assert (await sender.send_due(bot)).sent == 1
            assert (await sender.send_due(bot)).sent == 0, "sent once"
        [message] = fake.sent()
        assert int(message["chat_id"]) == USER_ID
        assert message["text"].startswith("Leg uw periodieke gift vast.")
        assert await rows(second, Reminder) == []
    finally:
        await dispose_engine(second)


async def test_a_reminder_agreed_in_telegram_is_stored_and_sent_on_its_day(
    app: BotApplication, fake: RecordingRequest, engine: AsyncEngine
) -> None:
    for text in ("/start anbi-contributie", "250", "nee", "ja", "ja", "nee", "bereken"):
        await send(app, text_update(text))
    await send(app, button_update("na|herinner"))
    assert "stuur ik u een herinnering" in fake.texts()
    [reminder] = await rows(engine, Reminder)
    assert reminder["onderwerp"] == "anbi-contributie" and reminder["chat_id"] == USER_ID
    fake.clear()
    sender = ReminderSender(engine, clock=lambda: reminder["due_at"])
    assert (await sender.send_due(app.bot)).sent == 1
    assert "periodieke gift" in fake.texts()


async def test_a_failed_reminder_is_retried_later_and_a_blocked_user_is_dropped(
    store: StateStore, engine: AsyncEngine, bot: Bot, fake: RecordingRequest
) -> None:
    await commit(store, [reminder_actie("2026-12-01")])
    now = at(2026, 12, 1, 9)
    sender = ReminderSender(engine, clock=lambda: now)
    fake.fail_next = 1
    assert (await sender.send_due(bot)).failed == 1
    assert (await sender.send_due(bot)).sent == 0, "not before its backoff"
    now += dt.timedelta(minutes=1)
    assert (await sender.send_due(bot)).sent == 1

    await commit(store, [reminder_actie("2026-12-02")])
    blocked = BlockedRequest()
    async with Bot("123456:TEST", request=blocked, get_updates_request=blocked) as blocked_bot:
        now = at(2026, 12, 2, 9)
        assert (await sender.send_due(blocked_bot)).dropped == 1
    assert await rows(engine, Reminder) == []


async def test_the_same_reminder_asked_twice_is_stored_once(store: StateStore, engine: AsyncEngine) -> None:
    await commit(store, [reminder_actie("2026-12-01", tekst="eerste")])
    await commit(store, [reminder_actie("2026-12-01", tekst="tweede")], now=NOW + dt.timedelta(hours=1))
    [reminder] = await rows(engine, Reminder)
    assert reminder["tekst"] == "tweede"


async def test_herinneringen_lists_and_cancels_with_a_button(
    app: BotApplication, fake: RecordingRequest, store: StateStore, engine: AsyncEngine
) -> None:
    await commit(store, [reminder_actie("2026-12-01"), reminder_actie("2027-01-15", onderwerp="wbso")])
    await commit(store, [reminder_actie("2026-12-05")], user_id=5151)
    await send(app, text_update("/herinneringen"))
    listing = fake.sent()[-1]
    assert "01-12-2026" in listing["text"] and "15-01-2027" in listing["text"]
    assert "05-12-2026" not in listing["text"], "only the user's own reminders"
    buttons = [b for row in listing["reply_markup"]["inline_keyboard"] for b in row]
    assert [b["text"] for b in buttons] == ["Schrap 01-12-2026", "Schrap 15-01-2027"]

    await send(app, button_update(buttons[0]["callback_data"]))
    assert "Herinnering van 01-12-2026 geschrapt." in fake.sent("editMessageText")[-1]["text"]
    assert [r["datum"] for r in await rows(engine, Reminder) if r["user_id"] == USER_ID] == [dt.date(2027, 1, 15)]

    other = next(r for r in await rows(engine, Reminder) if r["user_id"] == 5151)
    await send(app, button_update(f"herinnering:schrap:{other['id']}"))
    assert "staat er niet meer" in fake.sent("editMessageText")[-1]["text"]
    assert len(await rows(engine, Reminder)) == 2, "another user's reminder cannot be cancelled"


async def test_herinneringen_without_any(app: BotApplication, fake: RecordingRequest) -> None:
    await send(app, text_update("/herinneringen"))
    assert "geen herinneringen" in fake.texts()
