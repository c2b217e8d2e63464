"""Issue 13's journey after "place order", in real Chromium: a buyer pays by bank
transfer on a phone (the VietQR page: bank by name, copy buttons, the QR image to
save, banking apps' links), an operator uploads the bank statement that matches
it, the producer ships the line with a tracking number, and the buyer gets the
email in their language and follows the parcel on their order page at 390 px.
Before paying, the buyer finds the transfer's QR again on their order page."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from oscar.core.loading import get_model
from playwright.sync_api import expect

from checkout.payment.vietqr import transfer_note, vietqr_payload
from marketplace.order.statuses import PaymentStatus
from tests.factories import producer_user
from tests.functional.steps import check_out_as_guest, sign_in
from tests.functional.test_accessibility_browser import blocking_violations
from tests.integration.test_reconciliation import vcb

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Order = get_model("order", "Order")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def vietqr(settings):
    settings.VIETQR_BANK_BIN = "970436"
    settings.VIETQR_ACCOUNT_NUMBER = "0011001932418"
    settings.VIETQR_ACCOUNT_NAME = "CONG TY CHO OCOP"


def test_transfer_paid_by_statement_shipped_and_followed_on_a_phone(page, buyer_shop, vietqr, tmp_path,
                                                                    django_user_model):
    # The banks' logos come from VietQR: tests never reach the network.
    page.route(re.compile(r"^https://api\.vietqr\.io/"), lambda route: route.abort())
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.set_viewport_size(PHONE)
    tea, hue, ward = buyer_shop["tea"], buyer_shop["hue"], buyer_shop["ward"]

    # The buyer pays by transfer, on their phone.
    page.goto(tea.get_absolute_url())
    page.locator("#add_to_basket_form").get_by_role("button", name="Thêm vào giỏ hàng").click()
    page.wait_for_load_state()
    page.goto("/checkout/")
    check_out_as_guest(page, "lan@example.vn", hue, ward, "vietqr")
    order = Order.objects.get()
    assert (order.payment_method, order.payment_status) == ("vietqr", PaymentStatus.AWAITING_TRANSFER)
    amount, note = int(order.total_incl_tax), transfer_note(order.number)

    bank = page.locator(".ocop-vietqr-bank").inner_text()
    assert "Vietcombank" in bank and "970436" not in bank
    apps = page.locator("a.ocop-vietqr-app")
    assert apps.first.is_visible() and apps.count() >= 8
    first_app = apps.first.get_attribute("href")
    assert f"am={amount}" in first_app and f"tn={note}" in first_app and "ba=0011001932418%40VCB" in first_app
    assert page.locator(".ocop-vietqr svg").is_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert blocking_violations(page) == []

    page.get_by_role("button", name="Sao chép nội dung chuyển khoản").click()
    # A locator expectation, not wait_for_function("…"): a string predicate is eval'd in the page,
    # which the shop's CSP (no 'unsafe-eval') rightly blocks.
    expect(page.locator(".ocop-copy-status")).to_have_text("Đã sao chép")
    assert page.evaluate("navigator.clipboard.readText()") == note

    with page.expect_download() as download_info:
        page.locator("#ocop-vietqr-save").click()
    download = download_info.value
    assert download.suggested_filename == f"vietqr-{order.number}.png"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    decoded = zxingcpp.read_barcodes(Image.open(saved).convert("L"))
    assert [result.text for result in decoded] == [vietqr_payload("970436", "0011001932418", amount, note)]

    # On a desktop, the QR is there to scan with the phone; the app links are not.
    page.set_viewport_size(DESKTOP)
    assert page.locator(".ocop-vietqr svg").is_visible() and not apps.first.is_visible()

    # The buyer leaves that page; later, on their phone, they open the order from the
    # confirmation email: the same instructions are there while the transfer is awaited.
    [placed] = [message for message in mail.outbox if message.to == ["lan@example.vn"]]
    order_path = urlsplit(re.search(r"https?://\S+/\S*" + order.number + r"\S*", placed.body).group(0)).path
    page.set_viewport_size(PHONE)
    page.goto(order_path)
    pay = page.locator("#buyer_order_pay")
    expect(pay.locator(".ocop-vietqr svg")).to_be_visible()
    assert "Vietcombank" in pay.locator(".ocop-vietqr-bank").inner_text()
    assert pay.locator("a.ocop-vietqr-app").first.is_visible()
    assert f"am={amount}" in pay.locator("a.ocop-vietqr-app").first.get_attribute("href")
    assert pay.locator("#ocop-vietqr-save").get_attribute("download") == f"vietqr-{order.number}.png"
    assert note in pay.locator(".ocop-vietqr-details").inner_text()
    # The copy buttons' script runs here too (under the CSP: the page fixture fails on a violation).
    pay.get_by_role("button", name="Sao chép số tiền").click()
    expect(pay.locator(".ocop-copy-status")).to_have_text("Đã sao chép")
    assert page.evaluate("navigator.clipboard.readText()") == str(amount)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    assert blocking_violations(page) == []

    # The operator uploads the bank's statement: the note as the bank mangled it.
    django_user_model.objects.create_superuser("operator", "operator@example.vn", "x")
    sign_in(page, "operator@example.vn", "x")
    page.goto("/dashboard/reconciliation/")
    page.select_option("select[name=layout]", "vietcombank")
    mangled = f"MBVCB.5213.{note[:5].lower()} {note[5:]}.CT tu NGUYEN THI LAN"
    page.set_input_files("input[name=file]", files=[{
        "name": "sao-ke-vcb.csv", "mimeType": "text/csv",
        "buffer": vcb((amount, mangled), (50_000, "chuyen tien an trua")),
    }])
    page.locator("#statement-upload button[type=submit]").click()
    page.wait_for_url("**/dashboard/reconciliation/statements/*/")
    assert "1" in page.locator(".alert-success").inner_text()
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.PAID

    # The producer ships the line with VNPost and its tracking number.
    producer_user(tea.producer, "baola")
    sign_in(page, "baola@example.vn", "x")
    page.goto(f"/dashboard/orders/{order.number}/")
    line = order.lines.get()
    assert page.locator(f'[data-line-transitions="{line.pk}"] [data-allowed="Shipped"]').count() == 1
    page.check(f"input[name=selected_line][value='{line.pk}']")
    page.select_option("#new_status_select", "Shipped")
    page.select_option("#id_carrier", "vnpost")
    page.fill("#id_tracking_number", "EE123456789VN")
    mail.outbox.clear()
    page.get_by_role("button", name="Đổi trạng thái").click()
    page.wait_for_load_state()
    line.refresh_from_db()
    assert line.status == "Shipped"

    # The buyer's email, in Vietnamese (the language they bought in), with the tracking link.
    [email] = [message for message in mail.outbox if message.to == ["lan@example.vn"]]
    assert f"Đơn hàng {order.number} của bạn" in email.subject and "đang được giao" in email.subject
    tracking = "https://ems.com.vn/tra-cuu/tra-cuu-buu-gui?code=EE123456789VN"
    assert f"Theo dõi bưu kiện của bạn: {tracking}" in email.body
    order_link = re.search(r"https?://\S+/\S*" + order.number + r"\S*", email.body).group(0)

    # …and opens their order from it on the phone: the tracking link, no sideways scroll.
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page.goto(urlsplit(order_link).path)  # the shop's address in the email is the configured one
    link = page.locator("a.buyer-order__track")
    assert link.get_attribute("href") == tracking and link.is_visible()
    # Paid: the order page no longer asks for the transfer.
    assert page.locator("#buyer_order_pay").count() == 0 and page.locator(".ocop-vietqr").count() == 0
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
