"""Parameter files are validated at load, and a lookup never extrapolates across periods."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from rules.bronnen import is_primair
from rules.klanttekst import interne_woorden_in
from rules.parameters import ParameterFout, ParameterOntbreekt, Parameters, Status, standaard_parameters
from rules.rekenblad import Rekenblad

GOOD = """\
label: Voorbeeldtarief
omschrijving: Een tarief om de lader te testen.
eenheid: procent
waarden:
  - vanaf: 2024-01-01
    tot: 2024-12-31
    waarde: 35.75
    status: definitief
    bronnen:
      - titel: Wet IB 2001
        url: https://wetten.overheid.nl/BWBR0011353
  - vanaf: 2025-01-01
    tot: 2025-12-31
    waarde: 1.28
    status: voorlopig
    toelichting: De minister stelt het definitieve percentage pas na afloop van het jaar vast.
    voorbehoud: Dit percentage ({waarde}) is voor {jaar} nog voorlopig.
    bronnen:
      - titel: Belastingdienst
        url: https://www.belastingdienst.nl
"""


def write(tmp_path: Path, text: str, name: str = "groep/voorbeeld.yaml") -> Parameters:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Parameters(tmp_path)


def test_every_parameter_file_of_the_project_loads_and_validates() -> None:
    loaded = standaard_parameters().laad_alles()
    assert all(p.perioden for p in loaded)


def test_every_period_of_every_file_names_a_source_and_a_status() -> None:
    for parameter in standaard_parameters().laad_alles():
        for periode in parameter.perioden:
            assert periode.bronnen, parameter.naam
            assert periode.status in set(Status)
            assert all(url.startswith("https://") for _, url in periode.bronnen), parameter.naam


def test_numbers_are_read_as_exact_decimals_not_floats(tmp_path: Path) -> None:
    parameter = write(tmp_path, GOOD).get("groep/voorbeeld")
    assert parameter.perioden[0].waarde == Decimal("35.75")


def test_a_lookup_inside_a_period_returns_that_period(tmp_path: Path) -> None:
    parameter = write(tmp_path, GOOD).get("groep/voorbeeld")
    assert parameter.periode_op(dt.date(2025, 6, 30)).waarde == Decimal("1.28")


def test_a_lookup_after_the_last_period_says_the_figure_is_not_known_yet(tmp_path: Path) -> None:
    parameter = write(tmp_path, GOOD).get("groep/voorbeeld")
    with pytest.raises(ParameterOntbreekt, match="voor 2026 is 'Voorbeeldtarief' nog niet bekend"):
        parameter.periode_op(dt.date(2026, 1, 1))


def test_a_lookup_before_the_first_period_names_the_first_year_the_bot_knows(tmp_path: Path) -> None:
    parameter = write(tmp_path, GOOD).get("groep/voorbeeld")
    with pytest.raises(ParameterOntbreekt, match=r"voor 2023 rekent deze bot niet .* \(wel vanaf 2024\)"):
        parameter.periode_op(dt.date(2023, 12, 31))


def test_the_worksheet_turns_percentages_into_fractions_and_collects_reservations(tmp_path: Path) -> None:
    blad = Rekenblad("test", 2025, write(tmp_path, GOOD))
    assert blad.waarde("groep/voorbeeld") == Decimal("0.0128")
    uitkomst = blad.uitkomst(bedragen={"x": Decimal(1)}, hoofdwaarde="x", conclusie="Klaar.")
    assert uitkomst.voorlopig == ("Dit percentage (1,28%) is voor 2025 nog voorlopig.",)
    assert uitkomst.toelichting == (
        "Voorbeeldtarief (2025): 1,28% is voorlopig. De minister stelt het definitieve "
        "percentage pas na afloop van het jaar vast.",
    )
    assert [b.url for b in uitkomst.bronnen] == ["https://www.belastingdienst.nl/"]


def test_a_lookup_that_only_tests_applicability_records_no_source_until_it_decides(tmp_path: Path) -> None:
    blad = Rekenblad("test", 2025, write(tmp_path, GOOD))
    blad.waarde("groep/voorbeeld", toets=True)
    leeg = blad.uitkomst(bedragen={"x": Decimal(1)}, hoofdwaarde="x", conclusie="Klaar.")
    assert (leeg.bronnen, leeg.voorlopig, leeg.toelichting) == ((), (), ())
    blad.bepalend("groep/voorbeeld")
    beslist = blad.uitkomst(bedragen={"x": Decimal(1)}, hoofdwaarde="x", conclusie="Klaar.")
    assert [b.url for b in beslist.bronnen] == ["https://www.belastingdienst.nl/"]
    assert beslist.voorlopig


def test_every_non_final_period_of_the_project_has_a_client_sentence_free_of_internal_words() -> None:
    for parameter in standaard_parameters().laad_alles():
        for periode in parameter.perioden:
            if periode.status is Status.DEFINITIEF:
                assert periode.voorbehoud is None, parameter.naam
                continue
            assert periode.voorbehoud, parameter.naam
            assert not interne_woorden_in(periode.voorbehoud), (parameter.naam, periode.voorbehoud)


def test_every_parameter_file_of_the_project_cites_a_primary_source_or_says_why_not() -> None:
    for parameter in standaard_parameters().laad_alles():
        primair = [url for periode in parameter.perioden for _, url in periode.bronnen if is_primair(url)]
        assert primair or parameter.zonder_primaire_bron, parameter.naam


BROKEN = {
    "a value without a source": GOOD.replace(
        "    bronnen:\n      - titel: Wet IB 2001\n        url: https://wetten.overheid.nl/BWBR0011353\n", ""
    ),
    "a file without a unit": GOOD.replace("eenheid: procent\n", ""),
    "an unknown status": GOOD.replace("status: definitief", "status: misschien"),
    "overlapping dates": GOOD.replace("vanaf: 2025-01-01", "vanaf: 2024-12-01"),
    "an end before the start": GOOD.replace("tot: 2024-12-31", "tot: 2023-12-31"),
    "a provisional value without the reason": GOOD.replace(
        "    toelichting: De minister stelt het definitieve percentage pas na afloop van het jaar vast.\n", ""
    ),
    "a provisional value without a sentence for the client": GOOD.replace(
        "    voorbehoud: Dit percentage ({waarde}) is voor {jaar} nog voorlopig.\n", ""
    ),
    "a client sentence with a research note": GOOD.replace(
        "is voor {jaar} nog voorlopig.", "komt uit een GitHub-rekenhulp."
    ),
    "a client sentence with an unknown placeholder": GOOD.replace("{jaar}", "{bron}"),
    "a final value with a client reservation": GOOD.replace(
        "    status: definitief\n", "    status: definitief\n    voorbehoud: Nog niet zeker.\n"
    ),
    "no primary source and no reason": GOOD.replace(
        "https://wetten.overheid.nl/BWBR0011353", "https://example.com/a"
    ).replace("https://www.belastingdienst.nl", "https://example.com/b"),
    "a reason for no primary source while there is one": GOOD.replace(
        "waarden:", "zonder_primaire_bron: Geen.\nwaarden:"
    ),
    "a key written twice": GOOD.replace("    status: definitief\n", "    status: definitief\n    status: voorlopig\n"),
    "an unknown field": GOOD.replace("label:", "etiket: x\nlabel:"),
    "a source that is not a URL": GOOD.replace("https://www.belastingdienst.nl", "belastingdienst"),
}


@pytest.mark.parametrize("problem", sorted(BROKEN))
def test_a_malformed_file_is_a_load_error_naming_the_file(tmp_path: Path, problem: str) -> None:
    parameters = write(tmp_path, BROKEN[problem])
    with pytest.raises(ParameterFout, match=r"groep/voorbeeld\.yaml"):
        parameters.get("groep/voorbeeld")
