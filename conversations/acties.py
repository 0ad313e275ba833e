"""What a turn asks the shell to do besides replying: typed, frozen values returned next to the new state.

The engine never stores anything itself. The shell carries these out in the transaction that writes the
state, so a lead or a reminder exists exactly when the turn that made it does (cosmicpython's events, without
a message bus: there is one handler per kind, in `bot/`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

GebeurtenisNaam = Literal["gesprek_gestart", "berekening", "adviseur_gevraagd", "lead"]


@dataclass(frozen=True)
class Lead:
    """The hand-off packet: who asked, how to reach them, and everything the adviser needs to prepare.

    `antwoorden` are the summary lines as (label, answer); `uitkomst` the calculation as the adviser reads it,
    with the full text and the adviser notes that clients never see. `onderwerp` is `overig` for a question
    the bot could not calculate.
    """

    onderwerp: str
    campagne: str | None
    naam: str
    kanaal: str
    telefoon: str | None
    email: str | None
    moment: str
    vraag: str | None
    privacy_versie: str
    antwoorden: tuple[tuple[str, str], ...] = ()
    invoer: Mapping[str, Any] | None = None
    uitkomst: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class LeadVastleggen:
    lead: Lead


@dataclass(frozen=True)
class HerinneringPlannen:
    """Send `tekst` on `datum` (the shell picks the hour); listed and cancelled with /herinneringen."""

    onderwerp: str
    datum: dt.date
    tekst: str


@dataclass(frozen=True)
class Gebeurtenis:
    """One step of the funnel, for anonymous statistics."""

    naam: GebeurtenisNaam
    onderwerp: str | None = None
    campagne: str | None = None


@dataclass(frozen=True)
class GegevensWissen:
    """The user confirmed /vergeet: delete everything stored about them, this conversation included."""

    bevestigd: bool = field(default=True)


Actie = LeadVastleggen | HerinneringPlannen | Gebeurtenis | GegevensWissen
