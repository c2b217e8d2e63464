"""Approximate prices in the buyer's own currency, next to the price in đồng.

Everything is sold and charged in đồng; tourists also see roughly what that is in
their currency. The rates come from configuration (``CURRENCY_RATES``: đồng per
unit), so the amounts are approximations and always labelled as such.

The buyer picks a currency with a small selector; the choice is kept in a cookie.
Without a choice English pages show US dollars and Vietnamese pages none.
"""

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency
from django.conf import settings
from django.utils.translation import get_language, to_locale

from marketplace.languages import is_english

#: Cookie holding the buyer's choice: a currency code, or ``NONE`` for "đồng only".
COOKIE_NAME = "display_currency"
NONE = "none"
#: Shown on English pages until the buyer chooses.
ENGLISH_DEFAULT = "USD"


def currencies() -> dict[str, Decimal]:
    """Configured currencies and their rates (đồng per unit), in configuration order."""
    return {code: Decimal(str(rate)) for code, rate in settings.CURRENCY_RATES.items()}


def chosen_currency(request) -> str | None:
    """The currency to approximate prices in for this request, or None."""
    available = currencies()
    choice = request.COOKIES.get(COOKIE_NAME) if request is not None else None
    if choice == NONE:
        return None
    if choice in available:
        return choice
    if is_english() and ENGLISH_DEFAULT in available:
        return ENGLISH_DEFAULT
    return None


def approximate(amount_vnd: Decimal | int, code: str) -> Decimal:
    """``amount_vnd`` in ``code``, rounded to what the currency displays (whole
    yen and won, cents elsewhere)."""
    rate = currencies()[code]
    places = Decimal("1") if code in {"JPY", "KRW"} else Decimal("0.01")
    return (Decimal(amount_vnd) / rate).quantize(places, rounding=ROUND_HALF_UP)


def format_approximate(amount_vnd: Decimal | int, code: str) -> str:
    """``amount_vnd`` as a formatted amount in ``code``, e.g. "US$4.58"."""
    locale = to_locale(get_language() or settings.LANGUAGE_CODE)
    return format_currency(approximate(amount_vnd, code), code, locale=locale)
