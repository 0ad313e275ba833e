"""`adviesbot chat` on a pipe: a scripted conversation, numbers press buttons, state and leads in the database."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from bot.settings import Settings
from bot.terminal_chat import run_chat


def settings_for(tmp_path: Path) -> Settings:
    return Settings(ADVIESBOT_DATA_DIR=tmp_path, firm_name="Kantoor Test")


def test_a_piped_conversation_reaches_the_answer_and_exits_cleanly(tmp_path: Path) -> None:
    script = "/start box3\njaar 2026\nnee\n150.000\n0\n0\nnee\nbereken\n"
    environment = {**os.environ, "ADVIESBOT_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        input=script,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=environment,
    )
    assert result.returncode == 0, result.stderr
    assert "Box 3-belasting: € 417,60" in result.stdout.replace("\xa0", " ")
    assert (tmp_path / "adviesbot.sqlite3").exists(), "the chat uses the embedded database"


def test_a_number_presses_the_button_with_that_number(tmp_path: Path) -> None:
    out = io.StringIO()
    assert run_chat(io.StringIO("/start box3\n2\n"), out, settings=settings_for(tmp_path)) == 0
    transcript = out.getvalue()
    assert "[1] Ja   [2] Nee" in transcript
    assert "spaargeld" in transcript.split("u> 2", 1)[1]


def test_an_empty_input_ends_the_chat_after_the_welcome(tmp_path: Path) -> None:
    out = io.StringIO()
    assert run_chat(io.StringIO(""), out, settings=settings_for(tmp_path)) == 0
    assert "Kies een onderwerp" in out.getvalue()


def test_a_lead_left_in_the_terminal_chat_is_stored_and_listed(tmp_path: Path) -> None:
    script = "/start box3\nnee\n150.000\n0\n0\nnee\nbereken\nPraat met een adviseur\nja\nJan Jansen\n"
    script += "E-mail\njan@voorbeeld.nl\nZo snel mogelijk\nGraag advies over beleggen.\n"
    out = io.StringIO()
    assert run_chat(io.StringIO(script), out, settings=settings_for(tmp_path)) == 0
    assert "Dank u, Jan Jansen" in out.getvalue()
    listing = subprocess.run(
        [sys.executable, "-m", "bot", "leads", "list"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "ADVIESBOT_DATA_DIR": str(tmp_path)},
    )
    assert listing.returncode == 0, listing.stderr
    assert "Jan Jansen" in listing.stdout


def test_the_terminal_offers_no_reminder_it_could_never_deliver(tmp_path: Path) -> None:
    out = io.StringIO()
    script = "/start wbso\n100000\nnee\nnee\nbereken\n"
    run_chat(io.StringIO(script), out, settings=settings_for(tmp_path))
    assert "Herinner mij" not in out.getvalue()


def test_a_bare_number_at_an_amount_question_is_an_amount_and_its_buttons_get_letters(tmp_path: Path) -> None:
    out = io.StringIO()
    script = "/start anbi-contributie\n500\nja\nnee\n1\n40000\n1\n"
    assert run_chat(io.StringIO(script), out, settings=settings_for(tmp_path)) == 0
    transcript = out.getvalue().replace("\xa0", " ")
    assert "[a] Weet ik niet" in transcript
    assert "andere giften: € 1" in transcript


def test_forgetting_works_in_the_terminal_after_a_confirmation(tmp_path: Path) -> None:
    out = io.StringIO()
    script = "/start box3\nverwijder mijn gegevens\nja\n"
    assert run_chat(io.StringIO(script), out, settings=settings_for(tmp_path)) == 0
    assert "Dat kan niet ongedaan worden" in out.getvalue()
    assert "alles wat ik over u had bewaard, is gewist" in out.getvalue()


def test_privacy_and_reminders_work_in_the_terminal_on_the_same_store(tmp_path: Path) -> None:
    out = io.StringIO()
    script = "/start box3\nnee\n/privacy\n/herinneringen\n/help\n"
    assert run_chat(io.StringIO(script), out, settings=settings_for(tmp_path)) == 0
    transcript = out.getvalue()
    assert "fiscale partner: nee" in transcript, "/privacy shows the stored answers themselves"
    assert "herinnering" in transcript.split("u> /herinneringen", 1)[1].lower()
    help_text = transcript.split("u> /help", 1)[1]
    assert "/privacy" in help_text and "/herinneringen" in help_text and "/vergeet" in help_text
    assert "Daar kan ik (nog) niet mee rekenen" not in transcript
