"""The auto-van-de-zaak flow: at most seven questions for a new car, and the dagwaarde only for an old one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conversations.flows.auto_van_de_zaak import FLOW
from conversations.routing import route
from conversations.state import JAAR_ANTWOORD, Frame
from conversations.topics import FLOWS
from rules import OngeldigeInvoer, bereken
from tests.conversations.doorloop import beantwoord_met, gevraagd_met_zelfde_uitkomst

BEKENDE_JAREN = (2024, 2025, 2026, 2027)


def beantwoord(antwoorden: list[str]) -> tuple[Frame, list[str], str]:
    return beantwoord_met(FLOW, antwoorden)


NIEUWE_AUTO = ["werknemer", "45.000", "elektrisch", "1-3-2026", "ja", "0"]
BASIS = ["rol", "cataloguswaarde", "aandrijving", "datum_eerste_toelating"]

GEVALLEN = [
    pytest.param(
        NIEUWE_AUTO,
        {
            "rol": "werknemer",
            "cataloguswaarde": "45000",
            "aandrijving": "elektrisch",
            "datum_eerste_toelating": "2026-03-01",
            "ter_beschikking_sinds": "2026-03-01",
            "privegebruik": "meer_dan_500_km",
            "schijf": 2,
            "eigen_bijdrage": "0",
        },
        [*BASIS, "sinds_nieuw", "eigen_bijdrage"],
        id="happy path: werknemer met een nieuwe elektrische auto",
    ),
    pytest.param(
        ["dga", "60.000", "brandstof", "10-2-2024", "nee", "1-7-2026", "1.200"],
        {
            "rol": "dga",
            "cataloguswaarde": "60000",
            "aandrijving": "brandstof",
            "datum_eerste_toelating": "2024-02-10",
            "ter_beschikking_sinds": "2026-07-01",
            "privegebruik": "meer_dan_500_km",
            "schijf": 2,
            "eigen_bijdrage": "1200",
        },
        [*BASIS, "sinds_nieuw", "ter_beschikking_sinds", "eigen_bijdrage"],
        id="DGA die de auto later kreeg, met eigen bijdrage",
    ),
    pytest.param(
        ["werknemer", "40.000", "brandstof", "1-5-2009", "12.000", "nee", "1-1-2020", "0"],
        {
            "rol": "werknemer",
            "cataloguswaarde": "40000",
            "aandrijving": "brandstof",
            "datum_eerste_toelating": "2009-05-01",
            "waarde_economisch_verkeer": "12000",
            "ter_beschikking_sinds": "2020-01-01",
            "privegebruik": "meer_dan_500_km",
            "schijf": 2,
            "eigen_bijdrage": "0",
        },
        [
            *BASIS,
            "waarde_economisch_verkeer",
            "sinds_nieuw",
            "ter_beschikking_sinds",
            "eigen_bijdrage",
        ],
        id="youngtimer",
    ),
    pytest.param(
        ["ondernemer (ib)", "50.000", "brandstof", "1-4-2023", "ja", "7", "hooguit", "8", "nee"],
        {
            "rol": "ondernemer",
            "cataloguswaarde": "50000",
            "aandrijving": "brandstof",
            "datum_eerste_toelating": "2023-04-01",
            "ter_beschikking_sinds": "2023-04-01",
            "privegebruik": "max_500_km",
            "schijf": 2,
            "woon_werk": False,
        },
        [*BASIS, "sinds_nieuw", "privegebruik", "woon_werk"],
        id="ondernemer die de aannames over privégebruik en woon-werk wijzigt",
    ),
    pytest.param(
        ["ondernemer", "50.000", "waterstof", "1-4-2023", "ja"],
        {
            "rol": "ondernemer",
            "cataloguswaarde": "50000",
            "aandrijving": "waterstof",
            "datum_eerste_toelating": "2023-04-01",
            "ter_beschikking_sinds": "2023-04-01",
            "privegebruik": "meer_dan_500_km",
            "schijf": 2,
        },
        [*BASIS, "sinds_nieuw"],
        id="ondernemer: geen eigen bijdrage",
    ),
]


@pytest.mark.parametrize(("antwoorden", "invoer", "vragen"), GEVALLEN)
def test_the_answers_give_the_same_result_as_the_calculator(
    antwoorden: list[str], invoer: dict[str, Any], vragen: list[str]
) -> None:
    gevraagd = gevraagd_met_zelfde_uitkomst(FLOW, antwoorden, invoer)
    assert gevraagd == vragen


def test_the_happy_path_takes_at_most_seven_questions() -> None:
    _, gevraagd, antwoord = beantwoord(NIEUWE_AUTO)
    assert len(gevraagd) == 6
    assert "Uw bijtelling over 10 maanden van 2026 is € 7.250 (gemiddeld € 725 per maand" in antwoord.replace(
        "\xa0", " "
    )


def _invoer(jaar: int, toelating: dt.date, **extra: Any) -> dict[str, Any]:
    return {
        "jaar": jaar,
        "rol": "werknemer",
        "cataloguswaarde": "40000",
        "aandrijving": "brandstof",
        "datum_eerste_toelating": toelating.isoformat(),
        **extra,
    }


def test_the_flow_asks_the_dagwaarde_in_a_year_exactly_when_the_calculator_may_need_it() -> None:
    gevraagd_en_nodig = []
    for jaar in BEKENDE_JAREN:
        for toelating in (dt.date(j, m, 1) for j in range(1995, jaar + 1) for m in (1, 12)):
            gevraagd = FLOW.predicaten["mogelijk_youngtimer"](
                {"datum_eerste_toelating": toelating.isoformat(), JAAR_ANTWOORD: jaar}
            )
            try:
                bereken(FLOW.onderwerp, _invoer(jaar, toelating))
            except OngeldigeInvoer as fout:
                assert fout.veld == "waarde_economisch_verkeer"
                assert gevraagd, f"{jaar}: a car first admitted {toelating} needs its dagwaarde but is not asked"
                gevraagd_en_nodig.append((jaar, toelating))
    assert gevraagd_en_nodig, "some car in some known year needs its dagwaarde"


def test_the_year_comparisons_offered_fit_the_year_and_the_car() -> None:
    opties = {w.id: w for w in FLOW.wat_als}
    nieuw_2026 = _invoer(2026, dt.date(2026, 3, 1))
    assert opties["pseudo_eindheffing"].alleen_als(nieuw_2026)
    assert opties["pseudo_eindheffing"].waarden(nieuw_2026) == (2026, 2027)
    assert not opties["vorig_jaar"].alleen_als(nieuw_2026)
    nieuw_2027 = _invoer(2027, dt.date(2027, 1, 15))
    assert not opties["pseudo_eindheffing"].alleen_als(nieuw_2027)
    assert not opties["vorig_jaar"].alleen_als(nieuw_2027)
    assert opties["vorig_jaar"].alleen_als(_invoer(2027, dt.date(2025, 1, 15)))


@pytest.mark.parametrize(
    "tekst",
    ["bijtelling tesla", "hoeveel kost mijn leaseauto?", "auto van de zaak", "wat is een youngtimer?"],
)
def test_free_text_about_a_company_car_routes_here_only(tekst: str) -> None:
    assert list(route(tekst, FLOWS.values()).onderwerpen) == [FLOW.onderwerp]
