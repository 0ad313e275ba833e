"""JSON for the command line: amounts in euros with at most two decimals, percentages as percents."""

from __future__ import annotations

import json
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from rules import ScenarioUitkomst, Uitkomst, Vergelijking
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


def uitkomst_als_json(uitkomst: Uitkomst) -> dict[str, Any]:
    return {
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


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def vergelijking_als_json(vergelijking: Vergelijking) -> dict[str, Any]:
    return {
        "onderwerp": vergelijking.onderwerp,
        "veld": vergelijking.veld,
        "varianten": [
            {"waarde": _plain(waarde), **uitkomst_als_json(uitkomst)} for waarde, uitkomst in vergelijking.varianten
        ],
        "verschillen": {naam: [_number(v) for v in rij] for naam, rij in vergelijking.verschillen.items()},
    }


def scenarios_als_json(onderwerp: str, resultaten: tuple[ScenarioUitkomst, ...]) -> dict[str, Any]:
    """Each scenario with its parts and its totals; `verschillen` are totals against the first scenario."""
    eerste = resultaten[0].totalen
    return {
        "onderwerp": onderwerp,
        "scenarios": [
            {
                "naam": r.naam,
                "totalen": {naam: _number(w) for naam, w in r.totalen.items()},
                "delen": [uitkomst_als_json(u) for u in r.uitkomsten],
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


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)
