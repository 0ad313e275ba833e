"""`adviesbot bereken` and `adviesbot vergelijk`: one JSON object out, or exit 2 with one Dutch sentence."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from typing import Any

import pytest

from bot.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else None), err


def test_bereken_prints_the_public_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    invoer = '{"jaar": 2026, "spaargeld": 150000, "beleggingen": 0, "schulden": 0, "fiscale_partner": false}'
    code, document, _ = run(capsys, "bereken", "box3", "--invoer", invoer)
    assert code == 0
    assert set(document) >= {"onderwerp", "jaar", "uitkomst", "stappen", "bronnen", "voorlopig", "conclusie"}
    assert document["uitkomst"]["voordeel"] == 1160
    assert document["uitkomst"]["box3_belasting"] == 417.6
    assert all(set(stap) == {"omschrijving", "bedrag"} for stap in document["stappen"])
    assert all(bron["url"].startswith("https://") for bron in document["bronnen"])
    assert any("1,28%" in item for item in document["voorlopig"])


def test_percentages_are_printed_as_percents(capsys: pytest.CaptureFixture[str]) -> None:
    code, document, _ = run(capsys, "bereken", "tweede-woning", "--invoer", '{"jaar": 2026, "aankoopprijs": 400000}')
    assert code == 0
    assert document["uitkomst"]["overdrachtsbelasting_tarief"] == 8
    assert document["uitkomst"]["overdrachtsbelasting"] == 32000


def test_invoer_dash_reads_standard_input(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"jaar": 2025, "aankoopprijs": 400000}'))
    code, document, _ = run(capsys, "bereken", "tweede-woning", "--invoer", "-")
    assert code == 0
    assert document["uitkomst"]["overdrachtsbelasting"] == 41600


@pytest.mark.parametrize(
    ("invoer", "veld"),
    [
        (
            '{"jaar": 2026, "spaargeld": -5, "beleggingen": 0, "schulden": 0, "fiscale_partner": false}',
            "spaargeld",
        ),
        (
            '{"jaar": 2026, "spaargeld": 5, "beleggingen": 0, "schulden": 0, "fiscale_partner": 0, "x": 1}',
            "x",
        ),
        (
            '{"jaar": 2026, "spaargeld": "veel", "beleggingen": 0, "schulden": 0, "fiscale_partner": false}',
            "spaargeld",
        ),
        ("[1, 2]", "invoer"),
    ],
)
def test_invalid_input_exits_2_with_one_dutch_sentence_naming_the_field(
    capsys: pytest.CaptureFixture[str], invoer: str, veld: str
) -> None:
    code, _, err = run(capsys, "bereken", "box3", "--invoer", invoer)
    assert code == 2
    assert err.startswith(f"Ongeldige invoer voor '{veld}':")
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("jaar", "zin"),
    [
        (
            2027,
            "Voor 2027 zijn nog niet alle bedragen bekend: heffingsvrij vermogen box 3 voor 2027 is nog niet bekend",
        ),
        (2023, "2023 en eerder reken ik niet uit"),
    ],
)
def test_a_year_without_figures_exits_2_with_a_sentence_that_does_not_blame_the_user(
    capsys: pytest.CaptureFixture[str], jaar: int, zin: str
) -> None:
    invoer = json.dumps({"jaar": jaar, "spaargeld": 5, "beleggingen": 0, "schulden": 0, "fiscale_partner": False})
    code, _, err = run(capsys, "bereken", "box3", "--invoer", invoer)
    assert code == 2
    assert err.startswith(zin), err
    assert "Ongeldige invoer" not in err
    assert err.count("\n") == 1


def test_an_impossible_date_is_refused_without_a_traceback() -> None:
    invoer = json.dumps(
        {
            "jaar": 2026,
            "cataloguswaarde": 40000,
            "datum_eerste_toelating": "2025-02-30",
            "aandrijving": "brandstof",
            "rol": "werknemer",
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot", "bereken", "auto-van-de-zaak", "--invoer", invoer],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "'datum_eerste_toelating'" in result.stderr


def test_vergelijk_electric_and_fuel_in_2027_shows_the_pseudo_eindheffing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    invoer = json.dumps(
        {
            "jaar": 2027,
            "cataloguswaarde": 45000,
            "datum_eerste_toelating": "2027-01-15",
            "aandrijving": "elektrisch",
            "rol": "werknemer",
        }
    )
    code, document, _ = run(
        capsys,
        "vergelijk",
        "auto-van-de-zaak",
        "--invoer",
        invoer,
        "--varieer",
        "aandrijving=elektrisch,brandstof",
    )
    assert code == 0
    elektrisch, brandstof = document["varianten"]
    assert (elektrisch["uitkomst"]["bijtelling"], brandstof["uitkomst"]["bijtelling"]) == (9300, 9900)
    assert document["verschillen"]["pseudo_eindheffing"] == [0, 5400]


def test_vergelijk_a_second_home_bought_in_2025_or_2026(capsys: pytest.CaptureFixture[str]) -> None:
    code, document, _ = run(
        capsys,
        "vergelijk",
        "tweede-woning",
        "--invoer",
        '{"jaar": 2025, "aankoopprijs": 500000}',
        "--varieer",
        "jaar=2025,2026",
    )
    assert code == 0
    assert document["verschillen"]["overdrachtsbelasting"] == [0, -12000]


def test_vergelijk_a_periodic_and_an_ordinary_gift(capsys: pytest.CaptureFixture[str]) -> None:
    invoer = json.dumps(
        {
            "jaar": 2026,
            "anbi": True,
            "contributie": 500,
            "tegenprestatie": "geen",
            "periodiek": True,
            "drempelinkomen": 50000,
        }
    )
    code, document, _ = run(
        capsys, "vergelijk", "anbi-contributie", "--invoer", invoer, "--varieer", "periodiek=true,false"
    )
    assert code == 0
    periodiek, gewoon = document["varianten"]
    # Periodic: all 500 deductible. Ordinary: above the drempel of 1% of 50.000 = 500, so nothing.
    assert (periodiek["uitkomst"]["aftrekbaar"], gewoon["uitkomst"]["aftrekbaar"]) == (500, 0)


def test_vergelijk_kia_for_70000_in_one_year_or_35000(capsys: pytest.CaptureFixture[str]) -> None:
    code, document, _ = run(
        capsys, "vergelijk", "kia", "--invoer", '{"jaar": 2026}', "--varieer", "investeringen=[70000],[35000]"
    )
    assert code == 0
    assert [v["uitkomst"]["kia"] for v in document["varianten"]] == [19600, 9800]


def test_vergelijk_needs_a_field_and_two_values(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "vergelijk", "box3", "--invoer", "{}", "--varieer", "jaar")
    assert code == 2
    assert "'varieer'" in err


def test_vergelijk_kia_for_140000_in_one_year_or_spread_over_two(capsys: pytest.CaptureFixture[str]) -> None:
    code, document, _ = run(
        capsys,
        "vergelijk",
        "kia",
        "--invoer",
        '{"jaar": 2025, "investeringen": [140000]}',
        "--spreid",
        "investeringen=2",
    )
    assert code == 0
    eenmalig, gespreid = document["scenarios"]
    # 2025: 19.769 − 7,56% × (140.000 − 130.744) = 19.069,25; spread: 28% × 70.000 in 2025 and again in 2026.
    assert eenmalig["totalen"]["kia"] == 19069.25
    assert gespreid["totalen"]["kia"] == 39200
    assert [deel["jaar"] for deel in gespreid["delen"]] == [2025, 2026]
    assert document["verschillen"]["kia"] == [0, 20130.75]


def test_spreading_into_a_year_without_figures_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys,
        "vergelijk",
        "kia",
        "--invoer",
        '{"jaar": 2026, "investeringen": [70000]}',
        "--spreid",
        "investeringen=2",
    )
    assert code == 2
    assert "voor 2027" in err and "nog niet bekend" in err
