"""One outbox for every Bot API call that must not be lost: the replies of a turn, the "→ keuze" edit of the
question a button answered, a lead's announcement in the staff chat, and taking such an announcement back.

How a call travels:
1. It is written as an `outbox` row in the transaction that decided it (the turn's state, the lead), leased to
   this process (`leased_until`, `lease_token`). A turn is never rolled back because of Telegram.
2. The per-chat `Sender` delivers the rows of each chat in order, one at a time: a retry keeps its place in
   the queue, so a later reply never overtakes an earlier one. Failures are retried with backoff (doubling
   from ADVIESBOT_SEND_RETRY_BASE_SECONDS, at most ADVIESBOT_SEND_RETRY_MAX_SECONDS, never sooner than
   Telegram's `retry_after`, which pauses every chat). While it retries, the row's lease is renewed.
3. Once Telegram accepted a call, its row is deleted (an announcement leaves a `lead_announcement` row, so
   /vergeet can take it back). A call Telegram will never accept (the user blocked the bot, the message to
   edit is gone) is dropped with a log line, so it cannot hold up the calls behind it.
4. A repeating scan takes over rows whose lease expired (a process that died mid-send, or stopped) and
   renews the leases of the rows this process holds; at a clean stop the leases are released at once.

The guarantee, honestly: every call is made AT LEAST once. It is made twice only when Telegram accepted it
but the process died before step 3, or a call timed out after Telegram had in fact delivered it: the Bot API
has no idempotency key, so no design can close that window. A reply may come late, or twice, but it is
always the reply of a committed turn: never one of a turn that was rolled back, and never none.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import datetime as dt
import logging
import secrets
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from sqlalchemy import JSON, func, or_, select, update
from sqlalchemy.orm import Session
from telegram import Bot, LinkPreviewOptions, Message
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning, PTBUserWarning

from bot.calls import ANNOUNCE_LEAD, DELETE_MESSAGE, EDIT_MESSAGE_TEXT, SEND_MESSAGE, Call
from bot.clock import utcnow
from bot.hot_sql import HotStatement
from bot.models import Lead, LeadAnnouncement, Outbox, UTCDateTime
from bot.transactions import Transactions

log = logging.getLogger(__name__)

# A misconfigured staff chat (wrong LEADS_CHAT_ID, bot not in the group) is retried, slowly, until fixed.
ANNOUNCEMENT_MAX_DELAY = dt.timedelta(hours=1)
# Calls that are not stored (a flood notice, an answer to an unknown command) are worth a few tries only.
EPHEMERAL_ATTEMPTS = 5
SCAN_BATCH = 200
# Telegram's answers for calls that will never succeed; anything else is worth another try.
_GONE = (
    "message is not modified",
    "message to edit not found",
    "message can't be edited",
    "message to delete not found",
    "message can't be deleted",
    "chat not found",
    "bot was blocked",
    "user is deactivated",
)
_UNPARSABLE = "can't parse entities"


@dataclass(frozen=True)
class Delivery:
    """A call on its way: outbox row `row_id`, or None for a call that is not stored."""

    row_id: int | None
    call: Call
    attempts: int = 0


@dataclass(frozen=True)
class Lease:
    token: str
    until: dt.datetime


# Every turn stores its replies, every delivery deletes one (bot/hot_sql.py).
_ADD = HotStatement(
    "INSERT INTO outbox (chat_id, method, params, lead_id, created_at, attempts, next_attempt_at, leased_until, "
    "lease_token) VALUES (:chat_id, :method, :params, :lead_id, :now, 0, :now, :leased_until, :lease_token) "
    "RETURNING id",
    types={"params": JSON(), "now": UTCDateTime(), "leased_until": UTCDateTime()},
    columns=[("id", None)],
)
_DELIVERED = HotStatement("DELETE FROM outbox WHERE id = :id")
_DELIVERED_ALL = HotStatement("DELETE FROM outbox WHERE id IN :ids", expanding="ids")
_UNHELD = HotStatement(
    "SELECT 1 FROM outbox WHERE chat_id = :chat_id AND (leased_until IS NULL OR leased_until <= :now) LIMIT 1",
    types={"now": UTCDateTime()},
    columns=[("one", None)],
)


def add(session: Session, call: Call, *, now: dt.datetime, lease: Lease | None) -> Delivery:
    """Store `call` in the caller's transaction."""
    returned = _ADD.run(
        session,
        {
            "chat_id": call.chat_id,
            "method": call.method,
            "params": dict(call.params),
            "lead_id": call.lead_id,
            "now": now,
            "leased_until": lease.until if lease else None,
            "lease_token": lease.token if lease else None,
        },
    ).first()
    assert returned is not None
    return Delivery(row_id=int(returned[0]), call=call)


