"""The user's privacy rights, for any channel: /privacy shows what is stored (the values themselves, as the
GDPR right of access expects), /vergeet erases it.

Channel-independent: every function takes the stores and a user id and returns `Bericht`s; the Telegram
handlers only adapt. `forget_user_in` is the storage side of /vergeet in one function, run in the caller's
transaction (the engine's "forget this user" action can call it from a turn):
- deleted: the user's leads (with their pending announcements and the record of where they landed), their
  reminders, their conversations in every chat, and the calls still on their way to their private chat;
- unlinked: their funnel events keep the anonymous count and lose the user id;
- taken back: staff-chat announcements of their leads sent less than 48 hours ago are deleted there too,
  through the outbox (so a Telegram outage only delays it);
- what cannot be recalled: announcements older than 48 hours (Telegram lets a bot delete its messages for
  48 hours only) and exports staff already made. The confirmation question says so before anything happens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.calls import DELETE_MESSAGE, Call
from bot.database import rowcount
from bot.lead_storage import LeadStore, UserData
from bot.lead_texts import channel_text, contact_text, local, onderwerp_titel, pairs
from bot.models import ConversationState, FunnelEvent, Lead, LeadAnnouncement, LeadStatusChange, Outbox, Reminder
from bot.outbox import Delivery, Lease, add
from bot.transactions import Transactions
from conversations.replies import Bericht

# Telegram lets a bot delete its own message for 48 hours; a margin keeps a deletion from racing the limit.
RECALL_WINDOW = dt.timedelta(hours=47)


@dataclass(frozen=True)
class Forgotten:
    leads: int
    reminders: int
    conversations: int
    calls: int
    """Calls (replies) that were still on their way to the user and are not sent any more."""
    events_unlinked: int
    taken_back: list[Delivery]
    """The deletions of staff-chat announcements, stored in the outbox, to hand to the sender."""
    not_recalled: int
    """Announcements older than the 48 hours in which Telegram lets a bot delete them."""


def _meervoud(aantal: int, enkel: str, meer: str) -> str:
    return f"{aantal} {enkel if aantal == 1 else meer}"


# /privacy -------------------------------------------------------------------------------------------------
def _antwoord(flow_id: str | None, vraag_id: str, waarde: Any) -> str:
    """An answer as the user gave it, with the question's own label where the flow still knows it."""
    from conversations.questions import toon_antwoord
    from conversations.topics import FLOWS, HULPFLOWS

    flow = (FLOWS.get(flow_id) or HULPFLOWS.get(flow_id)) if flow_id else None
    vraag = next((v for v in flow.alle_vragen if v.id == vraag_id), None) if flow else None
    if vraag is None:
        return f"{vraag_id.replace('_', ' ')}: {waarde}"
    try:
        return f"{vraag.label}: {toon_antwoord(vraag, waarde)}"
    except (ValueError, TypeError, ArithmeticError):
        return f"{vraag.label}: {waarde}"


def _gesprek(state: Mapping[str, Any]) -> list[str]:
    from conversations.state import Gesprek

    gesprek = Gesprek.uit_dict(state)
    onder = gesprek.onderwerp_frame
    onderwerp = onder.flow if onder is not None else None
    regels = [f"Uw lopende gesprek ({onderwerp_titel(onderwerp) if onderwerp else 'nog geen onderwerp'}):"]
    for frame in gesprek.stapel:
        # Answers the engine keeps for itself (the year, the topic of a request) start with '_'.
        regels += [f"• {_antwoord(frame.flow, k, v)}" for k, v in frame.antwoorden.items() if not k.startswith("_")]
    if gesprek.eigen_vraag:
        regels.append(f"• uw vraag: {gesprek.eigen_vraag}")
    if gesprek.campagne:
        regels.append(f"• campagne waarmee u binnenkwam: {gesprek.campagne}")
    if len(regels) == 1:
        regels.append("• nog geen antwoorden")
    regels.append("Een gesprek dat een dag stil is, wordt gesloten.")
    return regels


def _aanvraag(lead: Lead) -> list[str]:
    regels = [
        f"Aanvraag #{lead.id} voor een adviseur ({onderwerp_titel(lead.onderwerp)}, status {lead.status}), "
        f"toestemming gegeven op {local(lead.toestemming_op)}:",
        f"• naam: {lead.naam}",
        f"• contact: {contact_text(lead)}",
        f"• Telegram: {'@' + lead.username if lead.username else 'geen gebruikersnaam'} (id {lead.user_id})"
        if lead.channel == "telegram"
        else f"• gesprek via: {channel_text(lead)}",
        f"• moment: {lead.moment}",
        f"• vraag: {lead.vraag or '(geen)'}",
    ]
    regels += [f"• antwoord: {regel}" for regel in pairs(lead.antwoorden)]
    uitkomst = lead.uitkomst or {}
    if uitkomst:
        regels.append(f"• berekening: {uitkomst.get('hoofdwaarde', '')} {uitkomst.get('bedrag', '')}".rstrip())
    if lead.campagne:
        regels.append(f"• campagne: {lead.campagne}")
    return regels


