import datetime

import pytest

from catalogue.certification import certificate_valid_until


@pytest.mark.parametrize(
    "signed, expected",
    [
        (datetime.date(2023, 3, 1), datetime.date(2026, 3, 1)),
        (datetime.date(2024, 2, 29), datetime.date(2027, 2, 28)),  # leap day clamps
        (datetime.date(2023, 8, 31), datetime.date(2026, 8, 31)),
        (datetime.date(2022, 12, 31), datetime.date(2025, 12, 31)),  # year end
        (datetime.date(2021, 2, 28), datetime.date(2024, 2, 28)),  # not moved to the 29th
    ],
)
def test_certificate_runs_36_months_from_signing(signed, expected):
    assert certificate_valid_until(signed) == expected
