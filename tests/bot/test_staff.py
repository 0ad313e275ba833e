"""Staff commands (bot/staff.py, wired in bot/app.py) through Application.process_update: only for staff and only
in their own private chat or the staff chat, /leads, /lead, /status with strict numbers, /export for Excel,
/stats; on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.app import BotApplication
from bot.lead_export import CSV_COLUMNS
from bot.models import AuditLog, LeadStatusChange
from bot.staff import parse_number
from bot.state_store import StateStore
from tests.bot.fake_bot_api import USER, FakeBotApi, text_update
from tests.bot.in_process import leave_a_lead, make_settings, running, send
from tests.bot.test_leads import commit, event, lead_actie

ADMIN = {"id": 9001, "is_bot": False, "first_name": "Bea", "username": "bea_kantoor"}
STAFF_CHAT = -100_555
STAFF_COMMANDS = ("/leads", "/lead 1", "/status 1 klant", "/export", "/stats")
UNKNOWN = "Die opdracht ken ik niet. Typ /help voor wat ik wel kan."


@pytest.fixture
def fake() -> FakeBotApi:
    return FakeBotApi()


@pytest.fixture
async def app(engine: AsyncEngine, fake: FakeBotApi) -> AsyncIterator[BotApplication]:
    settings = make_settings(admin_user_ids=frozenset({ADMIN["id"]}), leads_chat_id=STAFF_CHAT)
    async with running(engine, fake, settings) as (application, _):
        yield application


def group_update(text: str, chat_id: int, user: dict[str, Any] = ADMIN) -> dict[str, Any]:
    update = text_update(text, user=user)
    update["message"]["chat"] = {"id": chat_id, "type": "supergroup", "title": "Kantoor"}
    return update


@pytest.mark.parametrize("command", STAFF_COMMANDS)
async def test_a_non_admin_gets_the_unknown_command_answer_and_nothing_else(
    app: BotApplication, fake: FakeBotApi, store: StateStore, command: str
) -> None:
    await commit(store, [lead_actie()])
    fake.clear()
    await send(app, text_update(command))  # USER is no admin
    assert fake.texts() == UNKNOWN
    assert fake.methods() == ["sendMessage"]
    assert fake.documents == []


@pytest.mark.parametrize("command", STAFF_COMMANDS)
async def test_without_admin_user_ids_nobody_is_staff(
    engine: AsyncEngine, fake: FakeBotApi, store: StateStore, command: str
) -> None:
    await commit(store, [lead_actie()])
    async with running(engine, fake, make_settings(leads_chat_id=STAFF_CHAT)) as (application, _):
        await send(application, text_update(command, user=ADMIN))
    assert fake.texts() == UNKNOWN


async def test_leads_lists_the_recent_leads_with_their_status(
    app: BotApplication, fake: FakeBotApi, store: StateStore
) -> None:
    await commit(store, [lead_actie()])
    await commit(store, [lead_actie(naam="Bert Jansen", onderwerp="kia")], user_id=5151)
    await send(app, text_update("/leads", user=ADMIN))
    text = fake.texts()
    assert text.index("#2") < text.index("#1"), "newest first"
    assert "#1 · 23-11-2026 13:00 · nieuw · box3 · Anne de Vries · telefoon +31612345678" in text
    assert "Bert Jansen" in text


async def test_lead_shows_the_whole_packet(app: BotApplication, fake: FakeBotApi, store: StateStore) -> None:
    await commit(store, [lead_actie()])
    await send(app, text_update("/lead 1", user=ADMIN))
    text = fake.texts()
    for fragment in ("Aanvraag #1", "Anne de Vries", "Box 3-belasting € 417,60", "Campagne: zomer", "@anne_ondernemer"):
        assert fragment in text
    fake.clear()
    await send(app, text_update("/lead 99", user=ADMIN))
    assert "Aanvraag #99 bestaat niet" in fake.texts()
    fake.clear()
    await send(app, text_update("/lead", user=ADMIN))
    assert "Gebruik: /lead <nr>" in fake.texts()


@pytest.mark.parametrize("argument", ["²", "٣", "１", "1_0", "-1", "0", "99999999999", "2147483648", "#", "1 2"])
async def test_a_lead_number_that_is_no_plain_number_or_out_of_range_gets_the_usage_line(
    app: BotApplication, fake: FakeBotApi, store: StateStore, argument: str
) -> None:
    await commit(store, [lead_actie()])
    await send(app, text_update(f"/lead {argument}", user=ADMIN))
    await send(app, text_update(f"/status {argument} klant", user=ADMIN))
    assert fake.sent_texts() == [
        "Gebruik: /lead <nr>, bijvoorbeeld /lead 12.",
        "Gebruik: /status <nr> <status>, met status een van: nieuw, in behandeling, klant, afgewezen.",
    ], "never the apology meant for users"


def test_lead_numbers_are_ascii_digits_within_the_column() -> None:
    assert [parse_number(t) for t in ("12", "#12", " 7 ", "2147483647")] == [12, 12, 7, 2147483647]
    assert [parse_number(t) for t in ("²", "٧٧", "１２", "1_000", "2147483648", "")] == [None] * 6


async def test_status_changes_the_status_and_refuses_an_unknown_one(
    app: BotApplication, fake: FakeBotApi, store: StateStore
) -> None:
    await commit(store, [lead_actie()])
    await send(app, text_update("/status 1 in behandeling", user=ADMIN))
    assert "Aanvraag #1 (Anne de Vries) staat nu op 'in behandeling'." in fake.texts()
    fake.clear()
    await send(app, text_update("/status 1 gewonnen", user=ADMIN))
    assert "Gebruik: /status <nr> <status>" in fake.texts()
    fake.clear()
    await send(app, text_update("/status 1 klant", user=ADMIN))
    await send(app, text_update("/leads", user=ADMIN))
    assert "· klant ·" in fake.texts()


async def test_a_status_set_in_telegram_is_in_the_leads_history_and_the_audit_log_like_the_dashboards(
    app: BotApplication, engine: AsyncEngine, store: StateStore
) -> None:
    await commit(store, [lead_actie()])
    await send(app, text_update("/status 1 in behandeling", user=ADMIN))
    async with AsyncSession(engine) as session:
        history = list(await session.scalars(select(LeadStatusChange)))
        audit = list(await session.scalars(select(AuditLog)))
    assert [(h.lead_id, h.old_status, h.new_status, h.staff_email) for h in history] == [
        (1, "nieuw", "in behandeling", f"telegram:{ADMIN['id']}")
    ]
    assert [(a.action, a.lead_id, a.staff_email) for a in audit] == [("status", 1, f"telegram:{ADMIN['id']}")]


async def test_export_sends_the_leads_as_a_csv_document(
    app: BotApplication, fake: FakeBotApi, store: StateStore
) -> None:
    await commit(store, [lead_actie()])
    await commit(store, [lead_actie(naam="Bert Jansen")], user_id=5151)
    await send(app, text_update("/export", user=ADMIN))
    [(filename, content)] = fake.documents
    assert filename.startswith("aanvragen-") and filename.endswith(".csv")
    assert content.startswith(b"\xef\xbb\xbf"), "for Excel, which staff open it in"
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    assert [row["naam"] for row in reader] == ["Anne de Vries", "Bert Jansen"]
    assert "2 aanvragen" in fake.calls("sendDocument")[0]["caption"]


async def test_stats_shows_the_funnel_per_topic_and_campaign(
    app: BotApplication, fake: FakeBotApi, store: StateStore
) -> None:
    await commit(store, [event("gesprek_gestart"), event("berekening")])
    await commit(store, [event("gesprek_gestart", campagne=None)], user_id=2)
    await commit(store, [lead_actie(), event("lead")])
    await send(app, text_update("/stats", user=ADMIN))
    text = fake.texts()
    assert "box3: 2 gesprekken, 1 berekeningen, 0 keer adviseur gevraagd, 1 leads, conversie 50,0%" in text
    assert "zomer: 1 gesprekken, 1 berekeningen, 0 keer adviseur gevraagd, 1 leads, conversie 100,0%" in text
    assert "(geen campagne): 1 gesprekken" in text


async def test_staff_commands_work_in_the_staff_chat_and_nowhere_else_in_groups(
    app: BotApplication, fake: FakeBotApi, store: StateStore
) -> None:
    await commit(store, [lead_actie()])
    await send(app, group_update("/leads", STAFF_CHAT))
    assert "Anne de Vries" in fake.texts()
    fake.clear()
    await send(app, group_update("/leads", -100_999))
    await send(app, group_update("/export", -100_999))
    assert fake.methods() == [], "an admin's /leads in another group gets nothing"


async def test_a_forged_private_update_that_names_someone_elses_chat_gets_nothing_of_staff(
    app: BotApplication, fake: FakeBotApi, store: StateStore
) -> None:
    await commit(store, [lead_actie()])
    forged = text_update("/export", user=ADMIN)
    forged["message"]["chat"] = {"id": 666, "type": "private", "first_name": "Mallory"}
    await send(app, forged)
    assert fake.documents == []
    assert "Anne de Vries" not in fake.texts()


async def test_a_lead_left_in_telegram_is_visible_to_staff(app: BotApplication, fake: FakeBotApi) -> None:
    await leave_a_lead(app)
    fake.clear()
    await send(app, text_update("/lead 1", user=ADMIN))
    text = fake.texts()
    assert "Anne de Vries" in text and f"id {USER['id']}" in text and "Campagne: zomer" in text
