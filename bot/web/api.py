"""The public API under /api/v1: the widget's chat endpoint and the calculations, documented by FastAPI.

- `POST /chat` takes `{sessie, tekst}` or `{sessie, knop}` and answers `{sessie, berichten}` (bot/web/chat.py).
- `POST /bereken/{onderwerp}` and `POST /vergelijk/{onderwerp}` answer with the JSON of `adviesbot bereken` and
  `adviesbot vergelijk` (bot/json_output.py), without `toelichting`: those are the firm's research notes for its
  advisers, and this API is public. The request schema of each topic is its calculator's own pydantic model, so
  the OpenAPI document at /openapi.json is generated from the models; /docs shows it (Swagger UI served from
  the fastapi-offline package, so the docs work without a CDN).
- Errors are JSON with one Dutch sentence and the field (bot/web/errors.py): 422 for invalid input, 400 for a
  body that is no JSON, 404 for an unknown topic or path, 413, 429, 403 for another site; never a traceback.

The amounts are computed from the body as the command line reads it (decimals as `Decimal`), not from the
model FastAPI validated: that validation only gates the request and documents it, so both give the same result.
"""

from __future__ import annotations

import inspect
import json
import logging
import traceback
from collections.abc import Awaitable, Callable, Collection
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Body, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse, Response

from bot.json_output import berekening, spreiding_vergeleken, vergelijking
from bot.web.chat import TooFast, WebChat
from bot.web.errors import BESTAAT_NIET, GEEN_JSON, METHODE, STORING, fout
from bot.web.limits import RateLimiter, RequestLimits, too_fast
from bot.web.origins import OriginGate, cors_options
from rules import ONDERWERPEN, OngeldigeInvoer
from rules.invoer import ongeldige_invoer

log = logging.getLogger(__name__)

MOUNT_PATH = "/api/v1"
MAX_TEKST = 4096
"""As long as a Telegram message can be."""
MAX_VARIANTEN = 10


# The chat endpoint's request and answer -----------------------------------------------------------------
class ChatVerzoek(BaseModel):
    """One turn: what the visitor typed (`tekst`) or the token of the button they pressed (`knop`)."""

    model_config = ConfigDict(extra="forbid")

    sessie: str | None = Field(
        default=None, max_length=64, description="De sessie uit het vorige antwoord; leeg bij het eerste bericht."
    )
    tekst: str | None = Field(default=None, min_length=1, max_length=MAX_TEKST, description="Wat de bezoeker typte.")
    knop: str | None = Field(default=None, min_length=1, max_length=256, description="Het token van een knop.")

    @model_validator(mode="after")
    def _tekst_of_knop(self) -> ChatVerzoek:
        if (self.tekst is None) == (self.knop is None):
            raise ValueError("geef tekst of knop, niet allebei en niet geen van beide")
        return self


class Stuk(BaseModel):
    tekst: str
    vet: bool


class Knop(BaseModel):
    label: str
    token: str = Field(description="Stuur dit als `knop` terug wanneer de bezoeker op de knop drukt.")


class Bericht(BaseModel):
    tekst: list[Stuk] = Field(description="De tekst in stukken; `vet` markeert de bedragen die ertoe doen.")
    knoppen: list[Knop]
    open: bool = Field(description="De vraag wordt beantwoord door te typen (een bedrag, een naam).")


class ChatAntwoord(BaseModel):
    sessie: str = Field(description="Bewaar deze en stuur hem mee met het volgende bericht.")
    berichten: list[Bericht]


class Fout(BaseModel):
    fout: str = Field(description="Eén Nederlandse zin.")
    veld: str | None = Field(description="Het veld waar het om gaat, of null.")


# The calculations' requests and answers (documentation of the JSON that bot/json_output.py makes) ---------
class Variatie(BaseModel):
    model_config = ConfigDict(extra="forbid")

    veld: str = Field(max_length=64, description="Het veld van `invoer` dat verschilt, bijvoorbeeld `aandrijving`.")
    waarden: list[Any] = Field(min_length=2, max_length=MAX_VARIANTEN, description="De waarden naast elkaar.")


class Spreiding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    veld: str = Field(max_length=64, description="De lijst met bedragen, bijvoorbeeld `investeringen`.")
    jaren: int = Field(ge=2, le=MAX_VARIANTEN, description="Over zoveel opeenvolgende jaren gelijk gespreid.")


