"""/privacy from the database and /vergeet (bot/privacy.py): after the confirmation no personal data of the user
is left in any table, the anonymous counts stay, and other users keep theirs; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import BotApplication, build_application, build_services
from bot.leads import LeadStore
from bot.models import Base, FunnelEvent
from bot.outbox import Outbox
from bot.state_store import StateStore
from tests.bot.telegram_fakes import RecordingRequest, text_update
from tests.bot.test_leads import commit, event, lead_actie, leave_a_lead, make_settings, reminder_actie, send

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
def fake() -> RecordingRequest:
    return RecordingRequest()


@pytest.fixture
async def app(engine: AsyncEngine, fake: RecordingRequest) -> AsyncIterator[BotApplication]:
    settings = make_settings(leads_chat_id=STAFF_CHAT, firm_privacy_url="https://kantoor.test/privacy")
    application = build_application(
        settings, build_services(settings, engine), request=fake, polling=False, rate_limit=False
    )
    async with application:
        yield application


async def everything_stored(engine: AsyncEngine) -> str:
    """Every row of every table as text, to look for a trace of someone."""
    parts = []
    async with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            for row in await connection.execute(select(table)):
                parts.append(f"{table.name}: {tuple(row)!r}")
    return "\n".join(parts)


async def test_privacy_with_nothing_stored_says_so(app: BotApplication, fake: RecordingRequest) -> None:
    await send(app, text_update("/privacy", user=ZWAAN))
    text = fake.texts()
    assert "Wat ik over u bewaar:" in text and "Op dit moment niets." in text
    assert "https://kantoor.test/privacy" in text and "/vergeet" in text


async def test_privacy_lists_what_is_stored_about_this_user(
    app: BotApplication, fake: RecordingRequest, store: StateStore
) -> None:
    await commit(store, [lead_actie(), event("lead"), reminder_actie("2026-12-01")], user_id=ZWAAN["id"])
    await commit(store, [lead_actie(naam="Bert Jansen")], user_id=5151)
    await send(app, text_update("/privacy", user=ZWAAN))
    text = fake.texts()
    assert "Uw antwoorden in het lopende gesprek" in text
    assert "1 aanvraag voor een adviseur: #1 (box3, nieuw)" in text
    assert "hoogstens 365 dagen" in text
    assert "1 herinnering (op 01-12-2026)" in text
    assert "1 stap in onze statistiek" in text
    assert "#2" not in text, "another user's lead is not this user's business"


async def test_vergeet_asks_first_and_no_deletes_nothing(
    app: BotApplication, fake: RecordingRequest, store: StateStore, engine: AsyncEngine
) -> None:
    await commit(store, [lead_actie()], user_id=ZWAAN["id"])
    await send(app, text_update("/vergeet", user=ZWAAN))
    question = fake.sent()[-1]
    assert "Wilt u dat ik alles wis" in question["text"]
    labels = [b["text"] for row in question["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == ["Ja, wis alles", "Nee, niets wissen"]
    await send(app, press("vergeet:nee"))
    assert "er is niets gewist" in fake.sent("editMessageText")[-1]["text"], "the question shows the outcome"
    assert len(await LeadStore(engine).all()) == 1


async def test_typing_verwijder_mijn_gegevens_asks_the_same_confirmation(
    app: BotApplication, fake: RecordingRequest
) -> None:
    await send(app, text_update("/start box3", user=ZWAAN))
    fake.clear()
    await send(app, text_update("Verwijder mijn gegevens!", user=ZWAAN))
    assert "Wilt u dat ik alles wis" in fake.texts()
    assert "fiscale partner" not in fake.texts(), "the engine never sees it"


async def test_vergeet_removes_every_trace_and_keeps_the_anonymous_counts(
    app: BotApplication, fake: RecordingRequest, store: StateStore, engine: AsyncEngine
) -> None:
    await leave_a_lead(app, user=ZWAAN)  # conversation state, lead, outbox row, funnel events
    await commit(store, [reminder_actie()], user_id=ZWAAN["id"], username=ZWAAN["username"])
    await Outbox(engine, clock=lambda: dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)).deliver(app.bot, STAFF_CHAT)
    bert = lead_actie(naam="Bert Jansen", telefoon="+31611112222", vraag="Iets anders")
    await commit(store, [bert, event("lead")], user_id=5151)
    before = await everything_stored(engine)
    personal = (str(ZWAAN["id"]), ZWAAN["username"], "Anne de Vries", "+31612345678", "Kan ik mijn spaargeld")
    assert all(trace in before for trace in personal), "the test starts with every kind of trace"
    async with engine.connect() as connection:
        events_before = await connection.scalar(select(func.count()).select_from(FunnelEvent))
    stats_before = await LeadStore(engine).stats()

    await send(app, text_update("/vergeet", user=ZWAAN))
    fake.clear()
    await send(app, press("vergeet:ja"))

    after = await everything_stored(engine)
    for trace in personal:
        assert trace not in after, trace
    assert "Bert Jansen" in after and "+31611112222" in after, "another user's lead stays"
    async with engine.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(FunnelEvent)) == events_before
    assert await LeadStore(engine).stats() == stats_before, "the anonymous statistics are unchanged"
    [deleted] = fake.sent("deleteMessage")
    assert int(deleted["chat_id"]) == STAFF_CHAT, "the staff-chat announcement is taken back"
    assert "Gewist: 1 aanvraag, 1 herinnering, uw lopende gesprek" in fake.sent("editMessageText")[-1]["text"]
