"""Dutch presentation of amounts, percentages and dates (babel, nl_NL), shared by the core and the chats.

Babel builds a number pattern on every call, which made formatting the largest cost of a calculation (month
by month steps format dozens of amounts). The few distinct values a calculation shows are cached, keyed on
their exact text so that 0,1 and 0,10 stay different.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

LOCALE = "nl_NL"
_CACHED = 4096


def euro(bedrag: Decimal) -> str:
    """`€ 8.700` for whole euros, `€ 8.700,50` otherwise (plain space, as Dutch invoices print it)."""
    return _euro(str(bedrag))


@lru_cache(maxsize=_CACHED)
def _euro(tekst: str) -> str:
    bedrag = Decimal(tekst)
    pattern = "¤ #,##0" if bedrag == bedrag.to_integral_value() else "¤ #,##0.00"
    return format_currency(bedrag, "EUR", format=pattern, locale=LOCALE, currency_digits=False)


def procent(fractie: Decimal) -> str:
    """`18%`, `10,4%`, `1,28%`: as many decimals as the figure has, no trailing zeros."""
    return _procent(str(fractie))


@lru_cache(maxsize=_CACHED)
def _procent(tekst: str) -> str:
    return format_percent(Decimal(tekst), locale=LOCALE, decimal_quantization=False)


def getal(waarde: Decimal) -> str:
    return _getal(str(waarde))


@lru_cache(maxsize=_CACHED)
def _getal(tekst: str) -> str:
    return format_decimal(Decimal(tekst), locale=LOCALE, decimal_quantization=False)


@lru_cache(maxsize=_CACHED)
def datum(dag: dt.date) -> str:
    """`7 maart 2025`."""
    return format_date(dag, format="long", locale=LOCALE)
