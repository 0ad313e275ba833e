"""The box3 flow: its answers reach the calculator unchanged, green investments included."""

from __future__ import annotations

from typing import Any

import pytest

from conversations.flows.box3 import FLOW
from conversations.onderwerp import calculator_invoer
from conversations.state import Frame
from tests.conversations.doorloop import Chat, beantwoord_met, gevraagd_met_zelfde_uitkomst


def beantwoord(antwoorden: list[str]) -> tuple[Frame, list[str], str]:
    return beantwoord_met(FLOW, antwoorden)


GEVALLEN = [
    pytest.param(
        ["nee", "150.000", "0", "0"],
        {"spaargeld": "150000", "beleggingen": "0", "schulden": "0", "fiscale_partner": False},
        4,
        id="alleen spaargeld: zonder beleggingen geen vraag naar groene beleggingen",
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


def test_more_green_investments_than_investments_is_refused_and_asked_again() -> None:
    chat = Chat("box3").zeg("nee", "0", "10.000", "0", "ja", "50k")
    assert "meer dan uw beleggingen van € 10.000" in chat.tekst()
    assert chat.frame.vraag == "groene_beleggingen"
    chat.zeg("4.000")
    assert calculator_invoer(chat.frame, FLOW)["groene_beleggingen"] == "4000"


def test_the_partner_words_appear_only_with_a_partner() -> None:
    assert "fiscale partner samen" not in Chat("box3").zeg("nee").tekst()
    assert "(met uw fiscale partner samen)" in Chat("box3").zeg("ja").tekst()
