"""WBSO: the S&O-afdrachtvermindering on payroll tax, and the S&O-aftrek for entrepreneurs in the income tax.

The afdrachtvermindering (art. 21 e.v. WVA) is a percentage of the S&O wages and other S&O costs and
expenses: a higher rate up to the limit of the first bracket (higher still for starters), a lower rate above
it. An entrepreneur in the income tax who spends enough hours on S&O work himself also gets the fixed
S&O-aftrek from his profit (art. 3.77 Wet IB 2001), plus an extra amount as a starter. WBSO is applied for at
RVO before the period starts; the verdict says so.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator

from rules.afronding import op_centen
from rules.formatteer import euro, getal, procent
from rules.invoer import Bedrag, Invoer
from rules.onderwerpen import Calculator
from rules.parameters import Parameters
from rules.rekenblad import Rekenblad
from rules.uitkomst import Uitkomst

ONDERWERP = "wbso"
RVO_WBSO = "https://www.rvo.nl/subsidies-financiering/wbso"
WVA = "https://wetten.overheid.nl/BWBR0007746"
WET_IB = "https://wetten.overheid.nl/BWBR0011353"

GRENS_EERSTE_SCHIJF = "wbso/grens_eerste_schijf"
TARIEF_EERSTE_SCHIJF = "wbso/tarief_eerste_schijf"
TARIEF_EERSTE_SCHIJF_STARTERS = "wbso/tarief_eerste_schijf_starters"
TARIEF_BOVEN_EERSTE_SCHIJF = "wbso/tarief_boven_eerste_schijf"
S_O_AFTREK = "wbso/s_o_aftrek"
S_O_AFTREK_STARTERS = "wbso/s_o_aftrek_starters"
URENCRITERIUM = "wbso/urencriterium"

ZERO = Decimal(0)

# A machinery limit like the one on amounts, not a tax figure: more hours than any year has is a typo.
Uren = Annotated[Decimal, Field(ge=0, le=Decimal(100_000), allow_inf_nan=False)]


class WbsoInvoer(Invoer):
    s_o_kosten: Bedrag = Field(
        description="S&O-loonkosten plus overige S&O-kosten en -uitgaven van het jaar, zoals in de "
        "S&O-verklaring van RVO."
    )
    starter: bool = Field(
        description="Starter voor de afdrachtvermindering: korter dan vijf jaar S&O-inhoudingsplichtig."
    )
    ib_ondernemer: bool = Field(
        default=False, description="Ondernemer in de inkomstenbelasting (eenmanszaak, vof) die zelf S&O doet."
    )
    s_o_uren: Uren | None = Field(
        default=None,
        validate_default=True,
        description="Uren die u als ondernemer zelf aan S&O besteedde; alleen als ib_ondernemer.",
    )
    starter_ib: bool = Field(
        default=False,
        validate_default=True,
        description="Startende ondernemer voor de aanvullende S&O-aftrek; alleen als ib_ondernemer.",
    )

    @field_validator("s_o_uren")
    @classmethod
    def _uren_alleen_voor_ib_ondernemer(cls, uren: Decimal | None, info: ValidationInfo) -> Decimal | None:
        ib_ondernemer = info.data.get("ib_ondernemer")
        if ib_ondernemer is True and uren is None:
            raise ValueError("geef het aantal uren dat u als ondernemer zelf aan S&O besteedde")
        if ib_ondernemer is False and uren is not None:
            raise ValueError("alleen nodig voor een ondernemer in de inkomstenbelasting (ib_ondernemer)")
        return uren

    @field_validator("starter_ib")
    @classmethod
    def _starter_ib_alleen_voor_ib_ondernemer(cls, starter_ib: bool, info: ValidationInfo) -> bool:
        if starter_ib and info.data.get("ib_ondernemer") is False:
            raise ValueError("geldt alleen voor een ondernemer in de inkomstenbelasting (ib_ondernemer)")
        return starter_ib


def s_o_afdrachtvermindering(blad: Rekenblad, s_o_kosten: Decimal, starter: bool) -> Decimal:
    """Art. 21 e.v. WVA (S&O-afdrachtvermindering): first-bracket rate up to the limit, lower rate above.

    Starters get a higher rate in the first bracket; the rate above it is the same for everyone.
    """
    grens = blad.waarde(GRENS_EERSTE_SCHIJF)
    tarief_eerste = blad.waarde(TARIEF_EERSTE_SCHIJF_STARTERS if starter else TARIEF_EERSTE_SCHIJF)
    tarief_boven = blad.waarde(TARIEF_BOVEN_EERSTE_SCHIJF)
    in_eerste = min(s_o_kosten, grens)
    boven = s_o_kosten - in_eerste
    eerste = op_centen(in_eerste * tarief_eerste)
    wie = " (starter)" if starter else ""
    blad.stap(f"Eerste schijf{wie}: {procent(tarief_eerste)} van {euro(in_eerste)} (tot {euro(grens)})", eerste)
    tweede = op_centen(boven * tarief_boven)
    if boven:
        blad.stap(f"Boven de eerste schijf: {procent(tarief_boven)} van {euro(boven)}", tweede)
    return eerste + tweede


def s_o_aftrek(blad: Rekenblad, uren: Decimal, starter_ib: bool) -> Decimal:
    """Art. 3.77 Wet IB 2001: fixed S&O-aftrek when the entrepreneur meets the S&O hours criterion.

    A starting entrepreneur who qualifies gets the aanvullende S&O-aftrek on top.
    """
    criterium = blad.waarde(URENCRITERIUM)
    if uren < criterium:
        blad.stap(f"Geen S&O-aftrek: {getal(uren)} S&O-uren is minder dan {getal(criterium)}", ZERO)
        return ZERO
    aftrek = blad.waarde(S_O_AFTREK)
    blad.stap(f"S&O-aftrek: {getal(uren)} S&O-uren, minstens {getal(criterium)}", aftrek)
    if starter_ib:
        extra = blad.waarde(S_O_AFTREK_STARTERS)
        blad.stap("Aanvullende S&O-aftrek voor starters", extra)
        aftrek += extra
    return aftrek


def bereken(invoer: WbsoInvoer, parameters: Parameters | None = None) -> Uitkomst:
    blad = Rekenblad(ONDERWERP, invoer.jaar, parameters)
    blad.bron(
        "Wet vermindering afdracht loonbelasting en premie voor de volksverzekeringen (WVA), art. 21 e.v.",
        WVA,
    )
    blad.bron("RVO, WBSO: aanvragen vóór de periode begint", RVO_WBSO)

    blad.stap("S&O-loonkosten en overige S&O-kosten en -uitgaven", invoer.s_o_kosten)
    afdrachtvermindering = s_o_afdrachtvermindering(blad, invoer.s_o_kosten, invoer.starter)
    blad.stap("S&O-afdrachtvermindering", afdrachtvermindering)
    blad.aanname(
        "Ik ga ervan uit dat RVO voor deze kosten een S&O-verklaring afgeeft; u verrekent de "
        "afdrachtvermindering met de loonheffingen die u afdraagt."
    )

    aftrek: Decimal | None = None
    if invoer.ib_ondernemer:
        assert invoer.s_o_uren is not None
        blad.bron("Wet IB 2001, art. 3.77 (S&O-aftrek)", WET_IB)
        aftrek = s_o_aftrek(blad, invoer.s_o_uren, invoer.starter_ib)

    return blad.uitkomst(
        bedragen={"afdrachtvermindering": afdrachtvermindering, "s_o_aftrek": aftrek},
        hoofdwaarde="afdrachtvermindering",
        conclusie=_conclusie(blad, invoer, afdrachtvermindering, aftrek),
    )


def _conclusie(blad: Rekenblad, invoer: WbsoInvoer, afdrachtvermindering: Decimal, aftrek: Decimal | None) -> str:
    jaar = invoer.jaar
    if afdrachtvermindering:
        zin = f"U krijgt over {jaar} naar schatting {euro(afdrachtvermindering)} S&O-afdrachtvermindering"
        if aftrek:
            zin += f" en {euro(aftrek)} S&O-aftrek van uw winst"
    elif aftrek:
        zin = f"U krijgt over {jaar} naar schatting {euro(aftrek)} S&O-aftrek van uw winst"
        zin += " en geen S&O-afdrachtvermindering, want u gaf geen S&O-kosten op"
    else:
        zin = f"U krijgt over {jaar} geen S&O-afdrachtvermindering, want u gaf geen S&O-kosten op"
    if aftrek is not None and not aftrek:
        zin += f"; S&O-aftrek krijgt u pas vanaf {getal(blad.waarde(URENCRITERIUM))} S&O-uren"
    return zin + "; vraag WBSO bij RVO aan vóór de periode begint."


CALCULATOR = Calculator(
    onderwerp=ONDERWERP,
    titel="WBSO: S&O-afdrachtvermindering en S&O-aftrek",
    invoer=WbsoInvoer,
    bereken=bereken,
)
