import pytest
from django.core.exceptions import ValidationError

from marketplace.producers.models import validate_tax_code


@pytest.mark.parametrize("code", ["3300101234", "3300101234-001", "0100109106"])
def test_valid_tax_codes(code):
    validate_tax_code(code)


@pytest.mark.parametrize(
    "code", ["", "330010123", "33001012345", "3300101234-01", "3300101234001", "33001O1234", "3300101234 -001"]
)
def test_invalid_tax_codes_are_rejected(code):
    with pytest.raises(ValidationError) as excinfo:
        validate_tax_code(code)
    assert excinfo.value.code == "invalid_tax_code"
