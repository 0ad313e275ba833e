"""What is particular to a tax topic: the summary, the calculation, the answer and what the user can do next.

A topic flow asks its questions like any flow, then shows a summary ("Klopt dit?"), then calculates and stays
on screen with the answer: details on request, what-ifs, a reminder, the adviser, a change, another topic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from conversations import formatting
from conversations.context import Context
from conversations.flow import JAAR_VRAAG, Flow, Vraag
from conversations.questions import toon_antwoord
from conversations.replies import Bericht, Knop, knop, splits
from conversations.state import JAAR_ANTWOORD, Frame
from rules import (
    OngeldigeInvoer,
    Scenario,
    Uitkomst,
    bereken,
    berekenbare_jaren,
    jaar_niet_berekenbaar,
    spreiding,
    vergelijk,
    vergelijk_scenarios,
)
from rules.termijnen import meldtermijn_eia_mia_zin, meldtermijn_maanden, periodieke_gift_zin, wbso_aanvraag_zin

SAMENVATTING = "sv"
NA = "na"
BEREKEN = "bereken"
WIJZIGEN = "wijzigen"

# Options after the answer, besides the what-ifs and the reminder.
DETAILS = (("berekening", "Berekening"), ("uitgangspunten", "Uitgangspunten"), ("bronnen", "Bronnen"))
ADVISEUR = ("adviseur", "Praat met een adviseur")
WIJZIG = ("wijzig", "Antwoord wijzigen")
MENU = ("menu", "Ander onderwerp")
HERINNER = "herinner"

NA_SYNONIEMEN = {
    "berekening": ("berekening", "hoe reken je", "hoe kom je daarop", "stappen", "uitleg", "details"),
    "uitgangspunten": ("uitgangspunten", "aannames", "aanname", "voorbehoud"),
    "bronnen": ("bron", "bronnen", "wet", "wetsartikel", "waar staat dat"),
    "adviseur": ("adviseur", "contact", "bellen", "afspraak", "gesprek"),
    "wijzig": ("wijzig", "wijzigen", "aanpassen", "verander", "fout"),
    "menu": ("ander onderwerp", "menu", "iets anders"),
}
HERKOMST_LABELS = {"bericht": " (uit uw bericht)", "aangenomen": " (aangenomen)"}


# The summary --------------------------------------------------------------------------------------------
def samenvatting_regels(frame: Frame, flow: Flow) -> list[tuple[str, str]]:
    """(question id, 'label: answer') for every input the calculation will use: the year, the answers, then the
    defaults the flow assumed (marked, so the user sees them and can change one)."""
    regels = [(JAAR_VRAAG.id, f"jaar: {frame.jaar}")]
    for vraag_id, waarde in flow.relevante_antwoorden(frame.antwoorden).items():
        vraag = flow.vraag(vraag_id)
        herkomst = HERKOMST_LABELS.get(frame.herkomst.get(vraag_id, ""), "")
        regels.append((vraag_id, f"{vraag.label}: {toon_antwoord(vraag, waarde)}{herkomst}"))
    for standaard in flow.geldende_standaarden(frame.antwoorden):
        vraag = standaard.vraag
        if vraag.id in frame.antwoorden:
            herkomst = HERKOMST_LABELS.get(frame.herkomst.get(vraag.id, ""), "")
            regels.append((vraag.id, f"{vraag.label}: {toon_antwoord(vraag, frame.antwoorden[vraag.id])}{herkomst}"))
        else:
            regels.append((vraag.id, f"{vraag.label}: {toon_antwoord(vraag, standaard.waarde)} (aangenomen)"))
    return regels


def samenvatting_bericht(frame: Frame, flow: Flow) -> Bericht:
    regels = samenvatting_regels(frame, flow)
    lijst = "\n".join(f"{nummer}. {regel}" for nummer, (_, regel) in enumerate(regels, start=1))
    tekst = f"Klopt dit?\n{lijst}\n\nKies 'Bereken', of typ het nummer van wat u wilt wijzigen."
    # Two buttons fit a phone; a button per line would be a wall of "Wijzig 1 … Wijzig 13".
    knoppen = (knop(SAMENVATTING, "Bereken", BEREKEN), knop(SAMENVATTING, "Iets wijzigen", WIJZIGEN))
    # A typed number picks a line of the summary, so a channel that numbers buttons must not number these.
    return Bericht(tekst, knoppen, open=True)


def wijzig_keuze_bericht(frame: Frame, flow: Flow) -> Bericht:
    """Which answer to change, as one button per line of the summary, named by what it is about."""
    regels = samenvatting_regels(frame, flow)
    knoppen = tuple(
        knop(SAMENVATTING, f"{nummer}. {regel.split(':', 1)[0]}", str(nummer))
        for nummer, (_, regel) in enumerate(regels, start=1)
    )
    return Bericht("Welk antwoord wilt u wijzigen? Kies hieronder of typ het nummer.", knoppen)


# The calculation ----------------------------------------------------------------------------------------
def calculator_invoer(frame: Frame, flow: Flow) -> dict[str, Any]:
    """The calculator input for the answers so far: the defaults, then what the flow builds, then the year."""
    invoer: dict[str, Any] = {
        standaard.veld: frame.antwoorden.get(standaard.vraag.id, standaard.waarde)
        for standaard in flow.geldende_standaarden(frame.antwoorden)
    }
    # The flow may need the year too (a transfer 'this year' becomes a date in it).
    invoer.update(flow.invoer({**flow.relevante_antwoorden(frame.antwoorden), JAAR_ANTWOORD: frame.jaar}))
    invoer["jaar"] = frame.jaar
    return invoer


def aannames(frame: Frame, flow: Flow) -> tuple[str, ...]:
    """The defaults the user left as they were, what the flow assumes, and every 'weet ik niet'."""
    standaard = tuple(
        s.aanname for s in flow.geldende_standaarden(frame.antwoorden) if s.vraag.id not in frame.antwoorden
    )
    relevant = flow.relevante_antwoorden(frame.antwoorden)
    per_vraag = tuple(tekst for vraag_id, tekst in frame.aannames.items() if vraag_id in relevant)
    return (*standaard, *flow.aannames(relevant), *per_vraag)


@dataclass(frozen=True)
class Berekend:
    uitkomst: Uitkomst
    invoer: Mapping[str, Any]


def reken(frame: Frame, flow: Flow) -> Berekend | OngeldigeInvoer:
    assert flow.onderwerp is not None
    invoer = calculator_invoer(frame, flow)
    try:
        return Berekend(bereken(flow.onderwerp, invoer), invoer)
    except OngeldigeInvoer as fout:
        return fout


def vraag_voor_veld(flow: Flow, veld: str) -> Vraag | None:
    for vraag in flow.alle_vragen:
        if veld in {vraag.id, vraag.veld}:
            return vraag
    return None


def jaar_probleem(flow: Flow, jaar: int) -> str | None:
    """Why `jaar` cannot be calculated for this topic, said when the year is chosen; None when it can."""
    assert flow.onderwerp is not None
    reden = jaar_niet_berekenbaar(flow.onderwerp, jaar)
    return None if reden is None else f"{reden}."


def standaardjaar(flow: Flow, vandaag: dt.date) -> int:
    """This year, or the latest year the topic can calculate when this year's figures are not known yet."""
    assert flow.onderwerp is not None
    jaren = [j for j in berekenbare_jaren(flow.onderwerp) if j <= vandaag.year]
    return vandaag.year if vandaag.year in jaren or not jaren else max(jaren)


