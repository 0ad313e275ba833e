"""ANBI-contributie: is a membership fee to a vereniging deductible as a gift, and what does it save?

Giftenaftrek of art. 6.32–6.39 Wet IB 2001, with the reading of Kennisgroep KG:202:2025:13 "Contributie als
gift" for the part of a fee that counts as a gift. Choices made where the law leaves room:

- `aftrekbaar` is what the fee adds to the giftenaftrek: the deduction with the fee minus the deduction
  without it. For gewone giften this means the drempel is filled by `overige_gewone_giften` first; the fee is
  the last gift of the year. `giftenaftrek_totaal` reports the whole year's deduction for the gifts given.
- `waarde_tegenprestatie` and `splitsbaar` are required with a wezenlijke tegenprestatie, ignored otherwise.
- A periodic gift with a symbolic tegenprestatie counts in full; with a splittable wezenlijke tegenprestatie
  only the excess counts, assuming only that excess was laid down as the periodic gift. Both carry a
  voorbehoud, because art. 6.38 asks for a gift without tegenprestatie.
- Not an ANBI: a gewone gift is not deductible (gift 0); a periodic gift is computed, assuming the vereniging
  meets the conditions for periodic gifts to verenigingen.
- A culturele ANBI (art. 6.39a): the gift counts for the multiplier's extra share on top, up to its maximum,
  assuming no other gifts to culturele instellingen this year. The yearly cap on periodic gifts is applied to
  the gift itself, the extra share comes on top.
- A periodic gift has no drempel and no maximum share of the income: its outputs `drempel` and `maximum` are
  None (other gewone giften still fill their own drempel in `giftenaftrek_totaal`). The yearly cap on periodic
  gifts is only named when the gift reaches it.
- `belastingvoordeel` is the box 1 saving at the drempelinkomen; where the heffingskortingen could take away
  all the tax at that income, the net effect says the saving may be nil instead of printing it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from rules.afronding import op_hele_euros
from rules.box1 import heffingskortingen_kunnen_alles_wegnemen, waarde_van_aftrek
from rules.calculator import Calculator
from rules.formatteer import euro, getal, procent
from rules.invoer import Bedrag, Invoer
from rules.parameters import ParameterOntbreekt, Parameters
from rules.rekenblad import Rekenblad
from rules.uitkomst import NettoEffect, Uitkomst

ONDERWERP = "anbi-contributie"
ZERO = Decimal(0)

DREMPEL_PERCENTAGE = "giften/drempel_percentage"
DREMPEL_MINIMUM = "giften/drempel_minimum"
MAXIMUM_PERCENTAGE = "giften/maximum_percentage"
MAXIMUM_PERIODIEKE_GIFTEN = "giften/maximum_periodieke_giften"
MINIMALE_LOOPTIJD = "giften/periodieke_gift_minimale_looptijd"
MINIMUM_LEDEN = "giften/vereniging_minimum_leden"
CULTURELE_VERHOGING = "giften/culturele_anbi_verhoging"
CULTURELE_MAXIMUM_VERHOGING = "giften/culturele_anbi_maximum_verhoging"
WET_IB_6_39A = "https://wetten.overheid.nl/jci1.3:c:BWBR0011353&artikel=6.39a"

Tegenprestatie = Literal["geen", "symbolisch", "wezenlijk"]


class AnbiContributieInvoer(Invoer):
    anbi: bool
    contributie: Bedrag
    tegenprestatie: Tegenprestatie
    waarde_tegenprestatie: Bedrag | None = Field(default=None, validate_default=True)
    splitsbaar: bool | None = Field(default=None, validate_default=True)
    periodiek: bool
    drempelinkomen: Bedrag
    overige_gewone_giften: Bedrag = ZERO
    culturele_anbi: bool = Field(default=False, validate_default=True)

    @field_validator("culturele_anbi")
    @classmethod
    def _cultureel_is_een_anbi(cls, waarde: bool, info: ValidationInfo) -> bool:
        if waarde and info.data.get("anbi") is False:
            raise ValueError("een culturele ANBI is ook een ANBI; zet ook 'anbi' aan")
        return waarde

    @field_validator("waarde_tegenprestatie", "splitsbaar")
    @classmethod
    def _nodig_bij_wezenlijke_tegenprestatie(
        cls, waarde: Decimal | bool | None, info: ValidationInfo
    ) -> Decimal | bool | None:
        if waarde is None and info.data.get("tegenprestatie") == "wezenlijk":
            raise ValueError("bij een wezenlijke tegenprestatie is dit veld nodig")
        return waarde


def contributie_als_gift(
    contributie: Decimal,
    tegenprestatie: Tegenprestatie,
    waarde_tegenprestatie: Decimal | None,
    splitsbaar: bool | None,
) -> Decimal:
    """KG:202:2025:13 "Contributie als gift": the part of a membership fee that counts as a gift.

    No or only a symbolic tegenprestatie: the whole fee. A wezenlijke tegenprestatie that can be split off:
    the fee minus its value (never below zero). One that cannot be split off: nothing.
    """
    if tegenprestatie != "wezenlijk":
        return contributie
    if not splitsbaar or waarde_tegenprestatie is None:
        return ZERO
    return max(ZERO, contributie - waarde_tegenprestatie)


def drempel_gewone_giften(blad: Rekenblad, drempelinkomen: Decimal) -> Decimal:
    """Art. 6.39 Wet IB 2001: the drempel for gewone giften, a share of the drempelinkomen with a minimum."""
    return max(blad.waarde(DREMPEL_PERCENTAGE) * drempelinkomen, blad.waarde(DREMPEL_MINIMUM))


def maximum_gewone_giften(blad: Rekenblad, drempelinkomen: Decimal) -> Decimal:
    """Art. 6.39 Wet IB 2001: the most that gewone giften above the drempel may deduct (share of income)."""
    return blad.waarde(MAXIMUM_PERCENTAGE) * drempelinkomen


def verhoging_culturele_anbi(blad: Rekenblad, gift: Decimal) -> Decimal:
    """Art. 6.39a Wet IB 2001 (multiplier): a gift to a culturele ANBI counts for a share extra, up to a maximum."""
    blad.bron("Wet IB 2001, art. 6.39a (giften aan culturele instellingen)", WET_IB_6_39A)
    percentage = blad.waarde(CULTURELE_VERHOGING)
    maximum = blad.waarde(CULTURELE_MAXIMUM_VERHOGING)
    verhoging = min(gift * percentage, maximum)
    blad.stap(
        f"Verhoging voor een culturele ANBI: {procent(percentage)} van de gift, ten hoogste {euro(maximum)}",
        verhoging,
    )
    blad.aanname(
        "Ik ben ervan uitgegaan dat u dit jaar geen andere giften aan culturele instellingen doet; de verhoging is "
        f"voor al die giften samen ten hoogste {euro(maximum)}."
    )
    return verhoging


def aftrek_gewone_giften(giften: Decimal, drempel: Decimal, maximum: Decimal) -> Decimal:
    """Art. 6.39 Wet IB 2001: gewone giften are deductible above the drempel, up to the maximum."""
    return min(max(ZERO, giften - drempel), maximum)


def aftrek_periodieke_giften(giften: Decimal, maximum: Decimal) -> Decimal:
    """Art. 6.38 Wet IB 2001: periodieke giften are deductible without drempel, up to the yearly maximum."""
    return min(giften, maximum)


def _tegenprestatie_stappen(blad: Rekenblad, invoer: AnbiContributieInvoer, gift: Decimal) -> None:
    blad.stap("Betaalde contributie", invoer.contributie)
    if not invoer.anbi and not invoer.periodiek:
        blad.stap("De vereniging is geen ANBI: als gewone gift telt niets")
    elif invoer.tegenprestatie == "wezenlijk":
        if invoer.splitsbaar:
            assert invoer.waarde_tegenprestatie is not None
            blad.stap("Min: waarde van de wezenlijke tegenprestatie", invoer.waarde_tegenprestatie)
        else:
            blad.stap("Wezenlijke tegenprestatie die niet te splitsen is: niets telt als gift")
    elif invoer.waarde_tegenprestatie is not None or invoer.splitsbaar is not None:
        blad.aanname(
            "Bij een tegenprestatie die geen of alleen symbolische waarde heeft, telt de hele contributie "
            "als gift; de opgegeven waarde en splitsbaarheid van de tegenprestatie zijn daarom niet "
            "gebruikt."
        )
    blad.stap("Deel van de contributie dat als gift telt", gift)


def _aannames_periodiek(blad: Rekenblad, invoer: AnbiContributieInvoer) -> None:
    looptijd = getal(blad.waarde(MINIMALE_LOOPTIJD))
    blad.aanname(
        "Ik ben ervan uitgegaan dat de gift als periodieke gift is vastgelegd in een notariële of schriftelijke "
        f"overeenkomst voor ten minste {looptijd} jaar, met vaste en gelijke bedragen, ten minste één keer "
        "per jaar, en dat andere periodieke giften samen met deze gift niet boven het jaarmaximum uitkomen."
    )
    if not invoer.anbi:
        leden = getal(blad.waarde(MINIMUM_LEDEN))
        blad.aanname(
            "De vereniging is geen ANBI; een periodieke gift is dan alleen aftrekbaar als de vereniging "
            f"ten minste {leden} leden heeft, volledig rechtsbevoegd is, niet onder de "
            "vennootschapsbelasting valt (of daarvan is vrijgesteld) en in de EU, op de BES-eilanden of in "
            "een aangewezen land is gevestigd. Ik ben ervan uitgegaan dat dit zo is."
        )
    if invoer.tegenprestatie == "symbolisch":
        blad.voorbehoud(
            "Een periodieke gift mag geen tegenprestatie hebben; dat een kleine tegenprestatie zoals een "
            "ledenblad dat niet in de weg staat, is voor periodieke giften niet helemaal zeker.",
            "Art. 6.38 Wet IB 2001 vraagt een gift zonder tegenprestatie; dat een symbolische tegenprestatie dat "
            "niet in de weg staat, volgt uit KG:202:2025:13 over contributie als gift en is voor periodieke giften "
            "niet uitdrukkelijk bevestigd.",
        )
    elif invoer.tegenprestatie == "wezenlijk" and invoer.splitsbaar:
        blad.aanname(
            "Ik ben ervan uitgegaan dat in de overeenkomst alleen het deel van de contributie boven de waarde van "
            "de tegenprestatie als periodieke gift is vastgelegd."
        )
        blad.voorbehoud(
            "Een periodieke gift mag geen tegenprestatie hebben; of het deel boven de waarde van uw "
            "tegenprestatie wel als periodieke gift telt, is niet zeker."
        )


def _belastingvoordeel(
    blad: Rekenblad, drempelinkomen: Decimal, aftrek_zonder: Decimal, aftrek_met: Decimal
) -> Decimal | None:
    """Art. 2.10 and 2.10a Wet IB 2001: what the fee's extra deduction saves at the box 1 rates, indicatively.

    The fee is the last slice of deduction, so it comes off the income that is left after the deduction
    without the fee; that is the same as the saving with the fee minus the saving without it.
    """
    extra = aftrek_met - aftrek_zonder
    if extra == ZERO:
        return ZERO
    try:
        waarde = waarde_van_aftrek(blad, drempelinkomen - aftrek_zonder, extra, tariefsaanpassing=True)
    except ParameterOntbreekt as ontbreekt:
        blad.voorbehoud(f"Het belastingvoordeel is niet berekend: {ontbreekt}.")
        return None
    blad.aanname(
        "Het belastingvoordeel is een indicatie: ervan uitgegaan dat uw drempelinkomen helemaal inkomen uit "
        "werk en woning (box 1) is, dat u de AOW-leeftijd nog niet heeft bereikt en zonder het effect op "
        "heffingskortingen; in de hoogste schijf levert de aftrek door de tariefsaanpassing minder op."
    )
    if aftrek_met > drempelinkomen:
        blad.voorbehoud(
            "Uw giftenaftrek is hoger dan uw drempelinkomen; het deel daarboven levert dit jaar geen "
            "belastingvoordeel op en is daarin niet meegeteld."
        )
    voordeel = op_hele_euros(waarde)
    blad.stap("Indicatief belastingvoordeel in box 1 (afgerond op hele euro's)", voordeel)
    return voordeel


def _conclusie(
    invoer: AnbiContributieInvoer,
    blad: Rekenblad,
    gift: Decimal,
    aftrekbaar: Decimal,
    belastingvoordeel: Decimal | None,
    mogelijk_nihil: bool,
    gewone_giften: Decimal,
    drempel: Decimal,
    maximum: Decimal,
) -> str:
    soort = "periodieke gift" if invoer.periodiek else "gift"
    if aftrekbaar > ZERO:
        zin = f"U kunt {euro(aftrekbaar)} van uw contributie als {soort} aftrekken"
        if belastingvoordeel is None:
            return f"{zin}; het belastingvoordeel is voor {invoer.jaar} nog niet te berekenen."
        if mogelijk_nihil:
            return f"{zin}; bij uw inkomen levert dat door de heffingskortingen mogelijk weinig of niets op."
        return f"{zin}; dat scheelt u naar schatting {euro(belastingvoordeel)} belasting."
    if not invoer.anbi and not invoer.periodiek:
        looptijd = getal(blad.waarde(MINIMALE_LOOPTIJD))
        leden = getal(blad.waarde(MINIMUM_LEDEN))
        return (
            "Uw contributie is niet aftrekbaar als gewone gift, omdat de vereniging geen ANBI is; alleen "
            f"als periodieke gift (schriftelijk vastgelegd voor ten minste {looptijd} jaar) aan een "
            f"vereniging met ten minste {leden} leden die aan de voorwaarden voldoet, kan die wel aftrekbaar "
            "zijn."
        )
    if invoer.contributie == ZERO:
        return "U betaalt geen contributie, dus er is niets als gift af te trekken."
    if gift == ZERO:
        if invoer.splitsbaar:
            return (
                "Uw contributie is niet aftrekbaar als gift, omdat de tegenprestatie minstens zoveel waard "
                "is als de contributie."
            )
        return (
            "Uw contributie is niet aftrekbaar als gift, omdat u er een wezenlijke tegenprestatie voor "
            "krijgt die niet van de contributie is te splitsen."
        )
    if gewone_giften <= drempel:
        return (
            f"Uw contributie levert geen aftrek op: uw gewone giften van samen {euro(gewone_giften)} komen "
            f"niet boven de drempel van {euro(drempel)}."
        )
    return (
        f"Uw contributie levert geen extra aftrek op: het maximum voor gewone giften van {euro(maximum)} is al bereikt."
    )


def _netto(aftrekbaar: Decimal, belastingvoordeel: Decimal | None, mogelijk_nihil: bool, jaar: int) -> NettoEffect:
    aanname = "Uw drempelinkomen is inkomen in box 1; het effect op heffingskortingen is niet meegeteld."
    if aftrekbaar == ZERO:
        return NettoEffect("belastingvoordeel", "Uw contributie levert geen belastingvoordeel op.")
    if belastingvoordeel is None:
        return NettoEffect(None, f"Wat de aftrek aan belasting scheelt, is voor {jaar} nog niet te berekenen.")
    if mogelijk_nihil:
        return NettoEffect(
            None,
            "Bij uw inkomen kunnen de heffingskortingen uw belasting al (bijna) helemaal wegnemen; de aftrek "
            "levert dan weinig of niets op.",
            "De algemene heffingskorting en de arbeidskorting op hun hoogste bedrag.",
        )
    return NettoEffect(
        "belastingvoordeel", f"Uw contributie scheelt u naar schatting {euro(belastingvoordeel)} belasting.", aanname
    )


def _periodiek(blad: Rekenblad, invoer: AnbiContributieInvoer, gift: Decimal, verhoging: Decimal) -> Decimal:
    """Art. 6.38 Wet IB 2001: a periodic gift counts in full, without drempel, up to the yearly cap."""
    if gift == ZERO:
        return ZERO
    _aannames_periodiek(blad, invoer)
    jaarmaximum = blad.waarde(MAXIMUM_PERIODIEKE_GIFTEN, toets=True)
    blad.stap("Een periodieke gift telt helemaal mee, zonder aftrek vooraf")
    if gift <= jaarmaximum:
        return gift + verhoging
    blad.bepalend(MAXIMUM_PERIODIEKE_GIFTEN)
    blad.stap("Maximale aftrek periodieke giften dit jaar", jaarmaximum)
    blad.voorbehoud(
        "Voor een periodieke gift op grond van een oudere overeenkomst kan overgangsrecht gelden waardoor het "
        "jaarmaximum niet van toepassing is; dat is niet meegerekend."
    )
    return aftrek_periodieke_giften(gift, jaarmaximum) + verhoging


def bereken(invoer: AnbiContributieInvoer, parameters: Parameters | None = None) -> Uitkomst:
    blad = Rekenblad(ONDERWERP, invoer.jaar, parameters)
    blad.bron("Wet IB 2001, art. 6.32–6.39 (giftenaftrek)", "https://wetten.overheid.nl/BWBR0011353")
    blad.bron(
        "Kennisgroep Belastingdienst, KG:202:2025:13 Contributie als gift",
        "https://kennisgroepen.belastingdienst.nl/publicaties/kg-202202513-contributie-als-gift",
    )
    blad.aanname(
        "Heeft u het hele jaar een fiscale partner, dan tellen de giften en drempelinkomens van u beiden "
        "samen; ik ben ervan uitgegaan dat u die samen heeft opgegeven."
    )

    # A gewone gift to a vereniging is deductible only if it is an ANBI; a periodic one may also go to a
    # qualifying vereniging, which `_aannames_periodiek` states.
    telt_mee = invoer.anbi or invoer.periodiek
    gift = (
        contributie_als_gift(invoer.contributie, invoer.tegenprestatie, invoer.waarde_tegenprestatie, invoer.splitsbaar)
        if telt_mee
        else ZERO
    )
    _tegenprestatie_stappen(blad, invoer, gift)
    verhoging = ZERO
    if invoer.culturele_anbi and gift > ZERO:
        verhoging = verhoging_culturele_anbi(blad, gift)
    elif invoer.anbi and gift > ZERO and "culturele_anbi" not in invoer.model_fields_set:
        blad.aanname("Ik ben ervan uitgegaan dat de vereniging geen culturele ANBI is (die geeft extra aftrek).")

    overige = invoer.overige_gewone_giften
    drempel = maximum = ZERO
    if not invoer.periodiek or overige > ZERO:
        drempel = drempel_gewone_giften(blad, invoer.drempelinkomen)
        maximum = maximum_gewone_giften(blad, invoer.drempelinkomen)
    aftrek_overige = aftrek_gewone_giften(overige, drempel, maximum)
    if invoer.periodiek:
        gewone_giften = overige
        aftrek_periodiek = _periodiek(blad, invoer, gift, verhoging)
        aftrekbaar = aftrek_periodiek
        aftrek_met = aftrek_overige + aftrek_periodiek
    else:
        gewone_giften = overige + gift + verhoging
        aftrek_met = aftrek_gewone_giften(gewone_giften, drempel, maximum)
        aftrekbaar = aftrek_met - aftrek_overige
        if gift > ZERO:
            blad.aanname("Ik ben ervan uitgegaan dat u de contributie niet contant heeft betaald.")
            drempeltekst = (
                f"{procent(blad.waarde(DREMPEL_PERCENTAGE))} van het drempelinkomen, minimaal "
                f"{euro(blad.waarde(DREMPEL_MINIMUM))}"
            )
            blad.stap(f"Drempel gewone giften: {drempeltekst}", drempel)
            blad.stap(
                f"Maximum gewone giften: {procent(blad.waarde(MAXIMUM_PERCENTAGE))} van het drempelinkomen",
                maximum,
            )
            if overige > ZERO:
                blad.aanname(
                    "Uw contributie is als laatste gift van het jaar geteld: uw overige gewone giften "
                    "vullen eerst de drempel. Het aftrekbare bedrag is wat de contributie aan uw "
                    "giftenaftrek toevoegt."
                )
                blad.stap("Gewone giften samen, inclusief de contributie", gewone_giften)
                blad.stap("Aftrek gewone giften zonder de contributie", aftrek_overige)
                blad.stap("Aftrek gewone giften met de contributie", aftrek_met)
    blad.stap("Extra giftenaftrek door de contributie", aftrekbaar)

    belastingvoordeel = _belastingvoordeel(blad, invoer.drempelinkomen, aftrek_overige, aftrek_met)
    mogelijk_nihil = False
    if belastingvoordeel and aftrekbaar > ZERO:
        mogelijk_nihil = heffingskortingen_kunnen_alles_wegnemen(blad, invoer.drempelinkomen)
    conclusie = _conclusie(
        invoer, blad, gift, aftrekbaar, belastingvoordeel, mogelijk_nihil, gewone_giften, drempel, maximum
    )
    kern: tuple[str, ...] = ("aftrekbaar",)
    if belastingvoordeel is not None and not mogelijk_nihil and aftrekbaar > ZERO:
        kern += ("belastingvoordeel",)
    return blad.uitkomst(
        bedragen={
            "gift": gift,
            "verhoging_culturele_anbi": verhoging if invoer.culturele_anbi else None,
            # A periodic gift has neither; the other gifts' drempel is in the steps, not an output of this gift.
            "drempel": None if invoer.periodiek else drempel,
            "maximum": None if invoer.periodiek else maximum,
            "aftrekbaar": aftrekbaar,
            "giftenaftrek_totaal": aftrek_met,
            "belastingvoordeel": belastingvoordeel,
        },
        hoofdwaarde="aftrekbaar",
        conclusie=conclusie,
        kern=kern,
        netto=_netto(aftrekbaar, belastingvoordeel, mogelijk_nihil, invoer.jaar),
    )


CALCULATOR = Calculator(
    onderwerp=ONDERWERP,
    titel="Contributie aan een ANBI-vereniging als gift",
    invoer=AnbiContributieInvoer,
    bereken=bereken,
    parameters=(DREMPEL_PERCENTAGE, DREMPEL_MINIMUM, MAXIMUM_PERCENTAGE),
)
