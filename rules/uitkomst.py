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
class NettoEffect:
    """What the result means in euros for the person asking, in one sentence a client can read.

    `naam` is the output in `Uitkomst.waarden` that holds the amount (None: the effect may be nil, and `zin`
    says so); `aanname` is what it rests on (a tax rate, a bracket), said in the answer and changeable.
    """

    naam: str | None
    zin: str
    aanname: str = ""


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
    kern: tuple[str, ...] = ()
    """The one to three outputs that matter for the short answer, `hoofdwaarde` first (empty: just that one)."""
    netto: NettoEffect | None = None
    toelichting: tuple[str, ...] = ()
    """Notes for the firm's advisers (research behind uncertain figures); never shown to a client."""

    def __post_init__(self) -> None:
        if set(self.waarden) != set(self.soorten):
            raise ValueError("every output needs a soort, and every soort an output")
        if self.hoofdwaarde not in self.waarden:
            raise ValueError(f"hoofdwaarde {self.hoofdwaarde!r} is not an output")
        onbekend = [naam for naam in self.kern if naam not in self.waarden]
        if self.netto is not None and self.netto.naam is not None and self.netto.naam not in self.waarden:
            onbekend.append(self.netto.naam)
        if onbekend:
            raise ValueError(f"kern/netto name outputs that do not exist: {onbekend}")
