"""Announcing leads in the staff chat (LEADS_CHAT_ID): a transactional outbox with retries, backoff and a lease.

The lead and its `lead_outbox` row are written in the turn's transaction (bot/leads.py), so a lead is never
lost, whatever Telegram does. A repeating job then works through the due rows, one at a time:

1. claim: in a short write transaction, take the oldest due row (`next_attempt_at <= now`, not delivered, no
   live lease) by a conditional UPDATE that sets `leased_until = now + LEASE` and a random `lease_token`, and
   render the text from the lead as it is now. Two processes (webhook replicas, a second `adviesbot run`)
   never claim the same row: the conditional UPDATE lets one of them win, on SQLite and on PostgreSQL.
2. send: one sendMessage, outside any transaction (no lock is held while Telegram is slow).
3. mark: success sets `delivered_at` (and the message id, for /vergeet); failure adds one to `attempts`, sets
   `next_attempt_at = now + backoff` (15 s, 30 s, 1 min, … capped at 1 hour, at least Telegram's RetryAfter),
   keeps the error name in `last_error` and drops the lease. Rows are never given up: a wrong LEADS_CHAT_ID
   is logged as an error on every attempt, and once it is fixed the announcement still goes out.

The guarantee, honestly: every lead is announced AT LEAST once, and exactly once unless the process dies (or
the database becomes unreachable) in the moment between Telegram accepting the message and step 3 committing,
or a sendMessage times out after Telegram did deliver it. Telegram's Bot API has no idempotency key, so no
design can close that window; this one keeps it to one message, re-sent only after the lease (5 minutes)
expires. Telegram being down, rate limiting or refusing is the ordinary case and gives exactly one
announcement. A lead deleted by /vergeet before its turn is never announced; one deleted while its
announcement is in flight has the just-sent message deleted again.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram import Bot
from telegram.error import RetryAfter, TelegramError
from telegram.ext import Application, ContextTypes
from telegram.warnings import PTBDeprecationWarning

from bot.database import writer
from bot.leads import announcement_text
from bot.models import Lead, LeadOutbox

log = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=5)
BASE_DELAY = dt.timedelta(seconds=15)
MAX_DELAY = dt.timedelta(hours=1)
INTERVAL_SECONDS = 10
BATCH = 20
_CLAIM_TRIES = 5


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def backoff(attempts: int, base: dt.timedelta = BASE_DELAY, cap: dt.timedelta = MAX_DELAY) -> dt.timedelta:
    """The wait after the `attempts`-th failed attempt (1, 2, …): doubling from `base`, at most `cap`."""
    delay: dt.timedelta = base * 2 ** min(max(attempts - 1, 0), 30)
    return min(delay, cap)


def _rowcount(result: Any) -> int:
    return cast(CursorResult[Any], result).rowcount


@dataclass(frozen=True)
class Claim:
    row_id: int
    token: str
    attempts: int
    """Attempts before this one."""


async def claim_next(
    session: AsyncSession, model: Any, now: dt.datetime, lease: dt.timedelta, *conditions: Any
) -> Claim | None:
    """Lease the oldest due row of `model` (a table with next_attempt_at, leased_until, lease_token, attempts)
    in the caller's write transaction; None when nothing is due or other workers took every candidate."""
    due = (
        model.next_attempt_at <= now,
        or_(model.leased_until.is_(None), model.leased_until <= now),
        *conditions,
    )
    for _ in range(_CLAIM_TRIES):
        row = (await session.execute(select(model.id, model.attempts).where(*due).order_by(model.id).limit(1))).first()
        if row is None:
            return None
        token = secrets.token_hex(16)
        result = await session.execute(
            update(model)
            .where(model.id == row.id, *due)
            .values(leased_until=now + lease, lease_token=token)
            .execution_options(synchronize_session=False)
        )
        if _rowcount(result) == 1:
            return Claim(int(row.id), token, int(row.attempts))
    return None


async def release_failed(
    session: AsyncSession, model: Any, claim: Claim, now: dt.datetime, delay: dt.timedelta, **values: Any
) -> None:
    await session.execute(
        update(model)
        .where(model.id == claim.row_id, model.lease_token == claim.token)
        .values(
            attempts=claim.attempts + 1,
            next_attempt_at=now + delay,
            leased_until=None,
            lease_token=None,
            **values,
        )
        .execution_options(synchronize_session=False)
    )


def retry_delay(error: TelegramError, attempts: int, base: dt.timedelta, cap: dt.timedelta) -> dt.timedelta:
    delay = backoff(attempts, base, cap)
    if isinstance(error, RetryAfter):
        with warnings.catch_warnings():
            # PTB 22 warns that retry_after becomes a timedelta; both types are handled below.
            warnings.simplefilter("ignore", PTBDeprecationWarning)
            wait = error.retry_after
        seconds = wait.total_seconds() if isinstance(wait, dt.timedelta) else float(wait)
        delay = max(delay, dt.timedelta(seconds=seconds))
    return delay


