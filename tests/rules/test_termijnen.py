"""Deadlines from the law and RVO's rules, for any given day: the rules never read a clock."""

import datetime as dt

import pytest

from rules.parameters import ParameterOntbreekt
from rules.termijnen import (
    WbsoAanvraag,
    einde_meldtermijn_eia_mia,
    meldtermijn_eia_mia_zin,
    periodieke_gift_vastleggen_uiterlijk,
    periodieke_gift_zin,
    plus_maanden,
    wbso_aanvraag_zin,
    wbso_aanvraagmogelijkheden,
)


def test_an_eia_investment_ordered_on_15_march_must_be_reported_by_15_june() -> None:
    assert einde_meldtermijn_eia_mia(dt.date(2026, 3, 15)) == dt.date(2026, 6, 15)


def test_a_month_end_commitment_ends_on_the_last_day_of_a_shorter_month() -> None:
    assert plus_maanden(dt.date(2025, 11, 30), 3) == dt.date(2026, 2, 28)


def test_the_term_of_a_year_without_figures_is_not_guessed() -> None:
    with pytest.raises(ParameterOntbreekt):
        einde_meldtermijn_eia_mia(dt.date(2027, 1, 10))


def test_the_reporting_sentence_names_the_deadline_and_says_when_it_has_passed() -> None:
    opdracht = dt.date(2026, 3, 15)
    assert "uiterlijk 15 juni 2026" in meldtermijn_eia_mia_zin(opdracht, dt.date(2026, 4, 1))
    assert "verstreken" in meldtermijn_eia_mia_zin(opdracht, dt.date(2026, 6, 16))


def test_an_employer_applying_in_march_gets_a_wbso_period_from_april_through_december() -> None:
    assert wbso_aanvraagmogelijkheden(dt.date(2026, 3, 10), met_personeel=True) == (
        WbsoAanvraag(dt.date(2026, 4, 1), dt.date(2026, 12, 31), dt.date(2026, 3, 31)),
    )


def test_the_last_day_for_the_current_year_is_30_september_also_for_an_employer() -> None:
    (aanvraag,) = wbso_aanvraagmogelijkheden(dt.date(2026, 9, 30), met_personeel=True)
    assert (aanvraag.periode_van, aanvraag.indienen_uiterlijk) == (dt.date(2026, 10, 1), dt.date(2026, 9, 30))


def test_in_late_november_an_employer_can_only_apply_for_next_year_by_20_december() -> None:
    assert wbso_aanvraagmogelijkheden(dt.date(2026, 11, 27), met_personeel=True) == (
        WbsoAanvraag(dt.date(2027, 1, 1), dt.date(2027, 12, 31), dt.date(2026, 12, 20)),
    )
    zin = wbso_aanvraag_zin(dt.date(2026, 11, 27), met_personeel=True)
    assert "Voor 2026 kunt u geen WBSO meer aanvragen" in zin
    assert "uiterlijk 20 december 2026" in zin and "1 januari 2027" in zin


def test_after_20_december_next_years_period_starts_on_1_february() -> None:
    (aanvraag,) = wbso_aanvraagmogelijkheden(dt.date(2026, 12, 21), met_personeel=True)
    assert aanvraag.periode_van == dt.date(2027, 2, 1)


def test_a_self_employed_persons_period_starts_on_the_day_of_the_application() -> None:
    assert wbso_aanvraagmogelijkheden(dt.date(2026, 5, 12), met_personeel=False) == (
        WbsoAanvraag(dt.date(2026, 5, 12), dt.date(2026, 12, 31), dt.date(2026, 9, 30)),
    )
    assert wbso_aanvraagmogelijkheden(dt.date(2026, 10, 1), met_personeel=False) == ()
    assert "Voor 2027 vraagt u aan voordat u met het S&O-werk begint" in wbso_aanvraag_zin(
        dt.date(2026, 10, 1), met_personeel=False
    )


def test_a_periodic_gift_for_this_years_deduction_is_laid_down_by_31_december() -> None:
    assert periodieke_gift_vastleggen_uiterlijk(dt.date(2026, 11, 27)) == dt.date(2026, 12, 31)
    assert "uiterlijk 31 december 2026" in periodieke_gift_zin(dt.date(2026, 11, 27))
