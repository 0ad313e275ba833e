"""The kia flow: its answers reach the calculator as the list it wants, and it asks only what is needed."""

from __future__ import annotations

from typing import Any

import pytest

from conversations.flows.kia import FLOW
from conversations.routing import route
from conversations.state import Frame
from conversations.topics import FLOWS
from tests.conversations.doorloop import Chat, beantwoord_met, gevraagd_met_zelfde_uitkomst


def beantwoord(antwoorden: list[str]) -> tuple[Frame, list[str], str]:
    return beantwoord_met(FLOW, antwoorden)


IB = {"rechtsvorm": "ib_ondernemer"}
GEVALLEN = [
    pytest.param(
        ["70.000", "eenmanszaak", "ja", "EIA", "10.000", "15-10-2026", "nog niet", "nee", "ja", "80.000"],
        {
            "investeringen": ["60000", {"bedrag": "10000", "regeling": "eia", "datum_verplichting": "2026-10-15"}],
            "winst": "80000",
            **IB,
        },
        [
            "totaal",
            "rechtsvorm",
            "heeft_eia_mia",
            "regeling",
            "bedrag_eia_mia",
            "datum_verplichting",
            "melding",
            "verkocht",
            "kent_winst",
            "winst",
        ],
        id="happy path: een EIA-investering in het totaal, met winst",
    ),
    pytest.param(
        ["70.000", "eenmanszaak", "nee", "nee", "nee"],
        {"investeringen": ["70000"], **IB},
        ["totaal", "rechtsvorm", "heeft_eia_mia", "verkocht", "kent_winst"],
        id="alleen de KIA",
    ),
    pytest.param(
        ["50.000", "bv", "ja", "mia ii", "20.000", "weet ik niet", "nog niet", "nee", "weet ik niet"],
        {"investeringen": ["30000", {"bedrag": "20000", "regeling": "mia2"}], "rechtsvorm": "bv"},
        [
            "totaal",
            "rechtsvorm",
            "heeft_eia_mia",
            "regeling",
            "bedrag_eia_mia",
            "datum_verplichting",
            "melding",
            "verkocht",
            "kent_winst",
        ],
        id="MIA categorie II in een bv, winst en besteldatum onbekend",
    ),
    pytest.param(
        ["50.000", "vof", "100.000", "nee", "nee", "nee"],
        {"investeringen": ["50000"], "samenwerkingsverband_investeringen": "100000", **IB},
        ["totaal", "rechtsvorm", "totaal_samenwerking", "heeft_eia_mia", "verkocht", "kent_winst"],
        id="vennoot in een vof: de KIA over het totaal van de vof",
    ),
    pytest.param(
        ["20.000", "eenmanszaak", "nee", "ja", "6.000", "10.000", "28", "ja", "45.000"],
        {
            "investeringen": ["20000"],
            "desinvesteringen": [{"verkoopprijs": "6000", "aanschafprijs": "10000", "kia_percentage": "28"}],
            "winst": "45000",
            **IB,
        },
        [
            "totaal",
            "rechtsvorm",
            "heeft_eia_mia",
            "verkocht",
            "verkoopprijs",
            "aanschafprijs",
            "kia_percentage",
            "kent_winst",
            "winst",
        ],
        id="verkocht bedrijfsmiddel: desinvesteringsbijtelling",
    ),
    pytest.param(
        ["0", "nee", "nee"],
        {"investeringen": [], **IB},
        ["totaal", "verkocht", "kent_winst"],
        id="niets geinvesteerd: geen vraag naar rechtsvorm, EIA of MIA",
    ),
]


@pytest.mark.parametrize(("antwoorden", "invoer", "vragen"), GEVALLEN)
def test_the_answers_give_the_same_result_as_the_calculator(
    antwoorden: list[str], invoer: dict[str, Any], vragen: list[str]
) -> None:
    gevraagd = gevraagd_met_zelfde_uitkomst(FLOW, antwoorden, invoer)
    assert gevraagd == vragen


def test_the_plain_kia_takes_five_questions_and_an_eia_investment_five_more() -> None:
    _, gevraagd, antwoord = beantwoord(["70.000", "eenmanszaak", "nee", "nee", "nee"])
    assert len(gevraagd) == 5
    assert "U kunt over 2026 € 19.600 investeringsaftrek van uw winst aftrekken;" in antwoord.replace("\xa0", " ")
    _, gevraagd, _ = beantwoord(
        ["70.000", "eenmanszaak", "ja", "EIA", "10.000", "1-10-2026", "nog niet", "nee", "ja", "80.000"]
    )
    assert len(gevraagd) <= 10


def test_nee_bv_at_the_question_about_a_vof_answers_it_with_the_bv() -> None:
    chat = Chat("kia").zeg("45.000", "nee, bv")
    assert chat.frame.antwoorden["rechtsvorm"] == "bv"


def test_free_text_about_investing_routes_here_only() -> None:
    assert list(route("hoeveel investeringsaftrek krijg ik voor een nieuwe machine?", FLOWS.values()).onderwerpen) == [
        FLOW.onderwerp
    ]
    assert list(route("valt mijn warmtepomp onder de EIA?", FLOWS.values()).onderwerpen) == [FLOW.onderwerp]


def test_an_eia_part_larger_than_the_total_is_refused_with_the_total_named() -> None:
    chat = Chat("kia").zeg("10.000", "eenmanszaak", "ja", "1", "12.000")
    assert "meer dan uw totale investering van € 10.000" in chat.tekst()
    assert chat.frame.vraag == "bedrag_eia_mia"
    chat.zeg("8.000")
    assert chat.frame.antwoorden["bedrag_eia_mia"] == "8000"
