"""The lead funnel's storage: the engine's actions carried out, and the queries staff, /privacy and the jobs use.

`apply_actions` runs inside the turn's transaction (`StateStore.commit_turn`), so a lead, its announcement in
the outbox, a reminder and the funnel events are stored exactly when the turn's state is, and a redelivered
update (same update_id) stores nothing twice. Everything else here is a query with its own short transaction.
No Telegram in this module.

Decisions the funnel contract left open:
- Dedupe: a lead of the same user on the same onderwerp whose last update is less than 24 hours old is
  updated in place (consent time refreshed, number and status kept). A field is only replaced by a value
  that says something: a second request without a new calculation keeps the stored calculation, answers and
  question (a richer packet is never replaced by a poorer one). Its announcement is not repeated: the outbox
  renders the lead when it sends, so a pending announcement carries the latest details. Only when the first
  announcement has already gone out AND a field changed is a short "bijgewerkt" announcement queued. The
  `lead` funnel event of such an update is not stored, so the `leads` count in the statistics counts leads,
  not form submissions.
- Reminders: one per (user, onderwerp, datum); asking again replaces the text.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import case, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from bot.calls import ANNOUNCE_LEAD, ANNOUNCE_UPDATED, Call
from bot.clock import AMSTERDAM
from bot.database import rowcount, writer
from bot.funnel import FunnelRow, FunnelStats
from bot.hot_sql import HotStatement
from bot.models import (
    LEAD_STATUSES,
    AuditLog,
    ConversationState,
    FunnelEvent,
    Lead,
    LeadAnnouncement,
    LeadStatusChange,
    Outbox,
    Reminder,
    UTCDateTime,
)
from bot.outbox import Delivery, Lease, add

log = logging.getLogger(__name__)

DEDUPE_WINDOW = dt.timedelta(hours=24)
REMINDER_HOUR = dt.time(9, 0)
EVENT_NAMES = ("gesprek_gestart", "berekening", "adviseur_gevraagd", "lead")
ANNOUNCE_NEW = "nieuw"
SHORT = 64
# The lead number staff type (/lead 12) is a 32-bit integer column: larger numbers cannot exist.
MAX_LEAD_NUMBER = 2**31 - 1
_ADD_EVENT = HotStatement(
    "INSERT INTO funnel_event (naam, onderwerp, campagne, user_id, created_at, channel) "
    "VALUES (:naam, :onderwerp, :campagne, :user_id, :now, :channel)",
    types={"now": UTCDateTime()},
)
# A packet field that says nothing: it never replaces what a richer earlier request stored.
_EMPTY: tuple[Any, ...] = (None, "", [], {})
_NO_NAME = "(geen naam)"


def _short(value: Any, limit: int = SHORT) -> str | None:
    return None if value is None else str(value)[:limit]


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


@dataclass
class Applied:
    """What one turn's actions stored (for logging and tests)."""

    new_leads: list[int] = field(default_factory=list)
    updated_leads: list[int] = field(default_factory=list)
    reminders: int = 0
    events: int = 0
    announcements: list[Delivery] = field(default_factory=list)
    """The staff-chat announcements this turn queued in the outbox."""


def _packet(actie: Mapping[str, Any]) -> dict[str, Any]:
    antwoorden = [[str(part) for part in paar] for paar in actie.get("antwoorden") or ()]
    return {
        "onderwerp": _short(actie.get("onderwerp")),
        "campagne": _short(actie.get("campagne")),
        "naam": str(actie.get("naam") or "").strip() or _NO_NAME,
        "kanaal": str(actie.get("kanaal") or "telegram")[:16],
        "telefoon": _text(actie.get("telefoon")),
        "email": _text(actie.get("email")),
        "moment": str(actie.get("moment") or ""),
        "vraag": _text(actie.get("vraag")),
        "antwoorden": antwoorden,
        "invoer": actie.get("invoer"),
        "uitkomst": actie.get("uitkomst"),
        "privacy_versie": str(actie.get("privacy_versie") or "onbekend")[:32],
    }


