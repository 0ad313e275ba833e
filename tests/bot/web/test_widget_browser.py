"""The widget in a real browser: `python -m bot run` in webhook mode against the fake Bot API serves widget.js and
the API; plain HTML pages on other 127.0.0.1 ports (other origins) embed it; Playwright drives Debian's Chromium.

Screenshots go to test-artifacts/web/. Marker `browser`; without Chromium these skip locally and fail under
CI=true (tests/bot/test_dashboard_browser.py's rule).
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from tests.bot.browser import DESKTOP, PHONE, chromium_browser, chromium_executable
from tests.bot.fake_bot_api import FAST_OUTBOX, BotProcess, FakeBotApi, running_bot

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = ROOT / "test-artifacts" / "web"
STAFF_CHAT = -100777
TITEL = "Vraag het Jansen"
HOSTILE_CSS = "* { all: unset; font-size: 40px !important; } button { display: none !important; }"
GEEN_VERBINDING = "Er is nu geen verbinding met de adviesbot."


@pytest.fixture(scope="module", autouse=True)
def chromium() -> str:
    return chromium_executable()


class HostSite:
    """A firm's website on its own port: a plain page that embeds the widget, optionally with hostile CSS."""

    def __init__(self) -> None:
        self.bot_url = ""
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                page = site.page(self.path)
                self.send_response(200 if page else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(page.encode())

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def page(self, path: str) -> str:
        style = f"<style>{HOSTILE_CSS}</style>" if path.startswith("/vijandig") else ""
        if path.split("?")[0] not in ("/", "/vijandig", "/contact"):
            return ""
        return (
            '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Boekhouding Jansen</title>{style}</head><body>"
            "<h1>Boekhouding Jansen</h1><p>Uw boekhouder in Utrecht. <a href='/contact'>Contact</a></p>"
            f'<script src="{self.bot_url}/widget.js" data-kleur="#0b6e4f" data-titel="{TITEL}" defer></script>'
            "</body></html>"
        )

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Setup:
    bot: BotProcess
    fake: FakeBotApi
    allowed: HostSite
    other: HostSite


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    allowed, other = HostSite(), HostSite()
    env = {
        "WIDGET_ORIGINS": allowed.url,
        "LEADS_CHAT_ID": str(STAFF_CHAT),
        "FIRM_NAME": "Boekhouding Jansen",
        **FAST_OUTBOX,
    }
    try:
        with FakeBotApi() as fake, running_bot(fake, tmp_path_factory.mktemp("web"), extra_env=env) as bot:
            allowed.bot_url = other.bot_url = f"http://127.0.0.1:{bot.port}"
            yield Setup(bot, fake, allowed, other)
    finally:
        allowed.close()
        other.close()


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Browser]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with chromium_browser(chromium) as launched:
        yield launched


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
    yield context
    context.close()


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def widget(page: Page) -> Locator:
    return page.locator("adviesbot-widget")


def press(page: Page, label: str) -> None:
    """Click the enabled button with exactly this label (answered questions keep theirs, disabled)."""
    widget(page).locator(".knoppen button:enabled").filter(has_text=re.compile(f"^{re.escape(label)}$")).last.click()
    expect(widget(page).locator(".stuur")).to_be_enabled()


def answer(page: Page, text: str) -> None:
    """Type and send, then wait for the reply (while one is on its way the widget takes no new message)."""
    field = widget(page).get_by_label("Uw bericht")
    field.fill(text)
    field.press("Enter")
    expect(widget(page).locator(".bericht.ik").last).to_have_text(re.compile(re.escape(text)))
    expect(widget(page).locator(".stuur")).to_be_enabled()


def expect_bot(page: Page, text: str) -> None:
    expect(widget(page).locator(".bericht.bot").filter(has_text=text).last).to_be_visible()


def focused(page: Page) -> str:
    """What has the keyboard focus inside the widget: its class and text."""
    return str(
        page.evaluate(
            "() => { const e = document.querySelector('adviesbot-widget').shadowRoot.activeElement;"
            " return e ? e.className + ':' + (e.textContent || e.getAttribute('aria-label') || e.id) : ''; }"
        )
    )


def web_conversations(bot: BotProcess) -> int:
    with sqlite3.connect(bot.workdir / "db.sqlite3") as db:
        return int(db.execute("SELECT count(*) FROM conversation_state WHERE channel = 'web'").fetchone()[0])


def box3_by_buttons_and_typing(page: Page) -> None:
    expect_bot(page, "Welkom")
    press(page, "Box 3: sparen en beleggen")
    expect_bot(page, "Heeft u een fiscale partner?")
    press(page, "Nee")
    expect_bot(page, "spaargeld")
    for text in ("150.000", "0", "0"):
        answer(page, text)
    press(page, "Bereken")
    expect_bot(page, "€ 417,60")


