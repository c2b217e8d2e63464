"""A certificate's state for a shopper, from its status and dates (no database)."""

import datetime

import pytest

from catalogue.certification import (
    STATE_EXPIRED,
    STATE_REVOKED,
    STATE_SUPERSEDED,
    STATE_VALID,
    certificate_state,
)
from catalogue.models import Certificate
from catalogue.verification.codes import ALPHABET, LENGTH, new_verification_code, normalise_code

DAY = datetime.date(2026, 3, 14)


def certificate(status=Certificate.STATUS_ACTIVE, valid_until=DAY, star=4):
    return Certificate(status=status, valid_until=valid_until, star=star)


@pytest.mark.parametrize(
    "status, valid_until, expected",
    [
        (Certificate.STATUS_ACTIVE, DAY + datetime.timedelta(days=400), STATE_VALID),
        (Certificate.STATUS_ACTIVE, DAY, STATE_VALID),  # valid until today
        (Certificate.STATUS_ACTIVE, DAY - datetime.timedelta(days=1), STATE_EXPIRED),  # expired yesterday
        (Certificate.STATUS_REVOKED, DAY + datetime.timedelta(days=400), STATE_REVOKED),
        (Certificate.STATUS_REVOKED, DAY - datetime.timedelta(days=9), STATE_REVOKED),
        (Certificate.STATUS_SUPERSEDED, DAY + datetime.timedelta(days=400), STATE_SUPERSEDED),
    ],
)
def test_state_on_a_day(status, valid_until, expected):
    assert certificate_state(certificate(status, valid_until), DAY) == expected
    assert certificate(status, valid_until).state(DAY) == expected


def test_codes_use_the_readable_alphabet_and_are_not_repeated():
    codes = {new_verification_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(code) == LENGTH >= 8 and set(code) <= set(ALPHABET) for code in codes)
    assert not set("01ILOU") & set(ALPHABET)


@pytest.mark.parametrize(
    "typed, expected",
    [("7kq3m9xh2d", "7KQ3M9XH2D"), ("7KQ3-M9XH 2D", "7KQ3M9XH2D"), ("7KQ3M9XH2", ""), ("7KQ3M9XH2O", ""), ("", "")],
)
def test_typed_codes_are_normalised(typed, expected):
    assert normalise_code(typed) == expected
