import subprocess
import sys


def test_adviesbot_help_lists_its_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--help"], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    for command in ("chat", "run"):
        assert command in result.stdout


def test_the_console_script_is_installed_and_starts() -> None:
    import shutil

    script = shutil.which("adviesbot") or str(__import__("pathlib").Path(sys.executable).parent / "adviesbot")
    result = subprocess.run([script, "--help"], capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "usage: adviesbot" in result.stdout


def test_the_topics_in_the_help_are_the_rules_own() -> None:
    from bot.cli import ONDERWERPEN
    from rules import ONDERWERPEN as RULES_ONDERWERPEN

    assert tuple(ONDERWERPEN) == tuple(RULES_ONDERWERPEN)
