"""`adviesbot healthcheck` for the container: webhook mode asks /healthz, polling checks the heartbeat.

The container runs this every 30 seconds, so it imports only the settings and the standard library: not the
bot, the core or SQLAlchemy (see the README for what it costs).
"""

from __future__ import annotations

import urllib.request

from bot.heartbeat import fresh, heartbeat_path
from bot.settings import Settings

TIMEOUT_SECONDS = 5


def healthcheck(settings: Settings) -> int:
    if settings.webhook_url is not None:
        url = f"http://127.0.0.1:{settings.port}/healthz"
        try:
            with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
                return 0 if response.status == 200 else 1
        except OSError:
            return 1
    return 0 if fresh(heartbeat_path(settings)) else 1
