"""The wheel the Dockerfile installs carries every parameter file, migration and dashboard template, not just the
Python code."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_ships_every_parameter_file_migration_and_dashboard_template(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    names = set(zipfile.ZipFile(next(tmp_path.glob("*.whl"))).namelist())
    expected = {
        path.relative_to(ROOT).as_posix()
        for pattern in (
            "rules/parameters/**/*.yaml",
            "bot/migrations/**/*.py",
            "bot/migrations/*.mako",
            "bot/dashboard/templates/*.html",
            "bot/dashboard/templates/*.css",
            "bot/web/static/*.js",
        )
        for path in ROOT.glob(pattern)
        if "__pycache__" not in path.parts
    }
    assert expected, "the globs found nothing: the layout changed"
    assert expected <= names, sorted(expected - names)