# The tests ------------------------------------------------------------------------------------------------
def test_a_visitor_calculates_box3_and_leaves_a_lead_that_staff_get_once(context: BrowserContext, setup: Setup) -> None:
    page = context.new_page()
    page.goto(setup.allowed.url + "/")
    widget(page).get_by_role("button", name=TITEL).click()
    box3_by_buttons_and_typing(page)
    shot(page, "uitkomst")

    press(page, "Praat met een adviseur")
    expect_bot(page, "Gaat u daarmee akkoord?")
    press(page, "Ja")
    answer(page, "Anne de Vries")
    expect(widget(page).locator(".knoppen button:enabled")).to_have_text(["Telefoon", "E-mail"])
    press(page, "Telefoon")
    answer(page, "06 12345678")
    press(page, "'s Ochtends")
    press(page, "Geen vraag")
    expect_bot(page, "Dank u, Anne de Vries. Een adviseur van Boekhouding Jansen belt u 's ochtends")
    shot(page, "aanvraag")

    listed = subprocess.run(
        [sys.executable, "-m", "bot", "leads", "list"],
        cwd=setup.bot.workdir,
        env=setup.bot.env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    (line,) = [regel for regel in listed.splitlines() if "Anne de Vries" in regel]
    assert line.endswith("via web"), listed
    assert "telefoon +31612345678" in line

    announced = setup.fake.wait_for(lambda: [t for t in setup.fake.sent_texts(STAFF_CHAT) if "Anne de Vries" in t])
    assert "Gesprek via: de website" in announced[0]
    page.wait_for_timeout(2_000)  # two scans of the outbox: long enough for a second announcement to show up
    assert len([t for t in setup.fake.sent_texts(STAFF_CHAT) if "Anne de Vries" in t]) == 1


def test_the_conversation_goes_along_to_the_next_page_of_the_site(context: BrowserContext, setup: Setup) -> None:
    page = context.new_page()
    page.goto(setup.allowed.url + "/")
    widget(page).get_by_role("button", name=TITEL).click()
    expect_bot(page, "Welkom")
    press(page, "Box 3: sparen en beleggen")
    expect_bot(page, "Heeft u een fiscale partner?")

    page.get_by_role("link", name="Contact").click()
    page.wait_for_url("**/contact")
    expect_bot(page, "Heeft u een fiscale partner?")
    press(page, "Ja")
    expect_bot(page, "spaargeld")


def test_a_page_of_a_site_not_in_widget_origins_gets_no_answer(context: BrowserContext, setup: Setup) -> None:
    before = web_conversations(setup.bot)
    page = context.new_page()
    page.goto(setup.other.url + "/")
    widget(page).get_by_role("button", name=TITEL).click()

    expect(widget(page).locator(".bericht.melding")).to_have_text(re.compile(GEEN_VERBINDING))
    expect(widget(page).locator(".bericht.bot")).to_have_count(0)
    shot(page, "andere-website")
    assert web_conversations(setup.bot) == before


def test_the_host_pages_css_does_not_change_the_widget(browser: Browser, setup: Setup) -> None:
    measured, page_font = {}, {}
    for path in ("/", "/vijandig"):
        context = browser.new_context(viewport=DESKTOP, locale="nl-NL")
        page = context.new_page()
        page.goto(setup.allowed.url + path)
        bubble = widget(page).get_by_role("button", name=TITEL)
        expect(bubble).to_be_visible()
        bubble_box = bubble.bounding_box()
        bubble.click()
        expect_bot(page, "Welkom")
        first_button = widget(page).locator(".knoppen button").first
        expect(first_button).to_be_visible()
        measured[path] = {
            "bubble": bubble_box,
            "panel": widget(page).locator(".paneel").bounding_box(),
            "button": first_button.bounding_box(),
            "font": page.evaluate(
                "() => getComputedStyle(document.querySelector('adviesbot-widget').shadowRoot"
                ".querySelector('.bericht.bot p')).fontSize"
            ),
        }
        page_font[path] = page.evaluate("() => getComputedStyle(document.querySelector('h1')).fontSize")
        shot(page, "vijandige-css" if path == "/vijandig" else "gewone-pagina")
        context.close()

    assert page_font == {"/": "32px", "/vijandig": "40px"}, "the hostile CSS is in force on the page itself"
    assert measured["/vijandig"] == measured["/"]
    assert measured["/"]["font"] == "15px"


def test_the_widget_works_with_the_keyboard_alone(context: BrowserContext, setup: Setup) -> None:
    page = context.new_page()
    page.goto(setup.allowed.url + "/")
    for _ in range(5):
        page.keyboard.press("Tab")
        if focused(page).startswith("bel"):
            break
    assert focused(page).startswith("bel"), focused(page)

    page.keyboard.press("Enter")
    expect_bot(page, "Welkom")
    expect(widget(page).locator(".knoppen button").first).to_be_focused()
    for _ in range(12):
        if focused(page).endswith("Box 3: sparen en beleggen"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect_bot(page, "Heeft u een fiscale partner?")
    page.keyboard.press("Tab")
    assert focused(page).endswith(":Nee"), focused(page)
    page.keyboard.press("Enter")
    expect_bot(page, "spaargeld")
    for text in ("150000", "0", "0"):
        expect(widget(page).get_by_label("Uw bericht")).to_be_focused()
        page.keyboard.type(text)
        page.keyboard.press("Enter")
        expect(widget(page).locator(".stuur")).to_be_enabled()
    for _ in range(12):
        if focused(page).endswith(":Bereken"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect_bot(page, "€ 417,60")
    shot(page, "toetsenbord")

    page.keyboard.press("Escape")
    expect(widget(page).locator(".paneel")).to_be_hidden()
    assert focused(page).startswith("bel"), "focus returns to the chat button"


def test_on_a_phone_the_chat_fills_the_screen(browser: Browser, setup: Setup) -> None:
    context = browser.new_context(viewport=PHONE, locale="nl-NL", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(setup.allowed.url + "/")
    widget(page).get_by_role("button", name=TITEL).click()
    box3_by_buttons_and_typing(page)

    assert widget(page).locator(".paneel").bounding_box() == {
        "x": 0,
        "y": 0,
        "width": PHONE["width"],
        "height": PHONE["height"],
    }
    shot(page, "telefoon")
    widget(page).locator(".stuur").focus()
    page.keyboard.press("Tab")
    assert focused(page).startswith("sluit"), "Tab stays inside the chat that covers the page"
    page.keyboard.press("Shift+Tab")
    assert focused(page).startswith("stuur")
    context.close()
