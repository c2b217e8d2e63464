"""What an unpaid order asks its buyer to pay once some of its lines are cancelled
(``marketplace.order.amounts.amount_due``): the VietQR code, its banking-app links
and the amount to copy, the statement matching, the cash on delivery, the
operator's "mark as received", the buyer's pages and emails all use the reduced
amount; nothing is due (and no QR is shown) once every line is cancelled; a paid
order's last cancellation gives back only what was paid."""

import re
from decimal import Decimal
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from checkout.payment import payment_instructions, payment_instructions_due
from checkout.payment.cod import CashOnDelivery
from checkout.payment.vietqr import VietQRTransfer, crc16_ccitt, transfer_note
from checkout.reconciliation.matching import import_statement, settle_overpayment
from checkout.reconciliation.models import StatementLine
from checkout.refunds import cancel_lines, plan_refund
from marketplace.order.amounts import amount_due, amount_to_pay
from marketplace.order.buyer import guest_token
from marketplace.order.fulfilment import InvalidLineTransition, mark_paid
from marketplace.order.statuses import LineStatus, PaymentEventName, PaymentStatus
from tests.factories import ProducerFactory, create_product, make_basket, place_basket
from tests.integration.test_reconciliation import vcb

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
PaymentEvent = get_model("order", "PaymentEvent")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
Reason = StatementLine.ReviewReason

FEE = 30_000


@pytest.fixture
def vietqr(settings):
    settings.VIETQR_BANK_BIN = "970436"
    settings.VIETQR_ACCOUNT_NUMBER = "0011001932418"
    settings.VIETQR_ACCOUNT_NAME = "CONG TY CHO OCOP"


@pytest.fixture
def operator():
    return get_user_model().objects.create_user("op", "op@example.vn", "x", is_staff=True)


@pytest.fixture
def products():
    producer = ProducerFactory(name="HTX Quảng Thọ II")
    return (create_product("Trà rau má", price=85_000, stock=50, producer=producer),
            create_product("Mật ong", price=150_000, stock=50, producer=producer))


def unpaid_order(products, method: str, status: str):
    """2 × 85.000 ₫ of tea and 150.000 ₫ of honey, delivered for 30.000 ₫:
    350.000 ₫, not paid yet, with the payment source the checkout records."""
    tea, honey = products
    order = place_basket(make_basket((tea, 2), (honey, 1)), guest_email="lan@example.vn")
    Order.objects.filter(pk=order.pk).update(
        payment_method=method, payment_status=status, language="vi",
        shipping_incl_tax=FEE, shipping_excl_tax=FEE,
        total_incl_tax=F("total_incl_tax") + FEE, total_excl_tax=F("total_excl_tax") + FEE)
    order.refresh_from_db()
    source_type, _ = SourceType.objects.get_or_create(name=method)
    Source.objects.create(order=order, source_type=source_type, amount_allocated=order.total_incl_tax,
                          reference=transfer_note(order.number))
    assert order.total_incl_tax == 350_000 and amount_due(order) == 350_000
    return order


@pytest.fixture
def transfer(products, vietqr):
    return unpaid_order(products, "vietqr", PaymentStatus.AWAITING_TRANSFER)


@pytest.fixture
def cod(products):
    return unpaid_order(products, "cod", PaymentStatus.AWAITING_COD)


def line_of(order, title):
    return order.lines.get(title=title)


def cancel(order, title):
    cancel_lines(None, order, [line_of(order, title).pk], note="test")
    order.refresh_from_db()


def emv_fields(payload: str) -> dict[str, str]:
    """The top-level EMVCo fields of a QR payload (tag → value)."""
    fields, i = {}, 0
    while i < len(payload):
        tag, size = payload[i:i + 2], int(payload[i + 2:i + 4])
        fields[tag] = payload[i + 4:i + 4 + size]
        i += 4 + size
    return fields


