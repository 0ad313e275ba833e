"""The outbox (bot/outbox.py), in process against the fake Bot API: retries with backoff that honour
`retry_after`, calls of one chat in order, a call Telegram will never take dropped without blocking the rest,
leases between processes, the staff-chat announcements and what /vergeet does to them; on SQLite and
PostgreSQL. The same faults against a real `adviesbot run` are in test_faults.py."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import BotApplication, Services
from bot.calls import DELETE_MESSAGE, EDIT_MESSAGE_TEXT, SEND_MESSAGE, Call
from bot.lead_storage import LeadStore
from bot.models import Lead, LeadAnnouncement, Outbox
from bot.outbox import Backoff, OutboxStore, add
from bot.privacy import forget_user
from bot.state_store import StateStore
from bot.transactions import Transactions
from tests.bot.fake_bot_api import USER, FakeBotApi, text_update
from tests.bot.in_process import eventually, idle, leave_a_lead, make_settings, running, send
from tests.bot.test_leads import commit, lead_actie, rows

STAFF_CHAT = -100_777
USER_ID = USER["id"]


@pytest.fixture
def fake() -> FakeBotApi:
    return FakeBotApi()


@pytest.fixture
async def bot(engine: AsyncEngine, fake: FakeBotApi) -> AsyncIterator[tuple[BotApplication, Services]]:
    async with running(engine, fake, make_settings(leads_chat_id=STAFF_CHAT)) as running_bot:
        yield running_bot


def staff_texts(fake: FakeBotApi) -> list[str]:
    return fake.sent_texts(STAFF_CHAT)


async def store_calls(services: Services, *calls: Call) -> list[Any]:
    """Calls stored as a turn stores them: leased to this process."""
    now = dt.datetime.now(dt.UTC)
    lease = services.outbox.lease(now)

    def work(session: Any) -> list[Any]:
        return [add(session, call, now=now, lease=lease) for call in calls]

    return await services.transactions.run(work, write=True)


def message(chat_id: int, text: str) -> Call:
    return Call(chat_id, SEND_MESSAGE, {"chat_id": chat_id, "text": text})


async def test_the_backoff_doubles_and_is_capped() -> None:
    backoff = Backoff(dt.timedelta(seconds=1), dt.timedelta(seconds=60))
    assert [backoff.after(n).total_seconds() for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert backoff.after(60) == dt.timedelta(seconds=60)
    assert backoff.after(60, dt.timedelta(hours=1)) == dt.timedelta(hours=1)


async def test_the_staff_chat_failing_three_times_then_succeeding_gives_one_announcement(
    bot: tuple[BotApplication, Services], fake: FakeBotApi, store: StateStore, engine: AsyncEngine
) -> None:
    _, services = bot
    fake.fail(count=3)
    committed = await store.commit_turn(
        update_id=None,
        chat_id=USER_ID,
        user_id=USER_ID,
        state={"v": 1},
        expected_version=None,
        idle_timeout=dt.timedelta(hours=1),
        now=dt.datetime.now(dt.UTC),
        acties=[lead_actie()],
        username="anne_ondernemer",
        lease=services.outbox.lease(dt.datetime.now(dt.UTC)),
    )
    assert committed is not None
    services.sender.submit(committed.deliveries)
    await idle(services)

    assert len(fake.attempts("sendMessage")) == 4, "three failures, then one success"
    [announcement] = staff_texts(fake)
    for fragment in (
        "Nieuwe aanvraag #1",
        "Box 3: sparen en beleggen",
        "Anne de Vries",
        "telefoon +31612345678",
        "@anne_ondernemer",
        "ochtend (9–12 uur)",
        "Kan ik mijn spaargeld beter beleggen?",
        "Box 3-belasting € 417,60",
        "1,28% is voorlopig",
        "Campagne: zomer",
        "Aanvraagnummer: 1",
    ):
        assert fragment in announcement, fragment
    assert await rows(engine, Outbox) == [], "delivered: the row is gone"
    [landed] = await rows(engine, LeadAnnouncement)
    assert (landed["lead_id"], landed["chat_id"], landed["soort"]) == (1, STAFF_CHAT, "nieuw")


# PTB itself warns, while building RetryAfter, that retry_after will become a timedelta.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_a_rate_limit_holds_every_chat_at_least_as_long_as_telegram_asks(
    bot: tuple[BotApplication, Services], fake: FakeBotApi
) -> None:
    _, services = bot
    fake.rate_limit(retry_after=1)
    services.sender.submit(await store_calls(services, message(1, "eerste")))
    await eventually(lambda: fake.attempts("sendMessage"))
    services.sender.submit(await store_calls(services, message(2, "tweede")))
    await idle(services)

    refused, *accepted = fake.attempts("sendMessage")
    assert refused.status == 429
    assert sorted(a.params["text"] for a in accepted) == ["eerste", "tweede"]
    assert all(a.at - refused.at >= 1.0 for a in accepted), "no chat is served before retry_after has passed"


async def test_the_calls_of_one_chat_arrive_in_order_through_failures(
    bot: tuple[BotApplication, Services], fake: FakeBotApi
) -> None:
    _, services = bot
    fake.fail(count=3)
    for text in ("een", "twee", "drie"):
        services.sender.submit(await store_calls(services, message(7, text)))
    await idle(services)
    assert fake.sent_texts(7) == ["een", "twee", "drie"]


async def test_a_call_telegram_will_never_take_is_dropped_and_does_not_hold_up_the_next(
    bot: tuple[BotApplication, Services], fake: FakeBotApi, engine: AsyncEngine
) -> None:
    _, services = bot
    gone = Call(7, EDIT_MESSAGE_TEXT, {"chat_id": 7, "message_id": 1, "text": "→ ja"})
    fake.fail(EDIT_MESSAGE_TEXT, status=400, count=1)
    services.sender.submit(await store_calls(services, gone, message(7, "volgende vraag")))
    await idle(services)
    assert len(fake.attempts(EDIT_MESSAGE_TEXT)) == 1, "not retried"
    assert fake.sent_texts(7) == ["volgende vraag"]
    assert await rows(engine, Outbox) == []


async def test_markup_telegram_cannot_parse_goes_out_as_plain_text(
    bot: tuple[BotApplication, Services], fake: FakeBotApi
) -> None:
    _, services = bot
    broken = Call(7, SEND_MESSAGE, {"chat_id": 7, "text": "Uw <i>antwoord</i> &amp; meer", "parse_mode": "HTML"})
    services.sender.submit(await store_calls(services, broken))
    await idle(services)
    assert fake.sent_texts(7) == ["Uw <i>antwoord</i> & meer"]


async def test_two_processes_scanning_at_once_take_each_row_once(engine: AsyncEngine, store: StateStore) -> None:
    transactions = Transactions(engine)
    lease = dt.timedelta(seconds=30)
    first, second = OutboxStore(transactions, lease=lease), OutboxStore(transactions, lease=lease)
    for user_id in (1, 2, 3):
        await commit(store, [lead_actie()], user_id=user_id)  # stored without a lease: anyone may take it
    taken = await asyncio.gather(first.claim(announcements=True), second.claim(announcements=True))
    ids = sorted(item.row_id for claimed in taken for item in claimed if item.row_id is not None)
    assert ids == [1, 2, 3], "every row once"


async def test_a_row_leased_by_a_live_process_is_left_alone_until_its_lease_runs_out(
    engine: AsyncEngine, store: StateStore
) -> None:
    transactions = Transactions(engine)
    now = dt.datetime.now(dt.UTC)
    first = OutboxStore(transactions, lease=dt.timedelta(seconds=30), clock=lambda: now)
    second = OutboxStore(transactions, lease=dt.timedelta(seconds=30), clock=lambda: now)
    await commit(store, [lead_actie()])
    assert len(await first.claim(announcements=True)) == 1
    assert await second.claim(announcements=True) == [], "the first one holds it"
    second.clock = lambda: now + dt.timedelta(seconds=31)
    assert len(await second.claim(announcements=True)) == 1, "the first one died: taken over"


async def test_a_clean_stop_hands_what_is_left_to_the_next_process_at_once(
    engine: AsyncEngine, fake: FakeBotApi
) -> None:
    settings = make_settings(ADVIESBOT_STOP_GRACE_SECONDS=0.2, ADVIESBOT_OUTBOX_LEASE_SECONDS=600)
    async with running(engine, fake, settings) as (_, services):
        fake.fail(seconds=60)
        services.sender.submit(await store_calls(services, message(7, "blijft liggen")))
        await eventually(lambda: fake.attempts("sendMessage"))
    fake.clear_faults()
    async with running(engine, fake) as (_, services):
        # Not the ten minutes of the lease: only the retry's own backoff (a fraction of a second here).
        taken = await asyncio.wait_for(until_taken(services), timeout=5)
        assert taken == 1
        await idle(services)
    assert fake.sent_texts(7) == ["blijft liggen"]


async def until_taken(services: Services) -> int:
    while not (taken := await services.sender.scan()):  # noqa: ASYNC110 (a poll of the database)
        await asyncio.sleep(0.05)
    return taken


async def test_an_update_before_the_announcement_is_sent_is_announced_once_with_the_new_details(
    bot: tuple[BotApplication, Services], fake: FakeBotApi, store: StateStore
) -> None:
    _, services = bot
    await commit(store, [lead_actie()])
    await commit(store, [lead_actie(kanaal="email", email="anne@example.nl")])
    assert await services.sender.scan() == 1
    await idle(services)
    [text] = staff_texts(fake)
    assert "e-mail anne@example.nl" in text


async def test_a_lead_forgotten_before_its_announcement_is_never_announced(
    bot: tuple[BotApplication, Services], fake: FakeBotApi, store: StateStore, engine: AsyncEngine
) -> None:
    _, services = bot
    await commit(store, [lead_actie()])
    await forget_user(services.transactions, USER_ID, now=dt.datetime.now(dt.UTC), lease=None)
    assert await services.sender.scan() == 0
    assert staff_texts(fake) == []
    assert await rows(engine, Outbox) == []


async def test_a_lead_forgotten_while_its_announcement_is_in_flight_is_taken_back(
    bot: tuple[BotApplication, Services], fake: FakeBotApi, store: StateStore, engine: AsyncEngine
) -> None:
    _, services = bot
    await commit(store, [lead_actie()])
    fake.hang()
    assert await services.sender.scan() == 1
    await eventually(lambda: fake.attempts("sendMessage"))
    await forget_user(services.transactions, USER_ID, now=dt.datetime.now(dt.UTC), lease=None)
    fake.release()
    await idle(services)
    [deleted] = fake.calls(DELETE_MESSAGE)
    assert int(deleted["chat_id"]) == STAFF_CHAT
    assert await rows(engine, Lead) == [] and await rows(engine, LeadAnnouncement) == []


async def test_without_a_staff_chat_the_announcement_waits_in_the_database(
    engine: AsyncEngine, fake: FakeBotApi, store: StateStore
) -> None:
    await commit(store, [lead_actie()])
    async with running(engine, fake) as (_, services):
        assert await services.sender.scan() == 0
        assert await services.outbox.pending() == 1
    async with running(engine, fake, make_settings(leads_chat_id=STAFF_CHAT)) as (_, services):
        assert await services.sender.scan() == 1
        await idle(services)
    assert len(staff_texts(fake)) == 1


async def test_a_lead_left_in_telegram_while_the_staff_chat_is_down_reaches_it_once_later(
    bot: tuple[BotApplication, Services], fake: FakeBotApi
) -> None:
    app, services = bot
    await leave_a_lead(app)
    assert "belt u 's ochtends (9–12 uur)" in fake.texts(USER_ID)
    await idle(services)
    assert len(staff_texts(fake)) == 1

    fake.fail(count=2)
    await send(app, text_update("/start c_winter", user={**USER, "id": 5151}))
    for text in ("box3", "nee", "150.000", "0", "0", "nee", "bereken", "adviseur", "ja", "Bert", "e-mail"):
        await send(app, text_update(text, user={**USER, "id": 5151}))
    await send(app, text_update("bert@example.nl", user={**USER, "id": 5151}))
    for text in ("2", "geen"):
        await send(app, text_update(text, user={**USER, "id": 5151}))
    await idle(services)
    announcements = staff_texts(fake)
    assert len(announcements) == 2, announcements
    assert "Nieuwe aanvraag #2" in announcements[1] and "Campagne: winter" in announcements[1]
    assert await LeadStore(services.engine).all()
