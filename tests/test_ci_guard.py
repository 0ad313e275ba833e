"""Under CI=true an unreachable PostgreSQL or a missing Chromium must fail the run, never skip it silently."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_TEST = "tests/bot/test_postgres_reachable.py"


def run_postgres_test(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"CI", "ADVIESBOT_TEST_DATABASE_URL"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", POSTGRES_TEST],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_an_unreachable_database_fails_the_run_under_ci() -> None:
    # Port 1 on loopback: nothing listens there, so the connection is refused at once.
    result = run_postgres_test(CI="true", ADVIESBOT_TEST_DATABASE_URL="postgresql+asyncpg://postgres@127.0.0.1:1/test")
    assert result.returncode == 1, result.stdout
    assert "unreachable under CI" in result.stdout


def test_a_missing_database_url_fails_under_ci() -> None:
    result = run_postgres_test(CI="true")
    assert result.returncode == 1, result.stdout
    assert "is not set under CI=true" in result.stdout


def test_without_ci_a_missing_database_url_skips_the_postgres_tests() -> None:
    result = run_postgres_test()
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout


BROWSER_TESTS = "tests/bot/test_dashboard_browser.py"


def run_browser_tests(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "CI"}
    environment.update(env, ADVIESBOT_CHROMIUM="/nonexistent/chromium")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", BROWSER_TESTS],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_a_missing_chromium_fails_the_browser_tests_under_ci() -> None:
    result = run_browser_tests(CI="true")
    assert result.returncode == 1, result.stdout
    assert "Chromium not found at /nonexistent/chromium" in result.stdout
    assert "browser tests must run under CI" in result.stdout


def test_without_ci_a_missing_chromium_skips_the_browser_tests() -> None:
    result = run_browser_tests()
    assert result.returncode == 0, result.stdout
    assert "5 skipped" in result.stdout