def order_page(client, order, language="vi") -> str:
    with translation.override(language):
        url = reverse("buyer-order", kwargs={"number": order.number, "token": guest_token(order)})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_cancelling_one_of_two_lines_lowers_the_qr_amount(transfer, client):
    cancel(transfer, "Mật ong")
    # The tea (170.000 ₫) and the whole delivery fee; the total stays the sale's record.
    assert amount_due(transfer) == 200_000 and transfer.total_incl_tax == 350_000
    qr = VietQRTransfer().instructions(transfer)["vietqr"]
    assert qr["amount"] == 200_000
    fields = emv_fields(qr["payload"])
    assert fields["54"] == "200000" and fields["53"] == "704"
    assert qr["payload"][-4:] == crc16_ccitt(qr["payload"][:-4])
    assert all(parse_qs(urlsplit(app["url"]).query)["am"] == ["200000"] for app in qr["apps"])

    page = order_page(client, transfer)
    pay = page[page.index('id="buyer_order_pay"'):]
    copies = re.findall(r'class="btn btn-outline-secondary btn-sm ocop-copy" data-copy="([^"]+)"', pay)
    assert copies == ["0011001932418", "200000", transfer_note(transfer.number)]
    assert "200.000" in pay and "350.000" not in pay
    links = [unescape(href) for href in re.findall(r'class="[^"]*ocop-vietqr-app" href="([^"]+)"', pay)]
    assert links and all(parse_qs(urlsplit(link).query)["am"] == ["200000"] for link in links)
    summary = page[page.index('id="buyer_order_payment"'):page.index('id="buyer_order_pay"')]
    assert "350.000" in summary and "Còn phải trả" in summary and "200.000" in summary

    # The email's text instructions (and the English ones) name the same amount.
    with translation.override("en"):
        text = render_to_string(VietQRTransfer.instructions_text_template,
                                {"order": transfer, **payment_instructions(transfer)})
    assert "Exact amount: 200.000" in text and "350" not in text
    assert "Still to pay" in order_page(client, transfer, "en")


def test_a_statement_line_of_the_reduced_amount_pays_the_order(transfer, operator):
    cancel(transfer, "Mật ong")
    result = import_statement(operator, vcb((200_000, f"CT {transfer_note(transfer.number)}")), "s.csv",
                              "vietcombank")
    assert (result.matched, result.to_review) == (1, 0)
    transfer.refresh_from_db()
    assert transfer.payment_status == PaymentStatus.PAID
    paid = PaymentEvent.objects.get(order=transfer, event_type__name=PaymentEventName.PAID)
    assert paid.amount == 200_000
    assert Source.objects.get(order=transfer).amount_debited == 200_000


def test_the_full_old_amount_is_an_overpayment_after_a_cancellation(transfer, operator):
    cancel(transfer, "Mật ong")
    result = import_statement(operator, vcb((350_000, transfer_note(transfer.number))), "s.csv", "vietcombank")
    assert (result.matched, result.to_review) == (0, 1)
    line = result.statement.lines.get()
    assert (line.review_reason, line.order) == (Reason.OVERPAID, transfer)
    with translation.override("en"):
        assert line.get_review_reason_display() == "More than the amount due on the order"
    settle_overpayment(operator, line.pk, transfer.number)
    events = dict(PaymentEvent.objects.filter(order=transfer).exclude(
        event_type__name=PaymentEventName.AWAITING_TRANSFER).values_list("event_type__name", "amount"))
    assert events == {PaymentEventName.PAID: 200_000, PaymentEventName.REFUND_DUE: 150_000}


def test_less_than_the_reduced_amount_is_partial(transfer, operator):
    cancel(transfer, "Mật ong")
    result = import_statement(operator, vcb((170_000, transfer_note(transfer.number))), "s.csv", "vietcombank")
    assert result.statement.lines.get().review_reason == Reason.PARTIAL


def test_every_line_cancelled_leaves_nothing_due_and_no_qr(transfer, operator, client):
    cancel(transfer, "Mật ong")
    cancel(transfer, "Trà rau má")
    assert amount_due(transfer) == 0 and amount_to_pay(transfer) == 0
    assert VietQRTransfer().instructions(transfer) == {"nothing_due": True}
    assert payment_instructions_due(transfer) == {}
    page = order_page(client, transfer)
    assert "ocop-vietqr" not in page and "vietqr.js" not in page
    assert "Không còn gì phải trả" in page
    # The thank-you page's block says so instead of a QR of 0 ₫.
    html = render_to_string("oscar/checkout/partials/payment_instructions.html",
                            {"order": transfer, **payment_instructions(transfer)})
    assert "ocop-nothing-due" in html and "<svg" not in html
    # A transfer that still arrives is for an order awaiting nothing: an operator decides.
    result = import_statement(operator, vcb((350_000, transfer_note(transfer.number))), "s.csv", "vietcombank")
    assert result.statement.lines.get().review_reason == Reason.NOT_AWAITING
    with pytest.raises(InvalidLineTransition):
        mark_paid(operator, transfer, reference="FT1")
    transfer.refresh_from_db()
    assert transfer.payment_status == PaymentStatus.AWAITING_TRANSFER


