"""Vennootschapsbelasting for indicative effects: what a deduction saves a bv."""

from __future__ import annotations

from decimal import Decimal

from rules.afronding import op_centen
from rules.rekenblad import Rekenblad, getal_in, over_schijven

TARIEVEN = "vennootschapsbelasting/tarieven"


def vennootschapsbelasting(blad: Rekenblad, belastbare_winst: Decimal) -> Decimal:
    """Art. 22 Wet Vpb 1969: the tax on a bv's taxable profit, bracket by bracket."""
    return op_centen(over_schijven(blad.tabel(TARIEVEN), belastbare_winst))


def laagste_tarief(blad: Rekenblad) -> tuple[Decimal, Decimal]:
    """(rate, upper limit) of the lowest Vpb bracket: the rate of a bv whose profit stays below that limit."""
    tabel = blad.tabel(TARIEVEN)
    return getal_in(tabel[0], "tarief"), getal_in(tabel[1], "ondergrens")
