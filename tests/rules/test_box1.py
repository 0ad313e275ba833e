"""Box 1 indications, checked by hand against the 2024–2026 brackets of art. 2.10 Wet IB 2001."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rules.box1 import (
    belasting_over_extra_inkomen,
    belasting_over_winst,
    box1_belasting,
    heffingskortingen_kunnen_alles_wegnemen,
    schijf,
    schijven,
    waarde_van_aftrek,
)
from rules.parameters import ParameterOntbreekt
from rules.rekenblad import Rekenblad


def test_income_in_the_first_bracket_of_2026_is_taxed_at_35_75_percent() -> None:
    assert box1_belasting(Rekenblad("t", 2026), Decimal(30000)) == Decimal("10725.00")


def test_income_across_all_three_brackets_of_2025_adds_up_per_bracket() -> None:
    # 38.441 × 35,82% + (76.817 − 38.441) × 37,48% + (100.000 − 76.817) × 49,50%
    verwacht = Decimal("13769.5662") + Decimal("14383.3248") + Decimal("11475.585")
    assert box1_belasting(Rekenblad("t", 2025), Decimal(100000)) == verwacht.quantize(Decimal("0.01"))


def test_extra_income_crossing_into_the_top_bracket_of_2026_costs_both_rates() -> None:
    # 1.000 at 37,56% below 78.426 and 1.000 at 49,50% above it.
    kosten = belasting_over_extra_inkomen(Rekenblad("t", 2026), Decimal(77426), Decimal(2000))
    assert kosten == Decimal("870.60")


def test_a_deduction_in_the_top_bracket_is_worth_only_the_maximum_deduction_rate() -> None:
    # 2026: 5.000 deducted from 100.000, all in the top bracket: worth 37,56%, not 49,50%.
    assert waarde_van_aftrek(Rekenblad("t", 2026), Decimal(100000), Decimal(5000)) == Decimal("1878.00")


def test_without_the_tariefsaanpassing_the_same_deduction_is_worth_the_top_rate() -> None:
    blad = Rekenblad("t", 2026)
    assert waarde_van_aftrek(blad, Decimal(100000), Decimal(5000), tariefsaanpassing=False) == Decimal("2475.00")


def test_a_deduction_straddling_the_top_bracket_boundary_is_split_at_it() -> None:
    # 2025: income 77.817, deduction 2.000: 1.000 in the top bracket at 37,48%, 1.000 below it at 37,48%.
    assert waarde_van_aftrek(Rekenblad("t", 2025), Decimal(77817), Decimal(2000)) == Decimal("749.60")


def test_a_deduction_larger_than_the_income_saves_no_more_than_all_the_tax() -> None:
    blad = Rekenblad("t", 2024)
    assert waarde_van_aftrek(blad, Decimal(1000), Decimal(5000)) == box1_belasting(blad, Decimal(1000))


def test_box1_for_2027_is_not_known_yet() -> None:
    with pytest.raises(ParameterOntbreekt, match="2027"):
        box1_belasting(Rekenblad("t", 2027), Decimal(50000))


def test_without_a_bracket_a_middle_income_is_assumed_the_second_of_three_or_the_first_of_two() -> None:
    assert schijf(Rekenblad("t", 2026), None)[0].tarief == Decimal("0.3756")
    assert schijf(Rekenblad("t", 2024), None)[0].tarief == Decimal("0.3697")
    assert schijf(Rekenblad("t", 2026), 3) == (schijven(Rekenblad("t", 2026))[2], False)


def test_the_profit_after_the_mkb_winstvrijstelling_is_taxed_with_its_tariefsaanpassing() -> None:
    # 2026: 100.000 × 87,3% = 87.300 taxed; plus 11,94% × min(12.700, 100.000 − 78.426) = 1.516,38.
    blad = Rekenblad("t", 2026)
    assert belasting_over_winst(blad, Decimal(100000)) == box1_belasting(blad, Decimal(87300)) + Decimal("1516.38")


def test_at_a_low_income_the_heffingskortingen_may_take_away_all_the_tax() -> None:
    blad = Rekenblad("t", 2026)
    assert heffingskortingen_kunnen_alles_wegnemen(blad, Decimal(20000))
    assert not heffingskortingen_kunnen_alles_wegnemen(blad, Decimal(40000))
