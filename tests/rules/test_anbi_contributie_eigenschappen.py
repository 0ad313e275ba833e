"""Properties of the anbi-contributie calculator that must hold for every input, not just the worked cases."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from rules import OngeldigeInvoer, Uitkomst, bereken
from rules.parameters import PARAMETER_ROOT, Parameters, standaard_parameters

ONDERWERP = "anbi-contributie"
JAREN = (2024, 2025, 2026)

bedragen = st.decimals(min_value=0, max_value=2_000_000, places=2, allow_nan=False, allow_infinity=False)
tegenprestaties = st.sampled_from(["geen", "symbolisch", "wezenlijk"])


@st.composite
def invoer(draw: st.DrawFn) -> dict[str, Any]:
    """A valid input: with a wezenlijke tegenprestatie the value and splitsbaarheid are always given."""
    tegenprestatie = draw(tegenprestaties)
    gegevens: dict[str, Any] = {
        "jaar": draw(st.sampled_from(JAREN)),
        "anbi": draw(st.booleans()),
        "contributie": draw(bedragen),
        "tegenprestatie": tegenprestatie,
        "periodiek": draw(st.booleans()),
        "drempelinkomen": draw(bedragen),
        "overige_gewone_giften": draw(bedragen),
    }
    if tegenprestatie == "wezenlijk" or draw(st.booleans()):
        gegevens["waarde_tegenprestatie"] = draw(bedragen)
        gegevens["splitsbaar"] = draw(st.booleans())
    return gegevens


def waarde(uitkomst: Uitkomst, naam: str) -> Decimal:
    gevonden = uitkomst.waarden[naam]
    assert gevonden is not None, naam
    return gevonden


def parameter(naam: str, jaar: int) -> Decimal:
    gevonden = standaard_parameters().get(naam).periode_op(dt.date(jaar, 1, 1)).waarde
    assert isinstance(gevonden, Decimal)
    return gevonden


@settings(max_examples=200, deadline=None)
@given(
    jaar=st.integers(min_value=2020, max_value=2030),
    anbi=st.booleans(),
    contributie=bedragen,
    tegenprestatie=tegenprestaties,
    waarde_tegenprestatie=st.none() | bedragen,
    splitsbaar=st.none() | st.booleans(),
    periodiek=st.booleans(),
    drempelinkomen=bedragen,
)
def test_no_input_crashes_only_an_invalid_input_error_may_come_out(
    jaar: int,
    anbi: bool,
    contributie: Decimal,
    tegenprestatie: str,
    waarde_tegenprestatie: Decimal | None,
    splitsbaar: bool | None,
    periodiek: bool,
    drempelinkomen: Decimal,
) -> None:
    gegevens: dict[str, Any] = {
        "jaar": jaar,
        "anbi": anbi,
        "contributie": contributie,
        "tegenprestatie": tegenprestatie,
        "periodiek": periodiek,
        "drempelinkomen": drempelinkomen,
    }
    if waarde_tegenprestatie is not None:
        gegevens["waarde_tegenprestatie"] = waarde_tegenprestatie
    if splitsbaar is not None:
        gegevens["splitsbaar"] = splitsbaar
    with contextlib.suppress(OngeldigeInvoer):
        bereken(ONDERWERP, gegevens)


@settings(max_examples=200, deadline=None)
@given(gegevens=invoer())
def test_no_amount_is_negative_and_the_gift_never_exceeds_the_fee(gegevens: dict[str, Any]) -> None:
    uitkomst = bereken(ONDERWERP, gegevens)
    for naam, bedrag in uitkomst.waarden.items():
        assert bedrag is None or bedrag >= 0, (naam, bedrag)
    assert waarde(uitkomst, "gift") <= gegevens["contributie"]
    assert waarde(uitkomst, "aftrekbaar") <= waarde(uitkomst, "gift")


@settings(max_examples=200, deadline=None)
@given(gegevens=invoer())
def test_gewone_giften_never_deduct_more_than_the_maximum_and_periodic_ones_not_more_than_the_cap(
    gegevens: dict[str, Any],
) -> None:
    uitkomst = bereken(ONDERWERP, gegevens)
    if gegevens["periodiek"]:
        assert waarde(uitkomst, "aftrekbaar") <= parameter("giften/maximum_periodieke_giften", gegevens["jaar"])
    else:
        assert waarde(uitkomst, "giftenaftrek_totaal") <= waarde(uitkomst, "maximum")


@settings(max_examples=200, deadline=None)
@given(gegevens=invoer())
def test_a_deduction_never_saves_more_than_the_maximum_deduction_rate_allows(
    gegevens: dict[str, Any],
) -> None:
    uitkomst = bereken(ONDERWERP, gegevens)
    maximaal_tarief = parameter("inkomstenbelasting/maximaal_aftrektarief", gegevens["jaar"]) / 100
    halve_euro = Decimal("0.5")
    assert waarde(uitkomst, "belastingvoordeel") <= waarde(uitkomst, "aftrekbaar") * maximaal_tarief + halve_euro


@settings(max_examples=150, deadline=None)
@given(gegevens=invoer(), extra=bedragen)
def test_a_higher_fee_never_gives_a_lower_deduction(gegevens: dict[str, Any], extra: Decimal) -> None:
    lager = bereken(ONDERWERP, gegevens)
    hoger = bereken(ONDERWERP, {**gegevens, "contributie": gegevens["contributie"] + extra})
    assert waarde(hoger, "aftrekbaar") >= waarde(lager, "aftrekbaar")
    assert waarde(hoger, "giftenaftrek_totaal") >= waarde(lager, "giftenaftrek_totaal")


@settings(max_examples=100, deadline=None)
@given(gegevens=invoer())
def test_a_vereniging_without_anbi_status_gets_nothing_for_a_gewone_gift(gegevens: dict[str, Any]) -> None:
    uitkomst = bereken(ONDERWERP, {**gegevens, "anbi": False, "periodiek": False})
    assert waarde(uitkomst, "gift") == 0
    assert waarde(uitkomst, "aftrekbaar") == 0


def test_a_periodic_gift_to_a_vereniging_without_anbi_status_states_the_vereniging_conditions() -> None:
    uitkomst = bereken(
        ONDERWERP,
        {
            "jaar": 2025,
            "anbi": False,
            "contributie": 600,
            "tegenprestatie": "geen",
            "periodiek": True,
            "drempelinkomen": 40000,
        },
    )
    assert any("25 leden" in aanname for aanname in uitkomst.aannames), uitkomst.aannames
    assert not any("culturele ANBI" in aanname for aanname in uitkomst.aannames)


def test_a_gift_to_an_anbi_says_it_assumed_no_culturele_anbi_when_not_asked() -> None:
    uitkomst = bereken(
        ONDERWERP,
        {
            "jaar": 2025,
            "anbi": True,
            "contributie": 600,
            "tegenprestatie": "geen",
            "periodiek": False,
            "drempelinkomen": 40000,
        },
    )
    assert any("geen culturele ANBI" in aanname for aanname in uitkomst.aannames), uitkomst.aannames


@settings(max_examples=100, deadline=None)
@given(gegevens=invoer())
def test_a_periodic_gift_without_other_gifts_shows_no_drempel_and_no_maximum(gegevens: dict[str, Any]) -> None:
    uitkomst = bereken(ONDERWERP, {**gegevens, "periodiek": True, "overige_gewone_giften": 0})
    assert uitkomst.waarden["drempel"] is None
    assert uitkomst.waarden["maximum"] is None
    for stap in uitkomst.stappen:
        assert "drempel" not in stap.omschrijving.lower(), stap
        assert "maximum" not in stap.omschrijving.lower() or waarde(uitkomst, "gift") > parameter(
            "giften/maximum_periodieke_giften", gegevens["jaar"]
        ), stap


@settings(max_examples=100, deadline=None)
@given(gegevens=invoer(), periodiek=st.booleans())
def test_a_gift_to_a_culturele_anbi_never_deducts_less_than_the_same_gift_to_another_anbi(
    gegevens: dict[str, Any], periodiek: bool
) -> None:
    gewoon = bereken(ONDERWERP, {**gegevens, "anbi": True, "periodiek": periodiek})
    cultureel = bereken(ONDERWERP, {**gegevens, "anbi": True, "periodiek": periodiek, "culturele_anbi": True})
    extra = waarde(cultureel, "aftrekbaar") - waarde(gewoon, "aftrekbaar")
    assert 0 <= extra <= parameter("giften/culturele_anbi_maximum_verhoging", gegevens["jaar"])


def _parameters_with_giften_for_2027(tmp_path: Path) -> Parameters:
    """A copy of the project's parameters in which only the giften figures (not box 1) reach into 2027."""
    root = tmp_path / "parameters"
    shutil.copytree(PARAMETER_ROOT, root)
    for path in (root / "giften").glob("*.yaml"):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        laatste = document["waarden"][-1]
        document["waarden"].append(
            {
                **laatste,
                "vanaf": dt.date(2027, 1, 1),
                "tot": dt.date(2027, 12, 31),
                "status": "onzeker",
                "toelichting": "Alleen voor deze test.",
                "voorbehoud": "Dit bedrag is nog niet definitief.",
            }
        )
        path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return Parameters(root)


@pytest.mark.parametrize("periodiek", [False, True])
def test_without_box_1_figures_the_saving_is_left_open_but_the_deduction_still_computed(
    tmp_path: Path, periodiek: bool
) -> None:
    uitkomst = bereken(
        ONDERWERP,
        {
            "jaar": 2027,
            "anbi": True,
            "contributie": 1000,
            "tegenprestatie": "geen",
            "periodiek": periodiek,
            "drempelinkomen": 50000,
        },
        _parameters_with_giften_for_2027(tmp_path),
    )
    assert uitkomst.waarden["aftrekbaar"] == (1000 if periodiek else 500)
    assert uitkomst.waarden["belastingvoordeel"] is None
    assert any("nog niet bekend" in tekst for tekst in uitkomst.voorlopig), uitkomst.voorlopig
    assert "nog niet te berekenen" in uitkomst.conclusie
