"""The buyer's email when a producer or an operator cancels lines of their order
(``checkout.refunds.cancel_lines`` → ``checkout.emails.send_lines_cancelled_email``):
one email per cancelling action, after commit, in the order's language, naming
the products and the reason, and what becomes of the money: the new amount due
with the transfer details or the cash for the courier, nothing once every line is
cancelled, the refund of a paid order. The buyer's own cancellation on their
order page sends none (they read the same facts there)."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db.models import F
from django.urls import reverse
from oscar.core.loading import get_model

from checkout.payment.base import RefundFailed, SourceTypeName
from checkout.payment.stripe.client import StripeGateway
from checkout.payment.vietqr import transfer_note
from checkout.refunds import cancel_lines
from marketplace.order.buyer import guest_token
from marketplace.order.fulfilment import mark_paid
from marketplace.order.statuses import LineStatus, PaymentStatus
from tests.factories import ProducerFactory, create_product, producer_user
from tests.integration.test_amount_due import FEE, unpaid_order, vietqr  # noqa: F401
from tests.integration.test_payment_stripe import FakeStripeHTTP

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")


@pytest.fixture
def shop():
    producer = ProducerFactory(name="HTX Quảng Thọ II")
    products = (create_product("Trà rau má", price=85_000, stock=50, producer=producer),
                create_product("Mật ong", price=150_000, stock=50, producer=producer))
    return {"products": products, "producer": producer_user(producer, "quangtho")}


@pytest.fixture
def operator(admin_user):
    return admin_user


def order_for(shop, method, status, language="vi"):
    """2 × 85.000 ₫ of tea + 150.000 ₫ of honey + 30.000 ₫ delivery = 350.000 ₫, for
    the guest lan@example.vn."""
    order = unpaid_order(shop["products"], method, status)
    Order.objects.filter(pk=order.pk).update(language=language)
    order.refresh_from_db()
    return order


def dashboard_cancel(client, user, order, titles, reason="", capture=None):
    """Cancel the lines ``titles`` in one action of the order dashboard, as ``user``."""
    lines = list(order.lines.filter(title__in=titles))
    data = {"line_action": "change_line_statuses", "new_status": LineStatus.CANCELLED,
            "selected_line": [line.pk for line in lines], "cancel_reason": reason}
    data.update({f"selected_line_qty_{line.pk}": line.quantity for line in lines})
    client.force_login(user)
    with capture(execute=True) as callbacks:
        response = client.post(reverse("dashboard:order-detail", kwargs={"number": order.number}), data)
    assert response.status_code == 302
    assert all(line.status == LineStatus.CANCELLED for line in order.lines.filter(title__in=titles))
    order.refresh_from_db()
    return callbacks


def only_email():
    """The one email of the action, to the guest, its amounts' no-break spaces as spaces."""
    [email] = mail.outbox
    assert email.to == ["lan@example.vn"]
    email.body = email.body.replace("\xa0", " ")
    return email


def test_a_producer_cancels_a_line_of_an_unpaid_transfer_the_buyer_gets_the_new_amount_and_note(
        client, shop, vietqr, django_capture_on_commit_callbacks):  # noqa: F811
    order = order_for(shop, "vietqr", PaymentStatus.AWAITING_TRANSFER)
    client.force_login(shop["producer"])
    page = client.get(reverse("dashboard:order-detail", kwargs={"number": order.number})).content.decode()
    assert 'name="cancel_reason"' in page and "người mua sẽ đọc" in page
    dashboard_cancel(client, shop["producer"], order, ["Mật ong"], reason="Hết mùa mật ong",
                     capture=django_capture_on_commit_callbacks)
    email = only_email()
    assert email.subject == f"Một số sản phẩm trong đơn hàng {order.number} tại Chợ OCOP đã bị hủy"
    body = email.body
    assert "Mật ong × 1 (HTX Quảng Thọ II): 150.000" in body and "Trà rau má" not in body
    assert "Lý do: Hết mùa mật ong" in body
    assert "Các sản phẩm còn lại trong đơn hàng vẫn được giao như dự kiến." in body
    assert "Số tiền phải trả bây giờ là 200.000 ₫ (đơn hàng được đặt với 350.000 ₫)." in body
    assert "Số tiền chính xác: 200.000 ₫" in body
    assert f"Nội dung chuyển khoản: {transfer_note(order.number)}" in body
    assert "0011001932418" in body
    assert "đừng chuyển thêm" in body
    # The guest's signed link to the order.
    assert guest_token(order) in body


def test_an_operator_cancel_in_english_on_cash_on_delivery_asks_for_the_new_cash_amount(
        client, shop, operator, django_capture_on_commit_callbacks):
    order = order_for(shop, "cod", PaymentStatus.AWAITING_COD, language="en")
    dashboard_cancel(client, operator, order, ["Trà rau má"], capture=django_capture_on_commit_callbacks)
    email = only_email()
    assert email.subject == f"Items of your order {order.number} at Chợ OCOP were cancelled"
    body = email.body
    assert "these items of your order" in body and "Trà rau má × 2 (HTX Quảng Thọ II): 170.000" in body
    assert "Reason" not in body
    assert "You now pay 180.000 ₫ (the order was placed for 350.000 ₫)." in body
    assert "Please have 180.000 ₫ ready in cash for the courier." in body
    assert "transfer" not in body


