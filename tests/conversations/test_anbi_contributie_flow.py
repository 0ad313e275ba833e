"""The anbi-contributie flow: its answers reach the calculator unchanged, and it asks only what is needed."""

from __future__ import annotations

from typing import Any

import pytest

from conversations.flows.anbi_contributie import FLOW
from conversations.routing import route
from conversations.state import Frame
from conversations.topics import FLOWS
from tests.conversations.doorloop import beantwoord_met, gevraagd_met_zelfde_uitkomst


def beantwoord(antwoorden: list[str]) -> tuple[Frame, list[str], str]:
    return beantwoord_met(FLOW, antwoorden)


GEVALLEN = [
    pytest.param(
        ["500", "ja", "nee", "nee, niets", "40.000", "300"],
        {
            "anbi": True,
            "culturele_anbi": False,
            "contributie": "500",
            "tegenprestatie": "geen",
            "periodiek": False,
            "drempelinkomen": "40000",
            "overige_gewone_giften": "300",
        },
        ["contributie", "anbi", "periodiek", "tegenprestatie", "drempelinkomen", "overige_gewone_giften"],
        id="happy path: ANBI, niets terug, gewone gift",
    ),
    pytest.param(
        ["500", "ja", "nee", "ja, iets van waarde", "ja", "150", "40000", "weet ik niet"],
        {
            "anbi": True,
            "culturele_anbi": False,
            "contributie": "500",
            "tegenprestatie": "wezenlijk",
            "splitsbaar": True,
            "waarde_tegenprestatie": "150",
            "periodiek": False,
            "drempelinkomen": "40000",
            "overige_gewone_giften": "0",
        },
        [
            "contributie",
            "anbi",
            "periodiek",
            "tegenprestatie",
            "splitsbaar",
            "waarde_tegenprestatie",
            "drempelinkomen",
            "overige_gewone_giften",
        ],
        id="te splitsen tegenprestatie",
    ),
    pytest.param(
        ["500", "ja", "nee", "ja, iets van waarde", "nee"],
        {
            "anbi": True,
            "culturele_anbi": False,
            "contributie": "500",
            "tegenprestatie": "wezenlijk",
            "splitsbaar": False,
            "waarde_tegenprestatie": "0",
            "periodiek": False,
            "drempelinkomen": "0",
        },
        ["contributie", "anbi", "periodiek", "tegenprestatie", "splitsbaar"],
        id="niet te splitsen tegenprestatie: geen inkomen nodig",
    ),
    pytest.param(
        ["500", "nee", "ja", "alleen iets kleins", "60000"],
        {
            "anbi": False,
            "contributie": "500",
            "tegenprestatie": "symbolisch",
            "periodiek": True,
            "drempelinkomen": "60000",
        },
        ["contributie", "anbi", "periodiek", "tegenprestatie", "drempelinkomen"],
        id="periodieke gift aan een vereniging zonder ANBI-status",
    ),
    pytest.param(
        ["300", "weet ik niet", "nee"],
        {
            "anbi": False,
            "contributie": "300",
            "tegenprestatie": "geen",
            "periodiek": False,
            "drempelinkomen": "0",
        },
        ["contributie", "anbi", "periodiek"],
        id="geen ANBI, geen periodieke gift: niets meer nodig",
    ),
]


@pytest.mark.parametrize(("antwoorden", "invoer", "vragen"), GEVALLEN)
def test_the_answers_give_the_same_result_as_the_calculator(
    antwoorden: list[str], invoer: dict[str, Any], vragen: list[str]
) -> None:
    gevraagd = gevraagd_met_zelfde_uitkomst(FLOW, antwoorden, invoer)
    assert gevraagd == vragen


def test_the_happy_path_takes_at_most_seven_questions() -> None:
    _, gevraagd, antwoord = beantwoord(["500", "ja", "nee", "1", "40000", "300"])
    assert len(gevraagd) <= 7
    assert "U kunt € 400 van uw contributie als gift aftrekken" in antwoord.replace("\xa0", " ")


def test_free_text_about_a_tennis_club_routes_here_only() -> None:
    assert list(route("is de contributie van mijn tennisclub aftrekbaar?", FLOWS.values()).onderwerpen) == [
        FLOW.onderwerp
    ]
