"""`adviesbot healthcheck` for the container: webhook mode asks /healthz, polling checks the heartbeat."""

from __future__ import annotations

import time
import urllib.request

from bot.runner import HEARTBEAT_SECONDS, heartbeat_path
from bot.settings import Settings

# Three missed beats: one slow beat is not yet a dead bot.
MAX_HEARTBEAT_AGE = 3 * HEARTBEAT_SECONDS
TIMEOUT_SECONDS = 5


def healthcheck(settings: Settings) -> int:
    if settings.webhook_url is not None:
        url = f"http://127.0.0.1:{settings.port}/healthz"
        try:
            with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
                return 0 if response.status == 200 else 1
        except OSError:
            return 1
    try:
        beat = float(heartbeat_path(settings).read_text())
    except (OSError, ValueError):
        return 1
    return 0 if time.time() - beat <= MAX_HEARTBEAT_AGE else 1
