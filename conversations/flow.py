"""How a topic's questions are declared: as values, so they can be read, diffed, listed and drawn.

A `Flow` is an ordered tuple of `Vraag`. The engine always asks the first question whose `alleen_als`
predicate holds and that has no answer yet, so skipping what earlier answers make irrelevant is declared
here as a named predicate, and changing one answer from the summary re-asks exactly what became relevant.
Branching needs no expression language: a predicate is a named pure function over the answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Antwoorden = Mapping[str, Any]
Predicaat = Callable[[Antwoorden], bool]

Soort = Literal["bedrag", "jaar", "datum", "janee", "keuze", "getal", "percentage", "tekst", "telefoon", "email"]


@dataclass(frozen=True)
class Keuze:
    waarde: Any
    label: str


@dataclass(frozen=True)
class WeetIkNiet:
    """What 'weet ik niet' means for a question: the value assumed and the sentence that says so."""

    waarde: Any
    aanname: str


@dataclass(frozen=True)
class Vraag:
    id: str
    tekst: str
    waarom: str
    soort: Soort
    keuzes: tuple[Keuze, ...] = ()
    alleen_als: str | None = None
    """Name of a predicate in the flow's `predicaten`; the question is asked only when it holds."""
    weet_ik_niet: WeetIkNiet | None = None
    minimum: int = 0
    maximum: int | None = None
    eenheid: str = ""
    """For `getal`: the unit users may type after the number ("uur", "jaar", "maanden")."""
    samenvatting: str = ""
    """Short label in the summary; defaults to the question id."""
    veld: str | None = None
    """The calculator input this answer fills; None when the flow's `invoer` function builds it."""

    @property
    def label(self) -> str:
        return self.samenvatting or self.id.replace("_", " ")


@dataclass(frozen=True)
class Standaard:
    """An input the flow does not ask but assumes out loud; the user can change it from the summary."""

    veld: str
    waarde: Any
    aanname: str
    vraag: Vraag
    alleen_als: str | None = None
    """Name of a predicate in the flow's `predicaten`; the default (and its assumption) applies only then."""


@dataclass(frozen=True)
class WatAls:
    """A what-if offered after the answer: the same calculation for other values of one input field."""

    id: str
    label: str
    veld: str
    waarden: Callable[[Mapping[str, Any]], tuple[Any, ...]]
    """Given the calculator input, the values to compare (the first is usually the user's own)."""
    alleen_als: Callable[[Mapping[str, Any]], bool] = field(default=lambda _invoer: True)
    spreid_jaren: int | None = None
    """Instead of values: compare doing it all in one year with `veld`'s amounts spread over this many years."""


def vorig_jaar(alleen_als: Callable[[Mapping[str, Any]], bool] = lambda _invoer: True) -> WatAls:
    """The what-if most topics offer: the same answers one year earlier."""
    return WatAls(
        id="vorig_jaar",
        label="Vergelijk met vorig jaar",
        veld="jaar",
        waarden=lambda invoer: (invoer["jaar"], invoer["jaar"] - 1),
        alleen_als=alleen_als,
    )


@dataclass(frozen=True)
class Flow:
    onderwerp: str
    """The rules calculator this flow ends in."""
    titel: str
    intro: str
    vragen: tuple[Vraag, ...]
    invoer: Callable[[Antwoorden], dict[str, Any]]
    """Turns the answers into the calculator's input."""
    predicaten: Mapping[str, Predicaat] = field(default_factory=dict)
    standaarden: tuple[Standaard, ...] = ()
    wat_als: tuple[WatAls, ...] = ()
    trefwoorden: tuple[str, ...] = ()
    """Words in a free-text question that point to this topic (lower case, without accents)."""
    aannames: Callable[[Antwoorden], tuple[str, ...]] = field(default=lambda _antwoorden: ())
    """Assumptions that depend on the answers, said in the answer next to the calculator's own."""
    vragen_jaar: bool = False
    """False: the year is a default said out loud and changeable ('jaar 2025'); True: asked as a question."""

    def vraag(self, vraag_id: str) -> Vraag:
        for vraag in (*self.vragen, *(s.vraag for s in self.standaarden)):
            if vraag.id == vraag_id:
                return vraag
        raise KeyError(vraag_id)

    def is_relevant(self, vraag: Vraag, antwoorden: Antwoorden) -> bool:
        return vraag.alleen_als is None or self.predicaten[vraag.alleen_als](antwoorden)

    def volgende_vraag(self, antwoorden: Antwoorden) -> Vraag | None:
        """The first relevant question without an answer, or None when the calculation can run."""
        for vraag in self.vragen:
            if vraag.id not in antwoorden and self.is_relevant(vraag, antwoorden):
                return vraag
        return None

    def geldende_standaarden(self, antwoorden: Antwoorden) -> tuple[Standaard, ...]:
        """The defaults that apply to these answers (a user's own answer from the summary replaces one)."""
        return tuple(
            standaard
            for standaard in self.standaarden
            if standaard.alleen_als is None or self.predicaten[standaard.alleen_als](antwoorden)
        )

    def relevante_antwoorden(self, antwoorden: Antwoorden) -> dict[str, Any]:
        """Only the answers of questions that are still relevant: a changed answer can make others moot."""
        return {
            vraag.id: antwoorden[vraag.id]
            for vraag in self.vragen
            if vraag.id in antwoorden and self.is_relevant(vraag, antwoorden)
        }
