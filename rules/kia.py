"""Investeringsaftrek: KIA on the year's total, EIA and MIA on top, and the desinvesteringsbijtelling.

The KIA (art. 3.41 Wet IB 2001) depends on the total of the year's qualifying investments, so investing the
same amount in one year or spread over two can give a different deduction; the calculator is cheap enough for
`vergelijk` to run it for several years. EIA (art. 3.42) and MIA (art. 3.42a) come on top of the KIA for the
assets on the Energielijst or Milieulijst; the input gives each asset at most one `regeling`, so EIA and MIA
never meet on the same asset, as the law requires. A partner in a vof, maatschap or cv takes the KIA from the
table on the partnership's total and gets his share in proportion to his own investments (art. 3.41 lid 3).

What the deduction saves is estimated for the `rechtsvorm`: box 1 after the MKB-winstvrijstelling for an
ondernemer in the income tax, the vennootschapsbelasting for a bv; from the profit when it is given, from a
stated rate when it is not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BaseModel, BeforeValidator, ConfigDict, Field

from rules.afronding import op_centen, op_hele_euros, op_honderdste_procent
from rules.box1 import (
    Voordeel,
    belasting_over_winst,
    geschat_voordeel_zonder_winst,
    heffingskortingen_kunnen_alles_wegnemen,
)
from rules.calculator import Calculator
from rules.formatteer import datum, euro, getal, procent
from rules.invoer import Bedrag, Invoer, OngeldigeInvoer
from rules.parameters import Cel, ParameterOntbreekt, Parameters
from rules.rekenblad import Rekenblad, getal_in
from rules.termijnen import MELDTERMIJN_EIA_MIA, plus_maanden
from rules.uitkomst import NettoEffect, Uitkomst
from rules.vennootschapsbelasting import laagste_tarief, vennootschapsbelasting

ONDERWERP = "kia"
WET_IB = "https://wetten.overheid.nl/BWBR0011353"
WET_IB_3_41 = "https://wetten.overheid.nl/jci1.3:c:BWBR0011353&artikel=3.41"

KIA_TABEL = "investeringsaftrek/kia_tabel"
MINIMUM_BEDRIJFSMIDDEL = "investeringsaftrek/minimum_bedrijfsmiddel"
EIA_PERCENTAGE = "investeringsaftrek/eia_percentage"
EIA_MINIMUM = "investeringsaftrek/eia_minimum_bedrijfsmiddel"
EIA_MAXIMUM = "investeringsaftrek/eia_maximum"
MIA_PERCENTAGE = {
    "mia1": "investeringsaftrek/mia_categorie_1",
    "mia2": "investeringsaftrek/mia_categorie_2",
    "mia3": "investeringsaftrek/mia_categorie_3",
}
MIA_CATEGORIE = {"mia1": "I", "mia2": "II", "mia3": "III"}
DESINVESTERINGSDREMPEL = "investeringsaftrek/desinvesteringsdrempel"
DESINVESTERINGSTERMIJN = "investeringsaftrek/desinvesteringstermijn"
MKB_WINSTVRIJSTELLING = "ondernemers/mkb_winstvrijstelling"

ZERO = Decimal(0)
_PROCENT = Decimal(100)

Regeling = Literal["eia", "mia1", "mia2", "mia3"]
Rechtsvorm = Literal["ib_ondernemer", "bv"]


class _Onderdeel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Investering(_Onderdeel):
    """One asset bought in the year; `regeling` says whether it is on the Energielijst or the Milieulijst."""

    bedrag: Bedrag = Field(description="Investeringsbedrag van het bedrijfsmiddel (zonder aftrekbare btw).")
    regeling: Regeling | None = Field(
        default=None,
        description="'eia' voor de Energielijst, 'mia1'/'mia2'/'mia3' voor categorie I/II/III van de "
        "Milieulijst; leeg als alleen de KIA geldt.",
    )
    datum_verplichting: dt.date | None = Field(
        default=None,
        description="Datum van de opdracht (de investeringsverplichting); bij EIA of MIA begint daar de "
        "meldtermijn bij RVO.",
    )
    gemeld: bool | None = Field(
        default=None,
        description="Of de investering op tijd bij RVO is gemeld: nee betekent geen EIA of MIA (de KIA blijft); "
        "leeg: aangenomen dat u op tijd meldt.",
    )


def _als_investering(waarde: Any) -> Any:
    """A plain number in the list is an asset without EIA or MIA."""
    if isinstance(waarde, int | float | str | Decimal) and not isinstance(waarde, bool):
        return {"bedrag": waarde}
    return waarde


Percentage = Annotated[Decimal, Field(ge=0, le=100, allow_inf_nan=False)]
"""A percentage written as the law writes it: 28 means 28%."""


class Desinvestering(_Onderdeel):
    """An asset sold this year on which investeringsaftrek was claimed in the year it was bought."""

    verkoopprijs: Bedrag = Field(description="Verkoopprijs (overdrachtsprijs) van het bedrijfsmiddel.")
    aanschafprijs: Bedrag = Field(description="Het investeringsbedrag waarover u destijds aftrek kreeg.")
    aftrek_percentage: Percentage = Field(
        validation_alias=AliasChoices("aftrek_percentage", "kia_percentage"),
        description="Percentage investeringsaftrek voor dit bedrijfsmiddel in het jaar van aanschaf, geschreven "
        "als 28 voor 28%: het KIA-percentage van dat jaar (output 'kia_percentage') plus het EIA- of "
        "MIA-percentage als het bedrijfsmiddel dat kreeg. Ook als 'kia_percentage' te geven.",
    )


class KiaInvoer(Invoer):
    investeringen: tuple[Annotated[Investering, BeforeValidator(_als_investering)], ...] = Field(
        description="De investeringen van het jaar: een bedrag, of {bedrag, regeling}.",
    )
    desinvesteringen: tuple[Desinvestering, ...] = Field(
        default=(), description="Bedrijfsmiddelen die u dit jaar verkocht en waarvoor u aftrek kreeg."
    )
    winst: Bedrag | None = Field(
        default=None,
        description="Winst uit onderneming (of belastbare winst van de bv) vóór investeringsaftrek, voor het "
        "belastingvoordeel; leeg: geschat met een vermeld tarief.",
    )
    rechtsvorm: Rechtsvorm = Field(
        default="ib_ondernemer",
        description="'ib_ondernemer' (eenmanszaak, vof: inkomstenbelasting) of 'bv' (vennootschapsbelasting).",
    )
    samenwerkingsverband_investeringen: Bedrag | None = Field(
        default=None,
        description="Bij een vof, maatschap of cv: wat het samenwerkingsverband samen dit jaar investeerde, uw "
        "eigen investeringen inbegrepen. De KIA komt dan uit de tabel bij dat totaal, naar rato van uw deel.",
    )


@dataclass(frozen=True)
class Kia:
    bedrag: Decimal
    uitleg: str


def _grens(rij: Mapping[str, Cel], kolom: str) -> Decimal | None:
    return None if rij[kolom] is None else getal_in(rij, kolom)


def _of_nul(rij: Mapping[str, Cel], kolom: str) -> Decimal:
    return ZERO if rij[kolom] is None else getal_in(rij, kolom)


def kleinschaligheidsinvesteringsaftrek(blad: Rekenblad, investeringsbedrag: Decimal) -> Kia:
    """Art. 3.41 lid 1 Wet IB 2001: the KIA from the year's table for the year's total investeringsbedrag.

    A row covers 'meer dan ondergrens, niet meer dan bovengrens'; its KIA is percentage × investeringsbedrag
    + vast bedrag − afbouw × the part above the ondergrens, as the law words the afbouw band ("€ 19.535
    verminderd met 7,56% van het gedeelte van het investeringsbedrag dat de € 129.194 te boven gaat").
    """
    for rij in blad.tabel(KIA_TABEL):
        ondergrens, bovengrens = _grens(rij, "ondergrens"), _grens(rij, "bovengrens")
        if (ondergrens is not None and investeringsbedrag <= ondergrens) or (
            bovengrens is not None and investeringsbedrag > bovengrens
        ):
            continue
        percentage, vast, afbouw = (
            _of_nul(rij, "percentage"),
            _of_nul(rij, "vast_bedrag"),
            _of_nul(rij, "afbouw"),
        )
        boven_ondergrens = investeringsbedrag - (ondergrens or ZERO)
        bedrag = op_centen(max(ZERO, percentage * investeringsbedrag + vast - afbouw * boven_ondergrens))
        if afbouw and ondergrens is not None:
            uitleg = f"{euro(vast)} min {procent(afbouw)} van het deel boven {euro(ondergrens)}"
        elif vast:
            uitleg = f"het vaste bedrag bij een investeringsbedrag tot en met {euro(bovengrens or ZERO)}"
        elif percentage:
            uitleg = f"{procent(percentage)} van het investeringsbedrag"
        elif ondergrens is None:
            uitleg = f"geen KIA, want het investeringsbedrag is niet meer dan {euro(bovengrens or ZERO)}"
        else:
            uitleg = f"geen KIA, want het investeringsbedrag is meer dan {euro(ondergrens)}"
        return Kia(bedrag, uitleg)
    raise LookupError(f"de KIA-tabel voor {blad.jaar} dekt een investeringsbedrag van {investeringsbedrag} niet")


def energie_investeringsaftrek(blad: Rekenblad, bedragen: Sequence[Decimal]) -> Decimal:
    """Art. 3.42 Wet IB 2001: EIA = percentage × energy investments of at least the minimum per asset.

    The year's qualifying total counts up to the yearly maximum where that maximum is known.
    """
    if not bedragen:
        return ZERO
    minimum = blad.waarde(EIA_MINIMUM, toets=True)
    te_klein = [bedrag for bedrag in bedragen if bedrag < minimum]
    if te_klein:
        blad.bepalend(EIA_MINIMUM)
        blad.stap(
            f"Geen EIA voor {len(te_klein)} bedrijfsmiddel(en) onder het EIA-minimum van {euro(minimum)}",
            sum(te_klein, ZERO),
        )
    grondslag = sum((bedrag for bedrag in bedragen if bedrag >= minimum), ZERO)
    if grondslag == ZERO:
        return ZERO
    try:
        maximum = blad.waarde(EIA_MAXIMUM)
    except ParameterOntbreekt:
        blad.voorbehoud(
            f"Het maximale investeringsbedrag voor de EIA in {blad.jaar} is niet toegepast; dat speelt pas bij "
            "investeringen van vele miljoenen.",
            f"Voor {blad.jaar} is geen bron voor het EIA-maximum per jaar gelezen (alleen voor 2026: € 153 miljoen).",
        )
    else:
        if grondslag > maximum:
            blad.stap(f"Energie-investeringen tellen mee tot het maximum van {euro(maximum)}", maximum)
            grondslag = maximum
    percentage = blad.waarde(EIA_PERCENTAGE)
    blad.stap("Energie-investeringen die meetellen voor de EIA", grondslag)
    eia = op_centen(grondslag * percentage)
    blad.stap(f"EIA: {procent(percentage)} daarvan", eia)
    return eia


def milieu_investeringsaftrek(blad: Rekenblad, per_categorie: Mapping[str, Decimal]) -> Decimal:
    """Art. 3.42a Wet IB 2001: MIA = the Milieulijst category's percentage × the investments in it."""
    mia = ZERO
    for regeling, grondslag in per_categorie.items():
        if grondslag == ZERO:
            continue
        percentage = blad.waarde(MIA_PERCENTAGE[regeling])
        bedrag = op_centen(grondslag * percentage)
        blad.stap(f"MIA categorie {MIA_CATEGORIE[regeling]}: {procent(percentage)} van {euro(grondslag)}", bedrag)
        mia += bedrag
    return mia


def desinvesteringsbijtelling(blad: Rekenblad, desinvesteringen: Sequence[Desinvestering]) -> Decimal:
    """Art. 3.47 Wet IB 2001: aftrek percentage × sale price, at most × purchase price, above the threshold.

    The percentage is the investeringsaftrek of the year of purchase for that asset: the KIA plus the EIA or
    MIA it got. The bijtelling applies only when the year's sale prices together exceed the threshold.
    """
    if not desinvesteringen:
        return ZERO
    drempel = blad.waarde(DESINVESTERINGSDREMPEL)
    termijn = blad.waarde(DESINVESTERINGSTERMIJN)
    blad.aanname(
        f"Ik ga ervan uit dat u elk verkocht bedrijfsmiddel binnen {getal(termijn)} jaar na het begin van "
        "het jaar van aanschaf verkocht en dat u er toen investeringsaftrek voor kreeg."
    )
    verkopen = sum((d.verkoopprijs for d in desinvesteringen), ZERO)
    blad.stap("Verkoopprijzen van bedrijfsmiddelen met investeringsaftrek, samen", verkopen)
    if verkopen <= drempel:
        blad.stap(f"Geen desinvesteringsbijtelling: samen niet meer dan {euro(drempel)}", ZERO)
        return ZERO
    bijtelling = ZERO
    for desinvestering in desinvesteringen:
        fractie = desinvestering.aftrek_percentage / _PROCENT
        bijtelling += min(fractie * desinvestering.verkoopprijs, fractie * desinvestering.aanschafprijs)
    bijtelling = op_centen(bijtelling)
    blad.stap(
        "Desinvesteringsbijtelling: percentage investeringsaftrek (KIA plus EIA of MIA) × verkoopprijs, ten "
        "hoogste × aanschafprijs",
        bijtelling,
    )
    return bijtelling


def effectief_kia_percentage(kia: Decimal, investeringsbedrag: Decimal) -> Decimal | None:
    """The KIA as a share of the investeringsbedrag, to two decimals of a percent (presentation only).

    Art. 3.47 Wet IB 2001 computes a later desinvesteringsbijtelling with the percentage of investeringsaftrek
    of the year of purchase; this output is the KIA part of what to enter as `aftrek_percentage` then (an asset
    with EIA or MIA adds that percentage). No legal
    rounding rule was found, so it is rounded half up for display and says so in its name.
    """
    if not investeringsbedrag:
        return None
    return op_honderdste_procent(kia / investeringsbedrag)


def _verlies(blad: Rekenblad, winst: Decimal, aftrek: Decimal) -> None:
    if winst - aftrek < ZERO:
        blad.aanname(
            "Uw aftrek is hoger dan uw winst: het verlies dat overblijft kunt u met andere jaren verrekenen; "
            "dat voordeel is hier niet meegeteld."
        )


def voordeel_inkomstenbelasting(blad: Rekenblad, winst: Decimal | None, aftrek: Decimal) -> Voordeel:
    """Indication for an ondernemer in the income tax: box 1 on the profit minus box 1 on the profit after
    the aftrek, both after the MKB-winstvrijstelling; without the profit, the aftrek after that exemption at
    the rate of a middle bracket.

    The investeringsaftrek lowers the profit itself (art. 3.8 with 3.40 Wet IB 2001), so it is not under the
    tariefsaanpassing of art. 2.10a; the MKB-winstvrijstelling that the lower profit shrinks is, and that is
    taken along.
    """
    if winst is None:
        return geschat_voordeel_zonder_winst(blad, aftrek, "investeringsaftrek")
    mkb = blad.waarde(MKB_WINSTVRIJSTELLING)
    _verlies(blad, winst, aftrek)
    zonder = belasting_over_winst(blad, winst)
    met = belasting_over_winst(blad, max(ZERO, winst - aftrek))
    blad.stap(f"Belasting box 1 over de winst na {procent(mkb)} MKB-winstvrijstelling, zonder aftrek", zonder)
    blad.stap("Belasting box 1 over de winst na MKB-winstvrijstelling, met aftrek", met)
    blad.aanname(
        "Het belastingvoordeel is een indicatie voor een ondernemer in de inkomstenbelasting onder de "
        "AOW-leeftijd: zelfstandigenaftrek, startersaftrek, ander inkomen, een fiscale partner en "
        "heffingskortingen zijn buiten beschouwing gelaten."
    )
    nihil = heffingskortingen_kunnen_alles_wegnemen(blad, winst * (1 - mkb))
    return Voordeel(op_hele_euros(zonder - met), nihil, f"Uw winst van {euro(winst)} is uw enige inkomen in box 1.")


def voordeel_vennootschapsbelasting(blad: Rekenblad, winst: Decimal | None, aftrek: Decimal) -> Voordeel:
    """Indication for a bv: Vpb on the profit minus Vpb on the profit after the aftrek (art. 22 Wet Vpb 1969);
    without the profit, the aftrek at the lowest rate, for a profit below its limit."""
    if winst is None:
        tarief, grens = laagste_tarief(blad)
        bedrag = op_hele_euros(aftrek * tarief)
        blad.stap(f"Geschat voordeel in de vennootschapsbelasting: {euro(aftrek)} × {procent(tarief)}", bedrag)
        blad.aanname(
            f"Zonder de winst van uw bv is het voordeel geschat met het Vpb-tarief van {procent(tarief)} voor een "
            f"winst tot {euro(grens)}; daarboven is het tarief hoger."
        )
        return Voordeel(bedrag, False, f"De winst van uw bv blijft onder {euro(grens)}.")
    _verlies(blad, winst, aftrek)
    zonder = vennootschapsbelasting(blad, winst)
    met = vennootschapsbelasting(blad, max(ZERO, winst - aftrek))
    blad.stap("Vennootschapsbelasting over de winst zonder aftrek", zonder)
    blad.stap("Vennootschapsbelasting over de winst met aftrek", met)
    return Voordeel(op_hele_euros(zonder - met), False, f"De belastbare winst van uw bv is {euro(winst)}.")


def _samenwerkingsverband(blad: Rekenblad, eigen: Decimal, totaal: Decimal) -> Kia:
    """Art. 3.41 lid 3 Wet IB 2001: the KIA on the partnership's total, attributed in proportion to `eigen`."""
    if totaal < eigen:
        raise OngeldigeInvoer(
            "samenwerkingsverband_investeringen",
            f"het totaal van het samenwerkingsverband kan niet lager zijn dan uw eigen investeringen ({euro(eigen)})",
        )
    blad.bron("Wet IB 2001, art. 3.41 lid 3 (KIA in een samenwerkingsverband)", WET_IB_3_41)
    blad.stap("Investeringen van het samenwerkingsverband samen", totaal)
    samen = kleinschaligheidsinvesteringsaftrek(blad, totaal)
    blad.stap(f"KIA van het samenwerkingsverband: {samen.uitleg}", samen.bedrag)
    aandeel = eigen / totaal if totaal else ZERO
    bedrag = op_centen(samen.bedrag * aandeel)
    blad.aanname(
        "Het totaal van het samenwerkingsverband bevat alleen bedrijfsmiddelen die voor de KIA meetellen "
        f"(elk ten minste {euro(blad.waarde(MINIMUM_BEDRIJFSMIDDEL))})."
    )
    return Kia(
        bedrag, f"uw deel van {euro(eigen)} van {euro(totaal)}, naar rato van de KIA van het samenwerkingsverband"
    )


def _meldtermijnen(blad: Rekenblad, investeringen: Sequence[Investering]) -> None:
    """EIA and MIA: report to RVO within the term after the order date; the deadline in the answer itself."""
    met_regeling = [i for i in investeringen if i.regeling and i.gemeld is not False]
    if not met_regeling:
        return
    try:
        termijn = int(blad.waarde(MELDTERMIJN_EIA_MIA))
    except ParameterOntbreekt:
        termijn = None
    for investering in met_regeling:
        if investering.datum_verplichting is None or investering.gemeld:
            continue
        try:
            maanden = int(blad.waarde(MELDTERMIJN_EIA_MIA, op=investering.datum_verplichting))
        except ParameterOntbreekt:
            continue
        uiterlijk = plus_maanden(investering.datum_verplichting, maanden)
        blad.stap(
            f"Meld de investering van {euro(investering.bedrag)} ({_regeling_naam(investering.regeling)}) uiterlijk "
            f"{datum(uiterlijk)} bij RVO: {maanden} maanden na de opdracht van {datum(investering.datum_verplichting)}"
        )
    periode = f"binnen {termijn} maanden na de opdracht" if termijn else "tijdig"
    blad.aanname(
        "Ik ga ervan uit dat de bedrijfsmiddelen met EIA of MIA op de Energielijst of Milieulijst staan, "
        f"{periode} bij RVO zijn gemeld en aan de overige voorwaarden van RVO voldoen."
    )


def _regeling_naam(regeling: Regeling | None) -> str:
    return "EIA" if regeling == "eia" else f"MIA categorie {MIA_CATEGORIE.get(regeling or '', '')}"


def bereken(invoer: KiaInvoer, parameters: Parameters | None = None) -> Uitkomst:
    blad = Rekenblad(ONDERWERP, invoer.jaar, parameters)
    blad.bron("Wet IB 2001, art. 3.40–3.47 (investeringsaftrek en desinvesteringsbijtelling)", WET_IB)

    minimum = blad.waarde(MINIMUM_BEDRIJFSMIDDEL, toets=True)
    tellend = [i for i in invoer.investeringen if i.bedrag >= minimum]
    te_klein = [i for i in invoer.investeringen if i.bedrag < minimum]
    if te_klein:
        blad.bepalend(MINIMUM_BEDRIJFSMIDDEL)
        blad.stap(
            f"Telt niet mee: {len(te_klein)} bedrijfsmiddel(en) onder {euro(minimum)}",
            sum((i.bedrag for i in te_klein), ZERO),
        )
    investeringsbedrag = sum((i.bedrag for i in tellend), ZERO)
    blad.stap(f"Investeringsbedrag voor de KIA (bedrijfsmiddelen vanaf {euro(minimum)})", investeringsbedrag)
    if invoer.samenwerkingsverband_investeringen is not None:
        kia = _samenwerkingsverband(blad, investeringsbedrag, invoer.samenwerkingsverband_investeringen)
    else:
        kia = kleinschaligheidsinvesteringsaftrek(blad, investeringsbedrag)
    blad.stap(f"KIA: {kia.uitleg}", kia.bedrag)

    te_laat = [i for i in tellend if i.regeling and i.gemeld is False]
    if te_laat:
        blad.stap("Niet op tijd bij RVO gemeld, dus geen EIA of MIA (wel KIA)", sum((i.bedrag for i in te_laat), ZERO))
    met_melding = [i for i in tellend if i.gemeld is not False]
    eia = energie_investeringsaftrek(blad, [i.bedrag for i in met_melding if i.regeling == "eia"])
    mia = milieu_investeringsaftrek(
        blad,
        {r: sum((i.bedrag for i in met_melding if i.regeling == r), ZERO) for r in MIA_PERCENTAGE},
    )
    _meldtermijnen(blad, invoer.investeringen)
    totale_aftrek = kia.bedrag + eia + mia
    blad.stap("Totale investeringsaftrek", totale_aftrek)

    bijtelling = desinvesteringsbijtelling(blad, invoer.desinvesteringen)

    if "rechtsvorm" not in invoer.model_fields_set:
        blad.aanname(
            "Aangenomen dat u ondernemer bent in de inkomstenbelasting (eenmanszaak of vof); voor een bv geldt "
            "de vennootschapsbelasting."
        )
    winst = None if invoer.winst is None else invoer.winst + bijtelling
    if winst is not None:
        blad.stap("Winst vóór investeringsaftrek, met een eventuele desinvesteringsbijtelling", winst)
    voordeel: Voordeel | None = None
    netto_aftrek = totale_aftrek - bijtelling
    if netto_aftrek > ZERO or winst is not None:
        bepaal = voordeel_vennootschapsbelasting if invoer.rechtsvorm == "bv" else voordeel_inkomstenbelasting
        voordeel = bepaal(blad, winst, totale_aftrek if winst is not None else max(ZERO, netto_aftrek))
        blad.stap("Geschat belastingvoordeel van de investeringsaftrek", voordeel.bedrag)

    kia_percentage = effectief_kia_percentage(kia.bedrag, investeringsbedrag)
    kern: tuple[str, ...] = ("totale_aftrek",)
    if voordeel is not None and not voordeel.mogelijk_nihil:
        kern += ("belastingvoordeel",)
    if bijtelling:
        kern += ("desinvesteringsbijtelling",)
    return blad.uitkomst(
        bedragen={
            "investeringsbedrag": investeringsbedrag,
            "kia": kia.bedrag,
            "eia": eia,
            "mia": mia,
            "totale_aftrek": totale_aftrek,
            "desinvesteringsbijtelling": bijtelling,
            "belastingvoordeel": None if voordeel is None else voordeel.bedrag,
        },
        percentages={"kia_percentage": kia_percentage},
        hoofdwaarde="totale_aftrek",
        conclusie=_conclusie(invoer, kia, eia, mia, bijtelling, voordeel),
        kern=kern,
        netto=_netto(invoer, totale_aftrek, voordeel),
    )


def _belasting(invoer: KiaInvoer) -> str:
    return "vennootschapsbelasting" if invoer.rechtsvorm == "bv" else "inkomstenbelasting"


def _netto(invoer: KiaInvoer, totale_aftrek: Decimal, voordeel: Voordeel | None) -> NettoEffect:
    wie = "uw bv" if invoer.rechtsvorm == "bv" else "u"
    if voordeel is None:
        return NettoEffect(None, "Zonder investeringsaftrek is er ook geen belastingvoordeel.")
    if voordeel.mogelijk_nihil:
        return NettoEffect(
            None,
            "Bij deze winst kunnen de heffingskortingen uw inkomstenbelasting al (bijna) helemaal wegnemen; de "
            "investeringsaftrek levert dit jaar dan weinig of niets op.",
            "De algemene heffingskorting en de arbeidskorting op hun hoogste bedrag.",
        )
    return NettoEffect(
        "belastingvoordeel",
        f"De investeringsaftrek scheelt {wie} naar schatting {euro(voordeel.bedrag)} {_belasting(invoer)}.",
        voordeel.aanname,
    )


def _conclusie(
    invoer: KiaInvoer, kia: Kia, eia: Decimal, mia: Decimal, bijtelling: Decimal, voordeel: Voordeel | None
) -> str:
    jaar = invoer.jaar
    totaal = kia.bedrag + eia + mia
    if totaal == ZERO:
        zin = f"U heeft over {jaar} geen recht op investeringsaftrek"
        if kia.uitleg.startswith("geen KIA, want"):
            zin += ", " + kia.uitleg.removeprefix("geen KIA, ")
        if bijtelling:
            zin += f"; wel telt u {euro(bijtelling)} desinvesteringsbijtelling bij uw winst"
        return zin + "."
    delen = [f"{naam} {euro(bedrag)}" for naam, bedrag in (("KIA", kia.bedrag), ("EIA", eia), ("MIA", mia)) if bedrag]
    zin = f"U kunt over {jaar} {euro(totaal)} investeringsaftrek van uw winst aftrekken"
    if len(delen) > 1 or not kia.bedrag:
        zin += f" ({', '.join(delen)})"
    if voordeel is not None and voordeel.mogelijk_nihil:
        zin += "; bij uw winst levert dat door de heffingskortingen mogelijk weinig of niets op"
    elif voordeel is not None:
        wie = "uw bv" if invoer.rechtsvorm == "bv" else "u"
        zin += f"; dat scheelt {wie} naar schatting {euro(voordeel.bedrag)} {_belasting(invoer)}"
    if bijtelling:
        zin += f"; daar staat {euro(bijtelling)} desinvesteringsbijtelling tegenover"
    return zin + "."


CALCULATOR = Calculator(
    onderwerp=ONDERWERP,
    titel="Kleinschaligheidsinvesteringsaftrek (KIA), EIA en MIA",
    invoer=KiaInvoer,
    bereken=bereken,
    parameters=(KIA_TABEL, MINIMUM_BEDRIJFSMIDDEL),
)
