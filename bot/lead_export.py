"""The leads as CSV: every packet field, one row per lead, answers and result flattened to text.

Two flavours of the same columns: the default for tools (UTF-8, comma, RFC 4180) and `excel=True` for a
Dutch Excel, which opens a file by double-click only when it starts with a byte-order mark and uses `;`
(the comma is the decimal separator there), and which would turn a phone number or a long Telegram id
into a number (`+31612345678` → 31612345678, ids beyond 15 digits rounded).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable
from typing import Any

from bot.clock import AMSTERDAM
from bot.lead_texts import pairs
from bot.models import Lead

CSV_COLUMNS = (
    "nr",
    "status",
    "aangemaakt",
    "bijgewerkt",
    "toestemming_op",
    "privacy_versie",
    "telegram_id",
    "telegram_gebruikersnaam",
    "onderwerp",
    "campagne",
    "naam",
    "kanaal",
    "telefoon",
    "email",
    "moment",
    "vraag",
    "antwoorden",
    "uitkomst_titel",
    "uitkomst_hoofdwaarde",
    "uitkomst_bedrag",
    "uitkomst_conclusie",
    "uitkomst_waarden",
    "voorlopig",
    "aannames",
    "invoer",
    "gesprek_via",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# A validated phone number or an id: digits, a leading + and spaces. Only these are wrapped as ="…" for Excel.
_NUMBER_LIKE = re.compile(r"\+?[0-9][0-9 ]*")


def _cell(value: Any) -> str:
    """Text a spreadsheet shows as text: a user-typed '=...' must not become a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(AMSTERDAM).isoformat(timespec="seconds")


def _as_text(value: Any, excel: bool) -> str:
    """A number-like value Excel must show as written: ="…" is a text formula Excel keeps verbatim."""
    text = "" if value is None else str(value)
    if excel and _NUMBER_LIKE.fullmatch(text):
        return f'="{text}"'
    return text


def csv_export(leads: Iterable[Lead], *, excel: bool = False) -> bytes:
    """One row per lead with a header; see the module docstring for the two flavours."""
    buffer = io.StringIO()
    out = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    out.writerow(CSV_COLUMNS)
    for lead in leads:
        uitkomst = lead.uitkomst or {}
        out.writerow(
            [
                lead.id,
                lead.status,
                _iso(lead.created_at),
                _iso(lead.updated_at),
                _iso(lead.toestemming_op),
                lead.privacy_versie,
                # Only a Telegram lead has a Telegram id; a website visitor's number ties their data together.
                _as_text(lead.user_id, excel) if lead.channel == "telegram" else "",
                _cell(lead.username) if lead.channel == "telegram" else "",
                _cell(lead.onderwerp),
                _cell(lead.campagne),
                _cell(lead.naam),
                lead.kanaal,
                # E.164 (validated by the engine): its leading + is the number, not a formula.
                _as_text(lead.telefoon, excel)
                if lead.telefoon and _NUMBER_LIKE.fullmatch(lead.telefoon)
                else _cell(lead.telefoon),
                _cell(lead.email),
                _cell(lead.moment),
                _cell(lead.vraag),
                _cell("; ".join(pairs(lead.antwoorden))),
                _cell(uitkomst.get("titel")),
                _cell(uitkomst.get("hoofdwaarde")),
                _cell(uitkomst.get("bedrag")),
                _cell(uitkomst.get("conclusie")),
                _cell("; ".join(pairs(uitkomst.get("waarden")))),
                _cell(" | ".join(uitkomst.get("voorlopig") or ())),
                _cell(" | ".join(uitkomst.get("aannames") or ())),
                "" if lead.invoer is None else json.dumps(lead.invoer, ensure_ascii=False, sort_keys=True),
                lead.channel,
            ]
        )
    data = buffer.getvalue()
    return ("\ufeff" + data).encode("utf-8") if excel else data.encode("utf-8")
