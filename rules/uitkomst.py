"""The result every calculator returns: amounts, the steps, the sources, what is provisional, a verdict."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Soort = Literal["EUR", "procent", "aantal"]


@dataclass(frozen=True)
class Stap:
    omschrijving: str
    bedrag: Decimal | None = None


@dataclass(frozen=True)
class Bron:
    titel: str
    url: str


@dataclass(frozen=True)
class Uitkomst:
    """What a calculation found.

    `waarden` holds the named outputs (a public interface: names stay stable); `soorten` says for each whether
    it is an amount in euros, a percentage (stored as a fraction: 0.08 is 8%) or a plain count. `hoofdwaarde`
    names the output a reader wants first. A value of None means "not applicable for this input".
    """

    onderwerp: str
    jaar: int
    waarden: Mapping[str, Decimal | None]
    soorten: Mapping[str, Soort]
    hoofdwaarde: str
    conclusie: str
    stappen: tuple[Stap, ...] = ()
    bronnen: tuple[Bron, ...] = ()
    voorlopig: tuple[str, ...] = ()
    aannames: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if set(self.waarden) != set(self.soorten):
            raise ValueError("every output needs a soort, and every soort an output")
        if self.hoofdwaarde not in self.waarden:
            raise ValueError(f"hoofdwaarde {self.hoofdwaarde!r} is not an output")
