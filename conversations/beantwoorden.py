"""Answering the question on screen: read the answer, take what else the message says, check it, store it.

The same for every flow (a topic, the adviser funnel, a reminder, /vergeet). The result says whether the
answer was taken (the engine then asks the next question) or the question stays, with what to say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from conversations import feiten, parsing
from conversations.context import Context
from conversations.flow import Flow, Vraag
from conversations.questions import WEET_IK_NIET, opslaan, parse, toon_antwoord, vraag_bericht
from conversations.replies import Bericht, knop
from conversations.state import Frame, Herkomst, Wacht
from rules.formatteer import datum as datum_tekst

DUBBEL = "dz"
CONTROLE = "ck"
ADVISEUR_KNOP = "adv"
"""The token of a button that opens the adviser funnel from anywhere (the engine's own ADVISEUR)."""
WEET_NIET = frozenset(
    {WEET_IK_NIET, "weet niet", "weet ik nog niet", "geen idee", "geen flauw idee", "onbekend", "wnt", "idk", "?"}
)


@dataclass(frozen=True)
class Genomen:
    """The answer is stored; the engine goes on to the next question."""

    frame: Frame
    berichten: tuple[Bericht, ...] = ()
    """Said before the next question (what was read from the message, a conversion)."""


@dataclass(frozen=True)
class Blijft:
    """The question stays on screen (unreadable, ambiguous, unlikely); `berichten` end with it again."""

    frame: Frame
    berichten: tuple[Bericht, ...]
    onbegrepen: bool = False
    """The message was no answer at all (nothing read from it): the engine may see whether it changes topic."""


Uitslag = Genomen | Blijft


# Showing a question -------------------------------------------------------------------------------------
class _Kantoorvelden(dict[str, str]):
    def __missing__(self, sleutel: str) -> str:
        return "{" + sleutel + "}"


def vraagtekst(vraag: Vraag, context: Context, velden: Mapping[str, str] | None = None) -> str:
    """The question's text with the firm's details and the flow's words for earlier answers filled in."""
    if "{" not in vraag.tekst:
        return vraag.tekst
    kantoor = context.kantoor
    alle = _Kantoorvelden(
        kantoor=kantoor.naam,
        privacy_url=kantoor.privacy_url,
        bewaartermijn_dagen=str(kantoor.bewaartermijn_dagen),
        wissen=_wissen(context),
        **(velden or {}),
    )
    return vraag.tekst.format_map(alle)


def _wissen(context: Context) -> str:
    """How the client has their data erased: on the website the conversation ends with the browser tab, and
    /vergeet with it, so the firm is named as the way after that."""
    if context.kanaal != "web":
        return "U kunt alles altijd laten wissen met /vergeet."
    via = f" via {context.kantoor.email}" if context.kantoor.email else ""
    return (
        f"U kunt alles laten wissen met /vergeet zolang dit gesprek open is, en daarna{via} bij {context.kantoor.naam}."
    )


def toon_vraag(frame: Frame, flow: Flow, vraag: Vraag, context: Context) -> Bericht:
    tekst = vraagtekst(vraag, context, flow.tekstvelden(frame.antwoorden))
    return vraag_bericht(_voor_kanaal(vraag, context), frame.suggesties, tekst)


def _voor_kanaal(vraag: Vraag, context: Context) -> Vraag:
    if not any(k.kanaal for k in vraag.keuzes):
        return vraag
    from dataclasses import replace

    return replace(vraag, keuzes=tuple(k for k in vraag.keuzes if k.kanaal in {None, context.kanaal}))


def huidige(frame: Frame, flow: Flow, context: Context) -> Bericht:
    """The question on screen again, or the pending reading or check."""
    assert frame.vraag is not None
    vraag = flow.vraag(frame.vraag)
    if frame.wacht is not None:
        return _wacht_bericht(frame.wacht, vraag, context)
    return toon_vraag(frame, flow, vraag, context)


def _wacht_bericht(wacht: Wacht, vraag: Vraag, context: Context, tekst: str | None = None) -> Bericht:
    if wacht.soort == "dubbelzinnig":
        lezingen = wacht.lezingen
        tekst = tekst or "Bedoelt u " + " of ".join(toon_antwoord(vraag, lezing) for lezing in lezingen) + "?"
        knoppen = tuple(knop(DUBBEL, toon_antwoord(vraag, lezing), str(n)) for n, lezing in enumerate(lezingen, 1))
        return Bericht(tekst, knoppen, vraag=vraag.id)
    waarde = wacht.lezingen[0]
    tekst = tekst or _controle_tekst(vraag, waarde, None) or "Klopt dat?"
    return Bericht(tekst, (knop(CONTROLE, "Ja, dat klopt", "ja"), knop(CONTROLE, "Nee, wijzig", "nee")), vraag=vraag.id)


# Reading an answer --------------------------------------------------------------------------------------
def beantwoord(frame: Frame, flow: Flow, tekst: str, context: Context) -> Uitslag:
    assert frame.vraag is not None
    vraag = flow.vraag(frame.vraag)
    schoon = parsing.normalise(tekst).strip(".!")
    if vraag.weet_ik_niet is not None and schoon in WEET_NIET | {parsing.normalise(w) for w in vraag.weet_ik_niet.ook}:
        return Genomen(
            sla_op(frame, vraag, vraag.weet_ik_niet.waarde, herkomst="aangenomen", aanname=vraag.weet_ik_niet.aanname)
        )
    if schoon in WEET_NIET:
        if vraag.open:
            uitleg = "Hier kan ik helaas niet veilig iets voor u aannemen; een schatting is goed genoeg."
        else:
            uitleg = "Dit moet ik weten om goed te kunnen rekenen. Kies wat het best past."
        uitleg += f" Twijfelt u, dan denkt een adviseur van {context.kantoor.naam} graag met u mee."
        adviseur = Bericht(uitleg, (knop(ADVISEUR_KNOP, "Praat met een adviseur", "start"),))
        return Blijft(frame, (adviseur, toon_vraag(frame, flow, vraag, context)))
    gelezen = parse(vraag, tekst, context.vandaag)
    if isinstance(gelezen, parsing.Ambiguous):
        lezingen = tuple(opslaan(vraag, lezing) for lezing in gelezen.readings)
        wacht = Wacht("dubbelzinnig", vraag.id, lezingen)
        return Blijft(frame.met(wacht=wacht), (_wacht_bericht(wacht, vraag, context, gelezen.question),))
    if isinstance(gelezen, parsing.Ok):
        # What the message says besides the answer ("ja, in onze bv", "Tesla, 45k") fills other questions.
        # A bare "nee" or "45k" says nothing else; a longer choice answer ("ja, in onze bv, een Tesla") may.
        lang = not vraag.open and vraag.soort != "janee" and len(tekst.split()) >= 3
        overige = feiten.lees(
            gelezen.rest or (tekst if lang else ""),
            flow,
            frame.antwoorden,
            vandaag=context.vandaag,
            behalve=frozenset({vraag.id}),
        )
        frame = neem_feiten(frame, overige, herkomst="bericht")
        notitie = gelezen.rest if gelezen.rest and not overige.antwoorden else None
        aanname = f"{vraag.label}: {gelezen.note}" if gelezen.note and not vraag.per_jaar else gelezen.note
        uitslag = _controleer(frame, flow, vraag, opslaan(vraag, gelezen.value), context, aanname, notitie)
        if overige.antwoorden and isinstance(uitslag, Genomen):
            gemeld = Bericht(genoteerd_tekst(flow, overige.antwoorden, overige.aannames))
            return Genomen(uitslag.frame, (*uitslag.berichten, gemeld))
        return uitslag
    # Not an answer as such: perhaps the answer is in a longer sentence, or the message answers other questions.
    gevonden = feiten.lees(tekst, flow, frame.antwoorden, vandaag=context.vandaag, huidige=vraag.id)
    if vraag.id in gevonden.antwoorden:
        eigen = gevonden.antwoorden[vraag.id]
        andere = feiten.Feiten(
            {k: v for k, v in gevonden.antwoorden.items() if k != vraag.id},
            {k: v for k, v in gevonden.aannames.items() if k != vraag.id},
        )
        return _controleer(
            neem_feiten(frame, andere, herkomst="bericht"), flow, vraag, eigen, context, gevonden.aannames.get(vraag.id)
        )
    if gevonden.antwoorden:
        genoteerd = neem_feiten(frame, gevonden, herkomst="bericht")
        return Blijft(
            genoteerd,
            (
                Bericht(genoteerd_tekst(flow, gevonden.antwoorden, gevonden.aannames)),
                toon_vraag(genoteerd, flow, vraag, context),
            ),
        )
    return Blijft(frame, (Bericht(gelezen.message), toon_vraag(frame, flow, vraag, context)), onbegrepen=True)


def genoteerd_tekst(flow: Flow, antwoorden: Mapping[str, Any], notities: Mapping[str, str] | None = None) -> str:
    """What was read from a message, said back so that a misreading can be put right at once."""
    regels = []
    for vraag_id, waarde in antwoorden.items():
        if vraag_id[:1] == "_":
            continue
        vraag = flow.vraag(vraag_id)
        getoond = toon_antwoord(vraag, waarde)
        notitie = (notities or {}).get(vraag_id)
        # "maart 2024" → "1 maart 2024" says the day assumed already; "Ik ga uit van 1 maart 2024" would repeat it.
        gezegd = notitie.removeprefix(vraag.label + ": ") if notitie else ""
        uitleg = f" ({gezegd.rstrip('.')})" if gezegd and gezegd != f"Ik ga uit van {getoond}." else ""
        regels.append(f"• {vraag.label}: {getoond}{uitleg}")
    return "Uit uw bericht heb ik genoteerd:\n" + "\n".join(regels)


def kies_lezing(frame: Frame, flow: Flow, tekst: str, context: Context) -> Uitslag:
    assert frame.wacht is not None and frame.vraag is not None
    vraag = flow.vraag(frame.vraag)
    lezingen = frame.wacht.lezingen
    keuzes = [(str(n), toon_antwoord(vraag, lezing)) for n, lezing in enumerate(lezingen, start=1)]
    gekozen = parsing.match_choice(tekst, keuzes)
    zonder = frame.met(wacht=None)
    if isinstance(gekozen, parsing.Ok):
        return _controleer(zonder, flow, vraag, lezingen[int(gekozen.value) - 1], context, None)
    # Not one of the readings: a fresh answer to the question, typed more clearly this time.
    return beantwoord(zonder, flow, tekst, context)


def bevestig(frame: Frame, flow: Flow, tekst: str, context: Context) -> Uitslag:
    """The answer to 'klopt dat?' about an unlikely value: yes keeps it, no asks again, a new value replaces it."""
    assert frame.wacht is not None and frame.vraag is not None
    vraag = flow.vraag(frame.vraag)
    wacht, zonder = frame.wacht, frame.met(wacht=None)
    gelezen = parsing.parse_yes_no(tekst)
    if isinstance(gelezen, parsing.Ok) and gelezen.rest is None:
        if gelezen.value:
            return Genomen(sla_op(zonder, vraag, wacht.lezingen[0], aanname=wacht.aanname))
        return Blijft(zonder, (Bericht("Geen probleem."), toon_vraag(zonder, flow, vraag, context)))
    return beantwoord(zonder, flow, tekst, context)


def _controleer(
    frame: Frame,
    flow: Flow,
    vraag: Vraag,
    waarde: Any,
    context: Context,
    aanname: str | None,
    notitie: str | None = None,
) -> Uitslag:
    """Store the answer, unless it breaks a check across answers or is so unlikely that we ask first."""
    voorlopig = {**frame.antwoorden, vraag.id: waarde}
    for controle in flow.controles:
        if controle.vraag == vraag.id and not controle.klopt(voorlopig):
            return Blijft(frame, (Bericht(controle.uitleg(voorlopig)), toon_vraag(frame, flow, vraag, context)))
    if _controle_tekst(vraag, waarde, _laatste_dag(frame, context)) is not None:
        wacht = Wacht("controle", vraag.id, (waarde,), aanname)
        return Blijft(frame.met(wacht=wacht), (_wacht_bericht(wacht, vraag, context),))
    gedaan = sla_op(frame, vraag, waarde, aanname=aanname, notitie=notitie)
    return Genomen(gedaan, (Bericht(f"Genoteerd: {aanname}"),) if aanname and vraag.per_jaar else ())


def _laatste_dag(frame: Frame, context: Context) -> dt.date:
    """The latest date a 'date in the past' can have: today, or the end of the (future) year asked about."""
    if frame.jaar is not None and frame.jaar > context.vandaag.year:
        return dt.date(frame.jaar, 12, 31)
    return context.vandaag


def _controle_tekst(vraag: Vraag, waarde: Any, vandaag: dt.date | None) -> str | None:
    """'Een WOZ-waarde van € 2? Dat is ongewoon laag. Klopt dat?' — or None when the value is believable.

    Without `vandaag` a date in the future is taken to be the reason it is being asked about.
    """
    if vraag.soort == "bedrag" and vraag.plausibel is not None and waarde is not None:
        bedrag = Decimal(str(waarde))
        getoond = f"Een {vraag.label} van {toon_antwoord(vraag, waarde)}?"
        if vraag.plausibel.minimum is not None and bedrag < vraag.plausibel.minimum:
            return f"{getoond} Dat is ongewoon laag. Klopt dat?"
        if vraag.plausibel.maximum is not None and bedrag > vraag.plausibel.maximum:
            return f"{getoond} Dat is ongewoon hoog. Klopt dat?"
    if vraag.soort == "datum" and vraag.in_het_verleden and waarde is not None:
        dag = dt.date.fromisoformat(str(waarde))
        if vandaag is None or dag > vandaag:
            return f"{datum_tekst(dag).capitalize()} ligt in de toekomst. Klopt dat?"
    return None


# Storing ------------------------------------------------------------------------------------------------
def sla_op(
    frame: Frame,
    vraag: Vraag,
    waarde: Any,
    *,
    herkomst: Herkomst | None = None,
    aanname: str | None = None,
    notitie: str | None = None,
) -> Frame:
    """The answer stored; where it came from and what was assumed are remembered for the summary."""

    def zonder(mapping: Mapping[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in mapping.items() if k != vraag.id}

    return frame.met(
        antwoorden={**frame.antwoorden, vraag.id: waarde},
        herkomst={**zonder(frame.herkomst), **({vraag.id: herkomst} if herkomst else {})},
        aannames={**zonder(frame.aannames), **({vraag.id: aanname} if aanname else {})},
        notities={**zonder(frame.notities), **({vraag.id: notitie} if notitie else {})},
        geschiedenis=(*[g for g in frame.geschiedenis if g != vraag.id], vraag.id),
        suggesties=zonder(frame.suggesties),
        wacht=None,
    )


def neem_feiten(frame: Frame, gevonden: feiten.Feiten, *, herkomst: Herkomst | None) -> Frame:
    antwoorden = {k: v for k, v in gevonden.antwoorden.items() if k not in frame.antwoorden}
    if not antwoorden:
        return frame
    return frame.met(
        antwoorden={**frame.antwoorden, **antwoorden},
        herkomst={**frame.herkomst, **({k: herkomst for k in antwoorden} if herkomst else {})},
        aannames={**frame.aannames, **{k: v for k, v in gevonden.aannames.items() if k in antwoorden}},
    )


def terug(frame: Frame, flow: Flow) -> Frame | None:
    """The previous question again, with its answer offered back; None at the first question."""
    relevant = [g for g in frame.geschiedenis if g in flow.relevante_antwoorden(frame.antwoorden)]
    if not relevant:
        return None
    vorige = relevant[-1]
    return frame.met(
        stap="vraag",
        vraag=vorige,
        antwoorden={k: v for k, v in frame.antwoorden.items() if k != vorige},
        suggesties={**frame.suggesties, vorige: frame.antwoorden[vorige]},
        geschiedenis=tuple(g for g in frame.geschiedenis if g != vorige),
        wacht=None,
    )


def wijzig(frame: Frame, vraag_id: str) -> Frame:
    """Ask one question again from the summary; its earlier answer is offered back."""
    return frame.met(
        stap="vraag",
        vraag=vraag_id,
        antwoorden={k: v for k, v in frame.antwoorden.items() if k != vraag_id},
        herkomst={k: v for k, v in frame.herkomst.items() if k != vraag_id},
        # A default the user never answered has no earlier answer to offer back.
        suggesties={
            **frame.suggesties,
            **({vraag_id: frame.antwoorden[vraag_id]} if vraag_id in frame.antwoorden else {}),
        },
        wacht=None,
    )
