"""Staff commands for the user ids in ADMIN_USER_IDS: /leads, /lead <nr>, /status <nr> <status>, /stats, /export.

Channel-independent: each command is a function of the lead store and its arguments that returns `Bericht`s
(/export a file). Where they may be used, and what they look like to anyone else (an unknown command), is
decided where the commands are registered (bot/app.py); numbers are parsed here, strictly.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.clock import AMSTERDAM
from bot.lead_export import csv_export
from bot.lead_storage import MAX_LEAD_NUMBER, LeadStore
from bot.lead_texts import lead_text, leads_list_text, stats_text
from bot.models import LEAD_STATUSES
from conversations.replies import Bericht

STAFF_COMMANDS = ("leads", "lead", "status", "export", "stats")
RECENT = 20
LEAD_GEBRUIK = "Gebruik: /lead <nr>, bijvoorbeeld /lead 12."
STATUS_GEBRUIK = "Gebruik: /status <nr> <status>, met status een van: " + ", ".join(LEAD_STATUSES) + "."
# Only what a keyboard's 0-9 types: str.isdigit() also accepts '²' and '٧', which int() then refuses or reads.
_NUMBER = re.compile(r"#?([0-9]{1,10})")


def parse_number(text: str) -> int | None:
    """'12' or '#12' → 12; None for anything else, and for numbers no lead can have."""
    match = _NUMBER.fullmatch(text.strip())
    if match is None:
        return None
    number = int(match.group(1))
    return number if 0 < number <= MAX_LEAD_NUMBER else None


def parse_status(words: Sequence[str]) -> str | None:
    """'in behandeling', 'in_behandeling', 'In-Behandeling' → 'in behandeling'; None when unknown."""
    text = " ".join(words).strip().lower().replace("_", " ").replace("-", " ")
    text = " ".join(text.split())
    return text if text in LEAD_STATUSES else None


async def leads(store: LeadStore) -> list[Bericht]:
    return [Bericht(leads_list_text(await store.recent(RECENT)))]


async def lead(store: LeadStore, args: Sequence[str]) -> list[Bericht]:
    nr = parse_number(args[0]) if len(args) == 1 else None
    if nr is None:
        return [Bericht(LEAD_GEBRUIK)]
    found = await store.get(nr)
    return [Bericht(lead_text(found, f"Aanvraag #{found.id}") if found else f"Aanvraag #{nr} bestaat niet (meer).")]


async def status(store: LeadStore, args: Sequence[str], *, door: str, now: dt.datetime) -> list[Bericht]:
    """/status in the staff chat: the same audited change as the dashboard's, by `door` (who typed it)."""
    nr = parse_number(args[0]) if args else None
    nieuw = parse_status(args[1:]) if len(args) > 1 else None
    if nr is None or nieuw is None:
        return [Bericht(STATUS_GEBRUIK)]
    change = await store.change_status(nr, nieuw, door=door, notitie=None, now=now)
    if change is None:
        return [Bericht(f"Aanvraag #{nr} bestaat niet (meer).")]
    return [Bericht(f"Aanvraag #{nr} ({change.lead.naam}) staat nu op '{nieuw}'.")]


async def stats(store: LeadStore) -> list[Bericht]:
    return [Bericht(stats_text(await store.stats()))]


@dataclass(frozen=True)
class Export:
    filename: str
    content: bytes
    caption: str


async def export(store: LeadStore, now: dt.datetime) -> Export:
    """Every lead as a CSV for Dutch Excel: staff open /export's file by tapping it."""
    all_leads = await store.all()
    dag = now.astimezone(AMSTERDAM).date().isoformat()
    return Export(
        filename=f"aanvragen-{dag}.csv",
        content=csv_export(all_leads, excel=True),
        caption=f"{len(all_leads)} aanvragen (CSV voor Excel: puntkomma's, UTF-8).",
    )
