"""Buyers' mobile numbers: any country's mobile in E.164, Vietnamese numbers in every
common notation, landlines and invalid numbers refused with a message naming the
country, the country list in the buyer's language; fuzzed, never a crash."""

import phonenumbers
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkout.forms import PickUpForm
from checkout.phones import country_choices, normalise_mobile


@pytest.mark.parametrize("raw", ["0912 345 678", "+84 912345678", "84912345678", "0912.345.678",
                                 "0084 912 345 678", "(+84) 912-345-678"])
def test_vietnamese_numbers_in_every_common_notation(raw):
    assert normalise_mobile(raw) == "+84912345678"


@pytest.mark.parametrize("raw, region, expected", [
    ("06 12 34 56 78", "FR", "+33612345678"),
    ("+33 6 12 34 56 78", "VN", "+33612345678"),  # a calling code wins over the chosen country
    ("07911 123456", "GB", "+447911123456"),
    ("+61 412 345 678", "VN", "+61412345678"),
    ("010-1234-5678", "KR", "+821012345678"),
    ("0912 345 678", "XX", "+84912345678"),  # an unknown country reads as Vietnam's
])
def test_foreign_mobile_numbers_are_stored_in_e164(raw, region, expected):
    assert normalise_mobile(raw, region) == expected


def test_a_landline_is_refused_naming_its_country():
    with translation.override("en"), pytest.raises(ValidationError) as error:
        normalise_mobile("+44 20 7946 0958")
    assert error.value.code == "landline"
    assert "United Kingdom" in error.value.messages[0] and "+44 7" in error.value.messages[0]
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        normalise_mobile("01 42 68 53 00", "FR")
    assert "Pháp" in error.value.messages[0]


def test_an_invalid_number_is_refused_naming_the_chosen_country():
    with translation.override("en"), pytest.raises(ValidationError) as error:
        normalise_mobile("12345", "DE")
    assert error.value.code == "invalid_phone"
    assert "Germany" in error.value.messages[0]
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        normalise_mobile("091234567")
    assert "Việt Nam" in error.value.messages[0]


def test_country_choices_have_calling_codes_vietnam_first_in_the_active_language():
    with translation.override("vi"):
        choices = dict(country_choices())
        assert list(choices)[0] == "VN" and choices["VN"] == "Việt Nam (+84)"
        assert choices["DE"] == "Đức (+49)" and choices["US"].endswith("(+1)")
    with translation.override("en"):
        choices = country_choices()
        assert choices[0] == ("VN", "Vietnam (+84)")
        assert dict(choices)["DE"] == "Germany (+49)"
        names = [label for _code, label in choices[1:]]
        assert names.index("France (+33)") < names.index("Germany (+49)") < names.index("Japan (+81)")
    assert len(choices) == len(phonenumbers.SUPPORTED_REGIONS)


@pytest.mark.django_db
def test_a_stored_number_preselects_its_country():
    assert PickUpForm(initial={"phone_number": "+4915123456789"}, points=())["phone_country"].value() == "DE"
    assert PickUpForm(points=())["phone_country"].value() == "VN"


REGIONS = sorted(phonenumbers.SUPPORTED_REGIONS)
PHONE_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="+0123456789 .-()x", max_size=24),
    st.builds(lambda cc, digits: f"+{cc} {digits}", st.integers(0, 999), st.text(alphabet="0123456789", max_size=14)),
)


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(number=PHONE_TEXT, country=st.one_of(st.sampled_from(REGIONS), st.text(max_size=4)))
def test_fuzzed_phone_field_is_a_mobile_in_e164_or_a_form_error(number, country):
    form = PickUpForm(data={"first_name": "Anna", "phone_number": number, "phone_country": country,
                            "sales_point": "nowhere"}, points=())
    form.is_valid()
    if "phone_number" in form.cleaned_data:
        value = form.cleaned_data["phone_number"]
        parsed = phonenumbers.parse(value, None)
        assert value == phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        assert phonenumbers.is_valid_number(parsed)
        assert phonenumbers.number_type(parsed) in (phonenumbers.PhoneNumberType.MOBILE,
                                                    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    else:
        assert form.errors["phone_number"]
