"""The engine's own behaviour, independent of any one topic: commands, buttons, ambiguity, robustness."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conversations.engine import Context, Kantoor, start, verwerk
from conversations.replies import Bericht, splits
from conversations.state import Sessie
from conversations.topics import FLOWS

CONTEXT = Context(vandaag=dt.date(2026, 11, 23), flows=FLOWS, kantoor=Kantoor(naam="Kantoor X", telefoon="020 1"))


def text(berichten: list[Bericht]) -> str:
    return "\n".join(b.tekst for b in berichten).replace("\xa0", " ")


def box3_begonnen() -> Sessie:
    sessie, _ = start(CONTEXT, "box3")
    # The shell carries out and drops a turn's actions before it stores the state.
    return sessie.met(acties=())


def test_a_deep_link_opens_its_topic_and_says_which_year_it_assumes() -> None:
    sessie, berichten = start(CONTEXT, "box3")
    assert sessie.onderwerp == "box3"
    assert "Ik ga uit van 2026" in text(berichten)


def test_an_unknown_deep_link_shows_the_menu() -> None:
    sessie, berichten = start(CONTEXT, "iets-anders")
    assert sessie.onderwerp is None
    assert berichten[-1].knoppen


def test_a_button_from_an_older_question_is_refused_and_the_current_question_repeated() -> None:
    sessie = box3_begonnen()
    sessie, _ = verwerk(sessie, "nee", CONTEXT)
    nieuw, berichten = verwerk(sessie, "fiscale_partner|ja", CONTEXT, knop_data=True)
    assert nieuw == sessie
    assert "eerdere vraag" in text(berichten)
    assert berichten[-1].vraag == sessie.vraag


def test_an_ambiguous_amount_is_asked_back_with_both_readings_and_a_button_picks_one() -> None:
    sessie, _ = verwerk(box3_begonnen(), "nee", CONTEXT)
    sessie, berichten = verwerk(sessie, "12.50", CONTEXT)
    assert "Bedoelt u € 12,50 of € 1.250?" in text(berichten)
    assert sessie.dubbelzinnig is not None
    sessie, _ = verwerk(sessie, berichten[-1].knoppen[1].data, CONTEXT, knop_data=True)
    assert sessie.antwoorden["spaargeld"] == "1250"


def test_waarom_explains_and_asks_the_same_question_again() -> None:
    sessie = box3_begonnen()
    nieuw, berichten = verwerk(sessie, "waarom", CONTEXT)
    assert nieuw == sessie
    assert "Waarom ik dit vraag" in text(berichten)
    assert berichten[-1].vraag == sessie.vraag


def test_stop_leaves_the_topic_and_offers_the_menu() -> None:
    sessie, berichten = verwerk(box3_begonnen(), "stop", CONTEXT)
    assert sessie == Sessie()
    assert "we stoppen" in text(berichten)


def test_another_year_can_be_chosen_at_any_question() -> None:
    sessie, berichten = verwerk(box3_begonnen(), "jaar 2025", CONTEXT)
    assert sessie.jaar == 2025
    assert "ik reken met 2025" in text(berichten)


def test_a_year_without_figures_is_explained_and_the_year_asked_again() -> None:
    sessie = box3_begonnen()
    for antwoord in ("jaar 2027", "nee", "150000", "0", "0", "nee"):
        sessie, _ = verwerk(sessie, antwoord, CONTEXT)
    sessie, berichten = verwerk(sessie, "bereken", CONTEXT)
    assert "nog niet bekend" in text(berichten)
    assert sessie.vraag == "jaar"


def test_free_text_outside_a_flow_is_routed_to_a_topic() -> None:
    _, berichten = verwerk(Sessie(), "hoeveel belasting betaal ik over mijn spaargeld?", CONTEXT)
    assert any(k.data == "menu|box3" for k in berichten[-1].knoppen)


def test_free_text_that_matches_nothing_still_offers_every_topic() -> None:
    _, berichten = verwerk(Sessie(), "wat is het weer morgen", CONTEXT)
    assert len(berichten[-1].knoppen) == len(FLOWS)


def test_a_state_written_by_an_older_version_starts_afresh_instead_of_crashing() -> None:
    assert Sessie.uit_dict({"v": 0, "fase": "iets"}) == Sessie()
    assert Sessie.uit_dict({"v": 1, "geschiedenis": 5}) == Sessie()


def test_long_answers_are_split_below_telegrams_limit() -> None:
    delen = splits("regel\n" * 2000, limiet=4096)
    assert all(len(deel) <= 4096 for deel in delen)
    assert "".join(delen).count("regel") == 2000


invoer = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["terug", "waarom", "weet ik niet", "stop", "/start", "/help", "bereken", "1", "2", "ja", "nee"]),
    st.sampled_from(["12.50", "45.000", "€ 1,5 ton", "0", "jaar 2025", "jaar 3000", "wijzig 1", "menu"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(invoer, st.booleans()), max_size=25))
def test_no_sequence_of_inputs_or_button_presses_crashes_the_engine(beurten: list[tuple[str, bool]]) -> None:
    sessie, berichten = start(CONTEXT)
    for tekst, druk_op_knop in beurten:
        knoppen = [k for b in berichten for k in b.knoppen]
        if druk_op_knop and knoppen:
            sessie, berichten = verwerk(sessie, knoppen[len(tekst) % len(knoppen)].data, CONTEXT, knop_data=True)
        else:
            sessie, berichten = verwerk(sessie, tekst, CONTEXT)
        assert berichten, "every input gets a reply"
        assert all(len(b.tekst) <= 4096 * 3 for b in berichten)
        assert Sessie.uit_dict(sessie.als_dict()) == sessie
