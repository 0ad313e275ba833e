"""The daily retention job: personal data is kept no longer than LEAD_RETENTION_DAYS (default 365).

- leads whose last update is older than that are deleted (with their outbox rows);
- funnel events older than that lose their user id: the statistics keep only anonymous counts;
- reminders overdue by more than that (never deliverable) are deleted;
- conversations that went idle more than CONVERSATION_GRACE ago are deleted (a closed conversation's
  answers serve no purpose; within the grace period the user is still told the conversation was closed), and
  so are outbox calls that could not be delivered in that time;
- handled Telegram update ids older than PROCESSED_UPDATES_KEPT are forgotten (Telegram redelivers for
  hours, not weeks).
Runs every night at 03:30 Europe/Amsterdam and once shortly after start-up, so a bot that is restarted
daily still runs it.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from zoneinfo import ZoneInfo

from telegram.ext import ContextTypes, JobQueue

from bot.lead_storage import LeadStore, Purged
from bot.state_store import StateStore

log = logging.getLogger(__name__)

CONVERSATION_GRACE = dt.timedelta(days=7)
PROCESSED_UPDATES_KEPT = dt.timedelta(days=7)
DAILY_AT = dt.time(3, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
FIRST_RUN_SECONDS = 60


async def run_retention(leads: LeadStore, store: StateStore, retention_days: int, now: dt.datetime) -> Purged:
    purged = await leads.purge(now, dt.timedelta(days=retention_days), CONVERSATION_GRACE)
    updates = await store.prune_processed_updates(now - PROCESSED_UPDATES_KEPT)
    log.info(
        "bewaartermijn: %s aanvragen gewist, %s gebeurtenissen geanonimiseerd, %s herinneringen, %s gesprekken "
        "en %s onbezorgde berichten verlopen, %s update-ids vergeten",
        purged.leads,
        purged.events_unlinked,
        purged.reminders,
        purged.conversations,
        purged.calls,
        updates,
    )
    return purged


def schedule(jobs: JobQueue[Any], leads: LeadStore, store: StateStore, retention_days: int) -> None:
    async def job(_: ContextTypes.DEFAULT_TYPE) -> None:
        await run_retention(leads, store, retention_days, dt.datetime.now(dt.UTC))

    jobs.run_daily(job, time=DAILY_AT, name="bewaartermijn")
    jobs.run_once(job, when=FIRST_RUN_SECONDS, name="bewaartermijn-start")
