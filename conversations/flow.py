"""How a conversation is declared: as values, so it can be read, diffed, listed and drawn.

A `Flow` is an ordered tuple of `Vraag`. The engine always asks the first question whose `alleen_als`
predicate holds and that has no answer yet, so skipping what earlier answers make irrelevant is declared
here as a named predicate, and changing one answer from the summary re-asks exactly what became relevant.
Branching needs no expression language: a predicate is a named pure function over the answers.

Every conversation is a flow: a tax topic (which ends in a calculation), the adviser funnel, a reminder
question, the /vergeet confirmation. A flow that is not a topic ends in its `einde` function, which returns
the replies and the actions; the engine then returns to the flow below it on the stack.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from conversations.acties import Actie
from conversations.kantoor import Kantoor
from conversations.replies import Bericht
from conversations.state import Frame, Gesprek

Antwoorden = Mapping[str, Any]
Predicaat = Callable[[Antwoorden], bool]

Soort = Literal["bedrag", "jaar", "datum", "janee", "keuze", "getal", "percentage", "tekst", "telefoon", "email"]
OPEN_SOORTEN: frozenset[Soort] = frozenset(
    {"bedrag", "jaar", "datum", "getal", "percentage", "tekst", "telefoon", "email"}
)
"""Kinds answered by typing: their buttons (such as 'Weet ik niet') are extras, and a typed number is a value."""


@dataclass(frozen=True)
class Keuze:
    waarde: Any
    label: str
    synoniemen: tuple[str, ...] = ()
    """Other words people use for this option (lower case, without accents); also recognised in a message
    about something else, so keep them unambiguous within the flow."""
    kanaal: str | None = None
    """Offered only in this channel ('telegram': "contact via Telegram" means nothing on the web)."""


@dataclass(frozen=True)
class WeetIkNiet:
    """What 'weet ik niet' means for a question: the value assumed and the sentence that says so.

    An optional question names its escape differently ('Geen vraag'): `label` is the button, `ook` the other
    words that mean the same when typed.
    """

    waarde: Any
    aanname: str
    label: str = "Weet ik niet"
    ook: tuple[str, ...] = ()


@dataclass(frozen=True)
class Herkenning:
    """Words in a message that answer this question (for yes/no questions), e.g. 'geen anbi' → False; or,
    with `vorm`, something the message holds (a phone number answers 'how to reach you' with 'telefoon')."""

    woorden: tuple[str, ...]
    waarde: Any
    vorm: Callable[[str], bool] | None = None


@dataclass(frozen=True)
class Plausibel:
    """The range within which an amount is believable; outside it the user is asked to confirm it."""

    minimum: Decimal | None = None
    maximum: Decimal | None = None


@dataclass(frozen=True)
class Vraag:
    id: str
    tekst: str
    """May name the firm's details as {kantoor}, {privacy_url} and {bewaartermijn_dagen}."""
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
    voorwoorden: tuple[str, ...] = ()
    """For `getal`: words right before the number that say it answers this question ("ik ben" 28)."""
    samenvatting: str = ""
    """Short label in the summary; defaults to the question id."""
    veld: str | None = None
    """The calculator input this answer fills; None when the flow's `invoer` function builds it."""
    trefwoorden: tuple[str, ...] = ()
    """For amounts and dates: words that tie a number in a message about something else to this question
    ("contributie", "woz"); without one nearby, a number is never taken for this question."""
    herkenning: tuple[Herkenning, ...] = ()
    per_jaar: bool = False
    """An amount per year: 'per maand' is converted (and said back)."""
    plausibel: Plausibel | None = None
    in_het_verleden: bool = False
    """A date that cannot lie after today."""
    ook_vrije_tekst: bool = False
    """A choice that also takes free text ("dinsdagochtend" for the moment to call)."""
    hoofdbedrag: bool = False
    """The topic's main amount: one clear amount ("51k", "€ 385") in a first message without other words tying
    it to a question is taken for this one."""
    optelbaar: bool = False
    """A total: several amounts in one message tied to it are added up (and the sum is said back)."""

    @property
    def label(self) -> str:
        return self.samenvatting or self.id.replace("_", " ")

    @property
    def open(self) -> bool:
        return self.soort in OPEN_SOORTEN


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
class Controle:
    """A check across answers (a part larger than its whole): when `klopt` fails the answer is asked again."""

    vraag: str
    klopt: Callable[[Antwoorden], bool]
    uitleg: Callable[[Antwoorden], str]


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
    op: str | None = None
    """The output whose difference the comparison states, to compare like with like (a car's yearly
    equivalent, not ten months against twelve); None: the main output."""


