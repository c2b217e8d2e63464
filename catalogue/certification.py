"""The OCOP certification rule, in one place.

A product is *sellable* only while it has an active certificate of 3★ or more
whose ``valid_until`` is today or later. Validity is computed from the date at
query time, so an expiry takes effect at midnight without any job running.
"""

import calendar
import datetime

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

#: A certificate is valid 36 months from the signing of the recognition decision.
VALIDITY_MONTHS = 36
MIN_CERTIFIED_STAR = 3


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months, clamped to the month's last day
    (29 Feb 2024 + 36 months = 28 Feb 2027)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def certificate_valid_until(signed_on: datetime.date) -> datetime.date:
    return add_months(signed_on, VALIDITY_MONTHS)


def today() -> datetime.date:
    """Today in the shop's time zone (Asia/Ho_Chi_Minh), not the server's."""
    return timezone.localdate()


def valid_certificate_q(prefix: str = "", on: datetime.date | None = None) -> Q:
    """Q for certificates that make a product sellable on ``on`` (default today)."""
    on = on or today()
    return Q(
        **{
            f"{prefix}status": "active",
            f"{prefix}star__gte": MIN_CERTIFIED_STAR,
            f"{prefix}valid_until__gte": on,
        }
    )


def sellable_exists(on: datetime.date | None = None) -> Exists:
    """``Exists`` expression over a product queryset: has a valid certificate."""
    from catalogue.models import Certificate

    return Exists(
        Certificate.objects.filter(valid_certificate_q(on=on), product=OuterRef("pk"))
    )


def revoke_certificate(certificate, reason: str, on: datetime.date | None = None):
    """Revoke a certificate (a province withdrew the recognition): the product
    stops being sellable at once and search drops it once this commits."""
    from django.db import transaction

    from catalogue.search.indexing import schedule_reindex

    reason = (reason or "").strip()
    if not reason:
        raise ValueError("A revocation needs a reason.")
    with transaction.atomic():
        certificate.status = certificate.STATUS_REVOKED
        certificate.revoked_on = on or today()
        certificate.revocation_reason = reason
        certificate.save(update_fields=["status", "revoked_on", "revocation_reason", "date_updated"])
        schedule_reindex([certificate.product_id])
    return certificate


def redate_decision(decision) -> list[int]:
    """Recompute ``valid_until`` of a decision's certificates from its signing date
    (after an operator corrected the date) and reindex their products.

    Returns the ids of the products concerned."""
    from django.db import transaction

    from catalogue.search.indexing import schedule_reindex

    valid_until = certificate_valid_until(decision.signed_on)
    with transaction.atomic():
        certificates = decision.certificates.exclude(valid_until=valid_until)
        product_ids = list(certificates.values_list("product_id", flat=True))
        certificates.update(valid_until=valid_until, date_updated=timezone.now())
        schedule_reindex(product_ids)
    return product_ids


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


def current_certificate_subquery(on: datetime.date | None = None, field: str = "pk"):
    """``field`` of each product's current certificate, as a subquery over a product
    queryset: the valid certificate with the highest star, then the latest
    valid-until (``Product.current_certificate`` in SQL, for counting by star)."""
    from catalogue.models import Certificate

    return Subquery(
        Certificate.objects.filter(valid_certificate_q(on=on), product=OuterRef("pk"))
        .order_by("-star", "-valid_until", "-pk")
        .values(field)[:1]
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
