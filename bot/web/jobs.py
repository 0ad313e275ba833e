"""What `adviesbot run`'s repeating jobs do, for `adviesbot web`, which runs without python-telegram-bot's
Application and its job queue.

- The retention job (bot/retention.py), shortly after start-up and then every night: a firm that has only the
  website channel keeps personal data no longer than the consent text promises either.
- With `TELEGRAM_BOT_TOKEN` and `LEADS_CHAT_ID`: the staff chat's announcement of each new lead, through the
  same outbox and sender as the bot's, so the firm hears of a website lead without running the Telegram bot.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from telegram import Bot
from telegram.error import TelegramError
from telegram.request import HTTPXRequest

from bot.app import Services
from bot.clock import utcnow
from bot.retention import DAILY_AT, FIRST_RUN_SECONDS, run_retention
from bot.settings import Settings

log = logging.getLogger(__name__)


def seconds_until(moment: dt.time, now: dt.datetime) -> float:
    """Seconds from `now` to the next `moment` (an aware time of day), at least one second."""
    assert moment.tzinfo is not None
    lokaal = now.astimezone(moment.tzinfo)
    volgende = dt.datetime.combine(lokaal.date(), moment.replace(tzinfo=None), tzinfo=moment.tzinfo)
    if volgende <= lokaal:
        volgende = dt.datetime.combine(lokaal.date() + dt.timedelta(days=1), moment.replace(tzinfo=None)).replace(
            tzinfo=moment.tzinfo
        )
    # In UTC: within one zone Python subtracts wall-clock times, an hour off across a DST change.
    return max(1.0, (volgende.astimezone(dt.UTC) - now.astimezone(dt.UTC)).total_seconds())


async def staff_bot(settings: Settings) -> Bot | None:
    """The Bot API client for the staff chat, or None when no token or staff chat is configured, or Telegram
    refuses the token (said in the log: the leads then wait in the outbox for `adviesbot run`)."""
    if settings.telegram_bot_token is None or settings.leads_chat_id is None:
        log.info("geen TELEGRAM_BOT_TOKEN of LEADS_CHAT_ID: nieuwe aanvragen staan in 'adviesbot leads list'")
        return None
    timeout = settings.telegram_timeout_seconds
    bot = Bot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=settings.api_base_url,
        request=HTTPXRequest(connect_timeout=timeout, read_timeout=timeout, write_timeout=timeout),
    )
    try:
        await bot.initialize()
    except TelegramError as error:
        # Never the token in the log; the error's class says enough (InvalidToken, NetworkError, TimedOut).
        log.warning("Telegram niet bereikbaar (%s): aanvragen wachten op 'adviesbot run'", type(error).__name__)
        return None
    return bot


async def run_jobs(settings: Settings, services: Services, *, bot: Bot | None) -> None:
    """Until cancelled."""
    jobs = [_retention(settings, services)]
    if bot is not None:
        services.sender.start(bot)
        jobs.append(_outbox(settings, services))
    await asyncio.gather(*jobs)


async def _retention(settings: Settings, services: Services) -> None:
    await asyncio.sleep(FIRST_RUN_SECONDS)
    while True:
        try:
            await run_retention(services.leads, services.store, settings.lead_retention_days, utcnow())
        except Exception:
            log.exception("bewaartermijn: mislukt, de volgende poging is morgen")
        await asyncio.sleep(seconds_until(DAILY_AT, utcnow()))


async def _outbox(settings: Settings, services: Services) -> None:
    while True:
        try:
            await services.sender.scan()
        except Exception:
            log.warning("outbox: scan mislukt, opnieuw over %s s", settings.outbox_scan_seconds, exc_info=True)
        await asyncio.sleep(settings.outbox_scan_seconds)
