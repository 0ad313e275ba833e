"""The staff-chat outbox (bot/outbox.py): retries with backoff, exactly one announcement when Telegram recovers,
the lease between workers, and what happens when a lead is forgotten in between; on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot
from telegram.request import RequestData

from bot.app import build_application, build_services
from bot.leads import LeadStore
from bot.models import Lead, LeadOutbox
from bot.outbox import BASE_DELAY, LEASE, Outbox, backoff
from bot.state_store import StateStore
from tests.bot.telegram_fakes import USER, RecordingRequest
from tests.bot.test_leads import NOW, commit, event, lead_actie, leave_a_lead, make_settings, rows

STAFF_CHAT = -100_777


class Clock:
    def __init__(self, now: dt.datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, delta: dt.timedelta) -> None:
        self.now += delta


class RateLimitedRequest(RecordingRequest):
    """sendMessage answers 429 Too Many Requests with retry_after while `limited` is set."""

    def __init__(self, retry_after: int) -> None:
        super().__init__()
        self.retry_after = retry_after
        self.limited = True

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **kwargs: Any
    ) -> tuple[int, bytes]:
        if url.endswith("/sendMessage") and self.limited:
            self.calls.append(("sendMessage", dict(request_data.parameters) if request_data else {}))
            body = {
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {self.retry_after}",
                "parameters": {"retry_after": self.retry_after},
            }
            return 429, json.dumps(body).encode()
        return await super().do_request(url, method, request_data, **kwargs)


def staff_messages(fake: RecordingRequest) -> list[dict[str, Any]]:
    return [p for p in fake.sent() if int(p["chat_id"]) == STAFF_CHAT]


@pytest.fixture
def fake() -> RecordingRequest:
    return RecordingRequest()


@pytest.fixture
async def bot(fake: RecordingRequest) -> AsyncIterator[Bot]:
    async with Bot("123456:TEST", request=fake, get_updates_request=fake) as bot:
        yield bot


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def outbox(engine: AsyncEngine, clock: Clock) -> Outbox:
    return Outbox(engine, clock=clock)


async def test_the_staff_chat_failing_three_times_then_succeeding_gives_one_announcement(
    store: StateStore, engine: AsyncEngine, bot: Bot, fake: RecordingRequest, outbox: Outbox, clock: Clock
) -> None:
    await commit(store, [lead_actie(), event("lead")])
    fake.fail_next = 3

    for attempt in (1, 2, 3):
        report = await outbox.deliver(bot, STAFF_CHAT)
        assert (report.delivered, report.failed) == (0, 1)
        assert len(await LeadStore(engine).all()) == 1, "the lead itself is never lost"
        # Not due yet: a run before the backoff has passed does not even try.
        await outbox.deliver(bot, STAFF_CHAT)
        assert len(staff_messages(fake)) == attempt
        clock.advance(backoff(attempt))

    assert (await outbox.deliver(bot, STAFF_CHAT)).delivered == 1
    clock.advance(dt.timedelta(days=1))
    assert (await outbox.deliver(bot, STAFF_CHAT)).delivered == 0

    attempts = staff_messages(fake)
    assert len(attempts) == 4, "three failures and one success: announced exactly once"
    announcement = attempts[-1]["text"]
    for fragment in (
        "Nieuwe aanvraag #1",
        "Box 3: sparen en beleggen",
        "Anne de Vries",
        "telefoon +31612345678",
        "@anne_ondernemer",
        "ochtend (9–12 uur)",
        "Kan ik mijn spaargeld beter beleggen?",
        "Box 3-belasting € 417,60",
        "Voorlopig",
        "1,28% is voorlopig",
        "Aannames",
        "Campagne: zomer",
        "Toestemming: 23-11-2026 13:00 (privacytekst versie 2026-11-23)",
        "Aanvraagnummer: 1",
    ):
        assert fragment in announcement, fragment
    [row] = await rows(engine, LeadOutbox)
    assert row["attempts"] == 4 and row["delivered_at"] is not None
    assert (row["chat_id"], row["leased_until"], row["last_error"]) == (STAFF_CHAT, None, None)


async def test_the_backoff_doubles_and_is_capped() -> None:
    assert [backoff(n) for n in (1, 2, 3)] == [BASE_DELAY, 2 * BASE_DELAY, 4 * BASE_DELAY]
    assert backoff(60) == dt.timedelta(hours=1)


# PTB itself warns, while building RetryAfter, that retry_after will become a timedelta.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_a_rate_limit_waits_at_least_as_long_as_telegram_asks(
    store: StateStore, engine: AsyncEngine, clock: Clock, outbox: Outbox
) -> None:
    fake = RateLimitedRequest(retry_after=600)
    async with Bot("123456:TEST", request=fake, get_updates_request=fake) as bot:
        await commit(store, [lead_actie()])
        assert (await outbox.deliver(bot, STAFF_CHAT)).failed == 1
        [row] = await rows(engine, LeadOutbox)
        assert row["next_attempt_at"] >= NOW + dt.timedelta(seconds=600)
        assert "RetryAfter" in row["last_error"]
        fake.limited = False
        clock.advance(dt.timedelta(seconds=599))
        assert (await outbox.deliver(bot, STAFF_CHAT)).delivered == 0
        clock.advance(dt.timedelta(seconds=1))
        assert (await outbox.deliver(bot, STAFF_CHAT)).delivered == 1


async def test_two_workers_at_once_announce_a_lead_once(
    store: StateStore, engine: AsyncEngine, bot: Bot, fake: RecordingRequest, clock: Clock
) -> None:
    for user_id in (1, 2, 3):
        await commit(store, [lead_actie()], user_id=user_id)
    first, second = Outbox(engine, clock=clock), Outbox(engine, clock=clock)
    reports = await asyncio.gather(first.deliver(bot, STAFF_CHAT), second.deliver(bot, STAFF_CHAT))
    assert sum(r.delivered for r in reports) == 3
    texts = [p["text"].splitlines()[0] for p in staff_messages(fake)]
    assert sorted(texts) == [
        "Nieuwe aanvraag #1 voor een adviseur",
        "Nieuwe aanvraag #2 voor een adviseur",
        "Nieuwe aanvraag #3 voor een adviseur",
    ]


async def test_a_worker_that_died_after_claiming_is_taken_over_after_the_lease(
    store: StateStore, bot: Bot, fake: RecordingRequest, outbox: Outbox, clock: Clock
) -> None:
    """The documented window: a crash between claim (or send) and mark re-sends after the lease, not before."""
    await commit(store, [lead_actie()])
    assert await outbox.claim() is not None  # ... and the process dies here
    assert (await outbox.deliver(bot, STAFF_CHAT)).delivered == 0
    clock.advance(LEASE)
    assert (await outbox.deliver(bot, STAFF_CHAT)).delivered == 1
    assert len(staff_messages(fake)) == 1


async def test_an_update_before_the_announcement_is_sent_is_announced_once_with_the_new_details(
    store: StateStore, bot: Bot, fake: RecordingRequest, outbox: Outbox
) -> None:
    await commit(store, [lead_actie()])
    await commit(store, [lead_actie(kanaal="email", telefoon=None, email="anne@example.nl")], now=NOW)
    assert (await outbox.deliver(bot, STAFF_CHAT)).delivered == 1
    [message] = staff_messages(fake)
    assert "e-mail anne@example.nl" in message["text"]


async def test_a_lead_forgotten_before_its_announcement_is_never_announced(
    store: StateStore, engine: AsyncEngine, bot: Bot, fake: RecordingRequest, outbox: Outbox
) -> None:
    await commit(store, [lead_actie()])
    await LeadStore(engine).forget_user(USER["id"])
    assert (await outbox.deliver(bot, STAFF_CHAT)).delivered == 0
    assert staff_messages(fake) == []
    assert await rows(engine, LeadOutbox) == []


async def test_a_lead_forgotten_while_its_announcement_is_in_flight_is_taken_back(
    store: StateStore, engine: AsyncEngine, bot: Bot, fake: RecordingRequest, outbox: Outbox
) -> None:
    await commit(store, [lead_actie()])
    original = bot.send_message

    async def send_then_forget(*args: Any, **kwargs: Any) -> Any:
        message = await original(*args, **kwargs)
        await LeadStore(engine).forget_user(USER["id"])
        return message

    object.__setattr__(bot, "send_message", send_then_forget)  # Bot is frozen after initialize
    await outbox.deliver(bot, STAFF_CHAT)
    assert len(fake.sent("deleteMessage")) == 1
    assert await rows(engine, Lead) == []


async def test_without_a_staff_chat_the_announcement_waits_in_the_database(
    store: StateStore, engine: AsyncEngine, bot: Bot, fake: RecordingRequest, outbox: Outbox
) -> None:
    await commit(store, [lead_actie()])
    assert (await outbox.deliver(bot, None)).delivered == 0
    assert fake.sent() == []
    assert await outbox.pending() == 1
    assert (await outbox.deliver(bot, STAFF_CHAT)).delivered == 1


async def test_a_lead_left_in_telegram_while_the_staff_chat_is_down_reaches_it_once_later(
    engine: AsyncEngine, fake: RecordingRequest
) -> None:
    settings = make_settings(leads_chat_id=STAFF_CHAT)
    application = build_application(
        settings, build_services(settings, engine), request=fake, polling=False, rate_limit=False
    )
    async with application:
        await leave_a_lead(application)
        clock = Clock(dt.datetime.now(dt.UTC))  # the turns ran on the real clock
        outbox = Outbox(engine, clock=clock)
        assert "belt u 's ochtends (9–12 uur)" in fake.texts()
        fake.fail_next = 2
        for _ in range(2):
            await outbox.deliver(application.bot, settings.leads_chat_id)
            clock.advance(dt.timedelta(hours=1))
        await outbox.deliver(application.bot, settings.leads_chat_id)
        await outbox.deliver(application.bot, settings.leads_chat_id)
    delivered = staff_messages(fake)[2:]
    assert len(delivered) == 1
    assert "Nieuwe aanvraag #1" in delivered[0]["text"] and "Campagne: zomer" in delivered[0]["text"]


async def test_adviesbot_run_schedules_the_outbox_and_the_reminder_jobs(engine: AsyncEngine) -> None:
    from bot.outbox import schedule as schedule_outbox
    from bot.reminders import schedule as schedule_reminders

    settings = make_settings(leads_chat_id=STAFF_CHAT)
    application = build_application(
        settings, build_services(settings, engine), request=RecordingRequest(), polling=False, rate_limit=False
    )
    schedule_outbox(application, engine, settings.leads_chat_id)
    schedule_reminders(application, engine)
    assert application.job_queue is not None
    assert sorted(job.name or "" for job in application.job_queue.jobs()) == ["herinneringen", "lead-outbox"]
