"""The router on a labelled set of realistic first messages: the build fails below 95 % top-1 accuracy."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conversations.routing import route
from conversations.topics import FLOWS
from tests.conversations.doorloop import Chat

OPENINGEN: dict[str, list[str]] = yaml.safe_load((Path(__file__).parent / "openingen.yaml").read_text("utf-8"))
GEWENSTE_NAUWKEURIGHEID = 0.95


def gerouteerd(tekst: str) -> str:
    gevonden = route(tekst, FLOWS.values())
    if gevonden.onderwerpen:
        return gevonden.onderwerpen[0]
    return "groet" if gevonden.groet else "overig"


def test_the_labelled_set_is_large_and_covers_every_topic_greetings_and_other_questions() -> None:
    assert sum(len(teksten) for teksten in OPENINGEN.values()) >= 150
    assert set(OPENINGEN) == {*FLOWS, "groet", "overig"}


def test_at_least_95_percent_of_first_messages_go_to_the_right_topic() -> None:
    paren = [(label, tekst) for label, teksten in OPENINGEN.items() for tekst in teksten]
    fout = [(label, gerouteerd(tekst), tekst) for label, tekst in paren if gerouteerd(tekst) != label]
    nauwkeurigheid = 1 - len(fout) / len(paren)
    assert nauwkeurigheid >= GEWENSTE_NAUWKEURIGHEID, f"{nauwkeurigheid:.1%}; misrouted: {fout}"


def test_every_question_the_bot_cannot_calculate_offers_an_adviser_with_the_firms_name() -> None:
    niet_te_berekenen = [tekst for tekst in OPENINGEN["overig"] if gerouteerd(tekst) == "overig"]
    assert len(niet_te_berekenen) >= 15
    for tekst in niet_te_berekenen:
        chat = Chat().zeg(tekst)
        if chat.gesprek.boven is not None:
            # A question that asks for the firm itself ("hoeveel kost een boekhouder") opens the funnel at once.
            assert chat.frame.flow == "adviseur" and "Uw boekhoudkantoor" in chat.tekst(), tekst
            continue
        assert "Praat met een adviseur" in chat.knoppen(), tekst
        assert "Uw boekhoudkantoor" in chat.tekst(), tekst


@pytest.mark.parametrize("tekst", ["auto vd zaak", "S&O", "zonnepanelen", "laptop gekocht", "leaseauto"])
def test_the_fields_own_words_open_their_topic_at_once(tekst: str) -> None:
    assert Chat().zeg(tekst).gesprek.boven is not None