def apply_actions(
    session: Session,
    acties: Iterable[Mapping[str, Any]],
    *,
    user_id: int,
    chat_id: int,
    username: str | None,
    now: dt.datetime,
    lease: Lease | None = None,
    channel: str = "telegram",
) -> Applied:
    """Carry out the engine's actions in the caller's transaction; `now` must be aware (UTC). Announcements
    are queued in the outbox, leased by `lease` (the process that will send them right after the commit).
    Leads and funnel events keep the `channel` the conversation took place in."""
    applied = Applied()
    lead_was_update = False
    for actie in acties:
        soort = actie.get("soort")
        if soort == "lead":
            packet = {**_packet(actie), "channel": channel}
            nr, nieuw, announcement = _store_lead(session, packet, user_id, username, now, lease)
            (applied.new_leads if nieuw else applied.updated_leads).append(nr)
            if announcement is not None:
                applied.announcements.append(announcement)
            lead_was_update = not nieuw
        elif soort == "herinnering":
            _store_reminder(session, actie, user_id, chat_id, now)
            applied.reminders += 1
        elif soort == "gebeurtenis":
            naam = str(actie.get("naam"))
            if naam not in EVENT_NAMES:
                log.error("unknown funnel event %r ignored", naam)
                continue
            if naam == "lead" and lead_was_update:
                continue
            # Plain SQL: two in seven turns store one, and the ORM's unit of work cost more than the insert.
            _ADD_EVENT.run(
                session,
                {
                    "naam": naam,
                    "onderwerp": _short(actie.get("onderwerp")),
                    "campagne": _short(actie.get("campagne")),
                    "user_id": user_id,
                    "now": now,
                    "channel": channel,
                },
            )
            applied.events += 1
        else:
            # A newer engine than this shell: losing the turn over it would be worse than skipping it.
            log.error("unknown action %r ignored", soort)
    session.flush()
    return applied


def _store_lead(
    session: Session,
    packet: dict[str, Any],
    user_id: int,
    username: str | None,
    now: dt.datetime,
    lease: Lease | None,
) -> tuple[int, bool, Delivery | None]:
    recent = session.scalar(
        select(Lead)
        .where(
            Lead.user_id == user_id,
            Lead.onderwerp.is_not_distinct_from(packet["onderwerp"]),
            Lead.updated_at > now - DEDUPE_WINDOW,
        )
        .order_by(Lead.updated_at.desc(), Lead.id.desc())
        .limit(1)
    )
    if recent is None:
        lead = Lead(
            **packet,
            user_id=user_id,
            username=_short(username),
            toestemming_op=now,
            status="nieuw",
            created_at=now,
            updated_at=now,
        )
        session.add(lead)
        session.flush()
        return lead.id, True, _announce(session, lead.id, ANNOUNCE_NEW, now, lease)
    richer = {name: value for name, value in packet.items() if not _says_nothing(name, value)}
    changed = any(getattr(recent, name) != value for name, value in richer.items())
    for name, value in richer.items():
        setattr(recent, name, value)
    recent.username = _short(username) or recent.username
    recent.toestemming_op = now
    recent.updated_at = now
    pending = session.scalar(
        select(func.count()).select_from(Outbox).where(Outbox.lead_id == recent.id, Outbox.method == ANNOUNCE_LEAD)
    )
    if changed and not pending:
        return recent.id, False, _announce(session, recent.id, ANNOUNCE_UPDATED, now, lease)
    return recent.id, False, None


def _says_nothing(name: str, value: Any) -> bool:
    return value in _EMPTY or (name == "naam" and value == _NO_NAME)


def _announce(session: Session, lead_id: int, soort: str, now: dt.datetime, lease: Lease | None) -> Delivery:
    return add(session, Call(None, ANNOUNCE_LEAD, {"soort": soort}, lead_id=lead_id), now=now, lease=lease)


