"""Properties of the tweede-woning calculation that hold for every input, checked with generated inputs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rules import OngeldigeInvoer, Uitkomst, bereken
from rules.afronding import op_centen

JAREN_MET_CIJFERS = st.sampled_from([2024, 2025, 2026])
BEDRAG = st.decimals(min_value=0, max_value=5_000_000, places=2, allow_nan=False, allow_infinity=False)
WOZ = st.decimals(min_value=1, max_value=5_000_000, places=0, allow_nan=False, allow_infinity=False)
ZERO = Decimal(0)


def waarde(uitkomst: Uitkomst, naam: str) -> Decimal:
    gevonden = uitkomst.waarden[naam]
    assert gevonden is not None, naam
    return gevonden


@st.composite
def willekeurige_invoer(draw: st.DrawFn) -> dict[str, Any]:
    """Any combination of the fields, consistent or not: only OngeldigeInvoer may come back for bad ones."""
    velden: dict[str, Any] = {
        "jaar": draw(st.integers(min_value=2022, max_value=2028)),
        "aankoopprijs": draw(st.none() | BEDRAG),
        "soort": draw(st.sampled_from(["woning", "niet-woning"])),
        "hoofdverblijf": draw(st.booleans()),
        "leeftijd": draw(st.none() | st.integers(min_value=0, max_value=100)),
        "woz_waarde": draw(st.none() | BEDRAG),
        "verhuurd": draw(st.booleans()),
        "huurbescherming": draw(st.booleans()),
        "tijdelijk_huurcontract": draw(st.booleans()),
        "huurder_gelieerd": draw(st.booleans()),
        "jaarhuur": draw(BEDRAG),
        "hypotheek": draw(BEDRAG),
        "spaargeld": draw(BEDRAG),
        "beleggingen": draw(BEDRAG),
        "overige_schulden": draw(BEDRAG),
        "fiscale_partner": draw(st.booleans()),
    }
    weglaten = draw(st.sets(st.sampled_from(sorted(set(velden) - {"jaar"}))))
    return {k: v for k, v in velden.items() if k not in weglaten}


@st.composite
def verhuurde_woning(draw: st.DrawFn) -> dict[str, Any]:
    """A valid second home in box 3, rented or not, with or without a purchase."""
    verhuurd = draw(st.booleans())
    huurbescherming = verhuurd and draw(st.booleans())
    return {
        "jaar": draw(JAREN_MET_CIJFERS),
        "aankoopprijs": draw(st.none() | BEDRAG),
        "woz_waarde": draw(WOZ),
        "verhuurd": verhuurd,
        "huurbescherming": huurbescherming,
        "jaarhuur": draw(BEDRAG.filter(lambda b: b > 0)) if verhuurd else ZERO,
        "hypotheek": draw(BEDRAG),
        "spaargeld": draw(BEDRAG),
        "beleggingen": draw(BEDRAG),
        "overige_schulden": draw(BEDRAG),
        "fiscale_partner": draw(st.booleans()),
    }


@settings(max_examples=200, deadline=None)
@given(willekeurige_invoer())
def test_no_input_crashes_only_ongeldige_invoer_may_be_raised(invoer: dict[str, Any]) -> None:
    try:
        uitkomst = bereken("tweede-woning", invoer)
    except OngeldigeInvoer:
        return
    assert uitkomst.conclusie
    assert uitkomst.hoofdwaarde in uitkomst.waarden


@settings(max_examples=150, deadline=None)
@given(verhuurde_woning())
def test_amounts_are_never_negative_and_the_home_never_counts_above_its_woz_waarde(
    invoer: dict[str, Any],
) -> None:
    uitkomst = bereken("tweede-woning", invoer)
    assert ZERO <= waarde(uitkomst, "waarde_box3") <= invoer["woz_waarde"]
    assert waarde(uitkomst, "box3_belasting") >= ZERO
    assert waarde(uitkomst, "box3_belasting_woning") <= waarde(uitkomst, "box3_belasting")
    if invoer["aankoopprijs"] is not None:
        tarief = waarde(uitkomst, "overdrachtsbelasting_tarief")
        assert waarde(uitkomst, "overdrachtsbelasting") == op_centen(invoer["aankoopprijs"] * tarief) >= ZERO


@settings(max_examples=150, deadline=None)
@given(verhuurde_woning())
def test_box3_of_the_home_is_the_shared_box3_engine_with_the_home_as_overige_bezitting(
    invoer: dict[str, Any],
) -> None:
    uitkomst = bereken("tweede-woning", invoer)
    box3 = bereken(
        "box3",
        {
            "jaar": invoer["jaar"],
            "spaargeld": invoer["spaargeld"],
            "beleggingen": invoer["beleggingen"] + waarde(uitkomst, "waarde_box3"),
            "schulden": invoer["hypotheek"] + invoer["overige_schulden"],
            "fiscale_partner": invoer["fiscale_partner"],
        },
    )
    assert waarde(uitkomst, "box3_belasting") == waarde(box3, "box3_belasting")


@settings(max_examples=150, deadline=None)
@given(JAREN_MET_CIJFERS, WOZ, BEDRAG.filter(lambda b: b > 0), BEDRAG)
def test_a_higher_rent_never_lowers_the_leegwaarderatio_or_the_value_in_box3(
    jaar: int, woz: Decimal, jaarhuur: Decimal, extra: Decimal
) -> None:
    def met_huur(huur: Decimal) -> Uitkomst:
        return bereken(
            "tweede-woning",
            {"jaar": jaar, "woz_waarde": woz, "verhuurd": True, "huurbescherming": True, "jaarhuur": huur},
        )

    laag, hoog = met_huur(jaarhuur), met_huur(jaarhuur + extra)
    assert waarde(hoog, "leegwaarderatio") >= waarde(laag, "leegwaarderatio")
    assert waarde(hoog, "waarde_box3") >= waarde(laag, "waarde_box3")


@settings(max_examples=150, deadline=None)
@given(JAREN_MET_CIJFERS, BEDRAG, st.integers(min_value=0, max_value=100))
def test_giving_an_age_never_makes_the_purchase_of_a_hoofdverblijf_dearer(
    jaar: int, aankoopprijs: Decimal, leeftijd: int
) -> None:
    basis = {"jaar": jaar, "aankoopprijs": aankoopprijs, "hoofdverblijf": True}
    zonder_leeftijd = bereken("tweede-woning", basis)
    met_leeftijd = bereken("tweede-woning", {**basis, "leeftijd": leeftijd})
    assert waarde(met_leeftijd, "overdrachtsbelasting") <= waarde(zonder_leeftijd, "overdrachtsbelasting")


@settings(max_examples=100, deadline=None)
@given(JAREN_MET_CIJFERS, BEDRAG)
def test_an_own_hoofdverblijf_never_costs_more_than_a_second_home(jaar: int, aankoopprijs: Decimal) -> None:
    assume(aankoopprijs > 0)
    eigen = bereken("tweede-woning", {"jaar": jaar, "aankoopprijs": aankoopprijs, "hoofdverblijf": True})
    tweede = bereken("tweede-woning", {"jaar": jaar, "aankoopprijs": aankoopprijs})
    assert waarde(eigen, "overdrachtsbelasting") <= waarde(tweede, "overdrachtsbelasting")
