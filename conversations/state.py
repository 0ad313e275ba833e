"""The conversation state: one small, frozen, JSON-serialisable value the shell can store anywhere."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

Fase = Literal["menu", "vraag", "samenvatting", "klaar", "adviseur", "herinnering"]
STATE_VERSION = 1


@dataclass(frozen=True)
class Dubbelzinnig:
    """An answer that can be read two ways; the next input picks one of `lezingen`."""

    vraag: str
    lezingen: tuple[Any, ...]


@dataclass(frozen=True)
class Sessie:
    fase: Fase = "menu"
    onderwerp: str | None = None
    vraag: str | None = None
    jaar: int | None = None
    antwoorden: Mapping[str, Any] = field(default_factory=dict)
    """Answers as JSON values the calculators accept: amounts as decimal strings, dates as ISO strings."""
    geschiedenis: tuple[str, ...] = ()
    """Question ids in the order they were answered, so 'terug' can walk back."""
    suggesties: Mapping[str, Any] = field(default_factory=dict)
    """Answers taken back with 'terug', offered again as a suggestion."""
    aannames: Mapping[str, str] = field(default_factory=dict)
    """Per question: the assumption made for 'weet ik niet' or a lenient reading, said again in the answer."""
    dubbelzinnig: Dubbelzinnig | None = None
    campagne: str | None = None
    """The campaign of the deep link the user came in by (`/start c_<campagne>`), kept for the lead."""
    bijvraag: str | None = None
    """In the adviser funnel or a reminder question: the id of the question being asked."""
    bijantwoorden: Mapping[str, Any] = field(default_factory=dict)
    terug_naar: Fase | None = None
    """The phase to return to after the funnel or the reminder question."""
    acties: tuple[Mapping[str, Any], ...] = ()
    """Actions for the shell to carry out with this turn (store a lead, a reminder, a funnel event); the shell
    executes them in the transaction that writes the state and stores the state without them."""

    def met(self, **changes: Any) -> Sessie:
        return replace(self, **changes)

    def als_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["v"] = STATE_VERSION
        data["geschiedenis"] = list(self.geschiedenis)
        data["acties"] = [dict(actie) for actie in self.acties]
        if self.dubbelzinnig is not None:
            data["dubbelzinnig"] = {
                "vraag": self.dubbelzinnig.vraag,
                "lezingen": list(self.dubbelzinnig.lezingen),
            }
        return {key: value for key, value in data.items() if value not in (None, {}, [])}

    @classmethod
    def uit_dict(cls, data: Mapping[str, Any]) -> Sessie:
        """Read a stored state; anything unreadable (an older format) starts afresh rather than crash."""
        if data.get("v") != STATE_VERSION:
            return cls()
        dubbel = data.get("dubbelzinnig")
        try:
            return cls(
                fase=data.get("fase", "menu"),
                onderwerp=data.get("onderwerp"),
                vraag=data.get("vraag"),
                jaar=data.get("jaar"),
                antwoorden=dict(data.get("antwoorden", {})),
                geschiedenis=tuple(data.get("geschiedenis", ())),
                suggesties=dict(data.get("suggesties", {})),
                aannames=dict(data.get("aannames", {})),
                dubbelzinnig=Dubbelzinnig(dubbel["vraag"], tuple(dubbel["lezingen"])) if dubbel else None,
                campagne=data.get("campagne"),
                bijvraag=data.get("bijvraag"),
                bijantwoorden=dict(data.get("bijantwoorden", {})),
                terug_naar=data.get("terug_naar"),
                acties=tuple(dict(actie) for actie in data.get("acties", ())),
            )
        except (TypeError, KeyError):
            return cls()
