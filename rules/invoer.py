"""Input validation for the calculators: shared field types and Dutch error sentences that name the field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

# A machinery limit, not a tax figure: it keeps absurd input (1e300) out of the arithmetic.
_GROOTSTE_BEDRAG = Decimal("1000000000000")

Bedrag = Annotated[Decimal, Field(ge=0, le=_GROOTSTE_BEDRAG, allow_inf_nan=False)]
"""A non-negative amount in euros."""

Jaar = Annotated[int, Field(ge=1900, le=2100)]
"""A calendar year; whether the rules know it is decided by the parameter files, not here."""


class Invoer(BaseModel):
    """Base of every calculator's input: unknown fields are refused, values never change after validation."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)

    jaar: Jaar


T = TypeVar("T", bound="Invoer")


class OngeldigeInvoer(ValueError):
    """Input the calculator cannot use; `str()` is one Dutch sentence that names the field."""

    def __init__(self, veld: str, melding: str) -> None:
        self.veld, self.melding = veld, melding
        super().__init__(f"Ongeldige invoer voor '{veld}': {melding}.")


class JaarNietBerekenbaar(OngeldigeInvoer):
    """A year the rules cannot compute (yet): not a mistake of the user, so `str()` does not call it invalid.

    `melding` is the Dutch sentence without its full stop, e.g. "Voor 2027 zijn nog niet alle bedragen
    bekend: de tabel van de KIA voor 2027 is nog niet bekend" or "2023 en eerder reken ik niet uit".
    """

    def __init__(self, melding: str) -> None:
        super().__init__("jaar", melding)
        self.args = (f"{melding}.",)

    def __str__(self) -> str:
        return f"{self.melding}."


def melding(error: Mapping[str, Any]) -> str:
    """One pydantic error (an item of `ValidationError.errors()`) as a Dutch clause without the field name."""
    kind: str = error["type"]
    context: dict[str, Any] = error.get("ctx") or {}
    if kind == "missing":
        return "dit veld ontbreekt"
    if kind == "extra_forbidden":
        return "dit veld kent de berekening niet"
    if kind in {"greater_than_equal", "greater_than"}:
        grens = context.get("ge", context.get("gt"))
        return "de waarde mag niet negatief zijn" if grens == 0 else f"de waarde moet minstens {grens} zijn"
    if kind in {"less_than_equal", "less_than"}:
        return f"de waarde mag hoogstens {context.get('le', context.get('lt'))} zijn"
    if kind in {
        "decimal_parsing",
        "decimal_type",
        "int_parsing",
        "int_type",
        "int_from_float",
        "finite_number",
    }:
        return "verwacht een getal, bijvoorbeeld 45000 of 45000.50"
    if kind in {"bool_parsing", "bool_type"}:
        return "verwacht true of false"
    if kind in {"literal_error", "enum"}:
        verwacht = str(context.get("expected", "")).replace("'", "").replace(" or ", " of ")
        return f"kies een van: {verwacht}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return "verwacht een bestaande datum als JJJJ-MM-DD, bijvoorbeeld 2021-03-15"
    if kind in {"list_type", "model_type", "dict_type", "model_attributes_type"}:
        return "deze vorm kent de berekening niet"
    if kind == "string_type":
        return "verwacht tekst"
    if kind == "string_too_long":
        return f"de tekst is te lang: hoogstens {context.get('max_length')} tekens"
    if kind == "string_too_short":
        return "de tekst is te kort" if context.get("min_length", 0) > 1 else "de tekst is leeg"
    if kind == "too_short":
        return f"geef er minstens {context.get('min_length')}"
    if kind == "value_error":
        return str(context.get("error", error.get("msg", "ongeldige waarde")))
    return "deze waarde is ongeldig"


def valideer(model: type[T], invoer: Any) -> T:
    """Validate raw input (a dict from JSON or a conversation) into `model`, or raise `OngeldigeInvoer`."""
    if not isinstance(invoer, dict):
        raise OngeldigeInvoer("invoer", "verwacht een JSON-object met velden")
    try:
        return model.model_validate(invoer)
    except ValidationError as error:
        raise ongeldige_invoer(error.errors()) from None


def ongeldige_invoer(fouten: Sequence[Mapping[str, Any]], *, zonder: int = 0) -> OngeldigeInvoer:
    """The first of pydantic's errors as an `OngeldigeInvoer` that names its field; `zonder` leaves that many
    leading parts out of the field's path (a web framework puts 'body' in front)."""
    first = fouten[0]
    veld = ".".join(str(part) for part in tuple(first["loc"])[zonder:]) or "invoer"
    return OngeldigeInvoer(veld, melding(first))
