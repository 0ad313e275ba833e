"""Reminders (bot/reminders.py): stored with the turn, moved into the outbox at 09:00 Europe/Amsterdam on their
day by a job that scans the table, so they survive a restart, and delivered like any reply; /herinneringen
lists and cancels them; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import BotApplication, Services
from bot.database import create_engine, dispose_engine
from bot.lead_storage import reminder_due_at
from bot.models import Outbox, Reminder
from bot.outbox import OutboxStore
from bot.reminders import DueReminders
from bot.state_store import StateStore
from bot.transactions import Transactions
from tests.bot.fake_bot_api import USER, FakeBotApi, button_update, text_update
from tests.bot.in_process import eventually, idle, running, send
from tests.bot.test_leads import NOW, commit, reminder_actie, rows

USER_ID = USER["id"]


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)


@pytest.fixture
def fake() -> FakeBotApi:
    return FakeBotApi()


@pytest.fixture
async def bot(engine: AsyncEngine, fake: FakeBotApi) -> AsyncIterator[tuple[BotApplication, Services]]:
    async with running(engine, fake) as running_bot:
        yield running_bot


def due_reminders(engine: AsyncEngine, now: dt.datetime) -> DueReminders:
    transactions = Transactions(engine)
    return DueReminders(transactions, OutboxStore(transactions, lease=dt.timedelta(seconds=30)), clock=lambda: now)


def test_a_reminder_is_due_at_nine_in_amsterdam_in_winter_and_summer() -> None:
    assert reminder_due_at(dt.date(2026, 12, 1)) == at(2026, 12, 1, 8)
    assert reminder_due_at(dt.date(2027, 6, 1)) == at(2027, 6, 1, 7)


async def test_a_reminder_is_queued_on_its_day_also_after_a_restart(
    store: StateStore, engine: AsyncEngine, database_url: str
) -> None:
    await commit(store, [reminder_actie("2026-12-01", tekst="Leg uw periodieke gift vast.")])
    await dispose_engine(engine)  # the process that stored it is gone

    second = create_engine(database_url)
    try:
        assert await due_reminders(second, at(2026, 12, 1, 7, 59)).queue_due() == [], "08:59 in Amsterdam"
        [queued] = await due_reminders(second, at(2026, 12, 1, 8, 0)).queue_due()
        assert await due_reminders(second, at(2026, 12, 1, 8, 1)).queue_due() == [], "queued once"
        assert queued.call.chat_id == USER_ID
        assert queued.call.params["text"].startswith("Leg uw periodieke gift vast.")
        assert await rows(second, Reminder) == []
        [row] = await rows(second, Outbox)
        assert row["id"] == queued.row_id, "in the outbox until Telegram has it"
    finally:
        await dispose_engine(second)


async def test_a_reminder_agreed_in_telegram_is_stored_and_sent_on_its_day(
    bot: tuple[BotApplication, Services], fake: FakeBotApi, engine: AsyncEngine
) -> None:
    app, services = bot
    for text in ("/start anbi-contributie", "250", "nee", "ja", "ja", "nee", "bereken"):
        await send(app, text_update(text))
    await send(app, button_update("na|herinner"))
    assert "stuur ik u een herinnering" in fake.texts()
    [reminder] = await rows(engine, Reminder)
    assert reminder["onderwerp"] == "anbi-contributie" and reminder["chat_id"] == USER_ID
    fake.clear()
    services.due_reminders.clock = lambda: reminder["due_at"]
    services.sender.submit(await services.due_reminders.queue_due())
    await idle(services)
    assert "periodieke gift" in fake.texts()
    assert await rows(engine, Outbox) == []


async def test_a_failed_reminder_is_retried_and_one_for_a_user_who_blocked_the_bot_is_dropped(
    bot: tuple[BotApplication, Services], fake: FakeBotApi, store: StateStore, engine: AsyncEngine
) -> None:
    _, services = bot
    await commit(store, [reminder_actie("2026-12-01")])
    services.due_reminders.clock = lambda: at(2026, 12, 1, 9)
    fake.fail(count=1)
    services.sender.submit(await services.due_reminders.queue_due())
    await eventually(lambda: fake.sent_texts(USER_ID))
    assert len(fake.attempts("sendMessage")) == 2, "one failure, then delivered"

    await commit(store, [reminder_actie("2026-12-02")])
    services.due_reminders.clock = lambda: at(2026, 12, 2, 9)
    fake.fail(status=403, count=1)
    services.sender.submit(await services.due_reminders.queue_due())
    await idle(services)
    assert len(fake.attempts("sendMessage")) == 3, "a blocked user is not asked again"
    assert await rows(engine, Reminder) == [] and await rows(engine, Outbox) == []


async def test_the_same_reminder_asked_twice_is_stored_once(store: StateStore, engine: AsyncEngine) -> None:
    await commit(store, [reminder_actie("2026-12-01", tekst="eerste")])
    await commit(store, [reminder_actie("2026-12-01", tekst="tweede")], now=NOW + dt.timedelta(hours=1))
    [reminder] = await rows(engine, Reminder)
    assert reminder["tekst"] == "tweede"


async def test_herinneringen_lists_and_cancels_with_a_button(
    bot: tuple[BotApplication, Services], fake: FakeBotApi, store: StateStore, engine: AsyncEngine
) -> None:
    app, _ = bot
    await commit(store, [reminder_actie("2026-12-01"), reminder_actie("2027-01-15", onderwerp="wbso")])
    await commit(store, [reminder_actie("2026-12-05")], user_id=5151)
    await send(app, text_update("/herinneringen"))
    listing = fake.results("sendMessage")[-1]
    assert "01-12-2026" in listing["text"] and "15-01-2027" in listing["text"]
    assert "05-12-2026" not in listing["text"], "only the user's own reminders"
    buttons = [b for row in listing["reply_markup"]["inline_keyboard"] for b in row]
    assert [b["text"] for b in buttons] == ["Schrap 01-12-2026", "Schrap 15-01-2027"]

    await send(app, button_update(buttons[0]["callback_data"]))
    assert "Herinnering van 01-12-2026 geschrapt." in fake.sent_texts()[-1]
    assert [r["datum"] for r in await rows(engine, Reminder) if r["user_id"] == USER_ID] == [dt.date(2027, 1, 15)]

    other = next(r for r in await rows(engine, Reminder) if r["user_id"] == 5151)
    await send(app, button_update(f"herinnering:schrap:{other['id']}"))
    assert "staat er niet meer" in fake.sent_texts()[-1]
    assert len(await rows(engine, Reminder)) == 2, "another user's reminder cannot be cancelled"


async def test_herinneringen_without_any(bot: tuple[BotApplication, Services], fake: FakeBotApi) -> None:
    await send(bot[0], text_update("/herinneringen"))
    assert "geen herinneringen" in fake.texts()
