"""The staff dashboard over HTTP (bot/dashboard), in-process on SQLite and PostgreSQL: sign-in, its cookie, CSRF and
throttling, the lead table, a lead's page and status, the CSV, the funnel, and what /vergeet and retention remove.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.dashboard.security import SESSION_COOKIE, DashboardUnavailable
from bot.dashboard.staff_store import StaffStore
from bot.dashboard.web import build_dashboard
from bot.lead_storage import LeadStore
from bot.models import AuditLog, Lead, LeadStatusChange, StaffUser
from bot.privacy import forget_user
from bot.retention import run_retention
from bot.state_store import StateStore
from bot.transactions import Transactions
from tests.bot.dashboard_site import EMAIL, PASSWORD, Clock, Site, add_staff, make_app, make_client, seed_leads
from tests.bot.test_leads import NOW, lead_actie, rows

LOGIN = "/beheer/inloggen"


@pytest.fixture
async def site(engine: AsyncEngine) -> AsyncIterator[Site]:
    await add_staff(engine)
    clock = Clock(NOW)
    app = make_app(engine, clock)
    async with make_client(app) as client:
        yield Site(client, clock, engine, app)


@pytest.fixture
async def signed_in(site: Site) -> Site:
    response = await site.sign_in()
    assert response.status_code == 303, response.text
    return site


def lead_numbers(html: str) -> list[int]:
    """The lead numbers in the table, in the order shown."""
    return [int(nr) for nr in re.findall(r'<td data-kolom="Nr"><a href="[^"]+">#(\d+)</a>', html)]


# Only staff get in ----------------------------------------------------------------------------------------
PROTECTED = [
    ("GET", "/beheer/"),
    ("GET", "/beheer/aanvragen"),
    ("GET", "/beheer/aanvragen?status=nieuw"),
    ("GET", "/beheer/aanvragen/1"),
    ("GET", "/beheer/funnel"),
    ("GET", "/beheer/logboek"),
    ("GET", "/beheer/bestaat-niet"),
    ("POST", "/beheer/aanvragen/export"),
    ("POST", "/beheer/aanvragen/1/status"),
    ("POST", "/beheer/uitloggen"),
]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
async def test_without_a_session_every_beheer_url_redirects_to_the_sign_in_page(
    site: Site, method: str, path: str
) -> None:
    await seed_leads(site.engine)
    response = await site.client.request(method, path, data={"status": "klant"} if method == "POST" else None)
    assert response.status_code == 303
    assert response.headers["location"].startswith(LOGIN)
    assert "Anne" not in response.text and "aanvragen" not in response.text.lower()
    [lead] = [row for row in await rows(site.engine, Lead) if row["id"] == 1]
    assert lead["status"] == "nieuw", "a POST without a session changes nothing"


async def test_the_sign_in_page_is_the_one_page_served_without_a_session(site: Site) -> None:
    page = await site.client.get(LOGIN)
    assert page.status_code == 200
    assert '<form method="post" action="/beheer/inloggen"' in page.text
    assert 'name="csrf"' in page.text


async def test_after_signing_in_the_page_asked_for_opens(site: Site) -> None:
    redirect = await site.client.get("/beheer/aanvragen/1")
    assert redirect.headers["location"] == "/beheer/inloggen?volgende=%2Fbeheer%2Faanvragen%2F1"
    response = await site.sign_in(volgende="/beheer/aanvragen/1")
    assert response.headers["location"] == "/beheer/aanvragen/1"


@pytest.mark.parametrize(
    "elsewhere", ["https://evil.example/", "//evil.example/beheer/", "/elders", "/beheer\\..\\x", "javascript:alert(1)"]
)
async def test_the_page_after_signing_in_is_never_another_site(site: Site, elsewhere: str) -> None:
    response = await site.sign_in(volgende=elsewhere)
    assert response.headers["location"] == "/beheer/aanvragen"


async def test_a_wrong_password_or_unknown_address_does_not_sign_in_and_says_so(site: Site) -> None:
    for email, password in ((EMAIL, "verkeerd wachtwoord"), ("niemand@kantoor.nl", PASSWORD)):
        response = await site.sign_in(email, password)
        assert response.status_code == 200
        assert "E-mailadres of wachtwoord klopt niet." in response.text
        assert (await site.client.get("/beheer/aanvragen")).status_code == 303


async def test_signing_in_records_the_time_and_signing_out_ends_the_session(signed_in: Site) -> None:
    [user] = await rows(signed_in.engine, StaffUser)
    assert user["last_login_at"] == NOW
    assert (await signed_in.client.get("/beheer/aanvragen")).status_code == 200
    response = await signed_in.post_form("/beheer/uitloggen", {})
    assert response.headers["location"] == LOGIN
    assert (await signed_in.client.get("/beheer/aanvragen")).status_code == 303


async def test_a_removed_user_is_signed_out_at_the_next_request(signed_in: Site) -> None:
    assert await StaffStore(signed_in.engine).remove_user(EMAIL)
    assert (await signed_in.client.get("/beheer/aanvragen")).status_code == 303


async def test_a_session_ends_after_a_working_day(signed_in: Site) -> None:
    signed_in.clock.advance(dt.timedelta(hours=9, minutes=59))
    assert (await signed_in.client.get("/beheer/aanvragen")).status_code == 200
    signed_in.clock.advance(dt.timedelta(minutes=2))
    assert (await signed_in.client.get("/beheer/aanvragen")).status_code == 303


# The cookie, CSRF and throttling ------------------------------------------------------------------------------
def _session_cookie(response: object) -> str:
    headers = [v for k, v in response.headers.multi_items() if k.lower() == "set-cookie"]  # type: ignore[attr-defined]
    [cookie] = [h for h in headers if h.startswith(SESSION_COOKIE + "=")]
    return cookie.lower()


async def test_the_session_cookie_is_signed_httponly_samesite_strict_and_not_secure_over_plain_http(
    site: Site,
) -> None:
    cookie = _session_cookie(await site.sign_in())
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/beheer" in cookie
    assert "secure" not in cookie.replace("samesite", "")
    value = cookie.split(";")[0].split("=", 1)[1]
    site.client.cookies.set(SESSION_COOKIE, value[:-3] + ("aaa" if not value.endswith("aaa") else "bbb"))
    assert (await site.client.get("/beheer/aanvragen")).status_code == 303, "a tampered cookie signs no one in"


@pytest.mark.parametrize("how", ["https", "proxy"])
async def test_the_session_cookie_is_secure_when_the_request_came_over_https(engine: AsyncEngine, how: str) -> None:
    await add_staff(engine)
    app = make_app(engine, Clock(NOW))
    async with make_client(app, https=how == "https") as client:
        if how == "proxy":
            client.headers["X-Forwarded-Proto"] = "https"
        cookie = _session_cookie(await Site(client, Clock(NOW), engine, app).sign_in())
    assert "; secure" in cookie and "httponly" in cookie and "samesite=strict" in cookie


async def test_every_page_forbids_scripts_framing_and_caching(signed_in: Site) -> None:
    for path in (LOGIN, "/beheer/aanvragen", "/beheer/funnel"):
        headers = (await signed_in.client.get(path)).headers
        assert "default-src 'none'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "script-src" not in headers["content-security-policy"], "default-src 'none' covers scripts"
        assert headers["cache-control"] == "no-store"


@pytest.mark.parametrize("token", [None, "", "not-the-token"], ids=["missing", "empty", "wrong"])
async def test_a_form_without_the_sessions_csrf_token_is_refused_and_changes_nothing(
    signed_in: Site, token: str | None
) -> None:
    numbers = await seed_leads(signed_in.engine)
    nr = numbers["Anne de Vries"]
    extra = {} if token is None else {"csrf": token}
    for path, data in (
        (f"/beheer/aanvragen/{nr}/status", {"status": "klant"}),
        ("/beheer/aanvragen/export", {}),
        ("/beheer/uitloggen", {}),
    ):
        response = await signed_in.client.post(path, data={**data, **extra})
        assert response.status_code == 403, path
        assert "Formulier verlopen" in response.text
    assert (await LeadStore(signed_in.engine).get(nr)).status == "nieuw"  # type: ignore[union-attr]
    assert await rows(signed_in.engine, AuditLog) == []
    assert (await signed_in.client.get("/beheer/aanvragen")).status_code == 200, "still signed in"


async def test_signing_in_needs_the_csrf_token_of_the_sign_in_page(site: Site) -> None:
    await site.client.get(LOGIN)
    response = await site.client.post(LOGIN, data={"email": EMAIL, "wachtwoord": PASSWORD, "csrf": "geraden"})
    assert response.status_code == 403
    assert (await site.client.get("/beheer/aanvragen")).status_code == 303


async def test_a_token_from_another_session_is_refused(site: Site, engine: AsyncEngine) -> None:
    await site.sign_in()
    async with make_client(site.app) as other_client:
        foreign_token = await Site(other_client, site.clock, engine, site.app).csrf()
    response = await site.client.post("/beheer/uitloggen", data={"csrf": foreign_token})
    assert response.status_code == 403


async def test_after_five_failures_an_address_is_refused_for_a_quarter_of_an_hour_even_with_the_right_password(
    site: Site,
) -> None:
    for _ in range(5):
        assert (await site.sign_in(password="fout fout fout")).status_code == 200
    refused = await site.sign_in()
    assert refused.status_code == 429
    assert "Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw." in refused.text
    assert int(refused.headers["retry-after"]) > 14 * 60
    assert (await site.client.get("/beheer/aanvragen")).status_code == 303

    site.clock.advance(dt.timedelta(minutes=15, seconds=1))
    assert (await site.sign_in()).status_code == 303


async def test_other_addresses_are_not_locked_out_by_guesses_at_one(site: Site, engine: AsyncEngine) -> None:
    await add_staff(engine, "bert@kantoor.nl", "een ander lang wachtwoord")
    for _ in range(5):
        await site.sign_in(password="fout fout fout")
    assert (await site.sign_in("bert@kantoor.nl", "een ander lang wachtwoord")).status_code == 303


async def test_one_client_guessing_many_addresses_is_throttled_but_another_client_is_not(site: Site) -> None:
    for nr in range(20):
        await site.sign_in(f"gok{nr}@kantoor.nl", "fout fout fout")
    assert (await site.sign_in()).status_code == 429
    async with make_client(site.app, client=("198.51.100.7", 4000)) as other_client:
        assert (await Site(other_client, site.clock, site.engine, site.app).sign_in()).status_code == 303


# Leads ------------------------------------------------------------------------------------------------------
async def test_the_table_shows_the_leads_newest_first(signed_in: Site) -> None:
    numbers = await seed_leads(signed_in.engine)
    page = await signed_in.client.get("/beheer/aanvragen")
    assert page.status_code == 200
    assert lead_numbers(page.text) == sorted(numbers.values(), reverse=True)
    assert "Anne de Vries" in page.text and "bert@example.nl" in page.text
    assert "=HYPERLINK(&#34;http://x&#34;)" in page.text, "names are escaped in HTML"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=nieuw", ['=HYPERLINK("http://x")', "Carla Bakker", "Bert Jansen", "Anne de Vries"]),
        ("onderwerp=kia", ["Bert Jansen"]),
        ("onderwerp=(geen)", ["Carla Bakker"]),
        ("campagne=najaar", ['=HYPERLINK("http://x")', "Bert Jansen"]),
        ("campagne=(geen)", ["Carla Bakker"]),
        ("naam=JANS", ["Bert Jansen"]),
        ("naam=%25", []),
        ("campagne=najaar&onderwerp=box3", ['=HYPERLINK("http://x")']),
        ("status=onzin&onderwerp=onzin", ['=HYPERLINK("http://x")', "Carla Bakker", "Bert Jansen", "Anne de Vries"]),
    ],
)
async def test_the_table_filters_by_status_topic_and_campaign_and_searches_by_name(
    signed_in: Site, query: str, expected: list[str]
) -> None:
    numbers = await seed_leads(signed_in.engine)
    page = await signed_in.client.get(f"/beheer/aanvragen?{query}")
    assert lead_numbers(page.text) == [numbers[name] for name in expected]


async def test_the_status_filter_follows_a_status_change(signed_in: Site) -> None:
    numbers = await seed_leads(signed_in.engine)
    await LeadStore(signed_in.engine).change_status(
        numbers["Bert Jansen"], "klant", door="test@example.nl", notitie=None, now=dt.datetime.now(dt.UTC)
    )
    page = await signed_in.client.get("/beheer/aanvragen?status=klant")
    assert lead_numbers(page.text) == [numbers["Bert Jansen"]]


async def test_a_leads_page_shows_the_whole_hand_off_packet_with_the_adviser_notes(signed_in: Site) -> None:
    actie = lead_actie()
    actie["uitkomst"]["toelichting"] = ["Het forfait 2026 is voorlopig: Kamerbrief van 12 november 2026."]
    applied = await LeadStore(signed_in.engine).store_actions(
        [actie], user_id=7, chat_id=7, username="anne_ondernemer", now=NOW
    )
    page = await signed_in.client.get(f"/beheer/aanvragen/{applied.new_leads[0]}")
    assert page.status_code == 200
    for shown in (
        "Anne de Vries",
        'href="tel:+31612345678"',
        "ochtend (9–12 uur)",
        "Kan ik mijn spaargeld beter beleggen?",
        "fiscale partner",
        "€ 150.000",
        "Box 3: sparen en beleggen",
        "€ 417,60",
        "U betaalt over 2026 naar schatting € 417,60 box 3-belasting.",
        "Forfaitair rendement banktegoeden (2026): 1,28% is voorlopig.",
        "De bedragen zijn de stand op 1 januari 2026.",
        "Notities voor de adviseur",
        "Het forfait 2026 is voorlopig: Kamerbrief van 12 november 2026.",
        "23-11-2026 13:00",  # consent time, Europe/Amsterdam
        "versie 2026-11-23",
        "zomer",
        "@anne_ondernemer",
        '"spaargeld": "150000"',
    ):
        assert shown in page.text, shown


async def test_a_lead_without_a_calculation_or_notes_says_so(signed_in: Site) -> None:
    numbers = await seed_leads(signed_in.engine)
    page = await signed_in.client.get(f"/beheer/aanvragen/{numbers['Carla Bakker']}")
    assert "Geen berekening" in page.text and "Geen vraag gesteld." in page.text
    assert "Notities voor de adviseur" not in page.text


async def test_a_lead_that_does_not_exist_is_not_found(signed_in: Site) -> None:
    page = await signed_in.client.get("/beheer/aanvragen/999")
    assert page.status_code == 404
    assert "Niet gevonden" in page.text


async def test_changing_the_status_with_a_note_keeps_the_history_and_logs_who_and_when(signed_in: Site) -> None:
    numbers = await seed_leads(signed_in.engine)
    nr = numbers["Anne de Vries"]
    signed_in.clock.advance(dt.timedelta(hours=2))
    response = await signed_in.post_form(
        f"/beheer/aanvragen/{nr}/status",
        {"status": "in behandeling", "notitie": "Teruggebeld, afspraak dinsdag."},
        page=f"/beheer/aanvragen/{nr}",
    )
    assert response.status_code == 303 and response.headers["location"] == f"/beheer/aanvragen/{nr}"
    page = await signed_in.client.get(f"/beheer/aanvragen/{nr}")
    assert "Status gewijzigd van ‘nieuw’ naar ‘in behandeling’." in page.text
    assert "Teruggebeld, afspraak dinsdag." in page.text and EMAIL in page.text
    assert (await LeadStore(signed_in.engine).get(nr)).status == "in behandeling"  # type: ignore[union-attr]

    [change] = await rows(signed_in.engine, LeadStatusChange)
    assert (change["old_status"], change["new_status"], change["note"]) == (
        "nieuw",
        "in behandeling",
        "Teruggebeld, afspraak dinsdag.",
    )
    [entry] = await rows(signed_in.engine, AuditLog)
    assert (entry["staff_email"], entry["action"], entry["lead_id"], entry["created_at"]) == (
        EMAIL,
        "status",
        nr,
        NOW + dt.timedelta(hours=2),
    )
    assert entry["details"] == {"van": "nieuw", "naar": "in behandeling"}, "the note stays with the lead"
    logboek = await signed_in.client.get("/beheer/logboek")
    assert f"Status van aanvraag #{nr}: nieuw → in behandeling" in logboek.text


async def test_an_unknown_status_is_refused(signed_in: Site) -> None:
    numbers = await seed_leads(signed_in.engine)
    nr = numbers["Anne de Vries"]
    response = await signed_in.post_form(f"/beheer/aanvragen/{nr}/status", {"status": "gewonnen"})
    assert response.status_code == 400
    assert (await LeadStore(signed_in.engine).get(nr)).status == "nieuw"  # type: ignore[union-attr]


async def test_the_csv_holds_the_current_filter_with_formula_safe_cells_and_the_export_is_logged(
    signed_in: Site,
) -> None:
    numbers = await seed_leads(signed_in.engine)
    response = await signed_in.post_form("/beheer/aanvragen/export", {"campagne": "najaar"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="aanvragen-2026-11-23.csv"'
    # For the office's Dutch Excel: a BOM, semicolons.
    assert response.content.startswith("\ufeff".encode())
    exported = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row["naam"] for row in exported] == ['\'=HYPERLINK("http://x")', "Bert Jansen"]
    [entry] = await rows(signed_in.engine, AuditLog)
    assert (entry["staff_email"], entry["action"], entry["created_at"]) == (EMAIL, "export", NOW)
    assert entry["details"]["aanvragen"] == [numbers['=HYPERLINK("http://x")'], numbers["Bert Jansen"]]
    assert entry["details"]["filter"]["campagne"] == "najaar"


async def test_the_export_log_says_a_name_was_searched_but_not_the_name(signed_in: Site) -> None:
    await seed_leads(signed_in.engine)
    response = await signed_in.post_form("/beheer/aanvragen/export", {"naam": "Bakker"})
    gelezen = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    assert [row["naam"] for row in gelezen] == ["Carla Bakker"]
    [entry] = await rows(signed_in.engine, AuditLog)
    assert entry["details"]["filter"]["naam_gezocht"] is True
    assert "Bakker" not in str(entry["details"])


async def test_the_export_form_carries_the_filter_of_the_table(signed_in: Site) -> None:
    await seed_leads(signed_in.engine)
    page = await signed_in.client.get("/beheer/aanvragen?campagne=najaar&naam=jans")
    form = page.text.split('action="/beheer/aanvragen/export"', 1)[1].split("</form>", 1)[0]
    assert '<input type="hidden" name="campagne" value="najaar">' in form
    assert '<input type="hidden" name="naam" value="jans">' in form
    assert 'name="status"' not in form


# /vergeet and retention -----------------------------------------------------------------------------------
async def _assert_gone(site: Site, nr: int, name: str) -> None:
    table = await site.client.get("/beheer/aanvragen")
    assert nr not in lead_numbers(table.text) and name not in table.text
    assert (await site.client.get(f"/beheer/aanvragen/{nr}")).status_code == 404
    export = await site.post_form("/beheer/aanvragen/export", {})
    assert name not in export.text
    async with site.engine.connect() as connection:
        history = (await connection.execute(select(LeadStatusChange).where(LeadStatusChange.lead_id == nr))).all()
    assert history == [], "the notes about the client went with the lead"


async def test_vergeet_removes_the_lead_its_notes_and_history_from_the_dashboard(signed_in: Site) -> None:
    numbers = await seed_leads(signed_in.engine)
    nr = numbers["Anne de Vries"]
    await signed_in.post_form(f"/beheer/aanvragen/{nr}/status", {"status": "klant", "notitie": "Belt terug"})
    assert (await signed_in.client.get(f"/beheer/aanvragen/{nr}")).status_code == 200

    forgotten = await forget_user(Transactions(signed_in.engine), 101, now=NOW, lease=None)

    assert forgotten.leads == 1
    await _assert_gone(signed_in, nr, "Anne de Vries")
    assert numbers["Bert Jansen"] in lead_numbers((await signed_in.client.get("/beheer/aanvragen")).text)
    [status_entry, _export] = await rows(signed_in.engine, AuditLog)
    assert status_entry["lead_id"] == nr and "Belt terug" not in str(status_entry["details"])


async def test_retention_removes_old_leads_from_the_dashboard(signed_in: Site) -> None:
    numbers = await seed_leads(signed_in.engine, now=NOW - dt.timedelta(days=400))
    nr = numbers["Carla Bakker"]
    await signed_in.post_form(f"/beheer/aanvragen/{nr}/status", {"status": "afgewezen", "notitie": "Geen interesse"})

    purged = await run_retention(LeadStore(signed_in.engine), StateStore(signed_in.engine), 365, NOW)

    assert purged.leads == 4
    await _assert_gone(signed_in, nr, "Carla Bakker")
    assert "Nog geen aanvragen." in (await signed_in.client.get("/beheer/aanvragen")).text


# Funnel ---------------------------------------------------------------------------------------------------
async def test_the_funnel_page_shows_the_statistics_figures_as_charts_and_tables(signed_in: Site) -> None:
    await seed_leads(signed_in.engine)
    stats = await LeadStore(signed_in.engine).stats(now=NOW)
    page = await signed_in.client.get("/beheer/funnel")
    assert page.status_code == 200
    assert page.text.count("<svg") == 4 and "<script" not in page.text, "weeks, conversion, topics, campaigns"
    assert page.text.count('role="img"') == 4
    box3 = next(row for row in stats.per_onderwerp if row.sleutel == "box3")
    assert (box3.gesprekken, box3.leads) == (2, 2)
    row = re.search(r'<th scope="row">Box 3: sparen en beleggen</th>(.*?)</tr>', page.text, re.S)
    assert row is not None
    cells = re.findall(r'<td class="getal">([^<]*)</td>', row.group(1))
    assert cells == ["2", "0", "0", "2", "100,0%"]
    assert "week 48 (vanaf 23-11-2026)" in page.text
    assert f"<strong>{stats.totaal.gesprekken}</strong> gesprekken gestart" in page.text


async def test_the_funnel_page_works_on_an_empty_database(signed_in: Site) -> None:
    page = await signed_in.client.get("/beheer/funnel")
    assert page.status_code == 200
    assert "Nog geen gegevens." in page.text, "no topics or campaigns yet"
    assert page.text.count("<svg") == 2, "the weeks and their conversion are always there, with zeros"


# Start-up -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("secret", [None, "", "te-kort"])
async def test_without_a_proper_secret_key_the_dashboard_refuses_to_start_and_says_why(
    engine: AsyncEngine, secret: str | None
) -> None:
    with pytest.raises(DashboardUnavailable, match="ADVIESBOT_SECRET_KEY"):
        build_dashboard(engine, secret_key=secret, firm_name="Kantoor")


async def test_staff_users_are_stored_with_an_argon2_hash_not_the_password(engine: AsyncEngine) -> None:
    await add_staff(engine)
    async with engine.connect() as connection:
        [stored] = (await connection.execute(select(StaffUser.password_hash))).scalars().all()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
