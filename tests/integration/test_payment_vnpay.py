"""VNPay: the signed redirect, the IPN (signature, amount, replays), placement only
once VNPay confirmed the payment (IPN or querydr), and refunds through VNPay's
refund API. No network: the gateway talks to an injected fake VNPay API."""

import datetime
from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from oscar.core.loading import get_model

from checkout.payment.vnpay.client import (
    QUERYDR_ANSWER_FIELDS,
    REFUND_ANSWER_FIELDS,
    REFUND_FIELDS,
    VnpayGateway,
    _hmac,
    query_string,
)
from checkout.payment.vnpay.method import VnpayPayment
from checkout.payment.vnpay.models import VnpayRefund, VnpayTransaction
from checkout.refunds import cancel_lines
from marketplace.order.statuses import LineStatus, PaymentStatus
from tests.factories import ProducerFactory, ProvinceFactory, WardFactory, create_product
from tests.integration.test_payment_stripe import no_network  # noqa: F401 (autouse socket guard)

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
StockRecord = get_model("partner", "StockRecord")

SECRET = "TESTSECRETKEY0123456789ABCDEFGHIJ"
TMN = "OCOPTEST"


class FakeVnpayApi:
    """VNPay's merchant API (querydr, refund), signing its answers like VNPay."""

    def __init__(self):
        self.calls: list[dict] = []
        self.transactions: dict[str, dict] = {}
        self.refund_code = "00"

    def __call__(self, url, body):
        self.calls.append(body)
        fields = REFUND_FIELDS if body["vnp_Command"] == "refund" else None
        if fields:
            assert body["vnp_SecureHash"] == _hmac(SECRET, "|".join(str(body[f]) for f in fields))
        paid = self.transactions.get(body["vnp_TxnRef"])
        answer = {"vnp_ResponseId": "r1", "vnp_Command": body["vnp_Command"], "vnp_TmnCode": TMN,
                  "vnp_TxnRef": body["vnp_TxnRef"], "vnp_Message": "ok", "vnp_OrderInfo": body["vnp_OrderInfo"]}
        if body["vnp_Command"] == "querydr":
            answer |= {"vnp_ResponseCode": "00" if paid else "91", "vnp_TransactionStatus": paid and "00" or "",
                       "vnp_Amount": str(paid["amount"]) if paid else "", "vnp_TransactionNo": "14000001",
                       "vnp_BankCode": "NCB", "vnp_PayDate": "20250101120000", "vnp_TransactionType": "01"}
            answer_fields = QUERYDR_ANSWER_FIELDS
        else:
            answer |= {"vnp_ResponseCode": self.refund_code, "vnp_Amount": str(body["vnp_Amount"]),
                       "vnp_TransactionNo": f"1500000{len(self.calls)}", "vnp_TransactionType": body["vnp_TransactionType"],
                       "vnp_TransactionStatus": "05", "vnp_BankCode": "NCB", "vnp_PayDate": ""}
            answer_fields = REFUND_ANSWER_FIELDS
        answer["vnp_SecureHash"] = _hmac(SECRET, "|".join(str(answer.get(f) or "") for f in answer_fields))
        return answer

    def refunds(self):
        return [c for c in self.calls if c["vnp_Command"] == "refund"]


@pytest.fixture
def vnpay(settings, monkeypatch):
    settings.VNPAY_TMN_CODE = TMN
    settings.VNPAY_HASH_SECRET = SECRET
    settings.VNPAY_PAYMENT_URL = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
    settings.VNPAY_API_URL = "https://sandbox.vnpayment.vn/merchant_webapi/api/transaction"
    fake = FakeVnpayApi()
    monkeypatch.setattr(VnpayGateway, "http_client", fake)
    return fake


def vnpay_says(txn_ref, amount_vnd, *, code="00", transaction_no="14000001", secret=SECRET, **extra):
    """What VNPay appends to the return URL and sends to the IPN, signed."""
    params = {"vnp_Amount": str(amount_vnd * 100), "vnp_BankCode": "NCB", "vnp_CardType": "ATM",
              "vnp_OrderInfo": "Cho OCOP don hang", "vnp_PayDate": "20250101120000", "vnp_ResponseCode": code,
              "vnp_TmnCode": TMN, "vnp_TransactionNo": transaction_no, "vnp_TransactionStatus": code,
              "vnp_TxnRef": txn_ref, **extra}
    params["vnp_SecureHashType"] = "HmacSHA512"
    params["vnp_SecureHash"] = _hmac(secret, query_string(
        {k: v for k, v in params.items() if k != "vnp_SecureHashType"}))
    return params


