"""Transcript tests: readable conversations in `transcripts/*.yaml`, replayed through the pure engine.

Each file lists conversations. A turn is `u: <typed text>` or `knop: <label of a button on the last
message>`, with `bot: [fragments]` that must all appear in the replies (whitespace is folded), and optionally
`niet: [fragments]` that must not. `vandaag` fixes the date the engine believes it is.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from conversations.engine import Context, Kantoor, start, verwerk
from conversations.replies import Bericht
from conversations.topics import FLOWS

TRANSCRIPTS = Path(__file__).parent / "transcripts"
KANTOOR = Kantoor(naam="Kantoor Test", telefoon="020 123 4567", email="info@example.nl")


def load() -> list[Any]:
    cases = []
    for path in sorted(TRANSCRIPTS.glob("*.yaml")):
        for gesprek in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append(pytest.param(gesprek, id=f"{path.stem}: {gesprek['naam']}"))
    return cases


def fold(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


@pytest.mark.parametrize("gesprek", load())
def test_transcript(gesprek: dict[str, Any]) -> None:
    vandaag = gesprek.get("vandaag", dt.date(2026, 11, 23))
    context = Context(vandaag=vandaag, flows=FLOWS, kantoor=KANTOOR)
    sessie, berichten = start(context)
    laatste: list[Bericht] = berichten
    for nummer, beurt in enumerate(gesprek["gesprek"], start=1):
        knoppen = [k for b in laatste for k in b.knoppen]
        if "knop" in beurt:
            gezocht = str(beurt["knop"])
            matches = [k for k in knoppen if k.label == gezocht] or [k for k in knoppen if gezocht in k.label]
            assert matches, f"turn {nummer}: no button {gezocht!r}; buttons: {[k.label for k in knoppen]}"
            sessie, laatste = verwerk(sessie, matches[0].data, context, knop_data=True)
        else:
            sessie, laatste = verwerk(sessie, str(beurt["u"]), context)
        # The state must survive a round trip through storage at every turn.
        assert type(sessie).uit_dict(sessie.als_dict()) == sessie
        antwoord = fold("\n".join(b.tekst for b in laatste))
        for fragment in beurt.get("bot", []):
            assert fold(str(fragment)) in antwoord, f"turn {nummer} ({beurt}): {fragment!r} not in:\n{antwoord}"
        for fragment in beurt.get("niet", []):
            assert fold(str(fragment)) not in antwoord, f"turn {nummer}: {fragment!r} unexpectedly in:\n{antwoord}"
