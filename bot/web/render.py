"""What the engine says, as JSON for the website's widget: the third renderer of a `Bericht`, beside Telegram's
(bot/telegram_render.py) and the terminal's.

A text is a list of pieces, each plain text with a flag for bold, never HTML: the widget puts every piece in
the page with `textContent`, so nothing a user typed (a name like `<img onerror=…>` said back to them) can
become markup. Buttons carry their label and the token the widget sends back when one is pressed. No part of
a long text is split off: a web page scrolls.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from conversations.replies import Bericht, stukken


def bericht_als_json(bericht: Bericht) -> dict[str, Any]:
    return {
        "tekst": [{"tekst": deel, "vet": vet} for deel, vet in stukken(bericht.tekst)],
        "knoppen": [{"label": knop.label, "token": knop.data} for knop in bericht.knoppen],
        # A question answered by typing (an amount, a name): the widget keeps the text field in focus.
        "open": bericht.open,
    }


def berichten_als_json(berichten: Iterable[Bericht]) -> list[dict[str, Any]]:
    return [bericht_als_json(bericht) for bericht in berichten]
