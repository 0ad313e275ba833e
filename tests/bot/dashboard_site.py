"""The dashboard in-process for the tests: its ASGI app on a test database, an HTTP client, a clock to move."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.dashboard.accounts import hash_password
from bot.dashboard.server import standalone_app
from bot.dashboard.staff_store import StaffStore
from bot.dashboard.throttle import LoginThrottle
from bot.dashboard.web import build_dashboard
from bot.lead_storage import LeadStore
from bot.models import FunnelEvent
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


# A believable office for the browser tests and the README screenshot ----------------------------------------
DEMO_LEADS = [
    # (user id, hours ago, overrides of lead_actie)
    (
        201,
        200,
        {
            "naam": "Karin Smit",
            "onderwerp": "wbso",
            "campagne": None,
            "kanaal": "email",
            "telefoon": None,
            "email": "karin@smit-ict.nl",
            "uitkomst": None,
            "vraag": "Kom ik in aanmerking voor de WBSO?",
        },
    ),
    (202, 150, {"naam": "Pieter de Boer", "onderwerp": "auto-van-de-zaak", "campagne": "linkedin", "uitkomst": None}),
    (
        203,
        90,
        {
            "naam": "Bert Jansen",
            "onderwerp": "kia",
            "campagne": "najaar",
            "kanaal": "email",
            "telefoon": None,
            "email": "bert@jansen-bouw.nl",
            "uitkomst": None,
        },
    ),
    (204, 50, {"naam": "Fatima el Amrani", "onderwerp": "tweede-woning", "campagne": "najaar", "uitkomst": None}),
    (
        205,
        26,
        {"naam": "Joost Visser", "onderwerp": "anbi-contributie", "campagne": None, "uitkomst": None, "vraag": None},
    ),
    (206, 3, {"naam": "Anne de Vries", "campagne": "najaar"}),
]
DEMO_STATUSES = {"Karin Smit": "klant", "Pieter de Boer": "in behandeling", "Bert Jansen": "afgewezen"}
ADVISER_NOTE = "Het forfaitaire rendement 2026 is voorlopig; de definitieve cijfers volgen in het voorjaar."


async def seed_demo(engine: AsyncEngine, now: dt.datetime) -> dict[str, int]:
    """Six leads in several statuses, and eight weeks of funnel events over the topics and campaigns."""
    store = LeadStore(engine)
    numbers = {}
    for user_id, hours, overrides in DEMO_LEADS:
        actie = lead_actie(**overrides)
        if actie["uitkomst"] is not None:
            actie["uitkomst"]["toelichting"] = [ADVISER_NOTE]
        applied = await store.store_actions(
            [actie], user_id=user_id, chat_id=user_id, username=None, now=now - dt.timedelta(hours=hours)
        )
        numbers[actie["naam"]] = applied.new_leads[0]
    for naam, status in DEMO_STATUSES.items():
        await store.change_status(numbers[naam], status, door="demo@example.nl", notitie=None, now=now)
    topics = [("box3", "najaar"), ("kia", "najaar"), ("auto-van-de-zaak", "linkedin"), ("wbso", None), ("box3", None)]
    # Eight weeks of funnel events straight into the table, so the charts have a history to show.
    async with async_sessionmaker(engine)() as session, session.begin():
        for week in range(8):
            for index, (onderwerp, campagne) in enumerate(topics):
                started = 2 + (week * 3 + index * 5) % 6
                moment = now - dt.timedelta(weeks=week, hours=index * 5 + 1)
                for naam, count in (
                    ("gesprek_gestart", started),
                    ("berekening", started * 2 // 3),
                    ("adviseur_gevraagd", started // 3),
                    ("lead", started // 4),
                ):
                    session.add_all(
                        FunnelEvent(
                            naam=naam,
                            onderwerp=onderwerp,
                            campagne=campagne,
                            user_id=None,
                            created_at=moment,
                            channel="telegram",
                        )
                        for _ in range(count)
                    )
    return numbers
