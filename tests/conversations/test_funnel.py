"""'Praat met een adviseur' and the reminders on the pure engine: which actions a turn asks the shell for."""

from __future__ import annotations

import datetime as dt

from conversations.acties import Gebeurtenis, HerinneringPlannen, LeadVastleggen
from conversations.context import Context
from conversations.topics import FLOWS
from tests.conversations.doorloop import KANTOOR, VANDAAG, Chat

CONTEXT = Context(vandaag=VANDAAG, flows=FLOWS, kantoor=KANTOOR)


def chat(payload: str | None = None, *, kanaal: str = "telegram") -> Chat:
    return Chat(payload, context=Context(vandaag=VANDAAG, flows=FLOWS, kantoor=KANTOOR, kanaal=kanaal))


def box3_berekend(payload: str = "box3") -> Chat:
    return chat(payload).zeg("nee", "150.000", "0", "0", "bereken")


def leads(gesprek: Chat) -> list[LeadVastleggen]:
    return gesprek.soort(LeadVastleggen)


def test_consent_comes_first_and_names_what_is_stored_for_how_long_with_the_privacy_link() -> None:
    gesprek = box3_berekend().druk("Praat met een adviseur")
    assert "niet langer dan 365 dagen" in gesprek.tekst()
    assert "https://x.nl/privacy" in gesprek.tekst()
    assert "Kantoor X" in gesprek.tekst()
    assert gesprek.knoppen() == ["Ja", "Nee"]


def test_the_consent_says_how_to_erase_everything_on_each_channel() -> None:
    assert "U kunt alles altijd laten wissen met /vergeet." in chat().zeg("/contact").tekst()
    op_de_website = chat(kanaal="web").zeg("/contact").tekst()
    assert "/vergeet zolang dit gesprek open is" in op_de_website
    assert KANTOOR.email and f"via {KANTOOR.email} bij {KANTOOR.naam}" in op_de_website


def test_declining_consent_ends_politely_and_stores_nothing() -> None:
    gesprek = box3_berekend().druk("Praat met een adviseur").zeg("nee")
    assert "ik heb niets bewaard" in gesprek.tekst()
    assert "020 123 4567" in gesprek.tekst()
    assert leads(gesprek) == []
    assert gesprek.frame.stap == "uitkomst", "the user is back at the answer's options"


def test_a_completed_funnel_hands_off_everything_the_adviser_needs() -> None:
    gesprek = box3_berekend("c_nieuwsbrief").zeg("menu", "/start box3", "nee", "150.000", "0", "0", "bereken")
    gesprek.druk("Praat met een adviseur").zeg("ja", "Anne de Vries").druk("Telefoon")
    gesprek.zeg("06 1234 5678").druk("'s Ochtends").zeg("Kan ik mijn spaargeld beter beleggen?")
    [actie] = leads(gesprek)
    lead = actie.lead
    assert lead.naam == "Anne de Vries"
    assert (lead.kanaal, lead.telefoon, lead.email) == ("telefoon", "+31612345678", None)
    assert lead.onderwerp == "box3"
    assert lead.campagne == "nieuwsbrief", "the campaign of the deep link stays with the user"
    assert lead.uitkomst is not None
    assert lead.uitkomst["bedrag"].replace("\xa0", " ") == "€ 417,60"
    assert "Zo rekenen we" in lead.uitkomst["tekst"], "the adviser gets the whole calculation"
    assert ("spaargeld op 1 januari", "€ 150.000") in lead.antwoorden
    assert lead.vraag == "Kan ik mijn spaargeld beter beleggen?"
    assert "Dank u, Anne de Vries" in gesprek.tekst()
    assert "op werkdagen 9–17 uur" in gesprek.tekst()
    namen = [g.naam for g in gesprek.soort(Gebeurtenis)]
    assert namen.count("lead") == 1 and namen.count("adviseur_gevraagd") == 1


def test_the_moment_to_call_takes_free_text() -> None:
    gesprek = chat().zeg("/contact", "ja", "Piet", "bellen", "06 12345678", "dinsdagochtend", "geen vraag")
    [actie] = leads(gesprek)
    assert actie.lead.moment == "dinsdagochtend"
    assert "dinsdagochtend" in gesprek.tekst()


def test_no_moment_is_asked_for_e_mail_or_telegram_contact() -> None:
    gesprek = chat().zeg("/contact", "ja", "Piet").druk("E-mail").zeg("piet@voorbeeld.nl")
    assert gesprek.frame.vraag == "vraag_overig", "straight on to the question, no moment"
    gesprek = chat().zeg("/contact", "ja", "Piet").druk("Via Telegram")
    assert gesprek.frame.vraag == "vraag_overig"


def test_an_invalid_phone_number_and_e_mail_address_are_asked_again() -> None:
    gesprek = chat().zeg("/contact", "ja", "Piet").druk("Telefoon").zeg("12345")
    assert "geen geldig telefoonnummer" in gesprek.tekst()
    gesprek.zeg("terug").druk("E-mail").zeg("piet@@voorbeeld")
    assert "geen geldig e-mailadres" in gesprek.tekst()
    gesprek.zeg("Piet@Voorbeeld.nl", "Ik wil een holding oprichten")
    [actie] = leads(gesprek)
    assert actie.lead.email == "Piet@voorbeeld.nl"
    assert actie.lead.onderwerp == "overig" and actie.lead.uitkomst is None
    assert actie.lead.vraag == "Ik wil een holding oprichten"


