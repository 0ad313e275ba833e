"""Every text a client can see from the rules core is free of the firm's research notes."""

from __future__ import annotations

from typing import Any

import pytest

from rules import INTERNE_WOORDEN, OngeldigeInvoer, bereken, interne_woorden_in
from rules.parameters import Status, standaard_parameters
from tests.rules.test_cases import _json_like, load_cases


def test_the_list_of_internal_words_is_exported_for_the_conversation_layer() -> None:
    assert {"github", "rekenhulp", "nagelezen", "niet gevonden", "niet gelezen", "kennisbank", "tax-facts"} <= set(
        INTERNE_WOORDEN
    )


def test_an_internal_word_is_found_whatever_its_case() -> None:
    assert interne_woorden_in("Komt uit een GitHub-Rekenhulp.") == ("github", "rekenhulp")
    assert interne_woorden_in("Dit percentage is nog voorlopig.") == ()


def test_no_client_reservation_of_any_parameter_file_contains_an_internal_word() -> None:
    voorbehouden = [
        (parameter.naam, periode.voorbehoud)
        for parameter in standaard_parameters().laad_alles()
        for periode in parameter.perioden
        if periode.status is not Status.DEFINITIEF
    ]
    assert voorbehouden
    for naam, tekst in voorbehouden:
        assert tekst and not interne_woorden_in(tekst), (naam, tekst)


def _klantteksten(onderwerp: str, invoer: dict[str, Any]) -> list[tuple[str, str]]:
    uitkomst = bereken(onderwerp, invoer)
    teksten = [("conclusie", uitkomst.conclusie)]
    teksten += [("stap", stap.omschrijving) for stap in uitkomst.stappen]
    teksten += [("aanname", tekst) for tekst in uitkomst.aannames]
    teksten += [("voorlopig", tekst) for tekst in uitkomst.voorlopig]
    teksten += [("bron", bron.titel) for bron in uitkomst.bronnen]
    if uitkomst.netto is not None:
        teksten += [("netto", uitkomst.netto.zin), ("netto-aanname", uitkomst.netto.aanname)]
    return teksten


@pytest.mark.parametrize(("onderwerp", "geval"), load_cases())
def test_no_client_text_of_any_case_contains_an_internal_word(onderwerp: str, geval: dict[str, Any]) -> None:
    try:
        teksten = _klantteksten(onderwerp, _json_like(geval["invoer"]))
    except OngeldigeInvoer as fout:
        teksten = [("fout", str(fout))]
    for soort, tekst in teksten:
        assert not interne_woorden_in(tekst), (soort, tekst)
