"""pyinstrument profiles of a benchmark run, summarised for the report.

`profiled(path)` records a block and writes a JSON summary to `path`: the full call tree as text, the share of
time under the frames the report cares about (`FOCUS`), and the self time grouped by package, which says where
the CPU (or the waiting) actually goes.
"""

from __future__ import annotations

import contextlib
import json
import re
import sysconfig
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Frames whose total time the report lists: ("Class.function" or "function", file path suffix).
FOCUS = (
    ("Application.process_update", "telegram/ext/_application.py"),
    ("Update.de_json", "telegram/_update.py"),
    ("Turns.handle", "bot/turns.py"),
    ("StateStore.load", "bot/state_store.py"),
    ("StateStore.commit_turn", "bot/state_store.py"),
    ("verwerk", "conversations/engine.py"),
    ("send_replies", "bot/handlers.py"),
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


@contextlib.contextmanager
def profiled(output: Path, interval: float = 0.001) -> Iterator[None]:
    """Profile the block (async code included: pyinstrument follows the event loop) and write the summary."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=interval, async_mode="enabled")
    profiler.start()
    try:
        yield
    finally:
        session = profiler.stop()
        root = session.root_frame()
        summary = summarise(root) if root is not None else {}
        summary["tree"] = profiler.output_text(unicode=True, color=False, show_all=False, short_mode=False)
        output.write_text(json.dumps(summary))
