"""The lead funnel's storage: the engine's actions carried out, and what staff, /privacy and /vergeet read.

`apply_actions` runs inside `StateStore.commit_turn`'s transaction (see /work/brief/funnel-contract.md), so a
lead, its outbox row, a reminder and the funnel events are stored exactly when the turn's state is, and a
redelivered update (same update_id) stores nothing twice. Everything else here is a query with its own
short transaction. No Telegram in this module: the staff commands, the CLI and the jobs all call into it.

Decisions the contract left open:
- Dedupe: a lead of the same user on the same onderwerp whose last update is less than 24 hours old is
  updated in place (packet fields replaced, consent time refreshed, number and status kept). Its announcement
  is not repeated: the outbox renders the lead when it sends, so a pending announcement carries the latest
  details. Only when the first announcement has already gone out AND a packet field changed is a short
  "bijgewerkt" announcement queued. The `lead` funnel event of such an update is not stored, so the `leads`
  count in the statistics counts leads, not form submissions.
- Reminders: one per (user, onderwerp, datum); asking again replaces the text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import CursorResult, case, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from bot.database import dispose_engine, writer
from bot.models import (
    LEAD_STATUSES,
    AuditLog,
    ConversationState,
    FunnelEvent,
    Lead,
    LeadOutbox,
    LeadStatusChange,
    Reminder,
)
from conversations.topics import FLOWS

log = logging.getLogger(__name__)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DEDUPE_WINDOW = dt.timedelta(hours=24)
REMINDER_HOUR = dt.time(9, 0)
EVENT_NAMES = ("gesprek_gestart", "berekening", "adviseur_gevraagd", "lead")
ANNOUNCE_NEW = "nieuw"
ANNOUNCE_UPDATED = "bijgewerkt"
TELEGRAM_LIMIT = 4096
SHORT = 64

# The packet fields an action carries; a dedupe update replaces exactly these.
PACKET_FIELDS = (
    "onderwerp",
    "campagne",
    "naam",
    "kanaal",
    "telefoon",
    "email",
    "moment",
    "vraag",
    "antwoorden",
    "invoer",
    "uitkomst",
    "privacy_versie",
)


def _rowcount(result: Any) -> int:
    return cast(CursorResult[Any], result).rowcount


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


def _packet(actie: Mapping[str, Any]) -> dict[str, Any]:
    antwoorden = [[str(part) for part in paar] for paar in actie.get("antwoorden") or ()]
    return {
        "onderwerp": _short(actie.get("onderwerp")),
        "campagne": _short(actie.get("campagne")),
        "naam": str(actie.get("naam") or "").strip() or "(geen naam)",
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
) -> Applied:
    """Carry out the engine's actions in the caller's transaction; `now` must be aware (UTC)."""
    applied = Applied()
    lead_was_update = False
    for actie in acties:
        soort = actie.get("soort")
        if soort == "lead":
            nr, nieuw = _store_lead(session, _packet(actie), user_id, username, now)
            (applied.new_leads if nieuw else applied.updated_leads).append(nr)
            lead_was_update = not nieuw
        elif soort == "herinnering":
            _store_reminder(session, actie, user_id, chat_id, now)
            applied.reminders += 1
        elif soort == "vergeet":
            _forget_in_session(session, user_id)
        elif soort == "gebeurtenis":
            naam = str(actie.get("naam"))
            if naam not in EVENT_NAMES:
                log.error("unknown funnel event %r ignored", naam)
                continue
            if naam == "lead" and lead_was_update:
                continue
            session.add(
                FunnelEvent(
                    naam=naam,
                    onderwerp=_short(actie.get("onderwerp")),
                    campagne=_short(actie.get("campagne")),
                    user_id=user_id,
                    created_at=now,
                )
            )
            applied.events += 1
        else:
            # A newer engine than this shell: losing the turn over it would be worse than skipping it.
            log.error("unknown action %r ignored", soort)
    session.flush()
    return applied


def _store_lead(
    session: Session, packet: dict[str, Any], user_id: int, username: str | None, now: dt.datetime
) -> tuple[int, bool]:
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
        session.add(_outbox_row(lead.id, ANNOUNCE_NEW, now))
        return lead.id, True
    changed = any(getattr(recent, name) != value for name, value in packet.items())
    for name, value in packet.items():
        setattr(recent, name, value)
    recent.username = _short(username)
    recent.toestemming_op = now
    recent.updated_at = now
    pending = session.scalar(
        select(func.count())
        .select_from(LeadOutbox)
        .where(LeadOutbox.lead_id == recent.id, LeadOutbox.delivered_at.is_(None))
    )
    if changed and not pending:
        session.add(_outbox_row(recent.id, ANNOUNCE_UPDATED, now))
    return recent.id, False


def _forget_in_session(session: Session, user_id: int) -> None:
    """/vergeet confirmed in the conversation: leads, their outbox rows and reminders go, funnel events lose the
    user. The conversation state itself is removed by the turn that carries this action."""
    lead_ids = select(Lead.id).where(Lead.user_id == user_id).scalar_subquery()
    session.execute(delete(LeadOutbox).where(LeadOutbox.lead_id.in_(lead_ids)))
    session.execute(delete(Lead).where(Lead.user_id == user_id))
    session.execute(delete(Reminder).where(Reminder.user_id == user_id))
    session.execute(update(FunnelEvent).where(FunnelEvent.user_id == user_id).values(user_id=None))


def _outbox_row(lead_id: int, soort: str, now: dt.datetime) -> LeadOutbox:
    return LeadOutbox(lead_id=lead_id, soort=soort, created_at=now, attempts=0, next_attempt_at=now)


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
@dataclass(frozen=True)
class FunnelRow:
    sleutel: str | None
    gesprekken: int = 0
    berekeningen: int = 0
    leads: int = 0
    adviseur_gevraagd: int = 0
    """Users who opened the adviser funnel (event `adviseur_gevraagd`); 0 while the engine records none."""

    @property
    def conversie(self) -> float | None:
        """Leads per conversation started; None when no conversation started."""
        return self.leads / self.gesprekken if self.gesprekken else None


@dataclass(frozen=True)
class FunnelStats:
    per_onderwerp: list[FunnelRow]
    per_campagne: list[FunnelRow]
    totaal: FunnelRow
    per_week: list[FunnelRow] = field(default_factory=list)
    """Oldest week first, every week present; `sleutel` is the week's Monday (ISO date, Europe/Amsterdam)."""


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
    conversation: bool
    leads: list[Lead]
    reminders: list[Reminder]
    events: int

    @property
    def empty(self) -> bool:
        return not (self.conversation or self.leads or self.reminders or self.events)


