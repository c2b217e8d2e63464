"""``payment_intent.succeeded`` and ``charge.refunded`` for one order at the same
time, with real threads on PostgreSQL: whichever commits first, the order ends
refunded. Each test holds one webhook's transaction open after its UPDATE until
the other webhook is seen waiting for that row's lock, so the interleaving that
a read-then-update gets wrong is the one that runs, every time."""

import json
import threading
import time

import pytest
import stripe
from django.db import connection, connections
from django.test import Client
from oscar.core.loading import get_model

from checkout.payment.base import SourceTypeName
from checkout.payment.stripe import webhooks
from marketplace.order.statuses import PaymentStatus
from tests.factories import create_product, make_basket, place_basket

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

SECRET = "whsec_race"
INTENT = "pi_race"


@pytest.fixture
def paid_card_order(settings):
    assert connection.vendor == "postgresql", "the race needs PostgreSQL row locking"
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    tea = create_product(price=285_000)
    order = place_basket(make_basket((tea, 1)), guest_email="tourist@example.com",
                         payment_method="stripe", payment_status=PaymentStatus.PAID)
    source_type, _ = SourceType.objects.get_or_create(code="stripe-card", defaults={"name": SourceTypeName.STRIPE_CARD})
    Source.objects.create(order=order, source_type=source_type, amount_allocated=order.total_incl_tax,
                          amount_debited=order.total_incl_tax, reference=INTENT)
    return order


def webhook_post(event_id: str, type_: str, obj: dict):
    payload = json.dumps({"id": event_id, "object": "event", "type": type_, "data": {"object": obj}})
    signature = stripe.WebhookSignature.generate_signature_header(payload, SECRET)
    return Client().post("/checkout/stripe/webhook/", payload, content_type="application/json",
                         HTTP_STRIPE_SIGNATURE=signature)


def succeeded():
    return webhook_post("evt_succeeded", "payment_intent.succeeded",
                        {"id": INTENT, "amount": 285_000, "amount_received": 285_000})


def refunded():
    return webhook_post("evt_refunded", "charge.refunded",
                        {"id": "ch_race", "payment_intent": INTENT, "amount": 285_000, "amount_refunded": 285_000})


def wait_for_a_lock_wait():
    """Until another connection waits for a row lock in this database."""
    deadline = time.monotonic() + 60
    with connections["default"].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND wait_event_type = 'Lock'")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    pytest.fail("the second webhook never waited for the first one's row lock")


def run_first_holding(monkeypatch, first_type: str, first, second) -> list:
    """Run ``first`` until its handler has changed the order, hold its transaction
    open while ``second`` runs into the row lock, then let both finish."""
    handler = webhooks.HANDLERS[first_type]
    changed, release = threading.Event(), threading.Event()

    def holding(obj):
        handler(obj)
        changed.set()
        release.wait(timeout=60)

    monkeypatch.setitem(webhooks.HANDLERS, first_type, holding)
    statuses, errors = [], []

    def call(post):
        try:
            statuses.append(post().status_code)
        except Exception as error:  # the test fails on it
            errors.append(repr(error))
        finally:
            connections.close_all()

    first_thread = threading.Thread(target=call, args=(first,))
    first_thread.start()
    assert changed.wait(timeout=60), "the first webhook never ran"
    second_thread = threading.Thread(target=call, args=(second,))
    second_thread.start()
    try:
        wait_for_a_lock_wait()
    finally:
        release.set()
        first_thread.join(timeout=60)
        second_thread.join(timeout=60)
    assert errors == [] and not first_thread.is_alive() and not second_thread.is_alive()
    return statuses


def test_a_refund_committing_while_payment_succeeded_waits_ends_refunded(paid_card_order, monkeypatch):
    # The refund has marked the order and not committed; "succeeded" reads the
    # order (still paid) and waits to update it. A read-then-update writes "paid"
    # over the refund here.
    statuses = run_first_holding(monkeypatch, "charge.refunded", refunded, succeeded)
    assert statuses == [200, 200]
    paid_card_order.refresh_from_db()
    assert paid_card_order.payment_status == PaymentStatus.REFUNDED
    names = set(paid_card_order.payment_events.values_list("event_type__name", flat=True))
    assert {"Stripe: payment succeeded", "Stripe: refunded"} <= names


def test_payment_succeeded_committing_while_a_refund_waits_ends_refunded(paid_card_order, monkeypatch):
    statuses = run_first_holding(monkeypatch, "payment_intent.succeeded", succeeded, refunded)
    assert statuses == [200, 200]
    paid_card_order.refresh_from_db()
    assert paid_card_order.payment_status == PaymentStatus.REFUNDED
