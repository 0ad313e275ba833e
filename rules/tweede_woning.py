"""Tweede woning: overdrachtsbelasting when buying it, and what owning it costs in box 3.

Overdrachtsbelasting of art. 14 and art. 15 lid 1 onderdeel p Wet op belastingen van rechtsverkeer; box 3 of
art. 5.2 ff. Wet IB 2001 through the shared engine `rules.box3.box3_heffing`, with the value of a rented home
from art. 5.20 lid 3 Wet IB 2001 and art. 17a Uitvoeringsbesluit IB 2001 (leegwaarderatio). Choices made:

- The purchase part is computed when `aankoopprijs` is given, or when there is no box 3 part at all (then the
  answer is the tarief). The box 3 part only when `woz_waarde` is given and the home is not the buyer's
  hoofdverblijf (that is an eigen woning in box 1); otherwise the box 3 outputs are None and the box 3 inputs
  are not used.
- The date of the notarial transfer decides the tarief: `datum_aankoop` when given, else 1 January of `jaar`.
- Box 3 looks at the start of 1 January (art. 5.2 and 5.3 Wet IB 2001, peildatum): a home acquired on or after
  1 January of `jaar` does not count in box 3 for `jaar` (`box3_belasting_woning` is nil) but from the next
  year; `box3_per_jaar` is what it then costs each year, estimated with the figures of `jaar`.
- The purchase price stands for the value (the law takes the higher waarde in het economische verkeer).
- Startersvrijstelling: only for a woning that becomes the hoofdverblijf, with `leeftijd` given and within the
  age limits, and a price not above the woningwaardegrens; without a price or age it is not applied.
- Leegwaarderatio: only for a rented woning with huurbescherming. A temporary contract or a related tenant
  gives no discount (since 2023 the highest ratio for related tenants, from 2026 none at a non-market rent:
  both mean the full WOZ-waarde). The 2026 rule that a value deviating 10% or more may be used instead is
  mentioned, not computed.
- `box3_belasting_woning` is the box 3 tax with the home and its mortgage minus the tax without them; it is
  negative when the mortgage lowers the tax more than the home raises it.
- Rounding of overdrachtsbelasting: to cents, as no rounding rule for it was established.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator

from rules.afronding import op_centen
from rules.box3 import PARAMETERS as BOX3_PARAMETERS
from rules.box3 import box3_aannames, box3_heffing
from rules.calculator import Calculator
from rules.formatteer import euro, getal, procent
from rules.invoer import Bedrag, Invoer
from rules.parameters import Cel, Parameters
from rules.rekenblad import Rekenblad
from rules.uitkomst import NettoEffect, Uitkomst

ONDERWERP = "tweede-woning"
ZERO = Decimal(0)

TARIEF_EIGEN_HOOFDVERBLIJF = "overdrachtsbelasting/tarief_eigen_hoofdverblijf"
TARIEF_OVERIGE_WONINGEN = "overdrachtsbelasting/tarief_overige_woningen"
TARIEF_NIET_WONINGEN = "overdrachtsbelasting/tarief_niet_woningen"
STARTERS_MINIMUMLEEFTIJD = "overdrachtsbelasting/startersvrijstelling_minimumleeftijd"
STARTERS_LEEFTIJDSGRENS = "overdrachtsbelasting/startersvrijstelling_leeftijdsgrens"
WONINGWAARDEGRENS = "overdrachtsbelasting/woningwaardegrens"
LEEGWAARDERATIO = "box3/leegwaarderatio"

Leeftijd = Annotated[int, Field(ge=0, le=130)]
"""An age in whole years; the limits are a plausibility check, not a tax figure."""


class TweedeWoningInvoer(Invoer):
    # The purchase.
    aankoopprijs: Bedrag | None = None
    datum_aankoop: dt.date | None = None
    soort: Literal["woning", "niet-woning"] = "woning"
    hoofdverblijf: bool = False
    leeftijd: Leeftijd | None = None
    # Owning it, in box 3 (only used when woz_waarde is given).
    woz_waarde: Bedrag | None = None
    verhuurd: bool = False
    huurbescherming: bool = False
    tijdelijk_huurcontract: bool = False
    huurder_gelieerd: bool = False
    jaarhuur: Bedrag = Field(default=ZERO, validate_default=True)
    hypotheek: Bedrag = ZERO
    spaargeld: Bedrag = ZERO
    beleggingen: Bedrag = ZERO
    overige_schulden: Bedrag = ZERO
    fiscale_partner: bool = False

    @field_validator("datum_aankoop")
    @classmethod
    def _niet_na_het_jaar(cls, waarde: dt.date | None, info: ValidationInfo) -> dt.date | None:
        jaar = info.data.get("jaar")
        if waarde is not None and jaar is not None and waarde.year > jaar:
            raise ValueError(f"de overdracht ligt na {jaar}; kies als jaar het jaar van de overdracht")
        return waarde

    @field_validator("hoofdverblijf")
    @classmethod
    def _hoofdverblijf_is_een_woning(cls, waarde: bool, info: ValidationInfo) -> bool:
        if waarde and info.data.get("soort") == "niet-woning":
            raise ValueError("een niet-woning kan niet uw hoofdverblijf worden; kies soort 'woning'")
        return waarde

    @field_validator("woz_waarde")
    @classmethod
    def _woz_waarde_positief(cls, waarde: Decimal | None) -> Decimal | None:
        if waarde is not None and waarde == ZERO:
            raise ValueError("de WOZ-waarde moet groter dan nul zijn")
        return waarde

    @field_validator("verhuurd")
    @classmethod
    def _hoofdverblijf_niet_verhuurd(cls, waarde: bool, info: ValidationInfo) -> bool:
        if waarde and info.data.get("hoofdverblijf"):
            raise ValueError("een woning die uw hoofdverblijf wordt, is niet verhuurd; kies een van beide")
        return waarde

    @field_validator("huurbescherming", "tijdelijk_huurcontract", "huurder_gelieerd")
    @classmethod
    def _alleen_bij_verhuur(cls, waarde: bool, info: ValidationInfo) -> bool:
        if waarde and not info.data.get("verhuurd"):
            raise ValueError("dit geldt alleen voor een verhuurde woning; zet ook 'verhuurd' aan")
        return waarde

    @field_validator("jaarhuur")
    @classmethod
    def _jaarhuur_past_bij_verhuur(cls, waarde: Decimal, info: ValidationInfo) -> Decimal:
        gegevens = info.data
        if waarde > ZERO and not gegevens.get("verhuurd"):
            raise ValueError("een jaarhuur hoort bij een verhuurde woning; zet ook 'verhuurd' aan")
        ratio_nodig = (
            gegevens.get("woz_waarde") is not None
            and gegevens.get("soort") == "woning"
            and gegevens.get("huurbescherming")
            and not gegevens.get("tijdelijk_huurcontract")
            and not gegevens.get("huurder_gelieerd")
        )
        if ratio_nodig and waarde == ZERO:
            raise ValueError("geef de jaarhuur op; die bepaalt de leegwaarderatio van de verhuurde woning")
        return waarde


# Overdrachtsbelasting ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overdracht:
    tarief: Decimal
    belasting: Decimal | None
    omschrijving: str


def _tarief_hoofdverblijf(blad: Rekenblad, invoer: TweedeWoningInvoer) -> Decimal:
    """Art. 14 and 15 lid 1 onderdeel p WBR: the hoofdverblijf tarief, nil for a starter up to the grens."""
    op = invoer.datum_aankoop
    tarief = blad.waarde(TARIEF_EIGEN_HOOFDVERBLIJF, op=op)
    blad.aanname(
        "U koopt als natuurlijk persoon en verklaart bij de notaris dat u de woning zelf, anders dan "
        "tijdelijk, als hoofdverblijf gaat gebruiken."
    )
    if invoer.leeftijd is None:
        blad.aanname(
            "U gaf geen leeftijd op; de startersvrijstelling (voor kopers van 18 tot 35 jaar) is daarom niet getoetst."
        )
        blad.stap(f"Woning als eigen hoofdverblijf: tarief {procent(tarief)}")
        return tarief
    # Art. 15 lid 1 onderdeel p WBR: of age, and younger than the limit, on the day of the transfer.
    minimum, grens = blad.waarde(STARTERS_MINIMUMLEEFTIJD, op=op), blad.waarde(STARTERS_LEEFTIJDSGRENS, op=op)
    if not minimum <= invoer.leeftijd < grens:
        blad.stap(
            f"Startersvrijstelling niet van toepassing: u bent {invoer.leeftijd} jaar, de vrijstelling geldt "
            f"van {getal(minimum)} jaar tot {getal(grens)} jaar; tarief eigen hoofdverblijf {procent(tarief)}"
        )
        return tarief
    woningwaardegrens = blad.waarde(WONINGWAARDEGRENS, op=op)
    blad.aanname(
        "Ik ben ervan uitgegaan dat u de startersvrijstelling niet eerder heeft gebruikt en dat uw leeftijd die op "
        "de dag van de overdracht bij de notaris is. Koopt u samen, dan geldt de vrijstelling per koper voor "
        "zijn deel; hier is gerekend alsof u alleen koopt."
    )
    if invoer.aankoopprijs is None:
        blad.aanname(
            f"Zonder koopprijs is de woningwaardegrens niet getoetst: is de waarde niet hoger dan "
            f"{euro(woningwaardegrens)}, dan geldt de startersvrijstelling (0%); anders {procent(tarief)}."
        )
        blad.stap(f"Woning als eigen hoofdverblijf: tarief {procent(tarief)}")
        return tarief
    blad.stap("Woningwaardegrens startersvrijstelling", woningwaardegrens)
    if invoer.aankoopprijs > woningwaardegrens:
        blad.stap(
            f"De waarde ligt boven de woningwaardegrens: geen startersvrijstelling, {procent(tarief)} over "
            "de hele waarde"
        )
        return tarief
    blad.stap("Startersvrijstelling: u bent starter en de waarde ligt niet boven de grens, dus 0%")
    return ZERO


def overdrachtsbelasting(blad: Rekenblad, invoer: TweedeWoningInvoer) -> Overdracht:
    """Art. 14 Wet op belastingen van rechtsverkeer: the tarief for the property, times the purchase price."""
    op = invoer.datum_aankoop
    overdrachtsjaar = op.year if op is not None else blad.jaar
    blad.bron(
        "Wet op belastingen van rechtsverkeer, art. 14 (tarief) en art. 15 lid 1 onderdeel p (startersvrijstelling)",
        f"https://wetten.overheid.nl/BWBR0002740/{overdrachtsjaar}-01-01",
    )
    if invoer.soort == "niet-woning":
        omschrijving = "een niet-woning"
        tarief = blad.waarde(TARIEF_NIET_WONINGEN, op=op)
        blad.stap(f"Niet-woning: tarief {procent(tarief)}")
    elif not invoer.hoofdverblijf:
        omschrijving = "een woning die niet uw hoofdverblijf wordt"
        tarief = blad.waarde(TARIEF_OVERIGE_WONINGEN, op=op)
        blad.stap(
            f"Woning die niet uw hoofdverblijf wordt (tweede woning, belegging, verhuur): tarief {procent(tarief)}"
        )
    else:
        tarief = _tarief_hoofdverblijf(blad, invoer)
        # Nil here is the startersvrijstelling: the ordinary hoofdverblijf tarief is never nil.
        omschrijving = (
            "u als starter: de startersvrijstelling" if tarief == ZERO else "een woning als eigen hoofdverblijf"
        )
    belasting = None
    if invoer.aankoopprijs is not None:
        wanneer = (
            f"de overdracht bij de notaris is in {op.year}"
            if op
            else f"het jaar van de overdracht bij de notaris is {blad.jaar}"
        )
        blad.aanname(
            f"De koopprijs is de waarde van de woning; {wanneer}. Is de waarde in het economische verkeer hoger "
            "(of komt er erfpachtcanon bij), dan geldt die hogere waarde."
        )
        blad.stap("Koopprijs", invoer.aankoopprijs)
        belasting = op_centen(invoer.aankoopprijs * tarief)
        blad.stap(f"Overdrachtsbelasting: koopprijs × {procent(tarief)}", belasting)
    return Overdracht(tarief=tarief, belasting=belasting, omschrijving=omschrijving)


# Box 3 -----------------------------------------------------------------------------------------------


def _band(tabel: tuple[Mapping[str, Cel], ...], huurpercentage: Decimal) -> tuple[Decimal | None, Mapping[str, Cel]]:
    """The row of the leegwaarderatio table for the rent percentage, with the previous row's upper limit."""
    vorige: Decimal | None = None
    for rij in tabel:
        tot = rij["huur_tot_en_met"]
        if tot is None or (isinstance(tot, Decimal) and huurpercentage <= tot):
            return vorige, rij
        assert isinstance(tot, Decimal)
        vorige = tot
    raise ValueError("de tabel van de leegwaarderatio heeft geen laatste rij zonder bovengrens")