def vorig_jaar(alleen_als: Callable[[Mapping[str, Any]], bool] = lambda _invoer: True, op: str | None = None) -> WatAls:
    """The what-if most topics offer: the same answers one year earlier."""
    return WatAls(
        id="vorig_jaar",
        label="Vergelijk met vorig jaar",
        veld="jaar",
        waarden=lambda invoer: (invoer["jaar"], invoer["jaar"] - 1),
        alleen_als=alleen_als,
        op=op,
    )


JAAR_VRAAG = Vraag(
    id="jaar",
    tekst="Over welk jaar wilt u het weten? Typ het jaartal, bijvoorbeeld 2026.",
    waarom="De tarieven en grenzen verschillen per jaar.",
    soort="jaar",
    samenvatting="jaar",
)
"""Asked only when the year a topic assumed cannot be calculated; otherwise the year is said and changeable."""


@dataclass(frozen=True)
class Afronding:
    """What a flow's `einde` gets: its own frame (answers, start data), the whole conversation, today and the
    firm."""

    frame: Frame
    gesprek: Gesprek
    vandaag: dt.date
    kantoor: Kantoor


@dataclass(frozen=True)
class Afloop:
    """How a flow ends: what to say, what the shell must do, and whether the whole conversation is wiped."""

    berichten: tuple[Bericht, ...]
    acties: tuple[Actie, ...] = ()
    wis_alles: bool = False


@dataclass(frozen=True)
class Flow:
    id: str
    titel: str
    vragen: tuple[Vraag, ...]
    intro: str = ""
    onderwerp: str | None = None
    """The rules calculator a topic flow ends in; None for the funnel and the other sub-flows."""
    invoer: Callable[[Antwoorden], dict[str, Any]] = field(default=lambda _antwoorden: {})
    """Turns the answers into the calculator's input."""
    einde: Callable[[Afronding], Afloop] | None = None
    """How a flow that is not a topic ends, once every relevant question is answered."""
    afgebroken: str = "Goed, we laten dit even rusten."
    """What a sub-flow says when the user stops it before the end."""
    predicaten: Mapping[str, Predicaat] = field(default_factory=dict)
    standaarden: tuple[Standaard, ...] = ()
    controles: tuple[Controle, ...] = ()
    wat_als: tuple[WatAls, ...] = ()
    trefwoorden: tuple[str, ...] = ()
    """Words in a free-text question that point to this topic (lower case, without accents)."""
    aannames: Callable[[Antwoorden], tuple[str, ...]] = field(default=lambda _antwoorden: ())
    """Assumptions that depend on the answers, said in the answer next to the calculator's own."""
    tekstvelden: Callable[[Antwoorden], Mapping[str, str]] = field(default=lambda _antwoorden: {})
    """Words a question text fills in from earlier answers ("{samen}": only with a fiscal partner)."""

    def vraag(self, vraag_id: str) -> Vraag:
        if vraag_id == JAAR_VRAAG.id and self.onderwerp is not None:
            return JAAR_VRAAG
        for vraag in self.alle_vragen:
            if vraag.id == vraag_id:
                return vraag
        raise KeyError(vraag_id)

    @property
    def alle_vragen(self) -> tuple[Vraag, ...]:
        """The questions and the questions behind the defaults (asked only from the summary)."""
        return (*self.vragen, *(s.vraag for s in self.standaarden))

    def is_relevant(self, vraag: Vraag, antwoorden: Antwoorden) -> bool:
        return vraag.alleen_als is None or self.predicaten[vraag.alleen_als](antwoorden)

    def volgende_vraag(self, antwoorden: Antwoorden) -> Vraag | None:
        """The first relevant question without an answer, or None when the flow can end."""
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
