"""What keeps the public endpoints safe to expose: CORS and the origin gate, rate limits per session and per IP,
the 16 KB body cap, and Dutch JSON for every bad request."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.models import ConversationState
from bot.web.limits import MAX_BODY_BYTES, RateLimiter, client_key
from tests.bot.web.site import ORIGIN, Visitor, make_site

OTHER_SITE = "https://www.concurrent.example"


async def conversations(engine: AsyncEngine) -> int:
    async with async_sessionmaker(engine)() as session:
        return int(await session.scalar(select(func.count()).select_from(ConversationState)) or 0)


# CORS --------------------------------------------------------------------------------------------------------
async def test_an_allowed_site_passes_the_preflight_and_may_read_the_answer(engine: AsyncEngine) -> None:
    site = make_site(engine)
    async with site.client() as client:
        preflight = await client.options(
            "/api/v1/chat",
            headers={
                "Origin": ORIGIN,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        answer = await client.post("/api/v1/chat", json={"tekst": "/start"}, headers={"Origin": ORIGIN})

    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == ORIGIN
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == ORIGIN


async def test_another_site_fails_the_preflight_and_its_post_runs_nothing(engine: AsyncEngine) -> None:
    site = make_site(engine)
    async with site.client() as client:
        preflight = await client.options(
            "/api/v1/chat", headers={"Origin": OTHER_SITE, "Access-Control-Request-Method": "POST"}
        )
        # A form post needs no preflight: the gate refuses it before any turn runs.
        post = await client.post(
            "/api/v1/chat", content=b'{"tekst": "/start"}', headers={"Origin": OTHER_SITE, "Content-Type": "text/plain"}
        )
        json_post = await client.post("/api/v1/chat", json={"tekst": "/start"}, headers={"Origin": OTHER_SITE})

    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers
    for refused in (post, json_post):
        assert refused.status_code == 403
        assert "access-control-allow-origin" not in refused.headers
        assert refused.json() == {"fout": "Deze website mag de adviesbot niet gebruiken.", "veld": None}
    assert await conversations(engine) == 0


async def test_without_widget_origins_no_other_site_is_allowed_but_the_bots_own_pages_are(
    engine: AsyncEngine,
) -> None:
    site = make_site(engine, widget_origins=())
    async with site.client() as client:
        other = await client.post("/api/v1/chat", json={"tekst": "/start"}, headers={"Origin": ORIGIN})
        own = await client.post("/api/v1/chat", json={"tekst": "/start"}, headers={"Origin": "http://testserver"})
        script = await client.post("/api/v1/chat", json={"tekst": "/start"})

    assert other.status_code == 403
    assert own.status_code == 200
    assert script.status_code == 200, "curl or a server sends no Origin"


# Rate limits -------------------------------------------------------------------------------------------------
async def test_a_session_over_its_rate_limit_gets_429_in_dutch_and_other_sessions_go_on(engine: AsyncEngine) -> None:
    site = make_site(engine, web_session_per_minute=3)
    async with site.client() as client:
        busy, calm = Visitor(client), Visitor(client)
        statuses = [(await busy.post({"tekst": "hallo"})).status_code for _ in range(3)]
        limited = await busy.post({"tekst": "hallo"})
        other = await calm.post({"tekst": "hallo"})

    assert statuses == [200, 200, 200]
    assert limited.status_code == 429
    assert limited.json()["fout"].startswith("U stuurt veel berichten kort na elkaar")
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.headers["access-control-allow-origin"] == ORIGIN, "the widget can read why"
    assert other.status_code == 200


async def test_one_ip_address_over_its_rate_limit_gets_429_and_another_address_does_not(engine: AsyncEngine) -> None:
    site = make_site(engine, web_ip_per_minute=4)
    invoer = {"jaar": 2026, "spaargeld": 1000, "beleggingen": 0, "schulden": 0, "fiscale_partner": False}
    async with site.client("203.0.113.5") as flood, site.client("203.0.113.6") as neighbour:
        statuses = [(await flood.post("/api/v1/bereken/box3", json=invoer)).status_code for _ in range(5)]
        chat = await flood.post("/api/v1/chat", json={"tekst": "hallo"})
        other = await neighbour.post("/api/v1/bereken/box3", json=invoer)
        docs = await flood.get("/api/v1/openapi.json")

    assert statuses == [200, 200, 200, 200, 429]
    assert chat.status_code == 429, "the chat and the calculations share the address's bucket"
    assert other.status_code == 200
    assert docs.status_code == 200, "reading the documentation is not limited"


def test_a_token_bucket_refills_at_its_rate_and_forgets_the_least_recent_keys() -> None:
    now = [0.0]
    limiter = RateLimiter(6, burst=2, max_keys=2, clock=lambda: now[0])

    assert [limiter.wait("a"), limiter.wait("a")] == [0, 0]
    assert limiter.wait("a") == pytest.approx(10.0)  # 6 a minute: one every 10 s
    now[0] += 10
    assert limiter.wait("a") == 0
    limiter.wait("b")
    limiter.wait("c")
    assert limiter.wait("a") == 0, "a was forgotten, so it starts full"


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.5", "203.0.113.5"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.5", "203.0.113.5"),
    ],
)
def test_an_ipv6_client_is_limited_by_its_64_block(address: str, key: str) -> None:
    assert client_key({"type": "http", "client": (address, 1234)}) == key


# The body cap ------------------------------------------------------------------------------------------------
async def test_a_body_over_16_kb_is_refused_with_413_before_it_is_used(engine: AsyncEngine) -> None:
    site = make_site(engine)
    body = json.dumps({"tekst": "x" * MAX_BODY_BYTES}).encode()
    async with site.client() as client:
        response = await client.post(
            "/api/v1/chat", content=body, headers={"Content-Type": "application/json", "Origin": ORIGIN}
        )

    assert response.status_code == 413
    assert response.json()["fout"] == "Dit bericht is te groot; stuur hoogstens 16 KB."
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert await conversations(engine) == 0


async def _raw_post(app: Any, chunks: list[bytes], headers: list[tuple[bytes, bytes]]) -> tuple[int, bytes, int]:
    """POST `chunks` straight to the ASGI app; returns the status, the body, and how many chunks it read."""
    queue = [
        {"type": "http.request", "body": chunk, "more_body": index < len(chunks) - 1}
        for index, chunk in enumerate(chunks)
    ]
    read = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal read
        read += 1
        return queue.pop(0) if queue else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/chat",
        "raw_path": b"/api/v1/chat",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), (b"content-type", b"application/json"), *headers],
        "client": ("198.51.100.9", 1),
        "server": ("testserver", 80),
    }
    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body"), read


@pytest.mark.parametrize("declared", [None, b"20"], ids=["chunked", "lying-content-length"])
async def test_the_cap_is_counted_while_reading_not_taken_from_content_length(
    engine: AsyncEngine, declared: bytes | None
) -> None:
    site = make_site(engine)
    chunks = [b'{"tekst": "', *([b"x" * 4096] * 8), b'"}']
    headers = [] if declared is None else [(b"content-length", declared)]

    status, body, read = await _raw_post(site.app, chunks, headers)

    assert status == 413
    assert json.loads(body)["fout"].startswith("Dit bericht is te groot")
    assert read < len(chunks), "it stopped reading at the cap"
    assert await conversations(engine) == 0


async def test_a_body_just_under_the_cap_is_read_whole(engine: AsyncEngine) -> None:
    site = make_site(engine)
    padding = b" " * (MAX_BODY_BYTES - 40)
    status, body, _ = await _raw_post(site.app, [b'{"tekst": "/start"', padding, b"}"], [])

    assert status == 200, body
    assert "Welkom" in body.decode()


# Bad requests ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "status", "fout", "veld"),
    [
        (b'{"tekst": ', 400, "Dit is geen geldige JSON", None),
        (b"[1, 2]", 422, "Ongeldige invoer voor 'invoer'", "invoer"),
        (b'{"tekst": "a", "knop": "menu|box3"}', 422, "geef tekst of knop", "invoer"),
        (b"{}", 422, "geef tekst of knop", "invoer"),
        (b'{"tekst": 12}', 422, "Ongeldige invoer voor 'tekst': verwacht tekst", "tekst"),
        (b'{"tekst": "hallo", "naam": "x"}', 422, "Ongeldige invoer voor 'naam'", "naam"),
        (json.dumps({"tekst": "x" * 5000}).encode(), 422, "de tekst is te lang: hoogstens 4096 tekens", "tekst"),
    ],
)
async def test_a_bad_request_gets_dutch_json_naming_the_field(
    engine: AsyncEngine, body: bytes, status: int, fout: str, veld: str | None
) -> None:
    site = make_site(engine)
    async with site.client() as client:
        response = await client.post("/api/v1/chat", content=body, headers={"Content-Type": "application/json"})

    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert fout in response.json()["fout"]
    assert response.json()["veld"] == veld
    assert "Traceback" not in response.text


async def test_a_wrong_path_or_method_gets_dutch_json(engine: AsyncEngine) -> None:
    site = make_site(engine)
    async with site.client() as client:
        missing = await client.get("/api/v1/bestaat-niet")
        method = await client.get("/api/v1/chat")

    assert (missing.status_code, missing.json()["fout"]) == (404, "Dit adres bestaat niet.")
    assert (method.status_code, method.json()["fout"]) == (405, "Deze methode kan hier niet.")
