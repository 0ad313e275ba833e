"""The core stays pure: rules imports no shell, conversations imports no Telegram."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FORBIDDEN = {
    "rules": {"conversations", "bot", "telegram"},
    "conversations": {"bot", "telegram"},
}


def imported_top_level_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_pure_packages_import_nothing_from_the_shell(package: str) -> None:
    offenders = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / package).rglob("*.py")
        for name in imported_top_level_modules(path) & FORBIDDEN[package]
    }
    assert not offenders, sorted(offenders)


def test_the_guard_notices_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "leak.py"
    module.write_text("import telegram.ext\nfrom bot.cli import main\nfrom . import sibling\n")
    assert imported_top_level_modules(module) == {"telegram", "bot"}