def _band_tekst(ondergrens: Decimal | None, bovengrens: Cel) -> str:
    if ondergrens is None:
        assert isinstance(bovengrens, Decimal)
        return f"hoogstens {procent(bovengrens)}"
    if bovengrens is None:
        return f"meer dan {procent(ondergrens)}"
    assert isinstance(bovengrens, Decimal)
    return f"meer dan {procent(ondergrens)} en hoogstens {procent(bovengrens)}"


def waarde_in_box3(blad: Rekenblad, invoer: TweedeWoningInvoer, woz_waarde: Decimal) -> tuple[Decimal, Decimal | None]:
    """Art. 5.20 lid 3 Wet IB 2001 and art. 17a UB IB 2001: (value in box 3, leegwaarderatio or None)."""
    blad.stap("WOZ-waarde van de woning", woz_waarde)
    if verkregen_na_peildatum(invoer) and woz_waarde == invoer.aankoopprijs:
        # A home bought now has no WOZ-beschikking of its own yet: the price stands in for it (the chat does so).
        blad.aanname("Als WOZ-waarde is de koopprijs genomen; de gemeente stelt de WOZ-waarde later vast.")
    else:
        blad.aanname(
            f"De WOZ-waarde is die van de WOZ-beschikking voor {blad.jaar} (waardepeildatum 1 januari {blad.jaar - 1})."
        )
    if invoer.soort == "niet-woning":
        blad.stap("Een niet-woning telt mee voor de WOZ-waarde; de leegwaarderatio geldt alleen voor woningen")
        return woz_waarde, None
    if not invoer.verhuurd:
        blad.stap("De woning is niet verhuurd: zij telt mee voor de volle WOZ-waarde")
        return woz_waarde, None
    if invoer.tijdelijk_huurcontract:
        blad.stap(
            "Verhuurd met een tijdelijk huurcontract: sinds 2023 geldt dan geen leegwaarderatio, de volle "
            "WOZ-waarde telt mee"
        )
        return woz_waarde, None
    if invoer.huurder_gelieerd:
        blad.stap(
            "Verhuurd aan een gelieerde partij (bijvoorbeeld familie): sinds 2023 geldt dan de hoogste "
            "leegwaarderatio, en vanaf 2026 geen leegwaarderatio bij een niet-zakelijke huur; in beide "
            "gevallen telt de volle WOZ-waarde mee"
        )
        return woz_waarde, None
    if not invoer.huurbescherming:
        blad.stap("Verhuurd zonder huurbescherming: geen leegwaarderatio, de volle WOZ-waarde telt mee")
        return woz_waarde, None
    blad.bron(
        "Uitvoeringsbesluit inkomstenbelasting 2001, art. 17a (leegwaarderatio)",
        f"https://wetten.overheid.nl/BWBR0012066/{blad.jaar}-01-01",
    )
    huurpercentage = invoer.jaarhuur / woz_waarde
    ondergrens, rij = _band(blad.tabel(LEEGWAARDERATIO), huurpercentage)
    ratio = rij["leegwaarderatio"]
    assert isinstance(ratio, Decimal)
    blad.stap(
        f"Jaarhuur {euro(invoer.jaarhuur)} is {_band_tekst(ondergrens, rij['huur_tot_en_met'])} van de "
        f"WOZ-waarde: leegwaarderatio {procent(ratio)}"
    )
    waarde = woz_waarde * ratio
    blad.stap(f"Waarde in box 3: WOZ-waarde × {procent(ratio)}", waarde)
    blad.aanname(
        "De woning is verhuurd met huurbescherming aan een huurder die niet met u gelieerd is. Wijkt de "
        "werkelijke waarde in verhuurde staat 10% of meer af van WOZ-waarde × leegwaarderatio, dan mag u die "
        "waarde gebruiken (vanaf 2026 staat dat in de wet); dat is hier niet berekend."
    )
    return waarde, ratio


