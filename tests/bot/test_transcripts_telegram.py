"""The engine's transcripts (tests/conversations/transcripts) replayed over Telegram.

The whole bot runs in this process on SQLite with the fake Bot API as its network, so each turn goes through
the real handlers, the turn's transaction, the outbox and the Telegram renderer. A typed turn is a text
message; a button is a callback query on the message that carries it. What the user sees of every turn (new
messages and edited ones, as Telegram shows them) must hold the transcript's fragments, and every message is
sent as HTML without a link preview.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application, build_services
from bot.database import create_engine, default_database_url, dispose_engine, upgrade_database_async
from conversations.context import Context
from conversations.topics import FLOWS
from tests.bot.fake_bot_api import FakeBotApi, inline_keyboard, press_on, text_update, user
from tests.bot.in_process import make_settings, send
from tests.conversations.doorloop import gevouwen
from tests.conversations.test_transcripts import load

CHAT_USER = user(88_001)


def voor_telegram() -> list[Any]:
    return [p for p in load() if "telegram" in p.values[0].get("kanalen", ("telegram", "terminal"))]


def knop(berichten: list[dict[str, Any]], gezocht: str) -> tuple[dict[str, Any], str]:
    """The message and exact label of the button the transcript means: the newest message that has it, by
    its exact label first and else by a part of it, as the engine's transcript runner matches."""
    labels = [(m, b["text"]) for m in reversed(berichten) for row in inline_keyboard(m) for b in row]
    gevonden = [(m, label) for m, label in labels if label == gezocht] or [
        (m, label) for m, label in labels if gezocht in label
    ]
    assert gevonden, f"no button {gezocht!r}; buttons: {[label for _, label in labels]}"
    return gevonden[0]


@pytest.mark.parametrize("gesprek", voor_telegram())
async def test_transcript_over_telegram(gesprek: dict[str, Any], tmp_path: Path) -> None:
    vandaag = gesprek.get("vandaag", dt.date(2026, 11, 23))
    settings = make_settings(ADVIESBOT_DATA_DIR=tmp_path)
    url = default_database_url(tmp_path / "data")
    await upgrade_database_async(url)
    engine = create_engine(url)
    kantoor = settings.kantoor()
    services = build_services(
        settings,
        engine,
        context=lambda _: Context(vandaag=vandaag, flows=FLOWS, kantoor=kantoor, kanaal="telegram"),
    )
    fake = FakeBotApi()
    application = build_application(settings, services, request=fake.request(), polling=False, rate_limit=False)
    try:
        async with application:
            await send(application, text_update("/start", user=CHAT_USER))
            vorige = list(fake.results("sendMessage"))
            for nummer, beurt in enumerate(gesprek["gesprek"], start=1):
                begin = len(fake.attempts())
                if "knop" in beurt:
                    bericht, label = knop(vorige, str(beurt["knop"]))
                    await send(application, press_on(bericht, CHAT_USER, label))
                else:
                    await send(application, text_update(str(beurt["u"]), user=CHAT_USER))
                nieuw = fake.attempts()[begin:]
                verzonden = [a for a in nieuw if a.method == "sendMessage" and a.status == 200]
                for poging in verzonden:
                    assert poging.params.get("parse_mode") == "HTML", poging.params
                    assert poging.params.get("link_preview_options") == {"is_disabled": True}, poging.params
                assert all(a.status == 200 for a in nieuw if a.method in {"sendMessage", "editMessageText"}), [
                    (a.method, a.status) for a in nieuw
                ]
                getoond = [a.result for a in nieuw if a.method in {"sendMessage", "editMessageText"}]
                tekst = gevouwen("\n".join(str(m.get("text", "")) for m in getoond))
                # The edit that marks the pressed answer under its question ("→ Nee") repeats that question,
                # so what must not be said is looked for in the new messages only.
                nieuwe_tekst = gevouwen("\n".join(str(a.result.get("text", "")) for a in verzonden))
                for fragment in beurt.get("bot", []):
                    assert gevouwen(str(fragment)) in tekst, f"turn {nummer} ({beurt}): {fragment!r} not in:\n{tekst}"
                for fragment in beurt.get("niet", []):
                    assert gevouwen(str(fragment)) not in nieuwe_tekst, (
                        f"turn {nummer}: {fragment!r} unexpectedly in:\n{nieuwe_tekst}"
                    )
                if verzonden:
                    vorige = [a.result for a in verzonden]
    finally:
        await dispose_engine(engine)