def termijnen(flow: Flow, berekend: Berekend, vandaag: dt.date) -> tuple[str, ...]:
    """Deadlines that matter on `vandaag`, said in the answer itself: missing one costs the whole benefit."""
    invoer = berekend.invoer
    jaar = int(invoer["jaar"])
    if jaar < vandaag.year:
        return ()  # a past year: its deadlines have gone, and the answer is about what was
    if flow.id == "kia":
        zinnen = []
        for item in invoer.get("investeringen", ()):
            if not isinstance(item, Mapping) or not item.get("regeling") or item.get("gemeld") is not None:
                continue  # reported already, or too late: no deadline left to mention
            if item.get("datum_verplichting"):
                zinnen.append(meldtermijn_eia_mia_zin(dt.date.fromisoformat(str(item["datum_verplichting"])), vandaag))
            else:
                zinnen.append(
                    f"Meld een EIA- of MIA-investering binnen {meldtermijn_maanden(vandaag)} maanden na de opdracht "
                    "bij RVO; anders krijgt u er geen EIA of MIA voor."
                )
        return tuple(dict.fromkeys(zinnen))
    if flow.id == "wbso":
        met_personeel = Decimal(str(invoer.get("s_o_kosten", "0"))) > 0
        return (wbso_aanvraag_zin(vandaag, met_personeel=met_personeel),)
    if flow.id == "anbi-contributie" and invoer.get("periodiek") is False and jaar == vandaag.year:
        return (periodieke_gift_zin(vandaag),)
    return ()