def reminder_due_at(datum: dt.date) -> dt.datetime:
    """09:00 Europe/Amsterdam on `datum`, in UTC."""
    return dt.datetime.combine(datum, REMINDER_HOUR, tzinfo=AMSTERDAM).astimezone(dt.UTC)


def _store_reminder(session: Session, actie: Mapping[str, Any], user_id: int, chat_id: int, now: dt.datetime) -> None:
    datum = dt.date.fromisoformat(str(actie["datum"]))
    onderwerp = str(actie.get("onderwerp") or "")[:SHORT]
    tekst = str(actie["tekst"])
    existing = session.scalar(
        select(Reminder).where(Reminder.user_id == user_id, Reminder.onderwerp == onderwerp, Reminder.datum == datum)
    )
    if existing is not None:
        existing.tekst = tekst
        existing.chat_id = chat_id
        return
    session.add(
        Reminder(
            user_id=user_id,
            chat_id=chat_id,
            onderwerp=onderwerp,
            datum=datum,
            tekst=tekst,
            due_at=reminder_due_at(datum),
            created_at=now,
            attempts=0,
            next_attempt_at=now,
        )
    )


# Reading and maintaining ---------------------------------------------------------------------------------
STATS_WEEKS = 12
GEEN = "(geen)"
"""In a LeadFilter: leads without a topic or campaign. Not a possible topic, and no Telegram deep link makes it."""


@dataclass(frozen=True)
class LeadFilter:
    """Which leads staff look at (the dashboard's table and its CSV); None means any."""

    status: str | None = None
    onderwerp: str | None = None
    campagne: str | None = None
    naam: str | None = None
    """Part of the name, any case."""


@dataclass(frozen=True)
class StatusChange:
    lead: Lead
    old_status: str


def week_starts(now: dt.datetime, weeks: int) -> list[dt.datetime]:
    """Monday 00:00 Europe/Amsterdam of the last `weeks` weeks up to and including `now`'s, in UTC, oldest first."""
    monday = now.astimezone(AMSTERDAM).date() - dt.timedelta(days=now.astimezone(AMSTERDAM).weekday())
    return [
        dt.datetime.combine(monday - dt.timedelta(weeks=back), dt.time(0), tzinfo=AMSTERDAM).astimezone(dt.UTC)
        for back in reversed(range(weeks))
    ]


@dataclass(frozen=True)
class UserData:
    """Everything stored about one user, the values themselves (the GDPR right of access)."""

    conversations: list[dict[str, Any]]
    """The stored state of each open conversation."""
    leads: list[Lead]
    reminders: list[Reminder]
    events: int

    @property
    def empty(self) -> bool:
        return not (self.conversations or self.leads or self.reminders or self.events)


@dataclass(frozen=True)
class Purged:
    leads: int
    events_unlinked: int
    reminders: int
    conversations: int
    calls: int


def _sorted(rows: list[FunnelRow]) -> list[FunnelRow]:
    return sorted(rows, key=lambda r: (r.sleutel is None, -r.gesprekken, r.sleutel or ""))


class LeadStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._read = async_sessionmaker(engine, expire_on_commit=False)
        self._write = async_sessionmaker(writer(engine), expire_on_commit=False)

    async def store_actions(
        self,
        acties: Sequence[Mapping[str, Any]],
        *,
        user_id: int,
        chat_id: int,
        username: str | None,
        now: dt.datetime,
        channel: str = "telegram",
    ) -> Applied:
        """The actions of a turn that has no stored state (a caller outside `StateStore.commit_turn`)."""
        async with self._write() as session, session.begin():
            return await session.run_sync(
                apply_actions,
                acties,
                user_id=user_id,
                chat_id=chat_id,
                username=username,
                now=now.astimezone(dt.UTC),
                channel=channel,
            )

    async def recent(self, limit: int = 20) -> list[Lead]:
        async with self._read() as session:
            return list(await session.scalars(select(Lead).order_by(Lead.id.desc()).limit(limit)))

    async def all(self) -> list[Lead]:
        async with self._read() as session:
            return list(await session.scalars(select(Lead).order_by(Lead.id)))

    async def get(self, nr: int) -> Lead | None:
        if not 0 < nr <= MAX_LEAD_NUMBER:
            return None
        async with self._read() as session:
            return await session.get(Lead, nr)

    async def find(self, wie: LeadFilter, limit: int | None = None) -> list[Lead]:
        """Leads matching `wie`, newest first."""
        query = select(Lead).order_by(Lead.id.desc()).limit(limit)
        columns = ((Lead.status, wie.status), (Lead.onderwerp, wie.onderwerp), (Lead.campagne, wie.campagne))
        for column, value in columns:
            if value == GEEN:
                query = query.where(column.is_(None))
            elif value is not None:
                query = query.where(column == value)
        if wie.naam:
            query = query.where(Lead.naam.icontains(wie.naam, autoescape=True))
        async with self._read() as session:
            return list(await session.scalars(query))

    async def change_status(
        self, nr: int, status: str, *, door: str, notitie: str | None, now: dt.datetime
    ) -> StatusChange | None:
        """A staff member's status change: the lead, its history with the note, and the audit log, at once."""
        if status not in LEAD_STATUSES:
            raise ValueError(f"unknown status {status!r}")
        if not 0 < nr <= MAX_LEAD_NUMBER:
            return None
        async with self._write() as session, session.begin():
            lead = await session.get(Lead, nr)
            if lead is None:
                return None
            old, lead.status = lead.status, status
            session.add(
                LeadStatusChange(
                    lead_id=nr, created_at=now, staff_email=door, old_status=old, new_status=status, note=notitie
                )
            )
            session.add(
                AuditLog(
                    created_at=now, staff_email=door, action="status", lead_id=nr, details={"van": old, "naar": status}
                )
            )
            return StatusChange(lead, old)

    async def stats(self, *, weeks: int = STATS_WEEKS, now: dt.datetime | None = None) -> FunnelStats:
        """The funnel per topic, per campaign and per week (the last `weeks`): `adviesbot leads stats`, /stats
        and the dashboard all show these figures."""
        starts = week_starts(now or dt.datetime.now(dt.UTC), weeks)
        # The week of an event as its index in `starts`, computed by the database; a subquery, so GROUP BY
        # names the column rather than repeating a CASE whose bound parameters PostgreSQL sees as different.
        week = case(
            *((FunnelEvent.created_at >= start, index) for index, start in reversed(list(enumerate(starts))))
        ).label("week")
        per_week_events = (
            select(week, FunnelEvent.naam)
            .where(FunnelEvent.created_at >= starts[0], FunnelEvent.created_at < starts[-1] + dt.timedelta(weeks=1))
            .subquery()
        )
        async with self._read() as session:
            per_onderwerp = _sorted(await self._counts(session, FunnelEvent.onderwerp, FunnelEvent.naam))
            per_campagne = _sorted(await self._counts(session, FunnelEvent.campagne, FunnelEvent.naam))
            by_week = await self._counts(session, per_week_events.c.week, per_week_events.c.naam)
            per_kanaal = _sorted(await self._counts(session, FunnelEvent.channel, FunnelEvent.naam))
        totaal = FunnelRow(
            None,
            sum(r.gesprekken for r in per_onderwerp),
            sum(r.berekeningen for r in per_onderwerp),
            sum(r.leads for r in per_onderwerp),
            sum(r.adviseur_gevraagd for r in per_onderwerp),
        )
        counted: dict[Any, FunnelRow] = {row.sleutel: row for row in by_week}
        per_week = [
            replace(counted.get(index, FunnelRow(None)), sleutel=start.astimezone(AMSTERDAM).date().isoformat())
            for index, start in enumerate(starts)
        ]
        return FunnelStats(per_onderwerp, per_campagne, totaal, per_week, per_kanaal)

    @staticmethod
    async def _counts(session: AsyncSession, column: Any, naam: Any) -> list[FunnelRow]:
        result = await session.execute(select(column, naam, func.count()).group_by(column, naam))
        counts: dict[Any, dict[str, int]] = {}
        for sleutel, event_naam, aantal in result:
            counts.setdefault(sleutel, {})[event_naam] = int(aantal)
        return [
            FunnelRow(
                sleutel,
                c.get("gesprek_gestart", 0),
                c.get("berekening", 0),
                c.get("lead", 0),
                c.get("adviseur_gevraagd", 0),
            )
            for sleutel, c in counts.items()
        ]

    async def about_user(self, user_id: int) -> UserData:
        async with self._read() as session:
            conversations = await session.scalars(
                select(ConversationState.state)
                .where(ConversationState.user_id == user_id)
                .order_by(ConversationState.chat_id)
            )
            leads = await session.scalars(select(Lead).where(Lead.user_id == user_id).order_by(Lead.id))
            reminders = await session.scalars(
                select(Reminder).where(Reminder.user_id == user_id).order_by(Reminder.due_at, Reminder.id)
            )
            events = await session.scalar(
                select(func.count()).select_from(FunnelEvent).where(FunnelEvent.user_id == user_id)
            )
            return UserData(list(conversations), list(leads), list(reminders), int(events or 0))

    async def reminders_of(self, user_id: int) -> list[Reminder]:
        async with self._read() as session:
            return list(
                await session.scalars(
                    select(Reminder).where(Reminder.user_id == user_id).order_by(Reminder.due_at, Reminder.id)
                )
            )

    async def cancel_reminder(self, user_id: int, reminder_id: int) -> Reminder | None:
        """Delete the reminder if it is this user's; returns it, or None when there was none."""
        async with self._write() as session, session.begin():
            reminder = await session.scalar(
                select(Reminder).where(Reminder.id == reminder_id, Reminder.user_id == user_id)
            )
            if reminder is not None:
                await session.delete(reminder)
            return reminder

    async def purge(self, now: dt.datetime, retention: dt.timedelta, conversation_grace: dt.timedelta) -> Purged:
        """The retention job: leads not updated within `retention` are deleted, older funnel events lose their
        user id, reminders overdue by more than `retention` (never deliverable) are dropped, and conversations
        that expired, and replies that could not be delivered, more than `conversation_grace` ago are deleted."""
        cutoff = now - retention
        async with self._write() as session, session.begin():
            old = select(Lead.id).where(Lead.updated_at < cutoff).scalar_subquery()
            # Explicitly, not only by ON DELETE CASCADE: that needs SQLite's foreign_keys pragma on.
            await session.execute(delete(Outbox).where(Outbox.lead_id.in_(old)))
            await session.execute(delete(LeadAnnouncement).where(LeadAnnouncement.lead_id.in_(old)))
            await session.execute(delete(LeadStatusChange).where(LeadStatusChange.lead_id.in_(old)))
            leads = rowcount(await session.execute(delete(Lead).where(Lead.updated_at < cutoff)))
            # A reply undeliverable for that long is pointless; an announcement waits as long as its lead.
            calls = rowcount(
                await session.execute(
                    delete(Outbox).where(Outbox.created_at < now - conversation_grace, Outbox.method != ANNOUNCE_LEAD)
                )
            )
            events = rowcount(
                await session.execute(
                    update(FunnelEvent)
                    .where(FunnelEvent.created_at < cutoff, FunnelEvent.user_id.is_not(None))
                    .values(user_id=None)
                )
            )
            reminders = rowcount(await session.execute(delete(Reminder).where(Reminder.due_at < cutoff)))
            conversations = rowcount(
                await session.execute(
                    delete(ConversationState).where(ConversationState.expires_at < now - conversation_grace)
                )
            )
        return Purged(leads, events, reminders, conversations, calls)
