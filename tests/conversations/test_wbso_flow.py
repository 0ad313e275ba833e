"""The wbso flow: its answers reach the calculator unchanged, and it asks only what is needed."""

from __future__ import annotations

from typing import Any

import pytest

from conversations.flows.wbso import FLOW
from conversations.routing import route
from conversations.state import Frame
from conversations.topics import FLOWS
from tests.conversations.doorloop import Chat, beantwoord_met, gevraagd_met_zelfde_uitkomst


def beantwoord(antwoorden: list[str]) -> tuple[Frame, list[str], str]:
    return beantwoord_met(FLOW, antwoorden)


GEVALLEN = [
    pytest.param(
        ["150.000", "nee", "nee"],
        {"s_o_kosten": "150000", "starter": False, "ib_ondernemer": False},
        ["s_o_kosten", "starter", "ib_ondernemer"],
        id="happy path: bv met S&O-personeel",
    ),
    pytest.param(
        ["500.000", "ja", "nee"],
        {"s_o_kosten": "500000", "starter": True},
        ["s_o_kosten", "starter", "ib_ondernemer"],
        id="starter boven de eerste schijf",
    ),
    pytest.param(
        ["80.000", "weet ik niet", "ja", "600", "ja", "nee"],
        {
            "s_o_kosten": "80000",
            "starter": False,
            "ib_ondernemer": True,
            "s_o_uren": "600",
            "urencriterium": True,
            "starter_ib": False,
        },
        ["s_o_kosten", "starter", "ib_ondernemer", "s_o_uren", "urencriterium", "starter_ib"],
        id="ondernemer met personeel en eigen S&O-uren",
    ),
    pytest.param(
        ["0", "ja", "1.200 uur", "weet ik niet", "ja"],
        {"s_o_kosten": "0", "starter": False, "ib_ondernemer": True, "s_o_uren": "1200", "starter_ib": True},
        ["s_o_kosten", "ib_ondernemer", "s_o_uren", "urencriterium", "starter_ib"],
        id="ondernemer zonder personeel: geen startervraag voor de afdrachtvermindering",
    ),
    pytest.param(
        ["0", "ja", "300", "ja", "weet ik niet"],
        {"s_o_kosten": "0", "starter": False, "ib_ondernemer": True, "s_o_uren": "300", "urencriterium": True},
        ["s_o_kosten", "ib_ondernemer", "s_o_uren", "urencriterium", "starter_ib"],
        id="te weinig S&O-uren",
    ),
    pytest.param(
        ["0", "ja", "800", "nee", "nee"],
        {"s_o_kosten": "0", "starter": False, "ib_ondernemer": True, "s_o_uren": "800", "urencriterium": False},
        ["s_o_kosten", "ib_ondernemer", "s_o_uren", "urencriterium", "starter_ib"],
        id="zonder urencriterium geen S&O-aftrek",
    ),
]


@pytest.mark.parametrize(("antwoorden", "invoer", "vragen"), GEVALLEN)
def test_the_answers_give_the_same_result_as_the_calculator(
    antwoorden: list[str], invoer: dict[str, Any], vragen: list[str]
) -> None:
    gevraagd = gevraagd_met_zelfde_uitkomst(FLOW, antwoorden, invoer)
    assert gevraagd == vragen


def test_the_happy_path_takes_three_questions_and_says_what_can_still_be_applied_for_today() -> None:
    _, gevraagd, antwoord = beantwoord(["150.000", "nee", "nee"])
    assert len(gevraagd) == 3
    antwoord = antwoord.replace("\xa0", " ")
    assert "€ 54.000 S&O-afdrachtvermindering" in antwoord
    # 23 November 2026: this year's applications closed on 30 September, 2027 is open until 20 December.
    assert "Voor 2026 kunt u geen WBSO meer aanvragen" in antwoord
    assert "Voor 2027 dient u uw aanvraag uiterlijk 20 december 2026 in" in antwoord


def test_a_self_employed_researcher_told_in_one_message_is_not_asked_again() -> None:
    chat = Chat().zeg("ik ben zzp software ontwikkelaar en doe zelf S&O, zo n 800 uur, geen personeel")
    assert chat.frame.flow == "wbso"
    antwoorden = chat.frame.antwoorden
    assert (antwoorden["s_o_kosten"], antwoorden["ib_ondernemer"], antwoorden["s_o_uren"]) == ("0", True, 800)
    assert chat.frame.vraag == "urencriterium"


def test_free_text_about_research_routes_here_only() -> None:
    for tekst in ("hoe werkt de WBSO?", "krijg ik S&O-afdrachtvermindering voor mijn R&D?"):
        assert list(route(tekst, FLOWS.values()).onderwerpen) == [FLOW.onderwerp], tekst
