"""Walk a flow through the pure engine the way a user would, for the per-topic flow tests."""

from __future__ import annotations

import datetime as dt

from conversations.engine import Context, start, verwerk
from conversations.flow import Flow
from conversations.state import Sessie
from conversations.topics import FLOWS

CONTEXT = Context(vandaag=dt.date(2026, 11, 23), flows=FLOWS)


def beantwoord_met(flow: Flow, antwoorden: list[str]) -> tuple[Sessie, list[str], str]:
    """Type the answers; return the state, the ids of the questions asked, and the reply to 'bereken'."""
    sessie, berichten = start(CONTEXT, flow.onderwerp)
    gevraagd = [b.vraag for b in berichten if b.vraag]
    for antwoord in antwoorden:
        sessie, berichten = verwerk(sessie, antwoord, CONTEXT)
        gevraagd += [b.vraag for b in berichten if b.vraag]
    assert sessie.fase == "samenvatting", f"still asking {sessie.vraag} after {gevraagd}"
    _, berichten = verwerk(sessie, "bereken", CONTEXT)
    return sessie, gevraagd, "\n".join(b.tekst for b in berichten)
