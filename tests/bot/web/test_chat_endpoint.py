"""POST /api/v1/chat: the widget's conversations, through the same engine and store as Telegram, on SQLite and
PostgreSQL, in-process over ASGI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.calls import ANNOUNCE_LEAD
from bot.lead_export import csv_export
from bot.lead_storage import LeadStore
from bot.lead_texts import announcement_text, leads_list_text, stats_text
from bot.models import ConversationState, FunnelEvent, Outbox
from bot.turns import VERLOPEN
from bot.web.chat import visitor_id
from rules import bereken
from tests.bot.web.site import NOW, Visitor, box3_result, leave_lead, make_site, text_of

SESSION = re.compile(r"[0-9a-f]{32}")


async def test_a_first_message_gets_a_new_128_bit_session_and_the_topic_menu(engine: AsyncEngine) -> None:
    site = make_site(engine)
    async with site.client() as client:
        first, second = Visitor(client), Visitor(client)
        berichten = await first.say("/start")
        await second.say("/start")

    assert SESSION.fullmatch(first.sessie or "")
    assert first.sessie != second.sessie
    assert "Welkom" in text_of(berichten[0])
    assert {"label": "Box 3: sparen en beleggen", "token": "menu|box3"} in berichten[0]["knoppen"]
    assert set(berichten[0]) == {"tekst", "knoppen", "open"}


async def test_the_conversation_is_stored_in_telegrams_table_keyed_by_channel_and_session(engine: AsyncEngine) -> None:
    site = make_site(engine)
    async with site.client() as client:
        visitor = Visitor(client)
        await visitor.say("/start")
        await visitor.press("Box 3: sparen en beleggen")
        berichten = await visitor.press("Nee")

    assert "spaargeld" in text_of(berichten[-1]).lower()
    async with async_sessionmaker(engine)() as session:
        rows = list(await session.scalars(select(ConversationState)))
    assert [(row.channel, row.conversation_id, row.version) for row in rows] == [("web", visitor.sessie, 3)]
    assert rows[0].user_id == rows[0].chat_id == visitor_id(visitor.sessie or "") < 0
    assert rows[0].expires_at == NOW + site.settings.idle_timeout


@pytest.mark.parametrize("sessie", ["0" * 32, "nog-nooit-gezien", "A" * 64])
async def test_an_unknown_or_malformed_session_starts_a_new_conversation_under_a_new_id(
    engine: AsyncEngine, sessie: str
) -> None:
    site = make_site(engine)
    async with site.client() as client:
        visitor = Visitor(client, sessie=sessie)
        berichten = await visitor.say("box 3")

    assert visitor.sessie != sessie
    assert SESSION.fullmatch(visitor.sessie or "")
    assert "Box 3" in text_of(berichten[0])


async def test_a_session_silent_past_the_idle_deadline_starts_over_and_says_so(engine: AsyncEngine) -> None:
    site = make_site(engine)
    async with site.client() as client:
        visitor = Visitor(client)
        await visitor.say("/start")
        await visitor.press("Box 3: sparen en beleggen")
        sessie = visitor.sessie
        site.clock.advance(site.settings.idle_timeout + dt.timedelta(minutes=1))
        berichten = await visitor.say("150000")

    assert visitor.sessie == sessie
    assert text_of(berichten[0]) == VERLOPEN


async def test_a_typed_name_comes_back_as_text_never_as_markup_and_amounts_as_bold_pieces(
    engine: AsyncEngine,
) -> None:
    site = make_site(engine)
    async with site.client() as client:
        visitor = Visitor(client)
        await box3_result(visitor)
        bold = [stuk["tekst"] for stuk in visitor.berichten[0]["tekst"] if stuk["vet"]]
        await leave_lead(visitor, naam='<img src=x onerror="alert(1)"> Jansen')

    assert bold == ["€\xa0417,60", "€\xa01.160"], "an amount never breaks after the euro sign"
    assert '<img src=x onerror="alert(1)"> Jansen' in visitor.text()


async def test_the_adviser_is_offered_by_phone_or_email_only_on_the_website(engine: AsyncEngine) -> None:
    site = make_site(engine)
    async with site.client() as client:
        visitor = Visitor(client)
        await box3_result(visitor)
        await visitor.press("Praat met een adviseur")
        await visitor.press("Ja")
        await visitor.say("Anne de Vries")

    assert visitor.labels() == ["Telefoon", "E-mail"]


async def test_a_lead_from_the_website_is_stored_with_channel_web_and_announced_once(engine: AsyncEngine) -> None:
    site = make_site(engine)
    async with site.client() as client:
        visitor = Visitor(client)
        await box3_result(visitor)
        await leave_lead(visitor)

    assert "Een adviseur van Boekhouding Jansen belt u 's ochtends" in visitor.text()
    (lead,) = await LeadStore(engine).all()
    assert (lead.channel, lead.naam, lead.telefoon, lead.onderwerp) == ("web", "Anne de Vries", "+31612345678", "box3")
    assert lead.user_id == visitor_id(visitor.sessie or "")
    assert "via web" in leads_list_text([lead])
    (row,) = csv.DictReader(io.StringIO(csv_export([lead]).decode()))
    assert (row["gesprek_via"], row["telegram_id"], row["naam"]) == ("web", "", "Anne de Vries")
    assert "Gesprek via: de website" in announcement_text(lead, "nieuw")
    assert "tg://" not in announcement_text(lead, "nieuw")
    async with async_sessionmaker(engine)() as session:
        announcements = list(await session.scalars(select(Outbox).where(Outbox.method == ANNOUNCE_LEAD)))
        channels = set(await session.scalars(select(FunnelEvent.channel)))
    assert [row.lead_id for row in announcements] == [lead.id]
    assert channels == {"web"}
    stats = await LeadStore(engine).stats(now=NOW)
    assert [(row.sleutel, row.gesprekken, row.leads) for row in stats.per_kanaal] == [("web", 1, 1)]
    assert "de website: 1 gesprekken" in stats_text(stats)


async def test_the_advisers_notes_never_reach_the_visitor(engine: AsyncEngine) -> None:
    notes = bereken(
        "box3", {"jaar": 2026, "spaargeld": 150000, "beleggingen": 0, "schulden": 0, "fiscale_partner": False}
    ).toelichting
    assert notes, "box 3 in 2026 has a provisional rate, with a note for the advisers"
    site = make_site(engine)
    seen = []
    async with site.client() as client:
        visitor = Visitor(client)
        await box3_result(visitor)
        seen.append(visitor.text())
        for detail in ("Berekening", "Uitgangspunten", "Bronnen"):
            await visitor.press(detail)
            seen.append(visitor.text())
        await leave_lead(visitor)
        seen.append(visitor.text())
        seen.append(text_of((await visitor.say("/privacy"))[0]))

    (lead,) = await LeadStore(engine).all()
    assert lead.uitkomst is not None and lead.uitkomst["toelichting"], "the adviser does get them"
    for note in notes:
        assert all(note not in shown for shown in seen)


async def test_privacy_shows_the_sessions_lead_and_vergeet_erases_everything(engine: AsyncEngine) -> None:
    site = make_site(engine)
    async with site.client() as client:
        visitor = Visitor(client)
        await box3_result(visitor)
        await leave_lead(visitor)
        shown = text_of((await visitor.say("/privacy"))[0])
        await visitor.say("/vergeet")
        await visitor.press("Ja")
        gone = visitor.text()
        after = Visitor(client, sessie=visitor.sessie)
        await after.say("/privacy")

    assert "Anne de Vries" in shown and "gesprek via: de website" in shown
    assert "gewist" in gone.lower()
    assert await LeadStore(engine).all() == []
    assert "Anne de Vries" not in after.text()
    assert after.sessie != visitor.sessie, "the forgotten session is not known any more"


async def test_nothing_the_visitor_typed_and_not_their_session_is_logged(
    engine: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    site = make_site(engine)
    async with site.client() as client:
        visitor = Visitor(client)
        await box3_result(visitor)
        await leave_lead(visitor, naam="Zeldzame Achternaam", telefoon="06 24681357")

    assert visitor.sessie is not None
    for private in ("Zeldzame", "24681357", "150.000", visitor.sessie):
        assert private not in caplog.text


async def test_a_failing_database_gets_a_dutch_apology_not_a_traceback(engine: AsyncEngine) -> None:
    site = make_site(engine)
    async with engine.begin() as connection:
        await connection.execute(text("DROP TABLE conversation_state"))
    async with site.client() as client:
        response = await client.post("/api/v1/chat", json={"tekst": "/start"})

    assert response.status_code == 503
    assert response.json() == {
        "fout": "Het lukt even niet om te antwoorden. Probeer het over een minuut opnieuw.",
        "veld": None,
    }
