"""`python -m bench --quick` runs end to end and writes a report with every section. No speed is asserted here:
the figures live in BENCHMARKS.md (`make bench`), never in timed tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rules.onderwerpen import ONDERWERPEN

ROOT = Path(__file__).resolve().parent.parent.parent
SECTIONS = (
    "## Machine and versions",
    "## Targets",
    "## 1. Full stack, one update at a time",
    "## 2. Full stack, concurrent",
    "## 3. Baseline",
    "## 4. Rules core",
    "## 5. Start-up",
    "## Profiles",
)
USERS = 3


def test_the_quick_bench_writes_every_section(tmp_path: Path) -> None:
    output = tmp_path / "BENCHMARKS.md"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--users", str(USERS), "--no-postgres", "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = output.read_text(encoding="utf-8")

    for section in SECTIONS:
        assert section in report, f"missing {section!r}"
    assert "Quick mode" in report
    for name in ("python-telegram-bot", "SQLAlchemy", "SQLite library", "CPU", "Memory"):
        assert f"| {name}" in report, f"the machine table names no {name}"
    for onderwerp in ONDERWERPEN:
        assert f"| `{onderwerp}` |" in report, f"no rules figure for {onderwerp}"
    assert "`adviesbot run`" in report and "`python -m bot chat`" in report
    assert "skipped: --no-postgres" in report

    # Every simulated user reached the calculated answer, in our stack and in the baseline, one at a time and
    # concurrently.
    completed = [line for line in report.splitlines() if line.startswith("| Conversations that reached the answer")]
    assert len(completed) == 2, completed
    for line in completed:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert cells[1:] == [str(USERS), "skipped: --no-postgres", str(USERS)], line
    assert "| Saturated: commits per update |" in report
    assert "/work/" not in report and "site-packages" not in report, "no path of the machine it ran on"
