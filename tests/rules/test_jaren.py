"""The years a topic can compute follow from its parameter files, and a refused year names what is missing."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from rules import JaarNietBerekenbaar, OngeldigeInvoer, bereken, berekenbare_jaren, jaar_niet_berekenbaar
from rules.parameters import PARAMETER_ROOT, Parameters
from rules.wbso import GRENS_EERSTE_SCHIJF

WBSO = {"s_o_kosten": 100000, "starter": False}


def test_a_known_year_is_computable_and_needs_no_sentence() -> None:
    assert 2026 in berekenbare_jaren("kia")
    assert jaar_niet_berekenbaar("kia", 2026) is None


def test_a_future_year_names_the_figure_that_is_really_missing() -> None:
    zin = jaar_niet_berekenbaar("kia", 2027)
    assert zin is not None
    assert zin.startswith("Voor 2027 zijn nog niet alle bedragen bekend: tabel kleinschaligheidsinvesteringsaftrek")
    assert "Minimum" not in zin
    assert zin.endswith("ik reken met 2024 tot en met 2026")


def test_a_year_before_the_first_is_refused_without_a_list_of_figures() -> None:
    assert jaar_niet_berekenbaar("box3", 2020) == "2023 en eerder reken ik niet uit; ik reken met 2024 tot en met 2026"


def test_the_auto_topic_knows_2027_because_its_own_rules_for_2027_are_enacted() -> None:
    assert berekenbare_jaren("auto-van-de-zaak") == (2024, 2025, 2026, 2027)


def test_refusing_a_year_is_an_invalid_input_for_jaar_that_does_not_say_invalid() -> None:
    with pytest.raises(JaarNietBerekenbaar) as fout:
        bereken("wbso", {"jaar": 2027, **WBSO})
    assert isinstance(fout.value, OngeldigeInvoer) and fout.value.veld == "jaar"
    assert str(fout.value).startswith("Voor 2027 zijn nog niet alle bedragen bekend")
    assert "Ongeldige invoer" not in str(fout.value)


def _met_een_extra_jaar(tmp_path: Path, naam: str) -> Parameters:
    """A copy of the parameter files in which only `naam` gets a period for 2027."""
    root = tmp_path / "parameters"
    shutil.copytree(PARAMETER_ROOT, root)
    path = root / f"{naam}.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["waarden"].append({**document["waarden"][-1], "vanaf": dt.date(2027, 1, 1), "tot": dt.date(2027, 12, 31)})
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return Parameters(root)


def test_the_years_come_from_the_parameter_periods_not_from_a_list_in_the_code(tmp_path: Path) -> None:
    parameters = _met_een_extra_jaar(tmp_path, GRENS_EERSTE_SCHIJF)
    zin = jaar_niet_berekenbaar("wbso", 2027, parameters)
    assert zin is not None
    assert "grens eerste schijf" not in zin.lower()
    assert "tarief eerste schijf" in zin.lower()
