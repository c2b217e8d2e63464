"""Payment-aware fulfilment: what a line may do next depends on its status and its
order's payment; shipping from "confirmed" records "packed" on the way; cancelling
a paid line refunds that line through the order's payment method and releases its
stock; unpaid transfers expire."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from oscar.core.loading import get_model

from checkout.payment.base import RefundFailed, SourceTypeName
from checkout.payment.stripe.client import StripeGateway
from checkout.refunds import cancel_lines
from marketplace.order.fulfilment import InvalidLineTransition, change_line_status, line_transitions
from marketplace.order.statuses import LineStatus, PaymentStatus
from tests.factories import (
    ProducerFactory,
    create_product,
    make_basket,
    place_basket,
    producer_user,
)
from tests.integration.test_payment_stripe import FakeStripeHTTP

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture(autouse=True)
def english():
    """Service messages in English here; pages are read in Vietnamese, the default."""
    with translation.override("en"):
        yield


@pytest.fixture
def shop(django_user_model):
    producer = ProducerFactory(name="HTX Quảng Thọ II")
    tea = create_product("Trà rau má", price=85_000, stock=10, producer=producer)
    honey = create_product("Mật ong", price=150_000, stock=10, producer=producer)
    order = place_basket(make_basket((tea, 2), (honey, 1)), guest_email="buyer@example.vn")
    return {"order": order, "tea": tea, "honey": honey, "user": producer_user(producer, "quangtho"),
            "tea_line": order.lines.get(product=tea), "honey_line": order.lines.get(product=honey)}


def pay_with(order, method, status, reference=""):
    Order.objects.filter(pk=order.pk).update(payment_method=method, payment_status=status)
    if reference:
        source_type, _ = SourceType.objects.get_or_create(name=SourceTypeName.STRIPE_CARD)
        Source.objects.create(order=order, source_type=source_type, amount_allocated=order.total_incl_tax,
                              amount_debited=order.total_incl_tax, reference=reference)
    order.refresh_from_db()
    return order


def allowed(line, order):
    return {t.status: t.refusal for t in line_transitions(line, order)}


def test_an_unpaid_transfer_is_not_packed_or_shipped_and_cod_is(shop):
    order, line = pay_with(shop["order"], "vietqr", PaymentStatus.AWAITING_TRANSFER), shop["tea_line"]
    moves = allowed(line, order)
    assert "not paid yet" in moves[LineStatus.PACKED] and "not paid yet" in moves[LineStatus.SHIPPED]
    assert moves[LineStatus.CANCELLED] == ""
    assert "delivered only after it is shipped" in moves[LineStatus.DELIVERED]
    with pytest.raises(InvalidLineTransition, match="not paid yet"):
        change_line_status(shop["user"], order, [line.pk], LineStatus.SHIPPED)
    line.refresh_from_db()
    assert line.status == LineStatus.CONFIRMED

    order = pay_with(order, "cod", PaymentStatus.AWAITING_COD)
    assert all(refusal == "" for status, refusal in allowed(line, order).items() if status != LineStatus.DELIVERED)


def test_confirmed_to_shipped_in_one_step_records_packed_and_consumes_stock(shop):
    order, line = pay_with(shop["order"], "cod", PaymentStatus.AWAITING_COD), shop["tea_line"]
    change_line_status(shop["user"], order, [line.pk], LineStatus.SHIPPED)
    line.refresh_from_db()
    assert line.status == LineStatus.SHIPPED
    stock = StockRecord.objects.get(product=shop["tea"])
    assert (stock.num_in_stock, stock.num_allocated) == (8, 0)
    assert allowed(line, order) == {LineStatus.DELIVERED: "",
                                    LineStatus.CANCELLED: "A shipped line cannot be cancelled."}


def test_the_dashboard_offers_only_allowed_moves_and_says_why_not(client, shop):
    order = pay_with(shop["order"], "vietqr", PaymentStatus.AWAITING_TRANSFER)
    client.force_login(shop["user"])
    page = client.get(reverse("dashboard:order-detail", kwargs={"number": order.number})).content.decode()
    options = page.split('id="new_status_select"', 1)[1].split("</select>", 1)[0]
    assert 'value="Cancelled"' in options and 'value="Shipped"' not in options and 'value="Packed"' not in options
    assert 'data-refused="Shipped"' in page and "not paid yet" in page


def test_cancelling_a_paid_card_line_refunds_that_line_with_its_own_key(shop, monkeypatch, settings):
    fake = FakeStripeHTTP()
    monkeypatch.setattr(StripeGateway, "http_client", fake)
    settings.STRIPE_SECRET_KEY = "sk_test_x"
    order = pay_with(shop["order"], "stripe", PaymentStatus.PAID, reference="pi_test_1")
    line = shop["tea_line"]
    cancel_lines(shop["user"], order, [line.pk])
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.PARTIALLY_REFUNDED
    [refund] = fake.refunds
    assert refund["idempotency_key"] == f"refund-{order.number}-line-{line.pk}"
    assert fake.requests[-1]["params"]["amount"] == "170000"
    event = order.payment_events.get(event_type__name="Refunded")
    assert (event.amount, event.reference) == (170_000, "re_test_1")
    assert list(event.line_quantities.values_list("line_id", "quantity")) == [(line.pk, 2)]
    assert StockRecord.objects.get(product=shop["tea"]).num_allocated == 0

    cancel_lines(shop["user"], order, [shop["honey_line"].pk])
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.REFUNDED and order.status == "Cancelled"
    assert sum(e.amount for e in order.payment_events.filter(event_type__name="Refunded")) == order.total_incl_tax


def test_a_refused_card_refund_cancels_nothing(shop, monkeypatch, settings):
    fake = FakeStripeHTTP()

    def down(*args, **kwargs):
        return '{"error": {"type": "invalid_request_error", "message": "charge already refunded"}}', 400, {}

    fake.request = down
    monkeypatch.setattr(StripeGateway, "http_client", fake)
    settings.STRIPE_SECRET_KEY = "sk_test_x"
    order = pay_with(shop["order"], "stripe", PaymentStatus.PAID, reference="pi_test_1")
    with pytest.raises(RefundFailed):
        cancel_lines(shop["user"], order, [shop["tea_line"].pk])
    shop["tea_line"].refresh_from_db()
    order.refresh_from_db()
    assert shop["tea_line"].status == LineStatus.CONFIRMED and order.payment_status == PaymentStatus.PAID
    assert StockRecord.objects.get(product=shop["tea"]).num_allocated == 2


def test_a_paid_transfer_line_cancelled_records_a_refund_due(shop):
    order = pay_with(shop["order"], "vietqr", PaymentStatus.PAID)
    cancel_lines(shop["user"], order, [shop["honey_line"].pk])
    event = order.payment_events.get(event_type__name="Refund due")
    assert event.amount == 150_000
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.PARTIALLY_REFUNDED


def test_a_paid_line_is_not_cancelled_without_a_refund(shop):
    order = pay_with(shop["order"], "vietqr", PaymentStatus.PAID)
    with pytest.raises(InvalidLineTransition, match="refunds them"):
        change_line_status(shop["user"], order, [shop["tea_line"].pk], LineStatus.CANCELLED)


def test_an_unpaid_cod_line_cancels_with_nothing_to_refund(shop):
    order = pay_with(shop["order"], "cod", PaymentStatus.AWAITING_COD)
    cancel_lines(shop["user"], order, [shop["tea_line"].pk])
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.AWAITING_COD
    assert not order.payment_events.filter(event_type__name__in=["Refunded", "Refund due"]).exists()


def test_delivered_is_recorded_as_a_shipping_event(shop):
    order = pay_with(shop["order"], "cod", PaymentStatus.AWAITING_COD)
    change_line_status(shop["user"], order, [shop["tea_line"].pk], LineStatus.SHIPPED)
    change_line_status(shop["user"], order, [shop["tea_line"].pk], LineStatus.DELIVERED)
    event = order.shipping_events.get(event_type__name="Delivered")
    assert list(event.line_quantities.values_list("line_id", flat=True)) == [shop["tea_line"].pk]


def test_unpaid_transfers_expire_after_the_window_once(shop, settings, django_capture_on_commit_callbacks):
    settings.VIETQR_PAYMENT_WINDOW_HOURS = 48
    order = pay_with(shop["order"], "vietqr", PaymentStatus.AWAITING_TRANSFER)
    fresh = place_basket(make_basket((shop["tea"], 1)), guest_email="late@example.vn")
    pay_with(fresh, "vietqr", PaymentStatus.AWAITING_TRANSFER)
    Order.objects.filter(pk=order.pk).update(
        date_placed=timezone.now() - datetime.timedelta(hours=49), language="en")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("cancel_unpaid_transfers")
        call_command("cancel_unpaid_transfers")  # idempotent: nothing more happens
    order.refresh_from_db()
    fresh.refresh_from_db()
    assert order.status == "Cancelled" and order.payment_status == PaymentStatus.FAILED
    assert fresh.status == "Confirmed"
    assert StockRecord.objects.get(product=shop["tea"]).num_allocated == 1  # the fresh order's unit
    assert StockRecord.objects.get(product=shop["honey"]).num_allocated == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["buyer@example.vn"]
    assert order.number in mail.outbox[0].subject and "was cancelled because its bank transfer" in mail.outbox[0].body
    assert f"/orders/{order.number}/" in mail.outbox[0].body


@pytest.mark.parametrize("carrier, number, url", [
    ("vnpost", "ee 123 456 789 vn", "https://ems.com.vn/tra-cuu/tra-cuu-buu-gui?code=EE123456789VN"),
    ("ghn", "LBK7XH9N", "https://donhang.ghn.vn/?order_code=LBK7XH9N"),
    ("viettelpost", "1234567890", "https://viettelpost.com.vn/tra-cuu-hanh-trinh-don/"),
    ("own", "", ""),
])
def test_tracking_numbers_are_cleaned_and_linked(carrier, number, url):
    from marketplace.order.carriers import clean_tracking_number, tracking_url

    assert tracking_url(carrier, clean_tracking_number(carrier, number)) == url


@pytest.mark.parametrize("carrier, number, error", [
    ("vnpost", "12345", "does not look like a VNPost / EMS tracking number"),
    ("ghn", "", "Enter the carrier's tracking number"),
    ("dhl", "X", "Choose a carrier"),
])
def test_bad_tracking_numbers_are_refused_with_a_reason(carrier, number, error):
    from django.core.exceptions import ValidationError

    from marketplace.order.carriers import clean_tracking_number

    with pytest.raises(ValidationError, match=error):
        clean_tracking_number(carrier, number)


def test_shipping_from_the_dashboard_records_the_parcel_and_emails_the_buyer(
        client, shop, django_capture_on_commit_callbacks):
    order = pay_with(shop["order"], "cod", PaymentStatus.AWAITING_COD)
    Order.objects.filter(pk=order.pk).update(language="en")
    line = shop["tea_line"]
    url = reverse("dashboard:order-detail", kwargs={"number": order.number})
    client.force_login(shop["user"])
    post = {"line_action": "change_line_statuses", "selected_line": [line.pk],
            f"selected_line_qty_{line.pk}": 2, "new_status": "Shipped", "carrier": "vnpost"}
    page = client.post(url, {**post, "tracking_number": "123"}, follow=True).content.decode()
    line.refresh_from_db()
    assert line.status == "Confirmed" and "does not look like a VNPost / EMS tracking number" in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**post, "tracking_number": "EE123456789VN"})
    line.refresh_from_db()
    assert line.status == "Shipped"
    shipment = order.shipping_events.get(event_type__name="Shipped")
    assert (shipment.carrier, shipment.tracking_number) == ("vnpost", "EE123456789VN")
    assert list(shipment.lines.all()) == [line]
    [email] = mail.outbox
    assert email.to == ["buyer@example.vn"] and "is on its way" in email.subject
    assert "https://ems.com.vn/tra-cuu/tra-cuu-buu-gui?code=EE123456789VN" in email.body
    assert "Trà rau má × 2" in email.body and "Mật ong" not in email.body
