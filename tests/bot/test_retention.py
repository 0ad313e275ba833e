"""The daily retention job (bot/retention.py): old leads go, funnel events keep only anonymous counts, stale
reminders and long-closed conversations go, recent data stays; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import build_application, build_services, schedule_jobs
from bot.lead_storage import LeadStore
from bot.models import ConversationState, FunnelEvent, Lead, Outbox, Reminder
from bot.retention import run_retention
from bot.settings import Settings
from bot.state_store import StateStore
from tests.bot.fake_bot_api import FakeBotApi
from tests.bot.in_process import make_settings
from tests.bot.test_leads import NOW, USER_ID, commit, event, lead_actie, reminder_actie, rows


async def retention(engine: AsyncEngine, days: int, now: dt.datetime) -> Any:
    return await run_retention(LeadStore(engine), StateStore(engine), days, now)


DAY = dt.timedelta(days=1)


def test_the_retention_period_defaults_to_365_days() -> None:
    assert Settings.model_fields["lead_retention_days"].default == 365


async def test_leads_older_than_the_retention_period_are_deleted_and_events_anonymised(
    store: StateStore, engine: AsyncEngine
) -> None:
    old, recent = NOW - 366 * DAY, NOW - 10 * DAY
    await commit(store, [lead_actie(), event("gesprek_gestart"), event("lead")], user_id=1, now=old)
    bert = lead_actie(naam="Bert Jansen")
    await commit(store, [bert, event("gesprek_gestart"), event("lead")], user_id=2, now=recent)
    await commit(store, [reminder_actie("2025-11-01")], user_id=3, now=old)  # a reminder a year overdue
    await commit(store, [reminder_actie("2026-12-01")], user_id=4, now=NOW)
    stats_before = await LeadStore(engine).stats()

    purged = await retention(engine, 365, NOW)

    assert (purged.leads, purged.reminders) == (1, 1)
    assert [lead["naam"] for lead in await rows(engine, Lead)] == ["Bert Jansen"]
    assert [row["lead_id"] for row in await rows(engine, Outbox)] == [2], "the old lead's announcement went too"
    events = await rows(engine, FunnelEvent)
    assert len(events) == 4, "the event rows stay: the counts survive"
    assert sorted((e["user_id"] is None, e["created_at"] == old) for e in events) == [
        (False, False),
        (False, False),
        (True, True),
        (True, True),
    ], "only the old events lost their user id"
    assert await LeadStore(engine).stats() == stats_before
    assert [r["user_id"] for r in await rows(engine, Reminder)] == [4]


async def test_the_retention_period_is_configurable(store: StateStore, engine: AsyncEngine) -> None:
    await commit(store, [lead_actie()], now=NOW - 31 * DAY)
    assert (await retention(engine, 365, NOW)).leads == 0
    assert (await retention(engine, make_settings(lead_retention_days=30).lead_retention_days, NOW)).leads == 1


async def test_conversations_closed_long_ago_are_deleted(store: StateStore, engine: AsyncEngine) -> None:
    await commit(store, [], user_id=USER_ID, now=NOW - 9 * DAY)  # expired 8 days ago
    await commit(store, [], user_id=2, now=NOW - 2 * DAY)  # expired a day ago: still told it was closed
    purged = await retention(engine, 365, NOW)
    assert purged.conversations == 1
    async with engine.connect() as connection:
        remaining = list(await connection.scalars(select(ConversationState.user_id)))
    assert remaining == [2]


async def test_calls_that_could_not_be_delivered_for_a_week_are_deleted(store: StateStore, engine: AsyncEngine) -> None:
    for created in (NOW - 8 * DAY, NOW - 2 * DAY):
        async with engine.begin() as connection:
            await connection.execute(
                Outbox.__table__.insert().values(
                    chat_id=USER_ID,
                    method="sendMessage",
                    params={"chat_id": USER_ID, "text": "Hoeveel spaargeld?"},
                    created_at=created,
                    attempts=40,
                    next_attempt_at=NOW,
                )
            )
    assert (await retention(engine, 365, NOW)).calls == 1
    assert [row["created_at"] for row in await rows(engine, Outbox)] == [NOW - 2 * DAY]


async def test_adviesbot_run_schedules_every_job(engine: AsyncEngine) -> None:
    settings = make_settings()
    services = build_services(settings, engine)
    application = build_application(settings, services, request=FakeBotApi().request(), polling=False)
    schedule_jobs(application, settings, services)
    assert application.job_queue is not None
    names = sorted(job.name or "" for job in application.job_queue.jobs())
    assert names == ["bewaartermijn", "bewaartermijn-start", "flood", "herinneringen", "outbox"]
