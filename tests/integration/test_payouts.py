"""Producer payouts (issue 17): the commission stored at placement, the
append-only ledger credited on delivery and reversed on refund, funds clearing
after payment and the holding period, and payout statements."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone, translation
from oscar.core.loading import get_model

from checkout.payment.base import RefundResult
from checkout.payment.cod import CashOnDelivery
from checkout.refunds import cancel_lines
from marketplace.order.carriers import Carrier
from marketplace.order.fulfilment import change_line_status, mark_paid, ship_lines
from marketplace.order.statuses import LineStatus, PaymentEventName, PaymentStatus
from marketplace.payouts import clearing, ledger, statements
from marketplace.payouts.commission import (
    commission_amount,
    fee_shares,
    rate_in_force,
    record_commissions,
)
from marketplace.payouts.models import (
    AppendOnlyError,
    CommissionRate,
    EntryKind,
    LedgerEntry,
    LineCommission,
    PayoutStatement,
    StatementStatus,
)
from tests.factories import (
    ProducerFactory,
    create_product,
    make_basket,
    place_basket,
    producer_user,
)
from tests.integration.test_checkout_flow import add, checkout_until_payment, place, world  # noqa: F401

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
Line = get_model("order", "Line")
PaymentEventType = get_model("order", "PaymentEventType")

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def payout_settings(settings):
    settings.PAYOUT_HOLDING_DAYS = 7
    settings.PAYOUT_MINIMUM_VND = 200_000
    settings.PAYOUT_DEFAULT_COMMISSION_PERCENT = "10"


@pytest.fixture
def operator(django_user_model):
    return django_user_model.objects.create_user("operator", "op@example.vn", "x", is_staff=True)


@pytest.fixture
def shop():
    producer = ProducerFactory(name="HTX Quảng Thọ II")
    tea = create_product("Trà rau má", price=85_000, stock=50, producer=producer)
    lamp = create_product("Đèn mây tre", group="handicraft", price=150_000, stock=50, producer=producer)
    return {"producer": producer, "tea": tea, "lamp": lamp, "user": producer_user(producer, "quangtho")}


def order_of(*items, status=PaymentStatus.AWAITING_COD, method="cod"):
    order = place_basket(make_basket(*items), guest_email="buyer@example.vn",
                         payment_method=method, payment_status=status)
    record_commissions(order)
    if status == PaymentStatus.PAID:
        # Paid at placement (a card, VNPay): the payment the checkout records.
        event_type, _created = PaymentEventType.objects.get_or_create(name=PaymentEventName.PAID)
        order.payment_events.create(event_type=event_type, amount=order.total_incl_tax, reference="pi_test")
    return order


def deliver(user, order, lines=None, carrier=Carrier.GHN):
    lines = lines or list(order.lines.order_by("pk"))
    ids = [line.pk for line in lines]
    ship_lines(user, order, ids, carrier, "" if carrier == Carrier.OWN else "GHN12345678")
    change_line_status(user, order, ids, LineStatus.DELIVERED)


@pytest.fixture
def clock(monkeypatch):
    """Moves the shop's clock forward: ``clock.move(days)``."""
    real_now = timezone.now

    class Clock:
        offset = datetime.timedelta(0)

        def move(self, days: int) -> None:
            self.offset += datetime.timedelta(days=days)

    moved = Clock()
    monkeypatch.setattr(timezone, "now", lambda: real_now() + moved.offset)
    return moved


# --- 1. Commission -----------------------------------------------------------------

def test_commission_rounds_half_up_to_whole_dong():
    assert commission_amount(85_005, Decimal("10")) == 8_501  # 8.500,5 → 8.501
    assert commission_amount(85_004, Decimal("10")) == 8_500  # 8.500,4 → 8.500
    assert commission_amount(99_999, Decimal("12.5")) == 12_500  # 12.499,875 → 12.500
    assert commission_amount(0, Decimal("10")) == 0


def test_fee_shares_add_up_to_the_fee():
    assert fee_shares(25_000, [170_000, 150_000]) == [13_282, 11_718]
    assert fee_shares(10, [1, 1, 1]) == [4, 3, 3]
    assert fee_shares(0, [5, 5]) == [0, 0]


def test_the_most_specific_valid_rate_applies(shop):
    now = timezone.now()
    other = ProducerFactory()
    everything = CommissionRate.objects.create(percent=Decimal("10"), valid_from=now - 30 * DAY)
    food = CommissionRate.objects.create(group_code="beverage", percent=Decimal("8"), valid_from=now - 30 * DAY)
    own = CommissionRate.objects.create(producer=shop["producer"], group_code="beverage", percent=Decimal("5"),
                                        valid_from=now - 30 * DAY, valid_until=now - DAY)
    assert rate_in_force(shop["producer"], "beverage", now - 2 * DAY) == own
    assert rate_in_force(shop["producer"], "beverage", now) == food  # the override has ended
    assert rate_in_force(other, "beverage", now - 2 * DAY) == food
    assert rate_in_force(other, "handicraft", now) == everything
    assert rate_in_force(other, "handicraft", now - 31 * DAY) is None