@pytest.fixture
def at_preview(client, settings, vnpay):
    settings.FREE_SHIPPING_THRESHOLD_VND = 10_000_000
    settings.SHIPPING_DEFAULT_FEE_VND = 30_000
    hue = ProvinceFactory()
    ward = WardFactory(province=hue)
    tea = create_product("Trà rau má Quảng Thọ", price=85_000, stock=5, producer=ProducerFactory())
    client.post(reverse("basket:add", kwargs={"pk": tea.pk}), {"quantity": 3})
    client.post(reverse("checkout:index"), {"username": "buyer@example.vn", "options": "anonymous"})
    client.post(reverse("checkout:shipping-address"), {
        "first_name": "Nguyễn Văn An", "phone_number": "0912 345 678", "line1": "5 Lê Lợi",
        "province": hue.pk, "ward": ward.pk,
    })
    client.get(reverse("checkout:shipping-method"))
    client.post(reverse("checkout:payment-details"), {"payment_method": "vnpay"})
    page = client.get(reverse("checkout:preview"))
    assert page.status_code == 200
    return {"page": page.content.decode(), "tea": tea, "txn": VnpayTransaction.objects.get()}


def ipn(client, params):
    return client.get(reverse("checkout:vnpay-ipn"), params).json()


def come_back(client, params):
    return client.get(reverse("checkout:preview"), params)


def test_the_redirect_is_signed_over_sorted_params_with_amount_times_100(at_preview):
    txn = at_preview["txn"]
    assert txn.amount == 285_000  # 3 × 85.000 + 30.000 delivery
    link = next(part.split('"')[0] for part in at_preview["page"].split('href="')[1:]
                if part.startswith("https://sandbox.vnpayment.vn"))
    link = link.replace("&amp;", "&")
    params = dict(parse_qsl(urlsplit(link).query))
    assert params["vnp_Amount"] == "28500000"
    assert params["vnp_TxnRef"] == txn.txn_ref and params["vnp_TmnCode"] == TMN
    assert params["vnp_Version"] == "2.1.0" and params["vnp_CurrCode"] == "VND"
    assert params["vnp_ReturnUrl"].endswith(reverse("checkout:preview"))
    assert params["vnp_CreateDate"] == txn.created_vnp
    signed_part = urlsplit(link).query.rsplit("&vnp_SecureHash=", 1)[0]
    assert signed_part == query_string({k: v for k, v in params.items() if k != "vnp_SecureHash"})
    assert params["vnp_SecureHash"] == _hmac(SECRET, signed_part)


def test_the_ipn_confirms_once_and_the_return_places_the_order(client, at_preview, vnpay):
    txn = at_preview["txn"]
    assert ipn(client, vnpay_says(txn.txn_ref, 285_000)) == {"RspCode": "00", "Message": "Confirm Success"}
    # VNPay retries: a replay is "already confirmed" and changes nothing.
    assert ipn(client, vnpay_says(txn.txn_ref, 285_000, transaction_no="999"))["RspCode"] == "02"
    txn.refresh_from_db()
    assert (txn.status, txn.transaction_no) == (VnpayTransaction.Status.PAID, "14000001")

    response = come_back(client, vnpay_says(txn.txn_ref, 285_000))
    assert response.status_code == 302
    order = Order.objects.get()
    assert (order.payment_method, order.payment_status) == ("vnpay", PaymentStatus.PAID)
    source = Source.objects.get(order=order)
    assert (source.reference, source.amount_debited) == (txn.txn_ref, Decimal("285000"))
    assert order.payment_events.get().reference == "14000001"
    txn.refresh_from_db()
    assert txn.status == VnpayTransaction.Status.PLACED
    assert not vnpay.calls  # the IPN was enough: no querydr


def test_forged_and_wrong_amount_ipns_change_nothing(client, at_preview):
    txn = at_preview["txn"]
    assert ipn(client, vnpay_says(txn.txn_ref, 285_000, secret="forged"))["RspCode"] == "97"
    tampered = vnpay_says(txn.txn_ref, 285_000)
    tampered["vnp_Amount"] = "100"
    assert ipn(client, tampered)["RspCode"] == "97"
    assert ipn(client, vnpay_says(txn.txn_ref, 1_000))["RspCode"] == "04"
    assert ipn(client, vnpay_says("nope", 285_000))["RspCode"] == "01"
    txn.refresh_from_db()
    assert txn.status == VnpayTransaction.Status.PENDING


