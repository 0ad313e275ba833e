"""Drive the pure engine the way a shell does, for the flow, funnel and transcript tests.

`Chat` keeps the state between turns, checks at every turn that the state survives a round trip through
storage, collects the actions, and presses buttons by their label.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from conversations.acties import Actie
from conversations.context import Context
from conversations.engine import Beurt, start, verwerk
from conversations.flow import Flow
from conversations.kantoor import Kantoor
from conversations.onderwerp import calculator_invoer
from conversations.replies import Bericht, zonder_opmaak
from conversations.state import Frame, Gesprek
from conversations.topics import FLOWS
from rules import bereken

VANDAAG = dt.date(2026, 11, 23)
CONTEXT = Context(vandaag=VANDAAG, flows=FLOWS)


def gevouwen(tekst: str) -> str:
    return " ".join(zonder_opmaak(tekst).replace("\xa0", " ").split())


class Chat:
    def __init__(self, payload: str | None = None, *, context: Context = CONTEXT) -> None:
        self.context = context
        self.acties: list[Actie] = []
        self._neem(start(context, payload))

    def _neem(self, beurt: Beurt) -> Chat:
        assert Gesprek.uit_dict(beurt.gesprek.als_dict()) == beurt.gesprek, "the state must survive storage"
        self.gesprek = beurt.gesprek
        self.berichten: tuple[Bericht, ...] = beurt.berichten
        self.acties += beurt.acties
        return self

    def zeg(self, *teksten: str) -> Chat:
        for tekst in teksten:
            self._neem(verwerk(self.gesprek, tekst, self.context))
        return self

    def knoppen(self) -> list[str]:
        return [k.label for b in self.berichten for k in b.knoppen]

    def druk(self, label: str) -> Chat:
        knoppen = [k for b in self.berichten for k in b.knoppen]
        gevonden = [k for k in knoppen if k.label == label] or [k for k in knoppen if label in k.label]
        assert gevonden, f"no button {label!r}; buttons: {[k.label for k in knoppen]}"
        return self._neem(verwerk(self.gesprek, gevonden[0].data, self.context, knop=True))

    def tekst(self) -> str:
        return gevouwen("\n".join(b.tekst for b in self.berichten))

    def soort(self, soort: type[Any]) -> list[Any]:
        return [a for a in self.acties if isinstance(a, soort)]

    @property
    def frame(self) -> Frame:
        frame = self.gesprek.boven
        assert frame is not None
        return frame


def beantwoord_met(flow: Flow, antwoorden: list[str]) -> tuple[Frame, list[str], str]:
    """Type the answers; return the topic's frame, the ids of the questions asked, and the reply to 'bereken'."""
    chat = Chat(flow.id)
    gevraagd = [b.vraag for b in chat.berichten if b.vraag]
    for antwoord in antwoorden:
        chat.zeg(antwoord)
        gevraagd += [b.vraag for b in chat.berichten if b.vraag]
    assert chat.frame.stap == "samenvatting", f"still asking {chat.frame.vraag} after {gevraagd}"
    frame = chat.frame
    chat.zeg("bereken")
    return frame, gevraagd, chat.tekst()


def gevraagd_met_zelfde_uitkomst(flow: Flow, antwoorden: list[str], invoer: dict[str, Any]) -> list[str]:
    """Walk the flow and check that it computes exactly what the calculator gives for the equivalent JSON input
    (and shows its verdict); return the ids of the questions asked, for the caller's own expectation."""
    frame, gevraagd, antwoord = beantwoord_met(flow, antwoorden)
    verwacht = bereken(flow.id, {"jaar": 2026, **invoer})
    assert bereken(flow.id, calculator_invoer(frame, flow)) == verwacht
    assert gevouwen(verwacht.conclusie) in antwoord
    return gevraagd


KANTOOR = Kantoor(
    naam="Kantoor X",
    telefoon="020 123 4567",
    email="info@x.nl",
    kantooruren="op werkdagen 9–17 uur",
    privacy_url="https://x.nl/privacy",
    bewaartermijn_dagen=365,
)