def has_unheld(session: Session, chat_id: int, now: dt.datetime) -> bool:
    """Whether some call to `chat_id` waits that nobody holds (cheaper than claiming, and nearly always no)."""
    return _UNHELD.run(session, {"chat_id": chat_id, "now": now}).first() is not None


def _deleting(ids: list[int]) -> Callable[[Session], None]:
    def delete_rows(session: Session) -> None:
        _DELIVERED_ALL.run(session, {"ids": ids})

    return delete_rows


def claim_unheld(
    session: Session,
    lease: Lease,
    now: dt.datetime,
    *,
    chat_id: int | None = None,
    announcements: bool = True,
    due_only: bool = True,
    limit: int = SCAN_BATCH,
) -> list[Delivery]:
    """Lease the rows nobody holds (never leased, lease expired or released), oldest first, in the caller's
    transaction: only those of `chat_id` when given, without announcements unless `announcements`, and only
    those whose retry is due when `due_only`."""
    unheld = [or_(Outbox.leased_until.is_(None), Outbox.leased_until <= now)]
    if due_only:
        unheld.append(Outbox.next_attempt_at <= now)
    if chat_id is not None:
        unheld.append(Outbox.chat_id == chat_id)
    if not announcements:
        unheld.append(Outbox.method != ANNOUNCE_LEAD)
    oldest = select(Outbox.id).where(*unheld).order_by(Outbox.id).limit(limit).scalar_subquery()
    # The WHERE is checked again on the rows themselves: of two processes claiming at once, one wins each row
    # (PostgreSQL re-evaluates it after the other's commit; SQLite has one writer at a time).
    claimed = session.execute(
        update(Outbox)
        .where(Outbox.id.in_(oldest), *unheld)
        .values(leased_until=lease.until, lease_token=lease.token)
        .returning(Outbox.id, Outbox.chat_id, Outbox.method, Outbox.params, Outbox.lead_id, Outbox.attempts)
        .execution_options(synchronize_session=False)
    )
    return sorted(
        (Delivery(row.id, Call(row.chat_id, row.method, row.params, row.lead_id), row.attempts) for row in claimed),
        key=lambda item: item.row_id or 0,
    )


@dataclass(frozen=True)
class Backoff:
    base: dt.timedelta
    cap: dt.timedelta

    def after(self, attempts: int, cap: dt.timedelta | None = None) -> dt.timedelta:
        """The wait after the `attempts`-th failed attempt (1, 2, …): doubling from `base`, at most the cap."""
        delay: dt.timedelta = self.base * 2 ** min(max(attempts - 1, 0), 30)
        return min(delay, cap or self.cap)


def retry_after(error: RetryAfter) -> dt.timedelta:
    with warnings.catch_warnings():
        # PTB 22 warns that retry_after becomes a timedelta; both types are handled.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        wait = error.retry_after
    return wait if isinstance(wait, dt.timedelta) else dt.timedelta(seconds=float(wait))


def describe(error: BaseException) -> str:
    """The error's name and Telegram's description ("Chat not found"): never the call's content."""
    message = getattr(error, "message", "")
    return f"{type(error).__name__}: {message}"[:200] if message else type(error).__name__