@dataclass(frozen=True)
class Forgotten:
    leads: int
    reminders: int
    conversations: int
    events_unlinked: int
    announcements: list[tuple[int, int]]
    """(chat_id, message_id) of the staff-chat announcements of the deleted leads, to delete there too."""


@dataclass(frozen=True)
class Purged:
    leads: int
    events_unlinked: int
    reminders: int
    conversations: int


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
    ) -> Applied:
        """The actions of a turn that has no stored state (a caller outside `StateStore.commit_turn`)."""
        async with self._write() as session, session.begin():
            return await session.run_sync(
                apply_actions, acties, user_id=user_id, chat_id=chat_id, username=username, now=now.astimezone(dt.UTC)
            )

    async def recent(self, limit: int = 20) -> list[Lead]:
        async with self._read() as session:
            return list(await session.scalars(select(Lead).order_by(Lead.id.desc()).limit(limit)))

    async def all(self) -> list[Lead]:
        async with self._read() as session:
            return list(await session.scalars(select(Lead).order_by(Lead.id)))

    async def get(self, nr: int) -> Lead | None:
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

    async def set_status(self, nr: int, status: str) -> Lead | None:
        if status not in LEAD_STATUSES:
            raise ValueError(f"unknown status {status!r}")
        async with self._write() as session, session.begin():
            lead = await session.get(Lead, nr)
            if lead is not None:
                lead.status = status
            return lead

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
        return FunnelStats(per_onderwerp, per_campagne, totaal, per_week)

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
            conversation = await session.scalar(
                select(func.count()).select_from(ConversationState).where(ConversationState.user_id == user_id)
            )
            leads = await session.scalars(select(Lead).where(Lead.user_id == user_id).order_by(Lead.id))
            reminders = await session.scalars(
                select(Reminder).where(Reminder.user_id == user_id).order_by(Reminder.due_at, Reminder.id)
            )
            events = await session.scalar(
                select(func.count()).select_from(FunnelEvent).where(FunnelEvent.user_id == user_id)
            )
            return UserData(bool(conversation), list(leads), list(reminders), int(events or 0))

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

    async def forget_user(self, user_id: int) -> Forgotten:
        """/vergeet: the user's leads (with their outbox rows), reminders and conversation state are deleted,
        their funnel events lose the user id. One transaction: all of it or nothing."""
        async with self._write() as session, session.begin():
            announcements = [
                (int(chat), int(message))
                for chat, message in await session.execute(
                    select(LeadOutbox.chat_id, LeadOutbox.message_id)
                    .join(Lead, Lead.id == LeadOutbox.lead_id)
                    .where(Lead.user_id == user_id, LeadOutbox.message_id.is_not(None))
                )
                if chat is not None and message is not None
            ]
            lead_ids = select(Lead.id).where(Lead.user_id == user_id).scalar_subquery()
            # Explicitly, not only by ON DELETE CASCADE: that needs SQLite's foreign_keys pragma on.
            await session.execute(delete(LeadOutbox).where(LeadOutbox.lead_id.in_(lead_ids)))
            leads = _rowcount(await session.execute(delete(Lead).where(Lead.user_id == user_id)))
            reminders = _rowcount(await session.execute(delete(Reminder).where(Reminder.user_id == user_id)))
            conversations = _rowcount(
                await session.execute(delete(ConversationState).where(ConversationState.user_id == user_id))
            )
            events = _rowcount(
                await session.execute(update(FunnelEvent).where(FunnelEvent.user_id == user_id).values(user_id=None))
            )
        return Forgotten(leads, reminders, conversations, events, announcements)

    async def purge(self, now: dt.datetime, retention: dt.timedelta, conversation_grace: dt.timedelta) -> Purged:
        """The retention job: leads not updated within `retention` are deleted, older funnel events lose their
        user id, reminders overdue by more than `retention` (never deliverable) are dropped, and conversations
        that expired more than `conversation_grace` ago are deleted."""
        cutoff = now - retention
        async with self._write() as session, session.begin():
            old = select(Lead.id).where(Lead.updated_at < cutoff).scalar_subquery()
            await session.execute(delete(LeadOutbox).where(LeadOutbox.lead_id.in_(old)))
            leads = _rowcount(await session.execute(delete(Lead).where(Lead.updated_at < cutoff)))
            events = _rowcount(
                await session.execute(
                    update(FunnelEvent)
                    .where(FunnelEvent.created_at < cutoff, FunnelEvent.user_id.is_not(None))
                    .values(user_id=None)
                )
            )
            reminders = _rowcount(await session.execute(delete(Reminder).where(Reminder.due_at < cutoff)))
            conversations = _rowcount(
                await session.execute(
                    delete(ConversationState).where(ConversationState.expires_at < now - conversation_grace)
                )
            )
        return Purged(leads, events, reminders, conversations)