@dataclass(frozen=True)
class Box3Woning:
    """The home in box 3: its value, the tax with it, and its yearly cost; `vanaf` is the first year it counts."""

    leegwaarderatio: Decimal | None
    waarde: Decimal
    belasting: Decimal
    """Box 3 tax of `jaar` in total: with the home if it counts this year, without it otherwise."""
    belasting_woning: Decimal
    """What the home (with its mortgage) adds to the box 3 tax of `jaar`: nil when it counts only later."""
    per_jaar: Decimal
    """What the home adds each year it is owned on 1 January, with the figures of `jaar`."""
    vanaf: int
    met_hypotheek: bool


def verkregen_na_peildatum(invoer: TweedeWoningInvoer) -> bool:
    """Art. 5.2 and 5.3 Wet IB 2001: box 3 counts what is owned at the start of 1 January of the year, so a home
    transferred on 1 January or later in `jaar` is not in box 3 for `jaar`."""
    return invoer.datum_aankoop is not None and invoer.datum_aankoop >= dt.date(invoer.jaar, 1, 1)


def box3_met_woning(blad: Rekenblad, invoer: TweedeWoningInvoer, woz_waarde: Decimal) -> Box3Woning:
    """Art. 5.2 ff. Wet IB 2001: box 3 with the home (an overige bezitting) and its mortgage, and without."""
    later = verkregen_na_peildatum(invoer)
    if later:
        assert invoer.datum_aankoop is not None
        blad.stap(
            f"Overdracht in {invoer.datum_aankoop.year}, na de peildatum van 1 januari: in box 3 vanaf "
            f"{invoer.jaar + 1}. Wat de woning dan per jaar kost, met de bedragen van {invoer.jaar}:"
        )
    waarde, ratio = waarde_in_box3(blad, invoer, woz_waarde)
    if invoer.beleggingen > ZERO:
        blad.stap("Overige bezittingen: uw beleggingen plus de woning", invoer.beleggingen + waarde)
    if invoer.hypotheek > ZERO and invoer.overige_schulden > ZERO:
        blad.stap(
            "Schulden: de hypotheek op de woning plus uw overige schulden",
            invoer.hypotheek + invoer.overige_schulden,
        )
    met = box3_heffing(
        blad,
        banktegoeden=invoer.spaargeld,
        overige_bezittingen=invoer.beleggingen + waarde,
        schulden=invoer.hypotheek + invoer.overige_schulden,
        fiscale_partner=invoer.fiscale_partner,
    )
    zonder = box3_heffing(
        blad,
        banktegoeden=invoer.spaargeld,
        overige_bezittingen=invoer.beleggingen,
        schulden=invoer.overige_schulden,
        fiscale_partner=invoer.fiscale_partner,
        toelichten=False,
    )
    blad.stap("Box 3-belasting zonder de woning en de hypotheek", zonder.belasting)
    per_jaar = met.belasting - zonder.belasting
    blad.stap("Box 3-belasting door de woning: met min zonder de woning en de hypotheek", per_jaar)
    if later:
        blad.stap(f"Box 3-belasting door de woning over {invoer.jaar}: de woning telt nog niet mee", ZERO)
        blad.aanname(
            f"Vanaf {invoer.jaar + 1} is gerekend met de bedragen van {invoer.jaar} en met uw vermogen zoals "
            "opgegeven; de bedragen van later jaren zijn nog niet bekend."
        )
    if invoer.verhuurd:
        blad.aanname("De huur zelf wordt in box 3 niet belast; alleen het forfaitaire rendement over de waarde telt.")
    if invoer.aankoopprijs is not None and invoer.datum_aankoop is None:
        blad.aanname(
            f"Box 3 kijkt naar 1 januari {blad.jaar}: ervan uitgegaan dat de woning dan al van u was. Koopt "
            f"u haar in de loop van {blad.jaar}, dan telt zij pas mee vanaf 1 januari {blad.jaar + 1}."
        )
    box3_aannames(blad, invoer.fiscale_partner)
    return Box3Woning(
        leegwaarderatio=ratio,
        waarde=waarde,
        belasting=zonder.belasting if later else met.belasting,
        belasting_woning=ZERO if later else per_jaar,
        per_jaar=per_jaar,
        vanaf=invoer.jaar + 1 if later else invoer.jaar,
        met_hypotheek=invoer.hypotheek > ZERO,
    )