@dataclass
class Report:
    delivered: int = 0
    failed: int = 0


class Outbox:
    def __init__(
        self,
        engine: AsyncEngine,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        lease: dt.timedelta = LEASE,
        base_delay: dt.timedelta = BASE_DELAY,
        max_delay: dt.timedelta = MAX_DELAY,
    ) -> None:
        self._write = async_sessionmaker(writer(engine), expire_on_commit=False)
        self._read = async_sessionmaker(engine, expire_on_commit=False)
        self.clock = clock
        self._lease = lease
        self._base = base_delay
        self._cap = max_delay
        self._warned_unconfigured = False

    async def pending(self) -> int:
        async with self._read() as session:
            count = await session.scalar(
                select(func.count()).select_from(LeadOutbox).where(LeadOutbox.delivered_at.is_(None))
            )
            return int(count or 0)

    async def claim(self) -> tuple[Claim, str] | None:
        """Step 1: lease the next due announcement and render its text."""
        now = self.clock()
        async with self._write() as session, session.begin():
            claim = await claim_next(session, LeadOutbox, now, self._lease, LeadOutbox.delivered_at.is_(None))
            if claim is None:
                return None
            row = await session.get(LeadOutbox, claim.row_id)
            assert row is not None
            lead = await session.get(Lead, row.lead_id)
            assert lead is not None
            return claim, announcement_text(lead, row.soort)

    async def deliver(self, bot: Bot, chat_id: int | None, limit: int = BATCH) -> Report:
        """Send what is due, up to `limit` announcements; stops at the first failure (the chat is likely down,
        and the failed row's backoff lets the rows behind it through on the next run)."""
        report = Report()
        if chat_id is None:
            if not self._warned_unconfigured and await self.pending():
                log.warning("LEADS_CHAT_ID is niet gezet: aanvragen wachten in de database (adviesbot leads list)")
                self._warned_unconfigured = True
            return report
        for _ in range(limit):
            claimed = await self.claim()
            if claimed is None:
                break
            claim, text = claimed
            try:
                message = await bot.send_message(chat_id=chat_id, text=text)
            except TelegramError as error:
                await self._failed(claim, error)
                report.failed += 1
                break
            await self._delivered(bot, claim, chat_id, message.message_id)
            report.delivered += 1
        return report

    async def _failed(self, claim: Claim, error: TelegramError) -> None:
        now = self.clock()
        delay = retry_delay(error, claim.attempts + 1, self._base, self._cap)
        # The error's name and Telegram's description ("Chat not found"): never the lead's content.
        description = f"{type(error).__name__}: {error.message}"[:200]
        log.error(
            "aankondiging %s in de medewerkerschat mislukt (poging %s, %s); opnieuw over %s",
            claim.row_id,
            claim.attempts + 1,
            description,
            delay,
        )
        async with self._write() as session, session.begin():
            await release_failed(session, LeadOutbox, claim, now, delay, last_error=description)

    async def _delivered(self, bot: Bot, claim: Claim, chat_id: int, message_id: int) -> None:
        now = self.clock()
        async with self._write() as session, session.begin():
            # By id, not by lease token: even if the lease ran out and another worker has the row, the first
            # one to mark it stops any later attempt.
            result = await session.execute(
                update(LeadOutbox)
                .where(LeadOutbox.id == claim.row_id, LeadOutbox.delivered_at.is_(None))
                .values(
                    delivered_at=now,
                    attempts=claim.attempts + 1,
                    leased_until=None,
                    lease_token=None,
                    last_error=None,
                    chat_id=chat_id,
                    message_id=message_id,
                )
                .execution_options(synchronize_session=False)
            )
            marked = _rowcount(result) == 1
            gone = not marked and await session.get(LeadOutbox, claim.row_id) is None
        if gone:
            # /vergeet deleted the lead while its announcement was on its way: take the message back.
            log.info("aankondiging %s: de aanvraag is intussen gewist; bericht weer verwijderd", claim.row_id)
            try:
                await bot.delete_message(chat_id=chat_id, message_id=message_id)
            except TelegramError as error:
                log.warning("kon aankondiging %s niet verwijderen: %s", claim.row_id, type(error).__name__)


def schedule(
    application: Application[Any, Any, Any, Any, Any, Any], engine: AsyncEngine, leads_chat_id: int | None
) -> Outbox:
    """The repeating job of `adviesbot run` (both polling and webhook mode)."""
    outbox = Outbox(engine)

    async def job(context: ContextTypes.DEFAULT_TYPE) -> None:
        await outbox.deliver(context.bot, leads_chat_id)

    assert application.job_queue is not None, "python-telegram-bot[job-queue] is required"
    application.job_queue.run_repeating(job, interval=INTERVAL_SECONDS, first=1, name="lead-outbox")
    return outbox
