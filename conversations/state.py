"""The conversation state: one small, frozen, JSON-serialisable value the shell can store anywhere."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

Fase = Literal["menu", "vraag", "samenvatting", "klaar"]
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

    def met(self, **changes: Any) -> Sessie:
        return replace(self, **changes)

    def als_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["v"] = STATE_VERSION
        data["geschiedenis"] = list(self.geschiedenis)
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
            )
        except (TypeError, KeyError):
            return cls()