def test_cash_on_delivery_asks_for_the_reduced_amount(cod, admin_user, client):
    operator = admin_user
    cancel(cod, "Trà rau má")
    assert amount_due(cod) == 180_000
    assert CashOnDelivery().instructions(cod) == {"cod_amount": 180_000}
    text = render_to_string(CashOnDelivery.instructions_text_template,
                            {"order": cod, **payment_instructions(cod)})
    assert "180.000" in text and "350.000" not in text
    assert "180.000" in order_page(client, cod)

    # The operator's button and the payment it records.
    client.force_login(operator)
    page = client.get(reverse("dashboard:order-detail", kwargs={"number": cod.number})).content.decode()
    form = page[page.index('id="mark_paid_form"'):page.index("</form>", page.index('id="mark_paid_form"'))]
    assert "180.000" in form and "350.000" not in form
    mark_paid(operator, cod, reference="COURIER-7")
    assert PaymentEvent.objects.get(order=cod, event_type__name=PaymentEventName.PAID).amount == 180_000

    # Cancelling the last line once paid gives back what was paid: the honey and
    # the fee, not the tea that was never paid for.
    cod.refresh_from_db()
    plan = plan_refund(cod, [line_of(cod, "Mật ong")])
    assert (plan.lines_amount, plan.delivery_amount) == (150_000, FEE)
    cancel(cod, "Mật ong")
    refunds = PaymentEvent.objects.filter(order=cod, event_type__name__in=(
        PaymentEventName.REFUNDED, PaymentEventName.REFUND_DUE))
    assert sorted(refunds.values_list("amount", flat=True)) == [FEE, 150_000]
    assert cod.payment_status == PaymentStatus.REFUNDED


def test_everything_cancelled_on_delivery_leaves_no_cash_to_collect(cod, admin_user, client):
    operator = admin_user
    cancel(cod, "Trà rau má")
    cancel(cod, "Mật ong")
    assert CashOnDelivery().instructions(cod) == {"nothing_due": True}
    client.force_login(operator)
    page = client.get(reverse("dashboard:order-detail", kwargs={"number": cod.number})).content.decode()
    assert 'id="mark_paid_form"' not in page


def test_the_buyer_sees_the_new_amount_before_confirming_a_cancellation(transfer, client):
    token = guest_token(transfer)
    url = reverse("buyer-guest-order-line", kwargs={
        "number": transfer.number, "token": token, "line_id": line_of(transfer, "Mật ong").pk,
        "action": "cancel"})
    page = client.get(url).content.decode()
    assert "200.000" in page[page.index('id="cancel_due_after"'):]
    client.post(url, {"confirm": "yes"})
    transfer.refresh_from_db()
    assert line_of(transfer, "Mật ong").status == LineStatus.CANCELLED and amount_due(transfer) == 200_000

    with translation.override("en"):
        last = reverse("buyer-guest-order-line", kwargs={
            "number": transfer.number, "token": token, "line_id": line_of(transfer, "Trà rau má").pk,
            "action": "cancel"})
    page = client.get(last).content.decode()
    assert "Nothing will be left to pay: this is the last item of the order." in page


def test_a_free_delivery_stays_free_when_a_cancellation_takes_the_basket_below_the_threshold(products, vietqr):
    """No fee is added after placement: the order was free to deliver when placed."""
    order = unpaid_order(products, "vietqr", PaymentStatus.AWAITING_TRANSFER)
    Order.objects.filter(pk=order.pk).update(shipping_incl_tax=0, shipping_excl_tax=0,
                                             total_incl_tax=320_000, total_excl_tax=320_000)
    order.refresh_from_db()
    cancel(order, "Mật ong")
    assert amount_due(order) == 170_000
    assert amount_due(order) == Decimal(170_000).to_integral_value()
