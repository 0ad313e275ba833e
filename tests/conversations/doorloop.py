"""Walk a flow through the pure engine the way a user would, for the per-topic flow tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from conversations.engine import Context, calculator_invoer, start, verwerk
from conversations.flow import Flow
from conversations.state import Sessie
from conversations.topics import FLOWS
from rules import bereken

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


def gevraagd_met_zelfde_uitkomst(flow: Flow, antwoorden: list[str], invoer: dict[str, Any]) -> list[str]:
    """Walk the flow and check that it computes exactly what the calculator gives for the equivalent JSON input
    (and shows its verdict); return the ids of the questions asked, for the caller's own expectation."""
    sessie, gevraagd, antwoord = beantwoord_met(flow, antwoorden)
    verwacht = bereken(flow.onderwerp, {"jaar": 2026, **invoer})
    assert bereken(flow.onderwerp, calculator_invoer(sessie, flow)) == verwacht
    assert verwacht.conclusie in antwoord
    return gevraagd
