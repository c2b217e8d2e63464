"""Two operators approve the same payout statement at the same moment: the
statement's row lock makes the second wait, then find it approved; the ledger
holds one payout."""

import datetime
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.utils import timezone

from marketplace.order.statuses import PaymentStatus
from marketplace.payouts import statements
from marketplace.payouts.commission import record_commissions
from marketplace.payouts.ledger import credit_delivered_lines
from marketplace.payouts.models import EntryKind, LedgerEntry, PayoutStatement, StatementStatus
from tests.factories import ProducerFactory, create_product, make_basket, place_basket
from tests.integration.test_payment_webhook_race import wait_for_a_lock_wait

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_two_operators_approving_at_once_make_one_payout(settings, monkeypatch):
    assert connection.vendor == "postgresql", "the race needs PostgreSQL row locking"
    settings.PAYOUT_MINIMUM_VND = 200_000
    producer = ProducerFactory()
    tea = create_product(price=300_000, producer=producer)
    order = place_basket(make_basket((tea, 1)), guest_email="b@example.vn", payment_method="stripe",
                         payment_status=PaymentStatus.PAID)
    record_commissions(order)
    credit_delivered_lines(None, list(order.lines.all()), at=timezone.now() - datetime.timedelta(days=10))
    [statement] = statements.create_statements(timezone.localdate())
    users = get_user_model()
    first = users.objects.create_user("lan", "lan@example.vn", "x", is_staff=True)
    second = users.objects.create_user("minh", "minh@example.vn", "x", is_staff=True)

    holding, release = threading.Event(), threading.Event()
    save = PayoutStatement.save

    def slow_save(self, *args, **kwargs):  # the first approval holds its lock here
        if threading.current_thread().name == "first":
            holding.set()
            release.wait(timeout=60)
        return save(self, *args, **kwargs)

    monkeypatch.setattr(PayoutStatement, "save", slow_save)
    results, errors = [], []

    def approve(user):
        try:
            results.append(statements.approve_statement(user, statement).pk)
        except statements.StatementError as error:
            errors.append(str(error))
        finally:
            connections.close_all()

    one = threading.Thread(target=approve, args=(first,), name="first")
    two = threading.Thread(target=approve, args=(second,), name="second")
    one.start()
    assert holding.wait(timeout=60), "the first approval never reached its save"
    two.start()
    try:
        wait_for_a_lock_wait()
    finally:
        release.set()
        one.join(timeout=60)
        two.join(timeout=60)
    assert len(results) == 1 and len(errors) == 1 and statement.number in errors[0]  # "already approved"
    assert LedgerEntry.objects.filter(kind=EntryKind.PAYOUT).count() == 1
    statement.refresh_from_db()
    assert statement.status == StatementStatus.APPROVED and statement.approved_by == first
