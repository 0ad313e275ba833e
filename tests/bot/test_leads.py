"""Leads stored with the turn (bot/lead_storage.py through StateStore.commit_turn), their dedupe, the CSV export,
the funnel statistics and `adviesbot leads …`, on SQLite and PostgreSQL. The storage helpers here are shared by
the other lead-funnel tests (test_outbox, test_staff, test_privacy, test_retention, test_reminders)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.calls import ANNOUNCE_LEAD
from bot.cli import main
from bot.lead_export import CSV_COLUMNS, csv_export
from bot.lead_storage import LeadStore
from bot.lead_texts import stats_text
from bot.models import ConversationState, FunnelEvent, Lead, LeadAnnouncement, Outbox
from bot.state_store import StaleState, StateStore
from tests.bot.fake_bot_api import USER, FakeBotApi
from tests.bot.in_process import leave_a_lead, running

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
USER_ID = USER["id"]
IDLE = dt.timedelta(hours=24)
STATE = {"v": 1, "fase": "klaar", "onderwerp": "box3"}


def lead_actie(**overrides: Any) -> dict[str, Any]:
    """A lead action exactly as the engine emits it (the funnel contract)."""
    actie: dict[str, Any] = {
        "soort": "lead",
        "onderwerp": "box3",
        "campagne": "zomer",
        "naam": "Anne de Vries",
        "kanaal": "telefoon",
        "telefoon": "+31612345678",
        "email": None,
        "moment": "ochtend (9–12 uur)",
        "vraag": "Kan ik mijn spaargeld beter beleggen?",
        "antwoorden": [["fiscale partner", "nee"], ["spaargeld op 1 januari", "€ 150.000"]],
        "invoer": {"jaar": 2026, "spaargeld": "150000", "fiscale_partner": False},
        "uitkomst": {
            "titel": "Box 3: sparen en beleggen",
            "hoofdwaarde": "Box 3-belasting",
            "bedrag": "€ 417,60",
            "conclusie": "U betaalt over 2026 naar schatting € 417,60 box 3-belasting.",
            "waarden": [["Rendement", "€ 1.920"], ["Box 3-belasting", "€ 417,60"]],
            "voorlopig": ["Forfaitair rendement banktegoeden (2026): 1,28% is voorlopig."],
            "aannames": ["De bedragen zijn de stand op 1 januari 2026."],
        },
        "privacy_versie": "2026-11-23",
    }
    actie.update(overrides)
    return actie


def event(naam: str, onderwerp: str | None = "box3", campagne: str | None = "zomer") -> dict[str, Any]:
    return {"soort": "gebeurtenis", "naam": naam, "onderwerp": onderwerp, "campagne": campagne}


def reminder_actie(datum: str = "2026-12-01", onderwerp: str = "anbi-contributie", tekst: str = "") -> dict[str, Any]:
    return {
        "soort": "herinnering",
        "onderwerp": onderwerp,
        "datum": datum,
        "tekst": tekst or f"Herinnering: leg uw periodieke gift vast ({datum}).",
    }


async def commit(
    store: StateStore,
    acties: Sequence[dict[str, Any]],
    *,
    user_id: int = USER_ID,
    username: str | None = "anne_ondernemer",
    now: dt.datetime = NOW,
    update_id: int | None = None,
) -> int | None:
    """One turn of `user_id` that carries `acties`, as bot/turns.py commits it; its new version."""
    stored = await store.load(user_id, user_id)
    committed = await store.commit_turn(
        update_id=update_id,
        chat_id=user_id,
        user_id=user_id,
        state=STATE,
        expected_version=stored.version if stored else None,
        idle_timeout=IDLE,
        now=now,
        acties=acties,
        username=username,
    )
    return None if committed is None else committed.version


async def announcements(engine: AsyncEngine) -> list[Any]:
    """The announcements still to be sent (outbox rows)."""
    async with engine.connect() as connection:
        query = select(Outbox).where(Outbox.method == ANNOUNCE_LEAD).order_by(Outbox.id)
        return list((await connection.execute(query)).mappings())


async def rows(engine: AsyncEngine, model: Any) -> list[Any]:
    async with engine.connect() as connection:
        return list((await connection.execute(select(model).order_by(model.id))).mappings())


async def rows_by_user(engine: AsyncEngine, user_id: int = USER_ID) -> list[Any]:
    async with engine.connect() as connection:
        result = await connection.execute(select(ConversationState).where(ConversationState.user_id == user_id))
        return list(result.mappings())


# Stored with the turn ------------------------------------------------------------------------------------
async def test_a_lead_is_stored_with_the_turn_with_the_whole_packet(store: StateStore, engine: AsyncEngine) -> None:
    assert await commit(store, [lead_actie(), event("lead")], update_id=1) == 1

    [lead] = await rows(engine, Lead)
    packet = lead_actie()
    for name in ("onderwerp", "campagne", "naam", "kanaal", "telefoon", "moment", "vraag", "privacy_versie"):
        assert lead[name] == packet[name], name
    assert lead["antwoorden"] == packet["antwoorden"]
    assert lead["invoer"] == packet["invoer"]
    assert lead["uitkomst"] == packet["uitkomst"]
    assert lead["email"] is None
    assert (lead["user_id"], lead["username"], lead["status"]) == (USER_ID, "anne_ondernemer", "nieuw")
    assert lead["toestemming_op"] == NOW
    [outbox] = await announcements(engine)
    assert (outbox["lead_id"], outbox["params"], outbox["chat_id"]) == (lead["id"], {"soort": "nieuw"}, None)
    [stored_event] = await rows(engine, FunnelEvent)
    assert (stored_event["naam"], stored_event["user_id"]) == ("lead", USER_ID)


async def test_a_redelivered_update_stores_its_lead_once(store: StateStore, engine: AsyncEngine) -> None:
    assert await commit(store, [lead_actie(), event("lead")], update_id=7) == 1
    assert await commit(store, [lead_actie(), event("lead")], update_id=7) is None
    assert len(await rows(engine, Lead)) == 1
    assert len(await announcements(engine)) == 1
    assert len(await rows(engine, FunnelEvent)) == 1


async def test_a_stale_turn_stores_no_lead_either(store: StateStore, engine: AsyncEngine) -> None:
    await commit(store, [])
    with pytest.raises(StaleState):
        await store.commit_turn(
            update_id=8,
            chat_id=USER_ID,
            user_id=USER_ID,
            state=STATE,
            expected_version=None,  # there is a conversation: this turn lost the race
            idle_timeout=IDLE,
            now=NOW,
            acties=[lead_actie(), event("lead"), reminder_actie()],
        )
    assert await rows(engine, Lead) == []
    assert await rows(engine, FunnelEvent) == []


async def test_a_turn_without_actions_behaves_as_before(store: StateStore, engine: AsyncEngine) -> None:
    assert await commit(store, []) == 1
    assert await rows(engine, Lead) == []


# Dedupe ----------------------------------------------------------------------------------------------------
async def test_the_same_user_on_the_same_topic_within_24_hours_updates_the_lead(
    store: StateStore, engine: AsyncEngine
) -> None:
    await commit(store, [lead_actie(), event("lead")])
    later = NOW + dt.timedelta(hours=23)
    await commit(store, [lead_actie(telefoon="+31687654321", moment="maakt niet uit"), event("lead")], now=later)

    [lead] = await rows(engine, Lead)
    assert (lead["telefoon"], lead["moment"]) == ("+31687654321", "maakt niet uit")
    assert lead["toestemming_op"] == later, "the consent time is refreshed"
    assert lead["created_at"] == NOW
    assert len(await announcements(engine)) == 1, "the pending announcement will carry the new details"
    stats = await LeadStore(engine).stats()
    assert stats.totaal.leads == 1, "an update is not a second lead in the statistics"


async def test_a_second_request_without_a_new_calculation_keeps_the_richer_packet(
    store: StateStore, engine: AsyncEngine
) -> None:
    await commit(store, [lead_actie()])
    poorer = lead_actie(antwoorden=[], invoer=None, uitkomst=None, vraag=None, campagne=None, naam="")
    await commit(store, [{**poorer, "moment": "maakt niet uit"}], now=NOW + dt.timedelta(hours=2))

    [lead] = await rows(engine, Lead)
    richer = lead_actie()
    for name in ("antwoorden", "invoer", "uitkomst", "vraag", "campagne", "naam"):
        assert lead[name] == richer[name], f"{name} is not wiped by a request that does not mention it"
    assert lead["moment"] == "maakt niet uit", "what the new request does say replaces the old"
    assert lead["toestemming_op"] == NOW + dt.timedelta(hours=2)


async def test_another_topic_another_user_or_a_day_later_is_a_new_lead(store: StateStore, engine: AsyncEngine) -> None:
    await commit(store, [lead_actie()])
    await commit(store, [lead_actie(onderwerp="kia")])
    await commit(store, [lead_actie()], user_id=5151, username="ander")
    await commit(store, [lead_actie()], now=NOW + dt.timedelta(hours=25))
    leads = await rows(engine, Lead)
    assert [(lead["user_id"], lead["onderwerp"]) for lead in leads] == [
        (USER_ID, "box3"),
        (USER_ID, "kia"),
        (5151, "box3"),
        (USER_ID, "box3"),
    ]
    assert len(await announcements(engine)) == 4


async def test_a_general_question_without_topic_is_deduplicated_too(store: StateStore, engine: AsyncEngine) -> None:
    general = lead_actie(onderwerp=None, antwoorden=[], invoer=None, uitkomst=None)
    await commit(store, [general])
    await commit(store, [general], now=NOW + dt.timedelta(hours=1))
    assert len(await rows(engine, Lead)) == 1


async def test_an_update_after_the_announcement_went_out_is_announced_as_bijgewerkt_only_when_it_changed(
    store: StateStore, engine: AsyncEngine
) -> None:
    await commit(store, [lead_actie()])
    async with engine.begin() as connection:  # as the outbox records a delivered announcement
        await connection.execute(Outbox.__table__.delete())
        await connection.execute(
            LeadAnnouncement.__table__.insert().values(
                lead_id=1, soort="nieuw", chat_id=-100, message_id=1, sent_at=NOW
            )
        )
    await commit(store, [lead_actie()], now=NOW + dt.timedelta(hours=1))
    assert await announcements(engine) == [], "nothing changed: nothing to announce"
    await commit(store, [lead_actie(email="anne@example.nl")], now=NOW + dt.timedelta(hours=2))
    assert [row["params"]["soort"] for row in await announcements(engine)] == ["bijgewerkt"]


async def test_an_unknown_action_is_skipped_and_the_turn_still_counts(store: StateStore, engine: AsyncEngine) -> None:
    assert await commit(store, [{"soort": "iets_nieuws"}, lead_actie()]) == 1
    assert len(await rows(engine, Lead)) == 1


# CSV and statistics -----------------------------------------------------------------------------------------
async def test_the_csv_export_has_a_header_and_one_row_per_lead_with_every_packet_field(
    store: StateStore, engine: AsyncEngine
) -> None:
    await commit(store, [lead_actie()])
    await commit(
        store,
        [lead_actie(naam='=HYPERLINK("x")', kanaal="email", telefoon=None, email="a@b.nl", onderwerp="kia")],
        user_id=5151,
        username=None,
    )
    data = csv_export(await LeadStore(engine).all())

    reader = csv.DictReader(io.StringIO(data.decode("utf-8")))
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    first, second = list(reader)
    assert first["nr"] == "1" and first["status"] == "nieuw"
    assert first["telegram_id"] == str(USER_ID) and first["telegram_gebruikersnaam"] == "anne_ondernemer"
    assert first["naam"] == "Anne de Vries"
    assert first["telefoon"] == "+31612345678", "a phone number keeps its +"
    assert first["moment"] == "ochtend (9–12 uur)"
    assert first["campagne"] == "zomer"
    assert first["antwoorden"] == "fiscale partner: nee; spaargeld op 1 januari: € 150.000"
    assert first["uitkomst_hoofdwaarde"] == "Box 3-belasting" and first["uitkomst_bedrag"] == "€ 417,60"
    assert first["uitkomst_waarden"] == "Rendement: € 1.920; Box 3-belasting: € 417,60"
    assert "voorlopig" in first["voorlopig"] and "1 januari" in first["aannames"]
    assert first["toestemming_op"] == "2026-11-23T13:00:00+01:00", "times in Dutch local time, with the offset"
    assert first["privacy_versie"] == "2026-11-23"
    assert '"spaargeld": "150000"' in first["invoer"]
    assert second["naam"] == '\'=HYPERLINK("x")', "a formula typed as a name stays text in a spreadsheet"
    assert second["email"] == "a@b.nl" and second["telegram_gebruikersnaam"] == ""


async def test_the_excel_csv_has_a_byte_order_mark_semicolons_and_numbers_as_text(
    store: StateStore, engine: AsyncEngine
) -> None:
    await commit(store, [lead_actie(naam='=HYPERLINK("x")')])
    leads = await LeadStore(engine).all()

    excel = csv_export(leads, excel=True)
    assert excel.startswith(b"\xef\xbb\xbf"), "Excel reads UTF-8 only with a byte-order mark"
    [row] = list(csv.DictReader(io.StringIO(excel.decode("utf-8-sig")), delimiter=";"))
    assert tuple(row) == CSV_COLUMNS
    assert row["telefoon"] == '="+31612345678"', "Excel keeps the + and the leading digits of text"
    assert row["telegram_id"] == f'="{USER_ID}"', "a long id must not become 1,23E+09"
    assert row["naam"] == '\'=HYPERLINK("x")', "a typed formula is still text"
    assert row["uitkomst_bedrag"] == "€ 417,60"

    tools = csv_export(leads)
    assert not tools.startswith(b"\xef\xbb\xbf") and b";" not in tools.splitlines()[0], "the default is unchanged"
    [plain] = list(csv.DictReader(io.StringIO(tools.decode("utf-8"))))
    assert plain["telefoon"] == "+31612345678" and plain["telegram_id"] == str(USER_ID)


async def test_the_statistics_count_per_topic_and_campaign_with_conversion(
    store: StateStore, engine: AsyncEngine
) -> None:
    for user_id in (1, 2, 3, 4):
        await commit(store, [event("gesprek_gestart")], user_id=user_id)
    await commit(store, [event("berekening")], user_id=1)
    await commit(store, [event("berekening")], user_id=2)
    await commit(store, [lead_actie(), event("lead")], user_id=1)
    await commit(store, [event("gesprek_gestart", "kia", None)], user_id=5)

    stats = await LeadStore(engine).stats()
    box3 = next(r for r in stats.per_onderwerp if r.sleutel == "box3")
    assert (box3.gesprekken, box3.berekeningen, box3.leads, box3.conversie) == (4, 2, 1, 0.25)
    zomer = next(r for r in stats.per_campagne if r.sleutel == "zomer")
    assert (zomer.gesprekken, zomer.leads) == (4, 1)
    geen = next(r for r in stats.per_campagne if r.sleutel is None)
    assert (geen.gesprekken, geen.leads, geen.conversie) == (1, 0, 0.0)
    assert (stats.totaal.gesprekken, stats.totaal.leads) == (5, 1)
    text = stats_text(stats)
    assert "box3: 4 gesprekken, 2 berekeningen, 0 keer adviseur gevraagd, 1 leads, conversie 25,0%" in text
    assert "(geen campagne): 1 gesprekken" in text


# Done when: a lead left in Telegram shows up in `adviesbot leads list` and in the CSV export -----------------
async def test_a_lead_left_in_telegram_shows_up_in_adviesbot_leads_list_and_export(
    engine: AsyncEngine, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    async with running(engine, FakeBotApi()) as (application, _):
        await leave_a_lead(application)
    [state] = await rows_by_user(engine)
    assert "acties" not in state["state"], "the actions are carried out, not stored with the state"

    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)  # no stray .env
    # The CLI runs its own event loop, as from a terminal: in a worker thread here.
    import asyncio

    assert await asyncio.to_thread(main, ["leads", "list"]) == 0
    listing = capsys.readouterr().out
    assert "#1" in listing and "nieuw" in listing and "Anne de Vries" in listing and "+31612345678" in listing

    target = tmp_path / "aanvragen.csv"
    assert await asyncio.to_thread(main, ["leads", "export", "--csv", str(target)]) == 0
    [row] = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert row["naam"] == "Anne de Vries" and row["campagne"] == "zomer" and row["onderwerp"] == "box3"
    assert row["vraag"] == "Kan ik mijn spaargeld beter beleggen?"
    assert row["uitkomst_bedrag"] == "€ 417,60"
    assert "fiscale partner: nee" in row["antwoorden"]

    excel = tmp_path / "excel.csv"
    assert await asyncio.to_thread(main, ["leads", "export", "--csv", str(excel), "--excel"]) == 0
    assert excel.read_bytes().startswith(b"\xef\xbb\xbfnr;status;")

    assert await asyncio.to_thread(main, ["leads", "stats"]) == 0
    stats = capsys.readouterr().out
    assert "box3: 1 gesprekken, 1 berekeningen, 1 keer adviseur gevraagd, 1 leads, conversie 100,0%" in stats


async def test_actions_of_a_turn_without_stored_state_can_be_stored_on_their_own(engine: AsyncEngine) -> None:
    """For a caller outside StateStore.commit_turn (the terminal chat keeps its state in memory)."""
    applied = await LeadStore(engine).store_actions(
        [lead_actie(), event("lead")], user_id=0, chat_id=0, username=None, now=NOW
    )
    assert (applied.new_leads, applied.events) == ([1], 1)
    [lead] = await rows(engine, Lead)
    assert (lead["user_id"], lead["username"], lead["naam"]) == (0, None, "Anne de Vries")
