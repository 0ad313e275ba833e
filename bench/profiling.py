"""Profiles of a benchmark run, summarised for the report.

`profiled(path)` records a block and writes a JSON summary to `path`: the event loop's call tree as text
(pyinstrument), the share of time under the frames the report cares about (`FOCUS`), the self time grouped by
package, which says where the CPU (or the waiting) actually goes, and the same for every other thread the
block starts (cProfile: the SQLite writer thread does the turns' work there). Paths in the text are made
relative, so the report names no directory of the machine it ran on.
"""

from __future__ import annotations

import contextlib
import cProfile
import json
import pstats
import re
import sys
import sysconfig
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Frames whose total time the report lists: ("Class.function" or "function", file path suffix).
FOCUS = (
    ("Application.process_update", "telegram/ext/_application.py"),
    ("Update.de_json", "telegram/_update.py"),
    ("Turns.handle", "bot/turns.py"),
    ("Transactions.run", "bot/transactions.py"),
    ("Sender._work", "bot/outbox.py"),
    ("verwerk", "conversations/engine.py"),
    ("bereken", "rules/onderwerpen.py"),
)
WAITING = "waiting in the event loop (I/O, worker threads)"
_STDLIB = sysconfig.get_paths()["stdlib"]
_SITE = re.compile(r"/site-packages/([^/]+)")
_REPO = Path(__file__).resolve().parent.parent


def _group(frame: Any, parent_group: str) -> str:
    path = frame.file_path or ""
    if frame.function in {"epoll.poll", "poll", "select"} and path in {"<built-in>", ""}:
        return WAITING
    if frame.function.startswith("[") or not path or path.startswith("<"):
        return parent_group  # [self] and built-ins are charged to their caller's package
    found = _SITE.search(path)
    if found:
        return found.group(1).removesuffix(".py")
    with contextlib.suppress(ValueError):
        return Path(path).resolve().relative_to(_REPO).parts[0]
    if path.startswith(_STDLIB):
        return "stdlib " + Path(path).relative_to(_STDLIB).parts[0].removesuffix(".py")
    return Path(path).name


def _matches(frame: Any, name: str, suffix: str) -> bool:
    cls, _, function = name.rpartition(".")
    return (
        frame.function == function and (not cls or frame.class_name == cls) and (frame.file_path or "").endswith(suffix)
    )


def summarise(root: Any) -> dict[str, Any]:
    total = root.time or 1e-9
    focus: dict[str, float] = {}
    for name, suffix in FOCUS:
        seconds = 0.0
        # The outermost matching frames only, so recursion or nesting is not counted twice.
        stack = [root]
        while stack:
            current = stack.pop()
            if _matches(current, name, suffix):
                seconds += current.time
                continue
            stack.extend(current.children)
        focus[name] = seconds / total
    self_time: Counter[str] = Counter()
    pending = [(root, "unknown")]
    while pending:
        frame, parent_group = pending.pop()
        group = _group(frame, parent_group)
        own = frame.time - sum(child.time for child in frame.children)
        if own > 0:
            self_time[group] += own
        pending.extend((child, group) for child in frame.children)
    return {
        "total_s": total,
        "focus_share": focus,
        "self_share_by_package": {name: seconds / total for name, seconds in self_time.most_common(12)},
    }


def relative_paths(text: str) -> str:
    """File paths as the repository or the installed package names them, not as this machine does."""
    text = text.replace(str(_REPO) + "/", "")
    text = re.sub(r"\S*/site-packages/", "", text)
    return text.replace(_STDLIB + "/", "")


def _package_of(path: str) -> str:
    found = _SITE.search(path)
    if found:
        return found.group(1).removesuffix(".py")
    with contextlib.suppress(ValueError):
        return Path(path).resolve().relative_to(_REPO).parts[0]
    if path.startswith(_STDLIB):
        return "stdlib " + Path(path).relative_to(_STDLIB).parts[0].removesuffix(".py")
    return "built-ins (C: sqlite3, sockets, str, …)" if path.startswith("~") or not path else Path(path).name


# Where a thread waits for work (an idle executor thread, the checkpointer between rounds): not busy.
_IDLE = frozenset(
    {
        "<method 'acquire' of '_thread.lock' objects>",
        "<method 'get' of '_queue.SimpleQueue' objects>",
        "<method 'acquire' of '_thread.RLock' objects>",
    }
)


def summarise_threads(profiles: list[cProfile.Profile], wall: float) -> dict[str, Any]:
    """Where the other threads spent their time: own time by package, and the functions that took most."""
    if not profiles:
        return {}
    stats = pstats.Stats(profiles[0])
    for more in profiles[1:]:
        stats.add(more)
    by_package: Counter[str] = Counter()
    by_function: Counter[str] = Counter()
    for (path, line, function), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        if function in _IDLE:
            continue
        by_package[_package_of(path)] += own
        by_function[relative_paths(f"{path}:{line}({function})")] += own
    total = sum(by_package.values()) or 1e-9
    return {
        "busy_s": total,
        "busy_share_of_wall": total / wall if wall else None,
        "self_share_by_package": {name: seconds / total for name, seconds in by_package.most_common(12)},
        "top_functions": {name: seconds / total for name, seconds in by_function.most_common(15)},
    }


@contextlib.contextmanager
def profiled(output: Path, interval: float = 0.001) -> Iterator[None]:
    """Profile the block (async code included: pyinstrument follows the event loop; cProfile every thread the
    block starts) and write the summary."""
    from pyinstrument import Profiler

    thread_profiles: list[cProfile.Profile] = []

    def start_in_new_thread(*_: Any) -> None:
        sys.setprofile(None)
        profile = cProfile.Profile()
        thread_profiles.append(profile)
        profile.enable()

    threading.setprofile(start_in_new_thread)
    profiler = Profiler(interval=interval, async_mode="enabled")
    started = time.perf_counter()
    profiler.start()
    try:
        yield
    finally:
        session = profiler.stop()
        threading.setprofile(None)  # type: ignore[arg-type]
        wall = time.perf_counter() - started
        root = session.root_frame()
        summary = summarise(root) if root is not None else {}
        tree = profiler.output_text(unicode=True, color=False, show_all=False, short_mode=False)
        summary["tree"] = relative_paths(tree)
        summary["threads"] = summarise_threads(thread_profiles, wall)
        output.write_text(json.dumps(summary))
