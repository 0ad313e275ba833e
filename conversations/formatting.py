"""The calculation as Dutch text: a short answer for a phone, each detail on request, and the full text.

The short answer holds the verdict, the one to three amounts that matter (in bold) and the net effect; the
steps, the assumptions and the sources each come as their own message when asked. The full text goes to the
adviser's hand-off packet.
"""

from __future__ import annotations

from decimal import Decimal

from conversations.replies import vet, zonder_opmaak
from rules import ScenarioUitkomst, Uitkomst, Vergelijking, toon_bronnen
from rules.afronding import op_centen, op_hele_euros
from rules.formatteer import euro, getal, procent

DISCLAIMER = "Dit is een indicatie op basis van uw antwoorden, geen persoonlijk advies."
MAANDEN_PER_JAAR = 12
JAARTALLEN = frozenset({"box3_vanaf"})
"""Outputs that are a year: shown as 2027, not as the number 2.027."""
KORT_MAXIMUM = 700
DETAIL_MAXIMUM = 1500
MAX_BRONNEN = 4
__all__ = ["zonder_opmaak"]

# Labels for the outputs users see most; anything else is shown by its name, which is Dutch already.
LABELS = {
    "aftrekbaar": "Aftrekbaar als gift",
    "belastingvoordeel": "Belastingvoordeel (indicatie)",
    "bijtelling": "Bijtelling per jaar",
    "bijtelling_per_maand": "Bijtelling per maand",
    "bijtelling_per_jaar": "Bijtelling op jaarbasis",
    "pseudo_eindheffing": "Pseudo-eindheffing werkgever",
    "btw_prive": "Btw over privégebruik",
    "kosten_werkgever": "Kosten werkgever of bv",
    "netto_kosten": "Extra inkomstenbelasting (indicatie)",
    "netto_kosten_per_maand": "Netto per maand (indicatie)",
    "maanden": "Maanden met de auto",
    "box3_per_jaar": "Box 3 per jaar door de woning",
    "box3_vanaf": "In box 3 vanaf",
    "s_o_aftrek_voordeel": "Voordeel S&O-aftrek (indicatie)",
    "totaal_voordeel": "Totaal voordeel",
    "verhoging_culturele_anbi": "Extra aftrek culturele ANBI",
    "investeringsbedrag": "Investeringen",
    "voordeel": "Voordeel uit sparen en beleggen",
    "rendementsgrondslag": "Rendementsgrondslag",
    "heffingsvrij_vermogen": "Heffingsvrij vermogen",
    "overdrachtsbelasting": "Overdrachtsbelasting",
    "overdrachtsbelasting_tarief": "Tarief overdrachtsbelasting",
    "box3_belasting": "Box 3-belasting",
    "box3_belasting_woning": "Box 3-belasting door de woning",
    "totale_aftrek": "Totale investeringsaftrek",
    "afdrachtvermindering": "S&O-afdrachtvermindering",
    "s_o_aftrek": "S&O-aftrek",
    "kia": "KIA (kleinschaligheidsinvesteringsaftrek)",
    "eia": "EIA (energie-investeringsaftrek)",
    "mia": "MIA (milieu-investeringsaftrek)",
    "kia_percentage": "KIA-percentage (nodig bij latere verkoop)",
    "desinvesteringsbijtelling": "Desinvesteringsbijtelling",
    "giftenaftrek_totaal": "Giftenaftrek totaal",
    "waarde_box3": "Waarde in box 3",
    "leegwaarderatio": "Leegwaarderatio",
    "heffingskorting_groen": "Heffingskorting groene beleggingen",
}


def label(naam: str, uitkomst: Uitkomst | None = None) -> str:
    """The output's name for a reader; a car's bijtelling over part of a year says over how many months."""
    if naam == "bijtelling" and uitkomst is not None:
        maanden = uitkomst.waarden.get("maanden")
        if maanden is not None and maanden < MAANDEN_PER_JAAR:
            return f"Bijtelling over {getal(maanden)} maanden"
    return LABELS.get(naam, naam.replace("_", " ").capitalize())


