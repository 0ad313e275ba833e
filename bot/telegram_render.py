"""What the engine says, as Telegram Bot API calls: a `Bericht` becomes `sendMessage` parameters.

Telegram-specific and nothing else: HTML parse mode with every piece of text escaped (a name like
`<b>Jan</b> & Co` arrives as typed), `<b>` only where the engine marked emphasis (`conversations.replies`),
link previews off (a privacy URL or a source must not unfold into a card), and the buttons as an inline
keyboard. The terminal renders the same `Bericht` its own way (`zonder_opmaak`). The parameters are plain JSON,
because they are stored in the outbox before they are sent (bot/outbox.py).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from telegram import Message

from bot.calls import EDIT_MESSAGE_TEXT, SEND_MESSAGE, Call
from conversations.replies import VET_BEGIN, VET_EINDE, Bericht, Knop, splits, stukken

PARSE_MODE = "HTML"
NO_PREVIEW = {"is_disabled": True}
BUTTONS_PER_ROW = 2
SHORT_LABEL = 18
CHOICE_ARROW = "→"
_TAGS = re.compile(r"</?b>")


def as_html(tekst: str) -> str:
    """The text with every piece escaped and the marked pieces in <b>."""
    return "".join(
        f"<b>{html.escape(deel, quote=False)}</b>" if vet else html.escape(deel, quote=False)
        for deel, vet in stukken(tekst)
    )


def plain_text(html_text: str) -> str:
    """What `as_html` made, back to plain text: the fallback when Telegram refuses to parse a message."""
    return html.unescape(_TAGS.sub("", html_text))


def keyboard(knoppen: Iterable[Knop]) -> dict[str, Any] | None:
    """An inline keyboard: short labels share a row, long ones get their own so Telegram does not cut them."""
    rows: list[list[dict[str, str]]] = []
    for knop in knoppen:
        button = {"text": knop.label, "callback_data": knop.data}
        if (
            rows
            and len(rows[-1]) < BUTTONS_PER_ROW
            and len(knop.label) <= SHORT_LABEL
            and all(len(b["text"]) <= SHORT_LABEL for b in rows[-1])
        ):
            rows[-1].append(button)
        else:
            rows.append([button])
    return {"inline_keyboard": rows} if rows else None


def _parts(tekst: str) -> list[str]:
    """`splits` of the marked text, with emphasis that runs over a cut reopened in the next part."""
    parts = []
    open_bold = False
    for part in splits(tekst):
        if open_bold:
            part = VET_BEGIN + part
        open_bold = part.rfind(VET_BEGIN) > part.rfind(VET_EINDE)
        parts.append(part)
    return parts


def message_calls(chat_id: int, bericht: Bericht) -> list[Call]:
    """One sendMessage per part of a long text; the buttons go under the last part."""
    parts = _parts(bericht.tekst)
    calls = []
    for index, part in enumerate(parts):
        params: dict[str, Any] = {
            "chat_id": chat_id,
            "text": as_html(part),
            "parse_mode": PARSE_MODE,
            "link_preview_options": NO_PREVIEW,
        }
        markup = keyboard(bericht.knoppen) if index == len(parts) - 1 else None
        if markup is not None:
            params["reply_markup"] = markup
        calls.append(Call(chat_id=chat_id, method=SEND_MESSAGE, params=params))
    return calls


def reply_calls(chat_id: int, berichten: Iterable[Bericht]) -> list[Call]:
    return [call for bericht in berichten for call in message_calls(chat_id, bericht)]


def choice_edit(message: Message, data: str) -> Call | None:
    """Edit the question the user answered with a button to show the choice, so the chat reads as a clean
    transcript; None when the button is not on that message or the message has no text."""
    label = next(
        (
            button.text
            for row in (message.reply_markup.inline_keyboard if message.reply_markup else ())
            for button in row
            if button.callback_data == data
        ),
        None,
    )
    if label is None or not message.text:
        return None
    # text_html rebuilds the question's own emphasis from its entities, escaped like everything else.
    params = {
        "chat_id": message.chat.id,
        "message_id": message.message_id,
        "text": f"{message.text_html}\n{CHOICE_ARROW} {html.escape(label, quote=False)}",
        "parse_mode": PARSE_MODE,
        "link_preview_options": NO_PREVIEW,
    }
    return Call(chat_id=message.chat.id, method=EDIT_MESSAGE_TEXT, params=params)
