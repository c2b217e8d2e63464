"""Property-based tests of the payout ledger: random sequences of orders,
payments, deliveries, refunds, adjustments, clock moves and payout statements
never leave a producer's balance different from the sum of its entries, never
pay a line twice and never make a statement of a negative amount."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from hypothesis import event, given
from hypothesis import strategies as st
from oscar.core.loading import get_model

from marketplace.order.carriers import Carrier
from marketplace.order.fulfilment import change_line_status, record_lines_refunded, ship_lines
from marketplace.order.statuses import LineStatus, PaymentStatus
from marketplace.payouts import clearing, ledger, statements
from marketplace.payouts.commission import record_commissions
from marketplace.payouts.models import (
    EntryKind,
    LedgerEntry,
    PayoutStatement,
    StatementEntry,
    StatementStatus,
)
from tests.factories import ProducerFactory, create_product, make_basket, place_basket
from tests.fuzz import FUZZ

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")


class Rollback(Exception):
    pass


@pytest.fixture
def world(settings, monkeypatch):
    settings.PAYOUT_HOLDING_DAYS = 7
    settings.PAYOUT_MINIMUM_VND = 100_000
    settings.PAYOUT_DEFAULT_COMMISSION_PERCENT = "12.5"
    producers = [ProducerFactory(name=f"HTX {n}") for n in range(2)]
    products = [create_product(f"Sản phẩm {n}", price=price, stock=1_000, producer=producers[n % 2])
                for n, price in enumerate((85_005, 120_000, 49_999))]
    operator = get_user_model().objects.create_user("op", "op@example.vn", "x", is_staff=True)
    real_now = timezone.now
    clock = {"offset": datetime.timedelta(0)}
    monkeypatch.setattr(timezone, "now", lambda: real_now() + clock["offset"])
    return {"producers": producers, "products": products, "operator": operator, "clock": clock}


order = st.tuples(st.just("order"), st.integers(0, 2), st.integers(1, 3), st.booleans())
action = st.one_of(
    st.tuples(st.just("pay"), st.integers(0, 9)),
    st.tuples(st.just("deliver"), st.integers(0, 9), st.booleans()),
    st.tuples(st.just("refund"), st.integers(0, 9)),
    st.tuples(st.just("adjust"), st.integers(0, 1), st.integers(-50_000, 50_000).filter(bool)),
)


def flatten(rounds) -> list:
    """Each round's orders are delivered after its other actions (a second
    delivery of an order delivers nothing), then days pass."""
    steps, count = [], 0
    for orders, actions, days, statements_too in rounds:
        delivered = [("deliver", count + n, n % 2 == 1) for n in range(len(orders))]
        count += len(orders)
        steps += orders + actions + delivered + [("wait", days)] + ([("statements",)] if statements_too else [])
    return steps


#: Rounds of a few orders, a few payments, deliveries, refunds or adjustments,
#: some days passing and (mostly) a statement run: most histories then reach
#: cleared money and several statements.
steps = st.lists(
    st.tuples(st.lists(order, min_size=1, max_size=3), st.lists(action, max_size=5), st.integers(2, 10),
              st.sampled_from([True, True, False])),
    min_size=1, max_size=4,
).map(flatten)


def check_invariants(producers) -> None:
    for producer in producers:
        entries = list(LedgerEntry.objects.filter(producer=producer).values_list("amount", flat=True))
        assert ledger.balance(producer) == sum(entries)
        assert all(isinstance(amount, int) for amount in entries)
    # A line is credited once, reversed at most once, and settled by one statement at most.
    assert not LedgerEntry.objects.filter(kind=EntryKind.SALE).values("line").annotate(
        n=Count("pk")).filter(n__gt=1).exists()
    assert not LedgerEntry.objects.filter(kind=EntryKind.REVERSAL).values("line").annotate(
        n=Count("pk")).filter(n__gt=1).exists()
    assert not StatementEntry.objects.values("entry").annotate(n=Count("pk")).filter(n__gt=1).exists()
    for statement in PayoutStatement.objects.all():
        settled = LedgerEntry.objects.filter(settlement__statement=statement).aggregate(t=Sum("amount"))["t"]
        assert statement.total == settled and statement.total >= 100_000 > 0
        payouts = LedgerEntry.objects.filter(kind=EntryKind.PAYOUT, statement=statement)
        assert payouts.count() == (0 if statement.status == StatementStatus.DRAFT else 1)
        assert all(payout.amount == -statement.total for payout in payouts)
        # Only cleared money is settled: each settled sale was paid and held long enough.
        for entry in LedgerEntry.objects.filter(settlement__statement=statement, kind=EntryKind.SALE):
            assert entry.created_at <= statements.period_end(statement.period_until) - clearing.holding_period() \
                or entry.line.ledger_entries.filter(kind=EntryKind.REVERSAL).exists()


@FUZZ
@given(steps=steps)
def test_random_histories_keep_the_ledger_whole(world, steps):
    world["clock"]["offset"] = datetime.timedelta(0)
    try:
        with transaction.atomic():
            run(world, steps)
            # --hypothesis-show-statistics: how many histories reached statements.
            event(f"approved statements: {min(PayoutStatement.objects.count(), 3)}")
            raise Rollback
    except Rollback:
        pass


def run(world, steps) -> None:
    orders = []
    producers, operator = world["producers"], world["operator"]
    for step in steps:
        kind = step[0]
        if kind == "order":
            _, product, quantity, prepaid = step
            order = place_basket(
                make_basket((world["products"][product], quantity)), guest_email="b@example.vn",
                payment_method="stripe" if prepaid else "cod",
                payment_status=PaymentStatus.PAID if prepaid else PaymentStatus.AWAITING_COD)
            record_commissions(order)
            orders.append(order)
        elif kind == "pay" and orders:
            order = orders[step[1] % len(orders)]
            Order.objects.filter(pk=order.pk, payment_status=PaymentStatus.AWAITING_COD).update(
                payment_status=PaymentStatus.PAID)
        elif kind == "deliver" and orders:
            order = orders[step[1] % len(orders)]
            lines = list(order.lines.filter(status=LineStatus.CONFIRMED))
            if lines:
                own = step[2]
                ship_lines(None, order, [line.pk for line in lines], Carrier.OWN if own else Carrier.GHN,
                           "" if own else "GHN123456")
                change_line_status(None, order, [line.pk for line in lines], LineStatus.DELIVERED)
        elif kind == "refund" and orders:
            order = orders[step[1] % len(orders)]
            lines = list(order.lines.filter(status=LineStatus.DELIVERED))
            if lines:
                record_lines_refunded(order, lines, Decimal(sum(line.line_price_incl_tax for line in lines)),
                                      "Refund due", "return")
        elif kind == "adjust":
            ledger.add_adjustment(operator, producers[step[1]], step[2], "correction")
        elif kind == "wait":
            world["clock"]["offset"] += datetime.timedelta(days=step[1])
        elif kind == "statements":
            for statement in statements.create_statements(timezone.localdate()):
                statements.approve_statement(operator, statement)
            # Nothing left that a statement could settle today.
            assert statements.create_statements(timezone.localdate()) == []
        check_invariants(producers)


def test_a_known_history_pays_twice_with_two_statements(world):
    """The property test's runner on one history it must handle: two periods, two statements."""
    run(world, [("order", 1, 2, True), ("deliver", 0, False), ("wait", 8), ("statements",),
                ("order", 1, 1, False), ("deliver", 1, True), ("pay", 1), ("wait", 8), ("statements",),
                ("refund", 0)])
    producer = world["producers"][1]
    assert PayoutStatement.objects.filter(producer=producer, status=StatementStatus.APPROVED).count() == 2
    # 240.000 − 12,5 % = 210.000; then 120.000 − 15.000 = 105.000; the first line refunded after.
    assert list(PayoutStatement.objects.order_by("pk").values_list("total", flat=True)) == [210_000, 105_000]
    assert ledger.balance(producer) == -210_000