def privacy_berichten(
    data: UserData, *, firm_name: str, privacy_url: str, retention_days: int, channel: str = "telegram"
) -> list[Bericht]:
    """What is stored about the user, value by value (one message; the renderer splits a long one). On the
    website (`channel`) the user is known by their session, not by a Telegram id."""
    wie = "uw Telegram-id" if channel == "telegram" else "een nummer van deze sessie"
    blokken: list[list[str]] = [["Wat ik over u bewaar:"]]
    if data.empty:
        blokken[0].append("• Op dit moment niets.")
    blokken += [_gesprek(state) for state in data.conversations]
    if data.leads:
        blokken += [_aanvraag(lead) for lead in data.leads]
        blokken.append(
            [
                f"Een adviseur van {firm_name} ziet uw aanvragen. We bewaren een aanvraag hoogstens "
                f"{retention_days} dagen."
            ]
        )
    if data.reminders:
        blokken.append(
            ["Uw herinneringen (bekijk of schrap ze met /herinneringen):"]
            + [f"• {r.datum.strftime('%d-%m-%Y')}: {r.tekst}" for r in data.reminders]
        )
    if data.events:
        blokken.append(
            [
                f"{_meervoud(data.events, 'stap', 'stappen')} in onze statistiek (een gesprek gestart, een "
                f"berekening getoond, een aanvraag gedaan), met {wie} erbij. Na "
                f"{retention_days} dagen of met /vergeet verdwijnt die koppeling en blijft alleen een anonieme "
                "telling over."
            ]
        )
    blokken.append(
        [
            "Wat u typt, wordt niet gelogd.",
            "Met /vergeet wis ik alles over u.",
            f"Ons privacybeleid: {privacy_url}",
        ]
    )
    return [Bericht("\n\n".join("\n".join(blok) for blok in blokken))]


async def privacy_for(
    store: LeadStore,
    user_id: int,
    *,
    firm_name: str,
    privacy_url: str,
    retention_days: int,
    channel: str = "telegram",
) -> list[Bericht]:
    data = await store.about_user(user_id)
    return privacy_berichten(
        data, firm_name=firm_name, privacy_url=privacy_url, retention_days=retention_days, channel=channel
    )


# /vergeet -------------------------------------------------------------------------------------------------
def forget_user_in(session: Session, user_id: int, *, now: dt.datetime, lease: Lease | None) -> Forgotten:
    """Erase everything stored about `user_id` in the caller's transaction (see the module docstring)."""
    announcements = session.execute(
        select(LeadAnnouncement.chat_id, LeadAnnouncement.message_id, LeadAnnouncement.sent_at)
        .join(Lead, Lead.id == LeadAnnouncement.lead_id)
        .where(Lead.user_id == user_id)
    ).all()
    recent = [(chat, message) for chat, message, sent_at in announcements if sent_at >= now - RECALL_WINDOW]
    lead_ids = select(Lead.id).where(Lead.user_id == user_id).scalar_subquery()
    # Explicitly, not only by ON DELETE CASCADE: that needs SQLite's foreign_keys pragma on.
    session.execute(delete(Outbox).where(Outbox.lead_id.in_(lead_ids)))
    session.execute(delete(LeadAnnouncement).where(LeadAnnouncement.lead_id.in_(lead_ids)))
    # The staff's notes about the client (the dashboard's status history) go with the lead.
    session.execute(delete(LeadStatusChange).where(LeadStatusChange.lead_id.in_(lead_ids)))
    leads = rowcount(session.execute(delete(Lead).where(Lead.user_id == user_id)))
    reminders = rowcount(session.execute(delete(Reminder).where(Reminder.user_id == user_id)))
    conversations = rowcount(session.execute(delete(ConversationState).where(ConversationState.user_id == user_id)))
    # A private chat's id is the user's id: what is still on its way there carries their answers.
    calls = rowcount(session.execute(delete(Outbox).where(Outbox.chat_id == user_id)))
    events = rowcount(session.execute(update(FunnelEvent).where(FunnelEvent.user_id == user_id).values(user_id=None)))
    rows = [
        add(session, Call(chat, DELETE_MESSAGE, {"chat_id": chat, "message_id": message}), now=now, lease=lease)
        for chat, message in recent
    ]
    session.flush()
    return Forgotten(
        leads=leads,
        reminders=reminders,
        conversations=conversations,
        calls=calls,
        events_unlinked=events,
        taken_back=rows,
        not_recalled=len(announcements) - len(recent),
    )


async def forget_user(transactions: Transactions, user_id: int, *, now: dt.datetime, lease: Lease | None) -> Forgotten:
    """`forget_user_in` as one transaction of its own: all of it or nothing."""
    return await transactions.run(lambda session: forget_user_in(session, user_id, now=now, lease=lease), write=True)
