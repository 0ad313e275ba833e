"""Polling mode's sign of life: a file whose content is the time of the last beat (`adviesbot healthcheck`)."""

from __future__ import annotations

import time
from pathlib import Path

from bot.settings import Settings

HEARTBEAT_SECONDS = 30
# Three missed beats: one slow beat is not yet a dead bot.
MAX_HEARTBEAT_AGE = 3 * HEARTBEAT_SECONDS


def heartbeat_path(settings: Settings) -> Path:
    return settings.heartbeat_file or settings.data_dir / "heartbeat"


def beat(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(str(time.time()))


def fresh(path: Path) -> bool:
    try:
        last = float(path.read_text())
    except (OSError, ValueError):
        return False
    return time.time() - last <= MAX_HEARTBEAT_AGE