def test_every_line_cancelled_in_one_action_sends_one_email_with_nothing_due(
        client, shop, operator, vietqr, django_capture_on_commit_callbacks):  # noqa: F811
    order = order_for(shop, "vietqr", PaymentStatus.AWAITING_TRANSFER, language="en")
    dashboard_cancel(client, operator, order, ["Trà rau má", "Mật ong"], reason="Out of stock",
                     capture=django_capture_on_commit_callbacks)
    email = only_email()
    assert email.subject == f"Your order {order.number} at Chợ OCOP was cancelled"
    body = email.body
    assert "your order" in body and "Trà rau má × 2" in body and "Mật ong × 1" in body
    assert "Reason: Out of stock" in body
    assert "Nothing is left to pay: every item of this order was cancelled." in body
    assert "You now pay" not in body and "Exact amount" not in body and "goes ahead" not in body

    # The same in Vietnamese.
    mail.outbox.clear()
    other = order_for(shop, "vietqr", PaymentStatus.AWAITING_TRANSFER)
    dashboard_cancel(client, operator, other, ["Trà rau má", "Mật ong"], capture=django_capture_on_commit_callbacks)
    email = only_email()
    assert email.subject == f"Đơn hàng {other.number} của bạn tại Chợ OCOP đã bị hủy"
    assert "Không còn gì phải trả: mọi sản phẩm của đơn này đã bị hủy." in email.body


def test_a_paid_transfer_line_cancelled_tells_the_refund_due(
        client, shop, operator, vietqr, django_capture_on_commit_callbacks):  # noqa: F811
    order = order_for(shop, "vietqr", PaymentStatus.AWAITING_TRANSFER, language="en")
    mark_paid(operator, order, reference="FT1")
    dashboard_cancel(client, shop["producer"], order, ["Mật ong"], capture=django_capture_on_commit_callbacks)
    body = only_email().body
    assert "Refund: 150.000 ₫" in body and "delivery fee" not in body
    assert "Our team transfers it back to the account you paid from" in body
    assert "We will email you again when the transfer has been sent." in body
    assert "You now pay" not in body and "Exact amount" not in body

    # The last line: its price and the delivery fee, in Vietnamese.
    mail.outbox.clear()
    Order.objects.filter(pk=order.pk).update(language="vi")
    dashboard_cancel(client, shop["producer"], order, ["Trà rau má"], capture=django_capture_on_commit_callbacks)
    body = only_email().body
    assert f"Hoàn tiền: {170_000 + FEE:,} ₫".replace(",", ".") in body
    assert "(gồm phí giao hàng 30.000 ₫)" in body
    assert "Chúng tôi sẽ gửi email cho bạn khi đã chuyển khoản." in body


def test_a_paid_card_order_tells_the_card_refund(client, shop, operator, monkeypatch, settings,
                                                 django_capture_on_commit_callbacks):
    fake = FakeStripeHTTP()
    monkeypatch.setattr(StripeGateway, "http_client", fake)
    settings.STRIPE_SECRET_KEY = "sk_test_x"
    order = order_for(shop, "stripe", PaymentStatus.PAID, language="en")
    source_type, _ = SourceType.objects.get_or_create(name=SourceTypeName.STRIPE_CARD)
    Source.objects.filter(order=order).update(source_type=source_type, reference="pi_test_1",
                                              amount_debited=F("amount_allocated"))
    dashboard_cancel(client, operator, order, ["Trà rau má", "Mật ong"], capture=django_capture_on_commit_callbacks)
    assert len(fake.refunds) == 3  # two lines and the delivery fee
    body = only_email().body
    assert "Refund: 350.000 ₫ (including the delivery fee of 30.000 ₫)" in body
    assert "Refunded to your card at once" in body and "email you again" not in body


def test_a_refused_refund_cancels_nothing_and_sends_nothing(shop, operator,
                                                             django_capture_on_commit_callbacks):
    order = order_for(shop, "stripe", PaymentStatus.PAID, language="en")  # no card source: refused
    with pytest.raises(RefundFailed), django_capture_on_commit_callbacks(execute=True):
        cancel_lines(operator, order, [order.lines.get(title="Mật ong").pk])
    assert mail.outbox == []
    assert not order.lines.filter(status=LineStatus.CANCELLED).exists()


def test_the_buyer_cancelling_on_their_order_page_gets_no_email(client, shop, vietqr,  # noqa: F811
                                                                 django_capture_on_commit_callbacks):
    order = order_for(shop, "vietqr", PaymentStatus.AWAITING_TRANSFER)
    line = order.lines.get(title="Mật ong")
    url = reverse("buyer-guest-order-line", kwargs={"number": order.number, "token": guest_token(order),
                                                     "line_id": line.pk, "action": "cancel"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirm": "yes"})
    line.refresh_from_db()
    assert line.status == LineStatus.CANCELLED
    assert mail.outbox == []


def test_a_signed_in_buyers_order_is_emailed_to_their_account(shop, operator, django_capture_on_commit_callbacks):
    order = order_for(shop, "cod", PaymentStatus.AWAITING_COD, language="en")
    buyer = get_user_model().objects.create_user("lan", "lan.account@example.vn", "x")
    Order.objects.filter(pk=order.pk).update(user=buyer, guest_email="")
    order.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        cancel_lines(operator, order, [order.lines.get(title="Mật ong").pk], reason="Damaged")
    [email] = mail.outbox
    assert email.to == ["lan.account@example.vn"]
    assert "Reason: Damaged" in email.body
    assert reverse("customer:order", kwargs={"order_number": order.number}) in email.body
    # The reason is in the order's note too.
    assert order.notes.filter(message__contains="Damaged").exists()
