"""The lead funnel's texts for staff: the hand-off packet (announcement and /lead), the list and the statistics.

Plain text with the user's own words in it; the Telegram renderer escapes it like every other text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from bot.calls import ANNOUNCE_UPDATED
from bot.clock import AMSTERDAM
from bot.funnel import FunnelRow, FunnelStats
from bot.models import Lead
from conversations.replies import TELEGRAM_LIMIT
from conversations.topics import FLOWS


def local(moment: dt.datetime) -> str:
    return moment.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M")


def onderwerp_titel(onderwerp: str | None) -> str:
    if onderwerp is None or onderwerp == "overig":
        return "overige vraag (geen berekening)"
    flow = FLOWS.get(onderwerp)
    return f"{flow.titel} ({onderwerp})" if flow else onderwerp


def contact_text(lead: Lead) -> str:
    if lead.kanaal == "telefoon":
        return f"telefoon {lead.telefoon or '(geen nummer)'}"
    if lead.kanaal == "email":
        return f"e-mail {lead.email or '(geen adres)'}"
    return "via Telegram (zie hieronder)"


CHANNEL_NAMES = {"telegram": "Telegram", "terminal": "de terminal", "web": "de website"}


def channel_text(lead: Lead) -> str:
    """Where the conversation took place, for staff: 'Telegram', 'de website'."""
    return CHANNEL_NAMES.get(lead.channel, lead.channel)


def telegram_text(lead: Lead) -> str:
    naam = f"@{lead.username}" if lead.username else "geen gebruikersnaam"
    return f"{naam}, id {lead.user_id} (tg://user?id={lead.user_id})"


def pairs(pairs: Any) -> list[str]:
    return [": ".join(str(part) for part in paar) for paar in pairs or ()]


def lead_text(lead: Lead, kop: str) -> str:
    """The hand-off packet as plain Dutch text: the staff-chat announcement and /lead <nr>."""
    regels = [
        kop,
        f"Onderwerp: {onderwerp_titel(lead.onderwerp)}",
        f"Naam: {lead.naam}",
        f"Contact: {contact_text(lead)}",
        # A website visitor has no Telegram account: their number here only ties their data together.
        f"Telegram: {telegram_text(lead)}" if lead.channel == "telegram" else f"Gesprek via: {channel_text(lead)}",
        f"Moment: {lead.moment}",
        f"Vraag: {lead.vraag or '(geen)'}",
    ]
    if lead.antwoorden:
        regels += ["", "Antwoorden:", *(f"• {r}" for r in pairs(lead.antwoorden))]
    uitkomst = lead.uitkomst
    if uitkomst:
        regels += ["", f"Uitkomst: {uitkomst.get('hoofdwaarde', '')} {uitkomst.get('bedrag', '')}".rstrip()]
        if uitkomst.get("conclusie"):
            regels.append(f"Conclusie: {uitkomst['conclusie']}")
        regels += [f"• {r}" for r in pairs(uitkomst.get("waarden"))]
        if uitkomst.get("voorlopig"):
            regels += ["Voorlopig (nog niet definitief):", *(f"• {v}" for v in uitkomst["voorlopig"])]
        if uitkomst.get("aannames"):
            regels += ["Aannames:", *(f"• {a}" for a in uitkomst["aannames"])]
        if uitkomst.get("toelichting"):
            # The research behind the uncertain figures: for the firm's advisers, never shown to the client.
            regels += ["Toelichting voor de adviseur:", *(f"• {t}" for t in uitkomst["toelichting"])]
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
            f"{lead.naam} · {contact_text(lead)} · via {lead.channel}"
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
    if stats.per_kanaal:
        regels += ["", "Per kanaal:"]
        regels += [
            _stats_line(replace(r, sleutel=CHANNEL_NAMES.get(r.sleutel or "", r.sleutel)), "") for r in stats.per_kanaal
        ]
    if stats.per_week:
        regels += ["", f"Per week (de laatste {len(stats.per_week)}, nieuwste eerst):"]
        regels += [_stats_line(replace(r, sleutel=week_label(r.sleutel or "")), "") for r in reversed(stats.per_week)]
    regels += ["", _stats_line(stats.totaal, "Totaal")]
    return "\n".join(regels)
