"""Free text to a topic: which flow does "bijtelling tesla" or "laptop gekocht, aftrekbaar?" mean?

Each topic lists the words of the field (`Flow.trefwoorden`: synonyms, abbreviations, common phrases, a few
English ones). A message scores per topic by the phrases it contains; a misspelt long word still counts
through rapidfuzz. A greeting gets the menu, and a message that names no topic is 'overig': the shell offers
an adviser instead of a dead end.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

from conversations.flow import Flow

MAX_SUGGESTIES = 3
# A misspelling ("bijteling", "overdrachtsbelastng") scores above this against its word; different words of
# similar length ("investering" / "inkomsten") score well below it.
FUZZY_CUTOFF = 86
FUZZY_MIN_LENGTH = 6
# A topic must lead by this much to be chosen outright; closer scores are offered side by side.
VOORSPRONG = 0.5

GROETEN = frozenset(
    [
        "hoi",
        "hallo",
        "hey",
        "hi",
        "hello",
        "hoe",
        "gaat",
        "het",
        "goedemorgen",
        "goedemiddag",
        "goedenavond",
        "goeiemorgen",
        "goeiemiddag",
        "dag",
        "daar",
        "beste",
        "yo",
        "hee",
        "heey",
        "hai",
        "morgen",
        "middag",
        "avond",
        "allen",
        "bot",
        "iemand",
        "help",
        "hulp",
        "wat",
        "kun",
        "je",
        "kan",
        "je",
        "doen",
        "jij",
        "u",
        "welke",
        "vragen",
        "onderwerpen",
        "start",
        "begin",
        "menu",
        "good",
        "morning",
        "please",
    ]
)


def woorden(tekst: str) -> str:
    """Lower case, without accents, letters and digits separated by single spaces ('S&O' → 's o')."""
    zonder_accenten = unicodedata.normalize("NFKD", tekst.casefold())
    kaal = "".join(c if c.isalnum() else " " for c in zonder_accenten if not unicodedata.combining(c))
    return " ".join(kaal.split())


@dataclass(frozen=True)
class Route:
    onderwerpen: tuple[str, ...]
    """Best first; empty when no topic was recognised."""
    groet: bool = False


@cache
def _trefwoorden(trefwoorden: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    """Each phrase with its weight: a phrase of more words is more telling than one word."""
    return tuple((woorden(t), 1.0 + 0.5 * (len(woorden(t).split()) - 1)) for t in trefwoorden)


def _score(tekst: str, flow: Flow) -> float:
    bericht = f" {tekst} "
    berichtwoorden = [w for w in tekst.split() if len(w) >= FUZZY_MIN_LENGTH - 1]
    score = 0.0
    for trefwoord, gewicht in _trefwoorden(flow.trefwoorden):
        if f" {trefwoord} " in bericht or (len(trefwoord) >= 5 and f" {trefwoord}" in bericht):
            score += gewicht
        elif " " not in trefwoord and len(trefwoord) >= FUZZY_MIN_LENGTH and berichtwoorden:
            beste = max(fuzz.ratio(trefwoord, woord) for woord in berichtwoorden)
            if beste >= FUZZY_CUTOFF:
                score += gewicht * 0.8
    return score


def route(tekst: str, flows: Iterable[Flow]) -> Route:
    kaal = woorden(tekst)
    scores = sorted(((-_score(kaal, flow), volgorde, flow.id) for volgorde, flow in enumerate(flows)))
    gevonden = [(-score, onderwerp) for score, _, onderwerp in scores if score < 0]
    if gevonden:
        beste = gevonden[0][0]
        dichtbij = tuple(o for s, o in gevonden if s > beste - VOORSPRONG)[:MAX_SUGGESTIES]
        return Route(onderwerpen=dichtbij)
    return Route(onderwerpen=(), groet=is_groet(kaal))


def is_groet(kaal: str) -> bool:
    """Only greeting words (or nothing but an emoji): say hello and show the menu. Digits alone are not."""
    if re.search(r"[0-9]", kaal):
        return False
    tokens = re.findall(r"[a-z]+", kaal)
    return not tokens or all(token in GROETEN for token in tokens)


_ENGELSE_WOORDEN = (
    "the and what how much do does can could is are my i you your tax taxes with for have need help please "
    "would about which when where company car income"
)
ENGELS = frozenset(_ENGELSE_WOORDEN.split())


def is_engels(tekst: str) -> bool:
    """Mostly English words: the bot answers in Dutch, and says so once."""
    tokens = re.findall(r"[a-z]+", woorden(tekst))
    return len(tokens) >= 3 and sum(token in ENGELS for token in tokens) >= len(tokens) / 2
