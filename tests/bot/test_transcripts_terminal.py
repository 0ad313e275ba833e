"""The engine's transcripts (tests/conversations/transcripts) replayed through `adviesbot chat`.

A typed turn is typed; a button is pressed the way a terminal user presses it, by typing the key shown in
front of its label. So every transcript shows the same conversation in the terminal as in the engine.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest

from bot.settings import Settings
from bot.terminal_chat import run_chat
from tests.conversations.doorloop import gevouwen
from tests.conversations.test_transcripts import load

OPTIE = re.compile(r"\[(?P<sleutel>[0-9a-z]+)\] (?P<label>.+?)(?=   \[|$)", re.MULTILINE)


class Gebruiker(io.StringIO):
    """Standard input that types the transcript's next turn when the chat asks for one.

    The output so far tells which key a button has; what the chat printed in answer to each turn is kept
    per turn, to compare with the transcript afterwards.
    """

    def __init__(self, beurten: list[dict[str, Any]], uit: io.StringIO) -> None:
        super().__init__()
        self.beurten = list(beurten)
        self.uit = uit
        self.begin = 0
        self.antwoorden: list[str] = []

    def readline(self, size: int | None = -1) -> str:
        segment = self.uit.getvalue()[self.begin :]
        if self.begin:
            self.antwoorden.append(segment)
        self.begin = len(self.uit.getvalue())
        if not self.beurten:
            return ""
        beurt = self.beurten.pop(0)
        if "u" in beurt:
            return f"{beurt['u']}\n"
        opties = [(m["sleutel"], m["label"].strip()) for m in OPTIE.finditer(segment)]
        gezocht = str(beurt["knop"])
        sleutels = [s for s, label in opties if label == gezocht] or [s for s, label in opties if gezocht in label]
        assert sleutels, f"no option {gezocht!r} in the terminal; options: {opties}"
        return f"{sleutels[-1]}\n"


def voor_de_terminal() -> list[Any]:
    return [p for p in load() if "terminal" in p.values[0].get("kanalen", ("telegram", "terminal"))]


@pytest.mark.parametrize("gesprek", voor_de_terminal())
def test_transcript_in_the_terminal(gesprek: dict[str, Any], tmp_path: Path) -> None:
    uit = io.StringIO()
    gebruiker = Gebruiker(gesprek["gesprek"], uit)
    vandaag = gesprek.get("vandaag", dt.date(2026, 11, 23))
    settings = Settings(ADVIESBOT_DATA_DIR=tmp_path, firm_name="Kantoor Test")
    assert run_chat(gebruiker, uit, settings=settings, vandaag=vandaag) == 0
    assert len(gebruiker.antwoorden) == len(gesprek["gesprek"])
    for nummer, (beurt, antwoord) in enumerate(zip(gesprek["gesprek"], gebruiker.antwoorden, strict=True), 1):
        tekst = gevouwen(antwoord)
        for fragment in beurt.get("bot", []):
            assert gevouwen(str(fragment)) in tekst, f"turn {nummer} ({beurt}): {fragment!r} not in:\n{antwoord}"
        for fragment in beurt.get("niet", []):
            assert gevouwen(str(fragment)) not in tekst, f"turn {nummer}: {fragment!r} unexpectedly in:\n{antwoord}"
