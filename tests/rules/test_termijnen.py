import datetime as dt

import pytest

from rules.parameters import ParameterOntbreekt
from rules.termijnen import einde_meldtermijn_eia_mia, plus_maanden


def test_an_eia_investment_ordered_on_15_march_must_be_reported_by_15_june() -> None:
    assert einde_meldtermijn_eia_mia(dt.date(2026, 3, 15)) == dt.date(2026, 6, 15)


def test_a_month_end_commitment_ends_on_the_last_day_of_a_shorter_month() -> None:
    assert plus_maanden(dt.date(2025, 11, 30), 3) == dt.date(2026, 2, 28)


def test_the_term_of_a_year_without_figures_is_not_guessed() -> None:
    with pytest.raises(ParameterOntbreekt):
        einde_meldtermijn_eia_mia(dt.date(2027, 1, 10))