def test_a_return_url_alone_is_never_trusted(client, at_preview, settings):
    settings.VNPAY_API_URL = None  # no querydr: only the IPN can confirm
    txn = at_preview["txn"]
    response = come_back(client, vnpay_says(txn.txn_ref, 285_000))
    assert response.status_code == 200
    assert Order.objects.count() == 0
    with translation.override("vi"):
        assert gettext("VNPay has not confirmed your payment yet. Please wait a moment and reload this page; "
                       "if you paid, your order will be placed.") in response.content.decode()


def test_without_the_ipn_a_signed_querydr_answer_places_the_order(client, at_preview, vnpay):
    txn = at_preview["txn"]
    vnpay.transactions[txn.txn_ref] = {"amount": 28_500_000}
    response = come_back(client, vnpay_says(txn.txn_ref, 285_000))
    assert response.status_code == 302
    assert Order.objects.get().payment_status == PaymentStatus.PAID
    query = vnpay.calls[0]
    assert (query["vnp_Command"], query["vnp_TransactionDate"]) == ("querydr", txn.created_vnp)
    # The late IPN is acknowledged and changes nothing.
    assert ipn(client, vnpay_says(txn.txn_ref, 285_000))["RspCode"] == "02"
    assert VnpayTransaction.objects.get().status == VnpayTransaction.Status.PLACED


def test_a_querydr_answer_for_another_amount_is_not_believed(client, at_preview, vnpay):
    txn = at_preview["txn"]
    vnpay.transactions[txn.txn_ref] = {"amount": 100}
    assert come_back(client, vnpay_says(txn.txn_ref, 285_000)).status_code == 200
    assert Order.objects.count() == 0


def test_a_cancelled_payment_says_so_and_the_next_try_is_a_new_transaction(client, at_preview):
    txn = at_preview["txn"]
    ipn(client, vnpay_says(txn.txn_ref, 285_000, code="24"))
    response = come_back(client, vnpay_says(txn.txn_ref, 285_000, code="24"))
    with translation.override("vi"):
        assert escape(gettext("You cancelled the payment on VNPay's page. Nothing was ordered or charged.")) in (
            response.content.decode())
    assert Order.objects.count() == 0
    client.post(reverse("checkout:payment-details"), {"payment_method": "vnpay"})
    client.get(reverse("checkout:preview"))
    assert VnpayTransaction.objects.count() == 2
    assert VnpayTransaction.objects.exclude(pk=txn.pk).get().status == VnpayTransaction.Status.PENDING


def test_another_sessions_transaction_cannot_pay_for_this_order(client, at_preview):
    other = VnpayTransaction.objects.create(txn_ref="999V1", order_number="999", amount=285_000,
                                            created_vnp="20250101000000", status=VnpayTransaction.Status.PAID)
    assert come_back(client, vnpay_says(other.txn_ref, 285_000)).status_code == 200
    assert Order.objects.count() == 0


def test_paid_but_stock_gone_refunds_through_vnpay(client, at_preview, vnpay, monkeypatch):
    txn = at_preview["txn"]
    ipn(client, vnpay_says(txn.txn_ref, 285_000))
    take_payment = VnpayPayment.take_payment

    def stock_taken_meanwhile(self, *args, **kwargs):
        result = take_payment(self, *args, **kwargs)
        StockRecord.objects.filter(product=at_preview["tea"]).update(num_allocated=4)
        return result

    monkeypatch.setattr(VnpayPayment, "take_payment", stock_taken_meanwhile)
    response = come_back(client, vnpay_says(txn.txn_ref, 285_000))
    assert response.status_code == 200
    assert Order.objects.count() == 0
    (refund,) = vnpay.refunds()
    assert (refund["vnp_Amount"], refund["vnp_TransactionType"]) == (28_500_000, "02")
    assert refund["vnp_TransactionNo"] == "14000001"
    assert VnpayTransaction.objects.get(pk=txn.pk).status == VnpayTransaction.Status.REFUNDED
    # The buyer is told, in their language, that VNPay gave the money back.
    with translation.override("vi"):
        told = gettext("Your VNPay payment of %(amount)s ₫ has been refunded through VNPay to the card or account "
                       "you paid with; your bank shows it within a few working days.") % {"amount": "285.000"}
    assert escape(told) in response.content.decode()
    # The refund record survives the placement's rollback.
    assert VnpayRefund.objects.get().amount == 285_000


@pytest.fixture
def vnpay_order(client, at_preview):
    txn = at_preview["txn"]
    ipn(client, vnpay_says(txn.txn_ref, 285_000))
    come_back(client, vnpay_says(txn.txn_ref, 285_000))
    return Order.objects.get()