def test_overlapping_rates_for_the_same_target_are_refused(shop):
    now = timezone.now()
    CommissionRate.objects.create(group_code="food", percent=Decimal("8"), valid_from=now - 30 * DAY)
    clash = CommissionRate(group_code="food", percent=Decimal("9"), valid_from=now)
    with pytest.raises(ValidationError, match="Another rate"):
        clash.full_clean()
    backwards = CommissionRate(group_code="herbal", percent=Decimal("9"), valid_from=now, valid_until=now - DAY)
    with pytest.raises(ValidationError, match="must come after"):
        backwards.full_clean()


def test_the_rate_in_force_at_placement_is_stored_and_later_changes_never_rewrite_it(shop):
    now = timezone.now()
    rate = CommissionRate.objects.create(group_code="beverage", percent=Decimal("8"), valid_from=now - DAY)
    order = order_of((shop["tea"], 2), (shop["lamp"], 1))
    tea_line = order.lines.get(product=shop["tea"])
    stored = LineCommission.objects.get(line=tea_line)
    assert (stored.rate, stored.percent, stored.line_total, stored.amount) == (rate, Decimal("8"), 170_000, 13_600)
    lamp = LineCommission.objects.get(line__order=order, line__product=shop["lamp"])
    assert (lamp.rate, lamp.percent, lamp.amount) == (None, Decimal("10"), 15_000)  # the default

    CommissionRate.objects.filter(pk=rate.pk).update(valid_until=now)
    CommissionRate.objects.create(group_code="beverage", percent=Decimal("20"), valid_from=now)
    record_commissions(order)  # again: nothing changes
    assert LineCommission.objects.get(line=tea_line).amount == 13_600
    deliver(shop["user"], order)
    sale = LedgerEntry.objects.get(line=tea_line, kind=EntryKind.SALE)
    assert sale.amount == 170_000 - 13_600


def test_checkout_stores_the_commission_and_the_delivery_fee_shares(client, world):  # noqa: F811
    CommissionRate.objects.create(group_code="handicraft", percent=Decimal("15"), valid_from=timezone.now() - DAY)
    add(client, world["tea"], 2)
    add(client, world["lamp"])
    checkout_until_payment(client, world)
    assert place(client, "cod").status_code == 302
    order = Order.objects.get()
    rows = {c.line.product_id: (c.percent, c.amount, c.delivery_fee_share)
            for c in LineCommission.objects.filter(line__order=order).select_related("line")}
    # 170.000 at the default 10 %, 150.000 at handicraft's 15 %; Huế's 25.000 fee split 170:150.
    assert rows == {world["tea"].pk: (Decimal("10"), 17_000, 13_282),
                    world["lamp"].pk: (Decimal("15"), 22_500, 11_718)}


# --- 2. Ledger -----------------------------------------------------------------------

def test_a_delivered_line_credits_total_minus_commission_once(shop):
    order = order_of((shop["tea"], 2))
    line = order.lines.get()
    deliver(shop["user"], order)
    entry = LedgerEntry.objects.get(producer=shop["producer"])
    assert (entry.kind, entry.amount, entry.line, entry.created_by) == (EntryKind.SALE, 153_000, line, shop["user"])
    assert ledger.credit_delivered_lines(None, [line]) == []  # again: nothing
    assert ledger.balance(shop["producer"]) == 153_000


def test_own_delivery_credits_the_delivery_fee_share_to_the_producer(shop):
    order = order_of((shop["tea"], 1), (shop["lamp"], 1))
    Order.objects.filter(pk=order.pk).update(shipping_incl_tax=30_000, shipping_excl_tax=30_000)
    LineCommission.objects.filter(line__order=order).delete()
    record_commissions(Order.objects.get(pk=order.pk))
    tea, lamp = order.lines.get(product=shop["tea"]), order.lines.get(product=shop["lamp"])
    deliver(shop["user"], order, [tea], carrier=Carrier.OWN)
    deliver(shop["user"], order, [lamp], carrier=Carrier.GHN)
    shares = dict(LineCommission.objects.filter(line__order=order).values_list("line_id", "delivery_fee_share"))
    assert sum(shares.values()) == 30_000
    assert LedgerEntry.objects.get(line=tea).amount == 85_000 - 8_500 + shares[tea.pk]
    assert LedgerEntry.objects.get(line=lamp).amount == 150_000 - 15_000  # the carrier's fee is the shop's


