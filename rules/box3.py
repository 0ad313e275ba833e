"""Box 3 (sparen en beleggen): the one engine for the forfaitair stelsel, and the `box3` calculator.

Art. 5.1 ff. Wet IB 2001 as the overbruggingswet box 3 wrote it (from 2023): every kind of asset gets its own
forfaitair rendement, debts above the schuldendrempel a negative one; the effectief rendementspercentage
(rendement / rendementsgrondslag) is applied to the grondslag sparen en beleggen (rendementsgrondslag minus
heffingsvrij vermogen). `box3_heffing` is the only place in the code that computes this; the `tweede-woning`
calculator uses it too. Choices made where the law leaves room or the input is simplified:

- Fiscal partners are computed together: heffingsvrij vermogen, schuldendrempel and the vrijstelling groene
  beleggingen are doubled, and the result is the tax of both; how they divide the voordeel is their choice.
- A negative rendement (debts outweigh the assets' forfait) gives a voordeel of nil, never a negative one.
- Green investments up to the vrijstelling are exempt and earn the heffingskorting groene beleggingen, which
  is reported beside the box 3 tax (it comes off the whole income tax); the excess is an overige bezitting.
- A parameter is only looked up when it matters for the input (no savings: no savings rate), so a provisional
  figure that did not influence the answer is not reported as a reservation.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pydantic import Field, ValidationInfo, field_validator

from rules.afronding import naar_beneden_op_hele_euros, op_centen
from rules.calculator import Calculator
from rules.formatteer import euro, procent
from rules.invoer import Bedrag, Invoer
from rules.parameters import Parameters
from rules.rekenblad import Rekenblad
from rules.uitkomst import NettoEffect, Uitkomst

ONDERWERP = "box3"
ZERO = Decimal(0)

HEFFINGSVRIJ_VERMOGEN = "box3/heffingsvrij_vermogen"
FORFAIT_BANKTEGOEDEN = "box3/forfait_banktegoeden"
FORFAIT_OVERIGE_BEZITTINGEN = "box3/forfait_overige_bezittingen"
FORFAIT_SCHULDEN = "box3/forfait_schulden"
SCHULDENDREMPEL = "box3/schuldendrempel"
TARIEF = "box3/tarief"
VRIJSTELLING_GROENE_BELEGGINGEN = "box3/vrijstelling_groene_beleggingen"
HEFFINGSKORTING_GROENE_BELEGGINGEN = "box3/heffingskorting_groene_beleggingen"
PARAMETERS = (
    HEFFINGSVRIJ_VERMOGEN,
    TARIEF,
    FORFAIT_BANKTEGOEDEN,
    FORFAIT_OVERIGE_BEZITTINGEN,
    FORFAIT_SCHULDEN,
    SCHULDENDREMPEL,
)
"""The figures every box 3 calculation may need; the years box 3 can compute follow from them."""


@dataclass(frozen=True)
class Box3Berekening:
    """Every intermediate amount of one box 3 computation, for one person or for fiscal partners together.

    Rates that were not needed for the input (nothing to apply them to) are None.
    """

    fiscale_partner: bool
    banktegoeden: Decimal
    overige_bezittingen: Decimal
    """Including the green investments above the vrijstelling."""
    groene_beleggingen: Decimal
    vrijstelling_groene_beleggingen: Decimal
    vrijgestelde_groene_beleggingen: Decimal
    belaste_groene_beleggingen: Decimal
    bezittingen: Decimal
    schulden: Decimal
    schuldendrempel: Decimal
    schulden_boven_drempel: Decimal
    forfait_banktegoeden: Decimal | None
    forfait_overige_bezittingen: Decimal | None
    forfait_schulden: Decimal | None
    rendement_banktegoeden: Decimal
    rendement_overige_bezittingen: Decimal
    rendement_schulden: Decimal
    rendement: Decimal
    """Forfaitair rendement: may be negative when the debts' forfait outweighs the assets'."""
    rendementsgrondslag: Decimal
    heffingsvrij_vermogen: Decimal
    grondslag: Decimal
    """Grondslag sparen en beleggen."""
    voordeel: Decimal
    """Voordeel uit sparen en beleggen, rounded down to whole euros, never below nil."""
    tarief: Decimal
    belasting: Decimal
    heffingskorting_groen: Decimal


def _aantal_personen(fiscale_partner: bool) -> Decimal:
    """Art. 5.5 and 5.13 Wet IB 2001: partners each have the allowance; together they count double."""
    return Decimal(2) if fiscale_partner else Decimal(1)


def groene_vrijstelling(blad: Rekenblad, groene_beleggingen: Decimal, fiscale_partner: bool) -> tuple[Decimal, Decimal]:
    """Art. 5.13 Wet IB 2001: (vrijstelling, vrijgesteld deel) of green investments; no lookup if none."""
    if groene_beleggingen <= ZERO:
        return ZERO, ZERO
    vrijstelling = blad.waarde(VRIJSTELLING_GROENE_BELEGGINGEN) * _aantal_personen(fiscale_partner)
    return vrijstelling, min(groene_beleggingen, vrijstelling)


def schulden_boven_drempel(blad: Rekenblad, schulden: Decimal, fiscale_partner: bool) -> tuple[Decimal, Decimal]:
    """Art. 5.3 Wet IB 2001: (schuldendrempel, schulden boven de drempel, at least nil); no lookup if none."""
    if schulden <= ZERO:
        return ZERO, ZERO
    drempel = blad.waarde(SCHULDENDREMPEL) * _aantal_personen(fiscale_partner)
    return drempel, max(ZERO, schulden - drempel)


def _forfait(blad: Rekenblad, naam: str, grondslag: Decimal) -> Decimal | None:
    """A forfaitair percentage, looked up only when there is something to apply it to."""
    return blad.waarde(naam) if grondslag > ZERO else None


def voordeel_uit_sparen_en_beleggen(rendement: Decimal, grondslag: Decimal, rendementsgrondslag: Decimal) -> Decimal:
    """Art. 5.2 Wet IB 2001: effectief rendementspercentage × grondslag sparen en beleggen, rounded down.

    The effectief rendementspercentage is rendement / rendementsgrondslag; a negative result is no voordeel.
    """
    if grondslag <= ZERO or rendementsgrondslag <= ZERO or rendement <= ZERO:
        return ZERO
    return naar_beneden_op_hele_euros(rendement * grondslag / rendementsgrondslag)


def box3_heffing(
    blad: Rekenblad,
    *,
    banktegoeden: Decimal,
    overige_bezittingen: Decimal,
    schulden: Decimal,
    groene_beleggingen: Decimal = ZERO,
    fiscale_partner: bool,
    toelichten: bool = True,
) -> Box3Berekening:
    """Art. 5.2 ff. Wet IB 2001 (forfaitair stelsel box 3): box 3 tax of one person or of partners together.

    With `toelichten` the steps are written on the worksheet; without, only the lookups are recorded (for a
    comparison computation whose steps would repeat the main one).
    """
    heffingsvrij_vermogen = blad.waarde(HEFFINGSVRIJ_VERMOGEN) * _aantal_personen(fiscale_partner)
    tarief = blad.waarde(TARIEF)
    vrijstelling, vrijgesteld = groene_vrijstelling(blad, groene_beleggingen, fiscale_partner)
    belaste_groene = groene_beleggingen - vrijgesteld
    overige = overige_bezittingen + belaste_groene
    drempel, schulden_boven = schulden_boven_drempel(blad, schulden, fiscale_partner)

    forfait_bank = _forfait(blad, FORFAIT_BANKTEGOEDEN, banktegoeden)
    forfait_overige = _forfait(blad, FORFAIT_OVERIGE_BEZITTINGEN, overige)
    forfait_schulden = _forfait(blad, FORFAIT_SCHULDEN, schulden_boven)
    rendement_bank = banktegoeden * (forfait_bank or ZERO)
    rendement_overige = overige * (forfait_overige or ZERO)
    rendement_schulden = schulden_boven * (forfait_schulden or ZERO)
    rendement = rendement_bank + rendement_overige - rendement_schulden

    bezittingen = banktegoeden + overige
    rendementsgrondslag = bezittingen - schulden_boven
    grondslag = max(ZERO, rendementsgrondslag - heffingsvrij_vermogen)
    voordeel = voordeel_uit_sparen_en_beleggen(rendement, grondslag, rendementsgrondslag)
    belasting = op_centen(voordeel * tarief)

    heffingskorting = ZERO
    if vrijgesteld > ZERO:
        heffingskorting = op_centen(vrijgesteld * blad.waarde(HEFFINGSKORTING_GROENE_BELEGGINGEN))

    berekening = Box3Berekening(
        fiscale_partner=fiscale_partner,
        banktegoeden=banktegoeden,
        overige_bezittingen=overige,
        groene_beleggingen=groene_beleggingen,
        vrijstelling_groene_beleggingen=vrijstelling,
        vrijgestelde_groene_beleggingen=vrijgesteld,
        belaste_groene_beleggingen=belaste_groene,
        bezittingen=bezittingen,
        schulden=schulden,
        schuldendrempel=drempel,
        schulden_boven_drempel=schulden_boven,
        forfait_banktegoeden=forfait_bank,
        forfait_overige_bezittingen=forfait_overige,
        forfait_schulden=forfait_schulden,
        rendement_banktegoeden=rendement_bank,
        rendement_overige_bezittingen=rendement_overige,
        rendement_schulden=rendement_schulden,
        rendement=rendement,
        rendementsgrondslag=rendementsgrondslag,
        heffingsvrij_vermogen=heffingsvrij_vermogen,
        grondslag=grondslag,
        voordeel=voordeel,
        tarief=tarief,
        belasting=belasting,
        heffingskorting_groen=heffingskorting,
    )
    blad.bron(
        "Wet IB 2001, hoofdstuk 5 (box 3, forfaitair stelsel) en art. 2.13 (tarief)",
        f"https://wetten.overheid.nl/BWBR0011353/{blad.jaar}-01-01/0/Hoofdstuk5",
    )
    if toelichten:
        _stappen(blad, berekening)
    return berekening


def _stappen(blad: Rekenblad, b: Box3Berekening) -> None:
    samen = " (voor u en uw fiscale partner samen)" if b.fiscale_partner else ""
    if b.groene_beleggingen > ZERO:
        blad.stap("Groene beleggingen", b.groene_beleggingen)
        blad.stap(f"Vrijstelling groene beleggingen{samen}", b.vrijstelling_groene_beleggingen)
        blad.stap("Vrijgesteld deel van de groene beleggingen", b.vrijgestelde_groene_beleggingen)
        if b.belaste_groene_beleggingen > ZERO:
            blad.stap(
                "Groene beleggingen boven de vrijstelling, die als overige bezitting meetellen",
                b.belaste_groene_beleggingen,
            )
    blad.stap("Banktegoeden (spaargeld)", b.banktegoeden)
    blad.stap("Overige bezittingen", b.overige_bezittingen)
    if b.schulden > ZERO:
        blad.stap("Schulden", b.schulden)
        blad.stap(f"Schuldendrempel{samen}", b.schuldendrempel)
        blad.stap("Schulden boven de drempel, die meetellen", b.schulden_boven_drempel)
    if b.forfait_banktegoeden is not None:
        blad.stap(
            f"Forfaitair rendement banktegoeden: {euro(b.banktegoeden)} × {procent(b.forfait_banktegoeden)}",
            op_centen(b.rendement_banktegoeden),
        )
    if b.forfait_overige_bezittingen is not None:
        blad.stap(
            f"Forfaitair rendement overige bezittingen: {euro(b.overige_bezittingen)} × "
            f"{procent(b.forfait_overige_bezittingen)}",
            op_centen(b.rendement_overige_bezittingen),
        )
    if b.forfait_schulden is not None:
        blad.stap(
            f"Min: forfaitair rendement schulden: {euro(b.schulden_boven_drempel)} × {procent(b.forfait_schulden)}",
            op_centen(b.rendement_schulden),
        )
    blad.stap("Forfaitair rendement", op_centen(b.rendement))
    blad.stap("Rendementsgrondslag: bezittingen min schulden boven de drempel", b.rendementsgrondslag)
    blad.stap(f"Heffingsvrij vermogen{samen}", b.heffingsvrij_vermogen)
    blad.stap("Grondslag sparen en beleggen: rendementsgrondslag min heffingsvrij vermogen", b.grondslag)
    if b.rendement < ZERO and b.grondslag > ZERO:
        blad.stap("Het forfaitaire rendement is negatief; het voordeel is dan nihil")
    blad.stap(
        "Voordeel uit sparen en beleggen: rendement × grondslag ÷ rendementsgrondslag, naar beneden afgerond "
        "op hele euro's",
        b.voordeel,
    )
    blad.stap(f"Box 3-belasting: voordeel × {procent(b.tarief)}", b.belasting)
    if b.heffingskorting_groen > ZERO:
        blad.stap(
            "Heffingskorting groene beleggingen over het vrijgestelde deel (gaat af van uw totale inkomstenbelasting)",
            b.heffingskorting_groen,
        )


def box3_aannames(blad: Rekenblad, fiscale_partner: bool) -> None:
    """The assumptions every box 3 answer states: peildatum, partners, and the tegenbewijsregeling."""
    blad.aanname(
        f"De bedragen zijn de stand op 1 januari {blad.jaar}, de peildatum van box 3; ervan uitgegaan dat "
        "'beleggingen' alle overige bezittingen zijn (aandelen, obligaties, crypto, uitgeleend geld, "
        "vastgoed), groene beleggingen inbegrepen."
    )
    if fiscale_partner:
        blad.aanname(
            "Met een fiscale partner is voor u samen gerekend, met het dubbele heffingsvrij vermogen en de "
            "dubbele schuldendrempel; hoe u het voordeel verdeelt, kiest u zelf in de aangifte."
        )
    blad.aanname(
        "Gerekend met het forfaitaire rendement; is uw werkelijke rendement lager, dan kunt u dat met de "
        "tegenbewijsregeling aantonen. Dat is hier niet berekend."
    )


class Box3Invoer(Invoer):
    """`beleggingen` are all other assets on 1 January, the green ones included, as the chat asks for them;
    `groene_beleggingen` says how much of that is green. A green part larger than the whole is refused, so
    nothing can be counted twice."""

    spaargeld: Bedrag
    beleggingen: Bedrag = Field(description="Alle beleggingen en overige bezittingen, groene beleggingen inbegrepen.")
    schulden: Bedrag
    groene_beleggingen: Bedrag = Field(
        default=ZERO, validate_default=True, description="Het deel van de beleggingen dat groene belegging is."
    )
    fiscale_partner: bool

    @field_validator("groene_beleggingen")
    @classmethod
    def _deel_van_de_beleggingen(cls, groen: Decimal, info: ValidationInfo) -> Decimal:
        beleggingen = info.data.get("beleggingen")
        if beleggingen is not None and groen > beleggingen:
            raise ValueError(
                "de groene beleggingen zijn een deel van de beleggingen; geef bij 'beleggingen' het totaal op, "
                "de groene inbegrepen"
            )
        return groen


def _conclusie(b: Box3Berekening, jaar: int) -> str:
    wie = "U en uw fiscale partner betalen" if b.fiscale_partner else "U betaalt"
    korting = ""
    if b.heffingskorting_groen > ZERO:
        groen = euro(b.heffingskorting_groen)
        korting = f"; de heffingskorting voor groene beleggingen van {groen} gaat daar nog af"
    if b.voordeel > ZERO:
        return (
            f"{wie} over {jaar} naar schatting {euro(b.belasting)} box 3-belasting, over een voordeel uit "
            f"sparen en beleggen van {euro(b.voordeel)}{korting}."
        )
    if b.grondslag == ZERO:
        reden = (
            f"uw rendementsgrondslag van {euro(b.rendementsgrondslag)} blijft binnen het heffingsvrij "
            f"vermogen van {euro(b.heffingsvrij_vermogen)}"
        )
    else:
        reden = "het forfaitaire rendement is niet positief"
    return f"{wie} over {jaar} geen box 3-belasting: {reden}{korting}."


def bereken(invoer: Box3Invoer, parameters: Parameters | None = None) -> Uitkomst:
    blad = Rekenblad(ONDERWERP, invoer.jaar, parameters)
    b = box3_heffing(
        blad,
        banktegoeden=invoer.spaargeld,
        overige_bezittingen=invoer.beleggingen - invoer.groene_beleggingen,
        schulden=invoer.schulden,
        groene_beleggingen=invoer.groene_beleggingen,
        fiscale_partner=invoer.fiscale_partner,
    )
    box3_aannames(blad, invoer.fiscale_partner)
    kern: tuple[str, ...] = ("box3_belasting", "voordeel")
    if b.heffingskorting_groen > ZERO:
        kern += ("heffingskorting_groen",)
    return blad.uitkomst(
        bedragen={
            "rendement": op_centen(b.rendement),
            "rendementsgrondslag": b.rendementsgrondslag,
            "heffingsvrij_vermogen": b.heffingsvrij_vermogen,
            "grondslag": b.grondslag,
            "voordeel": b.voordeel,
            "box3_belasting": b.belasting,
            "heffingskorting_groen": b.heffingskorting_groen,
        },
        hoofdwaarde="box3_belasting",
        conclusie=_conclusie(b, invoer.jaar),
        kern=kern,
        netto=_netto(b, invoer.jaar),
    )


def _netto(b: Box3Berekening, jaar: int) -> NettoEffect:
    wie = "U en uw fiscale partner betalen" if b.fiscale_partner else "U betaalt"
    aanname = "Het forfaitaire rendement; een lager werkelijk rendement kunt u aantonen."
    if b.belasting == ZERO:
        return NettoEffect("box3_belasting", f"{wie} over {jaar} geen box 3-belasting.", aanname)
    zin = f"{wie} over {jaar} naar schatting {euro(b.belasting)} box 3-belasting"
    if b.heffingskorting_groen > ZERO:
        zin += f", min {euro(b.heffingskorting_groen)} heffingskorting voor groene beleggingen"
    return NettoEffect("box3_belasting", zin + ".", aanname)


CALCULATOR = Calculator(
    onderwerp=ONDERWERP,
    titel="Box 3: belasting over sparen en beleggen",
    invoer=Box3Invoer,
    bereken=bereken,
    parameters=PARAMETERS,
)
