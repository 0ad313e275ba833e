"""The registry lists the calculators explicitly; no calculator imports the registry back."""

from __future__ import annotations

import ast
from pathlib import Path

from rules import ONDERWERPEN, calculator

RULES = Path(__file__).resolve().parent.parent.parent / "rules"


def test_every_topic_is_found_by_its_own_name() -> None:
    for onderwerp, calc in ONDERWERPEN.items():
        assert calculator(onderwerp) is calc
        assert calc.onderwerp == onderwerp
        assert calc.parameters, onderwerp


def test_no_module_of_the_rules_core_imports_the_registry_or_imports_by_string() -> None:
    for path in RULES.glob("*.py"):
        if path.name in {"onderwerpen.py", "__init__.py"}:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert node.module != "rules.onderwerpen", path.name
                assert node.module != "rules" or path.name == "onderwerpen.py", path.name
            if isinstance(node, ast.Import):
                assert all(alias.name != "importlib" for alias in node.names), path.name
