"""Properties of the auto-van-de-zaak calculator that hold for every input, checked with hypothesis."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rules import OngeldigeInvoer, bereken
from rules.uitkomst import Uitkomst

ONDERWERP = "auto-van-de-zaak"
BEDRAGEN = ("bijtelling", "bijtelling_per_maand", "pseudo_eindheffing", "btw_prive", "netto_kosten")

bedragen = st.decimals(min_value=0, max_value=500_000, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def auto_invoer(draw: st.DrawFn, jaren: tuple[int, int] = (2024, 2027)) -> dict[str, Any]:
    jaar = draw(st.integers(*jaren))
    toelating = draw(st.dates(dt.date(1995, 1, 1), dt.date(jaar, 12, 31)))
    invoer: dict[str, Any] = {
        "jaar": jaar,
        "cataloguswaarde": str(draw(bedragen)),
        "datum_eerste_toelating": toelating.isoformat(),
        "aandrijving": draw(st.sampled_from(["elektrisch", "waterstof", "zonnecel", "brandstof"])),
        "rol": draw(st.sampled_from(["werknemer", "dga", "ondernemer"])),
        "privegebruik": draw(st.sampled_from(["meer_dan_500_km", "max_500_km"])),
        "woon_werk": draw(st.booleans()),
        "maanden": draw(st.integers(1, 12)),
    }
    if draw(st.booleans()):
        invoer["waarde_economisch_verkeer"] = str(draw(bedragen))
    if draw(st.booleans()):
        invoer["ter_beschikking_sinds"] = draw(st.dates(toelating, dt.date(jaar, 12, 31))).isoformat()
    if invoer["rol"] != "ondernemer" and draw(st.booleans()):
        invoer["eigen_bijdrage"] = str(draw(bedragen))
    if draw(st.booleans()):
        invoer["belastbaar_inkomen"] = str(draw(bedragen))
    return invoer


def reken(invoer: dict[str, Any]) -> Uitkomst | None:
    """The result, or None when the calculator refused the input with a Dutch message naming a field."""
    try:
        return bereken(ONDERWERP, invoer)
    except OngeldigeInvoer as fout:
        assert fout.veld and str(fout)
        return None


@settings(max_examples=200, deadline=None)
@given(auto_invoer(jaren=(2020, 2030)))
def test_no_valid_input_crashes_and_every_amount_is_zero_or_more(invoer: dict[str, Any]) -> None:
    uitkomst = reken(invoer)
    if uitkomst is None:
        return
    for naam in BEDRAGEN:
        waarde = uitkomst.waarden[naam]
        assert waarde is None or waarde >= 0, (naam, waarde)
    assert uitkomst.conclusie.endswith(".")


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["jaar", "cataloguswaarde", "maanden", "rol", "x"]), st.integers(-5, 5)))
def test_malformed_input_is_refused_with_ongeldige_invoer_only(invoer: dict[str, Any]) -> None:
    assert reken(invoer) is None


@settings(max_examples=150, deadline=None)
@given(auto_invoer(), bedragen)
def test_a_higher_cataloguswaarde_never_lowers_the_bijtelling(invoer: dict[str, Any], extra: Decimal) -> None:
    lager = reken(invoer)
    hoger = reken({**invoer, "cataloguswaarde": str(Decimal(invoer["cataloguswaarde"]) + extra)})
    if lager is None or hoger is None:
        return
    assert hoger.waarden["bijtelling"] is not None and lager.waarden["bijtelling"] is not None
    assert hoger.waarden["bijtelling"] >= lager.waarden["bijtelling"]


@settings(max_examples=150, deadline=None)
@given(auto_invoer(), bedragen)
def test_a_higher_eigen_bijdrage_never_raises_the_bijtelling(invoer: dict[str, Any], extra: Decimal) -> None:
    if invoer["rol"] == "ondernemer":
        return
    basis = Decimal(invoer.get("eigen_bijdrage", "0"))
    minder = reken(invoer)
    meer = reken({**invoer, "eigen_bijdrage": str(basis + extra)})
    if minder is None or meer is None:
        return
    assert meer.waarden["bijtelling"] is not None and minder.waarden["bijtelling"] is not None
    assert meer.waarden["bijtelling"] <= minder.waarden["bijtelling"]


@settings(max_examples=150, deadline=None)
@given(auto_invoer())
def test_the_bijtelling_never_exceeds_the_highest_rate_over_the_months_available(
    invoer: dict[str, Any],
) -> None:
    """Cap: at most 25% of the cataloguswaarde or 35% of the economic value a year, prorated by month."""
    uitkomst = reken(invoer)
    if uitkomst is None:
        return
    maanden = len(_maanden(invoer))
    grootste = max(
        Decimal("0.25") * Decimal(invoer["cataloguswaarde"]),
        Decimal("0.35") * Decimal(invoer.get("waarde_economisch_verkeer", "0")),
    )
    bijtelling = uitkomst.waarden["bijtelling"]
    assert bijtelling is not None
    assert bijtelling <= grootste * maanden / 12 + Decimal("0.01")


@settings(max_examples=150, deadline=None)
@given(auto_invoer())
def test_a_car_without_co2_emission_never_costs_more_than_the_same_car_on_fuel(
    invoer: dict[str, Any],
) -> None:
    brandstof = reken({**invoer, "aandrijving": "brandstof"})
    emissievrij = reken({**invoer, "aandrijving": "elektrisch"})
    if brandstof is None or emissievrij is None:
        return
    assert emissievrij.waarden["bijtelling"] is not None and brandstof.waarden["bijtelling"] is not None
    assert emissievrij.waarden["bijtelling"] <= brandstof.waarden["bijtelling"]
    assert emissievrij.waarden["pseudo_eindheffing"] in (None, Decimal(0))


@settings(max_examples=150, deadline=None)
@given(auto_invoer())
def test_the_pseudo_eindheffing_is_only_for_employers_and_never_above_12_percent(
    invoer: dict[str, Any],
) -> None:
    uitkomst = reken(invoer)
    if uitkomst is None:
        return
    heffing = uitkomst.waarden["pseudo_eindheffing"]
    if invoer["rol"] == "ondernemer":
        assert heffing is None
        assert uitkomst.waarden["btw_prive"] is None or uitkomst.waarden["btw_prive"] >= 0
        return
    assert heffing is not None
    btw = uitkomst.waarden["btw_prive"]
    assert uitkomst.waarden["kosten_werkgever"] == heffing + (btw or 0)
    if invoer["jaar"] < 2027:
        assert heffing == 0
    grondslag = max(Decimal(invoer["cataloguswaarde"]), Decimal(invoer.get("waarde_economisch_verkeer", "0")))
    assert heffing <= Decimal("0.12") * grondslag * len(_maanden(invoer)) / 12 + Decimal("0.01")


@settings(max_examples=100, deadline=None)
@given(auto_invoer())
def test_at_most_500_private_km_means_no_bijtelling(invoer: dict[str, Any]) -> None:
    uitkomst = reken({**invoer, "privegebruik": "max_500_km"})
    if uitkomst is None:
        return
    assert uitkomst.waarden["bijtelling"] == 0


def _maanden(invoer: dict[str, Any]) -> list[int]:
    """The months of availability as the module docstring defines them, recomputed independently."""
    sinds = dt.date.fromisoformat(invoer.get("ter_beschikking_sinds", invoer["datum_eerste_toelating"]))
    if sinds.year == invoer["jaar"]:
        return list(range(sinds.month, min(12, sinds.month + invoer["maanden"] - 1) + 1))
    return list(range(12 - invoer["maanden"] + 1, 13))


@st.composite
def nieuwe_brandstofauto_2027(draw: st.DrawFn) -> dict[str, Any]:
    toelating = draw(st.dates(dt.date(2003, 1, 1), dt.date(2027, 12, 31)))
    sinds = draw(st.dates(max(toelating, dt.date(2027, 1, 1)), dt.date(2027, 12, 31)))
    return {
        "jaar": 2027,
        "cataloguswaarde": str(draw(bedragen)),
        "datum_eerste_toelating": toelating.isoformat(),
        "ter_beschikking_sinds": sinds.isoformat(),
        "aandrijving": "brandstof",
        "rol": draw(st.sampled_from(["werknemer", "dga"])),
        "privegebruik": draw(st.sampled_from(["meer_dan_500_km", "max_500_km"])),
        "woon_werk": True,
        "maanden": draw(st.integers(1, 12)),
        "waarde_economisch_verkeer": str(draw(bedragen)),
    }


@settings(max_examples=100, deadline=None)
@given(nieuwe_brandstofauto_2027())
def test_a_fuel_car_made_available_in_2027_costs_a_twelfth_of_12_percent_for_each_month(
    invoer: dict[str, Any],
) -> None:
    uitkomst = reken(invoer)
    assert uitkomst is not None
    verwacht = Decimal("0.12") * Decimal(invoer["cataloguswaarde"]) * len(_maanden(invoer)) / 12
    assert uitkomst.waarden["pseudo_eindheffing"] == verwacht.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
