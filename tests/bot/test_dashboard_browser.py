"""The dashboard in a real browser: `python -m bot beheer` as a process on 127.0.0.1 with a temporary SQLite
database and seeded leads, driven by Playwright through Debian's Chromium (Playwright's own browser download is
not used). Screenshots, on a desktop and on a phone, go to test-artifacts/beheer/.

Marker `browser` (`make test` runs them; `pytest -m "not browser"` skips them for a quick local run). Without
Chromium they skip locally and FAIL under CI=true.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from bot.database import create_engine, default_database_url, dispose_engine, upgrade_database
from tests.bot.browser import DESKTOP, PHONE, chromium_browser, chromium_executable
from tests.bot.dashboard_site import ADVISER_NOTE, EMAIL, PASSWORD, SECRET_KEY, seed_demo
from tests.bot.fake_bot_api import free_port

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "beheer"
STARTUP_SECONDS = 30.0


@pytest.fixture(scope="module", autouse=True)
def chromium() -> str:
    # Autouse and first: a missing browser is reported before a server is started for nothing.
    return chromium_executable()


@dataclass
class DashboardServer:
    url: str
    numbers: dict[str, int]
    log: Path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DashboardServer]:
    workdir = tmp_path_factory.mktemp("beheer")
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(workdir)),
        "PYTHONUNBUFFERED": "1",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "ADVIESBOT_DATA_DIR": str(workdir / "data"),
        "ADVIESBOT_SECRET_KEY": SECRET_KEY,
        "FIRM_NAME": "Boekhouding Jansen",
    }
    # The account through the command line, the password on standard input as a script would give it.
    subprocess.run(
        [sys.executable, "-m", "bot", "beheer", "gebruiker", "toevoegen", EMAIL],
        input=PASSWORD + "\n",
        cwd=workdir,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    url = default_database_url(workdir / "data")
    # In a thread of its own: Playwright's sync API may already run an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as thread:
        numbers = thread.submit(_seed, url).result(timeout=120)
    log = workdir / "beheer.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "beheer"],
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(process, base, log)
        yield DashboardServer(base, numbers, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _seed(url: str) -> dict[str, int]:
    upgrade_database(url)

    async def seed() -> dict[str, int]:
        engine = create_engine(url)
        try:
            return await seed_demo(engine, dt.datetime.now(dt.UTC))
        finally:
            await dispose_engine(engine)

    return asyncio.run(seed())


def _wait_until_serving(process: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if process.poll() is not None:
            raise AssertionError(f"adviesbot beheer exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(base + "/beheer/inloggen", timeout=2.0, trust_env=False).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() >= deadline:
            raise AssertionError(f"adviesbot beheer did not serve within {STARTUP_SECONDS} s:\n{log.read_text()}")
        time.sleep(0.1)


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Browser]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with chromium_browser(chromium) as launched:
        yield launched


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL", accept_downloads=True)
    yield context
    context.close()


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(page: Page, server: DashboardServer) -> None:
    page.goto(server.url + "/beheer/")
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Aanvragen", exact=True)).to_be_visible()


def expect_leads(page: Page, names: list[str]) -> None:
    """The table shows these names in this order (waiting for the page the last click loads)."""
    expect(page.locator("table.aanvragen tbody tr td[data-kolom='Naam']")).to_have_text(names)


# The tests ------------------------------------------------------------------------------------------------
PROTECTED_PAGES = [
    "/beheer",
    "/beheer/",
    "/beheer/aanvragen",
    "/beheer/aanvragen?status=klant",
    "/beheer/aanvragen/1",
    "/beheer/funnel",
    "/beheer/logboek",
    "/beheer/bestaat-niet",
]


def test_every_beheer_url_without_a_session_ends_on_the_sign_in_page(
    context: BrowserContext, server: DashboardServer
) -> None:
    page = context.new_page()
    for path in PROTECTED_PAGES:
        page.goto(server.url + path)
        assert page.url.split("?")[0] == server.url + "/beheer/inloggen", path
        expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
        assert "Anne de Vries" not in page.content()
    for path in ("/beheer/aanvragen/export", "/beheer/aanvragen/1/status", "/beheer/uitloggen"):
        response = context.request.post(server.url + path, form={"status": "klant"}, max_redirects=0)
        assert response.status == 303, path
        assert response.headers["location"] == "/beheer/inloggen", path
    shot(page, "inloggen")


def test_staff_sign_in_filter_the_table_open_a_lead_and_change_its_status(
    context: BrowserContext, server: DashboardServer
) -> None:
    page = context.new_page()
    sign_in(page, server)
    expect_leads(  # newest first
        page, ["Anne de Vries", "Joost Visser", "Fatima el Amrani", "Bert Jansen", "Pieter de Boer", "Karin Smit"]
    )
    shot(page, "aanvragen")

    page.get_by_label("Campagne").select_option("najaar")
    page.get_by_role("button", name="Filteren").click()
    expect_leads(page, ["Anne de Vries", "Fatima el Amrani", "Bert Jansen"])
    page.get_by_label("Status").select_option("nieuw")
    page.get_by_label("Naam bevat").fill("vries")
    page.get_by_role("button", name="Filteren").click()
    expect_leads(page, ["Anne de Vries"])
    expect(page.get_by_label("Campagne")).to_have_value("najaar")

    page.get_by_role("link", name="Anne de Vries").click()
    expect(
        page.get_by_role("heading", name=f"Aanvraag #{server.numbers['Anne de Vries']}: Anne de Vries")
    ).to_be_visible()
    for text in (
        "Notities voor de adviseur",
        ADVISER_NOTE,
        "Box 3: sparen en beleggen",
        "€ 417,60",
        "versie 2026-11-23",
    ):
        expect(page.get_by_text(text, exact=False).first).to_be_visible()

    page.get_by_label("Nieuwe status").select_option("in behandeling")
    page.get_by_label("Notitie (niet verplicht)").fill("Teruggebeld; afspraak op dinsdag.")
    page.get_by_role("button", name="Status opslaan").click()
    expect(page.get_by_role("status")).to_have_text("Status gewijzigd van ‘nieuw’ naar ‘in behandeling’.")
    expect(page.locator("#status-nu")).to_have_text("in behandeling")
    expect(page.get_by_text("Teruggebeld; afspraak op dinsdag.")).to_be_visible()
    shot(page, "aanvraag")

    page.get_by_role("link", name="Logboek").click()
    expect(
        page.get_by_text(f"Status van aanvraag #{server.numbers['Anne de Vries']}: nieuw → in behandeling")
    ).to_be_visible()


def test_the_csv_export_downloads_the_leads_of_the_current_filter(
    context: BrowserContext, server: DashboardServer, tmp_path: Path
) -> None:
    page = context.new_page()
    sign_in(page, server)
    page.get_by_label("Onderwerp").select_option("kia")
    page.get_by_role("button", name="Filteren").click()
    expect_leads(page, ["Bert Jansen"])
    with page.expect_download() as download_info:
        page.get_by_role("button", name="CSV van deze aanvragen").click()
    download = download_info.value
    assert download.suggested_filename.startswith("aanvragen-") and download.suggested_filename.endswith(".csv")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    # For the office's Dutch Excel: a BOM and semicolons.
    exported = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert [(row["naam"], row["onderwerp"], row["status"]) for row in exported] == [("Bert Jansen", "kia", "afgewezen")]


def test_the_funnel_charts_render_as_svg_with_their_numbers_in_tables(
    context: BrowserContext, server: DashboardServer
) -> None:
    page = context.new_page()
    sign_in(page, server)
    page.get_by_role("link", name="Funnel").click()
    charts = page.locator("figure svg[role='img']")
    expect(charts).to_have_count(4)
    for index in range(4):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 150
    # Drawn, not just present: the week chart has its lines and the topic chart its bars.
    assert page.locator("#week svg path.line").count() >= 5
    assert page.locator("#onderwerp svg rect.rect").count() >= 4
    expect(page.get_by_role("table", name="Per onderwerp: de cijfers van de grafiek")).to_be_visible()
    shot(page, "funnel")


def test_the_pages_fit_a_phone_screen(browser: Browser, server: DashboardServer) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        sign_in(page, server)
        for path, name in (
            ("/beheer/aanvragen", "telefoon-aanvragen"),
            (f"/beheer/aanvragen/{server.numbers['Anne de Vries']}", "telefoon-aanvraag"),
            ("/beheer/funnel", "telefoon-funnel"),
        ):
            page.goto(server.url + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow} px on a phone"
            shot(page, name)
    finally:
        context.close()
