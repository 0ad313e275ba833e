"""The pure rules core: dated, sourced tax parameters and the calculators that use them.

Public interface: `bereken(onderwerp, invoer)` and `vergelijk(onderwerp, invoer, veld, waarden)`, returning
`Uitkomst` / `Vergelijking`, and raising `OngeldigeInvoer` with one Dutch sentence that names the field.
"""

from rules.invoer import OngeldigeInvoer
from rules.onderwerpen import MODULES as ONDERWERPEN
from rules.onderwerpen import (
    Scenario,
    ScenarioUitkomst,
    Vergelijking,
    bereken,
    calculator,
    spreiding,
    vergelijk,
    vergelijk_scenarios,
)
from rules.uitkomst import Bron, Stap, Uitkomst

__all__ = [
    "ONDERWERPEN",
    "Bron",
    "OngeldigeInvoer",
    "Scenario",
    "ScenarioUitkomst",
    "Stap",
    "Uitkomst",
    "Vergelijking",
    "bereken",
    "calculator",
    "spreiding",
    "vergelijk",
    "vergelijk_scenarios",
]
