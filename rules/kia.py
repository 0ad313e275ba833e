"""Investeringsaftrek: KIA on the year's total, EIA and MIA on top, and the desinvesteringsbijtelling.

The KIA (art. 3.41 Wet IB 2001) depends on the total of the year's qualifying investments, so investing the
same amount in one year or spread over two can give a different deduction; the calculator is cheap enough for
`vergelijk` to run it for several years. EIA (art. 3.42) and MIA (art. 3.42a) come on top of the KIA for the
assets on the Energielijst or Milieulijst; the input gives each asset at most one `regeling`, so EIA and MIA
never meet on the same asset, as the law requires.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from rules.afronding import op_centen, op_hele_euros
from rules.box1 import box1_belasting, waarde_van_aftrek
from rules.formatteer import euro, getal, procent
from rules.invoer import Bedrag, Invoer
from rules.onderwerpen import Calculator
from rules.parameters import Cel, ParameterOntbreekt, Parameters
from rules.rekenblad import Rekenblad, getal_in
from rules.uitkomst import Uitkomst

ONDERWERP = "kia"
WET_IB = "https://wetten.overheid.nl/BWBR0011353"

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
    kia_percentage: Percentage = Field(
        description="Percentage investeringsaftrek uit het jaar van aanschaf, geschreven als 28 voor 28%: de "
        "KIA van dat jaar gedeeld door het investeringsbedrag van dat jaar (output 'kia_percentage').",
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
        description="Winst uit onderneming vóór investeringsaftrek; alleen nodig voor het belastingvoordeel.",
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
    minimum = blad.waarde(EIA_MINIMUM)
    te_klein = [bedrag for bedrag in bedragen if bedrag < minimum]
    if te_klein:
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
            f"Het maximale investeringsbedrag voor de EIA in {blad.jaar} staat niet in onze bronnen en is "
            "niet toegepast; het speelt pas bij investeringen van vele miljoenen."
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

    The bijtelling applies only when the year's sale prices together exceed the threshold.
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
        fractie = desinvestering.kia_percentage / _PROCENT
        bijtelling += min(fractie * desinvestering.verkoopprijs, fractie * desinvestering.aanschafprijs)
    bijtelling = op_centen(bijtelling)
    blad.stap("Desinvesteringsbijtelling: aftrekpercentage × verkoopprijs, ten hoogste × aanschafprijs", bijtelling)
    return bijtelling


_HONDERDSTE_PROCENT = Decimal("0.0001")


def effectief_kia_percentage(kia: Decimal, investeringsbedrag: Decimal) -> Decimal | None:
    """The KIA as a share of the investeringsbedrag, to two decimals of a percent (presentation only).

    Art. 3.47 Wet IB 2001 computes a later desinvesteringsbijtelling with the percentage of investeringsaftrek
    of the year of purchase; this output tells the user what to enter as `kia_percentage` then. No legal
    rounding rule was found, so it is rounded half up for display and says so in its name.
    """
    if not investeringsbedrag:
        return None
    return (kia / investeringsbedrag).quantize(_HONDERDSTE_PROCENT, rounding=ROUND_HALF_UP)


def _belasting_over_winst(blad: Rekenblad, winst: Decimal, mkb: Decimal) -> Decimal:
    """Box 1 tax on a profit after the MKB-winstvrijstelling (art. 3.79a), with its tariefsaanpassing."""
    return box1_belasting(blad, winst) - waarde_van_aftrek(blad, winst, winst * mkb)


def belastingvoordeel(blad: Rekenblad, winst: Decimal, aftrek: Decimal) -> Decimal:
    """Indication: box 1 tax on `winst` minus that on `winst − aftrek`, both after the MKB-winstvrijstelling.

    The investeringsaftrek lowers the profit itself (art. 3.8 with 3.40 Wet IB 2001), so it is not under the
    tariefsaanpassing of art. 2.10a; the MKB-winstvrijstelling that the lower profit shrinks is, and that is
    taken along.
    """
    mkb = blad.waarde(MKB_WINSTVRIJSTELLING)
    na_aftrek = max(ZERO, winst - aftrek)
    if winst - aftrek < ZERO:
        blad.aanname(
            "Uw aftrek is hoger dan uw winst: het verlies dat overblijft kunt u met andere jaren verrekenen; "
            "dat voordeel is hier niet meegeteld."
        )
    zonder = _belasting_over_winst(blad, winst, mkb)
    met = _belasting_over_winst(blad, na_aftrek, mkb)
    blad.stap(f"Belasting box 1 over de winst na {procent(mkb)} MKB-winstvrijstelling, zonder aftrek", zonder)
    blad.stap("Belasting box 1 over de winst na MKB-winstvrijstelling, met aftrek", met)
    blad.aanname(
        "Het belastingvoordeel is een indicatie voor een ondernemer in de inkomstenbelasting onder de "
        "AOW-leeftijd: zelfstandigenaftrek, startersaftrek, ander inkomen, een fiscale partner en "
        "heffingskortingen zijn buiten beschouwing gelaten. Voor een bv geldt de vennootschapsbelasting."
    )
    return op_hele_euros(zonder - met)


def bereken(invoer: KiaInvoer, parameters: Parameters | None = None) -> Uitkomst:
    blad = Rekenblad(ONDERWERP, invoer.jaar, parameters)
    blad.bron("Wet IB 2001, art. 3.40–3.47 (investeringsaftrek en desinvesteringsbijtelling)", WET_IB)

    minimum = blad.waarde(MINIMUM_BEDRIJFSMIDDEL)
    tellend = [i for i in invoer.investeringen if i.bedrag >= minimum]
    te_klein = [i for i in invoer.investeringen if i.bedrag < minimum]
    if te_klein:
        blad.stap(
            f"Telt niet mee: {len(te_klein)} bedrijfsmiddel(en) onder {euro(minimum)}",
            sum((i.bedrag for i in te_klein), ZERO),
        )
    investeringsbedrag = sum((i.bedrag for i in tellend), ZERO)
    blad.stap(f"Investeringsbedrag voor de KIA (bedrijfsmiddelen vanaf {euro(minimum)})", investeringsbedrag)
    kia = kleinschaligheidsinvesteringsaftrek(blad, investeringsbedrag)
    blad.stap(f"KIA: {kia.uitleg}", kia.bedrag)

    eia = energie_investeringsaftrek(blad, [i.bedrag for i in tellend if i.regeling == "eia"])
    mia = milieu_investeringsaftrek(
        blad,
        {r: sum((i.bedrag for i in tellend if i.regeling == r), ZERO) for r in MIA_PERCENTAGE},
    )
    if any(i.regeling for i in invoer.investeringen):
        blad.aanname(
            "Ik ga ervan uit dat de bedrijfsmiddelen met EIA of MIA op de Energielijst of Milieulijst staan, "
            "tijdig bij RVO zijn gemeld en aan de overige voorwaarden van RVO voldoen."
        )
    totale_aftrek = kia.bedrag + eia + mia
    blad.stap("Totale investeringsaftrek", totale_aftrek)

    bijtelling = desinvesteringsbijtelling(blad, invoer.desinvesteringen)

    voordeel: Decimal | None = None
    if invoer.winst is not None:
        winst = invoer.winst + bijtelling
        blad.stap("Winst vóór investeringsaftrek, met een eventuele desinvesteringsbijtelling", winst)
        voordeel = belastingvoordeel(blad, winst, totale_aftrek)
        blad.stap("Geschat belastingvoordeel van de investeringsaftrek", voordeel)

    kia_percentage = effectief_kia_percentage(kia.bedrag, investeringsbedrag)
    return blad.uitkomst(
        bedragen={
            "investeringsbedrag": investeringsbedrag,
            "kia": kia.bedrag,
            "eia": eia,
            "mia": mia,
            "totale_aftrek": totale_aftrek,
            "desinvesteringsbijtelling": bijtelling,
            "belastingvoordeel": voordeel,
        },
        percentages={"kia_percentage": kia_percentage},
        hoofdwaarde="totale_aftrek",
        conclusie=_conclusie(invoer.jaar, kia, eia, mia, bijtelling, voordeel),
    )


def _conclusie(jaar: int, kia: Kia, eia: Decimal, mia: Decimal, bijtelling: Decimal, voordeel: Decimal | None) -> str:
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
    if voordeel is not None:
        zin += f"; dat scheelt u naar schatting {euro(voordeel)} belasting"
    if bijtelling:
        zin += f"; daar staat {euro(bijtelling)} desinvesteringsbijtelling tegenover"
    return zin + "."


CALCULATOR = Calculator(
    onderwerp=ONDERWERP,
    titel="Kleinschaligheidsinvesteringsaftrek (KIA), EIA en MIA",
    invoer=KiaInvoer,
    bereken=bereken,
)
