"""The sources a client sees explain the amount: primary first, at most a few, none for a rule that did not apply."""

from __future__ import annotations

import datetime as dt

from rules import Bron, bereken, toon_bronnen
from rules.auto_van_de_zaak import (
    EMISSIEVRIJ,
    PERCENTAGE,
    VASTE_PERIODE,
    YOUNGTIMER_LEEFTIJD,
    YOUNGTIMER_LEEFTIJD_VORIG_JAAR,
)
from rules.bronnen import MAXIMUM_GETOOND, is_primair, primair_eerst
from rules.parameters import standaard_parameters

WET = Bron("Wet IB 2001, art. 3.41", "https://wetten.overheid.nl/jci1.3:c:BWBR0011353&artikel=3.41")
BELASTINGDIENST = Bron("Belastingdienst, KIA", "https://www.belastingdienst.nl/kia")
STAATSCOURANT = Bron("Staatscourant 2026, 3708", "https://zoek.officielebekendmakingen.nl/stcrt-2026-3708.html")
NIEUWS = Bron("Autoweek, nieuws", "https://www.autoweek.nl/autonieuws/artikel/x")
ADVIES = Bron("Adviesbureau, uitleg", "https://adviseur.example.nl/kia")


def _primaire_urls(naam: str, op: dt.date) -> set[str]:
    periode = standaard_parameters().get(naam).periode_op(op)
    return {url for _, url in periode.bronnen if is_primair(url)}


def _alle_urls(naam: str) -> set[str]:
    return {url for periode in standaard_parameters().get(naam).perioden for _, url in periode.bronnen}


def test_the_statute_comes_first_then_official_pages_then_the_staatscourant_then_the_rest() -> None:
    geordend = primair_eerst([NIEUWS, STAATSCOURANT, ADVIES, BELASTINGDIENST, WET])
    assert geordend == (WET, BELASTINGDIENST, STAATSCOURANT, NIEUWS, ADVIES)


def test_a_client_sees_only_primary_sources_when_there_are_any_and_at_most_four() -> None:
    vijf_primaire = [
        WET,
        BELASTINGDIENST,
        STAATSCOURANT,
        Bron("RVO", "https://www.rvo.nl/a"),
        Bron("R", "https://www.rijksoverheid.nl/b"),
    ]
    getoond = toon_bronnen([NIEUWS, *vijf_primaire, ADVIES])
    assert len(getoond) == MAXIMUM_GETOOND
    assert all(is_primair(bron.url) for bron in getoond)


def test_without_any_primary_source_the_secondary_ones_are_shown() -> None:
    assert toon_bronnen([NIEUWS, ADVIES]) == (NIEUWS, ADVIES)


def test_the_sources_of_an_ev_bijtelling_cite_the_60_months_and_the_ev_rate_and_no_youngtimer_or_news() -> None:
    toelating = dt.date(2026, 1, 15)
    uitkomst = bereken(
        "auto-van-de-zaak",
        {
            "jaar": 2026,
            "cataloguswaarde": 45000,
            "datum_eerste_toelating": toelating.isoformat(),
            "aandrijving": "elektrisch",
            "rol": "werknemer",
        },
    )
    getoond = {bron.url for bron in toon_bronnen(uitkomst.bronnen)}
    assert _primaire_urls(VASTE_PERIODE, toelating) <= getoond
    assert _primaire_urls(EMISSIEVRIJ, toelating) <= getoond
    assert all(is_primair(url) for url in getoond)
    # Art. 13bis holds both the EV rate and the youngtimer rule; the youngtimer files' own sources must not appear.
    youngtimer = _alle_urls(YOUNGTIMER_LEEFTIJD) | _alle_urls(YOUNGTIMER_LEEFTIJD_VORIG_JAAR)
    youngtimer -= _alle_urls(VASTE_PERIODE) | _alle_urls(EMISSIEVRIJ) | _alle_urls(PERCENTAGE)
    assert youngtimer
    assert not youngtimer & {bron.url for bron in uitkomst.bronnen}
    assert not any("tweakers" in bron.url for bron in uitkomst.bronnen)


def test_a_car_that_is_a_youngtimer_does_cite_the_youngtimer_rule() -> None:
    uitkomst = bereken(
        "auto-van-de-zaak",
        {
            "jaar": 2025,
            "cataloguswaarde": 40000,
            "datum_eerste_toelating": "2008-01-01",
            "aandrijving": "brandstof",
            "rol": "werknemer",
            "waarde_economisch_verkeer": 6000,
        },
    )
    assert _primaire_urls(YOUNGTIMER_LEEFTIJD, dt.date(2025, 1, 1)) <= {bron.url for bron in uitkomst.bronnen}


def test_an_electric_car_names_no_source_for_the_pseudo_eindheffing_it_does_not_owe() -> None:
    uitkomst = bereken(
        "auto-van-de-zaak",
        {
            "jaar": 2027,
            "cataloguswaarde": 40000,
            "datum_eerste_toelating": "2027-01-15",
            "aandrijving": "elektrisch",
            "rol": "werknemer",
        },
    )
    assert not any("rijksfinancien" in bron.url or "pseudo" in bron.titel.lower() for bron in uitkomst.bronnen)


def test_the_result_lists_its_sources_primary_first() -> None:
    uitkomst = bereken("kia", {"jaar": 2026, "investeringen": [50000], "winst": 60000})
    rangen = [is_primair(bron.url) for bron in uitkomst.bronnen]
    assert rangen == sorted(rangen, reverse=True)
