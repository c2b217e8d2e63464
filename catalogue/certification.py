"""The OCOP certification rule, in one place and in both forms: Python predicates
over certificates, and query expressions for the database and the search indexes.

- A certificate is *valid* on a day while it is active, of 3★ or more, and its
  ``valid_until`` is that day or later. Validity is computed from the date at
  query time, so an expiry takes effect at midnight without any job running.
- A product is *sellable* while it holds a valid certificate.
- A product's *current star* is the highest star among its valid certificates.
  A "potential 5★" certificate is a 4★ one (``Certificate.star`` is 4, enforced
  by a check constraint) until the central decision grants the 5★.
- A product *holds star N* when N is its current star: a product with a valid 4★
  and a valid 5★ certificate holds 5★ only, on the home page as in search.

This module is the bottom layer of the catalogue: it imports no model, service
or search module (``catalogue.models`` and the search backends build on it).
Services on certificates (revocation, redating) are in ``catalogue.certificates``.
"""

import datetime
from collections.abc import Callable, Iterable, Mapping
from typing import Protocol, TypeVar

from dateutil.relativedelta import relativedelta
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

#: A certificate is valid 36 months from the signing of the recognition decision.
VALIDITY_MONTHS = 36
#: The star levels of an OCOP certification (1★ and 2★ are not certified).
STARS = (3, 4, 5)
MIN_CERTIFIED_STAR = STARS[0]
#: ``Certificate.status`` of a certificate in force (not revoked or superseded).
ACTIVE = "active"

#: A condition in some query language (a Django ``Q``/``Exists``, an
#: ``elasticsearch.dsl`` query): anything combinable with ``&``, ``|`` and ``~``.
Condition = TypeVar("Condition")


class CertificateLike(Protocol):
    status: str
    star: int
    valid_until: datetime.date


def today() -> datetime.date:
    """Today in the shop's time zone (Asia/Ho_Chi_Minh), not the server's."""
    return timezone.localdate()


def certificate_valid_until(signed_on: datetime.date) -> datetime.date:
    """Signing date + 36 months, clamped to the month's last day
    (29 Feb 2024 → 28 Feb 2027)."""
    return signed_on + relativedelta(months=VALIDITY_MONTHS)


# Python predicates


def is_valid(certificate: CertificateLike, on: datetime.date | None = None) -> bool:
    """Whether ``certificate`` makes its product sellable on ``on`` (default today)."""
    return (
        certificate.status == ACTIVE
        and certificate.star >= MIN_CERTIFIED_STAR
        and certificate.valid_until >= (on or today())
    )


def current_certificate(
    certificates: Iterable[CertificateLike], on: datetime.date | None = None
) -> CertificateLike | None:
    """The certificate that gives the product its current star on ``on``: the
    highest star among the valid ones (the longest-running one of that star)."""
    on = on or today()
    valid = [certificate for certificate in certificates if is_valid(certificate, on)]
    return max(valid, key=lambda c: (c.star, c.valid_until), default=None)


def current_star(
    valid_until_by_star: Mapping[int, datetime.date | None], on: datetime.date | None = None
) -> int | None:
    """The current star from the latest ``valid_until`` of each star among a
    product's active certificates (the form search documents store); None when
    none is valid on ``on``."""
    on = on or today()
    valid = [
        star
        for star, until in valid_until_by_star.items()
        if star >= MIN_CERTIFIED_STAR and until is not None and until >= on
    ]
    return max(valid, default=None)


# Query expressions


def valid_certificate_q(prefix: str = "", on: datetime.date | None = None) -> Q:
    """Q over certificates (``prefix`` for a relation, e.g. ``"certificates__"``)
    valid on ``on`` (default today)."""
    return Q(
        **{
            f"{prefix}status": ACTIVE,
            f"{prefix}star__gte": MIN_CERTIFIED_STAR,
            f"{prefix}valid_until__gte": on or today(),
        }
    )


def valid_until_columns(on: datetime.date | None = None, column: str = "until_{star}"):
    """``has_valid`` for a table that stores, per star, the latest ``valid_until``
    of a product's active certificates in a column (the search table's
    ``until_3``, ``until_4``, ``until_5``)."""
    on = on or today()
    return lambda star: Q(**{f"{column.format(star=star)}__gte": on})


def holds_star(star: int, has_valid: Callable[[int], Condition]) -> Condition:
    """Condition: the product's current star is ``star``.

    ``has_valid(s)`` is the condition "the product has a valid certificate of
    ``s`` stars" in the caller's query language, so one rule serves the ORM
    (``Exists`` over certificates, the search table's date columns) and
    Elasticsearch (range queries on the document's date fields)."""
    condition = has_valid(star)
    for higher in STARS:
        if higher > star:
            condition &= ~has_valid(higher)
    return condition


def holds_star_at_least(minimum: int, has_valid: Callable[[int], Condition]) -> Condition:
    """Condition: the product's current star is ``minimum`` or more."""
    stars = [star for star in STARS if star >= minimum]
    if not stars:
        raise ValueError(f"No OCOP star level is {minimum} or more.")
    condition = has_valid(stars[0])
    for star in stars[1:]:
        condition |= has_valid(star)
    return condition


def current_star_expression(has_valid: Callable[[int], Q]) -> Case:
    """The current star as an ORM expression (0 when no certificate is valid)."""
    return Case(
        *(When(has_valid(star), then=Value(star)) for star in reversed(STARS)),
        default=Value(0),
        output_field=IntegerField(),
    )


# What a certificate means to someone holding a packet with its code: one derivation
# for the verification page, the product page, the dashboard and the reports.
STATE_VALID = "valid"
STATE_EXPIRED = "expired"
STATE_REVOKED = "revoked"
STATE_SUPERSEDED = "superseded"


def certificate_state(certificate, on: datetime.date | None = None) -> str:
    """``certificate``'s state on ``on`` (default today): valid; revoked (by a
    province, with a date and a reason); superseded (a newer recognition replaced
    it); otherwise expired (its 36 months are over)."""
    if certificate.status == certificate.STATUS_REVOKED:
        return STATE_REVOKED
    if certificate.status == certificate.STATUS_SUPERSEDED:
        return STATE_SUPERSEDED
    if certificate.is_valid_on(on or today()):
        return STATE_VALID
    return STATE_EXPIRED


def lapsed_certificate_q(prefix: str = "", on=None) -> Q:
    """Q for certificates that had expired or been revoked by ``on`` (a date, or an
    expression such as ``F("day")`` for the day of a scan)."""
    on = on or today()
    return Q(**{f"{prefix}valid_until__lt": on}) | Q(
        Q(**{f"{prefix}revoked_on__lte": on}) | Q(**{f"{prefix}revoked_on__isnull": True}),
        **{f"{prefix}status": "revoked"},
    )


def in_force_q(prefix: str = "", on=None) -> Q:
    """Q for certificates that were in force on a past day ``on`` (a date or an
    expression such as the day an order was placed): signed by then, not yet
    expired and not yet revoked. Statuses record only the present, so the dates
    decide; a certificate superseded since then was still in force."""
    on = on or today()
    return Q(
        Q(**{f"{prefix}revoked_on__isnull": True}) | Q(**{f"{prefix}revoked_on__gt": on}),
        **{
            f"{prefix}decision__signed_on__lte": on,
            f"{prefix}star__gte": MIN_CERTIFIED_STAR,
            f"{prefix}valid_until__gte": on,
        },
    )
