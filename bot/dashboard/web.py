"""The dashboard's pages: sign-in, the lead table and CSV, a lead's page with its status, the funnel, the log.

Every page except the sign-in page needs a session (`StaffOnlyMiddleware`, which also covers paths that do not
exist, so nothing under /beheer tells a stranger anything). Every form posts its CSRF token. Pages are
rendered on the server; the browser runs no script.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from babel.numbers import format_percent
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import HTTPConnection, Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.clock import AMSTERDAM
from bot.dashboard.accounts import InvalidAccount, normalise_email, verify_password
from bot.dashboard.charts import SERIES, conversion_chart, group_chart, short_label, week_chart
from bot.dashboard.security import (
    SESSION_HOURS,
    SecurityHeadersMiddleware,
    SessionCookieMiddleware,
    check_secret_key,
    csrf_token,
    csrf_valid,
)
from bot.dashboard.staff_store import StaffStore
from bot.dashboard.throttle import LoginThrottle
from bot.funnel import FunnelRow
from bot.lead_export import csv_export
from bot.lead_storage import GEEN, LeadFilter, LeadStore
from bot.lead_texts import local, week_label
from bot.models import LEAD_STATUSES, AuditLog, StaffUser
from conversations.topics import FLOWS

log = logging.getLogger(__name__)

MOUNT_PATH = "/beheer"
LOGIN = "/inloggen"
HOME = "/aanvragen"
LIST_LIMIT = 500
MAX_NOTE = 2000
MAX_SEARCH = 100
MAX_CAMPAIGN = 64
USER_KEY = "staff"
SINCE_KEY = "sinds"
MESSAGE_KEY = "melding"
MENU = {"aanvragen.html": "aanvragen", "aanvraag.html": "aanvragen", "funnel.html": "funnel", "logboek.html": "logboek"}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _percent(value: float | None) -> str:
    return "–" if value is None else format_percent(value, format="#,##0.0%", locale="nl_NL")


def _topic(key: str | None) -> str:
    if key is None:
        return "Geen onderwerp (algemene vraag)"
    flow = FLOWS.get(key)
    return flow.titel if flow else key


def _templates() -> Jinja2Templates:
    environment = Environment(
        loader=PackageLoader("bot.dashboard", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(tijd=local, onderwerp=_topic, procent=_percent, week=week_label)
    return Jinja2Templates(env=environment)


@dataclass
class Dashboard:
    leads: LeadStore
    staff: StaffStore
    throttle: LoginThrottle
    clock: Callable[[], dt.datetime]
    firm_name: str
    templates: Jinja2Templates

    # Helpers ------------------------------------------------------------------------------------------------
    def page(self, request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
        base = request.scope.get("root_path", "")
        user: StaffUser | None = request.scope.get("state", {}).get("staff")
        context.update(
            base=base,
            menu=MENU.get(name, ""),
            firm_name=self.firm_name,
            staff=user,
            csrf=csrf_token(request.session),
            melding=request.session.pop(MESSAGE_KEY, None),
        )
        return self.templates.TemplateResponse(request, name, context, status_code=status_code)

    def forbidden(self, request: Request) -> Response:
        return self.page(request, "fout.html", 403, titel="Formulier verlopen", uitleg=EXPIRED)

    async def form(self, request: Request) -> FormData | None:
        """The posted form when its CSRF token matches the session's; None otherwise."""
        form = await request.form()
        return form if csrf_valid(request.session, form) else None

    # Sign-in ------------------------------------------------------------------------------------------------
    async def login_page(self, request: Request) -> Response:
        volgende = _local_path(request, request.query_params.get("volgende"))
        if request.scope.get("state", {}).get("staff") is not None:
            return RedirectResponse(volgende, status_code=303)
        return self.page(request, "inloggen.html", volgende=volgende, email="", fout=None)

    async def login(self, request: Request) -> Response:
        form = await self.form(request)
        if form is None:
            return self.forbidden(request)
        typed, password = str(form.get("email", "")), str(form.get("wachtwoord", ""))
        volgende = _local_path(request, str(form.get("volgende", "")))
        try:
            email = normalise_email(typed)
        except InvalidAccount:
            email = typed.strip().lower()[:254]
        client = request.client.host if request.client else "onbekend"
        wait = self.throttle.wait(email, client)
        if wait is not None:
            minuten = max(1, -(-int(wait.total_seconds()) // 60))
            log.warning("inloggen geweigerd na te veel mislukte pogingen (client %s)", client)
            response = self.page(
                request,
                "inloggen.html",
                429,
                volgende=volgende,
                email=typed,
                fout=f"Te veel mislukte pogingen. Probeer het over {minuten} minuten opnieuw.",
            )
            response.headers["Retry-After"] = str(int(wait.total_seconds()) + 1)
            return response
        user = await self.staff.user_by_email(email)
        # argon2 takes tens of milliseconds of CPU: not on the event loop the Telegram bot shares.
        verified = await asyncio.to_thread(verify_password, user.password_hash if user else None, password)
        if user is None or not verified.ok:
            self.throttle.failed(email, client)
            return self.page(
                request, "inloggen.html", volgende=volgende, email=typed, fout="E-mailadres of wachtwoord klopt niet."
            )
        self.throttle.succeeded(email)
        now = self.clock()
        await self.staff.signed_in(user.id, now, verified.new_hash)
        # A fresh session, with a fresh CSRF token, for the signed-in user.
        request.session.clear()
        request.session.update({USER_KEY: user.id, SINCE_KEY: now.timestamp()})
        csrf_token(request.session)
        return RedirectResponse(volgende, status_code=303)

    async def logout(self, request: Request) -> Response:
        if await self.form(request) is None:
            return self.forbidden(request)
        request.session.clear()
        return RedirectResponse(request.scope.get("root_path", "") + LOGIN, status_code=303)

    # Leads --------------------------------------------------------------------------------------------------
    async def start(self, request: Request) -> Response:
        return RedirectResponse(request.scope.get("root_path", "") + HOME, status_code=303)

    async def leads_page(self, request: Request) -> Response:
        wie = _lead_filter(request.query_params)
        found = await self.leads.find(wie, limit=LIST_LIMIT + 1)
        return self.page(
            request,
            "aanvragen.html",
            aanvragen=found[:LIST_LIMIT],
            meer=len(found) > LIST_LIMIT,
            limiet=LIST_LIMIT,
            wie=wie,
            gefilterd=wie != LeadFilter(),
            statussen=LEAD_STATUSES,
            onderwerpen=[(key, flow.titel) for key, flow in FLOWS.items()],
            campagnes=await self.staff.campaigns(),
            geen=GEEN,
        )

    async def export(self, request: Request) -> Response:
        form = await self.form(request)
        if form is None:
            return self.forbidden(request)
        wie = _lead_filter(form)
        found = await self.leads.find(wie)
        now = self.clock()
        user: StaffUser = request.scope["state"]["staff"]
        filters = {
            "status": wie.status,
            "onderwerp": wie.onderwerp,
            "campagne": wie.campagne,
            "naam_gezocht": bool(wie.naam),
        }
        await self.staff.record_export(user.email, [lead.id for lead in found], filters, now)
        dag = now.astimezone(AMSTERDAM).date().isoformat()
        return Response(
            # The office opens it in Excel: UTF-8 with BOM, semicolons, phone numbers as text.
            csv_export(found, excel=True),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="aanvragen-{dag}.csv"'},
        )

    async def lead_page(self, request: Request) -> Response:
        nr = int(request.path_params["nr"])
        lead = await self.leads.get(nr)
        if lead is None:
            raise HTTPException(404)
        return self.page(
            request,
            "aanvraag.html",
            lead=lead,
            uitkomst=_result(lead.uitkomst),
            geschiedenis=await self.staff.status_history(nr),
            statussen=LEAD_STATUSES,
        )

    async def change_status(self, request: Request) -> Response:
        form = await self.form(request)
        if form is None:
            return self.forbidden(request)
        nr = int(request.path_params["nr"])
        status = str(form.get("status", ""))
        if status not in LEAD_STATUSES:
            return self.page(request, "fout.html", 400, titel="Onbekende status", uitleg="Kies een van de statussen.")
        notitie = str(form.get("notitie", "")).strip()[:MAX_NOTE] or None
        user: StaffUser = request.scope["state"]["staff"]
        change = await self.leads.change_status(nr, status, door=user.email, notitie=notitie, now=self.clock())
        if change is None:
            raise HTTPException(404)
        request.session[MESSAGE_KEY] = f"Status gewijzigd van ‘{change.old_status}’ naar ‘{status}’."
        return RedirectResponse(f"{request.scope.get('root_path', '')}{HOME}/{nr}", status_code=303)

    # Funnel and log -----------------------------------------------------------------------------------------
    async def funnel_page(self, request: Request) -> Response:
        stats = await self.leads.stats(now=self.clock())
        weken = [str(dt.date.fromisoformat(row.sleutel or "").isocalendar().week) for row in stats.per_week]
        onderwerpen = [_topic(row.sleutel) for row in stats.per_onderwerp]
        campagnes = [row.sleutel or "Geen campagne" for row in stats.per_campagne]

        def groups(labels: list[str], rows: list[FunnelRow], wat: str) -> list[Any]:
            short = [
                f"{short_label(label)} · {_percent(row.conversie)}" for label, row in zip(labels, rows, strict=True)
            ]
            return [group_chart(rows, short, f"Grafiek: de funnel per {wat}; de cijfers staan in de tabel")]

        secties = [
            Section(
                "week",
                f"Per week (de laatste {len(stats.per_week)})",
                "Week",
                stats.per_week,
                [week_label(row.sleutel or "") for row in stats.per_week],
                [
                    week_chart(stats.per_week, weken, "Grafiek: de funnel per week; de cijfers staan in de tabel"),
                    conversion_chart(
                        stats.per_week, weken, "Grafiek: de conversie per week; de cijfers staan in de tabel"
                    ),
                ],
            ),
            Section(
                "onderwerp",
                "Per onderwerp",
                "Onderwerp",
                stats.per_onderwerp,
                onderwerpen,
                groups(onderwerpen, stats.per_onderwerp, "onderwerp"),
            ),
            Section(
                "campagne",
                "Per campagne",
                "Campagne",
                stats.per_campagne,
                campagnes,
                groups(campagnes, stats.per_campagne, "campagne"),
            ),
        ]
        return self.page(request, "funnel.html", stats=stats, secties=secties, reeksen=[n for n, _ in SERIES])

    async def audit_page(self, request: Request) -> Response:
        entries = await self.staff.audit_log()
        return self.page(request, "logboek.html", regels=[(entry, _audit_text(entry)) for entry in entries])

    async def not_found(self, request: Request, _: Exception) -> Response:
        return self.page(request, "fout.html", 404, titel="Niet gevonden", uitleg=NOT_FOUND)

    async def method_not_allowed(self, request: Request, _: Exception) -> Response:
        return self.page(request, "fout.html", 405, titel="Niet toegestaan", uitleg=NOT_FOUND)


EXPIRED = "Het formulier is verlopen of kwam niet van deze site. Laad de pagina opnieuw en probeer het nog eens."
NOT_FOUND = (
    "Deze pagina bestaat niet (meer). Een aanvraag kan gewist zijn op verzoek van de klant of na de bewaartermijn."
)


@dataclass(frozen=True)
class Section:
    id: str
    titel: str
    kolom: str
    rijen: list[FunnelRow]
    labels: list[str]
    grafieken: list[Any]


RESULT_TEXTS = ("titel", "hoofdwaarde", "bedrag", "conclusie")
RESULT_LISTS = ("waarden", "voorlopig", "aannames", "toelichting")


def _result(uitkomst: dict[str, Any] | None) -> dict[str, Any] | None:
    """The packet's result with every field present: older leads lack newer fields (such as `toelichting`)."""
    if not uitkomst:
        return None
    return {
        **{name: uitkomst.get(name) or "" for name in RESULT_TEXTS},
        **{name: list(uitkomst.get(name) or ()) for name in RESULT_LISTS},
    }


def _audit_text(entry: AuditLog) -> str:
    details = entry.details or {}
    if entry.action == "status":
        return f"Status van aanvraag #{entry.lead_id}: {details.get('van')} → {details.get('naar')}"
    if entry.action == "export":
        nummers = ", ".join(f"#{nr}" for nr in details.get("aanvragen", []))
        filters = details.get("filter") or {}
        delen = [f"{naam} {waarde}" for naam, waarde in filters.items() if waarde and naam != "naam_gezocht"]
        if filters.get("naam_gezocht"):
            delen.append("gezocht op naam")
        filter_text = f"; filter: {', '.join(delen)}" if delen else "; alle aanvragen"
        return f"Export van {details.get('aantal', 0)} aanvragen ({nummers or 'geen'}){filter_text}"
    return entry.action


def _lead_filter(values: Mapping[str, Any]) -> LeadFilter:
    """The filter from a query string or form; unknown values mean 'any', so a stale link still shows leads."""

    def text(name: str, limit: int) -> str | None:
        value = str(values.get(name) or "").strip()[:limit]
        return value or None

    status = text("status", 20)
    onderwerp = text("onderwerp", 64)
    return LeadFilter(
        status=status if status in LEAD_STATUSES else None,
        onderwerp=onderwerp if onderwerp in FLOWS or onderwerp == GEEN else None,
        campagne=text("campagne", MAX_CAMPAIGN),
        naam=text("naam", MAX_SEARCH),
    )


def _local_path(request: HTTPConnection, value: str | None) -> str:
    """Where to go after signing in: only a path of this dashboard, never another site (no open redirect)."""
    base = str(request.scope.get("root_path", ""))
    default = base + HOME
    if not value or "\\" in value or any(ord(c) < 32 for c in value):
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path.startswith(base + "/") or parts.path == base + LOGIN:
        return default
    return value


class StaffOnlyMiddleware:
    """Every path but the sign-in page needs a signed-in staff member whose account still exists and whose
    session is younger than SESSION_HOURS; anyone else is sent to the sign-in page (303), also for POSTs."""

    def __init__(self, app: ASGIApp, *, staff: StaffStore, clock: Callable[[], dt.datetime]) -> None:
        self.app = app
        self.staff = staff
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        user = await self._user(connection.session)
        scope.setdefault("state", {})["staff"] = user
        base = scope.get("root_path", "")
        path = scope["path"][len(base) :] if scope["path"].startswith(base) else scope["path"]
        if user is None and path != LOGIN:
            volgende = scope["path"] if scope["method"] == "GET" else ""
            if volgende and scope.get("query_string"):
                volgende += "?" + scope["query_string"].decode("latin-1")
            query = "?" + urlencode({"volgende": volgende}) if volgende and path not in {"", "/"} else ""
            await RedirectResponse(base + LOGIN + query, status_code=303)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _user(self, session: dict[str, Any]) -> StaffUser | None:
        user_id, since = session.get(USER_KEY), session.get(SINCE_KEY)
        if not isinstance(user_id, int) or not isinstance(since, int | float):
            return None
        age = self.clock().timestamp() - since
        user = await self.staff.user(user_id) if 0 <= age <= SESSION_HOURS * 3600 else None
        if user is None:
            # Expired, or the account was removed: the session signs no one in any more.
            session.pop(USER_KEY, None)
            session.pop(SINCE_KEY, None)
        return user


def build_dashboard(
    engine: AsyncEngine,
    *,
    secret_key: str | None,
    firm_name: str,
    clock: Callable[[], dt.datetime] = utcnow,
    throttle: LoginThrottle | None = None,
) -> Starlette:
    """The dashboard as an ASGI app to mount at MOUNT_PATH; raises DashboardUnavailable without a usable key."""
    secret = check_secret_key(secret_key)
    staff = StaffStore(engine)
    dashboard = Dashboard(
        leads=LeadStore(engine),
        staff=staff,
        throttle=throttle or LoginThrottle(clock),
        clock=clock,
        firm_name=firm_name,
        templates=_templates(),
    )
    routes = [
        Route("/", dashboard.start, methods=["GET"]),
        Route(LOGIN, dashboard.login_page, methods=["GET"]),
        Route(LOGIN, dashboard.login, methods=["POST"]),
        Route("/uitloggen", dashboard.logout, methods=["POST"]),
        Route(HOME, dashboard.leads_page, methods=["GET"]),
        Route(HOME + "/export", dashboard.export, methods=["POST"]),
        Route(HOME + "/{nr:int}", dashboard.lead_page, methods=["GET"]),
        Route(HOME + "/{nr:int}/status", dashboard.change_status, methods=["POST"]),
        Route("/funnel", dashboard.funnel_page, methods=["GET"]),
        Route("/logboek", dashboard.audit_page, methods=["GET"]),
    ]
    return Starlette(
        routes=routes,
        middleware=[
            Middleware(SecurityHeadersMiddleware),
            Middleware(SessionCookieMiddleware, secret_key=secret, path=MOUNT_PATH),
            Middleware(StaffOnlyMiddleware, staff=staff, clock=clock),
        ],
        exception_handlers={404: dashboard.not_found, 405: dashboard.method_not_allowed},
    )