def test_cancelling_a_paid_line_refunds_it_through_vnpay_once(vnpay_order, vnpay):
    line = vnpay_order.lines.get()
    cancel_lines(None, vnpay_order, [line.pk])
    refunds = vnpay.refunds()
    # The line (255.000 ₫) then the delivery fee, as partial refunds of the one transaction.
    assert [(r["vnp_Amount"], r["vnp_TransactionType"]) for r in refunds] == [
        (25_500_000, "03"), (3_000_000, "03")]
    assert len({r["vnp_RequestId"] for r in refunds}) == 2
    vnpay_order.refresh_from_db()
    assert vnpay_order.payment_status == PaymentStatus.REFUNDED
    assert VnpayRefund.objects.count() == 2
    # A retry with the same idempotency key never asks VNPay again.
    method = VnpayPayment()
    again = method.refund(vnpay_order, Decimal("255000"), reason="retry",
                          idempotency_key=f"refund-{vnpay_order.number}-line-{line.pk}")
    assert again.settled and len(vnpay.refunds()) == 2


def test_a_refused_vnpay_refund_cancels_nothing(vnpay_order, vnpay):
    from checkout.payment.base import RefundFailed

    vnpay.refund_code = "95"
    line = vnpay_order.lines.get()
    with pytest.raises(RefundFailed):
        cancel_lines(None, vnpay_order, [line.pk])
    line.refresh_from_db()
    assert line.status == LineStatus.CONFIRMED
    assert VnpayRefund.objects.count() == 0


