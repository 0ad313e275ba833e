"""The conversation state: a stack of flow frames, one small frozen JSON-serialisable value.

The bottom of the stack is what the user came for (a topic, or the adviser when the bot could not help); a
frame above it is a sub-flow that returns there when it ends (the adviser funnel, a reminder question, the
/vergeet confirmation), as aiogram-dialog's sub-dialogs do. An empty stack is the topic menu.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal

Stap = Literal["vraag", "samenvatting", "uitkomst"]
Herkomst = Literal["bericht", "aangenomen"]
"""Where an answer came from when not typed as the answer to its question: read from a message that was about
something else ("uit uw bericht"), or assumed ("weet ik niet", a default)."""

STATE_VERSION = 2
JAAR_ANTWOORD = "_jaar"
"""The frame's year, kept among the answers too, so a flow's predicates can see the year asked about."""


@dataclass(frozen=True)
class Wacht:
    """An answer held back until the user confirms it: two readings to pick from, or an unlikely value."""

    soort: Literal["dubbelzinnig", "controle"]
    vraag: str
    lezingen: tuple[Any, ...]
    aanname: str | None = None


@dataclass(frozen=True)
class Frame:
    flow: str
    stap: Stap = "vraag"
    vraag: str | None = None
    jaar: int | None = None
    antwoorden: Mapping[str, Any] = field(default_factory=dict)
    """Answers as JSON values the calculators accept: amounts as decimal strings, dates as ISO strings."""
    herkomst: Mapping[str, Herkomst] = field(default_factory=dict)
    geschiedenis: tuple[str, ...] = ()
    """Question ids in the order they were answered, so 'terug' can walk back."""
    suggesties: Mapping[str, Any] = field(default_factory=dict)
    """Answers taken back with 'terug' or opened from the summary, offered again."""
    aannames: Mapping[str, str] = field(default_factory=dict)
    """Per question: the assumption made for 'weet ik niet' or a lenient reading, said again in the answer."""
    notities: Mapping[str, str] = field(default_factory=dict)
    """Per question: what the user added to a short answer ("ja, mijn vrouw"), kept for the adviser."""
    wacht: Wacht | None = None
    start: Mapping[str, Any] = field(default_factory=dict)
    """What the flow was started with by its parent (the topic and calculation a lead is about, ...)."""
    onbegrepen: int = 0
    """Answers in a row to the question on screen that could not be read: from the second, the adviser is
    offered with the explanation, so trying again is never the only way on."""

    def met(self, **changes: Any) -> Frame:
        return replace(self, **changes)

    def met_jaar(self, jaar: int | None) -> Frame:
        antwoorden = {k: v for k, v in self.antwoorden.items() if k != JAAR_ANTWOORD}
        if jaar is not None:
            antwoorden[JAAR_ANTWOORD] = jaar
        return replace(self, jaar=jaar, antwoorden=antwoorden)


@dataclass(frozen=True)
class Gesprek:
    stapel: tuple[Frame, ...] = ()
    campagne: str | None = None
    """The campaign of the deep link the user came in by (`/start c_<campagne>`), kept for a lead."""
    eigen_vraag: str | None = None
    """The user's own words for a question the bot cannot calculate, carried into an adviser request."""

    @property
    def boven(self) -> Frame | None:
        return self.stapel[-1] if self.stapel else None

    @property
    def onderwerp_frame(self) -> Frame | None:
        """The topic the user is in, under any sub-flow."""
        return self.stapel[0] if self.stapel else None

    def met(self, **changes: Any) -> Gesprek:
        return replace(self, **changes)

    def vervang_boven(self, frame: Frame) -> Gesprek:
        return replace(self, stapel=(*self.stapel[:-1], frame))

    def push(self, frame: Frame) -> Gesprek:
        return replace(self, stapel=(*self.stapel, frame))

    def pop(self) -> Gesprek:
        return replace(self, stapel=self.stapel[:-1])

    # Storage ------------------------------------------------------------------------------------------
    def als_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"v": STATE_VERSION, "stapel": [_frame_dict(f) for f in self.stapel]}
        if self.campagne:
            data["campagne"] = self.campagne
        if self.eigen_vraag:
            data["eigen_vraag"] = self.eigen_vraag
        return data

    @classmethod
    def uit_dict(cls, data: Mapping[str, Any]) -> Gesprek:
        """Read a stored state; a version-1 state is migrated, anything unreadable starts afresh."""
        try:
            if data.get("v") == 1:
                return _van_versie_1(data)
            if data.get("v") != STATE_VERSION:
                return cls()
            return cls(
                stapel=tuple(_frame_uit(f) for f in data.get("stapel", ())),
                campagne=data.get("campagne"),
                eigen_vraag=data.get("eigen_vraag"),
            )
        except (TypeError, KeyError, ValueError, AttributeError):
            return cls()


