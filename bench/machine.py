"""What the figures were measured on: the machine, the versions, the commit."""

from __future__ import annotations

import asyncio
import importlib.metadata
import os
import platform
import sqlite3
import subprocess
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = (
    "python-telegram-bot",
    "SQLAlchemy",
    "aiosqlite",
    "asyncpg",
    "alembic",
    "pydantic",
    "babel",
    "uvicorn",
    "starlette",
    "pyinstrument",
)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return None


def _filesystem(path: str) -> str:
    """The mount point and filesystem type under `path` (Linux), e.g. `/ (ext4)`."""
    best = ("", "unknown")
    try:
        for line in Path("/proc/mounts").read_text().splitlines():
            _, mount, kind, *_ = line.split()
            if (path == mount or path.startswith(mount.rstrip("/") + "/")) and len(mount) >= len(best[0]):
                best = (mount, kind)
    except (OSError, ValueError):
        return "unknown"
    return f"{best[0]} ({best[1]})"


def load_average() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def describe_machine() -> dict[str, str]:
    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    memory = _memory_gib()
    tmp = tempfile.gettempdir()
    return {
        "CPU": f"{_cpu_model()}, {cores} logical cores ({usable} usable by this process)",
        "Memory": f"{memory:.1f} GiB" if memory else "unknown",
        "OS": platform.platform(),
        "Temporary files (SQLite database, pickle file)": f"{tmp} on {_filesystem(tmp)}",
    }


def _git(*args: str) -> str | None:
    try:
        result = subprocess.run(  # noqa: S603
            ["git", *args],  # noqa: S607 (git from PATH, only to name the commit)
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip()


def describe_versions() -> dict[str, str]:
    from bench.full_stack import postgres_version

    # The version only: a path would name this machine's directories in a committed report.
    versions = {"Python": platform.python_version()}
    for package in PACKAGES:
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = "not installed"
    versions["SQLite library"] = sqlite3.sqlite_version
    versions["PostgreSQL server"] = asyncio.run(postgres_version()) or "not reachable"
    commit = _git("rev-parse", "--short", "HEAD")
    if commit is not None:
        dirty = _git("status", "--porcelain", "--untracked-files=no")
        versions["Commit"] = commit + (" with uncommitted changes" if dirty else "")
    return versions
