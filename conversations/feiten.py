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
from decimal import Decimal
from typing import Any

from conversations import contact, parsing
from conversations.flow import Flow, Vraag
from conversations.questions import opslaan
from conversations.routing import woorden
from rules.formatteer import euro

# How far (in words) a number may be from the words that tie it to a question, within one clause.
VOOR, NA = 5, 5

# A number glued to letters ("xc40", "id.4", "e-3008") is a name, not an amount.
_BEDRAG = re.compile(
    r"(?:€\s*)?(?<![\w/.-])[0-9][0-9.,]*(?![a-jl-z])(?:\s*(?:k|duizend|ton|miljoen|mln|mio)\b)?"
    r"(?:\s*(?:euro|eur)\b|\s*,-)?"
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


_EENHEID_NA = re.compile(
    r"\s*(?:uur|uren|u\b|km|kilometer|jaar|jaren|jr|maand|maanden|mnd|%|procent|stuks|keer|x\b|fte|devs?\b|"
    r"ontwikkelaars|medewerkers|mensen|personen|werknemers|m2|m²|vierkante|kw|kwh|wp|pk|cilinder|deurs)",
    re.IGNORECASE,
)
"""What follows a number that is not an amount in euros: hours, kilometres, years, people."""
_GEEN_BEDRAG_ERVOOR = re.compile(r"(?:box|model|type|serie|klasse|nummer|nr|id|versie|huisnummer)\s*$", re.IGNORECASE)
# Without a euro sign or a word like 'k' or 'ton', a number below this in a sentence about something else is far
# more often a count or a name ("2 spaarrekeningen", "model 3") than an amount.
KLEINSTE_LOSSE_BEDRAG = Decimal(100)


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


def _keuze_uit(vraag: Vraag, kaal: str, tekst: str) -> Any:
    genoemd = {
        h.waarde
        for h in vraag.herkenning
        if any(_bevat(kaal, w) for w in h.woorden) or (h.vorm is not None and h.vorm(tekst))
    }
    if vraag.soort == "keuze":
        genoemd |= {k.waarde for k in vraag.keuzes if any(_bevat(kaal, s) for s in k.synoniemen)}
    return next(iter(genoemd)) if len(genoemd) == 1 else None


@dataclass(frozen=True)
class _Getal:
    start: int
    """Word index of the number in its clause."""
    einde: int
    zin: int
    waarde: Any
    notitie: str | None
    tekst: str = ""
    """The number as written."""


def _getaltekst(_zinnen: list[str], getal: _Getal) -> str:
    return getal.tekst


_AFKORTINGEN = re.compile(r"\b(ong|ca|plm|bijv|bv|nr|mnd|jr|p)\.", re.IGNORECASE)


def _zinnen(tekst: str) -> list[str]:
    # A comma between digits is a decimal comma, and the dot of "ong." or "ca." no end of a clause.
    tekst = _AFKORTINGEN.sub(r"\1", tekst)
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
                if _EENHEID_NA.match(zin[match.end() :]) or _GEEN_BEDRAG_ERVOOR.search(zin[: match.start()]):
                    continue
                eerste = tekst.split()[0].lower()
                if eerste in _TON_WOORDEN:
                    tekst = f"{_TON_WOORDEN[eerste]} {tekst.split()[1]}"
                rest = zin[match.end() :]
                per_maand = re.match(r"\s*(?:per maand|p/m|pm\b|per mnd|in de maand)", rest)
                gelezen = parsing.parse_amount_per_year(tekst + (" per maand" if per_maand else ""))
            else:
                gelezen = parsing.parse_date(tekst)
            los = isinstance(gelezen, parsing.Ok) and soort == "bedrag" and not _duidelijk_een_bedrag(tekst)
            if los and isinstance(gelezen, parsing.Ok) and gelezen.value < KLEINSTE_LOSSE_BEDRAG:
                continue
            if isinstance(gelezen, parsing.Ok):
                gevonden.append(
                    _Getal(
                        _woordindex(zin, match.start()),
                        _woordindex(zin, match.end()),
                        nummer,
                        gelezen.value,
                        gelezen.note,
                        match.group(),
                    )
                )
    return gevonden


def _duidelijk_een_bedrag(tekst: str) -> bool:
    return bool(re.search(r"€|euro|eur\b|\d\s*(?:k|duizend|ton|miljoen|mln|mio)\b|,-", tekst, re.IGNORECASE))


def _uren(zinnen: list[str], vraag: Vraag) -> list[_Getal]:
    """Whole numbers with the question's unit after them ("800 uur" for a question about hours) or one of its
    leading words before them ("ik ben 28" for an age)."""
    gevonden = []
    vormen = []
    if vraag.eenheid:
        vormen.append(rf"(?<![\w.,])(?P<n>[0-9][0-9.]*)\s*{re.escape(vraag.eenheid)}\b")
    if vraag.voorwoorden:
        voor = "|".join(re.escape(w) for w in vraag.voorwoorden)
        vormen.append(rf"\b(?:{voor})\s+(?P<m>[0-9][0-9.]*)(?![\w.,]*\s*(?:k|euro|€|%))\b")
    patroon = re.compile("|".join(vormen), re.IGNORECASE)
    for nummer, zin in enumerate(zinnen):
        for match in patroon.finditer(zin):
            gelezen = parsing.parse_whole_number(match.groupdict().get("n") or match.groupdict().get("m") or "")
            if isinstance(gelezen, parsing.Ok):
                gevonden.append(
                    _Getal(_woordindex(zin, match.start()), _woordindex(zin, match.end()), nummer, gelezen.value, None)
                )
    return gevonden


def _afstand(zin: str, getal: _Getal, trefwoorden: tuple[str, ...]) -> int | None:
    """Words between the number and the nearest word that ties it to the question, or None if none is near."""
    tokens = [woorden(t) for t in zin.split()]
    beste: int | None = None
    for trefwoord in trefwoorden:
        delen = woorden(trefwoord).split()
        for i in range(len(tokens) - len(delen) + 1):
            stuk = tokens[i : i + len(delen)]
            # "vakantiehuisje", "spaarrekeningen": a long word also ties by its start.
            if stuk != delen and not (len(delen) == 1 and len(delen[0]) >= 5 and stuk[0].startswith(delen[0])):
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


def _plausibel(vraag: Vraag, bedrag: Decimal) -> bool:
    grenzen = vraag.plausibel
    if grenzen is None:
        return True
    return (grenzen.minimum is None or bedrag >= grenzen.minimum) and (
        grenzen.maximum is None or bedrag <= grenzen.maximum
    )


def _som(zinnen: list[str], vraag: Vraag, huidige: str | None) -> tuple[str, str] | None:
    """Several amounts each tied to a total ("een bus van 35k en een laptop van 1.200"): their sum, said back."""
    bedragen = [
        getal
        for getal in _getallen(zinnen, "bedrag")
        if _afstand(zinnen[getal.zin], getal, vraag.trefwoorden) is not None
    ]
    if len(bedragen) < 2:
        return None
    totaal = sum((Decimal(getal.waarde) for getal in bedragen), Decimal(0))
    opgeteld = " + ".join(euro(Decimal(getal.waarde)) for getal in bedragen)
    return str(totaal), f"{vraag.label}: {opgeteld} = {euro(totaal)}."


def lees(
    tekst: str,
    flow: Flow,
    antwoorden: Mapping[str, Any],
    *,
    vandaag: dt.date,
    huidige: str | None = None,
    behalve: frozenset[str] = frozenset(),
    hoofdbedrag: bool = True,
) -> Feiten:
    """The answers `tekst` gives to questions of `flow` that are still open.

    `huidige` is the question on screen: a lone number or date there needs no tying word. Questions in
    `behalve` are left alone (the current question, once its own answer is read). `hoofdbedrag` lets one
    clear amount without a tying word be the topic's main amount: right for a first message, not for a change.
    """
    kaal = woorden(tekst)
    gevonden: dict[str, Any] = {}
    notities: dict[str, str] = {}
    open_vragen = [v for v in flow.alle_vragen if v.id not in antwoorden and v.id not in behalve]
    for vraag in open_vragen:
        if vraag.soort in {"keuze", "janee"} or vraag.herkenning:
            waarde = _keuze_uit(vraag, kaal, tekst)
            if waarde is not None:
                gevonden[vraag.id] = waarde
    bekend = {**antwoorden, **gevonden}
    zinnen = _zinnen(parsing.normalise(tekst))
    for vraag in open_vragen:
        if vraag.soort == "getal" and (vraag.eenheid or vraag.voorwoorden) and vraag.id not in gevonden:
            uren = _uren(zinnen, vraag)
            if len(uren) == 1:
                gevonden[vraag.id] = uren[0].waarde
    for vraag in open_vragen:
        # A phone number or e-mail address in the message is the answer to the question that asks for one.
        vinden = {"telefoon": contact.telefoonnummers_in, "email": contact.emailadressen_in}.get(vraag.soort)
        if vinden is not None and vraag.id not in gevonden and len(adressen := vinden(tekst)) == 1:
            gevonden[vraag.id] = adressen[0]
    for vraag in open_vragen:
        if vraag.optelbaar and vraag.id not in gevonden:
            som = _som(zinnen, vraag, huidige)
            if som is not None:
                gevonden[vraag.id], notities[vraag.id] = som
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
            if soort == "bedrag" and not _plausibel(vraag, getal.waarde):
                continue  # an unlikely amount read from a sentence is left for the question itself
            gevonden[vraag.id] = opslaan(vraag, getal.waarde)
            if getal.notitie:
                notities[vraag.id] = getal.notitie
    hoofd = next((v for v in open_vragen if v.hoofdbedrag and v.id not in gevonden), None)
    if hoofd is not None and huidige is None and hoofdbedrag:
        duidelijk = [g for g in _getallen(zinnen, "bedrag") if _duidelijk_een_bedrag(_getaltekst(zinnen, g))]
        vrij = [g for g in duidelijk if str(g.waarde) not in {str(v) for v in gevonden.values()}]
        if len(duidelijk) == 1 and len(vrij) == 1 and _plausibel(hoofd, vrij[0].waarde):
            # "volvo xc40, 2 jaar oud, 51k": one clear amount in a first message is the topic's main amount.
            gevonden[hoofd.id] = opslaan(hoofd, vrij[0].waarde)
    jaar = _JAAR.search(kaal)
    return Feiten(gevonden, notities, int(jaar["jaar"]) if jaar and not _DATUM.search(tekst) else None)
