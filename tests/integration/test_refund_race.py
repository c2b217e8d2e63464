"""A producer cancels (and refunds) one line of a card order while a late
``payment_intent.succeeded`` webhook arrives: the webhook waits for the order's
row lock and its conditional update then leaves "partially refunded" alone."""

import threading

import pytest
from django.db import connection, connections
from oscar.core.loading import get_model

from checkout.payment.base import RefundResult, SourceTypeName
from checkout.payment.stripe.method import StripeCard
from checkout.refunds import cancel_lines
from marketplace.order import fulfilment
from marketplace.order.statuses import PaymentStatus
from tests.factories import create_product, make_basket, place_basket
from tests.integration.test_payment_webhook_race import (
    INTENT,
    SECRET,
    succeeded,
    wait_for_a_lock_wait,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")


def test_a_late_payment_succeeded_never_undoes_a_partial_refund(settings, monkeypatch):
    assert connection.vendor == "postgresql", "the race needs PostgreSQL row locking"
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    tea, honey = create_product(price=85_000), create_product(price=200_000)
    order = place_basket(make_basket((tea, 1), (honey, 1)), guest_email="tourist@example.com",
                         payment_method="stripe", payment_status=PaymentStatus.PAID)
    source_type, _ = SourceType.objects.get_or_create(code="stripe-card", defaults={"name": SourceTypeName.STRIPE_CARD})
    Source.objects.create(order=order, source_type=source_type, amount_allocated=order.total_incl_tax,
                          amount_debited=order.total_incl_tax, reference=INTENT)
    line = order.lines.get(product=tea)
    monkeypatch.setattr(StripeCard, "refund", lambda self, order, amount, **kw: RefundResult(amount, True, "re_1"))

    refunded, release = threading.Event(), threading.Event()
    derive = fulfilment.derive_order_status

    def holding(statuses):  # runs after the refund, before the cancelling transaction commits
        refunded.set()
        release.wait(timeout=60)
        return derive(statuses)

    monkeypatch.setattr(fulfilment, "derive_order_status", holding)
    errors, statuses = [], []

    def run(call):
        try:
            statuses.append(call())
        except Exception as error:  # the test fails on it
            errors.append(repr(error))
        finally:
            connections.close_all()

    cancelling = threading.Thread(target=run, args=(lambda: cancel_lines(None, order, [line.pk]),))
    cancelling.start()
    assert refunded.wait(timeout=60), "the cancellation never refunded"
    webhook = threading.Thread(target=run, args=(lambda: succeeded().status_code,))
    webhook.start()
    try:
        wait_for_a_lock_wait()
    finally:
        release.set()
        cancelling.join(timeout=60)
        webhook.join(timeout=60)
    assert errors == []
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.PARTIALLY_REFUNDED
    assert order.payment_events.filter(event_type__name="Refunded", amount=85_000).count() == 1