class OutboxStore:
    """The outbox rows, each change its own short transaction. `token` identifies this process's leases."""

    def __init__(
        self,
        transactions: Transactions,
        *,
        lease: dt.timedelta,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self._transactions = transactions
        self.lease_length = lease
        self.clock = clock
        self.token = secrets.token_hex(16)
        self._accepted: list[int] = []
        self.deleting: asyncio.Task[None] | None = None
        """The deletion of delivered rows on its way, if any."""

    def lease(self, now: dt.datetime) -> Lease:
        return Lease(self.token, now + self.lease_length)

    async def pending(self) -> int:
        def count(session: Session) -> int:
            return int(session.scalar(select(func.count()).select_from(Outbox)) or 0)

        return await self._transactions.run(count, write=False)

    async def announcement_text(self, row_id: int) -> str | None:
        """The staff-chat text of announcement row `row_id`, from the lead as it is now; None when it is gone."""
        from bot.lead_texts import announcement_text

        def render(session: Session) -> str | None:
            row = session.get(Outbox, row_id)
            lead = session.get(Lead, row.lead_id) if row is not None and row.lead_id is not None else None
            return None if lead is None or row is None else announcement_text(lead, str(row.params.get("soort")))

        return await self._transactions.run(render, write=False)

    async def delivered(self, item: Delivery, chat_id: int, message_id: int | None) -> Delivery | None:
        """Telegram accepted the call: the row goes. For an announcement whose lead /vergeet deleted while it
        was on its way, returns the (stored) call that takes the message back."""
        now = self.clock()
        lease = self.lease(now)

        def mark(session: Session) -> Delivery | None:
            _DELIVERED.run(session, {"id": item.row_id})
            if item.call.method != ANNOUNCE_LEAD or message_id is None or item.call.lead_id is None:
                return None
            if session.get(Lead, item.call.lead_id) is None:
                take_back = Call(chat_id, DELETE_MESSAGE, {"chat_id": chat_id, "message_id": message_id})
                return add(session, take_back, now=now, lease=lease)
            session.add(
                LeadAnnouncement(
                    lead_id=item.call.lead_id,
                    soort=str(item.call.params.get("soort")),
                    chat_id=chat_id,
                    message_id=message_id,
                    sent_at=now,
                )
            )
            return None

        return await self._transactions.run(mark, write=True)

    def delivered_later(self, item: Delivery) -> None:
        """Telegram accepted the call: its row goes, together with the rows of every other call accepted while
        the previous deletion was on its way (one statement in one shared commit, not one each)."""
        assert item.row_id is not None
        self._accepted.append(item.row_id)
        if self.deleting is None:
            self.deleting = asyncio.get_running_loop().create_task(self._delete_accepted())

    async def _delete_accepted(self) -> None:
        try:
            await asyncio.sleep(0)  # every delivery of this moment joins
            while self._accepted:
                ids, self._accepted = self._accepted, []
                try:
                    await self._transactions.run(_deleting(ids), write=True)
                except Exception:  # the rows keep their lease, run out, and are sent once more
                    log.warning("outbox: %s afgeleverde berichten niet afgevinkt", len(ids), exc_info=True)
        finally:
            self.deleting = None

    async def failed(self, item: Delivery, attempts: int, wait: dt.timedelta, error: str) -> None:
        """Count the failed attempt and keep the row leased through its wait."""
        now = self.clock()

        def mark(session: Session) -> None:
            session.execute(
                update(Outbox)
                .where(Outbox.id == item.row_id)
                .values(
                    attempts=attempts,
                    next_attempt_at=now + wait,
                    leased_until=now + wait + self.lease_length,
                    lease_token=self.token,
                    last_error=error,
                )
                .execution_options(synchronize_session=False)
            )

        await self._transactions.run(mark, write=True)

    async def give_up(self, item: Delivery) -> None:
        def remove(session: Session) -> None:
            _DELIVERED.run(session, {"id": item.row_id})

        await self._transactions.run(remove, write=True)

    async def claim(self, *, announcements: bool, chat_id: int | None = None) -> list[Delivery]:
        """Lease the due rows nobody holds; see `claim_unheld`."""
        now = self.clock()
        lease = self.lease(now)
        return await self._transactions.run(
            lambda session: claim_unheld(session, lease, now, chat_id=chat_id, announcements=announcements),
            write=True,
        )

    async def renew(self) -> None:
        """Extend the leases of every row this process holds, so nobody takes over a row still in its queue."""
        until = self.clock() + self.lease_length

        def extend(session: Session) -> None:
            session.execute(
                update(Outbox)
                .where(Outbox.lease_token == self.token, Outbox.leased_until < until)
                .values(leased_until=until)
                .execution_options(synchronize_session=False)
            )

        await self._transactions.run(extend, write=True)

    async def release(self) -> None:
        """At a clean stop: whatever this process still holds is free for the next one at once."""

        def free(session: Session) -> None:
            session.execute(
                update(Outbox)
                .where(Outbox.lease_token == self.token)
                .values(leased_until=None, lease_token=None)
                .execution_options(synchronize_session=False)
            )

        await self._transactions.run(free, write=True)


# Sending ------------------------------------------------------------------------------------------------------
# The outbox calls the Bot API by name on purpose (see `_invoke`); python-telegram-bot's advice to use its typed
# method instead does not apply.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.", category=PTBUserWarning)


class _Outcome(Enum):
    DONE = "done"
    RETRY = "retry"


@dataclass(eq=False)
class _Submission:
    """The calls one caller handed over; `settled` is done once each was attempted (or all were delivered)."""

    remaining: int
    settled: asyncio.Future[None]

    def settle(self) -> None:
        if not self.settled.done():
            self.settled.set_result(None)


@dataclass(eq=False)
class _Item:
    delivery: Delivery
    submission: _Submission | None
    attempts: int = 0
    params: Mapping[str, Any] = field(default_factory=dict)


_settlements: contextvars.ContextVar[list[asyncio.Future[None]] | None] = contextvars.ContextVar(
    "adviesbot_outbox_settlements", default=None
)


@contextlib.contextmanager
def collecting_settlements() -> Iterator[list[asyncio.Future[None]]]:
    """Collect the `settled` futures of every submission made inside this block (in this task), so the webhook
    can wait, briefly, for the replies of its update to go out before it acknowledges."""
    futures: list[asyncio.Future[None]] = []
    token = _settlements.set(futures)
    try:
        yield futures
    finally:
        _settlements.reset(token)


class Sender:
    """Delivers calls per destination chat, in order, with retries; see the module docstring."""

    def __init__(
        self,
        store: OutboxStore,
        *,
        backoff: Backoff,
        staff_chat_id: int | None,
    ) -> None:
        self.store = store
        self.backoff = backoff
        self.staff_chat_id = staff_chat_id
        self.bot: Bot | None = None
        self._queues: dict[int, deque[_Item]] = {}
        self._workers: dict[int, asyncio.Task[None]] = {}
        self._held: set[int] = set()
        self._marks: set[asyncio.Task[Any]] = set()
        self._resume_at = 0.0
        self._warned_no_staff_chat = False

    def start(self, bot: Bot) -> None:
        self.bot = bot

    @property
    def busy_chats(self) -> int:
        return len(self._queues)

    def submit(self, deliveries: Iterable[Delivery]) -> asyncio.Future[None]:
        """Queue `deliveries` behind whatever their chats already have queued; the future is settled once each
        was attempted. Outside a running sender (no bot yet) the rows wait for the scan."""
        loop = asyncio.get_running_loop()
        items = list(deliveries)
        settled: asyncio.Future[None] = loop.create_future()
        collector = _settlements.get()
        if collector is not None:
            collector.append(settled)
        submission = _Submission(remaining=0, settled=settled)
        for item in items:
            chat = self._destination(item)
            if chat is None or (item.row_id is not None and item.row_id in self._held):
                continue
            submission.remaining += 1
            self._enqueue(chat, _Item(item, submission, item.attempts, item.call.params), recovered=False)
        if submission.remaining == 0:
            submission.settle()
        return settled

    def _destination(self, item: Delivery) -> int | None:
        if item.call.chat_id is not None:
            return item.call.chat_id
        if self.staff_chat_id is None and not self._warned_no_staff_chat:
            log.warning("LEADS_CHAT_ID is niet gezet: aanvragen wachten in de database (adviesbot leads list)")
            self._warned_no_staff_chat = True
        return self.staff_chat_id

    def _enqueue(self, chat: int, item: _Item, *, recovered: bool) -> None:
        queue = self._queues.setdefault(chat, deque())
        if item.delivery.row_id is not None:
            self._held.add(item.delivery.row_id)
        position = len(queue)
        if recovered and item.delivery.row_id is not None:
            # An older row taken over from another process goes before the newer rows of this one, but never
            # before the call that is in flight right now.
            first = 1 if chat in self._workers else 0
            for index in range(first, len(queue)):
                other = queue[index].delivery.row_id
                if other is not None and other > item.delivery.row_id:
                    position = index
                    break
        queue.insert(position, item)
        if chat not in self._workers and self.bot is not None:
            self._workers[chat] = asyncio.get_running_loop().create_task(self._work(chat), name=f"outbox-{chat}")

    async def _work(self, chat: int) -> None:
        queue = self._queues[chat]
        try:
            while queue:
                item = queue[0]
                pause = self._resume_at - asyncio.get_running_loop().time()
                if pause > 0:
                    await asyncio.sleep(pause)
                outcome, wait = await self._attempt(chat, item)
                if outcome is _Outcome.DONE:
                    queue.popleft()
                    self._finished(item)
                    continue
                # The first attempt of everything queued here has happened: whoever waits may go on.
                for waiting in queue:
                    if waiting.submission is not None:
                        waiting.submission.settle()
                await asyncio.sleep(wait.total_seconds())
        finally:
            del self._workers[chat]
            if not queue:
                del self._queues[chat]

    def _finished(self, item: _Item) -> None:
        if item.delivery.row_id is not None:
            self._held.discard(item.delivery.row_id)
        if item.submission is not None:
            item.submission.remaining -= 1
            if item.submission.remaining <= 0:
                item.submission.settle()

    async def _attempt(self, chat: int, item: _Item) -> tuple[_Outcome, dt.timedelta]:
        assert self.bot is not None
        call = item.delivery.call
        item.attempts += 1
        try:
            if call.method == ANNOUNCE_LEAD:
                assert item.delivery.row_id is not None
                text = await self.store.announcement_text(item.delivery.row_id)
                if text is None:
                    # /vergeet or the retention job deleted the lead (and with it this row): nothing to announce.
                    return _Outcome.DONE, dt.timedelta(0)
                result: Any = await self.bot.send_message(
                    chat_id=chat, text=text, link_preview_options=LinkPreviewOptions(is_disabled=True)
                )
            else:
                result = await _invoke(self.bot, call.method, item.params)
        except RetryAfter as error:
            wait = max(self.backoff.after(item.attempts), retry_after(error))
            # Telegram's flood control is per bot: every chat waits, not only this one.
            self._resume_at = max(self._resume_at, asyncio.get_running_loop().time() + wait.total_seconds())
            return await self._retry(item, wait, error)
        except (BadRequest, Forbidden) as error:
            return await self._refused(item, error)
        except TelegramError as error:
            return await self._retry(item, self.backoff.after(item.attempts), error)
        except Exception as error:  # a database error while rendering: the row stays, the lease runs out
            log.exception("outbox %s: onverwachte fout", item.delivery.row_id)
            return await self._retry(item, self.backoff.after(item.attempts), error)
        if item.delivery.row_id is None:
            return _Outcome.DONE, dt.timedelta(0)
        if call.method == ANNOUNCE_LEAD:
            self._mark(self._announced(item, chat, _message_id(result)))
        else:
            self.store.delivered_later(item.delivery)
        return _Outcome.DONE, dt.timedelta(0)

    async def _refused(self, item: _Item, error: TelegramError) -> tuple[_Outcome, dt.timedelta]:
        call = item.delivery.call
        description = error.message.lower()
        if call.method == ANNOUNCE_LEAD:
            # The staff chat is misconfigured: keep the lead's announcement until someone fixes it.
            log.error("aankondiging in de medewerkerschat geweigerd (%s); controleer LEADS_CHAT_ID", describe(error))
            return await self._retry(item, self.backoff.after(item.attempts, ANNOUNCEMENT_MAX_DELAY), error)
        if _UNPARSABLE in description and item.params.get("parse_mode"):
            # Our HTML is at fault, not the reply: send the same words without markup.
            log.error("outbox %s: Telegram kon de opmaak niet lezen; verstuurd zonder opmaak", item.delivery.row_id)
            from bot.telegram_render import plain_text

            plain = {name: value for name, value in item.params.items() if name != "parse_mode"}
            item.params = {**plain, "text": plain_text(str(item.params.get("text", "")))}
            return _Outcome.RETRY, dt.timedelta(0)
        if isinstance(error, Forbidden) or any(reason in description for reason in _GONE):
            log.info("outbox %s: %s kan niet meer; vervalt (%s)", item.delivery.row_id, call.method, describe(error))
        else:
            log.error("outbox %s: %s geweigerd; vervalt (%s)", item.delivery.row_id, call.method, describe(error))
        if item.delivery.row_id is not None:
            self._mark(self.store.give_up(item.delivery))
        return _Outcome.DONE, dt.timedelta(0)

    async def _retry(self, item: _Item, wait: dt.timedelta, error: BaseException) -> tuple[_Outcome, dt.timedelta]:
        if item.delivery.row_id is None:
            if item.attempts >= EPHEMERAL_ATTEMPTS:
                log.warning("bericht na %s pogingen opgegeven (%s)", item.attempts, describe(error))
                return _Outcome.DONE, dt.timedelta(0)
            return _Outcome.RETRY, wait
        log.warning(
            "outbox %s: %s mislukt (poging %s, %s); opnieuw over %.1f s",
            item.delivery.row_id,
            item.delivery.call.method,
            item.attempts,
            describe(error),
            wait.total_seconds(),
        )
        try:
            await self.store.failed(item.delivery, item.attempts, wait, describe(error))
        except Exception:  # the database is down too: the row keeps its lease until it runs out
            log.warning("outbox %s: mislukte poging niet vastgelegd", item.delivery.row_id, exc_info=True)
        return _Outcome.RETRY, wait

    async def _announced(self, item: _Item, chat: int, message_id: int | None) -> None:
        take_back = await self.store.delivered(item.delivery, chat, message_id)
        if take_back is not None:
            log.info("aankondiging %s: de aanvraag is intussen gewist; bericht wordt weer verwijderd", message_id)
            self.submit([take_back])

    def _mark(self, work: Any) -> None:
        """Record an outcome without holding up the next call of the chat: the mark is in the database a few
        milliseconds later, and a crash before that only means a call is made once more."""
        task = asyncio.get_running_loop().create_task(self._logged(work))
        self._marks.add(task)
        task.add_done_callback(self._marks.discard)

    @staticmethod
    async def _logged(work: Any) -> None:
        try:
            await work
        except Exception:
            log.warning("outbox: afgeleverd bericht niet afgevinkt; het kan nog eens worden verstuurd", exc_info=True)

    async def scan(self) -> int:
        """Renew this process's leases and take over what nobody delivers; returns how many were taken."""
        await self.store.renew()
        claimed = await self.store.claim(announcements=self.staff_chat_id is not None)
        self._adopt(claimed)
        return len(claimed)

    async def nudge(self, chat_id: int) -> None:
        """Deliver what is pending for `chat_id` and nobody holds (after a redelivered update: a reply stored
        by a process that died before sending it)."""
        self._adopt(await self.store.claim(announcements=False, chat_id=chat_id))

    def _adopt(self, claimed: list[Delivery]) -> None:
        for item in claimed:
            chat = self._destination(item)
            if chat is None or item.row_id in self._held:
                continue
            self._enqueue(chat, _Item(item, None, item.attempts, item.call.params), recovered=True)

    async def idle(self) -> None:
        """Until nothing is queued and every outcome is in the database (for tests and benchmarks)."""
        while self._workers or self._marks or self.store.deleting:
            deleting = [self.store.deleting] if self.store.deleting else []
            await asyncio.wait([*self._workers.values(), *self._marks, *deleting])

    async def stop(self, grace: float) -> None:
        """Give the queues up to `grace` seconds, then stop, and release what is left for the next process."""
        if self._workers and grace > 0:
            await asyncio.wait(list(self._workers.values()), timeout=grace)
        for worker in list(self._workers.values()):
            worker.cancel()
        await asyncio.gather(*self._workers.values(), return_exceptions=True)
        for queue in self._queues.values():
            for item in queue:
                if item.submission is not None:
                    item.submission.settle()
        self._queues.clear()
        self._held.clear()
        await asyncio.gather(*self._marks, return_exceptions=True)
        if self.store.deleting is not None:
            await asyncio.gather(self.store.deleting, return_exceptions=True)
        try:
            await self.store.release()
        except Exception:
            log.warning("outbox: leases niet vrijgegeven; ze verlopen vanzelf", exc_info=True)


async def _invoke(bot: Bot, method: str, params: Mapping[str, Any]) -> Any:
    """The Bot API call `method` with its stored JSON parameters; Telegram's raw answer (a message as a dict, or
    True). Through python-telegram-bot's transport (timeouts, the rate limiter, its errors), but without its
    objects: they would turn the stored JSON into objects and back, and parse every answer into a Message,
    about a third of what sending cost (BENCHMARKS.md)."""
    if method not in (SEND_MESSAGE, EDIT_MESSAGE_TEXT, DELETE_MESSAGE):
        raise ValueError(f"unknown outbox method {method!r}")
    return await bot.do_api_request(method, api_kwargs=dict(params))


def _message_id(result: Any) -> int | None:
    if isinstance(result, Message):
        return result.message_id
    if isinstance(result, dict) and isinstance(result.get("message_id"), int):
        return int(result["message_id"])
    return None


def ephemeral(calls: Iterable[Call]) -> list[Delivery]:
    """Calls sent in order with the chat's stored ones, but not stored themselves."""
    return [Delivery(row_id=None, call=call) for call in calls]
