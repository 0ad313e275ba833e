"""Runs the table-driven cases in `tests/rules/cases/*.yaml`, which a tax adviser can read and extend.

A case file names its `onderwerp` and lists `gevallen`, each with a `naam` (a sentence), a `bron` (the law or
the official page the expected figures come from, never a working note), `invoer`, and either `uitvoer`
(expected outputs, within `marge`, default 0.01), optionally `voorlopig_bevat` (client reservations),
`toelichting_bevat` (adviser notes), `aannames_bevat`, `conclusie_bevat`, `stappen_bevat`, `netto_bevat`
(fragments that must appear; each also as `…_niet_bevat`, fragments that must not), `kern` (the key outputs,
in order) and `netto_naam` (the output holding the net effect; null when it may be nil), or `fout` (the field
that an `OngeldigeInvoer` must name). Append new cases; never rename or reuse one, except to correct a case the
law says was wrong, and then say so in a comment above it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from rules import OngeldigeInvoer, bereken
from rules.parameters import _DecimalLoader

CASES = Path(__file__).parent / "cases"


def load_cases() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_DecimalLoader)  # noqa: S506
        for geval in document["gevallen"]:
            params.append(pytest.param(document["onderwerp"], geval, id=f"{path.stem}: {geval['naam']}"))
    return params


def _json_like(value: Any) -> Any:
    """Case files read every number as Decimal; the calculators get what JSON would give them."""
    if isinstance(value, dict):
        return {k: _json_like(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_like(v) for v in value]
    if isinstance(value, Decimal) and value == value.to_integral_value() and "." not in str(value):
        return int(value)
    return value


@pytest.mark.parametrize(("onderwerp", "geval"), load_cases())
def test_case(onderwerp: str, geval: dict[str, Any]) -> None:
    assert geval.get("bron"), "every case names the source of its expected figures"
    assert "tax-facts" not in geval["bron"], "a case cites the law or an official page, not a working note"
    invoer = _json_like(geval["invoer"])
    if "fout" in geval:
        with pytest.raises(OngeldigeInvoer) as raised:
            bereken(onderwerp, invoer)
        assert raised.value.veld == geval["fout"]["veld"], str(raised.value)
        for fragment in geval["fout"].get("bevat", []):
            assert fragment in str(raised.value)
        return
    uitkomst = bereken(onderwerp, invoer)
    marge = Decimal(str(geval.get("marge", "0.01")))
    for naam, verwacht in geval["uitvoer"].items():
        assert naam in uitkomst.waarden, f"no output {naam!r}; outputs: {sorted(uitkomst.waarden)}"
        gevonden = uitkomst.waarden[naam]
        if verwacht is None:
            assert gevonden is None, f"{naam}: expected none, got {gevonden}"
            continue
        assert gevonden is not None, f"{naam}: expected {verwacht}, got none"
        if isinstance(verwacht, bool):
            assert gevonden == verwacht, f"{naam}: expected {verwacht}, got {gevonden}"
            continue
        assert abs(gevonden - Decimal(verwacht)) <= marge, f"{naam}: expected {verwacht}, got {gevonden}"
    voorlopig = " ".join(uitkomst.voorlopig)
    if geval.get("voorlopig_leeg"):
        assert not uitkomst.voorlopig, uitkomst.voorlopig
    teksten = {
        "voorlopig": voorlopig,
        "toelichting": " ".join(uitkomst.toelichting),
        "aannames": " ".join(uitkomst.aannames),
        "conclusie": uitkomst.conclusie,
        "stappen": " ".join(stap.omschrijving for stap in uitkomst.stappen),
        "netto": "" if uitkomst.netto is None else uitkomst.netto.zin,
    }
    for soort, tekst in teksten.items():
        for fragment in geval.get(f"{soort}_bevat", []):
            assert fragment in tekst, f"{fragment!r} not in {soort}: {tekst}"
        for fragment in geval.get(f"{soort}_niet_bevat", []):
            assert fragment not in tekst, f"{fragment!r} unexpectedly in {soort}: {tekst}"
    if "kern" in geval:
        assert uitkomst.kern == tuple(geval["kern"]), uitkomst.kern
    if "netto_naam" in geval:
        assert uitkomst.netto is not None
        assert uitkomst.netto.naam == geval["netto_naam"], uitkomst.netto
