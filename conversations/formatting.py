"""The calculation as a Dutch answer: verdict and main amount first, then steps, sources, reservations."""

from __future__ import annotations

from decimal import Decimal

from rules import ScenarioUitkomst, Uitkomst, Vergelijking
from rules.formatteer import euro, getal, procent

DISCLAIMER = "Dit is een indicatie op basis van uw antwoorden, geen persoonlijk advies."

# Labels for the outputs users see most; anything else is shown by its name, which is Dutch already.
LABELS = {
    "aftrekbaar": "Aftrekbaar als gift",
    "belastingvoordeel": "Belastingvoordeel (indicatie)",
    "bijtelling": "Bijtelling per jaar",
    "bijtelling_per_maand": "Bijtelling per maand",
    "pseudo_eindheffing": "Pseudo-eindheffing werkgever",
    "btw_prive": "Btw-correctie privégebruik",
    "netto_kosten": "Extra inkomstenbelasting (indicatie)",
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


def label(naam: str) -> str:
    return LABELS.get(naam, naam.replace("_", " ").capitalize())


def _midden_in_zin(tekst: str) -> str:
    """'Box 3-belasting' → 'box 3-belasting' inside a sentence; acronyms such as 'KIA' or 'S&O' stay."""
    return tekst[0].lower() + tekst[1:] if len(tekst) > 1 and tekst[1].islower() else tekst


def waarde_tekst(uitkomst: Uitkomst, naam: str) -> str:
    waarde = uitkomst.waarden[naam]
    if waarde is None:
        return "n.v.t."
    soort = uitkomst.soorten[naam]
    if soort == "procent":
        return procent(waarde)
    if soort == "aantal":
        return getal(waarde)
    return euro(_op_centen_of_euros(waarde))


def _op_centen_of_euros(bedrag: Decimal) -> Decimal:
    return bedrag.quantize(Decimal("0.01")).normalize() if bedrag % 1 else bedrag.quantize(Decimal(1))


def uitkomst_tekst(uitkomst: Uitkomst, extra_aannames: tuple[str, ...] = ()) -> str:
    """Verdict and main amount first, then the other amounts, steps, assumptions, sources, reservations."""
    delen = [
        uitkomst.conclusie,
        f"{label(uitkomst.hoofdwaarde)}: {waarde_tekst(uitkomst, uitkomst.hoofdwaarde)}",
    ]
    overige = [n for n in _kern(uitkomst) if n != uitkomst.hoofdwaarde]
    if overige:
        delen.append("\n".join(f"{label(n)}: {waarde_tekst(uitkomst, n)}" for n in overige))
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


def vergelijking_tekst(vergelijking: Vergelijking, titel: str, namen: dict[str, str]) -> str:
    """Side by side: each variant's main amounts, then the difference in the main amount."""
    eerste = vergelijking.varianten[0][1]
    kern = _kern(eerste)
    blokken = [titel]
    for waarde, uitkomst in vergelijking.varianten:
        regels = [f"{label(n)}: {waarde_tekst(uitkomst, n)}" for n in kern if n in uitkomst.waarden]
        blokken.append(f"{namen.get(str(waarde), str(waarde))}\n" + "\n".join(f"• {r}" for r in regels))
    verschil = vergelijking.verschillen.get(eerste.hoofdwaarde)
    if verschil is not None:
        zinnen = []
        for (waarde, _), delta in zip(vergelijking.varianten[1:], verschil[1:], strict=True):
            if delta is None:
                continue
            naam = namen.get(str(waarde), str(waarde))
            if delta == 0:
                zinnen.append(f"{naam}: geen verschil in {_midden_in_zin(label(eerste.hoofdwaarde))}.")
            else:
                richting = "meer" if delta > 0 else "minder"
                bedrag = euro(abs(_op_centen_of_euros(delta)))
                zinnen.append(f"{naam}: {bedrag} {richting} {_midden_in_zin(label(eerste.hoofdwaarde))}.")
        if zinnen:
            blokken.append("Verschil:\n" + "\n".join(zinnen))
    voorlopig = {v for _, u in vergelijking.varianten for v in u.voorlopig}
    if voorlopig:
        blokken.append("Nog niet definitief:\n" + "\n".join(f"• {v}" for v in sorted(voorlopig)))
    blokken.append(DISCLAIMER)
    return "\n\n".join(blokken)


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
    voorlopig = {v for r in resultaten for u in r.uitkomsten for v in u.voorlopig}
    if voorlopig:
        blokken.append("Nog niet definitief:\n" + "\n".join(f"• {v}" for v in sorted(voorlopig)))
    blokken.append(DISCLAIMER)
    return "\n\n".join(blokken)


def _kern(uitkomst: Uitkomst) -> tuple[str, ...]:
    """The outputs worth repeating in a comparison: the main one and the non-zero euro amounts."""
    return tuple(
        n
        for n, w in uitkomst.waarden.items()
        if n == uitkomst.hoofdwaarde or (w is not None and w != 0 and uitkomst.soorten[n] == "EUR")
    )
