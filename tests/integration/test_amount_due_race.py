"""A bank statement is imported while the buyer cancels a line of the order it
pays: the matching waits for the order's row lock and compares the credit with
the amount due after the cancellation, so the full old amount is never taken as
an exact payment of the reduced order."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from oscar.core.loading import get_model

from checkout.payment.vietqr import transfer_note
from checkout.reconciliation.matching import import_statement
from checkout.reconciliation.models import StatementLine
from checkout.refunds import cancel_lines
from marketplace.order import fulfilment
from marketplace.order.amounts import amount_due
from marketplace.order.statuses import PaymentStatus
from tests.factories import create_product, make_basket, place_basket
from tests.integration.test_payment_webhook_race import wait_for_a_lock_wait
from tests.integration.test_reconciliation import vcb

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

Order = get_model("order", "Order")


def test_a_statement_matched_during_a_cancellation_sees_the_reduced_amount(monkeypatch):
    assert connection.vendor == "postgresql", "the race needs PostgreSQL row locking"
    operator = get_user_model().objects.create_user("op", "op@example.vn", "x", is_staff=True)
    tea, honey = create_product(price=85_000), create_product(price=200_000)
    order = place_basket(make_basket((tea, 1), (honey, 1)), guest_email="lan@example.vn",
                         payment_method="vietqr", payment_status=PaymentStatus.AWAITING_TRANSFER)
    line = order.lines.get(product=honey)

    cancelled, release = threading.Event(), threading.Event()
    derive = fulfilment.derive_order_status

    def holding(statuses):  # the line is cancelled, its transaction not committed yet
        cancelled.set()
        release.wait(timeout=60)
        return derive(statuses)

    monkeypatch.setattr(fulfilment, "derive_order_status", holding)
    errors, results = [], []

    def run(call):
        try:
            results.append(call())
        except Exception as error:  # the test fails on it
            errors.append(repr(error))
        finally:
            connections.close_all()

    cancelling = threading.Thread(target=run, args=(lambda: cancel_lines(None, order, [line.pk]),))
    cancelling.start()
    assert cancelled.wait(timeout=60), "the cancellation never ran"
    full = vcb((285_000, transfer_note(order.number)))
    importing = threading.Thread(target=run, args=(lambda: import_statement(operator, full, "s.csv",
                                                                             "vietcombank"),))
    importing.start()
    try:
        wait_for_a_lock_wait()
    finally:
        release.set()
        cancelling.join(timeout=60)
        importing.join(timeout=60)
    assert errors == []
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.AWAITING_TRANSFER and amount_due(order) == 85_000
    assert StatementLine.objects.get().review_reason == StatementLine.ReviewReason.OVERPAID
