"""Whether the dagwaarde (waarde in het economische verkeer) could decide the amount: a rule, asked by the chat."""

import datetime as dt

import pytest

from rules import bereken
from rules.auto_van_de_zaak import dagwaarde_kan_nodig_zijn


@pytest.mark.parametrize(
    ("toelating", "jaar", "nodig"),
    [
        (dt.date(2010, 6, 1), None, True),  # 15 in 2025: a youngtimer in some known year
        (dt.date(2010, 12, 15), None, True),  # 15 just before 2026: kept in 2026 by the beleidsbesluit
        (dt.date(2011, 3, 1), None, False),  # 16 only in 2027, when the age is already 25
        (dt.date(2010, 6, 1), 2024, False),  # only 14 in 2024
        (dt.date(2005, 6, 1), 2026, True),  # 21 in 2026: above the age of 16
        (dt.date(2005, 6, 1), 2027, False),  # 2027 asks 25 years
        (dt.date(2002, 1, 1), 2027, True),  # 25 in January 2027: youngtimer and the levy on its dagwaarde
    ],
)
def test_the_dagwaarde_is_asked_only_for_a_car_that_could_be_old_enough(
    toelating: dt.date, jaar: int | None, nodig: bool
) -> None:
    assert dagwaarde_kan_nodig_zijn(toelating, jaar) is nodig


@pytest.mark.parametrize("jaar", [2024, 2025, 2026, 2027])
@pytest.mark.parametrize("toelating", [dt.date(2001, 5, 1), dt.date(2009, 12, 31), dt.date(2011, 1, 1)])
def test_when_the_rule_says_not_needed_the_calculator_indeed_does_without(jaar: int, toelating: dt.date) -> None:
    if dagwaarde_kan_nodig_zijn(toelating, jaar):
        return
    uitkomst = bereken(
        "auto-van-de-zaak",
        {
            "jaar": jaar,
            "cataloguswaarde": 30000,
            "datum_eerste_toelating": toelating.isoformat(),
            "aandrijving": "brandstof",
            "rol": "werknemer",
        },
    )
    assert uitkomst.waarden["bijtelling"] is not None


def test_the_levy_can_only_decide_for_a_fossil_car_of_an_employer_from_its_first_year() -> None:
    from rules.auto_van_de_zaak import pseudo_eindheffing_kan_gelden, pseudo_eindheffing_vanaf

    assert pseudo_eindheffing_vanaf() == dt.date(2027, 1, 1)
    assert pseudo_eindheffing_kan_gelden(2027, "brandstof", "werknemer")
    assert pseudo_eindheffing_kan_gelden(2027, None, "dga"), "an unanswered drive may still be fossil"
    assert not pseudo_eindheffing_kan_gelden(2026, "brandstof", "werknemer")
    assert not pseudo_eindheffing_kan_gelden(2027, "elektrisch", "werknemer")
    assert not pseudo_eindheffing_kan_gelden(2027, "brandstof", "ondernemer")
