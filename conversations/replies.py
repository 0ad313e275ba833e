"""What the engine says: messages with optional buttons. Plain text, so Telegram can never misparse it."""

from __future__ import annotations

from dataclasses import dataclass

TELEGRAM_LIMIT = 4096


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
