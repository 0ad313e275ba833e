"""The dashboard in-process for the tests: its ASGI app on a test database, an HTTP client, a clock to move."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.dashboard.accounts import hash_password
from bot.dashboard.server import standalone_app
from bot.dashboard.staff_store import StaffStore
from bot.dashboard.throttle import LoginThrottle
from bot.dashboard.web import build_dashboard
from bot.leads import LeadStore
from tests.bot.test_leads import NOW, event, lead_actie

SECRET_KEY = "test-secret-key-that-is-long-enough-0123456789"
EMAIL = "anne@kantoor.nl"
PASSWORD = "correct paard batterij niet"
CLIENT = ("192.0.2.10", 51000)
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, delta: dt.timedelta) -> None:
        self.now += delta


@dataclass
class Site:
    client: httpx.AsyncClient
    clock: Clock
    engine: AsyncEngine
    app: Any

    async def csrf(self, path: str = "/beheer/inloggen") -> str:
        page = await self.client.get(path)
        match = _CSRF.search(page.text)
        assert match, page.text
        return match.group(1)

    async def sign_in(self, email: str = EMAIL, password: str = PASSWORD, **extra: str) -> httpx.Response:
        token = await self.csrf()
        return await self.client.post(
            "/beheer/inloggen", data={"csrf": token, "email": email, "wachtwoord": password, **extra}
        )

    async def post_form(self, path: str, data: dict[str, Any], *, page: str = "/beheer/aanvragen") -> httpx.Response:
        """A form as the browser posts it: with the CSRF token from a page of the signed-in session."""
        return await self.client.post(path, data={"csrf": await self.csrf(page), **data})


def make_client(app: Any, *, https: bool = False, client: tuple[str, int] = CLIENT) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, client=client),
        base_url="https://testserver" if https else "http://testserver",
    )


def make_app(engine: AsyncEngine, clock: Clock, throttle: LoginThrottle | None = None) -> Any:
    dashboard = build_dashboard(
        engine, secret_key=SECRET_KEY, firm_name="Boekhouding Jansen", clock=clock, throttle=throttle
    )
    return standalone_app(dashboard)


async def add_staff(engine: AsyncEngine, email: str = EMAIL, password: str = PASSWORD) -> None:
    await StaffStore(engine).add_user(email, hash_password(password), NOW)


async def seed_leads(engine: AsyncEngine, now: dt.datetime = NOW) -> dict[str, int]:
    """Four leads from four users, oldest first; returns their numbers by name."""
    store = LeadStore(engine)
    seeds = [
        (101, lead_actie(naam="Anne de Vries")),
        (
            102,
            lead_actie(
                naam="Bert Jansen",
                onderwerp="kia",
                campagne="najaar",
                kanaal="email",
                telefoon=None,
                email="bert@example.nl",
            ),
        ),
        (103, lead_actie(naam="Carla Bakker", onderwerp=None, campagne=None, uitkomst=None, vraag=None)),
        (104, lead_actie(naam='=HYPERLINK("http://x")', campagne="najaar")),
    ]
    numbers = {}
    for offset, (user_id, actie) in enumerate(seeds):
        moment = now - dt.timedelta(hours=len(seeds) - offset)
        events = [
            event("gesprek_gestart", actie["onderwerp"], actie["campagne"]),
            event("lead", actie["onderwerp"], actie["campagne"]),
        ]
        applied = await store.store_actions(
            [actie, *events], user_id=user_id, chat_id=user_id, username=None, now=moment
        )
        numbers[actie["naam"]] = applied.new_leads[0]
    return numbers
