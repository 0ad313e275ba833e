"""The calculations as JSON, for the command line and the public API (bot/web/api.py): amounts in euros with at
most two decimals, percentages as percents.

`voor_adviseur=False` leaves out `toelichting`, the research notes for the firm's advisers: the command line is
the firm's, the API is public.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from rules import Scenario, ScenarioUitkomst, Uitkomst, Vergelijking, bereken, spreiding, vergelijk, vergelijk_scenarios
from rules.afronding import op_centen

_HONDERD = Decimal(100)


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    rounded = op_centen(value)
    # A two-decimal Decimal survives the trip through float's shortest repr exactly.
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def _waarde(uitkomst: Uitkomst, naam: str) -> int | float | None:
    value = uitkomst.waarden[naam]
    if value is not None and uitkomst.soorten[naam] == "procent":
        value = value * _HONDERD
    return _number(value)


def uitkomst_als_json(uitkomst: Uitkomst, *, voor_adviseur: bool = True) -> dict[str, Any]:
    document = {
        "onderwerp": uitkomst.onderwerp,
        "jaar": uitkomst.jaar,
        "uitkomst": {naam: _waarde(uitkomst, naam) for naam in uitkomst.waarden},
        "eenheden": dict(uitkomst.soorten),
        "stappen": [{"omschrijving": s.omschrijving, "bedrag": _number(s.bedrag)} for s in uitkomst.stappen],
        "bronnen": [{"titel": b.titel, "url": b.url} for b in uitkomst.bronnen],
        "voorlopig": list(uitkomst.voorlopig),
        "aannames": list(uitkomst.aannames),
        "conclusie": uitkomst.conclusie,
        "kern": list(uitkomst.kern),
        "netto": None if uitkomst.netto is None else asdict(uitkomst.netto),
        "toelichting": list(uitkomst.toelichting),
    }
    if not voor_adviseur:
        del document["toelichting"]
    return document


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def vergelijking_als_json(vergelijking: Vergelijking, *, voor_adviseur: bool = True) -> dict[str, Any]:
    return {
        "onderwerp": vergelijking.onderwerp,
        "veld": vergelijking.veld,
        "varianten": [
            {"waarde": _plain(waarde), **uitkomst_als_json(uitkomst, voor_adviseur=voor_adviseur)}
            for waarde, uitkomst in vergelijking.varianten
        ],
        "verschillen": {naam: [_number(v) for v in rij] for naam, rij in vergelijking.verschillen.items()},
    }


def scenarios_als_json(
    onderwerp: str, resultaten: tuple[ScenarioUitkomst, ...], *, voor_adviseur: bool = True
) -> dict[str, Any]:
    """Each scenario with its parts and its totals; `verschillen` are totals against the first scenario."""
    eerste = resultaten[0].totalen
    return {
        "onderwerp": onderwerp,
        "scenarios": [
            {
                "naam": r.naam,
                "totalen": {naam: _number(w) for naam, w in r.totalen.items()},
                "delen": [uitkomst_als_json(u, voor_adviseur=voor_adviseur) for u in r.uitkomsten],
            }
            for r in resultaten
        ],
        "verschillen": {
            naam: [
                None if basis is None or r.totalen.get(naam) is None else _number(r.totalen[naam] - basis)  # type: ignore[operator]
                for r in resultaten
            ]
            for naam, basis in eerste.items()
        },
    }


# The documents, each from the same input as `adviesbot bereken` / `vergelijk` takes ------------------------
def berekening(onderwerp: str, invoer: dict[str, Any], *, voor_adviseur: bool = True) -> dict[str, Any]:
    return uitkomst_als_json(bereken(onderwerp, invoer), voor_adviseur=voor_adviseur)


def vergelijking(
    onderwerp: str, invoer: dict[str, Any], veld: str, waarden: list[Any], *, voor_adviseur: bool = True
) -> dict[str, Any]:
    """The same calculation for each of `waarden` of `veld` (`--varieer veld=w1,w2`)."""
    return vergelijking_als_json(vergelijk(onderwerp, invoer, veld, waarden), voor_adviseur=voor_adviseur)


def spreiding_vergeleken(
    onderwerp: str, invoer: dict[str, Any], veld: str, jaren: int, *, voor_adviseur: bool = True
) -> dict[str, Any]:
    """Everything in `jaar` against the amounts in `veld` spread over `jaren` years (`--spreid veld=jaren`)."""
    eenmalig = Scenario(f"alles in {invoer.get('jaar')}", ({},))
    resultaten = vergelijk_scenarios(onderwerp, invoer, [eenmalig, spreiding(invoer, veld, jaren)])
    return scenarios_als_json(onderwerp, resultaten, voor_adviseur=voor_adviseur)


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)