class VergelijkVerzoek(BaseModel):
    """`varieer` (dezelfde berekening voor een paar waarden van één veld) of `spreid` (alles in `jaar` tegenover
    gelijk gespreid over een aantal jaren): precies één van beide."""

    model_config = ConfigDict(extra="forbid")

    varieer: Variatie | None = None
    spreid: Spreiding | None = None

    @model_validator(mode="after")
    def _een_van_beide(self) -> VergelijkVerzoek:
        if (self.varieer is None) == (self.spreid is None):
            raise ValueError("geef varieer of spreid, niet allebei en niet geen van beide")
        return self


class StapJSON(BaseModel):
    omschrijving: str
    bedrag: float | None


class BronJSON(BaseModel):
    titel: str
    url: str


class NettoJSON(BaseModel):
    naam: str | None
    zin: str
    aanname: str | None


class UitkomstJSON(BaseModel):
    """Wat `adviesbot bereken` geeft, zonder `toelichting` (de notities voor de adviseurs van het kantoor)."""

    onderwerp: str
    jaar: int
    uitkomst: dict[str, float | None] = Field(description="Bedragen in euro's; percentages als procenten (8 is 8%).")
    eenheden: dict[str, str]
    stappen: list[StapJSON]
    bronnen: list[BronJSON] = Field(description="Alle bronnen, de primaire eerst.")
    voorlopig: list[str] = Field(description="Wat nog niet definitief is, in zinnen voor de klant.")
    aannames: list[str]
    conclusie: str
    kern: list[str] = Field(description="De een tot drie uitkomsten die ertoe doen, de belangrijkste eerst.")
    netto: NettoJSON | None


class VergelijkingJSON(BaseModel):
    """Wat `adviesbot vergelijk` geeft: met `varieer` de `varianten` en hun `verschillen` met de eerste; met
    `spreid` de `scenarios` met hun `totalen`."""

    model_config = ConfigDict(extra="allow")

    onderwerp: str


# Errors -----------------------------------------------------------------------------------------------------
def _where(error: BaseException) -> str:
    """The place in the code an error came from, for the log: never its message, which may hold what a
    visitor typed."""
    frames = traceback.extract_tb(error.__traceback__)
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"


async def _invalid(_: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    fouten = list(error.errors())
    # A body that does not parse, or that came without the JSON content type (FastAPI then hands it on as bytes).
    if not fouten or fouten[0].get("type") == "json_invalid" or isinstance(fouten[0].get("input"), bytes):
        return fout(400, GEEN_JSON)
    body_level = tuple(fouten[0].get("loc", ()))[:1] == ("body",)
    ongeldig = ongeldige_invoer(fouten, zonder=1 if body_level else 0)
    return fout(422, str(ongeldig), veld=ongeldig.veld)


async def _http_error(_: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    tekst = {404: BESTAAT_NIET, 405: METHODE}.get(error.status_code, STORING)
    return fout(error.status_code, tekst, headers=error.headers)


def _decimal_json(body: bytes) -> Any:
    # As `adviesbot bereken --invoer` reads it: 0.1 stays 0.1, not the float nearest to it.
    return json.loads(body, parse_float=Decimal)


Handler = Callable[..., Awaitable[Response]]


def _with_body(handler: Handler, model: type[BaseModel]) -> Handler:
    """`handler(request, invoer)` with `invoer` declared as a JSON body of `model`: FastAPI reads the signature
    to validate the request and to write the OpenAPI document."""
    handler.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
            inspect.Parameter("invoer", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Annotated[model, Body()]),
        ]
    )
    return handler


async def _calculated(compute: Callable[[], dict[str, Any]]) -> Response:
    try:
        return JSONResponse(compute())
    except OngeldigeInvoer as ongeldig:
        return fout(422, str(ongeldig), veld=ongeldig.veld)
    except Exception as error:  # a bug in a calculator must not become a traceback for the world
        log.error("calculation failed: %s at %s", type(error).__name__, _where(error))
        return fout(500, STORING)


def _bereken_route(onderwerp: str) -> Handler:
    async def bereken(request: Request, invoer: Any) -> Response:
        data = _decimal_json(await request.body())
        return await _calculated(lambda: berekening(onderwerp, data, voor_adviseur=False))

    return bereken


