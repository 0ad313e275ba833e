"""The calculators by topic name, and the two ways to run them: `bereken` one input, `vergelijk` variants.

Each calculator module exposes `CALCULATOR`. They are imported on first use, so a tool that needs one topic
does not pay for loading the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rules.invoer import Invoer, OngeldigeInvoer, valideer
from rules.parameters import ParameterOntbreekt, Parameters
from rules.uitkomst import Uitkomst

MODULES: Mapping[str, str] = {
    "anbi-contributie": "rules.anbi_contributie",
    "auto-van-de-zaak": "rules.auto_van_de_zaak",
    "tweede-woning": "rules.tweede_woning",
    "kia": "rules.kia",
    "box3": "rules.box3",
    "wbso": "rules.wbso",
}


@dataclass(frozen=True)
class Calculator:
    onderwerp: str
    titel: str
    invoer: type[Invoer]
    bereken: Callable[[Any, Parameters | None], Uitkomst]


def calculator(onderwerp: str) -> Calculator:
    if onderwerp not in MODULES:
        raise OngeldigeInvoer("onderwerp", f"kies een van: {', '.join(MODULES)}")
    found: Calculator = importlib.import_module(MODULES[onderwerp]).CALCULATOR
    return found


def bereken(onderwerp: str, invoer: Mapping[str, Any], parameters: Parameters | None = None) -> Uitkomst:
    """Validate `invoer` for the topic and compute; every problem with the input is an `OngeldigeInvoer`."""
    calc = calculator(onderwerp)
    gevalideerd = valideer(calc.invoer, dict(invoer))
    try:
        return calc.bereken(gevalideerd, parameters)
    except ParameterOntbreekt as missing:
        raise OngeldigeInvoer("jaar", str(missing)) from None


@dataclass(frozen=True)
class Vergelijking:
    """The same calculation for several values of one field; `verschillen` are against the first variant."""

    onderwerp: str
    veld: str
    varianten: tuple[tuple[Any, Uitkomst], ...]
    verschillen: Mapping[str, tuple[Decimal | None, ...]]


def vergelijk(
    onderwerp: str,
    invoer: Mapping[str, Any],
    veld: str,
    waarden: Sequence[Any],
    parameters: Parameters | None = None,
) -> Vergelijking:
    if len(waarden) < 2:
        raise OngeldigeInvoer(veld, "geef minstens twee waarden om te vergelijken")
    varianten = tuple(
        (waarde, bereken(onderwerp, {**invoer, veld: waarde}, parameters)) for waarde in waarden
    )
    eerste = varianten[0][1]
    verschillen: dict[str, tuple[Decimal | None, ...]] = {}
    for naam, basis in eerste.waarden.items():
        if eerste.soorten[naam] == "procent":
            continue
        rij: list[Decimal | None] = []
        for _, uitkomst in varianten:
            ander = uitkomst.waarden.get(naam)
            rij.append(None if basis is None or ander is None else ander - basis)
        verschillen[naam] = tuple(rij)
    return Vergelijking(onderwerp, veld, varianten, verschillen)
