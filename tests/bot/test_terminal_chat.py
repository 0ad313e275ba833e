"""`adviesbot chat` on a pipe: a scripted conversation, numbers press buttons, exit 0 at end of input."""

from __future__ import annotations

import io
import subprocess
import sys

from bot.terminal_chat import run_chat


def test_a_piped_conversation_reaches_the_answer_and_exits_cleanly() -> None:
    script = "jaar 2026\nnee\n150.000\n0\n0\nnee\nbereken\n"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        input=f"/start box3\n{script}",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Box 3-belasting: € 417,60" in result.stdout.replace("\xa0", " ")


def test_a_number_presses_the_button_with_that_number() -> None:
    out = io.StringIO()
    assert run_chat(io.StringIO("/start box3\n2\n"), out) == 0
    transcript = out.getvalue()
    assert "[1] Ja   [2] Nee" in transcript
    assert "Hoeveel spaargeld" in transcript.split("u> 2", 1)[1]


def test_an_empty_input_ends_the_chat_after_the_welcome() -> None:
    out = io.StringIO()
    assert run_chat(io.StringIO(""), out) == 0
    assert "Kies een onderwerp" in out.getvalue()
