"""/privacy from the database and /vergeet (bot/privacy.py): /privacy shows the stored values themselves; after the
confirmation no personal data of the user is left in any table, the anonymous counts stay, other users keep
theirs, and what cannot be recalled is said before and after; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import BotApplication, Services
from bot.calls import ANNOUNCE_LEAD, DELETE_MESSAGE
from bot.lead_storage import LeadStore
from bot.models import Base, FunnelEvent, LeadAnnouncement, Outbox
from bot.privacy import forget_user
from bot.state_store import StateStore
from tests.bot.fake_bot_api import FakeBotApi, text_update
from tests.bot.in_process import idle, leave_a_lead, make_settings, running, send
from tests.bot.test_leads import NOW, commit, event, lead_actie, reminder_actie, rows

ZWAAN = {"id": 987_654_321, "is_bot": False, "first_name": "Zwaantje", "username": "zwaan_vergeet"}
STAFF_CHAT = -100_321
_ids = itertools.count(90_000)


def press(data: str, user: dict[str, Any] = ZWAAN) -> dict[str, Any]:
    return {
        "update_id": next(_ids),
        "callback_query": {
            "id": str(next(_ids)),
            "from": user,
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": next(_ids),
                "date": 0,
                "chat": {"id": user["id"], "type": "private"},
                "text": "vraag",
            },
        },
    }


@pytest.fixture
def fake() -> FakeBotApi:
    return FakeBotApi()


@pytest.fixture
async def bot(engine: AsyncEngine, fake: FakeBotApi) -> AsyncIterator[tuple[BotApplication, Services]]:
    settings = make_settings(leads_chat_id=STAFF_CHAT, firm_privacy_url="https://kantoor.test/privacy")
    async with running(engine, fake, settings) as running_bot:
        yield running_bot


@pytest.fixture
def app(bot: tuple[BotApplication, Services]) -> BotApplication:
    return bot[0]


async def everything_stored(engine: AsyncEngine) -> str:
    """Every row of every table as text, to look for a trace of someone."""
    parts = []
    async with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for row in await connection.execute(select(table)):
                parts.append(f"{table.name}: {tuple(row)!r}")
    return "\n".join(parts)


async def test_privacy_with_nothing_stored_says_so(app: BotApplication, fake: FakeBotApi) -> None:
    await send(app, text_update("/privacy", user=ZWAAN))
    text = fake.texts()
    assert "Wat ik over u bewaar:" in text and "Op dit moment niets." in text
    assert "https://kantoor.test/privacy" in text and "/vergeet" in text


async def test_privacy_shows_the_stored_values_themselves(
    app: BotApplication, fake: FakeBotApi, store: StateStore
) -> None:
    await commit(store, [lead_actie(), event("lead"), reminder_actie("2026-12-01")], user_id=ZWAAN["id"])
    await commit(store, [lead_actie(naam="Bert Jansen", telefoon="+31611112222")], user_id=5151)
    await send(app, text_update("/start box3", user=ZWAAN))
    await send(app, text_update("nee", user=ZWAAN))
    await send(app, text_update("150.000", user=ZWAAN))
    fake.clear()
    await send(app, text_update("/privacy", user=ZWAAN))
    text = fake.texts(ZWAAN["id"])
    for value in (
        "Uw lopende gesprek (Box 3: sparen en beleggen (box3))",
        "fiscale partner: nee",
        "€ 150.000",
        "Aanvraag #1 voor een adviseur",
        "naam: Anne de Vries",
        "contact: telefoon +31612345678",
        "vraag: Kan ik mijn spaargeld beter beleggen?",
        "antwoord: spaargeld op 1 januari: € 150.000",
        "berekening: Box 3-belasting € 417,60",
        "01-12-2026: Herinnering: leg uw periodieke gift vast",
        "2 stappen in onze statistiek",
        "hoogstens 365 dagen",
    ):
        assert value in text, value
    assert "Bert Jansen" not in text and "+31611112222" not in text, "another user's lead is not this user's"


async def test_vergeet_asks_first_says_what_cannot_be_recalled_and_no_deletes_nothing(
    app: BotApplication, fake: FakeBotApi, store: StateStore, engine: AsyncEngine
) -> None:
    await commit(store, [lead_actie()], user_id=ZWAAN["id"])
    await send(app, text_update("/vergeet", user=ZWAAN))
    question = fake.results("sendMessage")[-1]
    assert "Wilt u dat ik alles wis" in question["text"]
    assert "geëxporteerd" in question["text"] and "langer dan 48 uur" in question["text"]
    labels = [b["text"] for row in question["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == ["Ja", "Nee"]
    await send(app, press("zeker|nee"))
    assert "ik heb niets gewist" in "\n".join(fake.sent_texts(ZWAAN["id"])[-2:])
    assert len(await LeadStore(engine).all()) == 1


async def test_typing_verwijder_mijn_gegevens_asks_the_same_confirmation(app: BotApplication, fake: FakeBotApi) -> None:
    await send(app, text_update("/start box3", user=ZWAAN))
    fake.clear()
    await send(app, text_update("Verwijder mijn gegevens!", user=ZWAAN))
    assert "Wilt u dat ik alles wis" in fake.texts()
    assert "fiscale partner" not in fake.texts(), "the confirmation comes first; the topic waits below it"


async def test_vergeet_removes_every_trace_and_keeps_the_anonymous_counts(
    bot: tuple[BotApplication, Services], fake: FakeBotApi, store: StateStore, engine: AsyncEngine
) -> None:
    app, services = bot
    await leave_a_lead(app, user=ZWAAN)  # conversation state, lead, its announcement, funnel events
    await idle(services)
    await commit(store, [reminder_actie()], user_id=ZWAAN["id"], username=ZWAAN["username"])
    bert = lead_actie(naam="Bert Jansen", telefoon="+31611112222", vraag="Iets anders")
    await commit(store, [bert, event("lead")], user_id=5151)
    before = await everything_stored(engine)
    personal = (str(ZWAAN["id"]), ZWAAN["username"], "Anne de Vries", "+31612345678", "Kan ik mijn spaargeld")
    assert all(trace in before for trace in personal), "the test starts with every kind of trace"
    assert await rows(engine, LeadAnnouncement), "the announcement reached the staff chat"
    async with engine.connect() as connection:
        events_before = await connection.scalar(select(func.count()).select_from(FunnelEvent))
    stats_before = await LeadStore(engine).stats()

    await send(app, text_update("/vergeet", user=ZWAAN))
    fake.clear()
    await send(app, press("zeker|ja"))
    await idle(services)

    after = await everything_stored(engine)
    for trace in personal:
        assert trace not in after, trace
    assert "Bert Jansen" in after and "+31611112222" in after, "another user's lead stays"
    async with engine.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(FunnelEvent)) == events_before
    assert await LeadStore(engine).stats() == stats_before, "the anonymous statistics are unchanged"
    [deleted] = fake.calls("deleteMessage")
    assert int(deleted["chat_id"]) == STAFF_CHAT, "the staff-chat announcement is taken back"
    assert "alles wat ik over u had bewaard, is gewist" in "\n".join(fake.sent_texts(ZWAAN["id"])[-2:])


async def test_an_announcement_older_than_48_hours_is_not_taken_back_and_the_user_hears_so(
    bot: tuple[BotApplication, Services], fake: FakeBotApi, store: StateStore, engine: AsyncEngine
) -> None:
    app, services = bot
    await commit(store, [lead_actie()], user_id=ZWAAN["id"])
    async with engine.begin() as connection:  # as the outbox records it, three days ago
        await connection.execute(Outbox.__table__.delete())
        sent_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
        await connection.execute(
            LeadAnnouncement.__table__.insert().values(
                lead_id=1, soort="nieuw", chat_id=STAFF_CHAT, message_id=77, sent_at=sent_at
            )
        )
    await send(app, text_update("/vergeet", user=ZWAAN))
    assert "langer dan 48 uur in de chat van het kantoor" in fake.texts(), "the confirmation says what stays"
    await send(app, press("zeker|ja"))
    await idle(services)
    assert fake.calls("deleteMessage") == [], "Telegram would refuse: not even tried"
    assert "is gewist" in "\n".join(fake.sent_texts(ZWAAN["id"])[-2:])
    assert await rows(engine, LeadAnnouncement) == []


async def test_forgetting_drops_the_replies_still_on_their_way_and_queues_the_take_back(
    store: StateStore, engine: AsyncEngine
) -> None:
    """The storage side alone, as the engine's "forget this user" action will call it."""
    await commit(store, [lead_actie()], user_id=ZWAAN["id"])
    async with engine.begin() as connection:
        await connection.execute(Outbox.__table__.delete().where(Outbox.method == ANNOUNCE_LEAD))
        await connection.execute(
            LeadAnnouncement.__table__.insert().values(
                lead_id=1, soort="nieuw", chat_id=STAFF_CHAT, message_id=78, sent_at=dt.datetime.now(dt.UTC)
            )
        )
        await connection.execute(
            Outbox.__table__.insert().values(
                chat_id=ZWAAN["id"],
                method="sendMessage",
                params={"chat_id": ZWAAN["id"], "text": "Uw naam: Anne de Vries"},
                created_at=NOW,
                attempts=0,
                next_attempt_at=NOW,
            )
        )
    forgotten = await forget_user(store.transactions, ZWAAN["id"], now=dt.datetime.now(dt.UTC), lease=None)
    assert (forgotten.leads, forgotten.calls, forgotten.not_recalled) == (1, 1, 0)
    [take_back] = forgotten.taken_back
    assert take_back.call.method == DELETE_MESSAGE and take_back.call.params == {
        "chat_id": STAFF_CHAT,
        "message_id": 78,
    }
    [row] = await rows(engine, Outbox)
    assert row["method"] == DELETE_MESSAGE, "the deletion itself waits in the outbox until Telegram takes it"
    assert "Anne de Vries" not in await everything_stored(engine)