# After the answer ---------------------------------------------------------------------------------------
def na_opties(
    flow: Flow, invoer: Mapping[str, Any], context: Context, *, herinnering: str | None
) -> list[tuple[str, str]]:
    """What the user can do after an answer, as (id, label): details, what-ifs, a reminder, and the ways on."""
    opties = list(DETAILS)
    opties += [(wat_als.id, wat_als.label) for wat_als in flow.wat_als if wat_als.alleen_als(invoer)]
    if context.herinneringen and herinnering is not None:
        opties.append((HERINNER, herinnering))
    opties += [ADVISEUR, WIJZIG, MENU]
    return opties


def na_knoppen(opties: list[tuple[str, str]]) -> tuple[Knop, ...]:
    return tuple(knop(NA, label, id_) for id_, label in opties)


def detail_teksten(keuze: str, berekend: Berekend, frame: Frame, flow: Flow) -> list[str]:
    """A detail as messages that each fit a phone: a long one continues in a next message, never cut off."""
    uitkomst = berekend.uitkomst
    if keuze == "berekening":
        tekst = formatting.berekening_tekst(uitkomst)
    elif keuze == "uitgangspunten":
        tekst = formatting.uitgangspunten_tekst(uitkomst, aannames(frame, flow))
    else:
        tekst = formatting.bronnen_tekst(uitkomst)
    return splits(tekst, formatting.DETAIL_MAXIMUM)


def wat_als_tekst(flow: Flow, wat_als_id: str, invoer: Mapping[str, Any]) -> str:
    wat_als = next(w for w in flow.wat_als if w.id == wat_als_id)
    assert flow.onderwerp is not None
    if wat_als.spreid_jaren is not None:
        try:
            eenmalig = Scenario(f"Alles in {invoer['jaar']}", ({},))
            resultaten = vergelijk_scenarios(
                flow.onderwerp, invoer, [eenmalig, spreiding(invoer, wat_als.veld, wat_als.spreid_jaren)]
            )
        except OngeldigeInvoer as fout:
            return f"Deze vergelijking kan ik nog niet maken: {fout.melding}."
        return formatting.scenario_tekst(resultaten, f"{wat_als.label}:")
    waarden = wat_als.waarden(invoer)
    try:
        vergelijking = vergelijk(flow.onderwerp, invoer, wat_als.veld, waarden)
    except OngeldigeInvoer as fout:
        return f"Deze vergelijking kan ik nog niet maken: {fout.melding}."
    vraag = vraag_voor_veld(flow, wat_als.veld)
    namen = {str(w): _variant_naam(vraag, wat_als.veld, w) for w in waarden}
    return formatting.vergelijking_tekst(vergelijking, f"{wat_als.label}:", namen, op=wat_als.op)


def _variant_naam(vraag: Vraag | None, veld: str, waarde: Any) -> str:
    if vraag is None:
        return str(waarde).capitalize()
    tekst = toon_antwoord(vraag, waarde)
    return f"{vraag.label.capitalize()}: {tekst}" if vraag.soort == "janee" else tekst.capitalize()


# The hand-off packet ------------------------------------------------------------------------------------
def lead_basis(frame: Frame, flow: Flow) -> dict[str, Any]:
    """What an adviser request started from this topic carries: the answers and, once calculated, the result."""
    basis: dict[str, Any] = {
        "onderwerp": flow.id,
        "titel": flow.titel,
        "antwoorden": [regel.split(": ", 1) for _, regel in samenvatting_regels(frame, flow)],
    }
    if frame.stap == "uitkomst":
        berekend = reken(frame, flow)
        if isinstance(berekend, Berekend):
            basis["invoer"] = dict(berekend.invoer)
            basis["uitkomst"] = uitkomst_packet(flow, berekend.uitkomst, aannames(frame, flow))
    return basis


def uitkomst_packet(flow: Flow, uitkomst: Uitkomst, extra_aannames: tuple[str, ...]) -> dict[str, Any]:
    """The calculation as the adviser reads it: the figures, the full text, and the notes clients never see."""
    return {
        "titel": flow.titel,
        "hoofdwaarde": formatting.label(uitkomst.hoofdwaarde),
        "bedrag": formatting.waarde_tekst(uitkomst, uitkomst.hoofdwaarde),
        "conclusie": uitkomst.conclusie,
        "waarden": [
            [formatting.label(n), formatting.waarde_tekst(uitkomst, n)]
            for n in uitkomst.waarden
            if uitkomst.waarden[n] is not None
        ],
        "voorlopig": list(uitkomst.voorlopig),
        "aannames": [*extra_aannames, *uitkomst.aannames],
        "toelichting": list(uitkomst.toelichting),
        "bronnen": [[b.titel, b.url] for b in uitkomst.bronnen],
        "tekst": formatting.zonder_opmaak(formatting.uitkomst_tekst(uitkomst, extra_aannames)),
    }
