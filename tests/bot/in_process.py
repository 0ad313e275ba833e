"""The whole bot in the test's own process: the real composition root on a real database, the fake Bot API as
its network. `send` hands an update to the Application as the webhook does, and waits as the webhook waits:
until the update's replies had their first attempt."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update

from bot.app import BotApplication, Services, build_application, build_services, processing
from bot.outbox import collecting_settlements
from bot.settings import Settings
from tests.bot.fake_bot_api import USER, FakeBotApi, text_update

# The box3 conversation, then the adviser funnel to the end.
FUNNEL_TEXTS = (
    "box3",
    "nee",
    "150.000",
    "0",
    "0",
    "nee",
    "bereken",
    "adviseur",
    "ja",
    "Anne de Vries",
    "telefoon",
    "06 12345678",
    "2",
    "Kan ik mijn spaargeld beter beleggen?",
)


def make_settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "_env_file": None,
        "telegram_bot_token": SecretStr("123456:TEST"),
        "firm_name": "Kantoor Test",
        "ADVIESBOT_FLOOD_MAX_MESSAGES": 1000,
        "ADVIESBOT_SEND_RETRY_BASE_SECONDS": 0.05,
        "ADVIESBOT_SEND_RETRY_MAX_SECONDS": 0.2,
    }
    values.update(overrides)
    return Settings(**values)


@asynccontextmanager
async def running(
    engine: AsyncEngine, fake: FakeBotApi, settings: Settings | None = None
) -> AsyncIterator[tuple[BotApplication, Services]]:
    """An initialized Application (and its services) on `engine`, talking to `fake`; shut down on the way out."""
    settings = settings or make_settings()
    services = build_services(settings, engine)
    application = build_application(settings, services, request=fake.request(), polling=False, rate_limit=False)
    async with application:
        yield application, services


async def send(application: BotApplication, update: dict[str, Any], *, wait: float = 10.0) -> None:
    with collecting_settlements() as settled:
        await processing(application)(Update.de_json(update, application.bot))
    if settled:
        await asyncio.wait_for(asyncio.gather(*settled), timeout=wait)


async def leave_a_lead(application: BotApplication, user: dict[str, Any] = USER, campagne: str = "zomer") -> None:
    """A whole conversation in Telegram that ends with a lead: deep link, box3, the adviser funnel."""
    await send(application, text_update(f"/start c_{campagne}", user=user))
    for text in FUNNEL_TEXTS:
        await send(application, text_update(text, user=user))


async def idle(services: Services, within: float = 10.0) -> None:
    """Until the sender has nothing queued and every delivery is marked in the database."""
    await asyncio.wait_for(services.sender.idle(), timeout=within)


async def eventually(predicate: Callable[[], Any], within: float = 10.0) -> Any:
    """Await `predicate` becoming truthy while the event loop runs (the sender works meanwhile)."""
    deadline = asyncio.get_running_loop().time() + within
    while not (result := predicate()):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not within {within} s")
        await asyncio.sleep(0.01)
    return result
