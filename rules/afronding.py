"""Rounding as the law and the Belastingdienst prescribe it; every calculator, and the command line, rounds through
these, so one amount is never rounded two ways."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
EURO = Decimal("1")


def op_centen(bedrag: Decimal) -> Decimal:
    """Commercial rounding to whole cents, for amounts the law does not round itself (indications)."""
    return bedrag.quantize(CENT, rounding=ROUND_HALF_UP)


def naar_beneden_op_hele_euros(bedrag: Decimal) -> Decimal:
    """Round down to whole euros, in the taxpayer's favour.

    The Belastingdienst rounds the 'voordeel uit sparen en beleggen' (box 3) down to whole euros in its own
    worked examples (2023: € 150.000 spaargeld, no partner → € 855; 2026 parameters → € 1.160). The exact
    article is not cited here because no primary text of it was read; the examples are the source.
    """
    return bedrag.quantize(EURO, rounding=ROUND_FLOOR)


def op_hele_euros(bedrag: Decimal) -> Decimal:
    """Commercial rounding to whole euros, for presenting indicative tax effects."""
    return bedrag.quantize(EURO, rounding=ROUND_HALF_UP)


def naar_beneden_op_centen(bedrag: Decimal) -> Decimal:
    """Round down to whole cents: an equal share that never adds up to more than the whole it came from."""
    return bedrag.quantize(CENT, rounding=ROUND_DOWN)


HONDERDSTE_PROCENT = Decimal("0.0001")


def op_honderdste_procent(fractie: Decimal) -> Decimal:
    """A fraction to two decimals of a percent (0.20072 → 0.2007, shown as 20,07%), rounded half up."""
    return fractie.quantize(HONDERDSTE_PROCENT, rounding=ROUND_HALF_UP)