def _sorted(rows: list[FunnelRow]) -> list[FunnelRow]:
    return sorted(rows, key=lambda r: (r.sleutel is None, -r.gesprekken, r.sleutel or ""))


# Presentation ----------------------------------------------------------------------------------------------
def local(moment: dt.datetime) -> str:
    return moment.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M")


def onderwerp_titel(onderwerp: str | None) -> str:
    if onderwerp is None:
        return "geen (algemene vraag)"
    flow = FLOWS.get(onderwerp)
    return f"{flow.titel} ({onderwerp})" if flow else onderwerp


def contact_text(lead: Lead) -> str:
    if lead.kanaal == "telefoon":
        return f"telefoon {lead.telefoon or '(geen nummer)'}"
    if lead.kanaal == "email":
        return f"e-mail {lead.email or '(geen adres)'}"
    return "via Telegram (zie hieronder)"


def telegram_text(lead: Lead) -> str:
    naam = f"@{lead.username}" if lead.username else "geen gebruikersnaam"
    return f"{naam}, id {lead.user_id} (tg://user?id={lead.user_id})"


def _pairs(pairs: Any) -> list[str]:
    return [": ".join(str(part) for part in paar) for paar in pairs or ()]


def lead_text(lead: Lead, kop: str) -> str:
    """The hand-off packet as plain Dutch text: the staff-chat announcement and /lead <nr>."""
    regels = [
        kop,
        f"Onderwerp: {onderwerp_titel(lead.onderwerp)}",
        f"Naam: {lead.naam}",
        f"Contact: {contact_text(lead)}",
        f"Telegram: {telegram_text(lead)}",
        f"Moment: {lead.moment}",
        f"Vraag: {lead.vraag or '(geen)'}",
    ]
    if lead.antwoorden:
        regels += ["", "Antwoorden:", *(f"• {r}" for r in _pairs(lead.antwoorden))]
    uitkomst = lead.uitkomst
    if uitkomst:
        regels += ["", f"Uitkomst: {uitkomst.get('hoofdwaarde', '')} {uitkomst.get('bedrag', '')}".rstrip()]
        if uitkomst.get("conclusie"):
            regels.append(f"Conclusie: {uitkomst['conclusie']}")
        regels += [f"• {r}" for r in _pairs(uitkomst.get("waarden"))]
        if uitkomst.get("voorlopig"):
            regels += ["Voorlopig (nog niet definitief):", *(f"• {v}" for v in uitkomst["voorlopig"])]
        if uitkomst.get("aannames"):
            regels += ["Aannames:", *(f"• {a}" for a in uitkomst["aannames"])]
    else:
        regels += ["", "Uitkomst: geen berekening"]
    regels += [
        "",
        f"Campagne: {lead.campagne or '(geen)'}",
        f"Toestemming: {local(lead.toestemming_op)} (privacytekst versie {lead.privacy_versie})",
        f"Status: {lead.status} (wijzig met /status {lead.id} <status>)",
        f"Aanvraagnummer: {lead.id}",
    ]
    tekst = "\n".join(regels)
    if len(tekst) > TELEGRAM_LIMIT:
        staart = f"\n… (ingekort; alles met /lead {lead.id} of /export)"
        tekst = tekst[: TELEGRAM_LIMIT - len(staart)] + staart
    return tekst


