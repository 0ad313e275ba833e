"""Runs the table-driven cases in `tests/rules/cases/*.yaml`, which a tax adviser can read and extend.

A case file names its `onderwerp` and lists `gevallen`, each with a `naam` (a sentence), a `bron` (where the
expected figures come from), `invoer`, and either `uitvoer` (expected outputs, within `marge`, default 0.01),
optionally `voorlopig_bevat` / `aannames_bevat` / `conclusie_bevat` (fragments that must appear), or
`fout` (the field that an `OngeldigeInvoer` must name). Append new cases; never renumber or reuse a name.
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
    for fragment in geval.get("voorlopig_bevat", []):
        assert fragment in voorlopig, f"{fragment!r} not in voorlopig: {uitkomst.voorlopig}"
    if geval.get("voorlopig_leeg"):
        assert not uitkomst.voorlopig, uitkomst.voorlopig
    aannames = " ".join(uitkomst.aannames)
    for fragment in geval.get("aannames_bevat", []):
        assert fragment in aannames, f"{fragment!r} not in aannames: {uitkomst.aannames}"
    for fragment in geval.get("conclusie_bevat", []):
        assert fragment in uitkomst.conclusie, f"{fragment!r} not in conclusie: {uitkomst.conclusie}"
