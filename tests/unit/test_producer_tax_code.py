import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from marketplace.producers.models import validate_tax_code
from tests.factories import valid_tax_code


@pytest.mark.parametrize("code", ["3300101237", "3300101237-001", "0100109106", "0314409058-002"])
def test_valid_tax_codes(code):
    validate_tax_code(code)


@pytest.mark.parametrize(
    "code",
    [
        "", "330010123", "33001012345", "3300101237-01", "3300101237001", "33001O1237", "3300101237 -001",
        "33.00.101.237", "3300000002",  # serial 0000000 is never issued
        "3300101237-000",  # neither is branch 000
    ],
)
def test_malformed_tax_codes_are_rejected(code):
    with pytest.raises(ValidationError) as excinfo:
        validate_tax_code(code)
    assert excinfo.value.code == "invalid_tax_code"


@pytest.mark.parametrize("code", ["3300101234", "3300101234-001", "0100109107"])
def test_a_wrong_check_digit_is_named_in_the_users_language(code):
    with pytest.raises(ValidationError) as excinfo:
        validate_tax_code(code)
    assert excinfo.value.code == "tax_code_check_digit"
    with translation.override("en"):
        assert excinfo.value.messages == [
            f"The check digit of tax code {code} is wrong: compare it with the business registration."
        ]
    with translation.override("vi"):
        assert excinfo.value.messages == [
            f"Mã số thuế {code} sai chữ số kiểm tra: hãy đối chiếu với giấy chứng nhận đăng ký kinh doanh."
        ]


def test_the_factories_make_distinct_valid_tax_codes():
    codes = [valid_tax_code(serial) for serial in range(1, 400)]
    assert len(set(codes)) == len(codes)
    for code in codes:
        validate_tax_code(code)