def test_via_telegram_is_offered_only_on_telegram() -> None:
    assert "Via Telegram" in chat().zeg("/contact", "ja", "Piet").knoppen()
    assert "Via Telegram" not in chat(kanaal="terminal").zeg("/contact", "ja", "Piet").knoppen()


def test_a_question_the_bot_cannot_calculate_offers_the_adviser_and_carries_the_question() -> None:
    gesprek = chat().zeg("ik heb een naheffing gekregen, wat nu?")
    assert "Kantoor X" in gesprek.tekst()
    assert "Praat met een adviseur" in gesprek.knoppen()
    gesprek.druk("Praat met een adviseur").zeg("ja", "Piet").druk("Via Telegram")
    [actie] = leads(gesprek)
    assert actie.lead.onderwerp == "overig"
    assert actie.lead.vraag == "ik heb een naheffing gekregen, wat nu?"
    assert "berekening" not in gesprek.tekst(), "no calculation was made, so the thank-you does not mention one"


def test_yes_after_the_offer_of_an_adviser_starts_the_funnel() -> None:
    gesprek = chat().zeg("kunnen jullie mijn administratie doen", "ja graag")
    assert gesprek.frame.flow == "adviseur" and gesprek.frame.vraag == "toestemming"


def test_funnel_events_count_a_started_conversation_and_an_answer() -> None:
    gesprek = chat("c_flyer").zeg("/start box3", "nee", "150.000", "0", "0", "bereken")
    namen = [(g.naam, g.onderwerp, g.campagne) for g in gesprek.soort(Gebeurtenis)]
    assert namen == [("gesprek_gestart", "box3", "flyer"), ("berekening", "box3", "flyer")]


def test_typing_geen_vraag_skips_the_optional_question_instead_of_storing_it() -> None:
    gesprek = box3_berekend().druk("Praat met een adviseur").zeg("ja", "Piet").druk("Via Telegram").zeg("Geen vraag")
    [actie] = leads(gesprek)
    assert actie.lead.vraag is None


def test_a_reminder_for_an_eia_investment_is_planned_two_weeks_before_the_deadline() -> None:
    gesprek = chat("kia").zeg(
        "50.000", "eenmanszaak", "ja", "eia", "20.000", "1-11-2026", "nog niet", "nee", "nee", "bereken"
    )
    assert "Meld de investering uiterlijk 1 februari 2027 bij RVO" in gesprek.tekst(), "the deadline is in the answer"
    gesprek.druk("Herinner mij aan de meldtermijn")  # the order date is known: no question
    [plan] = gesprek.soort(HerinneringPlannen)
    assert plan.datum == dt.date(2027, 1, 18)
    assert "1 februari 2027" in plan.tekst
    assert "Berekening" in gesprek.knoppen(), "back at the answer's options"


def test_an_investment_reported_already_or_too_late_gets_no_reminder_and_too_late_no_eia() -> None:
    gemeld = chat("kia").zeg("50.000", "eenmanszaak", "ja", "eia", "20.000", "1-11-2026", "ja", "nee", "nee", "bereken")
    assert "Herinner mij aan de meldtermijn" not in gemeld.knoppen()
    assert "Meld de investering" not in gemeld.tekst()
    te_laat = chat("kia").zeg(
        "50.000", "eenmanszaak", "ja", "eia", "20.000", "1-2-2026", "te laat", "nee", "nee", "bereken"
    )
    assert "Herinner mij aan de meldtermijn" not in te_laat.knoppen()
    assert "€ 14.000 investeringsaftrek" in te_laat.tekst() and "EIA" not in te_laat.tekst().split(";")[0]


def test_the_terminal_is_offered_no_reminder_it_could_not_deliver() -> None:
    context = Context(vandaag=VANDAAG, flows=FLOWS, kantoor=KANTOOR, herinneringen=False, kanaal="terminal")
    gesprek = Chat("kia", context=context).zeg(
        "50.000", "eenmanszaak", "ja", "eia", "20.000", "weet ik niet", "nog niet", "nee", "nee"
    )
    gesprek.zeg("bereken")
    assert not any("Herinner" in k for k in gesprek.knoppen())


def test_a_phone_number_or_address_typed_at_how_to_reach_you_is_taken_as_the_answer() -> None:
    per_telefoon = chat().zeg("/contact", "ja", "Piet de Vries", "06-12345678")
    assert "Wanneer kunnen we u het best bellen?" in per_telefoon.tekst()
    assert per_telefoon.frame.antwoorden["kanaal"] == "telefoon"
    assert per_telefoon.frame.antwoorden["telefoon"] == "+31612345678"
    per_mail = chat().zeg("/contact", "ja", "Piet", "mail me op piet@devries.nl")
    assert per_mail.frame.antwoorden["kanaal"] == "email"
    assert per_mail.frame.antwoorden["email"] == "piet@devries.nl"
