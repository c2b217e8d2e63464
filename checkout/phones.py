"""Buyers' mobile numbers: any country's mobile number, stored in E.164.

Google's numbering plan data (``phonenumbers``, which Oscar already depends on)
knows each country's mobile prefixes and lengths; Babel (also Oscar's) names the
countries in the buyer's language. The checkout forms call ``normalise_mobile``
and offer ``country_choices`` as the "country" select next to the number; the
``phone_check`` view gives the same answer to the page's script when the buyer
leaves the field.
"""

import re
import unicodedata
from functools import lru_cache

import phonenumbers
from babel import Locale, UnknownLocaleError
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

#: Vietnam, first in the list and the default.
HOME_REGION = "VN"

#: What people type around a phone number's digits. Anything else is refused
#: rather than guessed at (phonenumbers reads letters as keypad digits and
#: "x…" as an extension).
PHONE_CHARACTERS = re.compile(r"\(?\+?[\d\s.\-()]+")
MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
#: Numbers that reach a fixed line somewhere (or may): refused with their own message.
LANDLINE_TYPES = {phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.VOIP,
                  phonenumbers.PhoneNumberType.TOLL_FREE, phonenumbers.PhoneNumberType.PREMIUM_RATE,
                  phonenumbers.PhoneNumberType.SHARED_COST, phonenumbers.PhoneNumberType.UAN,
                  phonenumbers.PhoneNumberType.PERSONAL_NUMBER}


def _language() -> str:
    return (translation.get_language() or "vi").split("-")[0]


def _sort_key(name: str) -> str:
    """Alphabetical in Vietnamese and English alike: accents do not move a name."""
    text = unicodedata.normalize("NFKD", name.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=8)
def _country_names(language: str) -> dict[str, str]:
    try:
        territories = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        territories = Locale("en").territories
    return {region: territories.get(region, region) for region in phonenumbers.SUPPORTED_REGIONS}


def country_name(region: str) -> str:
    """``region``'s name in the active language ("Pháp", "France")."""
    return _country_names(_language()).get(region, region)


@lru_cache(maxsize=8)
def _choices(language: str) -> tuple[tuple[str, str], ...]:
    names = _country_names(language)

    def label(region: str) -> str:
        return f"{names[region]} (+{phonenumbers.country_code_for_region(region)})"

    others = sorted((r for r in names if r != HOME_REGION), key=lambda r: _sort_key(names[r]))
    return tuple((region, label(region)) for region in [HOME_REGION, *others])


def country_choices() -> list[tuple[str, str]]:
    """Every country with a numbering plan, named in the active language with its
    calling code: Vietnam first, then alphabetically."""
    return list(_choices(_language()))


def example_mobile(region: str) -> str:
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    if example is None:
        return ""
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def normalise_mobile(value: str, region: str = HOME_REGION) -> str:
    """A mobile number → E.164, or ValidationError naming the country.

    ``region`` is the country the buyer chose: it reads numbers written the
    national way ("0912 345 678", "0912.345.678", "84-912-345-678" for Vietnam).
    A number written with its calling code ("+33 6 12 34 56 78", "0033 …") is
    read as that country's whatever ``region`` says."""
    region = region if region in phonenumbers.SUPPORTED_REGIONS else HOME_REGION
    value = (value or "").strip()
    number = None
    if PHONE_CHARACTERS.fullmatch(value):
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            number = None
    if number is not None and phonenumbers.is_valid_number(number):
        number_region = phonenumbers.region_code_for_number(number) or region
        kind = phonenumbers.number_type(number)
        if kind in MOBILE_TYPES:
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if kind in LANDLINE_TYPES:
            raise ValidationError(
                _("%(number)s is not a mobile number in %(country)s (it is a landline or service number). "
                  "Enter a mobile number so the courier can call or text you, e.g. %(example)s.")
                % {"number": value, "country": country_name(number_region), "example": example_mobile(number_region)},
                code="landline",
            )
        region = number_region
    raise ValidationError(
        _("This is not a valid mobile number in %(country)s: check the digits, e.g. %(example)s. For another "
          "country's number, choose the country or start with + and its calling code.")
        % {"country": country_name(region), "example": example_mobile(region)},
        code="invalid_phone",
    )


def region_of(e164: str) -> str:
    """The country of a stored number (to preselect it when the buyer comes back)."""
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(str(e164), None)) or HOME_REGION
    except phonenumbers.NumberParseException:
        return HOME_REGION
