"""Dutch input as people type it: each row is one answer a user might give, and what the bot makes of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

import pytest

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

D = Decimal


def invalid(parsed: Parsed[object]) -> str:
    assert isinstance(parsed, Invalid), parsed
    return parsed.message


# Amounts --------------------------------------------------------------------------------------------------
AMOUNTS = [
    pytest.param("45.000", Ok(D(45000)), id="a point groups thousands"),
    pytest.param("45.000,50", Ok(D("45000.50")), id="a comma separates the cents"),
    pytest.param("€ 45.000,-", Ok(D(45000)), id="the euro sign and a comma-dash for whole euros are allowed"),
    pytest.param("€ 45,-", Ok(D(45)), id="a comma-dash also follows a small amount"),
    pytest.param("45000", Ok(D(45000)), id="digits without grouping are fine"),
    pytest.param("45k", Ok(D(45000)), id="k means thousand"),
    pytest.param("45K", Ok(D(45000)), id="a capital K means thousand too"),
    pytest.param("45 duizend", Ok(D(45000)), id="the word duizend multiplies by a thousand"),
    pytest.param("1,5 ton", Ok(D(150000)), id="a ton is a hundred thousand euros"),
    pytest.param("anderhalve ton", Ok(D(150000)), id="anderhalve ton is one and a half ton"),
    pytest.param("1,2 miljoen", Ok(D(1200000)), id="miljoen with a decimal comma"),
    pytest.param("€45.000", Ok(D(45000)), id="the euro sign may touch the number"),
    pytest.param("EUR 45.000", Ok(D(45000)), id="EUR before the number"),
    pytest.param("45.000 euro", Ok(D(45000)), id="euro after the number"),
    pytest.param("45 euro's", Ok(D(45)), id="the plural euro's after the number"),
    pytest.param("45 k€", Ok(D(45000)), id="k euro after the number"),
    pytest.param("€\xa045.000,50", Ok(D("45000.50")), id="babel's own format with a non-breaking space"),
    pytest.param("45 000,50", Ok(D("45000.50")), id="spaces may group thousands"),
    pytest.param("  45.000!  ", Ok(D(45000)), id="surrounding spaces and an exclamation mark are ignored"),
    pytest.param("45.000.", Ok(D(45000)), id="a full stop ending the sentence is not a decimal point"),
    pytest.param("0", Ok(D(0)), id="zero is an amount"),
    pytest.param("nul", Ok(D(0)), id="the word nul is zero"),
    pytest.param("geen", Ok(D(0)), id="geen is zero"),
    pytest.param("nee, niks", Ok(D(0)), id="a no with nothing is zero"),
    pytest.param("nee", Ok(D(0)), id="a bare no to 'how much' means none"),
    pytest.param("helemaal geen eigen bijdrage", Ok(D(0)), id="none of a thing, said in a sentence"),
    pytest.param("n.v.t.", Ok(D(0)), id="not applicable is none"),
    pytest.param("+45", Ok(D(45)), id="a plus sign is harmless"),
    pytest.param("1.500", Ok(D(1500)), id="one point with three digits after it groups thousands"),
    pytest.param(
        "12.50",
        Ambiguous((D("12.50"), D(1250)), "Bedoelt u € 12,50 of € 1.250?"),
        id="a point with two digits after it could be cents or a typo, so the bot asks",
    ),
    pytest.param(
        "1.5",
        Ambiguous((D("1.5"), D(15)), "Bedoelt u € 1,50 of € 15?"),
        id="a point with one digit after it could be one and a half or fifteen",
    ),
    pytest.param(
        "45,000",
        Ambiguous((D(45), D(45000)), "Bedoelt u € 45 of € 45.000?"),
        id="a comma with three digits after it could be English thousands, so the bot asks",
    ),
    pytest.param(
        "1.5 miljoen",
        Ambiguous((D(1500000), D(15000000)), "Bedoelt u € 1.500.000 of € 15.000.000?"),
        id="the multiplier applies to both readings",
    ),
]


@pytest.mark.parametrize(("text", "expected"), AMOUNTS)
def test_amounts_are_read_the_way_dutch_people_type_them(text: str, expected: Parsed[Decimal]) -> None:
    assert parse_amount(text) == expected


AMOUNT_REFUSALS = [
    pytest.param(
        "geen idee",
        "Vul een bedrag in euro's in, bijvoorbeeld 45.000 of 45.000,50.",
        id="no idea is not nil (the engine reads it as 'weet ik niet' before this)",
    ),
    pytest.param(
        "nee maar 200",
        "Vul een bedrag in euro's in, bijvoorbeeld 45.000 of 45.000,50.",
        id="a no with a number is not nil",
    ),
    pytest.param(
        "45,000.50",
        "Schrijf een bedrag met een punt voor duizendtallen en een komma voor centen, dus 45.000,50.",
        id="English notation is refused with the Dutch notation suggested",
    ),
    pytest.param(
        "1,500,000",
        "Schrijf een bedrag met een punt voor duizendtallen en een komma voor centen, dus 1.500.000.",
        id="English thousands commas are refused with the Dutch notation suggested",
    ),
    pytest.param("-45.000", "Vul een bedrag van 0 of meer in, bijvoorbeeld 45.000.", id="a negative amount is refused"),
    pytest.param("€ -45", "Vul een bedrag van 0 of meer in, bijvoorbeeld 45.000.", id="babel's negative format too"),
    pytest.param(
        "(€ 1.234,50)",
        "Vul een bedrag van 0 of meer in, bijvoorbeeld 45.000.",
        id="an accounting-style negative in brackets too",
    ),
    pytest.param(
        "45,1234",
        "Een bedrag heeft hoogstens twee cijfers achter de komma, bijvoorbeeld 45.000,50.",
        id="more than two decimals are refused",
    ),
    pytest.param(
        "9" * 200,
        "Vul een bedrag tot € 1.000.000.000.000 in, bijvoorbeeld 45.000.",
        id="an absurdly long number is refused",
    ),
    pytest.param(
        "1.000.000.000.001",
        "Vul een bedrag tot € 1.000.000.000.000 in, bijvoorbeeld 45.000.",
        id="an amount above a thousand billion is refused",
    ),
    pytest.param("veel", "Vul een bedrag in euro's in, bijvoorbeeld 45.000 of 45.000,50.", id="words are refused"),
    pytest.param(
        "1e5",
        "Vul een bedrag in euro's in, bijvoorbeeld 45.000 of 45.000,50.",
        id="scientific notation is not an amount",
    ),
    pytest.param(
        "NaN",
        "Vul een bedrag in euro's in, bijvoorbeeld 45.000 of 45.000,50.",
        id="what Python's Decimal accepts is not what a person types",
    ),
    pytest.param("45-50", "Vul een bedrag in euro's in, bijvoorbeeld 45.000 of 45.000,50.", id="a range is refused"),
    pytest.param("", "Vul een bedrag in euro's in, bijvoorbeeld 45.000 of 45.000,50.", id="nothing is refused"),
]


@pytest.mark.parametrize(("text", "message"), AMOUNT_REFUSALS)
def test_amounts_that_cannot_be_read_safely_get_one_friendly_sentence(text: str, message: str) -> None:
    assert invalid(parse_amount(text)) == message


def test_a_huge_digit_string_is_refused_quickly() -> None:
    assert isinstance(parse_amount("1" * 1_000_000), Invalid)


# Dates ----------------------------------------------------------------------------------------------------
MARCH_15 = dt.date(2021, 3, 15)
DATES = [
    pytest.param("15-3-2021", Ok(MARCH_15), id="day-month-year with dashes"),
    pytest.param("15/3/2021", Ok(MARCH_15), id="day-month-year with slashes"),
    pytest.param("15.3.2021", Ok(MARCH_15), id="day-month-year with points"),
    pytest.param("15-03-2021", Ok(MARCH_15), id="a leading zero in the month"),
    pytest.param("2021-03-15", Ok(MARCH_15), id="the ISO notation"),
    pytest.param("15 maart 2021", Ok(MARCH_15), id="the month written out"),
    pytest.param("15 Maart 2021", Ok(MARCH_15), id="a capital in the month name"),
    pytest.param("15 mrt 2021", Ok(MARCH_15), id="the month abbreviated"),
    pytest.param("15 mrt. 2021", Ok(MARCH_15), id="the month abbreviated with a point"),
    pytest.param("15 sept 2021", Ok(dt.date(2021, 9, 15)), id="sept is september"),
    pytest.param("1e januari 2020", Ok(dt.date(2020, 1, 1)), id="an ordinal day"),
    pytest.param("vrijdag 7 maart 2025", Ok(dt.date(2025, 3, 7)), id="a weekday that matches the date"),
    pytest.param("29-2-2024", Ok(dt.date(2024, 2, 29)), id="the leap day of a leap year"),
    pytest.param(
        "maart 2021",
        Ok(dt.date(2021, 3, 1), "Ik ga uit van 1 maart 2021."),
        id="a month and year mean the first of the month, with a note",
    ),
    pytest.param(
        "2021",
        Ok(dt.date(2021, 1, 1), "Ik ga uit van 1 januari 2021."),
        id="a bare year means the first of January, with a note",
    ),
]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_dates_are_read_day_first(text: str, expected: Parsed[dt.date]) -> None:
    assert parse_date(text) == expected


DATE_REFUSALS = [
    pytest.param(
        "31-2-2021",
        "Februari 2021 heeft maar 28 dagen; vul een bestaande datum in, bijvoorbeeld 28-2-2021.",
        id="the 31st of February is refused naming the length of the month",
    ),
    pytest.param(
        "29-2-2023",
        "Februari 2023 heeft maar 28 dagen; vul een bestaande datum in, bijvoorbeeld 28-2-2023.",
        id="a leap day outside a leap year is refused",
    ),
    pytest.param(
        "3/15/2021",
        "Er is geen maand 15; schrijf eerst de dag en dan de maand, bijvoorbeeld 15-3-2021.",
        id="an American date is refused, explaining that the day comes first",
    ),
    pytest.param(
        "32-1-2021",
        "Er is geen dag 32; vul een bestaande datum in, bijvoorbeeld 15-3-2021.",
        id="day 32 is refused",
    ),
    pytest.param(
        "15-3-21",
        "Schrijf het jaar in vier cijfers, bijvoorbeeld 15-3-2021.",
        id="a two-digit year is refused rather than guessing the century",
    ),
    pytest.param("15 maart", "Noem ook het jaar, bijvoorbeeld 15 maart 2021.", id="a date without a year is refused"),
    pytest.param(
        "15-3-1899",
        "Vul een datum tussen 1900 en 2100 in, bijvoorbeeld 15-3-2021.",
        id="a date before 1900 is refused",
    ),
    pytest.param(
        "15 brumaire 2021",
        "Die maand herken ik niet; schrijf de datum als 15 maart 2021 of 15-3-2021.",
        id="an unknown month name is refused",
    ),
    pytest.param(
        "maandag 7 maart 2025",
        "7 maart 2025 valt op een vrijdag, niet op een maandag; vul de datum opnieuw in, bijvoorbeeld 7-3-2025.",
        id="a weekday that does not match the date is refused",
    ),
    pytest.param(
        "gisteren",
        "Vul een datum in als dag-maand-jaar, bijvoorbeeld 15-3-2021 of 15 maart 2021.",
        id="without the day of the conversation, relative dates are refused",
    ),
]


@pytest.mark.parametrize(("text", "message"), DATE_REFUSALS)
def test_impossible_or_unclear_dates_are_refused_saying_why(text: str, message: str) -> None:
    assert invalid(parse_date(text)) == message


HEDGED_DATES = [
    pytest.param("eind maart 2021", Ok(dt.date(2021, 3, 31), "Ik ga uit van 31 maart 2021."), id="end of a month"),
    pytest.param("medio maart 2021", Ok(dt.date(2021, 3, 15), "Ik ga uit van 15 maart 2021."), id="mid month"),
    pytest.param("eind van 2023", Ok(dt.date(2023, 12, 31), "Ik ga uit van 31 december 2023."), id="end of a year"),
    pytest.param("medio 2023", Ok(dt.date(2023, 7, 1), "Ik ga uit van 1 juli 2023."), id="mid year"),
    pytest.param("begin 2024", Ok(dt.date(2024, 1, 1), "Ik ga uit van 1 januari 2024."), id="start of a year"),
    pytest.param("eind februari 2024", Ok(dt.date(2024, 2, 29), "Ik ga uit van 29 februari 2024."), id="leap"),
]


@pytest.mark.parametrize(("text", "expected"), HEDGED_DATES)
def test_begin_medio_and_eind_choose_the_first_middle_or_last_day(text: str, expected: Parsed[dt.date]) -> None:
    assert parse_date(text) == expected


RELATIVE_DATES = [
    pytest.param("gisteren", Ok(dt.date(2026, 11, 28)), id="yesterday is exact"),
    pytest.param("vandaag", Ok(dt.date(2026, 11, 29)), id="today"),
    pytest.param("vorige maand", Ok(dt.date(2026, 10, 1), "Ik ga uit van 1 oktober 2026."), id="last month"),
    pytest.param("eind vorige maand", Ok(dt.date(2026, 10, 31), "Ik ga uit van 31 oktober 2026."), id="end"),
    pytest.param("vorig jaar", Ok(dt.date(2025, 1, 1), "Ik ga uit van 1 januari 2025."), id="last year"),
    pytest.param("eind vorig jaar.", Ok(dt.date(2025, 12, 31), "Ik ga uit van 31 december 2025."), id="end of it"),
    pytest.param("volgende maand", Ok(dt.date(2026, 12, 1), "Ik ga uit van 1 december 2026."), id="next month"),
]


@pytest.mark.parametrize(("text", "expected"), RELATIVE_DATES)
def test_relative_dates_are_read_against_the_day_of_the_conversation(text: str, expected: Parsed[dt.date]) -> None:
    assert parse_date(text, dt.date(2026, 11, 29)) == expected


def test_last_month_in_january_is_december_of_the_year_before() -> None:
    assert parse_date("vorige maand", dt.date(2027, 1, 10)) == Ok(
        dt.date(2026, 12, 1), "Ik ga uit van 1 december 2026."
    )


# Years ----------------------------------------------------------------------------------------------------
YEARS = [
    pytest.param("2026", Ok(2026), id="four digits"),
    pytest.param(" 2026. ", Ok(2026), id="spaces and a full stop around it"),
    pytest.param("1900", Ok(1900), id="1900 is the first year"),
    pytest.param("2100", Ok(2100), id="2100 is the last year"),
    pytest.param(
        "1899",
        Invalid("Vul een jaar van 1900 tot en met 2100 in, bijvoorbeeld 2026."),
        id="1899 is too early",
    ),
    pytest.param("'26", Invalid("Schrijf het jaar in vier cijfers, bijvoorbeeld 2026."), id="'26 is refused"),
    pytest.param("26", Invalid("Schrijf het jaar in vier cijfers, bijvoorbeeld 2026."), id="26 is refused"),
    pytest.param("volgend jaar", Invalid("Vul een jaartal in, bijvoorbeeld 2026."), id="words are refused"),
]


@pytest.mark.parametrize(("text", "expected"), YEARS)
def test_years_are_four_digits_from_1900_to_2100(text: str, expected: Parsed[int]) -> None:
    assert parse_year(text) == expected


# Yes or no ------------------------------------------------------------------------------------------------
YES = ["ja", "j", "jazeker", "zeker", "klopt", "yes", "y", "ok", "oké", "oke\u0301", "Ja!", "JA", "jaaa"]
YES += ["ja, klopt", "ja hoor", "ja graag", "dat klopt", "👍", "ja 🙂", "  ja\n"]
NO = ["nee", "n", "neen", "nope", "no", "niet", "nee 🙂", "Nee.", "neee", "nee, dank je", "zeker niet"]
NO += ["klopt niet", "dat klopt niet", "liever niet", "👎"]
UNCLEAR = ["ja nee", "niet zeker", "misschien", "ja maar", "ja 2", "", "🙂", "ja" * 100]


@pytest.mark.parametrize("text", YES)
def test_common_ways_to_say_yes_are_yes(text: str) -> None:
    assert parse_yes_no(text) == Ok(True)


@pytest.mark.parametrize("text", NO)
def test_common_ways_to_say_no_are_no(text: str) -> None:
    assert parse_yes_no(text) == Ok(False)


@pytest.mark.parametrize("text", UNCLEAR)
def test_anything_else_asks_for_ja_or_nee(text: str) -> None:
    assert parse_yes_no(text) == Invalid("Antwoord met ja of nee.")


# Whole numbers --------------------------------------------------------------------------------------------
WHOLE_NUMBERS = [
    pytest.param("40", {}, Ok(40), id="digits"),
    pytest.param("40 uur", {"unit": "uur"}, Ok(40), id="the unit may follow the number"),
    pytest.param("3 maand", {"unit": "maanden"}, Ok(3), id="the unit may be shortened"),
    pytest.param("1.500", {}, Ok(1500), id="a point groups thousands"),
    pytest.param("40,0", {}, Ok(40), id="a zero fraction is still whole"),
    pytest.param("twee", {}, Ok(2), id="small numbers may be written out"),
    pytest.param("geen", {}, Ok(0), id="geen is zero"),
    pytest.param("40,5", {}, Invalid("Vul een heel getal in, bijvoorbeeld 12."), id="a fraction is refused"),
    pytest.param(
        "12 jaar",
        {"unit": "uur"},
        Invalid("Vul een heel getal in, bijvoorbeeld 12 uur."),
        id="another unit than the one asked is refused",
    ),
    pytest.param(
        "200",
        {"maximum": 168, "unit": "uur"},
        Invalid("Vul een getal van 0 tot en met 168 uur in, bijvoorbeeld 12 uur."),
        id="above the maximum is refused naming the range",
    ),
    pytest.param(
        "17",
        {"minimum": 18, "unit": "jaar"},
        Invalid("Vul een getal van 18 jaar of meer in, bijvoorbeeld 18 jaar."),
        id="below the minimum is refused naming the minimum",
    ),
    pytest.param(
        "-3",
        {},
        Invalid("Vul een getal van 0 of meer in, bijvoorbeeld 12."),
        id="a negative number is refused",
    ),
    pytest.param(
        "9" * 400,
        {},
        Invalid("Vul een heel getal in, bijvoorbeeld 12."),
        id="an absurdly long number is refused",
    ),
]


@pytest.mark.parametrize(("text", "bounds", "expected"), WHOLE_NUMBERS)
def test_whole_numbers_stay_within_their_bounds(text: str, bounds: dict[str, int | str], expected: Parsed[int]) -> None:
    assert parse_whole_number(text, **bounds) == expected  # type: ignore[arg-type]


def test_a_minimum_above_the_maximum_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="minimum"):
        parse_whole_number("3", minimum=5, maximum=4)


# Percentages ----------------------------------------------------------------------------------------------
PERCENTAGES = [
    pytest.param("28", Ok(D(28)), id="a bare number is percent points"),
    pytest.param("28%", Ok(D(28)), id="with a percent sign"),
    pytest.param("28,5 %", Ok(D("28.5")), id="with a decimal comma and a spaced percent sign"),
    pytest.param("28,5 procent", Ok(D("28.5")), id="with the word procent"),
    pytest.param("28.5", Ok(D("28.5"), "Ik lees 28.5 als 28,5%."), id="a decimal point is read as a comma, noted"),
    pytest.param("0", Ok(D(0)), id="zero percent"),
    pytest.param("100%", Ok(D(100)), id="a hundred percent"),
    pytest.param(
        "101",
        Invalid("Vul een percentage van 0 tot en met 100 in, bijvoorbeeld 28,5%."),
        id="more than a hundred is refused",
    ),
    pytest.param(
        "-5%",
        Invalid("Vul een percentage van 0 tot en met 100 in, bijvoorbeeld 28,5%."),
        id="a negative percentage is refused",
    ),
    pytest.param("veel", Invalid("Vul een percentage in, bijvoorbeeld 28 of 28,5%."), id="words are refused"),
]


@pytest.mark.parametrize(("text", "expected"), PERCENTAGES)
def test_percentages_are_percent_points(text: str, expected: Parsed[Decimal]) -> None:
    assert parse_percentage(text) == expected


# Choices --------------------------------------------------------------------------------------------------
TOPICS: Sequence[tuple[str, str]] = [
    ("anbi", "ANBI-contributie"),
    ("auto", "Auto van de zaak"),
    ("woning", "Tweede woning"),
    ("kia", "KIA met EIA/MIA"),
    ("wbso", "S&O-aftrek"),
    ("privé", "Privégebruik"),
]
NO_MATCH = "Kies een van de opties door het nummer of de naam te typen, bijvoorbeeld 1 voor ANBI-contributie."
CHOICES = [
    pytest.param("2", Ok("auto"), id="the number of an option"),
    pytest.param("2.", Ok("auto"), id="the number with a point, as in the list"),
    pytest.param("optie 2", Ok("auto"), id="optie and the number"),
    pytest.param("auto van de zaak", Ok("auto"), id="the whole label in lower case"),
    pytest.param("AUTO", Ok("auto"), id="the value in capitals"),
    pytest.param("tweede", Ok("woning"), id="an unambiguous prefix of a label"),
    pytest.param("s&o", Ok("wbso"), id="a prefix with punctuation"),
    pytest.param("so aftrek", Ok("wbso"), id="the label without its punctuation"),
    pytest.param("prive", Ok("privé"), id="the label without its accent"),
    pytest.param("Tweede wóning!", Ok("woning"), id="a stray accent and exclamation mark"),
    pytest.param(
        "a",
        Ambiguous(("anbi", "auto"), "Bedoelt u ANBI-contributie of Auto van de zaak?"),
        id="a prefix of two labels asks which one",
    ),
    pytest.param(
        "7",
        Invalid("Kies een nummer van 1 tot en met 6, bijvoorbeeld 1 voor ANBI-contributie."),
        id="a number beyond the list is refused",
    ),
    pytest.param(
        "fiets",
        Invalid(NO_MATCH),
        id="something that matches nothing is refused",
    ),
    pytest.param(
        "🙂",
        Invalid(NO_MATCH),
        id="an emoji alone is refused",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CHOICES)
def test_a_choice_is_found_by_number_label_or_prefix(text: str, expected: Parsed[str]) -> None:
    assert match_choice(text, TOPICS) == expected


def test_an_exact_label_wins_over_a_longer_label_it_is_a_prefix_of() -> None:
    assert match_choice("kia", [("kia", "KIA"), ("kia_eia", "KIA met EIA")]) == Ok("kia")


def test_a_typed_amount_is_never_taken_for_a_prefix_of_an_amount_label() -> None:
    readings = [("1", "€ 12,50"), ("2", "€ 1.250")]
    assert isinstance(match_choice("12", readings), Invalid)
    assert isinstance(match_choice("1250", readings), Ambiguous)


def test_no_choices_means_nothing_can_be_chosen() -> None:
    assert match_choice("1", []) == Invalid("Er zijn geen opties om uit te kiezen.")


# Normalising ----------------------------------------------------------------------------------------------
NORMALISED = [
    pytest.param("  Ja  ", "ja", id="strips and casefolds"),
    pytest.param("auto\t van\n de   zaak", "auto van de zaak", id="collapses whitespace of every kind"),
    pytest.param("45\u200b.000\x00", "45.000", id="removes zero-width and control characters"),
    pytest.param("€\xa045", "€ 45", id="turns a non-breaking space into a space"),
    pytest.param("oke\u0301", "oké", id="composes an accent typed separately"),
    pytest.param("Straße", "strasse", id="casefolds beyond lower case"),
    pytest.param("１２", "12", id="turns full-width digits into digits"),
]


@pytest.mark.parametrize(("text", "expected"), NORMALISED)
def test_normalise_makes_equal_answers_look_equal(text: str, expected: str) -> None:
    assert normalise(text) == expected
