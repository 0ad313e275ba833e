"""The calculators by topic name, and the ways to run them: `bereken` one input, `vergelijk` variants.

The registry is an explicit list of the calculator modules' `CALCULATOR` values; the modules import only the
seam in `rules.calculator`, never this module, so the imports form no cycle and a type checker follows them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rules import anbi_contributie, auto_van_de_zaak, box3, kia, tweede_woning, wbso
from rules.afronding import naar_beneden_op_centen
from rules.calculator import Calculator
from rules.invoer import JaarNietBerekenbaar, OngeldigeInvoer, valideer
from rules.jaren import berekenbare_jaren as _berekenbare_jaren
from rules.jaren import waarom_niet, waarom_ontbreekt
from rules.parameters import ParameterOntbreekt, Parameters, standaard_parameters
from rules.uitkomst import Uitkomst

ONDERWERPEN: Mapping[str, Calculator[Any]] = {
    calc.onderwerp: calc
    for calc in (
        anbi_contributie.CALCULATOR,
        auto_van_de_zaak.CALCULATOR,
        tweede_woning.CALCULATOR,
        kia.CALCULATOR,
        box3.CALCULATOR,
        wbso.CALCULATOR,
    )
}


def calculator(onderwerp: str) -> Calculator[Any]:
    if onderwerp not in ONDERWERPEN:
        raise OngeldigeInvoer("onderwerp", f"kies een van: {', '.join(ONDERWERPEN)}")
    return ONDERWERPEN[onderwerp]


def berekenbare_jaren(onderwerp: str, parameters: Parameters | None = None) -> tuple[int, ...]:
    """The years `onderwerp` can compute: those its parameter files know in full."""
    return _berekenbare_jaren(calculator(onderwerp).parameters, parameters or standaard_parameters())


def jaar_niet_berekenbaar(onderwerp: str, jaar: int, parameters: Parameters | None = None) -> str | None:
    """None when `jaar` can be computed; otherwise the Dutch sentence (without full stop) to refuse it with.

    "Voor 2027 zijn nog niet alle bedragen bekend: de tabel … voor 2027 is nog niet bekend; ik reken met 2024
    tot en met 2026", or "2023 en eerder reken ik niet uit; …". The conversation asks this as soon as the
    year is chosen.
    """
    return waarom_niet(calculator(onderwerp).parameters, jaar, parameters or standaard_parameters())


def bereken(onderwerp: str, invoer: Mapping[str, Any], parameters: Parameters | None = None) -> Uitkomst:
    """Validate `invoer` for the topic and compute; every problem with the input is an `OngeldigeInvoer`.

    A year the rules cannot compute is a `JaarNietBerekenbaar` (an `OngeldigeInvoer` for 'jaar') whose
    sentence names the figure that is missing.
    """
    calc = calculator(onderwerp)
    gevalideerd = valideer(calc.invoer, dict(invoer))
    if (reden := jaar_niet_berekenbaar(onderwerp, gevalideerd.jaar, parameters)) is not None:
        raise JaarNietBerekenbaar(reden)
    try:
        return calc.bereken(gevalideerd, parameters)
    except ParameterOntbreekt as missing:
        raise JaarNietBerekenbaar(waarom_ontbreekt(missing, gevalideerd.jaar)) from None


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
    deel = naar_beneden_op_centen(totaal / jaren)
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
