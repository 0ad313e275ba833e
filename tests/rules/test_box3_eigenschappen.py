"""Properties of the box 3 calculation that hold for every input, checked with generated inputs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rules import OngeldigeInvoer, Uitkomst, bereken
from rules.rekenblad import Rekenblad

JAREN_MET_CIJFERS = st.sampled_from([2024, 2025, 2026])
ALLE_JAREN = st.integers(min_value=2020, max_value=2030)
BEDRAG = st.decimals(min_value=0, max_value=5_000_000, places=2, allow_nan=False, allow_infinity=False)
ZERO = Decimal(0)


def invoer(
    jaar: int,
    spaargeld: Decimal,
    beleggingen: Decimal,
    schulden: Decimal,
    groen: Decimal,
    partner: bool,
) -> dict[str, Any]:
    """`beleggingen` here are the other investments; the calculator's `beleggingen` include the green ones."""
    return {
        "jaar": jaar,
        "spaargeld": spaargeld,
        "beleggingen": beleggingen + groen,
        "schulden": schulden,
        "groene_beleggingen": groen,
        "fiscale_partner": partner,
    }


def waarde(uitkomst: Uitkomst, naam: str) -> Decimal:
    gevonden = uitkomst.waarden[naam]
    assert gevonden is not None, naam
    return gevonden


@settings(max_examples=150, deadline=None)
@given(ALLE_JAREN, BEDRAG, BEDRAG, BEDRAG, BEDRAG, st.booleans())
def test_no_valid_input_crashes_only_an_unknown_year_is_refused(
    jaar: int, spaargeld: Decimal, beleggingen: Decimal, schulden: Decimal, groen: Decimal, partner: bool
) -> None:
    try:
        uitkomst = bereken("box3", invoer(jaar, spaargeld, beleggingen, schulden, groen, partner))
    except OngeldigeInvoer as fout:
        assert fout.veld == "jaar"
        assert jaar not in (2024, 2025, 2026)
        return
    assert uitkomst.conclusie


@settings(max_examples=150, deadline=None)
@given(JAREN_MET_CIJFERS, BEDRAG, BEDRAG, BEDRAG, BEDRAG, st.booleans())
def test_voordeel_tax_grondslag_and_heffingskorting_are_never_negative(
    jaar: int, spaargeld: Decimal, beleggingen: Decimal, schulden: Decimal, groen: Decimal, partner: bool
) -> None:
    uitkomst = bereken("box3", invoer(jaar, spaargeld, beleggingen, schulden, groen, partner))
    for naam in ("grondslag", "voordeel", "box3_belasting", "heffingskorting_groen", "heffingsvrij_vermogen"):
        assert waarde(uitkomst, naam) >= ZERO, naam


@settings(max_examples=150, deadline=None)
@given(JAREN_MET_CIJFERS, BEDRAG, BEDRAG, BEDRAG, BEDRAG, st.booleans())
def test_the_voordeel_is_a_whole_amount_never_above_the_forfaitair_rendement_and_the_tax_is_below_it(
    jaar: int, spaargeld: Decimal, beleggingen: Decimal, schulden: Decimal, groen: Decimal, partner: bool
) -> None:
    uitkomst = bereken("box3", invoer(jaar, spaargeld, beleggingen, schulden, groen, partner))
    voordeel = waarde(uitkomst, "voordeel")
    assert voordeel == voordeel.to_integral_value()
    assert voordeel <= max(ZERO, waarde(uitkomst, "rendement"))
    assert waarde(uitkomst, "box3_belasting") <= voordeel
    assert waarde(uitkomst, "grondslag") <= max(ZERO, waarde(uitkomst, "rendementsgrondslag"))


@settings(max_examples=150, deadline=None)
@given(JAREN_MET_CIJFERS, BEDRAG, BEDRAG, BEDRAG, BEDRAG, st.booleans(), BEDRAG)
def test_more_savings_or_investments_never_lower_the_tax_and_more_debt_never_raises_it(
    jaar: int,
    spaargeld: Decimal,
    beleggingen: Decimal,
    schulden: Decimal,
    groen: Decimal,
    partner: bool,
    extra: Decimal,
) -> None:
    basis = waarde(bereken("box3", invoer(jaar, spaargeld, beleggingen, schulden, groen, partner)), "box3_belasting")
    meer_spaargeld = bereken("box3", invoer(jaar, spaargeld + extra, beleggingen, schulden, groen, partner))
    meer_beleggingen = bereken("box3", invoer(jaar, spaargeld, beleggingen + extra, schulden, groen, partner))
    meer_schulden = bereken("box3", invoer(jaar, spaargeld, beleggingen, schulden + extra, groen, partner))
    assert waarde(meer_spaargeld, "box3_belasting") >= basis
    assert waarde(meer_beleggingen, "box3_belasting") >= basis
    assert waarde(meer_schulden, "box3_belasting") <= basis


@settings(max_examples=60, deadline=None)
@given(JAREN_MET_CIJFERS, st.booleans(), st.integers(min_value=1, max_value=20))
def test_the_green_heffingskorting_stops_growing_at_the_vrijstelling(jaar: int, partner: bool, factor: int) -> None:
    personen = 2 if partner else 1
    vrijstelling = Rekenblad("box3", jaar).waarde("box3/vrijstelling_groene_beleggingen") * personen
    op_de_grens = bereken("box3", invoer(jaar, ZERO, ZERO, ZERO, vrijstelling, partner))
    erboven = bereken("box3", invoer(jaar, ZERO, ZERO, ZERO, vrijstelling * factor, partner))
    assert waarde(erboven, "heffingskorting_groen") == waarde(op_de_grens, "heffingskorting_groen")
    assert waarde(op_de_grens, "box3_belasting") == ZERO


@settings(max_examples=30, deadline=None)
@given(JAREN_MET_CIJFERS)
def test_partners_together_have_twice_the_heffingsvrij_vermogen(jaar: int) -> None:
    alleen = bereken("box3", invoer(jaar, ZERO, ZERO, ZERO, ZERO, False))
    samen = bereken("box3", invoer(jaar, ZERO, ZERO, ZERO, ZERO, True))
    assert waarde(samen, "heffingsvrij_vermogen") == 2 * waarde(alleen, "heffingsvrij_vermogen")


@settings(max_examples=50, deadline=None)
@given(JAREN_MET_CIJFERS, BEDRAG, st.decimals(min_value="0.01", max_value=1000, places=2))
def test_a_green_part_larger_than_all_investments_is_refused_instead_of_counted_twice(
    jaar: int, beleggingen: Decimal, meer: Decimal
) -> None:
    gegevens = {**invoer(jaar, ZERO, beleggingen, ZERO, ZERO, False), "groene_beleggingen": beleggingen + meer}
    try:
        bereken("box3", gegevens)
    except OngeldigeInvoer as fout:
        assert fout.veld == "groene_beleggingen"
    else:
        raise AssertionError("a green part above the total was accepted")
