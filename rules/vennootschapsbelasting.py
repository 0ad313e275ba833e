"""Vennootschapsbelasting for indicative effects: what a deduction saves a bv."""

from __future__ import annotations

from decimal import Decimal

from rules.afronding import op_centen
from rules.rekenblad import Rekenblad, getal_in

TARIEVEN = "vennootschapsbelasting/tarieven"
ZERO = Decimal(0)


def vennootschapsbelasting(blad: Rekenblad, belastbare_winst: Decimal) -> Decimal:
    """Art. 22 Wet Vpb 1969: the tax on a bv's taxable profit, bracket by bracket."""
    tabel = blad.tabel(TARIEVEN)
    belasting = ZERO
    for index, rij in enumerate(tabel):
        ondergrens = getal_in(rij, "ondergrens")
        bovengrens = belastbare_winst
        if index + 1 < len(tabel):
            bovengrens = min(belastbare_winst, getal_in(tabel[index + 1], "ondergrens"))
        if bovengrens > ondergrens:
            belasting += (bovengrens - ondergrens) * getal_in(rij, "tarief")
    return op_centen(belasting)


def laagste_tarief(blad: Rekenblad) -> tuple[Decimal, Decimal]:
    """(rate, upper limit) of the lowest Vpb bracket: the rate of a bv whose profit stays below that limit."""
    tabel = blad.tabel(TARIEVEN)
    return getal_in(tabel[0], "tarief"), getal_in(tabel[1], "ondergrens")
