"""The answer as a client reads it on a phone: short first, each detail on request, no internal notes.

For every topic's typical case the first answer fits in 700 characters and names the main amount and a net
effect in euros; each detail fits in 1,500. No text a client can see, in any flow or answer, carries a note
meant for the firm's advisers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from conversations.flow import Flow
from conversations.formatting import DETAIL_MAXIMUM, KORT_MAXIMUM
from conversations.replies import stukken, zonder_opmaak
from conversations.topics import FLOWS, HULPFLOWS
from rules import interne_woorden_in
from tests.conversations.doorloop import Chat
from tests.conversations.test_transcripts import load

TYPISCH = {
    "anbi-contributie": ["500", "ja", "nee", "nee, niets", "45.000", "0"],
    "auto-van-de-zaak": ["werknemer", "45.000", "elektrisch", "1-3-2026", "ja", "0"],
    "tweede-woning": ["nog kopen", "350.000", "ja", "nee", "ja", "200.000", "40.000", "0"],
    "kia": ["70.000", "eenmanszaak", "ja", "eia", "10.000", "1-11-2026", "nog niet", "nee", "ja", "80.000"],
    "box3": ["ja", "150.000", "50.000", "0", "nee"],
    "wbso": ["150.000", "nee", "nee"],
}
DETAILS = ("Berekening", "Uitgangspunten", "Bronnen")
EURO = re.compile(r"€\s?[0-9]")


def berekend(onderwerp: str) -> Chat:
    chat = Chat(onderwerp).zeg(*TYPISCH[onderwerp])
    assert chat.frame.stap == "samenvatting", f"{onderwerp} still asks {chat.frame.vraag}"
    return chat.zeg("bereken")


@pytest.mark.parametrize("onderwerp", TYPISCH)
def test_the_first_answer_fits_a_phone_and_names_the_amount_and_a_net_effect(onderwerp: str) -> None:
    chat = berekend(onderwerp)
    [antwoord] = chat.berichten
    tekst = zonder_opmaak(antwoord.tekst)
    assert len(tekst) <= KORT_MAXIMUM, f"{len(tekst)} characters:\n{tekst}"
    assert len(EURO.findall(tekst)) >= 2, "the main amount and the net effect in euros"
    assert {*DETAILS, "Praat met een adviseur"} <= {k.label for k in antwoord.knoppen}
    assert "\x02" in antwoord.tekst, "the amounts that matter are marked bold for the channels that can show it"


@pytest.mark.parametrize("onderwerp", TYPISCH)
@pytest.mark.parametrize("detail", DETAILS)
def test_each_detail_comes_in_messages_that_fit_a_phone(onderwerp: str, detail: str) -> None:
    berichten = berekend(onderwerp).druk(detail).berichten
    assert all(len(zonder_opmaak(b.tekst)) <= DETAIL_MAXIMUM for b in berichten)
    # One message for every typical case but the second home bought this year, whose assumptions and
    # provisional box 3 figures continue in a second.
    assert len(berichten) == (2 if (onderwerp, detail) == ("tweede-woning", "Uitgangspunten") else 1)
    assert "Praat met een adviseur" in [k.label for k in berichten[-1].knoppen], "no dead end after a detail"


def test_a_long_detail_continues_in_a_next_message_and_loses_nothing() -> None:
    chat = Chat("tweede-woning").zeg(
        "nog kopen", "350.000", "ja", "ja", "vaste huurder", "12.000", "ja", "200.000", "80.000", "0", "0"
    )
    chat.zeg("bereken")
    berekening = chat.druk("Berekening").berichten
    uitgangspunten = chat.druk("Uitgangspunten").berichten
    for berichten in (berekening, uitgangspunten):
        assert all(len(zonder_opmaak(b.tekst)) <= DETAIL_MAXIMUM for b in berichten)
        assert not any(b.tekst.rstrip().endswith("…") for b in berichten), "nothing is cut off"
        assert berichten[-1].knoppen and not any(b.knoppen for b in berichten[:-1]), "the buttons come last"
    assert "Dit is een indicatie" in zonder_opmaak(uitgangspunten[-1].tekst), "the disclaimer is never dropped"


def test_the_sources_of_an_electric_car_name_the_ev_rules_and_no_youngtimer_or_news() -> None:
    tekst = berekend("auto-van-de-zaak").druk("Bronnen").tekst()
    assert "wetten.overheid.nl" in tekst
    assert "youngtimer" not in tekst.lower()
    for nieuws in ("tweakers", "autoweek", "autoblog", "nu.nl"):
        assert nieuws not in tekst.lower()
    assert tekst.count("• ") <= 4


def _vraagteksten(flow: Flow) -> Iterator[str]:
    yield flow.titel
    yield flow.intro
    yield flow.afgebroken
    for vraag in flow.alle_vragen:
        yield vraag.tekst
        yield vraag.waarom
        yield vraag.label
        yield from (k.label for k in vraag.keuzes)
        if vraag.weet_ik_niet is not None:
            yield vraag.weet_ik_niet.aanname
    for standaard in flow.standaarden:
        yield standaard.aanname


def _alle_antwoorden() -> Iterator[tuple[str, str]]:
    for onderwerp in TYPISCH:
        chat = berekend(onderwerp)
        yield onderwerp, chat.tekst()
        for detail in DETAILS:
            yield f"{onderwerp}: {detail}", chat.druk(detail).tekst()
        for knop in [k for k in chat.knoppen() if k not in {*DETAILS, "Praat met een adviseur"}]:
            yield f"{onderwerp}: {knop}", Chat(onderwerp).zeg(*TYPISCH[onderwerp], "bereken").druk(knop).tekst()


def _transcriptteksten(gesprek: dict[str, Any]) -> Iterator[str]:
    chat = Chat()
    for beurt in gesprek["gesprek"]:
        if "knop" in beurt:
            chat.druk(str(beurt["knop"]))
        else:
            chat.zeg(str(beurt["u"]))
        yield chat.tekst()


def test_no_client_visible_text_carries_a_note_meant_for_the_advisers() -> None:
    gevonden = []
    for flow in (*FLOWS.values(), *HULPFLOWS.values()):
        gevonden += [(flow.id, t) for t in _vraagteksten(flow) if interne_woorden_in(t)]
    gevonden += [(waar, t) for waar, t in _alle_antwoorden() if interne_woorden_in(t)]
    for param in load():
        gesprek = param.values[0]
        gevonden += [(gesprek["naam"], t) for t in _transcriptteksten(gesprek) if interne_woorden_in(t)]
    assert not gevonden, gevonden[:3]


def test_an_amount_keeps_its_euro_sign_on_its_line_in_every_renderer() -> None:
    tekst = "U betaalt € 417,60 box 3-belasting, \x02€ -12\x03 terug; het €-teken alleen blijft gewoon."
    assert stukken(tekst) == [
        ("U betaalt €\xa0417,60 box 3-belasting, ", False),
        ("€\xa0-12", True),
        (" terug; het €-teken alleen blijft gewoon.", False),
    ]
