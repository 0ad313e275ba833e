"""Debian's Chromium through Playwright, for the browser tests of the dashboard and the website widget
(Playwright's own browser download cannot reach its servers here)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Browser, sync_playwright

CHROMIUM_VARIABLE = "ADVIESBOT_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def chromium_executable() -> str:
    """Debian's Chromium; skips locally when it is missing, fails under CI=true (where .ci/run installs it)."""
    path = os.environ.get(CHROMIUM_VARIABLE, DEFAULT_CHROMIUM)
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        reason = f"Chromium not found at {path}: apt-get install -y chromium (or set {CHROMIUM_VARIABLE})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; browser tests must run under CI")
        pytest.skip(reason)
    return path


@contextmanager
def chromium_browser(executable: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        # --no-sandbox: CI runs as root, where Chromium refuses its sandbox.
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()
