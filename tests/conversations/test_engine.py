"""The engine's own behaviour, independent of any one topic: commands, buttons, the flow stack, robustness."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conversations.acties import LeadVastleggen
from conversations.engine import start, verwerk
from conversations.replies import VET_BEGIN, splits
from conversations.state import Frame, Gesprek
from tests.conversations.doorloop import CONTEXT, Chat


def box3_begonnen() -> Chat:
    return Chat("box3")


def test_a_deep_link_opens_its_topic_and_says_which_year_it_assumes() -> None:
    chat = Chat("box3")
    assert chat.frame.flow == "box3"
    assert "Ik ga uit van 2026" in chat.tekst()


def test_an_unknown_deep_link_shows_the_menu() -> None:
    chat = Chat("iets-anders")
    assert chat.gesprek.boven is None
    assert chat.knoppen()


def test_an_empty_campaign_code_is_ignored_and_opens_no_topic() -> None:
    chat = Chat("c_")
    assert chat.gesprek == Gesprek()
    assert "Welkom" in chat.tekst()


def test_a_button_from_an_older_question_is_refused_and_the_current_question_repeated() -> None:
    chat = box3_begonnen().zeg("nee")
    voor = chat.gesprek
    chat._neem(verwerk(chat.gesprek, "fiscale_partner|ja", CONTEXT, knop=True))
    assert chat.gesprek == voor
    assert "eerdere vraag" in chat.tekst()
    assert chat.berichten[-1].vraag == voor.boven.vraag  # type: ignore[union-attr]


def test_an_ambiguous_amount_is_asked_back_with_both_readings_and_a_button_picks_one() -> None:
    chat = box3_begonnen().zeg("nee", "12.50")
    assert "Bedoelt u € 12,50 of € 1.250?" in chat.tekst()
    chat.druk("€ 1.250")
    assert chat.frame.antwoorden["spaargeld"] == "1250"


def test_waarom_explains_and_asks_the_same_question_again() -> None:
    chat = box3_begonnen()
    voor = chat.gesprek
    chat.zeg("waarom")
    assert chat.gesprek == voor
    assert "Waarom ik dit vraag" in chat.tekst()


def test_stop_leaves_the_topic_and_says_so_once() -> None:
    chat = box3_begonnen().zeg("stop")
    assert chat.gesprek == Gesprek()
    assert chat.tekst().count("Kies") == 1, chat.tekst()
    assert "we stoppen" in chat.tekst()


def test_stop_with_nothing_open_says_so_in_plain_dutch() -> None:
    assert "Er staat niets open." in Chat().zeg("stop").tekst()


def test_another_year_can_be_chosen_at_any_question() -> None:
    chat = box3_begonnen().zeg("jaar 2025")
    assert chat.frame.jaar == 2025
    assert "ik reken met 2025" in chat.tekst()


def test_terug_in_a_sub_flow_at_its_first_question_returns_to_the_topic() -> None:
    chat = box3_begonnen().zeg("nee", "150.000", "0", "0", "bereken").druk("Praat met een adviseur")
    assert chat.frame.flow == "adviseur"
    chat.zeg("terug")
    assert [f.flow for f in chat.gesprek.stapel] == ["box3"]
    assert chat.frame.stap == "uitkomst"
    assert "Berekening" in chat.knoppen()


def test_a_sub_flow_returns_to_the_question_it_interrupted() -> None:
    chat = box3_begonnen().zeg("nee", "/vergeet")
    assert chat.frame.flow == "vergeet"
    chat.zeg("nee")
    assert "niets gewist" in chat.tekst()
    assert chat.frame.flow == "box3" and chat.frame.vraag == "spaargeld"


def test_forgetting_wipes_the_conversation_and_asks_the_shell_to_delete_everything() -> None:
    from conversations.acties import GegevensWissen

    chat = Chat("c_flyer").zeg("/start box3", "nee", "verwijder mijn gegevens")
    assert "48 uur" in chat.tekst(), "the confirmation says what cannot be recalled"
    chat.druk("Ja")
    assert chat.soort(GegevensWissen)
    assert chat.gesprek == Gesprek()


def test_free_text_about_one_topic_starts_it_at_once() -> None:
    chat = Chat().zeg("hoeveel belasting betaal ik over mijn spaargeld?")
    assert chat.frame.flow == "box3"


def test_a_greeting_gets_a_hello_and_the_menu() -> None:
    chat = Chat().zeg("hoi")
    assert chat.tekst().startswith("Hallo!")
    assert "Box 3: sparen en beleggen" in chat.knoppen()


def test_a_stored_state_of_an_unknown_version_starts_afresh_instead_of_crashing() -> None:
    assert Gesprek.uit_dict({"v": 0, "fase": "iets"}) == Gesprek()
    assert Gesprek.uit_dict({"v": 2, "stapel": 5}) == Gesprek()


def test_a_version_1_state_in_the_middle_of_the_funnel_is_migrated_onto_the_stack() -> None:
    oud = {
        "v": 1,
        "fase": "adviseur",
        "onderwerp": "box3",
        "jaar": 2026,
        "antwoorden": {"fiscale_partner": False, "spaargeld": "150000", "beleggingen": "0", "schulden": "0"},
        "bijvraag": "naam",
        "bijantwoorden": {"toestemming": True},
        "terug_naar": "klaar",
        "campagne": "flyer",
    }
    gesprek = Gesprek.uit_dict(oud)
    assert [f.flow for f in gesprek.stapel] == ["box3", "adviseur"]
    assert gesprek.stapel[0].stap == "uitkomst" and gesprek.campagne == "flyer"
    assert gesprek.stapel[1] == Frame(
        flow="adviseur", vraag="naam", antwoorden={"toestemming": True}, start={"onderwerp": "box3"}
    )
    beurt = verwerk(gesprek, "Anne", CONTEXT)
    assert beurt.gesprek.boven is not None and beurt.gesprek.boven.vraag == "kanaal"


def test_control_characters_typed_by_a_user_never_reach_a_reply() -> None:
    chat = Chat().zeg("/contact", "ja", f"Jan {VET_BEGIN}de Vries")
    assert VET_BEGIN not in chat.frame.antwoorden["naam"]


def test_long_answers_are_split_below_telegrams_limit() -> None:
    delen = splits("regel\n" * 2000, limiet=4096)
    assert all(len(deel) <= 4096 for deel in delen)
    assert "".join(delen).count("regel") == 2000


invoer = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["terug", "waarom", "weet ik niet", "stop", "/start", "/help", "bereken", "1", "2", "ja", "nee"]),
    st.sampled_from(["12.50", "45.000", "€ 1,5 ton", "0", "jaar 2025", "jaar 3000", "wijzig 1", "menu", "/contact"]),
    st.sampled_from(["hoi", "/vergeet", "bijtelling tesla 45k in onze bv", "ja, mijn vrouw", "30k ofzo"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(invoer, st.booleans()), max_size=25))
def test_no_sequence_of_inputs_or_button_presses_crashes_the_engine(beurten: list[tuple[str, bool]]) -> None:
    beurt = start(CONTEXT)
    for tekst, druk_op_knop in beurten:
        knoppen = [k for b in beurt.berichten for k in b.knoppen]
        if druk_op_knop and knoppen:
            beurt = verwerk(beurt.gesprek, knoppen[len(tekst) % len(knoppen)].data, CONTEXT, knop=True)
        else:
            beurt = verwerk(beurt.gesprek, tekst, CONTEXT)
        assert beurt.berichten, "every input gets a reply"
        assert all(len(b.tekst) <= 4096 for b in beurt.berichten)
        assert Gesprek.uit_dict(beurt.gesprek.als_dict()) == beurt.gesprek


def test_the_second_answer_in_a_row_that_cannot_be_read_offers_the_adviser() -> None:
    chat = Chat("tweede-woning").zeg("huh")
    assert "Praat met een adviseur" not in chat.knoppen(), "one slip gets the explanation only"
    chat.zeg("pff")
    assert "Lukt het niet?" in chat.tekst() and "Praat met een adviseur" in chat.knoppen()
    chat.zeg("nog kopen")
    assert chat.frame.onbegrepen == 0, "an answer read resets the count"


def test_the_menu_offers_the_adviser_next_to_the_topics() -> None:
    assert Chat().knoppen()[-1] == "Praat met een adviseur"


def test_thanks_after_the_answer_gets_a_reply_and_an_own_question_goes_to_the_adviser_with_it() -> None:
    chat = Chat("box3").zeg("nee", "150.000", "0", "0", "bereken", "bedankt!")
    assert "Graag gedaan" in chat.tekst()
    chat.zeg("kan ik dit verlagen?")
    assert "een adviseur van Uw boekhoudkantoor helpt u er graag mee verder" in chat.tekst()
    chat.druk("Praat met een adviseur").zeg("ja", "Piet").druk("Telefoon").zeg("0612345678").druk("Zo snel mogelijk")
    [lead] = chat.soort(LeadVastleggen)
    assert lead.lead.vraag == "kan ik dit verlagen?"


def test_a_bare_amount_in_the_summary_is_asked_about_not_put_in_some_answer() -> None:
    chat = Chat("anbi-contributie").zeg("1200", "ja", "nee", "nee", "60k", "0", "80k")
    assert "Bij welk antwoord hoort € 80.000?" in chat.tekst()
    assert chat.frame.antwoorden["drempelinkomen"] == "60000" and chat.frame.antwoorden["contributie"] == "1200"
    chat.zeg("drempelinkomen 80k")
    assert chat.frame.antwoorden["drempelinkomen"] == "80000"
