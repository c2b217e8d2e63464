"""Payouts in the dashboard (issue 17, part B): producers' bank accounts and
their confirmation, the producer's money pages (own data only), the operators'
statement pages, commission rates and the report reconciling to the orders."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.order.fulfilment import mark_paid
from marketplace.order.statuses import LineStatus, PaymentStatus
from marketplace.payouts import bank_accounts, statements
from marketplace.payouts.models import (
    BankAccountChange,
    BankAccountStatus,
    CommissionRate,
    EntryKind,
    LedgerEntry,
    LineCommission,
    PayoutStatement,
    StatementStatus,
)
from tests.factories import ProducerFactory, create_product, producer_user
from tests.integration.test_payouts import (  # noqa: F401
    DAY,
    clock,
    deliver,
    english,
    operator,
    order_of,
    payout_settings,
    shop,
)

pytestmark = pytest.mark.django_db

VCB = "970436"


def paid_statement(clock, shop, operator):  # noqa: F811
    order = order_of((shop["tea"], 3), status=PaymentStatus.PAID)
    deliver(shop["user"], order)
    clock.move(8)
    [statement] = statements.create_statements(timezone.localdate())
    return order, statement


# --- Bank accounts -------------------------------------------------------------

def test_a_bank_account_waits_for_an_operator_and_changes_are_logged(shop, operator):  # noqa: F811
    producer, user = shop["producer"], shop["user"]
    first = bank_accounts.request_account(producer, user, VCB, "0071 000 123456", "Hợp tác xã Quảng Thọ II")
    assert (first.account_number, first.holder, first.status) == (
        "0071000123456", "HOP TAC XA QUANG THO II", BankAccountStatus.PENDING)
    assert bank_accounts.confirmed_bank_details(producer) is None  # not paid before an operator confirms

    bank_accounts.confirm_account(operator, first)
    assert bank_accounts.confirmed_bank_details(producer) == statements.BankDetails(
        VCB, "0071000123456", "HOP TAC XA QUANG THO II")

    second = bank_accounts.request_account(producer, user, "970418", "12345678", "Quang Tho")
    assert bank_accounts.confirmed_bank_details(producer).account_number == "0071000123456"  # still the old one
    bank_accounts.confirm_account(operator, second)
    first.refresh_from_db()
    assert first.status == BankAccountStatus.REPLACED
    assert bank_accounts.confirmed_bank_details(producer).account_number == "12345678"
    change = BankAccountChange.objects.get(new_account=second)
    assert (change.old_account, change.requested_by, change.decided_by, change.decision) == (
        first, user, operator, BankAccountStatus.CONFIRMED)
    assert change.decided_at is not None
    with pytest.raises(bank_accounts.BankAccountError):
        bank_accounts.confirm_account(operator, second)


def test_bad_accounts_are_refused_field_by_field(client, shop):  # noqa: F811
    client.force_login(shop["user"])
    url = reverse("producer-dashboard:producer-bank-account")
    response = client.post(url, {"bank_bin": "123456", "account_number": "12AB", "holder": "x"})
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"bank_bin", "account_number", "holder"}
    response = client.post(url, {"bank_bin": VCB, "account_number": "12345", "holder": "Nguyễn Văn A"})
    assert "6 to 19 digits" in str(response.context["form"].errors["account_number"])
    response = client.post(url, {"bank_bin": VCB, "account_number": "0071-000-123456", "holder": "Nguyễn Văn A"})
    assert response.status_code == 302
    account = bank_accounts.pending_account(shop["producer"])
    assert (account.bank_bin, account.account_number, account.holder) == (VCB, "0071000123456", "NGUYEN VAN A")


def test_operators_confirm_accounts_in_the_dashboard_and_producers_cannot(client, shop, operator):  # noqa: F811
    account = bank_accounts.request_account(shop["producer"], shop["user"], VCB, "0071000123456", "HTX")
    url = reverse("producer-dashboard:payout-bank-account-decide", args=[account.pk])
    client.force_login(shop["user"])
    assert client.post(url, {"decision": "confirm"}).status_code in (302, 403, 404)
    account.refresh_from_db()
    assert account.status == BankAccountStatus.PENDING
    client.force_login(operator)
    page = client.get(reverse("producer-dashboard:payout-bank-accounts"))
    assert "0071000123456" in page.content.decode()
    client.post(url, {"decision": "confirm"})
    account.refresh_from_db()
    assert account.status == BankAccountStatus.CONFIRMED


# --- The producer's money ----------------------------------------------------------

def test_the_money_section_and_page_show_available_pending_and_paid(client, clock, shop, operator):  # noqa: F811
    order, statement = paid_statement(clock, shop, operator)
    pending_order = order_of((shop["lamp"], 1), status=PaymentStatus.PAID)
    deliver(shop["user"], pending_order)
    client.force_login(shop["user"])
    home = client.get(reverse("producer-dashboard:producer-home")).content.decode()
    assert 'id="money"' in home and "135.000" in home  # the lamp, pending: 150.000 − 10 %
    page = client.get(reverse("producer-dashboard:producer-money"))
    money = page.context["money"]
    assert (money.available, money.pending_total, money.paid_to_date) == (229_500, 135_000, 0)
    [pending] = money.pending
    assert pending.clears_on == pending.entry.created_at + 7 * DAY
    html = page.content.decode()
    assert statement.number in html and timezone.localtime(pending.clears_on).strftime("%d/%m/%Y") in html

    statements.approve_statement(operator, statement)
    statements.mark_statement_paid(operator, statement, "FT1")
    money = client.get(reverse("producer-dashboard:producer-money")).context["money"]
    assert (money.available, money.paid_to_date) == (0, 229_500)


def test_a_statement_page_and_pdf_list_the_settled_lines(client, clock, shop, operator):  # noqa: F811
    order, statement = paid_statement(clock, shop, operator)
    client.force_login(shop["user"])
    page = client.get(reverse("producer-dashboard:producer-statement", args=[statement.pk]))
    [row] = page.context["lines"]
    assert (row.order_number, row.line_total, row.commission, row.net) == (str(order.number), 255_000, 25_500, 229_500)
    assert "229.500" in page.content.decode()
    pdf = client.get(reverse("producer-dashboard:producer-statement-pdf", args=[statement.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert len(pdf.content) > 1000


def test_a_producer_never_sees_another_producers_money(client, clock, shop, operator):  # noqa: F811
    _order, statement = paid_statement(clock, shop, operator)
    other = ProducerFactory(name="Hộ khác")
    client.force_login(producer_user(other, "khac"))
    for name in ("producer-statement", "producer-statement-pdf"):
        assert client.get(reverse(f"producer-dashboard:{name}", args=[statement.pk])).status_code == 404
    page = client.get(reverse("producer-dashboard:producer-money"))
    assert statement.number not in page.content.decode()
    assert page.context["money"].available == 0
    for name, args in (("payout-statements", []), ("payout-statement", [statement.pk]), ("payout-report", []),
                       ("commission-rates", []), ("payout-bank-accounts", [])):
        assert client.get(reverse(f"producer-dashboard:{name}", args=args)).status_code in (302, 403, 404)


def test_the_money_page_query_count_is_pinned(client, clock, shop, operator, django_assert_max_num_queries):  # noqa: F811
    paid_statement(clock, shop, operator)
    for _ in range(3):
        deliver(shop["user"], order_of((shop["lamp"], 1), status=PaymentStatus.PAID))
    client.force_login(shop["user"])
    with django_assert_max_num_queries(20):
        client.get(reverse("producer-dashboard:producer-money"))


# --- Operators ------------------------------------------------------------------------

def test_operators_create_approve_download_and_mark_paid(client, clock, shop, operator,  # noqa: F811
                                                         django_assert_max_num_queries):
    deliver(shop["user"], order_of((shop["tea"], 3), status=PaymentStatus.PAID))
    clock.move(8)
    client.force_login(operator)
    url = reverse("producer-dashboard:payout-statements")
    future = client.post(url, {"until": (timezone.localdate() + DAY).isoformat()})
    assert future.status_code == 400 and "future" in str(future.context["form"].errors)
    client.post(url, {"until": timezone.localdate().isoformat()})
    statement = PayoutStatement.objects.get()
    client.post(url, {"until": timezone.localdate().isoformat()})
    assert PayoutStatement.objects.count() == 1
    with django_assert_max_num_queries(12):
        listing = client.get(url, {"status": "draft"})
    assert [s.pk for s in listing.context["statements"]] == [statement.pk]
    assert list(client.get(url, {"status": "paid"}).context["statements"]) == []

    approve = reverse("producer-dashboard:payout-statement-approve", args=[statement.pk])
    client.post(approve, {})  # not confirmed
    statement.refresh_from_db()
    assert statement.status == StatementStatus.DRAFT
    client.post(approve, {"confirm": "yes"})
    statement.refresh_from_db()
    assert statement.status == StatementStatus.APPROVED
    assert LedgerEntry.objects.filter(kind=EntryKind.PAYOUT, statement=statement).count() == 1

    bank_file = reverse("producer-dashboard:payout-bank-file")
    refused = client.get(bank_file, follow=True)
    assert "no confirmed bank account" in refused.content.decode()
    account = bank_accounts.request_account(shop["producer"], shop["user"], VCB, "0071000123456", "HTX Quảng Thọ II")
    assert "no confirmed bank account" in client.get(bank_file, follow=True).content.decode()  # pending only
    bank_accounts.confirm_account(operator, account)
    response = client.get(bank_file)
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [statements.BANK_FILE_COLUMNS,
                    [VCB, "0071000123456", "HTX QUANG THO II", "229500", f"CHO OCOP THANH TOAN {statement.number}"]]

    paid = reverse("producer-dashboard:payout-statement-paid", args=[statement.pk])
    client.post(paid, {"reference": ""})
    statement.refresh_from_db()
    assert statement.status == StatementStatus.APPROVED
    client.post(paid, {"reference": "FT26335"})
    statement.refresh_from_db()
    assert (statement.status, statement.bank_reference, statement.paid_by) == (
        StatementStatus.PAID, "FT26335", operator)


def test_cancelling_a_draft_releases_its_entries_for_the_next_run(client, clock, shop, operator):  # noqa: F811
    _order, statement = paid_statement(clock, shop, operator)
    entries = set(statement.settled.values_list("pk", flat=True))
    client.force_login(operator)
    client.post(reverse("producer-dashboard:payout-statement-cancel", args=[statement.pk]))
    assert not PayoutStatement.objects.exists()
    [again] = statements.create_statements(timezone.localdate())
    assert set(again.settled.values_list("pk", flat=True)) == entries and again.total == 229_500

    statements.approve_statement(operator, again)
    with pytest.raises(statements.StatementError, match="Only a draft"):
        statements.cancel_statement(operator, again)
    client.post(reverse("producer-dashboard:payout-statement-cancel", args=[again.pk]))
    again.refresh_from_db()
    assert again.status == StatementStatus.APPROVED


def test_commission_rates_are_managed_and_overlaps_refused(client, operator, shop):  # noqa: F811
    client.force_login(operator)
    create = reverse("producer-dashboard:commission-rate-create")
    response = client.post(create, {"group_code": "beverage", "percent": "8", "valid_from": "2026-01-01T00:00"})
    assert response.status_code == 302
    rate = CommissionRate.objects.get()
    overlapping = client.post(create, {"group_code": "beverage", "percent": "9", "valid_from": "2026-06-01T00:00"})
    assert overlapping.status_code == 400 and "end it first" in overlapping.content.decode()
    assert client.post(create, {"group_code": "beverage", "percent": "120",
                                "valid_from": "2027-01-01T00:00"}).status_code == 400
    client.post(reverse("producer-dashboard:commission-rate-update", args=[rate.pk]), {
        "group_code": "beverage", "percent": "8", "valid_from": "2026-01-01T00:00", "valid_until": "2026-06-01T00:00"})
    assert client.post(create, {"group_code": "beverage", "percent": "9",
                                "valid_from": "2026-06-01T00:00"}).status_code == 302
    assert CommissionRate.objects.count() == 2


def test_the_report_reconciles_to_the_orders(client, clock, shop, operator):  # noqa: F811
    other = ProducerFactory(name="HTX Khác")
    rice = create_product("Gạo", price=60_000, producer=other)
    cod = order_of((shop["tea"], 2), (rice, 1))
    deliver(shop["user"], cod, list(cod.lines.filter(partner=shop["producer"].partner)))
    deliver(producer_user(other, "khac"), cod, list(cod.lines.filter(partner=other.partner)))
    mark_paid(operator, cod, "COD")
    card = order_of((shop["lamp"], 1), status=PaymentStatus.PAID, method="stripe")
    deliver(shop["user"], card)
    undelivered = order_of((shop["tea"], 1), status=PaymentStatus.PAID, method="stripe")

    client.force_login(operator)
    page = client.get(reverse("producer-dashboard:payout-report"))
    totals = page.context["totals"]
    orders = [cod, card, undelivered]
    for order in orders:
        order.refresh_from_db()
    expected_collected = sum(int(order.total_incl_tax) for order in orders)
    delivered_lines = [line for order in orders for line in order.lines.all() if line.status == LineStatus.DELIVERED]
    commissions = {c.line_id: c.amount for c in LineCommission.objects.all()}
    expected_commission = sum(commissions[line.pk] for line in delivered_lines)
    expected_owed = sum(int(line.line_price_incl_tax) - commissions[line.pk] for line in delivered_lines)
    assert (totals.orders, totals.collected, totals.owed, totals.commission) == (
        3, expected_collected, expected_owed, expected_commission)
    by_method = {row.method: row for row in page.context["by_method"]}
    assert by_method["cod"].collected == int(cod.total_incl_tax)
    assert by_method["stripe"].collected == int(card.total_incl_tax) + int(undelivered.total_incl_tax)
    assert by_method["stripe"].commission == commissions[card.lines.get().pk]
    assert by_method["cod"].method_label == "Cash on delivery"
    [month] = page.context["by_month"]
    assert month.collected == expected_collected


def test_collected_is_the_money_received_not_the_placed_total(shop, operator):  # noqa: F811
    """A line cancelled before payment was never paid for: the cash collected is
    the amount due, not the order's placed total; a transfer paying more than
    due is collected in full, its excess refunded (owed back)."""
    from checkout.refunds import cancel_lines
    from marketplace.order.fulfilment import record_lines_refunded
    from marketplace.order.statuses import OVERPAID_REFERENCE_PREFIX, PaymentEventName
    from marketplace.payouts.report import payouts_report

    cod = order_of((shop["tea"], 2), (shop["lamp"], 1))  # 170.000 + 150.000 ₫, free delivery
    cancel_lines(operator, cod, [cod.lines.get(product=shop["lamp"]).pk], reason="Hết hàng")
    mark_paid(operator, cod, "COD")
    cod.refresh_from_db()
    assert cod.total_incl_tax == 320_000 and cod.payment_status == PaymentStatus.PAID

    transfer = order_of((shop["tea"], 1), method="vietqr", status=PaymentStatus.AWAITING_TRANSFER)
    mark_paid(operator, transfer, "FT1")  # 85.000 ₫ due; the buyer sent 100.000 ₫
    record_lines_refunded(transfer, [], 15_000, PaymentEventName.REFUND_DUE, f"{OVERPAID_REFERENCE_PREFIX}FT1")

    today = timezone.localdate()
    by_method = {row.method: row for row in payouts_report(today, today).by_method()}
    assert (by_method["cod"].collected, by_method["cod"].refunded, by_method["cod"].net_collected) == (
        170_000, 0, 170_000)
    assert (by_method["vietqr"].collected, by_method["vietqr"].refunded, by_method["vietqr"].net_collected) == (
        100_000, 15_000, 85_000)