# The calculator --------------------------------------------------------------------------------------


def _conclusie(jaar: int, overdracht: Overdracht | None, box3: Box3Woning | None, eigen_woning: bool) -> str:
    delen: list[str] = []
    if overdracht is not None and overdracht.belasting == ZERO and overdracht.tarief == ZERO:
        delen.append("U betaalt bij aankoop geen overdrachtsbelasting: voor u geldt de startersvrijstelling")
    elif overdracht is not None and overdracht.belasting is not None:
        delen.append(
            f"U betaalt bij aankoop {euro(overdracht.belasting)} overdrachtsbelasting "
            f"({procent(overdracht.tarief)} voor {overdracht.omschrijving})"
        )
    elif overdracht is not None:
        delen.append(
            f"Het tarief van de overdrachtsbelasting voor {overdracht.omschrijving} is in {jaar} "
            f"{procent(overdracht.tarief)}"
        )
    if box3 is not None:
        woning = "de woning met haar hypotheek" if box3.met_hypotheek else "de woning"
        if box3.vanaf > jaar:
            kosten = "kost" if box3.per_jaar >= ZERO else "scheelt"
            delen.append(
                f"in box 3 telt {woning} pas mee vanaf {box3.vanaf} (peildatum 1 januari), dus over {jaar} nog "
                f"niet; daarna {kosten} zij u naar schatting {euro(abs(box3.per_jaar))} per jaar"
            )
        else:
            if box3.belasting_woning >= ZERO:
                effect = f"verhoogt uw box 3-belasting over {jaar} naar schatting met {euro(box3.belasting_woning)}"
            else:
                effect = f"verlaagt uw box 3-belasting over {jaar} naar schatting met {euro(-box3.belasting_woning)}"
            delen.append(f"{woning} {effect} (box 3 in totaal {euro(box3.belasting)})")
    elif eigen_woning:
        delen.append("als hoofdverblijf valt de woning in box 1 (eigen woning), niet in box 3")
    zin = "; ".join(delen)
    return zin[0].upper() + zin[1:] + "."


