"""Rounding as the law and the Belastingdienst prescribe it; every calculator rounds through these."""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

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
