"""The pure rules core: dated, sourced tax parameters and the calculators that use them.

Public interface: `bereken(onderwerp, invoer)` and `vergelijk(onderwerp, invoer, veld, waarden)`, returning
`Uitkomst` / `Vergelijking`, and raising `OngeldigeInvoer` with one Dutch sentence that names the field
(`JaarNietBerekenbaar` for a year the rules do not know). `jaar_niet_berekenbaar` answers that question before
any other is asked; `toon_bronnen` picks the sources a client sees; `INTERNE_WOORDEN` lists what a client
text must never say.
"""

from rules.bronnen import toon_bronnen
from rules.invoer import JaarNietBerekenbaar, OngeldigeInvoer
from rules.klanttekst import INTERNE_WOORDEN, interne_woorden_in
from rules.onderwerpen import (
    ONDERWERPEN,
    Scenario,
    ScenarioUitkomst,
    Vergelijking,
    bereken,
    berekenbare_jaren,
    calculator,
    jaar_niet_berekenbaar,
    spreiding,
    vergelijk,
    vergelijk_scenarios,
)
from rules.uitkomst import Bron, NettoEffect, Stap, Uitkomst

__all__ = [
    "INTERNE_WOORDEN",
    "ONDERWERPEN",
    "Bron",
    "JaarNietBerekenbaar",
    "NettoEffect",
    "OngeldigeInvoer",
    "Scenario",
    "ScenarioUitkomst",
    "Stap",
    "Uitkomst",
    "Vergelijking",
    "bereken",
    "berekenbare_jaren",
    "calculator",
    "interne_woorden_in",
    "jaar_niet_berekenbaar",
    "spreiding",
    "toon_bronnen",
    "vergelijk",
    "vergelijk_scenarios",
]
