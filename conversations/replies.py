"""What the engine says: messages with optional buttons, in plain text with one kind of emphasis.

Emphasis (the amounts that matter) is marked with two control characters that no user can type into a
channel (the engine strips control characters from input), so a renderer can escape the whole text for its
medium and turn only these marks into bold: HTML for Telegram and the web, nothing in the terminal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TELEGRAM_LIMIT = 4096
VET_BEGIN = "\x02"
VET_EINDE = "\x03"


def vet(tekst: str) -> str:
    """`tekst` shown in bold wherever the channel can."""
    return f"{VET_BEGIN}{tekst}{VET_EINDE}"


# "€ 417,60" must not break after the euro sign on a narrow screen.
_EURO_SPATIE = re.compile(r"€ (?=[-0-9])")


def stukken(tekst: str) -> list[tuple[str, bool]]:
    """The text as (piece, bold) pairs, for a renderer; an unclosed mark runs to the end. An amount keeps its
    euro sign on its line (a non-breaking space)."""
    delen: list[tuple[str, bool]] = []
    rest = _EURO_SPATIE.sub("€\xa0", tekst)
    while rest:
        begin = rest.find(VET_BEGIN)
        if begin < 0:
            delen.append((rest, False))
            break
        if begin:
            delen.append((rest[:begin], False))
        rest = rest[begin + 1 :]
        einde = rest.find(VET_EINDE)
        binnen, rest = (rest, "") if einde < 0 else (rest[:einde], rest[einde + 1 :])
        if binnen:
            delen.append((binnen, True))
    return [(deel.replace(VET_EINDE, ""), is_vet) for deel, is_vet in delen if deel.replace(VET_EINDE, "")]


def zonder_opmaak(tekst: str) -> str:
    """The text as a plain channel (the terminal, a log of the transcript) shows it."""
    return tekst.replace(VET_BEGIN, "").replace(VET_EINDE, "")


@dataclass(frozen=True)
class Knop:
    label: str
    data: str
    """What pressing sends back: `<token>|<answer>`; the token ties the button to its question."""


@dataclass(frozen=True)
class Bericht:
    tekst: str
    knoppen: tuple[Knop, ...] = ()
    vraag: str | None = None
    """The question id this message asks, so the shell can edit it to show the chosen answer."""
    open: bool = False
    """The question is answered by typing (an amount, a date, a name): a typed number is a value, never a
    button, so a channel that numbers its buttons (the terminal) must label them otherwise."""


def knop(token: str, label: str, antwoord: str) -> Knop:
    return Knop(label=label, data=f"{token}|{antwoord}")


def splits(tekst: str, limiet: int = TELEGRAM_LIMIT) -> list[str]:
    """Split a long text at paragraph, then line, then hard boundaries so each part fits in one message."""
    if len(tekst) <= limiet:
        return [tekst]
    delen: list[str] = []
    huidig = ""
    for regel in tekst.split("\n"):
        while len(regel) > limiet:
            if huidig:
                delen.append(huidig)
                huidig = ""
            delen.append(regel[:limiet])
            regel = regel[limiet:]
        kandidaat = f"{huidig}\n{regel}" if huidig else regel
        if len(kandidaat) > limiet:
            delen.append(huidig)
            huidig = regel
        else:
            huidig = kandidaat
    if huidig:
        delen.append(huidig)
    return [deel for deel in delen if deel.strip()]