def _netto(overdracht: Overdracht | None, box3: Box3Woning | None) -> NettoEffect:
    aanname = "Box 3 met het forfaitaire rendement en uw vermogen zoals opgegeven."
    eenmalig = overdracht.belasting if overdracht is not None else None
    if box3 is not None:
        per_jaar = (
            f"kost de woning u in box 3 naar schatting {euro(box3.per_jaar)} per jaar"
            if box3.per_jaar >= ZERO
            else f"scheelt de woning met haar hypotheek u in box 3 naar schatting {euro(-box3.per_jaar)} per jaar"
        )
        if eenmalig is not None:
            return NettoEffect(
                "box3_per_jaar",
                f"Eenmalig betaalt u {euro(eenmalig)} overdrachtsbelasting; vanaf {box3.vanaf} {per_jaar}.",
                aanname,
            )
        return NettoEffect("box3_per_jaar", f"Vanaf {box3.vanaf} {per_jaar}.", aanname)
    if eenmalig is not None:
        return NettoEffect("overdrachtsbelasting", f"U betaalt eenmalig {euro(eenmalig)} overdrachtsbelasting.")
    return NettoEffect(None, "Met de koopprijs reken ik uit hoeveel overdrachtsbelasting u betaalt.")


def bereken(invoer: TweedeWoningInvoer, parameters: Parameters | None = None) -> Uitkomst:
    blad = Rekenblad(ONDERWERP, invoer.jaar, parameters)
    box3_deel = invoer.woz_waarde is not None and not invoer.hoofdverblijf
    overdracht = None
    if invoer.aankoopprijs is not None or not box3_deel:
        overdracht = overdrachtsbelasting(blad, invoer)

    box3 = None
    if invoer.woz_waarde is not None and invoer.hoofdverblijf:
        blad.stap(
            "Een woning die uw hoofdverblijf is, is een eigen woning in box 1 en telt niet mee in box 3; "
            "box 3 is daarom niet berekend"
        )
    elif invoer.woz_waarde is not None:
        box3 = box3_met_woning(blad, invoer, invoer.woz_waarde)
    elif any((invoer.hypotheek, invoer.spaargeld, invoer.beleggingen, invoer.overige_schulden, invoer.verhuurd)):
        blad.aanname("U gaf geen WOZ-waarde op; daarom is box 3 niet berekend en zijn die gegevens niet gebruikt.")

    if invoer.aankoopprijs is not None:
        hoofdwaarde = "overdrachtsbelasting"
    elif box3 is not None:
        hoofdwaarde = "box3_belasting_woning"
    else:
        hoofdwaarde = "overdrachtsbelasting_tarief"
    kern: tuple[str, ...] = (hoofdwaarde,)
    if box3 is not None:
        kern = (*(("overdrachtsbelasting",) if invoer.aankoopprijs is not None else ()), "box3_per_jaar")
        if hoofdwaarde not in kern:
            kern = (hoofdwaarde, *kern)
    return blad.uitkomst(
        bedragen={
            "overdrachtsbelasting": overdracht.belasting if overdracht else None,
            "waarde_box3": box3.waarde if box3 else None,
            "box3_belasting": box3.belasting if box3 else None,
            "box3_belasting_woning": box3.belasting_woning if box3 else None,
            "box3_per_jaar": box3.per_jaar if box3 else None,
        },
        percentages={
            "overdrachtsbelasting_tarief": overdracht.tarief if overdracht else None,
            "leegwaarderatio": box3.leegwaarderatio if box3 else None,
        },
        aantallen={"box3_vanaf": Decimal(box3.vanaf) if box3 else None},
        hoofdwaarde=hoofdwaarde,
        conclusie=_conclusie(
            invoer.jaar, overdracht, box3, eigen_woning=invoer.hoofdverblijf and invoer.woz_waarde is not None
        ),
        kern=kern,
        netto=_netto(overdracht, box3),
    )


CALCULATOR = Calculator(
    onderwerp=ONDERWERP,
    titel="Tweede woning: overdrachtsbelasting en box 3",
    invoer=TweedeWoningInvoer,
    bereken=bereken,
    parameters=(TARIEF_OVERIGE_WONINGEN, TARIEF_EIGEN_HOOFDVERBLIJF, TARIEF_NIET_WONINGEN, *BOX3_PARAMETERS),
)