def announcement_text(lead: Lead, soort: str) -> str:
    if soort == ANNOUNCE_UPDATED:
        return lead_text(lead, f"Aanvraag #{lead.id} bijgewerkt: dezelfde klant vroeg opnieuw")
    return lead_text(lead, f"Nieuwe aanvraag #{lead.id} voor een adviseur")


def leads_list_text(leads: Sequence[Lead], *, hint: bool = True) -> str:
    if not leads:
        return "Nog geen aanvragen."
    regels = ["Aanvragen (nieuwste eerst):"]
    for lead in leads:
        regels.append(
            f"#{lead.id} · {local(lead.updated_at)} · {lead.status} · {lead.onderwerp or 'algemeen'} · "
            f"{lead.naam} · {contact_text(lead)}"
        )
    if hint:
        regels.append("Details: /lead <nr>; status wijzigen: /status <nr> <status>.")
    return "\n".join(regels)


def _percentage(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%".replace(".", ",")


def _stats_line(row: FunnelRow, leeg: str) -> str:
    return (
        f"{row.sleutel or leeg}: {row.gesprekken} gesprekken, {row.berekeningen} berekeningen, "
        f"{row.adviseur_gevraagd} keer adviseur gevraagd, {row.leads} leads, conversie {_percentage(row.conversie)}"
    )


def week_label(maandag: str) -> str:
    """'2026-11-23' → 'week 48 (vanaf 23-11-2026)'."""
    datum = dt.date.fromisoformat(maandag)
    return f"week {datum.isocalendar().week} (vanaf {datum.strftime('%d-%m-%Y')})"


def stats_text(stats: FunnelStats) -> str:
    regels = ["Funnel per onderwerp (conversie = leads ÷ gestarte gesprekken):"]
    regels += [_stats_line(r, "(geen onderwerp)") for r in stats.per_onderwerp] or ["(nog niets)"]
    regels += ["", "Per campagne:"]
    regels += [_stats_line(r, "(geen campagne)") for r in stats.per_campagne] or ["(nog niets)"]
    if stats.per_week:
        regels += ["", f"Per week (de laatste {len(stats.per_week)}, nieuwste eerst):"]
        regels += [_stats_line(replace(r, sleutel=week_label(r.sleutel or "")), "") for r in reversed(stats.per_week)]
    regels += ["", _stats_line(stats.totaal, "Totaal")]
    return "\n".join(regels)


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
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """Text a spreadsheet shows as text: a user-typed '=...' must not become a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(AMSTERDAM).isoformat(timespec="seconds")


def csv_export(leads: Iterable[Lead]) -> str:
    """One row per lead with every packet field, answers and result flattened to text; UTF-8 with a header."""
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\r\n")
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
                lead.user_id,
                _cell(lead.username),
                _cell(lead.onderwerp),
                _cell(lead.campagne),
                _cell(lead.naam),
                lead.kanaal,
                lead.telefoon or "",  # E.164: its leading + is the number, not a formula
                _cell(lead.email),
                _cell(lead.moment),
                _cell(lead.vraag),
                _cell("; ".join(_pairs(lead.antwoorden))),
                _cell(uitkomst.get("titel")),
                _cell(uitkomst.get("hoofdwaarde")),
                _cell(uitkomst.get("bedrag")),
                _cell(uitkomst.get("conclusie")),
                _cell("; ".join(_pairs(uitkomst.get("waarden")))),
                _cell(" | ".join(uitkomst.get("voorlopig") or ())),
                _cell(" | ".join(uitkomst.get("aannames") or ())),
                "" if lead.invoer is None else json.dumps(lead.invoer, ensure_ascii=False, sort_keys=True),
            ]
        )
    return buffer.getvalue()


# `adviesbot leads …` ----------------------------------------------------------------------------------------
async def _cli(url: str, action: str, csv_path: str | None) -> int:
    from bot.database import create_engine

    engine = create_engine(url)
    try:
        store = LeadStore(engine)
        if action == "list":
            print(leads_list_text(list(reversed(await store.all())), hint=False))
        elif action == "stats":
            print(stats_text(await store.stats()))
        else:
            assert action == "export" and csv_path is not None
            leads = await store.all()
            data = csv_export(leads)
            if csv_path == "-":
                sys.stdout.write(data)
            else:
                Path(csv_path).write_bytes(data.encode("utf-8"))  # noqa: ASYNC240 (one small file, once)
                print(f"{len(leads)} aanvragen geschreven naar {csv_path}")
    finally:
        await dispose_engine(engine)
    return 0


def run_cli(url: str, action: str, csv_path: str | None = None) -> int:
    """`adviesbot leads list|export --csv FILE|stats` on the configured database (migrated first)."""
    import asyncio

    from bot.database import upgrade_database

    upgrade_database(url)
    return asyncio.run(_cli(url, action, csv_path))
