"""The widget's renderer: a `Bericht` as JSON pieces and buttons, the same message Telegram gets as HTML."""

from __future__ import annotations

from bot.web.chat import SESSION_ID, new_session_id, visitor_id
from bot.web.render import bericht_als_json
from conversations.replies import Bericht, knop, vet


def test_bold_marks_become_pieces_and_everything_else_stays_plain_text() -> None:
    bericht = Bericht(f"Belasting: {vet('€ 417,60')}\nvan <b>Jan</b> & Co", (knop("vraag", "Ja", "ja"),), open=True)

    assert bericht_als_json(bericht) == {
        "tekst": [
            {"tekst": "Belasting: ", "vet": False},
            {"tekst": "€\xa0417,60", "vet": True},
            {"tekst": "\nvan <b>Jan</b> & Co", "vet": False},
        ],
        "knoppen": [{"label": "Ja", "token": "vraag|ja"}],
        "open": True,
    }


def test_a_long_text_stays_one_message_on_the_web() -> None:
    lang = "\n".join(f"regel {n} " + "x" * 60 for n in range(120))

    assert "".join(stuk["tekst"] for stuk in bericht_als_json(Bericht(lang))["tekst"]) == lang


def test_session_ids_are_128_random_bits_and_visitor_numbers_negative_stable_and_distinct() -> None:
    ids = {new_session_id() for _ in range(1000)}

    assert len(ids) == 1000
    assert all(SESSION_ID.fullmatch(sessie) for sessie in ids)
    numbers = {visitor_id(sessie) for sessie in ids}
    assert len(numbers) == 1000
    assert all(-(2**62) <= number < 0 for number in numbers)
    some = next(iter(ids))
    assert visitor_id(some) == visitor_id(some)
