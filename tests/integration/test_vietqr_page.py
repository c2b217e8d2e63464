"""The VietQR payment instructions on the confirmation page: the bank by name and
logo, copy buttons, the QR as a PNG to save, the banking apps' links."""

import base64
import io
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image

from checkout.payment.vietqr import transfer_note, vietqr_payload
from tests.integration.test_checkout_flow import add, checkout_until_payment, place, world  # noqa: F401

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")


@pytest.fixture
def vietqr_page(client, world, settings, django_capture_on_commit_callbacks):  # noqa: F811
    settings.VIETQR_BANK_BIN = "970436"
    settings.VIETQR_ACCOUNT_NUMBER = "0011001932418"
    settings.VIETQR_ACCOUNT_NAME = "CONG TY CHO OCOP"
    add(client, world["tea"])
    checkout_until_payment(client, world)
    with django_capture_on_commit_callbacks(execute=True):
        assert place(client, "vietqr").status_code == 302
    order = Order.objects.get()
    return order, client.get(reverse("checkout:thank-you"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()


def test_the_bank_shows_by_name_and_logo_not_its_bin(vietqr_page):
    order, page = vietqr_page
    bank = page[page.index('class="ocop-vietqr-bank"'):]
    bank = bank[:bank.index("</dd>")]
    assert "Vietcombank" in bank and "Ngân hàng TMCP Ngoại Thương Việt Nam" in bank
    assert "https://api.vietqr.io/img/VCB.png" in bank
    assert "970436" not in re.sub(r"<svg.*?</svg>", "", page, flags=re.S)


def test_copy_buttons_carry_account_amount_and_note(vietqr_page):
    order, page = vietqr_page
    copies = re.findall(r'class="btn btn-outline-secondary btn-sm ocop-copy" data-copy="([^"]+)"', page)
    assert copies == ["0011001932418", "110000", transfer_note(order.number)]
    assert 'aria-live="polite"' in page and "checkout/vietqr.js" in page


def test_saved_png_decodes_to_the_same_payload(vietqr_page):
    order, page = vietqr_page
    link = re.search(r'<a[^>]*id="ocop-vietqr-save" href="data:image/png;base64,([^"]+)" download="([^"]+)"', page)
    assert link and link.group(2) == f"vietqr-{order.number}.png"
    image = Image.open(io.BytesIO(base64.b64decode(link.group(1))))
    assert image.format == "PNG"
    payload = vietqr_payload("970436", "0011001932418", 110_000, transfer_note(order.number))
    zxingcpp = pytest.importorskip("zxingcpp")
    decoded = zxingcpp.read_barcodes(image.convert("L"))
    assert [result.text for result in decoded] == [payload]


def test_banking_app_links_carry_account_amount_and_note(vietqr_page):
    order, page = vietqr_page
    links = [unescape(href) for href in re.findall(r'class="[^"]*ocop-vietqr-app" href="([^"]+)"', page)]
    assert len(links) >= 8
    apps = []
    for link in links:
        parts = urlsplit(link)
        query = parse_qs(parts.query)
        assert parts.netloc == "dl.vietqr.io"
        assert query["ba"] == ["0011001932418@VCB"] and query["am"] == ["110000"]
        assert query["tn"] == [transfer_note(order.number)]
        apps.append(query["app"][0])
    assert apps[:4] == ["vcb", "mb", "tcb", "icb"]
