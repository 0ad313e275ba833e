"""Asking one question and reading its answer: the buttons, the parsing per kind, the stored value.

Shared by the topic flows, the adviser funnel and the reminder questions, so every question behaves alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from conversations import contact, parsing
from conversations.flow import Keuze, Vraag
from conversations.replies import Bericht, Knop, knop
from rules.formatteer import datum as datum_tekst
from rules.formatteer import euro, procent

WEET_IK_NIET = "weet ik niet"


def vraag_bericht(vraag: Vraag, suggesties: Mapping[str, Any], tekst: str | None = None) -> Bericht:
    """The question with its buttons; `tekst` replaces the question's own text (filled in for the firm)."""
    knoppen: list[Knop] = []
    if vraag.soort == "janee":
        knoppen = [knop(vraag.id, "Ja", "ja"), knop(vraag.id, "Nee", "nee")]
    elif vraag.soort == "keuze":
        knoppen = [knop(vraag.id, k.label, str(index)) for index, k in enumerate(vraag.keuzes, start=1)]
    tekst = tekst or vraag.tekst
    if vraag.id in suggesties:
        vorig = toon_antwoord(vraag, suggesties[vraag.id])
        tekst += f"\n(Eerder antwoord: {vorig}.)"
        if vraag.soort not in {"janee", "keuze"}:
            knoppen.append(knop(vraag.id, f"Houden: {vorig}", als_invoer(vraag, suggesties[vraag.id])))
    if vraag.weet_ik_niet is not None:
        knoppen.append(knop(vraag.id, vraag.weet_ik_niet.label, WEET_IK_NIET))
    return Bericht(tekst, tuple(knoppen), vraag=vraag.id, open=vraag.open)


def als_invoer(vraag: Vraag, waarde: Any) -> str:
    """An earlier answer as text the parser reads back to the same value (for the 'Houden' button)."""
    if vraag.soort == "bedrag":
        return euro(Decimal(str(waarde)))
    if vraag.soort == "datum":
        return datum_tekst(dt.date.fromisoformat(str(waarde)))
    return str(waarde)


def toon_antwoord(vraag: Vraag, waarde: Any) -> str:
    if waarde is None:
        # 'Weet ik niet' may mean 'leave it out' (the calculator then skips what needs it).
        return "weet ik niet"
    if vraag.soort == "bedrag":
        return euro(Decimal(str(waarde)))
    if vraag.soort == "percentage":
        return procent(Decimal(str(waarde)) / 100)
    if vraag.soort == "datum":
        return datum_tekst(dt.date.fromisoformat(str(waarde)))
    if vraag.soort == "janee":
        return "ja" if waarde else "nee"
    if vraag.soort == "telefoon":
        return contact.show_phone(str(waarde))
    if vraag.soort == "keuze":
        for keuze in vraag.keuzes:
            if keuze.waarde == waarde:
                return keuze.label
    return str(waarde)


def parse(vraag: Vraag, tekst: str, vandaag: dt.date | None = None) -> parsing.Parsed[Any]:
    """The answer to `vraag`; a choice comes back as its 1-based number (see `opslaan`). `vandaag` reads
    relative dates ("vorige maand")."""
    if vraag.soort == "bedrag":
        return parsing.parse_amount_per_year(tekst) if vraag.per_jaar else parsing.parse_amount(tekst)
    if vraag.soort == "jaar":
        return parsing.parse_year(tekst)
    if vraag.soort == "datum":
        return parsing.parse_date(tekst, vandaag)
    if vraag.soort == "janee":
        return parsing.parse_yes_no(tekst)
    if vraag.soort == "percentage":
        return parsing.parse_percentage(tekst)
    if vraag.soort == "getal":
        return parsing.parse_whole_number(tekst, minimum=vraag.minimum, maximum=vraag.maximum, unit=vraag.eenheid)
    if vraag.soort == "telefoon":
        return contact.parse_phone(tekst)
    if vraag.soort == "email":
        return contact.parse_email(tekst)
    if vraag.soort == "tekst":
        return contact.parse_text(tekst, minimum=max(vraag.minimum, 1))
    keuzes = [(str(index), k.label) for index, k in enumerate(vraag.keuzes, start=1)]
    synoniemen = {str(index): k.synoniemen for index, k in enumerate(vraag.keuzes, start=1)}
    gekozen = parsing.match_choice(tekst, keuzes, synoniemen)
    if isinstance(gekozen, parsing.Invalid) and vraag.ook_vrije_tekst:
        return contact.parse_text(tekst, minimum=2)
    return gekozen


def opslaan(vraag: Vraag, waarde: Any) -> Any:
    """The parsed value as the JSON value stored in the state and given to the calculator."""
    if isinstance(waarde, Decimal):
        return str(waarde)
    if isinstance(waarde, dt.date):
        return waarde.isoformat()
    if vraag.soort == "keuze" and str(waarde).isdigit() and 1 <= int(waarde) <= len(vraag.keuzes):
        keuze: Keuze = vraag.keuzes[int(waarde) - 1]
        return keuze.waarde
    return waarde
