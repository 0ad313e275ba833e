"""The box3 flow: its answers reach the calculator unchanged, green investments included."""

from __future__ import annotations

from typing import Any

import pytest

from conversations.engine import calculator_invoer
from conversations.flows.box3 import FLOW
from conversations.state import Sessie
from tests.conversations.doorloop import beantwoord_met, gevraagd_met_zelfde_uitkomst


def beantwoord(antwoorden: list[str]) -> tuple[Sessie, list[str], str]:
    return beantwoord_met(FLOW, antwoorden)


GEVALLEN = [
    pytest.param(
        ["nee", "150.000", "0", "0", "nee"],
        {"spaargeld": "150000", "beleggingen": "0", "schulden": "0", "fiscale_partner": False},
        5,
        id="alleen spaargeld",
    ),
    pytest.param(
        ["ja", "100.000", "250.000", "20.000", "weet ik niet"],
        {"spaargeld": "100000", "beleggingen": "250000", "schulden": "20000", "fiscale_partner": True},
        5,
        id="partners met beleggingen en schulden",
    ),
    pytest.param(
        ["nee", "150.000", "50.000", "0", "ja", "20.000"],
        {
            "spaargeld": "150000",
            "beleggingen": "50000",
            "groene_beleggingen": "20000",
            "schulden": "0",
            "fiscale_partner": False,
        },
        6,
        id="groene beleggingen als deel van de beleggingen",
    ),
]


@pytest.mark.parametrize(("antwoorden", "invoer", "aantal"), GEVALLEN)
def test_the_answers_give_the_same_result_as_the_calculator(
    antwoorden: list[str], invoer: dict[str, Any], aantal: int
) -> None:
    gevraagd = gevraagd_met_zelfde_uitkomst(FLOW, antwoorden, invoer)
    assert len(gevraagd) == aantal


def test_more_green_investments_than_investments_count_as_green_only() -> None:
    sessie, _, _ = beantwoord(["nee", "0", "10.000", "0", "ja", "30.000"])
    invoer = calculator_invoer(sessie, FLOW)
    assert (invoer["beleggingen"], invoer["groene_beleggingen"]) == ("30000", "30000")
