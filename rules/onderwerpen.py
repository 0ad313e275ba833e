"""The calculators by topic name, and the two ways to run them: `bereken` one input, `vergelijk` variants.

Each calculator module exposes `CALCULATOR`. They are imported on first use, so a tool that needs one topic
does not pay for loading the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
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
    varianten = tuple((waarde, bereken(onderwerp, {**invoer, veld: waarde}, parameters)) for waarde in waarden)
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


@dataclass(frozen=True)
class Scenario:
    """One way of doing things, possibly spread over several calculations (such as several years)."""

    naam: str
    delen: tuple[Mapping[str, Any], ...]
    """Each part is merged over the base input and calculated on its own."""


@dataclass(frozen=True)
class ScenarioUitkomst:
    naam: str
    uitkomsten: tuple[Uitkomst, ...]
    totalen: Mapping[str, Decimal | None]
    """Euro outputs added up over the parts (None where any part has none)."""


def vergelijk_scenarios(
    onderwerp: str, invoer: Mapping[str, Any], scenarios: Sequence[Scenario], parameters: Parameters | None = None
) -> tuple[ScenarioUitkomst, ...]:
    if len(scenarios) < 2:
        raise OngeldigeInvoer("scenario", "geef minstens twee scenario's om te vergelijken")
    resultaten = []
    for scenario in scenarios:
        uitkomsten = tuple(bereken(onderwerp, {**invoer, **deel}, parameters) for deel in scenario.delen)
        totalen: dict[str, Decimal | None] = {}
        for naam, soort in uitkomsten[0].soorten.items():
            if soort != "EUR":
                continue
            waarden = [u.waarden.get(naam) for u in uitkomsten]
            bekend = [w for w in waarden if w is not None]
            totalen[naam] = sum(bekend, Decimal(0)) if len(bekend) == len(waarden) else None
        resultaten.append(ScenarioUitkomst(scenario.naam, uitkomsten, totalen))
    return tuple(resultaten)


def _deel_bedrag(bedrag: Any, jaren: int, index: int) -> Decimal:
    """An equal share in whole cents; the first year takes the cents that do not divide evenly."""
    totaal = Decimal(str(bedrag))
    deel = (totaal / jaren).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return totaal - deel * (jaren - 1) if index == 0 else deel


def spreiding(invoer: Mapping[str, Any], veld: str, jaren: int) -> Scenario:
    """The amounts in the list `veld` spread evenly over `jaren` consecutive years from `invoer['jaar']`.

    Items may be amounts or objects with a `bedrag` (the KIA input); every other key of an item is kept.
    """
    if jaren < 2:
        raise OngeldigeInvoer("spreid", "spreiden kan over twee jaar of meer")
    items = invoer.get(veld)
    if not isinstance(items, list) or not items:
        raise OngeldigeInvoer(veld, "geef een lijst met bedragen om te spreiden")
    try:
        jaar = int(invoer["jaar"])
    except (KeyError, TypeError, ValueError):
        raise OngeldigeInvoer("jaar", "dit veld ontbreekt") from None
    delen = []
    for index in range(jaren):
        verdeeld = [
            {**item, "bedrag": _deel_bedrag(item.get("bedrag"), jaren, index)}
            if isinstance(item, Mapping)
            else _deel_bedrag(item, jaren, index)
            for item in items
        ]
        delen.append({"jaar": jaar + index, veld: verdeeld})
    return Scenario(f"Gespreid over {jaren} jaar ({jaar}–{jaar + jaren - 1})", tuple(delen))
