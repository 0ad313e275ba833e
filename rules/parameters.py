"""Dated, sourced tax parameters: load the YAML files under `rules/parameters/`, validate them, look them up.

A parameter file holds one figure (or one small table) through time. Each period has a start and an end date,
a value, a status and at least one source. Nothing is extrapolated: a date outside every period raises
`ParameterOntbreekt`, so a year without a known figure is an error, never a silent reuse of last year's value.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import string
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError, model_validator

from rules.bronnen import is_primair
from rules.klanttekst import interne_woorden_in

PARAMETER_ROOT = Path(__file__).resolve().parent / "parameters"


class Status(enum.StrEnum):
    DEFINITIEF = "definitief"
    VOORLOPIG = "voorlopig"
    ONZEKER = "onzeker"


class Eenheid(enum.StrEnum):
    EUR = "EUR"
    PROCENT = "procent"
    JAREN = "jaren"
    MAANDEN = "maanden"
    UREN = "uren"
    KILOMETERS = "km"
    AANTAL = "aantal"
    DATUM = "datum"


class ParameterFout(Exception):
    """A parameter file is malformed; the message names the file."""


class ParameterOntbreekt(LookupError):
    """No value is known for this date: before the first period, in a gap, or after the last one ended."""

    def __init__(self, naam: str, label: str, datum: dt.date, eerste: dt.date | None = None) -> None:
        self.naam, self.label, self.datum, self.eerste = naam, label, datum, eerste
        if eerste is not None and datum < eerste:
            reden = f"voor {datum.year} rekent deze bot niet met '{label}' (wel vanaf {eerste.year})"
        else:
            reden = f"voor {datum.year} is '{label}' nog niet bekend"
        super().__init__(reden)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BronModel(_Strict):
    titel: Annotated[str, Field(min_length=3)]
    url: HttpUrl


Cel = Decimal | dt.date | None
Rij = dict[str, Cel]
Waarde = Decimal | dt.date | list[Rij]


VOORBEHOUD_VELDEN = frozenset({"jaar", "waarde"})
"""Placeholders a `voorbehoud` may use: the year asked about and the figure as the client reads it."""


def _controleer_voorbehoud(vanaf: dt.date, tekst: str) -> None:
    try:
        velden = {veld for _, veld, _, _ in string.Formatter().parse(tekst) if veld is not None}
    except ValueError as error:
        raise ValueError(
            f"periode {vanaf}: voorbehoud is geen geldige tekst met {{jaar}}/{{waarde}}: {error}"
        ) from None
    if velden - VOORBEHOUD_VELDEN:
        raise ValueError(f"periode {vanaf}: voorbehoud kent alleen {{jaar}} en {{waarde}}, niet {sorted(velden)}")
    if intern := interne_woorden_in(tekst):
        raise ValueError(f"periode {vanaf}: voorbehoud is voor de klant en mag geen {list(intern)} bevatten")


class PeriodeModel(_Strict):
    vanaf: dt.date
    tot: dt.date
    waarde: Waarde
    status: Status
    bronnen: Annotated[list[BronModel], Field(min_length=1)]
    toelichting: str | None = None
    """For the firm's advisers: why the figure is not final, what the sources say and which were read."""
    voorbehoud: str | None = None
    """For the client: one plain sentence on what is not final yet; required unless the status is definitief."""

    @model_validator(mode="after")
    def _consistent(self) -> PeriodeModel:
        if self.tot < self.vanaf:
            raise ValueError(f"periode {self.vanaf}: 'tot' ({self.tot}) ligt voor 'vanaf'")
        if self.status is Status.DEFINITIEF:
            if self.voorbehoud is not None:
                raise ValueError(f"periode {self.vanaf}: een definitief bedrag heeft geen voorbehoud voor de klant")
            return self
        if not (self.toelichting and self.toelichting.strip()):
            raise ValueError(f"periode {self.vanaf}: status {self.status} vraagt een toelichting waarom")
        if not (self.voorbehoud and self.voorbehoud.strip()):
            raise ValueError(f"periode {self.vanaf}: status {self.status} vraagt een voorbehoud voor de klant")
        _controleer_voorbehoud(self.vanaf, self.voorbehoud)
        return self


