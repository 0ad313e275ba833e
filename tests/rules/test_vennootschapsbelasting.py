from decimal import Decimal

from rules.rekenblad import Rekenblad
from rules.vennootschapsbelasting import laagste_tarief, vennootschapsbelasting


def test_a_bv_with_300000_profit_pays_19_percent_up_to_200000_and_25_8_above() -> None:
    # 19% × 200.000 = 38.000 + 25,8% × 100.000 = 25.800.
    assert vennootschapsbelasting(Rekenblad("t", 2026), Decimal(300000)) == Decimal("63800.00")


def test_a_profit_below_the_limit_pays_only_the_lowest_rate() -> None:
    blad = Rekenblad("t", 2024)
    assert vennootschapsbelasting(blad, Decimal(100000)) == Decimal("19000.00")
    assert laagste_tarief(blad) == (Decimal("0.19"), Decimal(200000))
