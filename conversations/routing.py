"""Free text to topics: which flows does a question like "bijtelling tesla" mean?"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from conversations.flow import Flow

MAX_SUGGESTIES = 3


def _woorden(tekst: str) -> str:
    zonder_accenten = unicodedata.normalize("NFKD", tekst.casefold())
    return "".join(c if c.isalnum() else " " for c in zonder_accenten if not unicodedata.combining(c))


def kies_onderwerpen(tekst: str, flows: Iterable[Flow]) -> list[str]:
    """The topics whose keywords occur in `tekst`, best match first; at most three."""
    woorden = f" {' '.join(_woorden(tekst).split())} "
    scores: list[tuple[int, int, str]] = []
    for volgorde, flow in enumerate(flows):
        score = sum(1 for trefwoord in flow.trefwoorden if f" {trefwoord}" in woorden)
        if score:
            scores.append((-score, volgorde, flow.onderwerp))
    return [onderwerp for _, _, onderwerp in sorted(scores)[:MAX_SUGGESTIES]]