def _midden_in_zin(tekst: str) -> str:
    """'Box 3-belasting' → 'box 3-belasting' inside a sentence; acronyms such as 'KIA' or 'S&O' stay."""
    return tekst[0].lower() + tekst[1:] if len(tekst) > 1 and tekst[1].islower() else tekst


def waarde_tekst(uitkomst: Uitkomst, naam: str) -> str:
    waarde = uitkomst.waarden[naam]
    if waarde is None:
        return "n.v.t."
    soort = uitkomst.soorten[naam]
    if naam in JAARTALLEN:
        return str(int(waarde))
    if soort == "procent":
        return procent(waarde)
    if soort == "aantal":
        return getal(waarde)
    return euro(_op_centen_of_euros(waarde))


def _op_centen_of_euros(bedrag: Decimal) -> Decimal:
    """Whole euros without cents; anything else to the cent (rounded as rules.afronding rounds indications)."""
    centen = op_centen(bedrag)
    return centen if centen % 1 else op_hele_euros(centen)


def kern(uitkomst: Uitkomst) -> tuple[str, ...]:
    """The outputs the short answer shows: what the calculator named, else the main one. A zero main amount
    gives way to one that is not (an entrepreneur without staff: no afdrachtvermindering, but an S&O-aftrek)."""
    namen = [uitkomst.hoofdwaarde, *(n for n in uitkomst.kern if n != uitkomst.hoofdwaarde)]
    bekend = [n for n in namen if uitkomst.waarden.get(n) is not None or n == uitkomst.hoofdwaarde]
    niet_nul = [n for n in bekend if uitkomst.waarden.get(n)]
    return tuple(niet_nul or bekend)[:3]


def let_op(uitkomst: Uitkomst) -> str | None:
    """One line about what is provisional; the details are under 'Uitgangspunten'."""
    if not uitkomst.voorlopig:
        return None
    if len(uitkomst.voorlopig) == 1:
        return f"Let op: {uitkomst.voorlopig[0]}"
    return "Let op: een paar bedragen hierin zijn nog niet definitief (zie Uitgangspunten)."


def kort_antwoord(uitkomst: Uitkomst, termijnen: tuple[str, ...] = ()) -> str:
    """Verdict, key amounts in bold, the net effect, deadlines and one line of reservation: at most 700 characters."""
    regels = [f"{label(n, uitkomst)}: {vet(waarde_tekst(uitkomst, n))}" for n in kern(uitkomst)]
    delen = [uitkomst.conclusie, "\n".join(regels)]
    if uitkomst.netto is not None and not _al_gezegd(uitkomst):
        delen.append(uitkomst.netto.zin)
    delen += list(termijnen)
    waarschuwing = let_op(uitkomst)
    if waarschuwing:
        delen.append(waarschuwing)
    tekst = "\n\n".join(delen)
    if len(zonder_opmaak(tekst)) > KORT_MAXIMUM and waarschuwing:
        tekst = tekst.replace(waarschuwing, "Let op: niet alles hierin is al definitief (zie Uitgangspunten).")
    return _ingekort(tekst, KORT_MAXIMUM)


def _al_gezegd(uitkomst: Uitkomst) -> bool:
    """The verdict already names the net effect's amount: saying it twice makes a short answer long."""
    netto = uitkomst.netto
    if netto is None or netto.naam is None or uitkomst.waarden.get(netto.naam) is None:
        return False
    return waarde_tekst(uitkomst, netto.naam) in uitkomst.conclusie


def _ingekort(tekst: str, maximum: int) -> str:
    """Cut a text at a line boundary to fit; a calculator's text never needs it, but a message must fit."""
    if len(zonder_opmaak(tekst)) <= maximum:
        return tekst
    regels = tekst.split("\n")
    while regels and len(zonder_opmaak("\n".join([*regels, "…"]))) > maximum:
        regels.pop()
    return "\n".join([*regels, "…"])


