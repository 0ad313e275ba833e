"""Transcript tests: readable conversations in `transcripts/*.yaml`, replayed through the pure engine.

Each file lists conversations. A turn is `u: <typed text>` or `knop: <label of a button on the last
message>`, with `bot: [fragments]` that must all appear in the replies (whitespace and bold marks are folded),
and optionally `niet: [fragments]` that must not. `vandaag` fixes the date the engine believes it is.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from conversations.context import Context
from conversations.kantoor import Kantoor
from conversations.topics import FLOWS
from tests.conversations.doorloop import Chat, gevouwen

TRANSCRIPTS = Path(__file__).parent / "transcripts"
KANTOOR = Kantoor(naam="Kantoor Test", telefoon="020 123 4567", email="info@example.nl")


def load() -> list[Any]:
    cases = []
    for path in sorted(TRANSCRIPTS.glob("*.yaml")):
        for gesprek in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append(pytest.param(gesprek, id=f"{path.stem}: {gesprek['naam']}"))
    return cases


@pytest.mark.parametrize("gesprek", load())
def test_transcript(gesprek: dict[str, Any]) -> None:
    vandaag = gesprek.get("vandaag", dt.date(2026, 11, 23))
    chat = Chat(
        context=Context(vandaag=vandaag, flows=FLOWS, kantoor=KANTOOR, kanaal=gesprek.get("kanaal", "telegram"))
    )
    for nummer, beurt in enumerate(gesprek["gesprek"], start=1):
        if "knop" in beurt:
            chat.druk(str(beurt["knop"]))
        else:
            chat.zeg(str(beurt["u"]))
        antwoord = chat.tekst()
        for fragment in beurt.get("bot", []):
            assert gevouwen(str(fragment)) in antwoord, f"turn {nummer} ({beurt}): {fragment!r} not in:\n{antwoord}"
        for fragment in beurt.get("niet", []):
            assert gevouwen(str(fragment)) not in antwoord, f"turn {nummer}: {fragment!r} unexpectedly in:\n{antwoord}"