def test_ledger_entries_are_never_changed_or_deleted(shop, operator):
    entry = ledger.add_adjustment(operator, shop["producer"], 50_000, "Bù phí vận chuyển tháng 11")
    entry.amount = 1
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=1)
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.all().delete()
    assert LedgerEntry.objects.get(pk=entry.pk).amount == 50_000


@pytest.mark.postgres
def test_the_database_refuses_to_change_or_delete_ledger_rows(shop, operator):
    assert connection.vendor == "postgresql"
    entry = ledger.add_adjustment(operator, shop["producer"], 50_000, "Correction")
    for sql in ("UPDATE payouts_ledgerentry SET amount = 1 WHERE id = %s",
                "DELETE FROM payouts_ledgerentry WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert LedgerEntry.objects.get(pk=entry.pk).amount == 50_000


def test_adjustments_need_an_operator_a_reason_and_an_amount(shop, operator):
    with pytest.raises(ledger.LedgerError, match="Only operators"):
        ledger.add_adjustment(shop["user"], shop["producer"], 10_000, "x")
    with pytest.raises(ledger.LedgerError, match="needs a reason"):
        ledger.add_adjustment(operator, shop["producer"], 10_000, "   ")
    with pytest.raises(ledger.LedgerError, match="other than zero"):
        ledger.add_adjustment(operator, shop["producer"], 0, "x")
    with pytest.raises(ledger.LedgerError, match="whole number"):
        ledger.add_adjustment(operator, shop["producer"], 10.5, "x")
    entry = ledger.add_adjustment(operator, shop["producer"], -20_000, "  Hàng   hỏng ")
    assert (entry.reason, entry.created_by, entry.amount) == ("Hàng hỏng", operator, -20_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(producer=shop["producer"], kind=EntryKind.ADJUSTMENT, amount=1,
                                   created_at=timezone.now())


def test_a_refunded_credited_line_is_reversed_once(shop, monkeypatch):
    order = order_of((shop["tea"], 1), (shop["lamp"], 1), status=PaymentStatus.PAID, method="cod")
    tea = order.lines.get(product=shop["tea"])
    deliver(shop["user"], order, [tea])
    monkeypatch.setattr(CashOnDelivery, "refund",
                        lambda self, order, amount, **kw: RefundResult(amount, False, "cash back"))
    from marketplace.order.fulfilment import record_lines_refunded

    record_lines_refunded(order, [tea], Decimal(85_000), "Refund due", "returned")
    record_lines_refunded(order, [tea], Decimal(85_000), "Refund due", "returned again")
    reversal = LedgerEntry.objects.get(line=tea, kind=EntryKind.REVERSAL)
    assert reversal.amount == -76_500 and reversal.refund.reference == "returned"
    # A line refunded before delivery was never credited: nothing to reverse.
    cancel_lines(None, order, [order.lines.get(product=shop["lamp"]).pk])
    assert LedgerEntry.objects.filter(kind=EntryKind.REVERSAL).count() == 1
    assert ledger.balance(shop["producer"]) == 0


# --- 3. Clearing ----------------------------------------------------------------------

def test_money_clears_once_paid_and_held_for_the_holding_period(clock, shop, operator):
    order = order_of((shop["tea"], 2))  # cash on delivery, not collected yet
    deliver(shop["user"], order)
    producer = shop["producer"]
    assert clearing.available_balance(producer) == 0
    [pending] = clearing.pending_entries(producer)
    assert pending.entry.amount == 153_000 and not pending.order_paid
    assert pending.clears_on == pending.entry.created_at + 7 * DAY

    clock.move(8)
    assert clearing.available_balance(producer) == 0  # held long enough, but the cash is not in
    mark_paid(operator, order, "COD GHN")
    assert clearing.available_balance(producer) == 153_000
    assert clearing.pending_entries(producer) == []
    assert clearing.available_balance(producer, timezone.now() - 2 * DAY) == 0  # as it stood then


def test_a_paid_line_clears_after_exactly_the_holding_days(shop, settings):
    settings.PAYOUT_HOLDING_DAYS = 3
    order = order_of((shop["tea"], 1), status=PaymentStatus.PAID, method="stripe")
    deliver(shop["user"], order)
    entry = LedgerEntry.objects.get()
    assert clearing.available_balance(shop["producer"], entry.created_at + 3 * DAY - datetime.timedelta(seconds=1)) == 0
    assert clearing.available_balance(shop["producer"], entry.created_at + 3 * DAY) == 76_500


# --- 4. Statements -----------------------------------------------------------------------

def test_statements_are_made_once_per_period_for_producers_above_the_minimum(clock, shop, operator):
    small = ProducerFactory(name="Hộ Nhỏ")
    small_tea = create_product("Trà nhỏ", price=50_000, producer=small)
    big = order_of((shop["tea"], 2), (shop["lamp"], 1), status=PaymentStatus.PAID)
    little = order_of((small_tea, 1), status=PaymentStatus.PAID)
    deliver(shop["user"], big)
    deliver(producer_user(small, "nho"), little)
    clock.move(10)
    ledger.add_adjustment(operator, shop["producer"], -3_000, "Phí bao bì")

    out = StringIO()
    call_command("create_payout_statements", "--until", timezone.localdate().isoformat(), stdout=out)
    statement = PayoutStatement.objects.get()
    assert statement.producer == shop["producer"] and statement.status == StatementStatus.DRAFT
    assert statement.total == 153_000 + 135_000 - 3_000
    assert statement.number in out.getvalue() and "1 statement(s) created" in out.getvalue()
    assert sorted(statement.settled.values_list("amount", flat=True)) == [-3_000, 135_000, 153_000]

    out = StringIO()
    call_command("create_payout_statements", "--until", timezone.localdate().isoformat(), stdout=out)
    assert PayoutStatement.objects.count() == 1 and "0 statement(s) created" in out.getvalue()
    yesterday = timezone.localdate() - DAY
    call_command("create_payout_statements", "--until", yesterday.isoformat(), stdout=StringIO())
    assert PayoutStatement.objects.count() == 1  # its entries are settled already


def test_the_command_refuses_bad_dates():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("create_payout_statements", "--until", "30/11/2026", stdout=StringIO())
    with pytest.raises(CommandError, match="future"):
        call_command("create_payout_statements", "--until", (timezone.localdate() + DAY).isoformat(),
                     stdout=StringIO())


def test_approve_writes_one_payout_then_the_bank_file_then_paid(clock, shop, operator):
    order = order_of((shop["tea"], 3), status=PaymentStatus.PAID)
    deliver(shop["user"], order)
    clock.move(8)
    [statement] = statements.create_statements(timezone.localdate())
    with pytest.raises(PermissionDenied):
        statements.approve_statement(shop["user"], statement)
    with pytest.raises(statements.StatementError, match="not approved"):
        statements.bulk_transfer_csv([statement], lambda producer: None)

    payout = statements.approve_statement(operator, statement)
    assert (payout.kind, payout.amount, payout.statement) == (EntryKind.PAYOUT, -229_500, statement)
    with pytest.raises(statements.StatementError, match="already Approved"):
        statements.approve_statement(operator, statement)
    assert ledger.balance(shop["producer"]) == 0
    assert clearing.available_balance(shop["producer"]) == 0

    with pytest.raises(statements.StatementError, match="no confirmed bank account"):
        statements.bulk_transfer_csv([PayoutStatement.objects.get()], lambda producer: None)
    details = statements.BankDetails("970436", "0071000123456", "Hợp tác xã Quảng Thọ II")
    csv_text = statements.bulk_transfer_csv(PayoutStatement.objects.all(), lambda producer: details)
    assert csv_text.splitlines() == [
        "bank_bin,account_number,account_holder,amount,transfer_note",
        f"970436,0071000123456,HOP TAC XA QUANG THO II,229500,CHO OCOP THANH TOAN {statement.number}",
    ]
    with pytest.raises(statements.StatementError, match="not valid"):
        statements.bulk_transfer_csv(PayoutStatement.objects.all(),
                                     lambda producer: statements.BankDetails("97", "x", "A"))

    statements.mark_statement_paid(operator, statement, "FT2633 5566")
    statement.refresh_from_db()
    assert (statement.status, statement.paid_by, statement.bank_reference) == (
        StatementStatus.PAID, operator, "FT2633 5566")
    with pytest.raises(statements.StatementError, match="Only an approved"):
        statements.mark_statement_paid(operator, statement)


def test_a_reversal_after_payout_reduces_the_next_statement(clock, shop, operator):
    first = order_of((shop["tea"], 4), status=PaymentStatus.PAID)
    deliver(shop["user"], first)
    clock.move(8)
    [statement] = statements.create_statements(timezone.localdate())
    statements.approve_statement(operator, statement)
    from marketplace.order.fulfilment import record_lines_refunded

    record_lines_refunded(first, [first.lines.get()], Decimal(340_000), "Refund due", "return")
    assert clearing.available_balance(shop["producer"]) == -306_000  # the producer owes the shop
    assert statements.create_statements(timezone.localdate()) == []
    assert ledger.balance(shop["producer"]) == -306_000
