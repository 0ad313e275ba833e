"""Staff commands (bot/admin.py) through Application.process_update: the admin guard, /leads, /lead, /status,
/export and /stats; on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram.request import RequestData

from bot.app import BotApplication, build_application, build_services
from bot.leads import CSV_COLUMNS
from bot.state_store import StateStore
from tests.bot.telegram_fakes import USER, RecordingRequest, text_update
from tests.bot.test_leads import commit, event, lead_actie, leave_a_lead, make_settings, send

ADMIN = {"id": 9001, "is_bot": False, "first_name": "Bea", "username": "bea_kantoor"}
STAFF_CHAT = -100_555
STAFF_COMMANDS = ("/leads", "/lead 1", "/status 1 klant", "/export", "/stats")


class DocumentRequest(RecordingRequest):
    """Also answers sendDocument with a message, keeping the uploaded file's bytes in `documents`."""

    def __init__(self) -> None:
        super().__init__()
        self.documents: list[tuple[str, bytes]] = []

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **kwargs: Any
    ) -> tuple[int, bytes]:
        if not url.endswith("/sendDocument"):
            return await super().do_request(url, method, request_data, **kwargs)
        assert request_data is not None
        params = dict(request_data.parameters)
        self.calls.append(("sendDocument", params))
        for name, content, *_ in request_data.multipart_data.values():
            self.documents.append((str(name), content if isinstance(content, bytes) else content.read()))
        result = {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": int(params["chat_id"]), "type": "private"},
            "document": {"file_id": "d", "file_unique_id": "d"},
        }
        return 200, json.dumps({"ok": True, "result": result}).encode()


@pytest.fixture
def fake() -> DocumentRequest:
    return DocumentRequest()


@pytest.fixture
async def app(engine: AsyncEngine, fake: DocumentRequest) -> AsyncIterator[BotApplication]:
    settings = make_settings(admin_user_ids=frozenset({ADMIN["id"]}), leads_chat_id=STAFF_CHAT)
    application = build_application(
        settings, build_services(settings, engine), request=fake, polling=False, rate_limit=False
    )
    async with application:
        yield application


def group_update(text: str, chat_id: int, user: dict[str, Any] = ADMIN) -> dict[str, Any]:
    update = text_update(text, user=user)
    update["message"]["chat"] = {"id": chat_id, "type": "supergroup", "title": "Kantoor"}
    return update


@pytest.mark.parametrize("command", STAFF_COMMANDS)
async def test_a_non_admin_gets_the_unknown_command_answer_and_nothing_else(
    app: BotApplication, fake: DocumentRequest, store: StateStore, command: str
) -> None:
    await commit(store, [lead_actie()])
    fake.clear()
    await send(app, text_update(command))  # USER is no admin
    assert fake.texts() == "Die opdracht ken ik niet. Typ /help voor wat ik wel kan."
    assert [api for api, _ in fake.calls] == ["sendMessage"]
    assert fake.documents == []


@pytest.mark.parametrize("command", STAFF_COMMANDS)
async def test_without_admin_user_ids_nobody_is_staff(
    engine: AsyncEngine, fake: DocumentRequest, store: StateStore, command: str
) -> None:
    await commit(store, [lead_actie()])
    settings = make_settings(leads_chat_id=STAFF_CHAT)
    application = build_application(
        settings, build_services(settings, engine), request=fake, polling=False, rate_limit=False
    )
    async with application:
        await send(application, text_update(command, user=ADMIN))
    assert fake.texts() == "Die opdracht ken ik niet. Typ /help voor wat ik wel kan."


async def test_leads_lists_the_recent_leads_with_their_status(
    app: BotApplication, fake: DocumentRequest, store: StateStore
) -> None:
    await commit(store, [lead_actie()])
    await commit(store, [lead_actie(naam="Bert Jansen", onderwerp="kia")], user_id=5151)
    await send(app, text_update("/leads", user=ADMIN))
    text = fake.texts()
    assert text.index("#2") < text.index("#1"), "newest first"
    assert "#1 · 23-11-2026 13:00 · nieuw · box3 · Anne de Vries · telefoon +31612345678" in text
    assert "Bert Jansen" in text


async def test_lead_shows_the_whole_packet(app: BotApplication, fake: DocumentRequest, store: StateStore) -> None:
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


async def test_status_changes_the_status_and_refuses_an_unknown_one(
    app: BotApplication, fake: DocumentRequest, store: StateStore
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


async def test_export_sends_the_leads_as_a_csv_document(
    app: BotApplication, fake: DocumentRequest, store: StateStore
) -> None:
    await commit(store, [lead_actie()])
    await commit(store, [lead_actie(naam="Bert Jansen")], user_id=5151)
    await send(app, text_update("/export", user=ADMIN))
    [(filename, content)] = fake.documents
    assert filename.startswith("aanvragen-") and filename.endswith(".csv")
    reader = csv.DictReader(io.StringIO(content.decode("utf-8")))
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    assert [row["naam"] for row in reader] == ["Anne de Vries", "Bert Jansen"]
    assert "2 aanvragen" in fake.sent("sendDocument")[0]["caption"]


async def test_stats_shows_the_funnel_per_topic_and_campaign(
    app: BotApplication, fake: DocumentRequest, store: StateStore
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
    app: BotApplication, fake: DocumentRequest, store: StateStore
) -> None:
    await commit(store, [lead_actie()])
    await send(app, group_update("/leads", STAFF_CHAT))
    assert "Anne de Vries" in fake.texts()
    fake.clear()
    await send(app, group_update("/leads", -100_999))
    assert fake.calls == []


async def test_a_lead_left_in_telegram_is_visible_to_staff(app: BotApplication, fake: DocumentRequest) -> None:
    await leave_a_lead(app)
    fake.clear()
    await send(app, text_update("/lead 1", user=ADMIN))
    text = fake.texts()
    assert "Anne de Vries" in text and f"id {USER['id']}" in text and "Campagne: zomer" in text