class ParameterModel(_Strict):
    label: Annotated[str, Field(min_length=3)]
    omschrijving: Annotated[str, Field(min_length=3)]
    eenheid: Eenheid | None = None
    kolommen: dict[str, Eenheid] | None = None
    waarden: Annotated[list[PeriodeModel], Field(min_length=1)]
    zonder_primaire_bron: str | None = None
    """Why no period cites a primary source (the statute, the Staatscourant, an official page), if none does."""

    @model_validator(mode="after")
    def _primaire_bron(self) -> ParameterModel:
        primair = any(is_primair(str(bron.url)) for periode in self.waarden for bron in periode.bronnen)
        if not primair and not (self.zonder_primaire_bron and self.zonder_primaire_bron.strip()):
            raise ValueError("geen enkele primaire bron: voeg er een toe of zeg in 'zonder_primaire_bron' waarom niet")
        if primair and self.zonder_primaire_bron is not None:
            raise ValueError("'zonder_primaire_bron' klopt niet meer: het bestand noemt een primaire bron")
        return self

    @model_validator(mode="after")
    def _shape(self) -> ParameterModel:
        if (self.eenheid is None) == (self.kolommen is None):
            raise ValueError("geef precies een van 'eenheid' (een getal) of 'kolommen' (een tabel)")
        for periode in self.waarden:
            if self.kolommen is None:
                if isinstance(periode.waarde, list):
                    raise ValueError(f"periode {periode.vanaf}: een tabel, maar het bestand heeft geen 'kolommen'")
                if (self.eenheid is Eenheid.DATUM) != isinstance(periode.waarde, dt.date):
                    raise ValueError(f"periode {periode.vanaf}: waarde past niet bij eenheid {self.eenheid}")
            else:
                if not isinstance(periode.waarde, list) or not periode.waarde:
                    raise ValueError(f"periode {periode.vanaf}: 'kolommen' vraagt een niet-lege tabel")
                for rij in periode.waarde:
                    if set(rij) != set(self.kolommen):
                        raise ValueError(
                            f"periode {periode.vanaf}: rij {rij} heeft niet precies de kolommen {sorted(self.kolommen)}"
                        )
        ordered = sorted(self.waarden, key=lambda p: p.vanaf)
        for earlier, later in itertools.pairwise(ordered):
            if later.vanaf <= earlier.tot:
                raise ValueError(f"periodes overlappen: {earlier.vanaf}–{earlier.tot} en {later.vanaf}–{later.tot}")
        return self


class _DecimalLoader(yaml.SafeLoader):
    """YAML loader that reads every number as an exact Decimal and refuses duplicate keys."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    return Decimal(str(loader.construct_scalar(node)).replace("_", ""))  # type: ignore[arg-type,unused-ignore]


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"sleutel {key!r} staat er twee keer in", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_DecimalLoader.add_constructor("tag:yaml.org,2002:int", _construct_decimal)
_DecimalLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class Periode:
    """One validated period of a parameter: its value, status and sources."""

    __slots__ = ("bronnen", "status", "toelichting", "tot", "vanaf", "voorbehoud", "waarde")

    def __init__(self, model: PeriodeModel) -> None:
        self.vanaf: dt.date = model.vanaf
        self.tot: dt.date = model.tot
        self.waarde: Waarde = model.waarde
        self.status: Status = model.status
        self.toelichting: str | None = model.toelichting
        self.voorbehoud: str | None = model.voorbehoud
        self.bronnen: tuple[tuple[str, str], ...] = tuple((b.titel, str(b.url)) for b in model.bronnen)


class Parameter:
    """A figure through time, as read from one file. `periode_op(datum)` never extrapolates."""

    def __init__(self, naam: str, model: ParameterModel) -> None:
        self.naam = naam
        self.label = model.label
        self.omschrijving = model.omschrijving
        self.eenheid = model.eenheid
        self.kolommen: Mapping[str, Eenheid] = dict(model.kolommen or {})
        self.perioden: tuple[Periode, ...] = tuple(Periode(p) for p in sorted(model.waarden, key=lambda p: p.vanaf))
        self.zonder_primaire_bron = model.zonder_primaire_bron

    def periode_op(self, datum: dt.date) -> Periode:
        for periode in self.perioden:
            if periode.vanaf <= datum <= periode.tot:
                return periode
        raise ParameterOntbreekt(self.naam, self.label, datum, self.perioden[0].vanaf)

    def kent(self, datum: dt.date) -> bool:
        return any(periode.vanaf <= datum <= periode.tot for periode in self.perioden)

    def bekende_jaren(self) -> frozenset[int]:
        """The calendar years for which a value is known on both 1 January and 31 December."""
        jaren = range(self.perioden[0].vanaf.year, self.perioden[-1].tot.year + 1)
        return frozenset(j for j in jaren if self.kent(dt.date(j, 1, 1)) and self.kent(dt.date(j, 12, 31)))


def lees_parameterbestand(path: Path, naam: str) -> Parameter:
    """Read and validate one parameter file; every problem becomes a `ParameterFout` naming the file."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_DecimalLoader)  # noqa: S506 (a SafeLoader)
        return Parameter(naam, ParameterModel.model_validate(raw))
    except (yaml.YAMLError, ValidationError, OSError) as error:
        raise ParameterFout(f"{path}: {error}") from error


class Parameters:
    """All parameter files below one folder, keyed by their path without `.yaml` (e.g. `box3/tarief`)."""

    def __init__(self, root: Path = PARAMETER_ROOT) -> None:
        self.root = root
        self._parameters = {
            path.relative_to(root).with_suffix("").as_posix(): path for path in sorted(root.rglob("*.yaml"))
        }
        self._loaded: dict[str, Parameter] = {}

    def namen(self) -> tuple[str, ...]:
        return tuple(self._parameters)

    def get(self, naam: str) -> Parameter:
        if naam not in self._loaded:
            if naam not in self._parameters:
                raise KeyError(f"geen parameterbestand {naam}.yaml onder {self.root}")
            self._loaded[naam] = lees_parameterbestand(self._parameters[naam], naam)
        return self._loaded[naam]

    def laad_alles(self) -> tuple[Parameter, ...]:
        """Validate every file now (tests, start-up) rather than at the first calculation that needs it."""
        return tuple(self.get(naam) for naam in self._parameters)


@cache
def standaard_parameters() -> Parameters:
    return Parameters()
