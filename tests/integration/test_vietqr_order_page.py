"""The VietQR transfer instructions on the buyer's order page (the signed-in
account's and the guest's signed link): the same block as the thank-you page
(QR, bank, copy buttons, banking apps' links, QR to save) while the transfer is
awaited, and gone once the order is paid, refunded, failed or cancelled."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from checkout.payment.vietqr import transfer_note
from checkout.refunds import cancel_lines
from marketplace.order.buyer import guest_token
from marketplace.order.fulfilment import mark_paid
from marketplace.order.statuses import LineStatus, OrderStatus, PaymentStatus
from tests.factories import ProducerFactory, create_product, make_basket, place_basket

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")

COPIES = re.compile(r'class="btn btn-outline-secondary btn-sm ocop-copy" data-copy="([^"]+)"')


@pytest.fixture
def vietqr(settings):
    settings.VIETQR_BANK_BIN = "970436"
    settings.VIETQR_ACCOUNT_NUMBER = "0011001932418"
    settings.VIETQR_ACCOUNT_NAME = "CONG TY CHO OCOP"


@pytest.fixture(params=["guest", "signed_in"])
def awaiting(request, vietqr, client, django_user_model):
    """A transfer order (2 × 85.000 ₫ + 150.000 ₫) awaited, and a function that
    fetches its buyer's order page: the guest's signed link, or the account's page
    with the buyer signed in."""
    producer = ProducerFactory(name="HTX Quảng Thọ II")
    tea = create_product("Trà rau má", price=85_000, stock=10, producer=producer)
    honey = create_product("Mật ong", price=150_000, stock=10, producer=producer)
    buyer = None
    if request.param == "signed_in":
        buyer = django_user_model.objects.create_user(username="lan", email="lan@example.vn", password="x")
        order = place_basket(make_basket((tea, 2), (honey, 1)), user=buyer)
    else:
        order = place_basket(make_basket((tea, 2), (honey, 1)), guest_email="lan@example.vn")
    Order.objects.filter(pk=order.pk).update(payment_method="vietqr",
                                             payment_status=PaymentStatus.AWAITING_TRANSFER)
    order.refresh_from_db()

    def open_page(language="vi"):
        with translation.override(language):  # the language is the URL's prefix (/en/…)
            if buyer is not None:
                client.force_login(buyer)
                url = reverse("customer:order", kwargs={"order_number": order.number})
            else:
                url = reverse("buyer-order", kwargs={"number": order.number, "token": guest_token(order)})
        response = client.get(url)
        assert response.status_code == 200
        return response

    return order, open_page


def block(page: str) -> str:
    """The order page's payment block, or "" when it has none."""
    start = page.find('id="buyer_order_pay"')
    if start == -1:
        return ""
    return page[start:page.index("</section>", page.index('class="ocop-vietqr-details"', start))]


def test_the_awaited_transfer_shows_on_the_order_page_with_amount_and_note(awaiting):
    order, open_page = awaiting
    assert order.total_incl_tax == 320_000
    response = open_page()
    page = response.content.decode()
    pay = block(page)
    assert pay, "the order page shows how to pay"
    note = transfer_note(order.number)
    assert COPIES.findall(pay) == ["0011001932418", "320000", note]
    assert "320.000" in pay and f"<code class=\"ocop-copy-value\">{note}</code>" in pay
    assert "Vietcombank" in pay and "CONG TY CHO OCOP" in pay
    assert "<svg" in pay and 'id="ocop-vietqr-save" href="data:image/png;base64,' in pay
    assert f'download="vietqr-{order.number}.png"' in pay
    apps = [unescape(href) for href in re.findall(r'class="[^"]*ocop-vietqr-app" href="([^"]+)"', pay)]
    assert len(apps) >= 8
    for link in apps:
        query = parse_qs(urlsplit(link).query)
        assert query["am"] == ["320000"] and query["tn"] == [note] and query["ba"] == ["0011001932418@VCB"]
    # In the buyer's language, next to the status it explains.
    assert "Cách thanh toán" in pay and "Chuyển khoản ngân hàng (VietQR)" in pay
    assert "Chờ chuyển khoản" in page[page.index('id="buyer_order_payment"'):]
    # The copy buttons' script, once, with this response's CSP nonce.
    scripts = re.findall(r'<script src="[^"]*checkout/vietqr\.js" nonce="([^"]+)"', page)
    assert len(scripts) == 1
    assert f"'nonce-{scripts[0]}'" in response["Content-Security-Policy"]


def test_the_order_page_explains_the_transfer_in_english_too(awaiting):
    order, open_page = awaiting
    pay = block(open_page("en").content.decode())
    assert "How to pay" in pay and "Bank transfer (VietQR)" in pay and "Transfer note" in pay
    assert "Copy the transfer note" in pay and "Save QR image" in pay


def test_the_block_is_gone_once_the_transfer_is_paid(awaiting, django_user_model):
    order, open_page = awaiting
    assert block(open_page().content.decode())
    operator = django_user_model.objects.create_user(username="op", password="x", is_staff=True)
    mark_paid(operator, order, reference="FT2401")
    page = open_page().content.decode()
    assert block(page) == "" and "ocop-vietqr" not in page and "vietqr.js" not in page
    assert "Đã thanh toán" in page[page.index('id="buyer_order_payment"'):]


@pytest.mark.parametrize("status", [PaymentStatus.FAILED, PaymentStatus.REFUNDED,
                                    PaymentStatus.PARTIALLY_REFUNDED])
def test_no_block_once_the_transfer_failed_or_was_refunded(awaiting, status):
    order, open_page = awaiting
    assert block(open_page().content.decode())
    Order.objects.filter(pk=order.pk).update(payment_status=status)
    assert block(open_page().content.decode()) == ""


def test_no_block_once_the_buyer_cancelled_every_line(awaiting):
    """Cancelling before paying leaves the status "awaiting transfer" (nothing to
    give back), but there is nothing left to pay for."""
    order, open_page = awaiting
    assert block(open_page().content.decode())
    cancel_lines(None, order, list(order.lines.values_list("pk", flat=True)), only_from=LineStatus.CONFIRMED)
    order.refresh_from_db()
    assert (order.status, order.payment_status) == (OrderStatus.CANCELLED, PaymentStatus.AWAITING_TRANSFER)
    assert block(open_page().content.decode()) == ""


def test_cash_on_delivery_and_a_switched_off_transfer_show_no_block(awaiting, settings):
    order, open_page = awaiting
    Order.objects.filter(pk=order.pk).update(payment_method="cod", payment_status=PaymentStatus.AWAITING_COD)
    assert block(open_page().content.decode()) == ""
    # The shop no longer configures its account: nothing true to show, no error.
    Order.objects.filter(pk=order.pk).update(payment_method="vietqr",
                                             payment_status=PaymentStatus.AWAITING_TRANSFER)
    settings.VIETQR_ACCOUNT_NUMBER = ""
    page = open_page().content.decode()
    assert block(page) == "" and 'id="buyer_order"' in page
