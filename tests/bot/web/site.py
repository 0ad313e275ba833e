"""The website channel in-process for the tests: its routes on a test database, an httpx client over ASGI (no
sockets), a clock to move, and a visitor who types and presses buttons as the widget does."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from bot.app import Services, build_services
from bot.settings import Settings
from bot.web.site import website_routes
from tests.bot.dashboard_site import Clock

NOW = dt.datetime(2026, 11, 30, 11, 0, tzinfo=dt.UTC)
ORIGIN = "https://www.jansen.nl"
CLIENT = ("198.51.100.7", 50000)


@dataclass
class Site:
    app: Starlette
    services: Services
    clock: Clock
    settings: Settings

    def client(self, address: str = CLIENT[0]) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app, client=(address, CLIENT[1])), base_url="http://testserver"
        )


def make_site(engine: AsyncEngine, **settings: Any) -> Site:
    options = {"widget_origins": (ORIGIN,), "firm_name": "Boekhouding Jansen", "leads_chat_id": -100777} | settings
    # A setting with its own environment name (ADVIESBOT_…) is only taken under that name.
    aliases = {name: field.validation_alias for name, field in Settings.model_fields.items()}
    config = Settings(**{str(aliases.get(name) or name): value for name, value in options.items()})
    clock = Clock(NOW)
    services = build_services(config, engine)
    return Site(Starlette(routes=website_routes(config, services, clock=clock)), services, clock, config)


def text_of(bericht: dict[str, Any]) -> str:
    return "".join(stuk["tekst"] for stuk in bericht["tekst"])


@dataclass
class Visitor:
    """One browser tab with the widget: it keeps the session id the endpoint gave it."""

    client: httpx.AsyncClient
    origin: str | None = ORIGIN
    sessie: str | None = None
    berichten: list[dict[str, Any]] = field(default_factory=list)

    async def post(self, body: dict[str, Any]) -> httpx.Response:
        headers = {"Origin": self.origin} if self.origin else {}
        response = await self.client.post("/api/v1/chat", json={"sessie": self.sessie, **body}, headers=headers)
        if response.status_code == 200:
            self.sessie = response.json()["sessie"]
            self.berichten = response.json()["berichten"]
        return response

    async def say(self, tekst: str) -> list[dict[str, Any]]:
        response = await self.post({"tekst": tekst})
        assert response.status_code == 200, response.text
        return self.berichten

    async def press(self, label: str) -> list[dict[str, Any]]:
        tokens = [knop["token"] for bericht in self.berichten for knop in bericht["knoppen"] if knop["label"] == label]
        assert tokens, f"no button {label!r} in {self.labels()}"
        response = await self.post({"knop": tokens[-1]})
        assert response.status_code == 200, response.text
        return self.berichten

    def labels(self) -> list[str]:
        return [knop["label"] for bericht in self.berichten for knop in bericht["knoppen"]]

    def text(self) -> str:
        return "\n".join(text_of(bericht) for bericht in self.berichten)


BOX3 = ("Box 3: sparen en beleggen", "Nee", "150.000", "0", "0")


async def box3_result(visitor: Visitor) -> None:
    """The box 3 topic from the menu to its result: a button, a button, three typed answers, Bereken."""
    await visitor.say("/start")
    await visitor.press(BOX3[0])
    await visitor.press(BOX3[1])
    for answer in BOX3[2:]:
        await visitor.say(answer)
    await visitor.press("Bereken")


async def leave_lead(visitor: Visitor, naam: str = "Anne de Vries", telefoon: str = "06 12345678") -> None:
    await visitor.press("Praat met een adviseur")
    await visitor.press("Ja")
    await visitor.say(naam)
    await visitor.press("Telefoon")
    await visitor.say(telefoon)
    await visitor.press("'s Ochtends")
    await visitor.press("Geen vraag")
