"""Dutch presentation of amounts, percentages and dates (babel, nl_NL), shared by the core and the chats."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

LOCALE = "nl_NL"


def euro(bedrag: Decimal) -> str:
    """`€ 8.700` for whole euros, `€ 8.700,50` otherwise (plain space, as Dutch invoices print it)."""
    pattern = "¤ #,##0" if bedrag == bedrag.to_integral_value() else "¤ #,##0.00"
    return format_currency(bedrag, "EUR", format=pattern, locale=LOCALE, currency_digits=False)


def procent(fractie: Decimal) -> str:
    """`18%`, `10,4%`, `1,28%`: as many decimals as the figure has, no trailing zeros."""
    return format_percent(fractie, locale=LOCALE, decimal_quantization=False)


def getal(waarde: Decimal) -> str:
    return format_decimal(waarde, locale=LOCALE, decimal_quantization=False)


def datum(dag: dt.date) -> str:
    """`7 maart 2025`."""
    return format_date(dag, format="long", locale=LOCALE)
