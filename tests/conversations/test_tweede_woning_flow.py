"""The tweede-woning flow: its answers reach the calculator unchanged, and it asks only what is needed."""

from __future__ import annotations

from typing import Any

import pytest

from conversations.flows.tweede_woning import FLOW
from conversations.routing import route
from conversations.state import Frame
from conversations.topics import FLOWS
from tests.conversations.doorloop import Chat, beantwoord_met, gevouwen, gevraagd_met_zelfde_uitkomst


def beantwoord(antwoorden: list[str]) -> tuple[Frame, list[str], str]:
    return beantwoord_met(FLOW, antwoorden)


BOX3 = ["fiscale_partner", "hypotheek", "spaargeld", "beleggingen"]
GEVALLEN = [
    pytest.param(
        ["nog kopen", "350.000", "ja", "nee", "ja", "200.000", "40.000", "0"],
        {
            "aankoopprijs": "350000",
            "datum_aankoop": "2026-12-31",
            "woz_waarde": "350000",
            "verhuurd": False,
            "fiscale_partner": True,
            "hypotheek": "200000",
            "spaargeld": "40000",
            "beleggingen": "0",
        },
        ["situatie", "koopprijs", "overdracht_dit_jaar", "verhuurd", *BOX3],
        id="happy path: kopen en houden, niet verhuurd",
    ),
    pytest.param(
        ["alleen overdrachtsbelasting", "350000"],
        {"aankoopprijs": "350000"},
        ["situatie", "koopprijs"],
        id="alleen de overdrachtsbelasting",
    ),
    pytest.param(
        ["heb hem al", "320000", "ja", "vaste huurder", "14400", "nee", "0", "80000", "0"],
        {
            "woz_waarde": "320000",
            "verhuurd": True,
            "huurbescherming": True,
            "tijdelijk_huurcontract": False,
            "huurder_gelieerd": False,
            "jaarhuur": "14400",
            "fiscale_partner": False,
            "hypotheek": "0",
            "spaargeld": "80000",
            "beleggingen": "0",
        },
        ["situatie", "woz_waarde", "verhuurd", "huurvorm", "jaarhuur", *BOX3],
        id="in bezit, verhuurd met huurbescherming",
    ),
    pytest.param(
        ["heb hem al", "320000", "ja", "familie", "ja", "100000", "20000", "50000"],
        {
            "woz_waarde": "320000",
            "verhuurd": True,
            "huurder_gelieerd": True,
            "fiscale_partner": True,
            "hypotheek": "100000",
            "spaargeld": "20000",
            "beleggingen": "50000",
        },
        ["situatie", "woz_waarde", "verhuurd", "huurvorm", *BOX3],
        id="in bezit, verhuurd aan familie: geen huur nodig",
    ),
    pytest.param(
        ["nog kopen", "400000", "ja", "ja", "vakantieverhuur", "nee", "0", "100000", "25000"],
        {
            "aankoopprijs": "400000",
            "datum_aankoop": "2026-12-31",
            "woz_waarde": "400000",
            "verhuurd": True,
            "fiscale_partner": False,
            "hypotheek": "0",
            "spaargeld": "100000",
            "beleggingen": "25000",
        },
        ["situatie", "koopprijs", "overdracht_dit_jaar", "verhuurd", "huurvorm", *BOX3],
        id="kopen voor vakantieverhuur",
    ),
]


@pytest.mark.parametrize(("antwoorden", "invoer", "vragen"), GEVALLEN)
def test_the_answers_give_the_same_result_as_the_calculator(
    antwoorden: list[str], invoer: dict[str, Any], vragen: list[str]
) -> None:
    gevraagd = gevraagd_met_zelfde_uitkomst(FLOW, antwoorden, invoer)
    assert gevraagd == vragen


def test_the_happy_path_takes_at_most_eight_questions() -> None:
    _, gevraagd, antwoord = beantwoord(["1", "350000", "ja", "nee", "ja", "200000", "40000", "0"])
    assert len(gevraagd) <= 8
    tekst = antwoord.replace("\xa0", " ")
    assert "U betaalt bij aankoop € 28.000 overdrachtsbelasting" in tekst
    assert "€ 2.345,04" in tekst


def test_the_assumed_inputs_are_said_out_loud_in_the_summary_and_under_uitgangspunten() -> None:
    chat = Chat("tweede-woning").zeg("heb hem al", "320000", "nee", "nee", "0", "80000", "0")
    assert "soort pand: Woning (aangenomen)" in chat.tekst()
    chat.zeg("bereken").druk("Uitgangspunten")
    for standaard in FLOW.standaarden:
        assert gevouwen(standaard.aanname) in chat.tekst()


def test_a_shop_named_in_the_first_message_is_taxed_as_a_niet_woning_with_its_price() -> None:
    chat = Chat().zeg("hoeveel overdrachtsbelasting betaal ik voor een winkelpand van 4 ton")
    assert "soort pand: Ander pand" in chat.tekst() and "koopprijs: € 400.000" in chat.tekst()
    chat.zeg("alleen overdrachtsbelasting", "ja")
    assert "€ 41.600" in chat.tekst() and "10,4%" in chat.tekst()


@pytest.mark.parametrize(
    "tekst", ["tweede huis kopen", "Ik wil een vakantiewoning kopen", "Hoeveel overdrachtsbelasting betaal ik?"]
)
def test_free_text_about_a_second_home_routes_here(tekst: str) -> None:
    assert list(route(tekst, FLOWS.values()).onderwerpen)[:1] == [FLOW.onderwerp]


def test_a_purchase_later_than_the_years_known_figures_is_said_honestly_and_can_be_reckoned_as_this_year() -> None:
    chat = Chat("tweede-woning").zeg("kopen", "300.000", "nee")
    assert "Voor 2027 zijn nog niet alle bedragen bekend" in chat.tekst()
    assert chat.frame.vraag == "overdracht_dit_jaar"
    chat.zeg("ja", "nee", "nee", "0", "50.000", "0", "bereken")
    assert "pas mee vanaf 2027" in chat.tekst() or "vanaf 2027" in chat.tekst()