def berekening_tekst(uitkomst: Uitkomst) -> str:
    regels = [_stap_regel(s.omschrijving, s.bedrag) for s in uitkomst.stappen]
    waarden = [f"• {label(n, uitkomst)}: {waarde_tekst(uitkomst, n)}" for n in _kern(uitkomst)]
    return "Zo reken ik:\n" + "\n".join(regels or waarden)


def uitgangspunten_tekst(uitkomst: Uitkomst, extra_aannames: tuple[str, ...] = ()) -> str:
    """What was assumed, then what is not final (the short answer points here for it) and the disclaimer."""
    delen = []
    if uitkomst.voorlopig:
        delen.append("Nog niet definitief:\n" + "\n".join(f"• {v}" for v in uitkomst.voorlopig))
    if uitkomst.netto is not None and uitkomst.netto.aanname:
        delen.append(f"Netto-effect: {uitkomst.netto.aanname}")
    delen.append(DISCLAIMER)
    aannames = tuple(dict.fromkeys((*extra_aannames, *uitkomst.aannames)))
    vast = "\n\n".join(delen)
    if aannames:
        return "Uitgangspunten:\n" + "\n".join(f"• {a}" for a in aannames) + f"\n\n{vast}"
    return vast


def bronnen_tekst(uitkomst: Uitkomst) -> str:
    """The sources that decided the amount, primary ones (the law, the Belastingdienst, RVO) first."""
    bronnen = toon_bronnen(uitkomst.bronnen, MAX_BRONNEN)
    if not bronnen:
        return "Voor deze berekening zijn geen bronnen nodig."
    return "Bronnen:\n" + "\n".join(f"• {b.titel}: {b.url}" for b in bronnen)


def uitkomst_tekst(uitkomst: Uitkomst, extra_aannames: tuple[str, ...] = ()) -> str:
    """Verdict and main amount first, then the other amounts, steps, assumptions, sources, reservations."""
    delen = [
        uitkomst.conclusie,
        f"{label(uitkomst.hoofdwaarde, uitkomst)}: {waarde_tekst(uitkomst, uitkomst.hoofdwaarde)}",
    ]
    overige = [n for n in _kern(uitkomst) if n != uitkomst.hoofdwaarde]
    if overige:
        delen.append("\n".join(f"{label(n, uitkomst)}: {waarde_tekst(uitkomst, n)}" for n in overige))
    if uitkomst.stappen:
        delen.append("Zo rekenen we:\n" + "\n".join(_stap_regel(s.omschrijving, s.bedrag) for s in uitkomst.stappen))
    aannames = (*extra_aannames, *uitkomst.aannames)
    if aannames:
        delen.append("Uitgangspunten:\n" + "\n".join(f"• {a}" for a in aannames))
    if uitkomst.bronnen:
        delen.append("Bronnen:\n" + "\n".join(f"• {b.titel}: {b.url}" for b in uitkomst.bronnen))
    if uitkomst.voorlopig:
        delen.append("Nog niet definitief:\n" + "\n".join(f"• {v}" for v in uitkomst.voorlopig))
    delen.append(DISCLAIMER)
    return "\n\n".join(delen)


def _stap_regel(omschrijving: str, bedrag: Decimal | None) -> str:
    return f"• {omschrijving}" if bedrag is None else f"• {omschrijving}: {euro(_op_centen_of_euros(bedrag))}"


