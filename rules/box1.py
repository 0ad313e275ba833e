"""Box 1 income tax for indicative effects: what extra income costs and what a deduction saves.

These are indications for one person below the AOW age: heffingskortingen, other boxes and the partner are
left out, and every caller says so in an assumption.
"""

from __future__ import annotations

from decimal import Decimal

from rules.afronding import op_centen
from rules.rekenblad import Rekenblad, getal_in

SCHIJVEN = "inkomstenbelasting/box1_schijven"
MAXIMAAL_AFTREKTARIEF = "inkomstenbelasting/maximaal_aftrektarief"
ZERO = Decimal(0)


def box1_belasting(blad: Rekenblad, belastbaar_inkomen: Decimal) -> Decimal:
    """Art. 2.10 Wet IB 2001: tax and premiums on income from work and home, before heffingskortingen."""
    schijven = blad.tabel(SCHIJVEN)
    belasting = ZERO
    for index, schijf in enumerate(schijven):
        ondergrens = getal_in(schijf, "ondergrens")
        bovengrens = belastbaar_inkomen
        if index + 1 < len(schijven):
            bovengrens = min(belastbaar_inkomen, getal_in(schijven[index + 1], "ondergrens"))
        if bovengrens > ondergrens:
            belasting += (bovengrens - ondergrens) * getal_in(schijf, "tarief")
    return op_centen(belasting)


def belasting_over_extra_inkomen(blad: Rekenblad, inkomen: Decimal, extra: Decimal) -> Decimal:
    """What `extra` taxable income (such as a bijtelling) costs on top of `inkomen`, at the box 1 rates."""
    return box1_belasting(blad, inkomen + extra) - box1_belasting(blad, inkomen)


def grens_hoogste_schijf(blad: Rekenblad) -> Decimal:
    return getal_in(blad.tabel(SCHIJVEN)[-1], "ondergrens")


def waarde_van_aftrek(blad: Rekenblad, inkomen: Decimal, aftrek: Decimal, *, tariefsaanpassing: bool = True) -> Decimal:
    """Art. 2.10a Wet IB 2001: what deducting `aftrek` from `inkomen` saves, after the tariefsaanpassing.

    Under the tariefsaanpassing, the part of the deduction that comes off income in the top bracket is worth
    only the maximum deduction rate: the saving there is reduced by (top rate − that rate) × the lower of the
    deduction and the income in the top bracket.
    """
    aftrek = min(aftrek, inkomen)
    besparing = box1_belasting(blad, inkomen) - box1_belasting(blad, inkomen - aftrek)
    if not tariefsaanpassing:
        return besparing
    deel_in_hoogste_schijf = min(aftrek, max(ZERO, inkomen - grens_hoogste_schijf(blad)))
    if deel_in_hoogste_schijf == ZERO:
        return besparing
    toptarief = getal_in(blad.tabel(SCHIJVEN)[-1], "tarief")
    aanpassing = (toptarief - blad.waarde(MAXIMAAL_AFTREKTARIEF)) * deel_in_hoogste_schijf
    return op_centen(besparing - aanpassing)
