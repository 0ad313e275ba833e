"""Properties of the WBSO calculator that hold for every input, checked with generated costs and hours."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rules import OngeldigeInvoer, Uitkomst, bereken
from rules.rekenblad import Rekenblad
from rules.wbso import TARIEF_EERSTE_SCHIJF_STARTERS

JAREN = st.sampled_from([2024, 2025, 2026])
KOSTEN = st.decimals(min_value=0, max_value=10_000_000, places=2)
UREN = st.decimals(min_value=0, max_value=3000, places=1)


def afdracht(jaar: int, kosten: Decimal, starter: bool) -> Decimal:
    waarde = bereken("wbso", {"jaar": jaar, "s_o_kosten": kosten, "starter": starter}).waarden["afdrachtvermindering"]
    assert waarde is not None
    return waarde


def aftrek(jaar: int, uren: Decimal, starter_ib: bool) -> Decimal:
    invoer = {
        "jaar": jaar,
        "s_o_kosten": 0,
        "starter": False,
        "ib_ondernemer": True,
        "s_o_uren": uren,
        "starter_ib": starter_ib,
    }
    waarde = bereken("wbso", invoer).waarden["s_o_aftrek"]
    assert waarde is not None
    return waarde


@settings(max_examples=150)
@given(
    jaar=st.integers(2020, 2030),
    kosten=st.one_of(KOSTEN, st.integers(-10, 10)),
    starter=st.booleans(),
    ib_ondernemer=st.one_of(st.none(), st.booleans()),
    uren=st.one_of(st.none(), UREN),
    starter_ib=st.one_of(st.none(), st.booleans()),
)
def test_no_input_crashes_the_calculator_and_no_amount_is_negative(
    jaar: int,
    kosten: Any,
    starter: bool,
    ib_ondernemer: bool | None,
    uren: Decimal | None,
    starter_ib: bool | None,
) -> None:
    invoer: dict[str, Any] = {"jaar": jaar, "s_o_kosten": kosten, "starter": starter}
    for veld, waarde in (("ib_ondernemer", ib_ondernemer), ("s_o_uren", uren), ("starter_ib", starter_ib)):
        if waarde is not None:
            invoer[veld] = waarde
    try:
        uitkomst = bereken("wbso", invoer)
    except OngeldigeInvoer:
        return
    assert isinstance(uitkomst, Uitkomst)
    assert all(waarde is None or waarde >= 0 for waarde in uitkomst.waarden.values()), uitkomst.waarden
    assert (uitkomst.waarden["s_o_aftrek"] is None) == (not ib_ondernemer)
    assert any("vóór de periode begint" in aanname for aanname in uitkomst.aannames)


@settings(max_examples=100)
@given(jaar=JAREN, a=KOSTEN, b=KOSTEN, starter=st.booleans())
def test_more_s_o_costs_never_lower_the_afdrachtvermindering(jaar: int, a: Decimal, b: Decimal, starter: bool) -> None:
    laag, hoog = sorted((a, b))
    assert afdracht(jaar, laag, starter) <= afdracht(jaar, hoog, starter)


@settings(max_examples=100)
@given(jaar=JAREN, kosten=KOSTEN)
def test_a_starter_never_gets_less_and_nobody_more_than_the_starters_rate_on_everything(
    jaar: int, kosten: Decimal
) -> None:
    hoogste_tarief = Rekenblad("wbso", jaar).waarde(TARIEF_EERSTE_SCHIJF_STARTERS)
    gewoon, starter = afdracht(jaar, kosten, False), afdracht(jaar, kosten, True)
    assert gewoon <= starter <= hoogste_tarief * kosten + Decimal("0.01")


@settings(max_examples=100)
@given(jaar=JAREN, a=UREN, b=UREN, starter_ib=st.booleans())
def test_more_s_o_hours_never_lower_the_s_o_aftrek(jaar: int, a: Decimal, b: Decimal, starter_ib: bool) -> None:
    laag, hoog = sorted((a, b))
    assert aftrek(jaar, laag, starter_ib) <= aftrek(jaar, hoog, starter_ib)
    assert aftrek(jaar, hoog, False) <= aftrek(jaar, hoog, True)
