"""When a paid order cannot be placed (``checkout.placement._give_back``), the buyer
is told per payment method what happens to the money, in their language."""

from decimal import Decimal

import pytest
from django.utils import translation

from checkout.payment.base import PaymentResult, SourceTypeName, UnableToPlaceOrder
from checkout.payment.stripe.method import StripeCard
from checkout.payment.vietqr import VietQRTransfer
from checkout.payment.vnpay.method import VnpayPayment
from checkout.placement import OrderSubmission, _give_back
from marketplace.order.statuses import PaymentStatus


class Refunds:
    def undo_payment(self, result, order_number):
        pass


class RefundFails:
    def undo_payment(self, result, order_number):
        raise RuntimeError("gateway down")


@pytest.fixture(autouse=True)
def refund_emails(monkeypatch):
    """The refund email (sent after commit) is another test's business: recorded here."""
    sent = []
    monkeypatch.setattr("checkout.placement.notify_payment_refunded", lambda *args, **kwargs: sent.append(args))
    return sent


#: What the buyer confirmed: order 100123, a guest.
SUBMISSION = OrderSubmission(number="100123", user=None, basket=None, total=None, shipping_method=None,
                             shipping_charge=None, order_fields={"guest_email": "lan@example.vn"})


def paid(source_type):
    return PaymentResult(source_type=source_type, amount_allocated=Decimal(285000), amount_debited=Decimal(285000),
                         payment_status=PaymentStatus.PAID, reference="REF-1")


@pytest.mark.parametrize("method_class, source, vi, en", [
    (StripeCard, SourceTypeName.STRIPE_CARD, "hoàn vào thẻ", "refunded to your card"),
    (VnpayPayment, SourceTypeName.VNPAY, "qua VNPay", "refunded through VNPay"),
    (VietQRTransfer, SourceTypeName.VIETQR_TRANSFER, "chuyển khoản", "recorded as due"),
])
def test_each_method_says_what_happens_to_the_money(method_class, source, vi, en, refund_emails):
    method = type("M", (Refunds, method_class), {})()
    for language, expected in (("vi", vi), ("en", en)):
        with translation.override(language):
            error = _give_back(method, paid(source), SUBMISSION, UnableToPlaceOrder("Out of stock."))
        assert str(error).startswith("Out of stock. ") and expected in str(error) and "285.000 ₫" in str(error)
    assert [(number, email) for _method, number, _amount, email, *_rest in refund_emails] == [
        ("100123", "lan@example.vn")] * 2


def test_a_failed_refund_says_a_person_refunds_with_the_reference(refund_emails):
    method = type("M", (RefundFails, VnpayPayment), {})()
    with translation.override("en"):
        error = _give_back(method, paid(SourceTypeName.VNPAY), SUBMISSION, ValueError("boom"))
    assert str(error).startswith("We could not place your order. ")
    assert "VNPay" in str(error) and "REF-1" in str(error) and "boom" not in str(error)
    assert refund_emails == []  # nothing was given back yet
