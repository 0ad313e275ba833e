"""The Telegram renderer (bot/telegram_render.py): a `Bericht` as sendMessage parameters, escaped HTML with the
engine's emphasis in bold, link previews off, buttons as an inline keyboard, long texts split."""

from __future__ import annotations

from telegram import Bot, Message

from bot.calls import EDIT_MESSAGE_TEXT, SEND_MESSAGE
from bot.telegram_render import as_html, choice_edit, message_calls, plain_text
from conversations.replies import Bericht, Knop, vet
from tests.bot.fake_bot_api import visible

CHAT_ID = 4242


def test_a_name_like_b_jan_b_and_co_arrives_escaped() -> None:
    [call] = message_calls(CHAT_ID, Bericht("Dank u, <b>Jan</b> & Co."))
    assert call.params["text"] == "Dank u, &lt;b&gt;Jan&lt;/b&gt; &amp; Co."
    assert call.params["parse_mode"] == "HTML"
    assert visible(call.params["text"], "HTML") == ("Dank u, <b>Jan</b> & Co.", []), "Telegram shows it as typed"


def test_marked_pieces_are_bold_and_only_those() -> None:
    tekst = f"U betaalt {vet('€ 417,60 <box 3>')} over 2026."
    assert as_html(tekst) == "U betaalt <b>€\xa0417,60 &lt;box 3&gt;</b> over 2026."
    text, entities = visible(as_html(tekst), "HTML") or ("", [])
    assert text == "U betaalt €\xa0417,60 <box 3> over 2026."
    assert [text[e["offset"] : e["offset"] + e["length"]] for e in entities] == ["€\xa0417,60 <box 3>"]


def test_link_previews_are_off_and_the_buttons_form_a_keyboard() -> None:
    knoppen = (Knop("Ja", "q|ja"), Knop("Nee", "q|nee"), Knop("Een heel lang label dat niet past", "q|lang"))
    [call] = message_calls(CHAT_ID, Bericht("Zie https://www.belastingdienst.nl", knoppen=knoppen))
    assert call.method == SEND_MESSAGE and call.chat_id == CHAT_ID
    assert call.params["link_preview_options"] == {"is_disabled": True}
    assert call.params["reply_markup"] == {
        "inline_keyboard": [
            [{"text": "Ja", "callback_data": "q|ja"}, {"text": "Nee", "callback_data": "q|nee"}],
            [{"text": "Een heel lang label dat niet past", "callback_data": "q|lang"}],
        ]
    }


def test_a_long_text_is_split_with_the_buttons_under_the_last_part_and_bold_reopened() -> None:
    lang = "regel\n" * 600 + vet("x" * 200 + "\n" + "y" * 3000) + " slot"
    calls = message_calls(CHAT_ID, Bericht(lang, knoppen=(Knop("Ok", "q|ok"),)))
    assert len(calls) >= 2
    assert "reply_markup" not in calls[0].params and "reply_markup" in calls[-1].params
    for call in calls:
        seen = visible(call.params["text"], "HTML")
        assert seen is not None and len(seen[0]) <= 4096
    assert calls[-1].params["text"].startswith("<b>"), "the emphasis that ran over the cut goes on"


def test_the_plain_text_fallback_is_what_the_user_would_have_seen() -> None:
    html = as_html(f"Naam: <Jan> & {vet('Co')}")
    assert plain_text(html) == "Naam: <Jan> & Co"


def test_the_choice_edit_shows_the_pressed_label_under_the_question() -> None:
    message = Message.de_json(
        {
            "message_id": 7,
            "date": 0,
            "chat": {"id": CHAT_ID, "type": "private"},
            "text": "Heeft u een fiscale partner?",
            "entities": [{"type": "bold", "offset": 12, "length": 15}],
            "reply_markup": {"inline_keyboard": [[{"text": "Ja & nee", "callback_data": "p|ja"}]]},
        },
        Bot("1:a"),
    )
    edit = choice_edit(message, "p|ja")
    assert edit is not None and edit.method == EDIT_MESSAGE_TEXT
    assert edit.params["message_id"] == 7
    assert edit.params["text"] == "Heeft u een <b>fiscale partner</b>?\n→ Ja &amp; nee"
    assert choice_edit(message, "p|nee") is None, "a button that is not on the message edits nothing"
