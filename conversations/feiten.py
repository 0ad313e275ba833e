"""Facts from a message: "in onze bv" answers the role, "Tesla" the drive, "van 4 ton" the price.

People put several answers in one sentence, or the whole question in their first message. Each question
declares the words that answer it (a choice's `synoniemen`, a yes/no question's `herkenning`) or that tie a
number or a date to it (`trefwoorden`). A fact is only taken when it is unambiguous: two options named, or a
number near the words of two questions, is left for the question itself, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from conversations import parsing
from conversations.flow import Flow, Vraag
from conversations.questions import opslaan
from conversations.routing import woorden

# How far (in words) a number may be from the words that tie it to a question, within one clause.
VOOR, NA = 5, 3

_BEDRAG = re.compile(
    r"(?:€\s*)?(?<![\d/-])[0-9][0-9.,]*(?:\s*(?:k|duizend|ton|miljoen|mln|mio)\b)?(?:\s*(?:euro|eur)\b|\s*,-)?"
    r"|\b(?:een|anderhalve|halve|twee|drie|vier|vijf|zes|zeven|acht|negen|tien)\s+ton\b"
    r"|\b(?:een|anderhalf|half|twee|drie|vier|vijf)\s+miljoen\b",
    re.IGNORECASE,
)
_TON_WOORDEN = {
    "een": "1",
    "anderhalve": "1,5",
    "halve": "0,5",
    "twee": "2",
    "drie": "3",
    "vier": "4",
    "vijf": "5",
    "zes": "6",
    "zeven": "7",
    "acht": "8",
    "negen": "9",
    "tien": "10",
    "anderhalf": "1,5",
    "half": "0,5",
}
_MAAND = "|".join(
    [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
        "jan",
        "feb",
        "mrt",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "okt",
        "nov",
        "dec",
    ]
)
_DATUM = re.compile(
    rf"\b[0-9]{{1,2}}[-/.][0-9]{{1,2}}[-/.][0-9]{{4}}\b|\b(?:[0-9]{{1,2}} )?(?:{_MAAND})\.? [0-9]{{4}}\b",
    re.IGNORECASE,
)
_JAAR = re.compile(r"\b(?:over|voor|in|belastingjaar|aangifte|jaar)\s+(?:het\s+jaar\s+)?(?P<jaar>20[0-9]{2})\b")
_LOS_JAARTAL = re.compile(r"\A(?:19|20)[0-9]{2}\Z")


@dataclass(frozen=True)
class Feiten:
    antwoorden: Mapping[str, Any]
    """Question id → stored value, for questions the message answered."""
    aannames: Mapping[str, str]
    """Question id → the note made while reading it ("€ 1.150 per maand = € 13.800 per jaar.")."""
    jaar: int | None = None
    """A tax year named in the message ("over 2025")."""


def _bevat(kaal: str, woord: str) -> bool:
    return f" {woorden(woord)} " in f" {kaal} "


def _keuze_uit(vraag: Vraag, kaal: str) -> Any:
    if vraag.soort == "keuze":
        genoemd = {k.waarde for k in vraag.keuzes if any(_bevat(kaal, s) for s in k.synoniemen)}
    else:
        genoemd = {h.waarde for h in vraag.herkenning if any(_bevat(kaal, w) for w in h.woorden)}
    return next(iter(genoemd)) if len(genoemd) == 1 else None


@dataclass(frozen=True)
class _Getal:
    start: int
    """Word index of the number in its clause."""
    einde: int
    zin: int
    waarde: Any
    notitie: str | None


def _zinnen(tekst: str) -> list[str]:
    # A comma between digits is a decimal comma, not the end of a clause.
    return [z for z in re.split(r"[;!?]|[.,](?!\d)|\ben\b|\bmaar\b", tekst) if z.strip()]


def _woordindex(zin: str, positie: int) -> int:
    return len(zin[:positie].split())


def _getallen(zinnen: list[str], soort: str) -> list[_Getal]:
    gevonden: list[_Getal] = []
    patroon = _DATUM if soort == "datum" else _BEDRAG
    for nummer, zin in enumerate(zinnen):
        bezet: list[tuple[int, int]] = [m.span() for m in _DATUM.finditer(zin)] if soort == "bedrag" else []
        for match in patroon.finditer(zin):
            tekst = match.group().strip()
            if any(a <= match.start() < b for a, b in bezet):
                continue
            gelezen: parsing.Parsed[Any]
            if soort == "bedrag":
                if _LOS_JAARTAL.fullmatch(tekst):
                    continue  # "in 2025" is a year, not € 2.025
                eerste = tekst.split()[0].lower()
                if eerste in _TON_WOORDEN:
                    tekst = f"{_TON_WOORDEN[eerste]} {tekst.split()[1]}"
                rest = zin[match.end() :]
                per_maand = re.match(r"\s*(?:per maand|p/m|pm\b|per mnd|in de maand)", rest)
                gelezen = parsing.parse_amount_per_year(tekst + (" per maand" if per_maand else ""))
            else:
                gelezen = parsing.parse_date(tekst)
            if isinstance(gelezen, parsing.Ok):
                gevonden.append(
                    _Getal(
                        _woordindex(zin, match.start()),
                        _woordindex(zin, match.end()),
                        nummer,
                        gelezen.value,
                        gelezen.note,
                    )
                )
    return gevonden


def _afstand(zin: str, getal: _Getal, trefwoorden: tuple[str, ...]) -> int | None:
    """Words between the number and the nearest word that ties it to the question, or None if none is near."""
    tokens = [woorden(t) for t in zin.split()]
    beste: int | None = None
    for trefwoord in trefwoorden:
        delen = woorden(trefwoord).split()
        for i in range(len(tokens) - len(delen) + 1):
            if tokens[i : i + len(delen)] != delen:
                continue
            if i + len(delen) <= getal.start:
                afstand = getal.start - (i + len(delen))
                if afstand > VOOR:
                    continue
            elif i >= getal.einde:
                afstand = i - getal.einde
                if afstand > NA:
                    continue
            else:
                continue
            beste = afstand if beste is None else min(beste, afstand)
    return beste


def lees(
    tekst: str,
    flow: Flow,
    antwoorden: Mapping[str, Any],
    *,
    vandaag: dt.date,
    huidige: str | None = None,
    behalve: frozenset[str] = frozenset(),
) -> Feiten:
    """The answers `tekst` gives to questions of `flow` that are still open.

    `huidige` is the question on screen: a lone number or date there needs no tying word. Questions in
    `behalve` are left alone (the current question, once its own answer is read).
    """
    kaal = woorden(tekst)
    gevonden: dict[str, Any] = {}
    notities: dict[str, str] = {}
    open_vragen = [v for v in flow.alle_vragen if v.id not in antwoorden and v.id not in behalve]
    for vraag in open_vragen:
        if vraag.soort in {"keuze", "janee"}:
            waarde = _keuze_uit(vraag, kaal)
            if waarde is not None:
                gevonden[vraag.id] = waarde
    bekend = {**antwoorden, **gevonden}
    zinnen = _zinnen(parsing.normalise(tekst))
    for soort in ("bedrag", "datum"):
        kandidaten = [v for v in open_vragen if v.soort == soort]
        if not kandidaten:
            continue
        for getal in _getallen(zinnen, soort):
            scores: list[tuple[int, int, Vraag]] = []
            for vraag in kandidaten:
                if vraag.id in gevonden:
                    continue
                afstand = _afstand(zinnen[getal.zin], getal, vraag.trefwoorden)
                if afstand is None and vraag.id == huidige:
                    afstand = VOOR + NA  # the question on screen: a lone number is its answer
                if afstand is None:
                    continue
                relevant = flow.is_relevant(vraag, bekend) if vraag in flow.vragen else True
                scores.append((0 if relevant else 1, afstand, vraag))
            scores.sort(key=lambda s: (s[0], s[1]))
            if not scores or (len(scores) > 1 and scores[0][:2] == scores[1][:2]):
                continue  # not tied to any question, or to two equally: asked, not guessed
            vraag = scores[0][2]
            if soort == "datum" and vraag.in_het_verleden and getal.waarde > vandaag:
                continue
            gevonden[vraag.id] = opslaan(vraag, getal.waarde)
            if getal.notitie:
                notities[vraag.id] = getal.notitie
    jaar = _JAAR.search(kaal)
    return Feiten(gevonden, notities, int(jaar["jaar"]) if jaar and not _DATUM.search(tekst) else None)
