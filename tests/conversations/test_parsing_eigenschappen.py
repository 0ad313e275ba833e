"""Properties of the parsers: nothing typed crashes them, and what the bot prints it can read back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from conversations.parsing import (
    Ambiguous,
    Invalid,
    Ok,
    Parsed,
    match_choice,
    normalise,
    parse_amount,
    parse_date,
    parse_percentage,
    parse_whole_number,
    parse_year,
    parse_yes_no,
)
from rules.formatteer import datum, euro, getal, procent

MAX_EXAMPLES = 300
SOME_CHOICES = [("anbi", "ANBI-contributie"), ("auto", "Auto van de zaak"), ("kia", "KIA met EIA/MIA")]

PARSERS: dict[str, Callable[[str], Parsed[object]]] = {
    "amount": parse_amount,
    "date": parse_date,
    "year": parse_year,
    "yes_no": parse_yes_no,
    "whole_number": parse_whole_number,
    "bounded_whole_number": lambda text: parse_whole_number(text, minimum=1, maximum=168, unit="uur"),
    "percentage": parse_percentage,
    "choice": lambda text: match_choice(text, SOME_CHOICES),
}

# Any text at all: emoji, control characters, other scripts, up to 10.000 characters.
any_text = st.one_of(
    st.text(max_size=50),
    st.text(max_size=10_000),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
)
# Text made of what numbers and dates are made of, so the parsers' inner branches are reached.
number_like = st.text(alphabet="0123456789.,-+€ %'/kK", max_size=30)
word_like = st.lists(
    st.sampled_from(["ja", "nee", "niet", "zeker", "klopt", "maart", "mrt", "2021", "15", "k", "ton", "euro"]),
    max_size=5,
).map(" ".join)
long_digits = st.text(alphabet="0123456789", min_size=1_000, max_size=10_000)
typed = st.one_of(any_text, number_like, word_like, long_digits)


def assert_well_formed(parsed: Parsed[object]) -> None:
    assert isinstance(parsed, Ok | Ambiguous | Invalid)
    if isinstance(parsed, Invalid):
        assert parsed.message[0].isupper() and parsed.message.endswith(".")
        assert "\n" not in parsed.message and len(parsed.message) < 200
    if isinstance(parsed, Ambiguous):
        assert len(parsed.readings) >= 2 and len(set(parsed.readings)) == len(parsed.readings)
        assert parsed.question.startswith("Bedoelt u ") and parsed.question.endswith("?")
    if isinstance(parsed, Ok) and parsed.note is not None:
        assert parsed.note.endswith(".")


@settings(max_examples=MAX_EXAMPLES)
@given(text=typed)
def test_no_text_makes_any_parser_raise(text: str) -> None:
    for parser in PARSERS.values():
        assert_well_formed(parser(text))


@settings(max_examples=MAX_EXAMPLES)
@given(text=typed)
def test_what_a_parser_accepts_is_within_its_limits(text: str) -> None:
    amounts = parse_amount(text)
    for amount in amounts.readings if isinstance(amounts, Ambiguous) else ():
        assert 0 <= amount <= 10**12 and amount == amount.quantize(Decimal("0.01"))
    if isinstance(amounts, Ok):
        assert 0 <= amounts.value <= 10**12 and amounts.value == amounts.value.quantize(Decimal("0.01"))
    day = parse_date(text)
    if isinstance(day, Ok):
        assert 1900 <= day.value.year <= 2100
    year = parse_year(text)
    if isinstance(year, Ok):
        assert 1900 <= year.value <= 2100
    hours = parse_whole_number(text, minimum=1, maximum=168)
    if isinstance(hours, Ok):
        assert 1 <= hours.value <= 168
    percentage = parse_percentage(text)
    if isinstance(percentage, Ok):
        assert 0 <= percentage.value <= 100
    choice = match_choice(text, SOME_CHOICES)
    if isinstance(choice, Ok):
        assert choice.value in {value for value, _ in SOME_CHOICES}


@settings(max_examples=MAX_EXAMPLES)
@given(text=any_text)
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert once == once.strip() and "  " not in once


@settings(max_examples=MAX_EXAMPLES)
@given(text=st.sampled_from(["ja", "nee", "45.000", "15-3-2021", "2026", "auto"]), noise=st.text(" \t\n\u200b"))
def test_whitespace_and_invisible_characters_around_an_answer_do_not_matter(text: str, noise: str) -> None:
    for parser in PARSERS.values():
        assert parser(noise + text + noise) == parser(text)


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=MAX_EXAMPLES)
@given(amount=amounts)
def test_an_amount_the_bot_prints_is_read_back_unchanged(amount: Decimal) -> None:
    assert parse_amount(euro(amount)) == Ok(amount)
    assert parse_amount(format_currency(amount, "EUR", locale="nl_NL")) == Ok(amount)
    assert parse_amount(format_decimal(amount, locale="nl_NL")) == Ok(amount)
    assert parse_amount(getal(amount)) == Ok(amount)


@settings(max_examples=MAX_EXAMPLES)
@given(day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_a_date_the_bot_prints_is_read_back_unchanged(day: dt.date) -> None:
    assert parse_date(datum(day)) == Ok(day)
    for length in ("short", "medium", "full"):
        assert parse_date(format_date(day, length, locale="nl_NL")) == Ok(day)
    assert parse_date(day.isoformat()) == Ok(day)
    assert parse_date(f"{day.day}-{day.month}-{day.year}") == Ok(day)


@settings(max_examples=MAX_EXAMPLES)
@given(year=st.integers(min_value=1900, max_value=2100))
def test_every_year_from_1900_to_2100_is_read_back(year: int) -> None:
    assert parse_year(str(year)) == Ok(year)


@settings(max_examples=MAX_EXAMPLES)
@given(
    number=st.integers(min_value=0, max_value=10**12),
    unit=st.sampled_from(["", "uur", "maanden", "jaar"]),
)
def test_a_whole_number_the_bot_prints_is_read_back(number: int, unit: str) -> None:
    shown = getal(Decimal(number))
    assert parse_whole_number(shown, maximum=10**12) == Ok(number)
    assert parse_whole_number(f"{shown} {unit}".strip(), maximum=10**12, unit=unit) == Ok(number)


@settings(max_examples=MAX_EXAMPLES)
@given(fraction=st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False))
def test_a_percentage_the_bot_prints_is_read_back_as_percent_points(fraction: Decimal) -> None:
    assert parse_percentage(procent(fraction)) == Ok(fraction * 100)


labels = st.lists(
    st.text(alphabet=st.characters(categories=["L", "N", "P", "Zs"]), min_size=1, max_size=30),
    min_size=1,
    max_size=8,
)


@settings(max_examples=MAX_EXAMPLES)
@given(labels=labels)
def test_a_choice_is_found_by_its_number_and_by_its_label(labels: list[str]) -> None:
    choices = [(f"waarde-{index}", label) for index, label in enumerate(labels)]
    for index, (value, label) in enumerate(choices):
        by_label = match_choice(label, choices)
        assert (
            by_label == Ok(value)
            or (isinstance(by_label, Ambiguous) and value in by_label.readings)
            or (isinstance(by_label, Invalid) and not any(char.isalnum() for char in normalise(label)))
        )
        by_number = match_choice(str(index + 1), choices)
        assert by_number == Ok(value) or any(normalise(str(index + 1)) in normalise(other) for _, other in choices)
