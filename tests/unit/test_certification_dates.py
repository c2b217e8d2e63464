import datetime

import pytest

from catalogue.certification import add_months, certificate_valid_until


@pytest.mark.parametrize(
    "signed, expected",
    [
        (datetime.date(2023, 3, 1), datetime.date(2026, 3, 1)),
        (datetime.date(2024, 2, 29), datetime.date(2027, 2, 28)),  # leap day clamps
        (datetime.date(2023, 8, 31), datetime.date(2026, 8, 31)),
    ],
)
def test_certificate_runs_36_months_from_signing(signed, expected):
    assert certificate_valid_until(signed) == expected


def test_add_months_crosses_year_end():
    assert add_months(datetime.date(2025, 11, 30), 3) == datetime.date(2026, 2, 28)
