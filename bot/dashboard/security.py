"""The dashboard's session cookie, CSRF tokens and response headers.

The session is Starlette's signed cookie (itsdangerous): HttpOnly, SameSite=Strict, scoped to /beheer, and
Secure whenever the request came over HTTPS, directly or through a proxy that says so in X-Forwarded-Proto.
Believing that header can only add the Secure flag, never remove it, so a client gains nothing by faking it.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "beheer_sessie"
SESSION_HOURS = 10
"""A working day: after this the staff member signs in again, also while still active."""
MIN_SECRET_LENGTH = 32
CSRF_FIELD = "csrf"
SECURITY_HEADERS = {
    # No script at all: pygal's inline tooltip script is removed, and this forbids any other.
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # Pages and exports carry personal data: no copy in a shared browser cache or a proxy.
    "Cache-Control": "no-store",
}


class DashboardUnavailable(Exception):
    """The dashboard cannot start; `str()` says why in one Dutch sentence."""


def check_secret_key(secret: str | None) -> str:
    if not secret:
        raise DashboardUnavailable(
            "Het beheerscherm start niet: ADVIESBOT_SECRET_KEY ontbreekt. Daarmee worden de inlogcookies "
            "ondertekend; maak er een met: python -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )
    if len(secret) < MIN_SECRET_LENGTH:
        raise DashboardUnavailable(
            f"Het beheerscherm start niet: ADVIESBOT_SECRET_KEY is te kort (minstens {MIN_SECRET_LENGTH} tekens); "
            "maak er een met: python -c 'import secrets; print(secrets.token_urlsafe(32))'"
        )
    return secret


def is_https(scope: Scope) -> bool:
    if scope.get("scheme") in {"https", "wss"}:
        return True
    forwarded = HTTPConnection(scope).headers.get("x-forwarded-proto", "")
    return forwarded.split(",")[0].strip().lower() == "https"


class SessionCookieMiddleware:
    """Starlette's SessionMiddleware twice, with and without the Secure flag, chosen per request."""

    def __init__(self, app: ASGIApp, *, secret_key: str, path: str) -> None:
        options: dict[str, Any] = {
            "secret_key": secret_key,
            "session_cookie": SESSION_COOKIE,
            "max_age": SESSION_HOURS * 3600,
            "path": path,
            "same_site": "strict",
        }
        self._plain = SessionMiddleware(app, https_only=False, **options)
        self._secure = SessionMiddleware(app, https_only=True, **options)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await (self._secure if is_https(scope) else self._plain)(scope, receive, send)


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)


def csrf_token(session: dict[str, Any]) -> str:
    """The session's CSRF token, made on first use; every form carries it in a hidden field."""
    token = session.get(CSRF_FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session[CSRF_FIELD] = token
    return token


def csrf_valid(session: Mapping[str, Any], form: Mapping[str, Any]) -> bool:
    expected, given = session.get(CSRF_FIELD), form.get(CSRF_FIELD)
    if not isinstance(expected, str) or not isinstance(given, str):
        return False
    return hmac.compare_digest(expected.encode(), given.encode())
