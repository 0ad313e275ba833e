"""'Praat met een adviseur' and the reminders, on the pure engine: which actions a turn asks the shell for."""

from __future__ import annotations

import datetime as dt
from typing import Any

from conversations.engine import Context, Kantoor, start, verwerk
from conversations.topics import FLOWS

KANTOOR = Kantoor(
    naam="Kantoor X",
    telefoon="020 123 4567",
    email="info@x.nl",
    kantooruren="op werkdagen 9–17 uur",
    privacy_url="https://x.nl/privacy",
    bewaartermijn_dagen=365,
)
CONTEXT = Context(vandaag=dt.date(2026, 11, 23), flows=FLOWS, kantoor=KANTOOR)


class Gesprek:
    """Drives the engine like the shell does: actions are collected per turn and dropped from the state."""

    def __init__(self, payload: str | None = None) -> None:
        self.sessie, self.berichten = start(CONTEXT, payload)
        self.acties: list[dict[str, Any]] = list(self.sessie.acties)

    def zeg(self, *teksten: str) -> Gesprek:
        for tekst in teksten:
            self.sessie, self.berichten = verwerk(self.sessie, tekst, CONTEXT)
            self.acties += [dict(a) for a in self.sessie.acties]
        return self

    def druk(self, label: str) -> Gesprek:
        knop = next(k for b in self.berichten for k in b.knoppen if k.label == label)
        self.sessie, self.berichten = verwerk(self.sessie, knop.data, CONTEXT, knop_data=True)
        self.acties += [dict(a) for a in self.sessie.acties]
        return self

    def tekst(self) -> str:
        return "\n".join(b.tekst for b in self.berichten).replace("\xa0", " ")

    def soort(self, soort: str) -> list[dict[str, Any]]:
        return [a for a in self.acties if a["soort"] == soort]


def box3_berekend(payload: str = "box3") -> Gesprek:
    return Gesprek(payload).zeg("nee", "150.000", "0", "0", "nee", "bereken")


def test_consent_comes_first_and_names_what_is_stored_for_how_long_with_the_privacy_link() -> None:
    gesprek = box3_berekend().druk("Praat met een adviseur")
    assert "niet langer dan 365 dagen" in gesprek.tekst()
    assert "https://x.nl/privacy" in gesprek.tekst()
    assert [k.label for k in gesprek.berichten[-1].knoppen] == ["Ja", "Nee"]


def test_declining_consent_ends_politely_and_stores_nothing() -> None:
    gesprek = box3_berekend().druk("Praat met een adviseur").zeg("nee")
    assert "ik heb niets bewaard" in gesprek.tekst()
    assert "020 123 4567" in gesprek.tekst()
    assert gesprek.soort("lead") == []
    assert gesprek.sessie.fase == "klaar", "the user is back at the answer's options"


def test_a_completed_funnel_hands_off_everything_the_adviser_needs() -> None:
    gesprek = box3_berekend("c_nieuwsbrief").zeg("menu", "/start box3", "nee", "150.000", "0", "0", "nee", "bereken")
    gesprek.druk("Praat met een adviseur").zeg("ja", "Anne de Vries").druk("Telefoon")
    gesprek.zeg("06 1234 5678").druk("'s Ochtends").zeg("Kan ik mijn spaargeld beter beleggen?")
    [lead] = gesprek.soort("lead")
    assert lead["naam"] == "Anne de Vries"
    assert (lead["kanaal"], lead["telefoon"], lead["email"]) == ("telefoon", "+31612345678", None)
    assert lead["onderwerp"] == "box3"
    assert lead["campagne"] == "nieuwsbrief", "the campaign of the deep link stays with the user"
    assert lead["uitkomst"]["bedrag"].replace("\xa0", " ") == "€ 417,60"
    assert any("1,28%" in v for v in lead["uitkomst"]["voorlopig"])
    assert ["spaargeld op 1 januari", "€ 150.000"] in lead["antwoorden"]
    assert lead["privacy_versie"]
    assert "Dank u, Anne de Vries" in gesprek.tekst()
    assert "op werkdagen 9–17 uur" in gesprek.tekst()
    assert [g["naam"] for g in gesprek.soort("gebeurtenis")].count("lead") == 1


def test_an_invalid_phone_number_and_e_mail_address_are_asked_again() -> None:
    gesprek = Gesprek().zeg("/contact", "ja", "Piet").druk("Telefoon").zeg("12345")
    assert "geen geldig telefoonnummer" in gesprek.tekst()
    gesprek.zeg("terug").druk("E-mail").zeg("piet@@voorbeeld")
    assert "geen geldig e-mailadres" in gesprek.tekst()
    gesprek.zeg("Piet@Voorbeeld.nl").druk("Maakt niet uit").druk("Geen vraag")
    [lead] = gesprek.soort("lead")
    assert lead["email"] == "Piet@voorbeeld.nl"
    assert lead["onderwerp"] is None and lead["uitkomst"] is None


def test_via_telegram_needs_no_contact_detail() -> None:
    gesprek = Gesprek().zeg("/contact", "ja", "Piet").druk("Via Telegram").druk("Zo snel mogelijk").druk("Geen vraag")
    [lead] = gesprek.soort("lead")
    assert lead["kanaal"] == "telegram" and lead["telefoon"] is None and lead["email"] is None


def test_funnel_events_count_a_started_conversation_and_an_answer() -> None:
    gesprek = Gesprek("c_flyer").zeg("/start box3", "nee", "150.000", "0", "0", "nee", "bereken")
    namen = [(g["naam"], g["onderwerp"], g["campagne"]) for g in gesprek.soort("gebeurtenis")]
    assert namen == [("gesprek_gestart", "box3", "flyer"), ("berekening", "box3", "flyer")]


def test_actions_are_not_repeated_by_the_next_turn() -> None:
    gesprek = box3_berekend()
    sessie, _ = verwerk(gesprek.sessie, "/help", CONTEXT)
    assert sessie.acties == ()


def test_typing_geen_vraag_skips_the_optional_question_instead_of_storing_it() -> None:
    gesprek = Gesprek().zeg("/contact", "ja", "Piet").druk("Via Telegram").druk("Zo snel mogelijk").zeg("Geen vraag")
    [lead] = gesprek.soort("lead")
    assert lead["vraag"] is None