def _vergelijk_route(onderwerp: str) -> Handler:
    async def vergelijk(request: Request, invoer: Any) -> Response:
        data = _decimal_json(await request.body())
        basis = data["invoer"]
        if data.get("spreid") is not None:
            spreid = data["spreid"]
            return await _calculated(
                lambda: spreiding_vergeleken(
                    onderwerp, basis, spreid["veld"], int(spreid["jaren"]), voor_adviseur=False
                )
            )
        varieer = data["varieer"]
        return await _calculated(
            lambda: vergelijking(onderwerp, basis, varieer["veld"], list(varieer["waarden"]), voor_adviseur=False)
        )

    return vergelijk


def _vergelijk_model(onderwerp: str, invoer: type[BaseModel]) -> type[BaseModel]:
    from pydantic import create_model

    naam = "Vergelijk" + invoer.__name__.removesuffix("Invoer")
    model: type[BaseModel] = create_model(
        naam,
        __base__=VergelijkVerzoek,
        invoer=(invoer, Field(description=f"De invoer van `bereken/{onderwerp}`.")),
    )
    return model


def build_api(chat: WebChat, *, origins: Collection[str], per_ip: RateLimiter) -> FastAPI:
    api = FastAPIOffline(
        title="Fiscale adviesbot",
        version="1",
        description=(
            "Berekeningen met bronnen (dezelfde als `adviesbot bereken` en `adviesbot vergelijk`, zonder de "
            "toelichting voor adviseurs) en de chat van de websitewidget."
        ),
        docs_url="/docs",
        redoc_url=None,
        static_url="/docs-bestanden",
        swagger_ui_parameters={"defaultModelsExpandDepth": 0},
    )
    api.add_exception_handler(RequestValidationError, _invalid)
    api.add_exception_handler(HTTPException, _http_error)
    fouten: dict[int | str, dict[str, Any]] = {
        code: {"model": Fout, "description": beschrijving}
        for code, beschrijving in (
            (400, "Geen geldige JSON"),
            (403, "Een andere website dan WIDGET_ORIGINS"),
            (413, "Meer dan 16 KB"),
            (422, "Ongeldige invoer: het veld en een Nederlandse zin"),
            (429, "Te veel verzoeken; zie Retry-After"),
        )
    }

    @api.post("/chat", response_model=ChatAntwoord, responses=fouten, tags=["chat"], summary="Eén beurt van de chat")
    async def chat_route(verzoek: ChatVerzoek) -> Response:
        try:
            antwoord = await chat.reply(verzoek.sessie, verzoek.tekst, verzoek.knop)
        except TooFast as limited:
            return too_fast(limited.wait)
        except Exception as error:  # the database is away, the turn kept conflicting: an apology, not a trace
            log.error("web chat turn failed: %s at %s", type(error).__name__, _where(error))
            return fout(503, STORING)
        return JSONResponse({"sessie": antwoord.sessie, "berichten": antwoord.berichten})

    for onderwerp, calculator in ONDERWERPEN.items():
        api.post(
            f"/bereken/{onderwerp}",
            response_model=UitkomstJSON,
            responses=fouten,
            tags=["berekeningen"],
            summary=calculator.titel,
            operation_id=f"bereken_{onderwerp.replace('-', '_')}",
        )(_with_body(_bereken_route(onderwerp), calculator.invoer))
        api.post(
            f"/vergelijk/{onderwerp}",
            response_model=VergelijkingJSON,
            responses=fouten,
            tags=["vergelijkingen"],
            summary=f"{calculator.titel}: varianten naast elkaar",
            operation_id=f"vergelijk_{onderwerp.replace('-', '_')}",
        )(_with_body(_vergelijk_route(onderwerp), _vergelijk_model(onderwerp, calculator.invoer)))

    onbekend = f"Dit onderwerp ken ik niet; kies een van: {', '.join(ONDERWERPEN)}."

    @api.post("/bereken/{onderwerp}", include_in_schema=False)
    @api.post("/vergelijk/{onderwerp}", include_in_schema=False)
    async def unknown_topic(onderwerp: str) -> Response:
        return fout(404, onbekend, veld="onderwerp")

    # Outermost last: CORS headers go on every answer (a 429 the widget must read too), the gate refuses other
    # sites before anything runs, then the rate limit per IP and the body cap.
    api.add_middleware(RequestLimits, per_ip=per_ip)
    api.add_middleware(OriginGate, origins=origins)
    api.add_middleware(CORSMiddleware, **cors_options(origins))
    return api