def _frame_dict(frame: Frame) -> dict[str, Any]:
    """Only what differs from a fresh frame, so a stored state stays small (a few hundred bytes)."""
    data: dict[str, Any] = {"flow": frame.flow}
    leeg = Frame(flow=frame.flow)
    for veld in fields(frame):
        waarde = getattr(frame, veld.name)
        if veld.name == "flow" or waarde == getattr(leeg, veld.name):
            continue
        if isinstance(waarde, Wacht):
            data[veld.name] = {"soort": waarde.soort, "vraag": waarde.vraag, "lezingen": list(waarde.lezingen)} | (
                {"aanname": waarde.aanname} if waarde.aanname else {}
            )
        elif isinstance(waarde, tuple):
            data[veld.name] = list(waarde)
        elif isinstance(waarde, Mapping):
            data[veld.name] = dict(waarde)
        else:
            data[veld.name] = waarde
    return data


def _frame_uit(data: Mapping[str, Any]) -> Frame:
    wacht = data.get("wacht")
    return Frame(
        flow=str(data["flow"]),
        stap=data.get("stap", "vraag"),
        vraag=data.get("vraag"),
        jaar=data.get("jaar"),
        antwoorden=dict(data.get("antwoorden", {})),
        herkomst=dict(data.get("herkomst", {})),
        geschiedenis=tuple(data.get("geschiedenis", ())),
        suggesties=dict(data.get("suggesties", {})),
        aannames=dict(data.get("aannames", {})),
        notities=dict(data.get("notities", {})),
        wacht=Wacht(wacht["soort"], wacht["vraag"], tuple(wacht["lezingen"]), wacht.get("aanname")) if wacht else None,
        start=dict(data.get("start", {})),
        onbegrepen=int(data.get("onbegrepen", 0)),
    )


def _van_versie_1(data: Mapping[str, Any]) -> Gesprek:
    """Version 1 kept one topic with phase strings and `bij*` fields for the funnel and the reminder question.

    A topic becomes the bottom frame; a funnel or reminder question in progress becomes a frame above it
    (with its answers so far); an open ambiguity is kept as a pending answer.
    """
    campagne = data.get("campagne")
    onderwerp = data.get("onderwerp")
    fase = data.get("fase", "menu")
    stapel: list[Frame] = []
    if onderwerp:
        terug = data.get("terug_naar") if fase in {"adviseur", "herinnering"} else fase
        stap: Stap = {"klaar": "uitkomst", "samenvatting": "samenvatting"}.get(str(terug), "vraag")  # type: ignore[assignment]
        dubbel = data.get("dubbelzinnig")
        stapel.append(
            Frame(
                flow=str(onderwerp),
                stap=stap,
                vraag=data.get("vraag") if stap == "vraag" else None,
                antwoorden=dict(data.get("antwoorden", {})),
                geschiedenis=tuple(data.get("geschiedenis", ())),
                suggesties=dict(data.get("suggesties", {})),
                aannames=dict(data.get("aannames", {})),
                wacht=Wacht("dubbelzinnig", dubbel["vraag"], tuple(dubbel["lezingen"])) if dubbel else None,
            ).met_jaar(data.get("jaar"))
        )
    if fase in {"adviseur", "herinnering"} and data.get("bijvraag"):
        stapel.append(
            Frame(
                flow="adviseur" if fase == "adviseur" else "herinnering",
                vraag=data["bijvraag"],
                antwoorden=dict(data.get("bijantwoorden", {})),
                start={"onderwerp": onderwerp} if onderwerp else {},
            )
        )
    return Gesprek(stapel=tuple(stapel), campagne=campagne)
