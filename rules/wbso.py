"""WBSO: the S&O-afdrachtvermindering on payroll tax, and the S&O-aftrek for entrepreneurs in the income tax.

The afdrachtvermindering (art. 21 e.v. WVA) is a percentage of the S&O wages and other S&O costs and
expenses: a higher rate up to the limit of the first bracket (higher still for starters), a lower rate above
it. An entrepreneur in the income tax who meets the urencriterium (art. 3.6) and spends enough hours on S&O
work himself also gets the fixed S&O-aftrek from his profit (art. 3.77 Wet IB 2001), plus an extra amount as a
starter; what that saves in box 1 is estimated from his profit, or from a middle bracket when the profit is not
given. WBSO is applied for at RVO before the period starts; `rules.termijnen` says what can still be applied
for on a given day.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator

from rules.afronding import op_centen, op_hele_euros
from rules.box1 import (
    Voordeel,
    belasting_over_winst,
    geschat_voordeel_zonder_winst,
    heffingskortingen_kunnen_alles_wegnemen,
)
from rules.calculator import Calculator
from rules.formatteer import euro, getal, procent
from rules.invoer import Bedrag, Invoer
from rules.parameters import Parameters
from rules.rekenblad import Rekenblad
from rules.uitkomst import NettoEffect, Uitkomst

ONDERWERP = "wbso"
RVO_WBSO = "https://www.rvo.nl/subsidies-financiering/wbso"
WVA = "https://wetten.overheid.nl/BWBR0007746"

GRENS_EERSTE_SCHIJF = "wbso/grens_eerste_schijf"
TARIEF_EERSTE_SCHIJF = "wbso/tarief_eerste_schijf"
TARIEF_EERSTE_SCHIJF_STARTERS = "wbso/tarief_eerste_schijf_starters"
TARIEF_BOVEN_EERSTE_SCHIJF = "wbso/tarief_boven_eerste_schijf"
S_O_AFTREK = "wbso/s_o_aftrek"
S_O_AFTREK_STARTERS = "wbso/s_o_aftrek_starters"
MINIMUM_S_O_UREN = "wbso/minimum_s_o_uren"
URENCRITERIUM = "ondernemers/urencriterium"
MKB_WINSTVRIJSTELLING = "ondernemers/mkb_winstvrijstelling"

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
    urencriterium: bool | None = Field(
        default=None,
        validate_default=True,
        description="Voldoet u aan het urencriterium (ten minste 1.225 uur aan uw onderneming)? Alleen als "
        "ib_ondernemer; leeg: aangenomen van wel.",
    )
    starter_ib: bool = Field(
        default=False,
        validate_default=True,
        description="Startende ondernemer voor de aanvullende S&O-aftrek; alleen als ib_ondernemer.",
    )
    winst: Bedrag | None = Field(
        default=None,
        validate_default=True,
        description="Winst uit onderneming vóór de S&O-aftrek; alleen als ib_ondernemer, voor het "
        "belastingvoordeel. Leeg: geschat met het tarief van een middeninkomen.",
    )
    s_o_verklaring: bool | None = Field(
        default=None,
        description="Heeft u voor dit werk en dit jaar een S&O-verklaring van RVO (of die op tijd aangevraagd)? "
        "Nee: geen S&O-afdrachtvermindering en geen S&O-aftrek. Leeg: aangenomen van wel.",
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

    @field_validator("urencriterium", "winst")
    @classmethod
    def _alleen_voor_ib_ondernemer(cls, waarde: object, info: ValidationInfo) -> object:
        if waarde is not None and info.data.get("ib_ondernemer") is False:
            raise ValueError("alleen nodig voor een ondernemer in de inkomstenbelasting (ib_ondernemer)")
        return waarde

    @field_validator("starter_ib")
    @classmethod
    def _starter_ib_alleen_voor_ib_ondernemer(cls, starter_ib: bool, info: ValidationInfo) -> bool:
        if starter_ib and info.data.get("ib_ondernemer") is False:
            raise ValueError("geldt alleen voor een ondernemer in de inkomstenbelasting (ib_ondernemer)")
        return starter_ib


def s_o_afdrachtvermindering(blad: Rekenblad, s_o_kosten: Decimal, starter: bool) -> Decimal:
    """Art. 21 e.v. WVA (S&O-afdrachtvermindering): first-bracket rate up to the limit, lower rate above.

    Starters get a higher rate in the first bracket; the rate above it is the same for everyone and is looked
    up only when some costs lie above the limit.
    """
    grens = blad.waarde(GRENS_EERSTE_SCHIJF)
    tarief_eerste = blad.waarde(TARIEF_EERSTE_SCHIJF_STARTERS if starter else TARIEF_EERSTE_SCHIJF)
    in_eerste = min(s_o_kosten, grens)
    boven = s_o_kosten - in_eerste
    eerste = op_centen(in_eerste * tarief_eerste)
    wie = " (starter)" if starter else ""
    blad.stap(f"Eerste schijf{wie}: {procent(tarief_eerste)} van {euro(in_eerste)} (tot {euro(grens)})", eerste)
    if not boven:
        return eerste
    tarief_boven = blad.waarde(TARIEF_BOVEN_EERSTE_SCHIJF)
    tweede = op_centen(boven * tarief_boven)
    blad.stap(f"Boven de eerste schijf: {procent(tarief_boven)} van {euro(boven)}", tweede)
    return eerste + tweede


def s_o_aftrek(blad: Rekenblad, uren: Decimal, urencriterium: bool | None, starter_ib: bool) -> Decimal:
    """Art. 3.77 Wet IB 2001: fixed S&O-aftrek for an entrepreneur who meets the urencriterium of art. 3.6
    and spends at least the minimum number of hours on S&O himself; a starter gets the aanvullende aftrek on
    top.
    """
    criterium = getal(blad.waarde(URENCRITERIUM))
    if urencriterium is False:
        blad.stap(
            f"Geen S&O-aftrek: daarvoor moet u ook aan het urencriterium voldoen (ten minste {criterium} uur "
            "per jaar aan uw onderneming)",
            ZERO,
        )
        return ZERO
    if urencriterium is None:
        blad.aanname(
            f"Aangenomen dat u aan het urencriterium voldoet: ten minste {criterium} uur per jaar aan uw "
            "onderneming. Anders krijgt u geen S&O-aftrek."
        )
    minimum = blad.waarde(MINIMUM_S_O_UREN)
    if uren < minimum:
        blad.stap(f"Geen S&O-aftrek: {getal(uren)} S&O-uren is minder dan {getal(minimum)}", ZERO)
        return ZERO
    aftrek = blad.waarde(S_O_AFTREK)
    blad.stap(f"S&O-aftrek: {getal(uren)} S&O-uren, minstens {getal(minimum)}", aftrek)
    if starter_ib:
        extra = blad.waarde(S_O_AFTREK_STARTERS)
        blad.stap("Aanvullende S&O-aftrek voor starters", extra)
        aftrek += extra
    return aftrek


def voordeel_s_o_aftrek(blad: Rekenblad, aftrek: Decimal, winst: Decimal | None) -> Voordeel:
    """Indication of what the S&O-aftrek saves in box 1, whether the heffingskortingen may make it nil, and
    the assumption it rests on (for the net effect).

    With the profit: the tax on it minus the tax with the aftrek, both after the MKB-winstvrijstelling and the
    tariefsaanpassing. Without: the aftrek after the MKB-winstvrijstelling at the rate of a middle bracket.
    """
    if winst is None:
        return geschat_voordeel_zonder_winst(blad, aftrek, "S&O-aftrek")
    mkb = blad.waarde(MKB_WINSTVRIJSTELLING)
    zonder = belasting_over_winst(blad, winst)
    met = belasting_over_winst(blad, winst, aftrek)
    voordeel = op_hele_euros(zonder - met)
    blad.stap("Belasting box 1 over uw winst na MKB-winstvrijstelling, zonder S&O-aftrek", zonder)
    blad.stap("Belasting box 1 over uw winst na MKB-winstvrijstelling, met S&O-aftrek", met)
    blad.stap("Belastingvoordeel van de S&O-aftrek (indicatie)", voordeel)
    blad.aanname(
        "Het belastingvoordeel is een indicatie voor een ondernemer onder de AOW-leeftijd met alleen deze winst "
        "in box 1; zelfstandigenaftrek, ander inkomen en een fiscale partner zijn buiten beschouwing gelaten."
    )
    nihil = heffingskortingen_kunnen_alles_wegnemen(blad, winst * (1 - mkb))
    return Voordeel(voordeel, nihil, f"Uw winst van {euro(winst)} is uw enige inkomen in box 1.")


def bereken(invoer: WbsoInvoer, parameters: Parameters | None = None) -> Uitkomst:
    blad = Rekenblad(ONDERWERP, invoer.jaar, parameters)
    blad.bron(
        "Wet vermindering afdracht loonbelasting en premie voor de volksverzekeringen (WVA), art. 21 e.v.",
        WVA,
    )
    blad.bron("RVO, WBSO: aanvragen vóór de periode begint", RVO_WBSO)

    if invoer.s_o_verklaring is False:
        return _zonder_verklaring(blad, invoer)
    blad.stap("S&O-loonkosten en overige S&O-kosten en -uitgaven", invoer.s_o_kosten)
    afdrachtvermindering = s_o_afdrachtvermindering(blad, invoer.s_o_kosten, invoer.starter)
    blad.stap("S&O-afdrachtvermindering", afdrachtvermindering)
    blad.aanname(
        "Ik ga ervan uit dat RVO voor deze kosten een S&O-verklaring afgeeft; u verrekent de "
        "afdrachtvermindering met de loonheffingen die u afdraagt. WBSO vraagt u bij RVO aan vóór de periode "
        "begint."
    )

    aftrek: Decimal | None = None
    voordeel: Decimal | None = None
    mogelijk_nihil = False
    aanname = ""
    if invoer.ib_ondernemer:
        assert invoer.s_o_uren is not None
        aftrek = s_o_aftrek(blad, invoer.s_o_uren, invoer.urencriterium, invoer.starter_ib)
        voordeel = ZERO
        if aftrek:
            s_o = voordeel_s_o_aftrek(blad, aftrek, invoer.winst)
            voordeel, mogelijk_nihil, aanname = s_o.bedrag, s_o.mogelijk_nihil, s_o.aanname
    totaal = afdrachtvermindering + (voordeel or ZERO)

    alleen_aftrek = invoer.ib_ondernemer and not invoer.s_o_kosten
    kern: tuple[str, ...] = ("afdrachtvermindering",)
    if aftrek:
        kern = ("s_o_aftrek", "s_o_aftrek_voordeel") if alleen_aftrek else ("afdrachtvermindering", "s_o_aftrek")
        if not mogelijk_nihil and not alleen_aftrek:
            kern += ("totaal_voordeel",)
    return blad.uitkomst(
        bedragen={
            "afdrachtvermindering": afdrachtvermindering,
            "s_o_aftrek": aftrek,
            "s_o_aftrek_voordeel": voordeel,
            "totaal_voordeel": totaal,
        },
        hoofdwaarde="s_o_aftrek" if alleen_aftrek else "afdrachtvermindering",
        conclusie=_conclusie(blad, invoer, afdrachtvermindering, aftrek, None if mogelijk_nihil else voordeel),
        kern=kern,
        netto=_netto(afdrachtvermindering, aftrek, voordeel, mogelijk_nihil, aanname),
    )


def _zonder_verklaring(blad: Rekenblad, invoer: WbsoInvoer) -> Uitkomst:
    """WVA art. 21 e.v. and Wet IB 2001 art. 3.77: both need an S&O-verklaring of RVO for the work and period."""
    blad.stap("Zonder S&O-verklaring van RVO: geen S&O-afdrachtvermindering en geen S&O-aftrek", ZERO)
    aftrek = ZERO if invoer.ib_ondernemer else None
    return blad.uitkomst(
        bedragen={
            "afdrachtvermindering": ZERO,
            "s_o_aftrek": aftrek,
            "s_o_aftrek_voordeel": aftrek,
            "totaal_voordeel": ZERO,
        },
        hoofdwaarde="afdrachtvermindering",
        conclusie=(
            f"Zonder S&O-verklaring van RVO krijgt u over {invoer.jaar} geen WBSO: geen S&O-afdrachtvermindering "
            "en geen S&O-aftrek. U vraagt de WBSO bij RVO aan vóór de periode begint waarin u het werk doet."
        ),
        kern=("afdrachtvermindering",),
        netto=NettoEffect("totaal_voordeel", "Zonder S&O-verklaring levert de WBSO u over dit jaar niets op."),
    )


def _netto(
    afdrachtvermindering: Decimal,
    aftrek: Decimal | None,
    voordeel: Decimal | None,
    mogelijk_nihil: bool,
    aanname: str,
) -> NettoEffect:
    if aftrek and mogelijk_nihil:
        zin = (
            "Bij deze winst kunnen de heffingskortingen uw inkomstenbelasting al (bijna) helemaal wegnemen; de "
            "S&O-aftrek levert dan weinig of niets op"
        )
        if afdrachtvermindering:
            zin += f", de afdrachtvermindering van {euro(afdrachtvermindering)} wel"
        return NettoEffect(None, zin + ".", "De algemene heffingskorting en de arbeidskorting op hun hoogste bedrag.")
    if aftrek and voordeel is not None and afdrachtvermindering:
        return NettoEffect(
            "totaal_voordeel",
            f"U houdt naar schatting {euro(afdrachtvermindering + voordeel)} over: {euro(afdrachtvermindering)} "
            f"minder loonheffing en {euro(voordeel)} minder inkomstenbelasting.",
            aanname,
        )
    if aftrek and voordeel is not None:
        return NettoEffect(
            "s_o_aftrek_voordeel",
            f"De S&O-aftrek scheelt u naar schatting {euro(voordeel)} inkomstenbelasting.",
            aanname,
        )
    if afdrachtvermindering:
        return NettoEffect(
            "afdrachtvermindering",
            f"U draagt naar schatting {euro(afdrachtvermindering)} minder loonheffing af.",
            "RVO geeft een S&O-verklaring af voor deze kosten.",
        )
    return NettoEffect("totaal_voordeel", "Zo levert de WBSO u niets op.")


def _conclusie(
    blad: Rekenblad,
    invoer: WbsoInvoer,
    afdrachtvermindering: Decimal,
    aftrek: Decimal | None,
    voordeel: Decimal | None,
) -> str:
    jaar = invoer.jaar
    scheelt = f" (dat scheelt naar schatting {euro(voordeel)} inkomstenbelasting)" if aftrek and voordeel else ""
    if afdrachtvermindering:
        zin = f"U krijgt over {jaar} naar schatting {euro(afdrachtvermindering)} S&O-afdrachtvermindering"
        if aftrek:
            zin += f" en {euro(aftrek)} S&O-aftrek van uw winst{scheelt}"
    elif aftrek:
        zin = f"U krijgt over {jaar} naar schatting {euro(aftrek)} S&O-aftrek van uw winst{scheelt}"
        if invoer.s_o_kosten == ZERO and not invoer.ib_ondernemer:
            zin += " en geen S&O-afdrachtvermindering, want u gaf geen S&O-kosten op"
    else:
        zin = f"U krijgt over {jaar} geen S&O-afdrachtvermindering, want u gaf geen S&O-kosten op"
    if aftrek is not None and not aftrek:
        if invoer.urencriterium is False:
            zin += "; S&O-aftrek krijgt u niet, omdat u niet aan het urencriterium voldoet"
        else:
            zin += f"; S&O-aftrek krijgt u pas vanaf {getal(blad.waarde(MINIMUM_S_O_UREN))} S&O-uren"
    return zin + "."


CALCULATOR = Calculator(
    onderwerp=ONDERWERP,
    titel="WBSO: S&O-afdrachtvermindering en S&O-aftrek",
    invoer=WbsoInvoer,
    bereken=bereken,
    parameters=(GRENS_EERSTE_SCHIJF, TARIEF_EERSTE_SCHIJF, TARIEF_EERSTE_SCHIJF_STARTERS, TARIEF_BOVEN_EERSTE_SCHIJF),
)
