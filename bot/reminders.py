"""Opt-in reminders: due ones move into the outbox, and /herinneringen lists and cancels them (any channel).

Reminders live in the `reminder` table (stored by the turn that agreed to them, bot/lead_storage.py), so a
restart loses none. A job scans the table every minute: each reminder whose `due_at` (09:00
Europe/Amsterdam on its day) has passed is turned into an outbox row for its chat and deleted, in one
transaction, and the outbox delivers it like any reply (retries, at least once; a user who blocked the bot
cannot receive it, so it is dropped there).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.clock import utcnow
from bot.lead_storage import LeadStore
from bot.models import Reminder
from bot.outbox import Delivery, OutboxStore, add
from bot.telegram_render import message_calls
from bot.transactions import Transactions
from conversations.replies import Bericht, Knop

BATCH = 50
CANCEL_PREFIX = "herinnering:schrap:"
CANCEL_DATA = re.compile(rf"^{re.escape(CANCEL_PREFIX)}([0-9]{{1,18}})$")
FOOTER = "\n\n(U vroeg mij om deze herinnering. /herinneringen toont de rest.)"
GEEN = "U heeft geen herinneringen staan. Na een berekening kan ik u aan een termijn herinneren."


class DueReminders:
    """Moves reminders that are due into the outbox."""

    def __init__(
        self, transactions: Transactions, outbox: OutboxStore, *, clock: Callable[[], dt.datetime] = utcnow
    ) -> None:
        self._transactions = transactions
        self._outbox = outbox
        self.clock = clock

    async def queue_due(self, limit: int = BATCH) -> list[Delivery]:
        """Turn up to `limit` due reminders into outbox rows leased to this process; returns them to send."""
        now = self.clock()
        lease = self._outbox.lease(now)

        def move(session: Session) -> list[Delivery]:
            due = session.scalars(
                select(Reminder).where(Reminder.due_at <= now).order_by(Reminder.due_at, Reminder.id).limit(limit)
            ).all()
            rows = [
                add(session, call, now=now, lease=lease)
                for reminder in due
                for call in message_calls(reminder.chat_id, Bericht(reminder.tekst + FOOTER))
            ]
            if due:
                session.execute(delete(Reminder).where(Reminder.id.in_([r.id for r in due])))
            session.flush()
            return rows

        return await self._transactions.run(move, write=True)


def _datum(reminder: Reminder) -> str:
    return reminder.datum.strftime("%d-%m-%Y")


def overview(reminders: list[Reminder], aanhef: str = "") -> Bericht:
    """The user's reminders, each with a button that cancels it."""
    if not reminders:
        return Bericht(f"{aanhef}\n\n{GEEN}" if aanhef else GEEN)
    regels = [aanhef, ""] if aanhef else []
    regels.append("Uw herinneringen:")
    regels += [f"• {_datum(reminder)}: {reminder.tekst}" for reminder in reminders]
    regels.append("Met de knoppen schrapt u een herinnering.")
    knoppen = tuple(Knop(f"Schrap {_datum(r)}", f"{CANCEL_PREFIX}{r.id}") for r in reminders)
    return Bericht("\n".join(regels), knoppen=knoppen)


async def herinneringen_for(store: LeadStore, user_id: int) -> list[Bericht]:
    return [overview(await store.reminders_of(user_id))]


async def cancel_for(store: LeadStore, user_id: int, data: str) -> list[Bericht]:
    """Cancel the reminder a button names, if it is this user's (the id in a button is no capability)."""
    match = CANCEL_DATA.fullmatch(data)
    cancelled = await store.cancel_reminder(user_id, int(match.group(1))) if match else None
    gedaan = f"Herinnering van {_datum(cancelled)} geschrapt." if cancelled else "Die herinnering staat er niet meer."
    return [overview(await store.reminders_of(user_id), aanhef=gedaan)]
