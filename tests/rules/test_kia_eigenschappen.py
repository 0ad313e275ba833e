"""Properties of the KIA calculator that hold for every input, checked with generated investments."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rules import OngeldigeInvoer, Uitkomst, bereken, vergelijk
from rules.kia import KIA_TABEL
from rules.rekenblad import Rekenblad, getal_in

JAREN = st.sampled_from([2024, 2025, 2026])
BEDRAG = st.decimals(min_value=0, max_value=1_000_000, places=2)
REGELING = st.sampled_from([None, "eia", "mia1", "mia2", "mia3"])
INVESTERING = st.one_of(
    BEDRAG, st.builds(lambda b, r: {"bedrag": b, "regeling": r}, BEDRAG, REGELING), st.integers(-5, 5000)
)
DESINVESTERING = st.fixed_dictionaries(
    {
        "verkoopprijs": BEDRAG,
        "aanschafprijs": BEDRAG,
        "kia_percentage": st.decimals(min_value=0, max_value=100, places=2),
    }
)


def kia_van(jaar: int, bedrag: Decimal) -> Decimal:
    waarde = bereken("kia", {"jaar": jaar, "investeringen": [bedrag]}).waarden["kia"]
    assert waarde is not None
    return waarde


def tabel(jaar: int) -> list[dict[str, Any]]:
    return [dict(rij) for rij in Rekenblad("kia", jaar).tabel(KIA_TABEL)]


def einde_vast_bedrag(jaar: int) -> Decimal:
    """The upper end of the band with the full fixed amount: the KIA never rises beyond it."""
    rijen = tabel(jaar)
    return max(getal_in(r, "bovengrens") for r in rijen if r["vast_bedrag"] is not None and r["afbouw"] is None)


@settings(max_examples=150)
@given(
    jaar=st.integers(2020, 2030),
    investeringen=st.lists(INVESTERING, max_size=6),
    desinvesteringen=st.lists(DESINVESTERING, max_size=3),
    winst=st.one_of(st.none(), BEDRAG),
)
def test_no_input_crashes_the_calculator_and_no_amount_is_negative(
    jaar: int, investeringen: list[Any], desinvesteringen: list[Any], winst: Decimal | None
) -> None:
    invoer: dict[str, Any] = {
        "jaar": jaar,
        "investeringen": investeringen,
        "desinvesteringen": desinvesteringen,
    }
    if winst is not None:
        invoer["winst"] = winst
    try:
        uitkomst = bereken("kia", invoer)
    except OngeldigeInvoer:
        return
    assert isinstance(uitkomst, Uitkomst)
    assert all(waarde is None or waarde >= 0 for waarde in uitkomst.waarden.values()), uitkomst.waarden
    w = uitkomst.waarden
    assert w["totale_aftrek"] == w["kia"] + w["eia"] + w["mia"]  # type: ignore[operator]
    if winst is None and w["totale_aftrek"] <= w["desinvesteringsbijtelling"]:  # type: ignore[operator]
        assert w["belastingvoordeel"] is None
    else:
        # A saving is estimated even without the profit (at a stated rate), never more than the deduction.
        assert w["belastingvoordeel"] is not None and w["belastingvoordeel"] <= w["totale_aftrek"] + 1  # type: ignore[operator]


@settings(max_examples=100)
@given(jaar=JAREN, bedrag=BEDRAG)
def test_the_kia_never_exceeds_the_fixed_amount_nor_the_top_percentage_of_the_investment(
    jaar: int, bedrag: Decimal
) -> None:
    rijen = tabel(jaar)
    hoogste_vast = max(getal_in(r, "vast_bedrag") for r in rijen if r["vast_bedrag"] is not None)
    hoogste_percentage = max(getal_in(r, "percentage") for r in rijen if r["percentage"] is not None)
    kia = kia_van(jaar, bedrag)
    assert kia <= hoogste_vast
    assert kia <= hoogste_percentage * bedrag + Decimal("0.01")


@settings(max_examples=100)
@given(jaar=JAREN, a=BEDRAG, b=BEDRAG)
def test_more_investment_never_lowers_the_kia_until_the_afbouw_and_never_raises_it_after(
    jaar: int, a: Decimal, b: Decimal
) -> None:
    laag, hoog = sorted((a, b))
    grens = einde_vast_bedrag(jaar)
    if hoog <= grens:
        assert kia_van(jaar, laag) <= kia_van(jaar, hoog)
    elif laag > grens:
        assert kia_van(jaar, laag) >= kia_van(jaar, hoog)


@settings(max_examples=100)
@given(jaar=JAREN, desinvesteringen=st.lists(DESINVESTERING, min_size=1, max_size=4))
def test_the_desinvesteringsbijtelling_never_exceeds_the_percentage_of_the_purchase_prices(
    jaar: int, desinvesteringen: list[dict[str, Decimal]]
) -> None:
    uitkomst = bereken("kia", {"jaar": jaar, "investeringen": [], "desinvesteringen": desinvesteringen})
    plafond = sum((d["kia_percentage"] / 100 * d["aanschafprijs"] for d in desinvesteringen), Decimal(0))
    bijtelling = uitkomst.waarden["desinvesteringsbijtelling"]
    assert bijtelling is not None and bijtelling <= plafond + Decimal("0.01")


@settings(max_examples=50)
@given(bedrag=BEDRAG, regeling=st.sampled_from(["eia", "mia1", "mia2", "mia3"]))
def test_eia_or_mia_comes_on_top_of_the_same_kia(bedrag: Decimal, regeling: str) -> None:
    zonder = bereken("kia", {"jaar": 2026, "investeringen": [bedrag]}).waarden
    met = bereken("kia", {"jaar": 2026, "investeringen": [{"bedrag": bedrag, "regeling": regeling}]}).waarden
    assert met["kia"] == zonder["kia"]
    assert met["totale_aftrek"] >= zonder["totale_aftrek"]  # type: ignore[operator]


def test_vergelijk_runs_the_same_investment_for_two_years() -> None:
    vergelijking = vergelijk("kia", {"jaar": 2025, "investeringen": [35000]}, "jaar", [2025, 2026])
    assert [u.waarden["kia"] for _, u in vergelijking.varianten] == [Decimal(9800), Decimal(9800)]
    assert vergelijking.verschillen["kia"] == (Decimal(0), Decimal(0))
