"""Words that belong in an adviser's notes and never in a text a client reads.

A client who reads that a figure "comes from a public GitHub calculator" or "was not read" stops trusting the
amount. Research notes go to `toelichting` (for the firm); client texts say plainly what is not yet final. The
conversation layer checks its own texts against the same list.
"""

from __future__ import annotations

INTERNE_WOORDEN: tuple[str, ...] = (
    "github",
    "rekenhulp",
    "nagelezen",
    "niet gevonden",
    "niet gelezen",
    "kennisbank",
    "tax-facts",
)
"""Lower case; a text contains one when its lower-cased form contains it."""


def interne_woorden_in(tekst: str) -> tuple[str, ...]:
    """The internal words `tekst` contains, in the order of `INTERNE_WOORDEN` (empty: fit for a client)."""
    klein = tekst.lower()
    return tuple(woord for woord in INTERNE_WOORDEN if woord in klein)