def vergelijking_tekst(vergelijking: Vergelijking, titel: str, namen: dict[str, str], op: str | None = None) -> str:
    """Side by side: each variant's key amounts, then the difference in `op` (default the main amount).

    `op` lets a comparison compare like with like: a car's yearly equivalent, not ten months against twelve.
    """
    eerste = vergelijking.varianten[0][1]
    hoofd = op if op is not None and op in eerste.waarden else eerste.hoofdwaarde
    # Compared on another output (a yearly equivalent), the main output itself is not repeated next to it.
    getoond = tuple(
        n for n in dict.fromkeys((hoofd, *kern(eerste))) if hoofd == eerste.hoofdwaarde or n != eerste.hoofdwaarde
    )
    blokken = [titel]
    for waarde, uitkomst in vergelijking.varianten:
        regels = [
            f"{label(n, uitkomst)}: {waarde_tekst(uitkomst, n)}"
            for n in getoond
            if n in uitkomst.waarden and uitkomst.waarden[n] is not None
        ]
        blokken.append(f"{namen.get(str(waarde), str(waarde))}\n" + "\n".join(f"• {r}" for r in regels))
    verschil = vergelijking.verschillen.get(hoofd)
    if verschil is not None:
        zinnen = []
        for (waarde, _), delta in zip(vergelijking.varianten[1:], verschil[1:], strict=True):
            if delta is None:
                continue
            naam = namen.get(str(waarde), str(waarde))
            if delta == 0:
                zinnen.append(f"{naam}: geen verschil in {_midden_in_zin(label(hoofd, eerste))}.")
            else:
                richting = "meer" if delta > 0 else "minder"
                bedrag = euro(abs(_op_centen_of_euros(delta)))
                zinnen.append(f"{naam}: {bedrag} {richting} {_midden_in_zin(label(hoofd, eerste))}.")
        if zinnen:
            blokken.append("Verschil:\n" + "\n".join(zinnen))
    voorlopig = sorted({v for _, u in vergelijking.varianten for v in u.voorlopig})
    if voorlopig:
        blokken.append(voorlopig[0] if len(voorlopig) == 1 else "Let op: niet alle bedragen hierin zijn al definitief.")
    return _ingekort("\n\n".join(blokken), DETAIL_MAXIMUM)


def scenario_tekst(resultaten: tuple[ScenarioUitkomst, ...], titel: str) -> str:
    """Each scenario's total of the main amount and its parts per year, then the difference."""
    eerste = resultaten[0]
    hoofd = eerste.uitkomsten[0].hoofdwaarde
    blokken = [titel]
    for resultaat in resultaten:
        regels = [f"• {u.jaar}: {label(hoofd)} {waarde_tekst(u, hoofd)}" for u in resultaat.uitkomsten]
        totaal = resultaat.totalen.get(hoofd)
        if totaal is not None and len(resultaat.uitkomsten) > 1:
            regels.append(f"• samen: {euro(_op_centen_of_euros(totaal))}")
        blokken.append(f"{resultaat.naam}\n" + "\n".join(regels))
    basis = eerste.totalen.get(hoofd)
    for resultaat in resultaten[1:]:
        totaal = resultaat.totalen.get(hoofd)
        if basis is not None and totaal is not None and totaal != basis:
            richting = "meer" if totaal > basis else "minder"
            verschil = euro(abs(_op_centen_of_euros(totaal - basis)))
            blokken.append(f"{resultaat.naam}: {verschil} {richting} {_midden_in_zin(label(hoofd))}.")
    voorlopig = sorted({v for r in resultaten for u in r.uitkomsten for v in u.voorlopig})
    if voorlopig:
        blokken.append(voorlopig[0] if len(voorlopig) == 1 else "Let op: niet alle bedragen hierin zijn al definitief.")
    return _ingekort("\n\n".join(blokken), DETAIL_MAXIMUM)


def _kern(uitkomst: Uitkomst) -> tuple[str, ...]:
    """The outputs worth repeating in a comparison: the main one and the non-zero euro amounts."""
    return tuple(
        n
        for n, w in uitkomst.waarden.items()
        if n == uitkomst.hoofdwaarde or (w is not None and w != 0 and uitkomst.soorten[n] == "EUR")
    )
