"""Expiry reminders: producers hear about a certificate 90, 30 and 7 days before
it lapses and on its last valid day, once per certificate and threshold however
often ``notify_expiring_certificates`` runs (an ``ExpiryReminder`` row, unique per
pair, written in the transaction that schedules the email).

A certificate already renewed (superseded) or outlived by another valid
certificate of the same product needs no reminder."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import translation

from catalogue.certification import today
from catalogue.models import Certificate, CertificateApplication, ExpiryReminder

#: Days before ``valid_until`` at which a reminder goes out (0: the last valid day).
THRESHOLDS = (90, 30, 7, 0)


@dataclass(frozen=True)
class Expiring:
    certificate: Certificate
    days_left: int
    #: An application awaiting review already renews it.
    renewal_pending: bool

    @property
    def threshold(self) -> int:
        """The most urgent threshold reached: 25 days left → the 30-day reminder."""
        return min(t for t in THRESHOLDS if t >= self.days_left)


def expiring_certificates(producer=None, on: datetime.date | None = None) -> list[Expiring]:
    """Valid certificates lapsing within the first threshold whose product holds no
    certificate valid for longer (one query)."""
    on = on or today()
    certificates = (
        Certificate.objects.valid(on)
        .filter(valid_until__lte=on + datetime.timedelta(days=THRESHOLDS[0]))
        .exclude(
            Exists(
                Certificate.objects.valid(on).filter(
                    product=OuterRef("product"), valid_until__gt=OuterRef("valid_until")
                )
            )
        )
        .annotate(
            renewal_pending=Exists(
                CertificateApplication.objects.filter(
                    renews=OuterRef("pk"), status=CertificateApplication.STATUS_PENDING
                )
            )
        )
        .select_related("product__producer__partner", "decision")
        .order_by("valid_until", "pk")
    )
    if producer is not None:
        certificates = certificates.filter(product__producer=producer)
    return [
        Expiring(certificate, (certificate.valid_until - on).days, certificate.renewal_pending)
        for certificate in certificates
    ]


def notify_expiring_certificates(on: datetime.date | None = None) -> int:
    """Email each producer the reminders due on ``on`` that were not sent yet.
    Returns the number of reminders recorded."""
    from catalogue.applications import send_to_producer
    from marketplace.accounts.sites import absolute_url

    by_producer = defaultdict(list)
    for item in expiring_certificates(on=on):
        if item.certificate.product.producer_id is not None:
            by_producer[item.certificate.product.producer].append(item)
    sent = 0
    for producer, items in by_producer.items():
        with transaction.atomic():
            due = []
            for item in items:
                _reminder, created = ExpiryReminder.objects.get_or_create(
                    certificate=item.certificate, threshold=item.threshold
                )
                if created:
                    due.append(item)
            if not due:
                continue
            sent += len(due)
            with translation.override(producer.language):
                links = {
                    item.certificate.pk: absolute_url(
                        reverse("producer-dashboard:application-create")
                        + f"?product={item.certificate.product_id}"
                    )
                    for item in due
                }
            context = {"items": [(item, links[item.certificate.pk]) for item in due]}
            transaction.on_commit(
                lambda producer=producer, context=context: send_to_producer(producer, "expiry_reminder", context)
            )
    return sent
