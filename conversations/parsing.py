"""Dutch input parsing: what a user types becomes a value, a question back, or one friendly sentence.

Every parser takes any text and returns `Ok`, `Ambiguous` or `Invalid`; none of them raises on user input.
Input that can be read two ways is never silently read one way: `12.50` could be € 12,50 or € 1.250, so the
user is asked. Two-digit years are refused (the engine has no clock, and a wrong century in a tax date is
worse than one retype). Amounts up to € 1.000.000.000.000 (the machinery limit of `rules.invoer`), years and
dates from 1900 to 2100, percentages from 0 to 100.

Pure: no I/O, no clock, imports nothing but babel and `rules.formatteer`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Generic, TypeAlias, TypeVar

from babel.dates import get_day_names, get_month_names
from babel.lists import format_list
from babel.numbers import NumberFormatError, parse_decimal
from rapidfuzz import fuzz

from rules.formatteer import LOCALE, datum, euro, getal, procent

__all__ = [
    "Ambiguous",
    "Invalid",
    "Ok",
    "Parsed",
    "match_choice",
    "normalise",
    "parse_amount",
    "parse_amount_per_year",
    "parse_date",
    "parse_percentage",
    "parse_whole_number",
    "parse_year",
    "parse_yes_no",
]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)  # results are frozen, so an Ok[int] is an Ok[object]


@dataclass(frozen=True)
class Ok(Generic[T_co]):
    """The value read; `note` is an assumption made while reading it, as one Dutch sentence; `rest` is what
    the user wrote after a short answer ("ja, mijn vrouw" → True with rest "mijn vrouw")."""

    value: T_co
    note: str | None = None
    rest: str | None = None


@dataclass(frozen=True)
class Ambiguous(Generic[T_co]):
    """Two or more distinct sensible readings, and the Dutch question that lets the user pick one."""

    readings: tuple[T_co, ...]
    question: str


@dataclass(frozen=True)
class Invalid:
    """One friendly Dutch sentence saying what is expected, with an example."""

    message: str


Parsed: TypeAlias = Ok[T] | Ambiguous[T] | Invalid

# Longer answers are refused before any pattern looks at them: no input is a huge computation.
_MAX_LENGTH = 80
_MAX_AMOUNT = Decimal(10) ** 12
_CENT = Decimal("0.01")
FIRST_YEAR, LAST_YEAR = 1900, 2100


# Normalising ----------------------------------------------------------------------------------------------
def normalise(text: str) -> str:
    """Strip, casefold and collapse whitespace; drop control and format characters; NFKC.

    Whitespace controls (tab, newline) count as spaces; other controls, format characters (zero-width
    space, soft hyphen, BOM) and lone surrogates are removed. NFKC turns a non-breaking space into a space,
    full-width digits into digits and composes `é` typed as `e` plus accent.
    """
    kept = "".join(
        " " if char.isspace() else char
        for char in text
        if char.isspace() or unicodedata.category(char) not in {"Cc", "Cf", "Cs"}
    )
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", kept).casefold())
    return " ".join(folded.split())


def _means_nothing(cleaned: str) -> bool:
    """An amount of nil in words: "niks", "nee", "nee, niets", "helemaal geen", "geen eigen bijdrage", "nvt".

    "Hoeveel ...?" answered with a no means none. Digits always go to the number reading, and "geen idee" is
    a 'weet ik niet', not a nil.
    """
    if re.search(r"[0-9]", cleaned):
        return cleaned in _ZERO_WORDS
    words = re.sub(r"[,!]", " ", cleaned).split()
    if "idee" in words or not words:
        return False
    if words[0] in _NO_WORDS:
        words = words[1:]
    while words and words[0] in _FILLERS:
        words = words[1:]
    return not words or words[0] in _ZERO_WORDS or " ".join(words[:3]) == "niet van toepassing"


def _strip_trailing_punctuation(text: str) -> str:
    return text.rstrip(" .,!?…;:").strip()


def _without_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# Amounts --------------------------------------------------------------------------------------------------
_AMOUNT_EXAMPLE = "Vul een bedrag in euro's in, bijvoorbeeld 45.000 of 45.000,50."
_AMOUNT_NEGATIVE = "Vul een bedrag van 0 of meer in, bijvoorbeeld 45.000."
_AMOUNT_DECIMALS = "Een bedrag heeft hoogstens twee cijfers achter de komma, bijvoorbeeld 45.000,50."
_AMOUNT_TOO_LARGE = f"Vul een bedrag tot {euro(_MAX_AMOUNT)} in, bijvoorbeeld 45.000."
_AMOUNT_NOT_HOURS = "Hier vraag ik een bedrag in euro's, geen aantal uren. Bijvoorbeeld 45.000."

_CURRENCY_PREFIX = re.compile(r"(?:€|euro?(?![a-z]))\s*")
_SIGN_PREFIX = re.compile(r"[-−–+]\s*")
_CURRENCY_SUFFIX = re.compile(r"\s*(?:€|(?<![a-z])eur(?:o|os|o['’]s)?)\Z")
_DASH_SUFFIX = re.compile(r"\s*[,.]\s*[-–—]+\Z")  # `45,-` and `45.-`: whole euros
_MINUS_SIGNS = {"-", "−", "–"}
_MULTIPLIER = re.compile(r"(?P<number>.*?)\s*(?P<word>k|duizend|dzd|ton|miljoen|mln|mio|miljard|mld)")
_MULTIPLIERS = {
    "k": Decimal(1000),
    "duizend": Decimal(1000),
    "dzd": Decimal(1000),
    "ton": Decimal(100_000),
    "miljoen": Decimal(1_000_000),
    "mln": Decimal(1_000_000),
    "mio": Decimal(1_000_000),
    "miljard": Decimal(1_000_000_000),
    "mld": Decimal(1_000_000_000),
}
# Only before a multiplier word: `een ton`, `anderhalve ton`, `een half miljoen`, `miljoen`.
_NUMBER_WORDS = {
    "": Decimal(1),
    "een": Decimal(1),
    "één": Decimal(1),
    "anderhalf": Decimal("1.5"),
    "anderhalve": Decimal("1.5"),
    "half": Decimal("0.5"),
    "halve": Decimal("0.5"),
    "een half": Decimal("0.5"),
    "een halve": Decimal("0.5"),
}
_ZERO_WORDS = {"nul", "geen", "niets", "niks", "nvt", "n.v.t.", "n.v.t"}
_NO_WORDS = {"nee", "neen", "nope"}
_FILLERS = {"helemaal", "echt", "totaal", "gewoon", "ook", "nog", "dus", "eigenlijk"}
_SPACE_GROUPED = re.compile(r"[0-9]{1,3}(?: [0-9]{3})+(?:,[0-9]*)?")
_NUMERIC = re.compile(r"[0-9.,]*[0-9][0-9.,]*")
_ENGLISH_THOUSANDS = re.compile(r"[1-9][0-9]{0,2},[0-9]{3}")  # 45,000: Dutch 45 or English 45.000?
_ENGLISH_STYLE = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]*)?")  # 45,000.50 or 1,500,000
_SINGLE_DOT = re.compile(r"[0-9]*\.[0-9]*")


_APPROXIMATELY = re.compile(
    r"\A(?:ongeveer|ong\.?|circa|ca\.?|rond(?:om)?(?: de)?|zo['’]?n|plusminus|plm\.?|pakweg|ruwweg|"
    r"ruim|bijna|iets (?:meer|minder) dan|max(?:imaal)?\.?|hooguit|[~±≈]|\+/-)\s*"
)
_OR_SO = re.compile(r"\s*(?:of ?zo|ongeveer|of daaromtrent|ofzoiets|of zoiets|ish|\?)+\Z")
_PER_MONTH = re.compile(
    r"\s*(?:per maand|p/m|p\.m\.?|pm|per mnd\.?|/ ?maand|/ ?mnd|in de maand|maandelijks|elke maand)\Z"
)
_PER_YEAR = re.compile(r"\s*(?:per jaar|p/j|p\.j\.?|pj|per jr\.?|/ ?jaar|/ ?jr|in het jaar|jaarlijks|elk jaar|netto)\Z")
_TIMES = re.compile(r"\A(?P<n>[0-9]{1,2}) ?[x×*] ?(?P<amount>.+)\Z")
MONTHS_PER_YEAR = 12


def parse_amount_per_year(text: str) -> Parsed[Decimal]:
    """An amount per year, also typed per month (`1150 per maand`) or as months times an amount (`12 × 1.200`):
    the conversion is said back in the note."""
    cleaned = _strip_approximation(normalise(text))
    times = _TIMES.fullmatch(cleaned)
    if times is not None:
        parsed = parse_amount(times["amount"])
        if isinstance(parsed, Ok):
            total = parsed.value * int(times["n"])
            return Ok(total, f"{times['n']} × {euro(parsed.value)} = {euro(total)} per jaar.")
        return parsed
    if month := _PER_MONTH.search(cleaned):
        parsed = parse_amount(cleaned[: month.start()])
        if isinstance(parsed, Ok):
            total = parsed.value * MONTHS_PER_YEAR
            return Ok(total, f"{euro(parsed.value)} per maand = {euro(total)} per jaar.")
        return parsed
    if year := _PER_YEAR.search(cleaned):
        return parse_amount(cleaned[: year.start()])
    return parse_amount(cleaned)


def _strip_approximation(cleaned: str) -> str:
    """`ongeveer 45k`, `30k ofzo`, `ca. 45.000`: an estimate is what we ask for, so the hedge is dropped."""
    for _ in range(3):
        before = cleaned
        cleaned = _APPROXIMATELY.sub("", cleaned).strip()
        cleaned = _OR_SO.sub("", cleaned).strip()
        if cleaned == before:
            break
    return cleaned


def parse_amount(text: str) -> Parsed[Decimal]:
    """An amount in euros, typed the Dutch way: `45.000`, `€ 45.000,-`, `45k`, `1,5 ton`, `45.000 euro`,
    also hedged (`ongeveer 45k`, `30k ofzo`).

    Values come back whole (`Decimal("45000")`) or in cents (`Decimal("45000.50")`).
    """
    cleaned = _strip_approximation(normalise(text))
    if len(cleaned) > _MAX_LENGTH:
        return Invalid(_AMOUNT_TOO_LARGE if re.fullmatch(r"[0-9 .,€]+", cleaned) else _AMOUNT_EXAMPLE)
    if re.fullmatch(r"[0-9.,]+ ?(?:uur|uren|u)", cleaned):
        return Invalid(_AMOUNT_NOT_HOURS)
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):  # accounting style: (€ 1.234,50)
        negative, cleaned = True, cleaned[1:-1].strip()
    cleaned, minus = _strip_amount_decoration(cleaned)
    negative = negative or minus
    if _means_nothing(cleaned):
        return Ok(Decimal(0))
    factor = Decimal(1)
    scaled = _MULTIPLIER.fullmatch(cleaned)
    if scaled is not None:
        factor = _MULTIPLIERS[scaled["word"]]
        cleaned, minus = _strip_amount_decoration(scaled["number"])
        negative = negative or minus
        if cleaned in _NUMBER_WORDS and scaled["word"] != "k":
            cleaned = str(_NUMBER_WORDS[cleaned]).replace(".", ",")
    if _SPACE_GROUPED.fullmatch(cleaned):
        cleaned = cleaned.replace(" ", ".")
    if not _NUMERIC.fullmatch(cleaned):
        return Invalid(_AMOUNT_EXAMPLE)
    if negative and not re.fullmatch(r"[0.,]+", cleaned):
        return Invalid(_AMOUNT_NEGATIVE)
    return _amount_from_readings(cleaned, factor)


def _strip_amount_decoration(text: str) -> tuple[str, bool]:
    """Remove currency signs and words, `,-`, a sign and trailing punctuation; report a minus sign."""
    negative = False
    for _ in range(8):  # each round removes something or stops; real input needs two or three
        before = text
        text = _strip_trailing_punctuation(text)
        for prefix in (_CURRENCY_PREFIX, _SIGN_PREFIX):
            if found := prefix.match(text):
                negative = negative or found.group().strip() in _MINUS_SIGNS
                text = text[found.end() :]
        for suffix in (_DASH_SUFFIX, _CURRENCY_SUFFIX):
            if found := suffix.search(text):
                text = text[: found.start()]
        text = text.strip()
        if text == before:
            break
    return text, negative


def _amount_from_readings(core: str, factor: Decimal) -> Parsed[Decimal]:
    if len(core) > 24:
        return Invalid(_AMOUNT_TOO_LARGE)
    try:
        dutch = parse_decimal(core, locale=LOCALE, strict=True)
    except (NumberFormatError, InvalidOperation):
        dutch = None
    if dutch is not None:
        if factor == 1 and _ENGLISH_THOUSANDS.fullmatch(core):
            return _pick_amount([dutch, Decimal(core.replace(",", ""))])
        problem = _amount_problem(dutch * factor)
        return Invalid(problem) if problem else Ok(_canonical(dutch * factor))
    if _SINGLE_DOT.fullmatch(core):
        whole, fraction = core.split(".")
        as_decimal_point = Decimal(f"{whole or 0}.{fraction or 0}")
        as_thousands_point = Decimal(whole + fraction)
        return _pick_amount([as_decimal_point * factor, as_thousands_point * factor])
    if _ENGLISH_STYLE.fullmatch(core):
        english = Decimal(core.replace(",", "")) * factor
        problem = _amount_problem(english)
        return Invalid(problem or _dutch_notation(english))
    return Invalid(_AMOUNT_EXAMPLE)


def _pick_amount(readings: list[Decimal]) -> Parsed[Decimal]:
    """Ask when two readings make sense, suggest the Dutch notation when one does, explain when none does."""
    valid = list(dict.fromkeys(_canonical(r) for r in readings if not _amount_problem(r)))
    if len(valid) >= 2:
        return Ambiguous(tuple(valid), f"Bedoelt u {_or_list([euro(v) for v in valid])}?")
    if len(valid) == 1:
        if all(reading == valid[0] for reading in readings):
            return Ok(valid[0])
        return Invalid(_dutch_notation(valid[0]))
    return Invalid(_amount_problem(readings[0]) or _AMOUNT_EXAMPLE)


def _amount_problem(amount: Decimal) -> str | None:
    if amount < 0:
        return _AMOUNT_NEGATIVE
    if amount > _MAX_AMOUNT:  # checked before quantize, which cannot handle huge values
        return _AMOUNT_TOO_LARGE
    if amount != amount.quantize(_CENT):
        return _AMOUNT_DECIMALS
    return None


def _canonical(amount: Decimal) -> Decimal:
    """Whole euros without decimals, anything else in cents: `45000`, `45000.50`."""
    whole = amount.quantize(Decimal(1))
    return whole if whole == amount else amount.quantize(_CENT)


def _dutch_notation(amount: Decimal) -> str:
    return (
        "Schrijf een bedrag met een punt voor duizendtallen en een komma voor centen, "
        f"dus {euro(amount).removeprefix('€ ')}."
    )


def _or_list(items: Sequence[str]) -> str:
    return format_list(list(items), style="or", locale=LOCALE)


# Dates ----------------------------------------------------------------------------------------------------
_DATE_EXAMPLE = "Vul een datum in als dag-maand-jaar, bijvoorbeeld 15-3-2021 of 15 maart 2021."
_DATE_SHORT_YEAR = "Schrijf het jaar in vier cijfers, bijvoorbeeld 15-3-2021."
_DATE_NO_YEAR = "Noem ook het jaar, bijvoorbeeld 15 maart 2021."
_DATE_RANGE = f"Vul een datum tussen {FIRST_YEAR} en {LAST_YEAR} in, bijvoorbeeld 15-3-2021."
_DATE_UNKNOWN_MONTH = "Die maand herken ik niet; schrijf de datum als 15 maart 2021 of 15-3-2021."

_MONTH_NAMES: dict[int, str] = {int(k): str(v) for k, v in get_month_names("wide", locale=LOCALE).items()}
_MONTH_ABBREVIATIONS: dict[int, str] = {
    int(k): str(v).rstrip(".") for k, v in get_month_names("abbreviated", locale=LOCALE).items()
}
_WEEKDAYS: dict[str, int] = {
    str(name).rstrip("."): int(number)
    for width in ("wide", "abbreviated")
    for number, name in get_day_names(width, locale=LOCALE).items()
}
_WEEKDAY = re.compile(r"(?P<weekday>[^\W\d_]+)\.?,? ")
_DAY = r"(?P<day>[0-9]{1,2})(?:e|ste|de)?"
_YEAR = r"(?P<year>'?[0-9]{2}|[0-9]{4})"
_MONTH_WORD = r"(?P<month>[^\W\d_]+)\.?"
_NUMERIC_DATE = re.compile(r"(?P<day>[0-9]{1,2})(?P<sep>[-/.])(?P<month>[0-9]{1,2})(?P=sep)" + _YEAR)
_ISO_DATE = re.compile(r"(?P<year>[0-9]{4})(?P<sep>[-/])(?P<month>[0-9]{1,2})(?P=sep)(?P<day>[0-9]{1,2})")
_NAMED_DATE = re.compile(_DAY + r"[ -]?" + _MONTH_WORD + r"[ -]?,? ?" + _YEAR)
_MONTH_YEAR = re.compile(_MONTH_WORD + r"[ -]?" + _YEAR)
_NUMERIC_DAY_MONTH = re.compile(r"[0-9]{1,2}[-/.][0-9]{1,2}")
_NAMED_DAY_MONTH = re.compile(_DAY + r" ?" + _MONTH_WORD)


# "ergens in 2023", "rond maart 2021", "eind 2024": an estimate is what we ask for; the note says the day assumed.
# "begin", "medio" and "eind" say where in the month or year: the first, the middle or the last day.
_DATE_HEDGE = re.compile(
    r"\A(?:ergens |ongeveer |rond |rond de |circa |ca\.? |(?P<deel>begin|medio|half|midden|eind|einde)(?: van)? )*"
    r"(?:in |op )?"
)
_DEEL = {"begin": "begin", "medio": "medio", "half": "medio", "midden": "medio", "eind": "eind", "einde": "eind"}
# Relative dates, against the day the conversation takes place.
_RELATIVE_DAYS = {"vandaag": 0, "gisteren": -1, "eergisteren": -2}
_RELATIVE_MONTHS = {"deze maand": 0, "vorige maand": -1, "afgelopen maand": -1, "volgende maand": 1}
_RELATIVE_YEARS = {"dit jaar": 0, "vorig jaar": -1, "afgelopen jaar": -1, "volgend jaar": 1}


def _month_number(word: str) -> int | None:
    """A Dutch month name, its abbreviation (babel, nl_NL) or a prefix of at least 3 letters of one name."""
    for number, name in _MONTH_NAMES.items():
        if word in {name, _MONTH_ABBREVIATIONS[number]}:
            return number
    if len(word) >= 3:
        matches = [number for number, name in _MONTH_NAMES.items() if name.startswith(word)]
        if len(matches) == 1:
            return matches[0]
    return None


def parse_date(text: str, vandaag: dt.date | None = None) -> Parsed[dt.date]:
    """A date, day first: `15-3-2021`, `15/03/2021`, `2021-03-15`, `15 maart 2021`, `15 mrt 2021`.

    `maart 2021` is read as 1 March and `2021` as 1 January, each with a note saying so; `eind maart 2021` as
    31 March and `medio 2021` as 1 July. A leading weekday (`vrijdag 7 maart 2025`) is checked against the
    date. Given `vandaag`, also `gisteren`, `vorige maand`, `eind vorig jaar` and the like.
    """
    cleaned = _strip_trailing_punctuation(normalise(text))
    if len(cleaned) > _MAX_LENGTH:
        return Invalid(_DATE_EXAMPLE)
    hedge = _DATE_HEDGE.match(cleaned)
    deel = _DEEL.get(hedge["deel"]) if hedge is not None and hedge["deel"] else None
    cleaned = _DATE_HEDGE.sub("", cleaned).strip() or cleaned
    if vandaag is not None and (relative := _relative_date(cleaned, vandaag, deel)) is not None:
        return relative
    weekday = _WEEKDAY.match(cleaned)
    if weekday is not None and weekday["weekday"] in _WEEKDAYS:
        parsed = _parse_date_without_weekday(cleaned[weekday.end() :], deel)
        if isinstance(parsed, Ok) and parsed.note is None:
            named = _WEEKDAYS[weekday["weekday"]]
            if parsed.value.weekday() != named:
                day_names = get_day_names("wide", locale=LOCALE)
                day = parsed.value
                return Invalid(
                    f"{datum(day)} valt op een {day_names[day.weekday()]}, niet op een {day_names[named]}; "
                    f"vul de datum opnieuw in, bijvoorbeeld {day.day}-{day.month}-{day.year}."
                )
        return parsed
    return _parse_date_without_weekday(cleaned, deel)


def _relative_date(cleaned: str, vandaag: dt.date, deel: str | None) -> Parsed[dt.date] | None:
    if cleaned in _RELATIVE_DAYS:
        return Ok(vandaag + dt.timedelta(days=_RELATIVE_DAYS[cleaned]))
    if cleaned in _RELATIVE_MONTHS:
        index = vandaag.year * 12 + vandaag.month - 1 + _RELATIVE_MONTHS[cleaned]
        return _in_month(_checked_date(str(index // 12), index % 12 + 1, 1), deel)
    if cleaned in _RELATIVE_YEARS:
        return _in_year(_checked_date(str(vandaag.year + _RELATIVE_YEARS[cleaned]), 1, 1), deel)
    return None


def _parse_date_without_weekday(cleaned: str, deel: str | None = None) -> Parsed[dt.date]:
    if found := _NUMERIC_DATE.fullmatch(cleaned):
        return _checked_date(found["year"], int(found["month"]), int(found["day"]))
    if found := _ISO_DATE.fullmatch(cleaned):
        return _checked_date(found["year"], int(found["month"]), int(found["day"]))
    if found := _NAMED_DATE.fullmatch(cleaned):
        month = _month_number(found["month"])
        if month is None:
            return Invalid(_DATE_UNKNOWN_MONTH)
        return _checked_date(found["year"], month, int(found["day"]))
    if found := _MONTH_YEAR.fullmatch(cleaned):
        month = _month_number(found["month"])
        if month is None:
            return Invalid(_DATE_UNKNOWN_MONTH)
        return _in_month(_checked_date(found["year"], month, 1), deel)
    if re.fullmatch(r"[0-9]{4}", cleaned):
        return _in_year(_checked_date(cleaned, 1, 1), deel)
    named = _NAMED_DAY_MONTH.fullmatch(cleaned)
    if _NUMERIC_DAY_MONTH.fullmatch(cleaned) or (named and _month_number(named["month"])):
        return Invalid(_DATE_NO_YEAR)
    return Invalid(_DATE_EXAMPLE)


def _checked_date(year_text: str, month: int, day: int) -> Parsed[dt.date]:
    if len(year_text.lstrip("'")) != 4:
        return Invalid(_DATE_SHORT_YEAR)
    year = int(year_text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return Invalid(_DATE_RANGE)
    if not 1 <= month <= 12:
        return Invalid(f"Er is geen maand {month}; schrijf eerst de dag en dan de maand, bijvoorbeeld 15-3-{year}.")
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        if day == 0 or day > 31:
            return Invalid(f"Er is geen dag {day}; vul een bestaande datum in, bijvoorbeeld 15-3-{year}.")
        return Invalid(
            f"{_MONTH_NAMES[month].capitalize()} {year} heeft maar {days_in_month} dagen; "
            f"vul een bestaande datum in, bijvoorbeeld {days_in_month}-{month}-{year}."
        )
    return Ok(dt.date(year, month, day))


def _in_month(first: Parsed[dt.date], deel: str | None) -> Parsed[dt.date]:
    """A month named without a day: its first day, its 15th ("medio") or its last ("eind"), with a note."""
    if not isinstance(first, Ok):
        return first
    day = first.value
    if deel == "medio":
        day = day.replace(day=15)
    elif deel == "eind":
        day = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return Ok(day, f"Ik ga uit van {datum(day)}.")


def _in_year(first: Parsed[dt.date], deel: str | None) -> Parsed[dt.date]:
    """A year named without a day: 1 January, 1 July ("medio") or 31 December ("eind"), with a note."""
    if not isinstance(first, Ok):
        return first
    day = first.value
    if deel == "medio":
        day = day.replace(month=7)
    elif deel == "eind":
        day = day.replace(month=12, day=31)
    return Ok(day, f"Ik ga uit van {datum(day)}.")


# Years ----------------------------------------------------------------------------------------------------
_YEAR_EXAMPLE = "Vul een jaartal in, bijvoorbeeld 2026."
_YEAR_SHORT = "Schrijf het jaar in vier cijfers, bijvoorbeeld 2026."
_YEAR_RANGE = f"Vul een jaar van {FIRST_YEAR} tot en met {LAST_YEAR} in, bijvoorbeeld 2026."


def parse_year(text: str) -> Parsed[int]:
    """A calendar year in four digits, 1900 to 2100. `'26` and `26` are refused: no century is guessed."""
    cleaned = _strip_trailing_punctuation(normalise(text))
    if re.fullmatch(r"[0-9]{4}", cleaned):
        year = int(cleaned)
        return Ok(year) if FIRST_YEAR <= year <= LAST_YEAR else Invalid(_YEAR_RANGE)
    if re.fullmatch(r"['’‘`]?[0-9]{2}", cleaned):
        return Invalid(_YEAR_SHORT)
    if re.fullmatch(r"[0-9]{1,3}|[0-9]{5,12}", cleaned):
        return Invalid(_YEAR_RANGE)
    return Invalid(_YEAR_EXAMPLE)


# Yes or no ------------------------------------------------------------------------------------------------
_YES_NO_EXAMPLE = "Antwoord met ja of nee."


def _words(text: str) -> set[str]:
    return set(text.split())


_YES_STARTS = _words(
    "ja j jazeker jawel jep jup jaja yes yep yup y ok oke oké okay okee oki zeker klopt prima akkoord correct"
    " juist inderdaad graag natuurlijk absoluut sure"
) | {"dat klopt", "dat is zo", "dat is juist", "dat is correct", "is goed", "zeker weten"}
_YES_TAIL = _YES_STARTS | _words("hoor wel weten dat is zo goed dank je u bedankt please thanks")
_NO_STARTS = (
    _words("nee n neen nope no niet nah neuh nein welnee neej nooit")
    | {f"{word} niet" for word in _words("zeker klopt liever helaas echt nog ook absoluut natuurlijk")}
    | {"dat klopt niet", "niet waar", "dat is niet zo"}
)
_NO_TAIL = _words("hoor dank je u bedankt dankjewel dankuwel joh helaas niet echt thanks")
_EMOJI_WORDS = {"👍": " ja ", "✅": " ja ", "✔": " ja ", "👎": " nee ", "❌": " nee "}


def parse_yes_no(text: str) -> Parsed[bool]:
    """Ja or nee in their common forms (`Ja!`, `jazeker`, `klopt`, `ok`, `nee 🙂`, `zeker niet`, 👍)."""
    cleaned = normalise(text)
    if len(cleaned) > _MAX_LENGTH or any(unicodedata.category(char) == "Nd" for char in cleaned):
        return Invalid(_YES_NO_EXAMPLE)
    for emoji, word in _EMOJI_WORDS.items():
        cleaned = cleaned.replace(emoji, word)
    words = tuple(_squeeze(word) for word in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", cleaned))
    yes = _starts_with_phrase(words, _YES_STARTS, _YES_TAIL)
    no = _starts_with_phrase(words, _NO_STARTS, _NO_TAIL)
    if yes != no:
        return Ok(yes)
    return _yes_no_with_rest(text) or Invalid(_YES_NO_EXAMPLE)


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|[👍✅✔👎❌]")
_HEDGES = {"maar", "of", "en", "toch", "eigenlijk", "misschien", "denk", "ik", "weet", "niet", "nou", "eh", "uh"}
# "niet zeker" is doubt, not "no" followed by a remark.
_NO_REST_AFTER = {"niet", "n", "j", "y", "no", "yes"}


def _yes_no_with_rest(text: str) -> Ok[bool] | None:
    """`ja, mijn vrouw` or `nee bv`: a yes or no first, then words that say more; the rest is kept as typed."""
    found = list(_WORD.finditer(text))
    if len(found) < 2:
        return None
    for size in (3, 2, 1):
        head = tuple(_squeeze(normalise(_EMOJI_WORDS.get(m.group(), m.group())).strip()) for m in found[:size])
        phrase = " ".join(head)
        if len(found) <= size or (size == 1 and phrase in _NO_REST_AFTER):
            continue
        yes, no = phrase in _YES_STARTS, phrase in _NO_STARTS
        if yes == no:
            continue
        rest = text[found[size - 1].end() :].strip(" ,.;:!?-–—\t\n")
        rest_words = [_squeeze(normalise(m.group())) for m in _WORD.finditer(rest)]
        if not rest_words or set(rest_words) <= _HEDGES:
            return None  # "ja maar": undecided
        if rest_words[0] in (_NO_STARTS if yes else _YES_STARTS):
            return None  # "ja nee": contradicts itself
        return Ok(yes, rest=rest)
    return None


def _squeeze(word: str) -> str:
    """`jaaa` is `ja`, `neeee` and `ne` are `nee`."""
    if re.fullmatch(r"ja+", word):
        return "ja"
    if re.fullmatch(r"ne+", word):
        return "nee"
    return word


def _starts_with_phrase(words: tuple[str, ...], starts: set[str], tail: set[str]) -> bool:
    return any(
        len(words) >= size and " ".join(words[:size]) in starts and all(word in tail for word in words[size:])
        for size in (3, 2, 1)
    )


# Whole numbers --------------------------------------------------------------------------------------------
_NUMBER_NAMES = {
    name: value
    for value, names in enumerate(
        [
            ("nul", "geen"),
            ("een", "één"),
            ("twee",),
            ("drie",),
            ("vier",),
            ("vijf",),
            ("zes",),
            ("zeven",),
            ("acht",),
            ("negen",),
            ("tien",),
            ("elf",),
            ("twaalf",),
        ]
    )
    for name in names
}
_WHOLE = re.compile(r"(?P<sign>[-−–+]?) ?(?P<digits>[0-9]+|[1-9][0-9]{0,2}(?:\.[0-9]{3})+)(?:,0*)?")


def parse_whole_number(text: str, *, minimum: int = 0, maximum: int | None = None, unit: str = "") -> Parsed[int]:
    """A whole number from `minimum` to `maximum`: `40`, `40 uur` (with unit="uur"), `1.500`, `twee`.

    The unit, when given, may follow the number and is used in the messages. A minimum above the maximum is a
    programming error and raises ValueError.
    """
    if maximum is not None and minimum > maximum:
        raise ValueError(f"minimum {minimum} is above maximum {maximum}")
    unit = normalise(unit)
    typical = max(12, minimum) if maximum is None else min(max(12, minimum), maximum)
    example = _with_unit(typical, unit)
    if maximum is not None:
        out_of_range = (
            f"Vul een getal van {getal(Decimal(minimum))} tot en met {_with_unit(maximum, unit)} in, "
            f"bijvoorbeeld {example}."
        )
    else:
        out_of_range = f"Vul een getal van {_with_unit(minimum, unit)} of meer in, bijvoorbeeld {example}."
    not_whole = f"Vul een heel getal in, bijvoorbeeld {example}."
    cleaned = _strip_trailing_punctuation(normalise(text))
    if len(cleaned) > _MAX_LENGTH:
        return Invalid(not_whole)
    if unit and cleaned.endswith(unit):
        cleaned = cleaned.removesuffix(unit).strip()
    elif unit and (found := re.fullmatch(r"(.+?) ?([^\W\d_]{3,})", cleaned)) and unit.startswith(found[2]):
        cleaned = found[1]  # `3 maand` for unit `maanden`
    if cleaned in _NUMBER_NAMES:
        value = _NUMBER_NAMES[cleaned]
    elif found := _WHOLE.fullmatch(cleaned):
        digits = found["digits"].replace(".", "")
        if len(digits.lstrip("0")) > 15:
            return Invalid(out_of_range)
        value = int(digits) * (-1 if found["sign"] in _MINUS_SIGNS else 1)
    else:
        return Invalid(not_whole)
    if value < minimum or (maximum is not None and value > maximum):
        return Invalid(out_of_range)
    return Ok(value)


def _with_unit(number: int, unit: str) -> str:
    shown = getal(Decimal(number))
    return f"{shown} {unit}" if unit else shown


# Percentages ----------------------------------------------------------------------------------------------
_PERCENT_EXAMPLE = "Vul een percentage in, bijvoorbeeld 28 of 28,5%."
_PERCENT_RANGE = "Vul een percentage van 0 tot en met 100 in, bijvoorbeeld 28,5%."
_PERCENT = re.compile(r"(?P<sign>[-−–+]?) ?(?P<number>[0-9.,]{1,20}) ?(?:%|procent|pct|percent)?")


def parse_percentage(text: str) -> Parsed[Decimal]:
    """Percentage points from 0 to 100: `28`, `28%`, `28,5 %`, `28,5 procent` give `Decimal("28.5")`.

    A decimal point (`28.5`) is read as a decimal comma, with a note: 285% is never meant.
    """
    cleaned = _strip_trailing_punctuation(normalise(text))
    found = _PERCENT.fullmatch(cleaned) if len(cleaned) <= _MAX_LENGTH else None
    if found is None:
        return Invalid(_PERCENT_EXAMPLE)
    typed = found["number"]
    decimal_point = re.fullmatch(r"[0-9]*\.[0-9]+", typed) is not None
    try:
        value = parse_decimal(typed.replace(".", ",") if decimal_point else typed, locale=LOCALE, strict=True)
    except (NumberFormatError, InvalidOperation):
        return Invalid(_PERCENT_EXAMPLE)
    if (found["sign"] in _MINUS_SIGNS and value != 0) or value > 100:
        return Invalid(_PERCENT_RANGE)
    return Ok(value, f"Ik lees {typed} als {procent(value / 100)}." if decimal_point else None)


# Choices --------------------------------------------------------------------------------------------------
def _choice_key(text: str) -> str:
    """Letters and digits only, without accents: `S&O-aftrek` and `s&o aftrek` both become `soaftrek`."""
    return "".join(char for char in _without_accents(normalise(text)) if char.isalnum())


def match_choice(
    text: str,
    choices: Sequence[tuple[str, str]],
    synonyms: Mapping[str, Sequence[str]] | None = None,
    *,
    numbers: bool = True,
) -> Parsed[str]:
    """One of `choices` (value, label): by value, label or synonym; by 1-based number (unless `numbers` is
    False); by a prefix; by a label or synonym found as words in a longer answer; or by a close misspelling.

    Case, accents, spaces and punctuation do not count. A typed number never prefix-matches a label: `12` is
    option 12 or nothing, so an amount typed instead of a choice is not mistaken for one.
    """
    synonyms = synonyms or {}
    if not choices:
        return Invalid("Er zijn geen opties om uit te kiezen.")
    invalid = Invalid(
        f"Kies een van de opties door het nummer of de naam te typen, bijvoorbeeld 1 voor {choices[0][1]}."
    )
    cleaned = _strip_trailing_punctuation(normalise(text))
    key = _choice_key(cleaned)
    if not key or len(cleaned) > 4 * _MAX_LENGTH:
        return invalid
    names = {value: (value, label, *synonyms.get(value, ())) for value, label in choices}
    exact = [value for value, _ in choices if key in {_choice_key(name) for name in names[value]}]
    if exact:
        return _pick_choice(list(dict.fromkeys(exact)), choices)
    number = re.fullmatch(r"(?:nr|nummer|optie|keuze)?\.? ?(?P<n>[0-9]{1,6})[.)]?", cleaned)
    if number is not None and numbers:
        index = int(number["n"])
        if 1 <= index <= len(choices):
            return Ok(choices[index - 1][0])
        return Invalid(f"Kies een nummer van 1 tot en met {len(choices)}, bijvoorbeeld 1 voor {choices[0][1]}.")
    if key.isdigit():
        return invalid
    prefixed = [value for value, _ in choices if any(_choice_key(n).startswith(key) for n in names[value][1:])]
    if prefixed:
        return _pick_choice(list(dict.fromkeys(prefixed)), choices)
    words = f" {_without_accents(cleaned)} "
    contained = [
        value
        for value, _ in choices
        if any(len(n) > 2 and f" {_without_accents(normalise(n))} " in words for n in names[value][1:])
    ]
    if contained:
        return _pick_choice(list(dict.fromkeys(contained)), choices)
    return _fuzzy_choice(key, names, choices) or invalid


# A misspelling scores 80–95 against its word with rapidfuzz's ratio; unrelated short words score far lower.
_FUZZY_CUTOFF = 80


def _fuzzy_choice(
    key: str, names: Mapping[str, tuple[str, ...]], choices: Sequence[tuple[str, str]]
) -> Parsed[str] | None:
    if len(key) < 4:
        return None
    candidates = {(value, _choice_key(name)) for value, all_names in names.items() for name in all_names[1:]}
    scored = sorted(
        ((fuzz.ratio(key, name), value) for value, name in candidates if len(name) >= 4),
        reverse=True,
    )
    best = [value for score, value in scored if score >= _FUZZY_CUTOFF]
    if not best:
        return None
    top = scored[0][0]
    close = list(dict.fromkeys(value for score, value in scored if score >= max(_FUZZY_CUTOFF, top - 3)))
    return _pick_choice(close, choices)


def _pick_choice(values: list[str], choices: Sequence[tuple[str, str]]) -> Parsed[str]:
    if len(values) == 1:
        return Ok(values[0])
    labels = [next(label for value, label in choices if value == wanted) for wanted in values]
    return Ambiguous(tuple(values), f"Bedoelt u {_or_list(labels)}?")
