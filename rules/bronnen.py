"""Sources: which are primary, in what order a reader wants them, and which few to show.

A primary source states the law or the government's own figure: the statute on wetten.overheid.nl, the
Staatscourant and parliamentary papers, and the pages of the Belastingdienst, RVO and the Rijksoverheid. An
advisory firm's or a newspaper's page is secondary: it may stay as a second reference, never as the only one
when a primary one exists. The client sees at most a handful, primary first; the adviser gets them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from rules.uitkomst import Bron

MAXIMUM_GETOOND = 4
"""How many sources a short answer shows: enough for the rules that decided the amount, few enough to read."""

# Lower rank first. The statute says what the rule is; the Belastingdienst, RVO and Rijksoverheid explain it
# for a client; the Staatscourant and parliamentary papers are primary but harder to read.
_RANG_PER_DOMEIN: tuple[tuple[str, int], ...] = (
    ("wetten.overheid.nl", 0),
    ("belastingdienst.nl", 1),
    ("rvo.nl", 1),
    ("rijksoverheid.nl", 1),
    ("officielebekendmakingen.nl", 2),
    ("tweedekamer.nl", 3),
    ("eerstekamer.nl", 3),
    ("rijksfinancien.nl", 3),
)
_SECUNDAIR = 9


def rang(url: str) -> int:
    """0–3 for a primary source (statute first), 9 for a secondary one."""
    host = (urlsplit(url).hostname or "").lower()
    for domein, waarde in _RANG_PER_DOMEIN:
        if host == domein or host.endswith("." + domein):
            return waarde
    return _SECUNDAIR


def is_primair(url: str) -> bool:
    return rang(url) < _SECUNDAIR


def primair_eerst(bronnen: Iterable[Bron]) -> tuple[Bron, ...]:
    """The sources in a stable order: primary ones first (statute, then official pages), then the rest."""
    return tuple(sorted(bronnen, key=lambda bron: rang(bron.url)))


def toon_bronnen(bronnen: Sequence[Bron], maximum: int = MAXIMUM_GETOOND) -> tuple[Bron, ...]:
    """The (at most `maximum`) sources to show a client: primary ones first, secondary ones only if none is.

    Secondary pages are kept for the adviser in `Uitkomst.bronnen`; showing one next to the statute would only
    make the client wonder which of the two to believe.
    """
    geordend = primair_eerst(bronnen)
    primair = [bron for bron in geordend if is_primair(bron.url)]
    return tuple((primair or list(geordend))[:maximum])