@pytest.mark.parametrize("lost", ["revoked", "expired"])
def test_paid_but_certificate_lost_meanwhile_refunds_through_vnpay(client, at_preview, vnpay, lost, mailoutbox,
                                                                   django_capture_on_commit_callbacks):
    """The product loses its certificate while the buyer is on VNPay's page: the
    payment is refunded through VNPay, not left taken behind a basket redirect."""
    from catalogue.models import Certificate

    txn = at_preview["txn"]
    ipn(client, vnpay_says(txn.txn_ref, 285_000))
    certificates = Certificate.objects.filter(product=at_preview["tea"])
    if lost == "revoked":
        certificates.update(status=Certificate.STATUS_REVOKED)
    else:
        certificates.update(valid_until=datetime.date(2020, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        response = come_back(client, vnpay_says(txn.txn_ref, 285_000))
    assert Order.objects.count() == 0
    (refund,) = vnpay.refunds()
    assert (refund["vnp_Amount"], refund["vnp_TransactionType"]) == (28_500_000, "02")
    assert VnpayTransaction.objects.get(pk=txn.pk).status == VnpayTransaction.Status.REFUNDED
    assert VnpayRefund.objects.get().amount == 285_000
    assert response.status_code == 302 and response["Location"] == reverse("basket:summary")
    with translation.override("vi"):
        told = gettext("Your VNPay payment of %(amount)s ₫ has been refunded through VNPay to the card or account "
                       "you paid with; your bank shows it within a few working days.") % {"amount": "285.000"}
    assert escape(told) in client.get(response["Location"]).content.decode()
    # The buyer is emailed, in Vietnamese (the language they checked out in).
    (mail,) = mailoutbox
    assert mail.to == ["buyer@example.vn"] and told in mail.body
    # VNPay's return reloaded (or VNPay retrying the IPN) refunds nothing twice.
    come_back(client, vnpay_says(txn.txn_ref, 285_000))
    assert ipn(client, vnpay_says(txn.txn_ref, 285_000))["RspCode"] == "02"
    assert len(vnpay.refunds()) == 1


# The buyer pays and never comes back ------------------------------------------

def settle(minutes=30):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("settle_unplaced_payments", minutes=minutes, stdout=out, stderr=out)
    return out.getvalue()


def age(txn, minutes):
    from django.utils import timezone

    moment = timezone.now() - datetime.timedelta(minutes=minutes)
    VnpayTransaction.objects.filter(pk=txn.pk).update(created_at=moment, updated_at=moment)


def test_paid_but_never_back_is_refunded_after_the_grace_period_once(client, at_preview, vnpay, mailoutbox,
                                                                    django_capture_on_commit_callbacks):
    txn = at_preview["txn"]
    assert (txn.email, txn.language) == ("buyer@example.vn", "vi")
    ipn(client, vnpay_says(txn.txn_ref, 285_000))
    # Within the grace period the buyer may still come back: nothing happens.
    assert "0 payment(s) without an order refunded" in settle()
    assert not vnpay.refunds()
    age(txn, 31)
    with django_capture_on_commit_callbacks(execute=True):
        out = settle()
    assert f"refunded vnpay {txn.txn_ref} (order {txn.order_number}, 285.000 ₫)" in out
    assert "1 payment(s) without an order refunded, 0 failed" in out
    (refund,) = vnpay.refunds()
    assert (refund["vnp_Amount"], refund["vnp_TransactionType"]) == (28_500_000, "02")
    assert VnpayTransaction.objects.get(pk=txn.pk).status == VnpayTransaction.Status.REFUNDED
    (mail,) = mailoutbox
    assert mail.to == ["buyer@example.vn"]
    with translation.override("vi"):
        assert mail.subject == gettext("Your payment for order %(order_number)s at %(shop_name)s was refunded") % {
            "order_number": txn.order_number, "shop_name": settings_shop_name()}
        assert gettext("Your VNPay payment of %(amount)s ₫ has been refunded through VNPay to the card or "
                       "account you paid with; your bank shows it within a few working days.") % {
            "amount": "285.000"} in mail.body
    # Idempotent: a second run refunds nothing more.
    assert "0 payment(s) without an order refunded" in settle()
    assert len(vnpay.refunds()) == 1
    # The buyer finally comes back: no order, and told the money went back.
    response = come_back(client, vnpay_says(txn.txn_ref, 285_000))
    assert Order.objects.count() == 0
    with translation.override("vi"):
        told = gettext("Your VNPay payment was refunded because the order was not completed in time. Nothing "
                       "was ordered; please place your order again.")
    assert escape(told) in response.content.decode()


def settings_shop_name():
    from django.conf import settings

    return settings.OSCAR_SHOP_NAME


def test_a_lost_ipn_is_found_by_querydr_and_refunded(client, at_preview, vnpay):
    txn = at_preview["txn"]
    vnpay.transactions[txn.txn_ref] = {"amount": 28_500_000}
    age(txn, 20)  # the link has expired (15 min) but the grace period has not passed
    settle()
    assert VnpayTransaction.objects.get(pk=txn.pk).status == VnpayTransaction.Status.PAID
    assert not vnpay.refunds()
    age(txn, 60)
    assert "1 payment(s) without an order refunded" in settle()
    assert VnpayTransaction.objects.get(pk=txn.pk).status == VnpayTransaction.Status.REFUNDED


def test_a_refused_refund_stays_paid_and_is_tried_again(client, at_preview, vnpay):
    from django.core.management.base import CommandError

    txn = at_preview["txn"]
    ipn(client, vnpay_says(txn.txn_ref, 285_000))
    age(txn, 60)
    vnpay.refund_code = "94"
    with pytest.raises(CommandError):
        settle()
    assert VnpayTransaction.objects.get(pk=txn.pk).status == VnpayTransaction.Status.PAID
    vnpay.refund_code = "00"
    assert "1 payment(s) without an order refunded, 0 failed" in settle()
    assert len(vnpay.refunds()) == 2  # the refused one and the one that went through


def test_a_placed_order_is_never_refunded_by_the_command(vnpay_order, vnpay):
    txn = VnpayTransaction.objects.get()
    age(txn, 600)
    assert "0 payment(s) without an order refunded" in settle()
    assert not vnpay.refunds()


def test_a_buyer_back_in_english_is_emailed_in_english_when_placement_fails(
        client, at_preview, vnpay, monkeypatch, mailoutbox, django_capture_on_commit_callbacks):
    txn = at_preview["txn"]
    ipn(client, vnpay_says(txn.txn_ref, 285_000))
    take_payment = VnpayPayment.take_payment

    def stock_taken_meanwhile(self, *args, **kwargs):
        result = take_payment(self, *args, **kwargs)
        StockRecord.objects.filter(product=at_preview["tea"]).update(num_allocated=4)
        return result

    monkeypatch.setattr(VnpayPayment, "take_payment", stock_taken_meanwhile)
    with translation.override("en"):
        english_preview = reverse("checkout:preview")
    assert english_preview.startswith("/en/")
    with django_capture_on_commit_callbacks(execute=True):
        client.get(english_preview, vnpay_says(txn.txn_ref, 285_000))
    assert Order.objects.count() == 0 and len(vnpay.refunds()) == 1
    (mail,) = mailoutbox
    assert mail.to == ["buyer@example.vn"]
    assert mail.subject == f"Your payment for order {txn.order_number} at {settings_shop_name()} was refunded"
    assert "Your VNPay payment of 285.000 ₫ has been refunded through VNPay" in mail.body
    assert "could not be placed, so nothing was ordered" in mail.body
