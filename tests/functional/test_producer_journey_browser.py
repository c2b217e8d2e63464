"""Issue 11's whole journey in real Chromium: a producer signs in, adds a product
with a photo and applies for its certificate with a scan; an OCOP officer approves
it; a buyer finds it by search and buys it with cash on delivery; near expiry,
the reminder command emails the producer once, however often it runs."""

import datetime
import os
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from oscar.core.loading import get_model

from catalogue.certification import today
from catalogue.models import CertificateApplication, Product
from marketplace.producers.invitations import invite_user
from tests.factories import ProducerFactory, ProvinceFactory, WardFactory, officers_group, png_scan
from tests.functional.steps import check_out_as_guest_with_cash_on_delivery, sign_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
User = get_user_model()
Order = get_model("order", "Order")
PASSWORD = "mây-tre-Bao-La-2026"
PHONE = {"width": 390, "height": 844}


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_from_a_new_listing_to_a_sale_and_the_expiry_reminder(page, tmp_path, database_search):
    hue = ProvinceFactory()
    ward = WardFactory(province=hue)
    producer = ProducerFactory(name="HTX Mây tre đan Bao La", province=hue, email="")
    lan = invite_user(producer, "lan@example.vn", invited_by=None)
    lan.set_password(PASSWORD)
    lan.save()
    officer = User.objects.create_user("hoa", "hoa@hue.gov.vn", PASSWORD)
    officer.groups.add(officers_group())
    photo, scan = tmp_path / "gio-may.png", tmp_path / "quyet-dinh.png"
    photo.write_bytes(png_scan().read())
    scan.write_bytes(png_scan().read())
    mail.outbox.clear()  # the invitation
    page.set_viewport_size(PHONE)

    # The producer adds a product with a photo, shown in the shop once certified.
    sign_in(page, "lan@example.vn", PASSWORD)
    page.wait_for_url("**/dashboard/producer/")
    page.goto("/dashboard/producer/products/new/")
    page.get_by_label("Tên sản phẩm (tiếng Việt)").fill("Giỏ mây đan Bao La")
    page.get_by_label("Tên sản phẩm (tiếng Anh)").fill("Bao La rattan basket")
    page.get_by_label("Nhóm sản phẩm OCOP").select_option("handicraft")
    page.get_by_label("Mô tả (tiếng Việt)").fill("Giỏ đan tay từ mây rừng A Lưới.")
    page.get_by_label("Giá (đồng)").fill("250000")
    page.get_by_label("Số lượng tồn kho").fill("8")
    page.locator("#id_images-0-original").set_input_files(str(photo))
    page.locator("#id_images-0-alt_text").fill("Giỏ mây màu nâu trên bàn gỗ")
    page.locator("#id_product-is_public").check()
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_url("**/dashboard/producer/products/*/")
    basket_product = Product.objects.get(title="Giỏ mây đan Bao La")
    assert not Product.objects.sellable().filter(pk=basket_product.pk).exists()

    # ... and applies for its certificate with the decision's scan.
    page.goto("/dashboard/producer/applications/new/")
    assert fits_the_screen(page)
    page.select_option("#id_product", str(basket_product.pk))
    page.fill("#id_decision_number", "1032/QĐ-UBND")
    page.fill("#id_signed_on", (today() - datetime.timedelta(days=10)).isoformat())
    page.fill("#id_issuing_body", "UBND thành phố Huế")
    page.select_option("#id_issuing_level", "province")
    page.select_option("#id_criteria_version", "148")
    page.select_option("#id_star", "4")
    page.locator("#id_scan").set_input_files(str(scan))
    page.get_by_role("button", name="Gửi duyệt").click()
    page.wait_for_url("**/dashboard/producer/applications/*/")
    application = CertificateApplication.objects.get(product=basket_product)
    assert application.is_pending and application.scan.read(4) == b"\x89PNG"
    page.goto("/dashboard/producer/")
    row = page.locator(".producer-list__item", has_text="Giỏ mây đan Bao La")
    assert row.locator(".producer-state--awaiting_verification").inner_text() == "Đang chờ xác minh"
    assert fits_the_screen(page)

    # An OCOP officer compares it with the scan and approves it.
    sign_in(page, "hoa@hue.gov.vn", PASSWORD)
    page.goto(f"/dashboard/producer/applications/{application.pk}/")
    assert page.locator(f"a[href='/dashboard/producer/applications/{application.pk}/scan/']").count() >= 1
    page.locator("#approve").click()
    page.wait_for_load_state()
    application.refresh_from_db()
    assert application.status == CertificateApplication.STATUS_APPROVED
    assert Product.objects.sellable().filter(pk=basket_product.pk).exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lan@example.vn"]

    # A buyer finds it by search, typed without accents, and buys it (cash on delivery).
    page.context.clear_cookies()
    page.goto("/search/?q=gio+may")
    page.locator("ol.ocop-results article.ocop-card a", has_text="Giỏ mây đan Bao La").first.click()
    page.wait_for_url(f"**{basket_product.get_absolute_url()}")
    page.get_by_role("button", name="Mua ngay").click()
    page.wait_for_url("**/checkout/")
    check_out_as_guest_with_cash_on_delivery(page, "minh@example.vn", hue, ward)
    order = Order.objects.get()
    assert order.payment_method == "cod"
    assert [(line.product_id, line.quantity, line.partner_id) for line in order.lines.all()] == [
        (basket_product.pk, 1, producer.partner_id)]

    # The producer sees the sale on their home page.
    sign_in(page, "lan@example.vn", PASSWORD)
    page.goto("/dashboard/producer/")
    assert f"Đơn hàng {order.number}" in page.locator("body").inner_text()

    # Near expiry, the daily reminder emails the producer once, however often it runs.
    certificate = application.certificate
    mail.outbox.clear()
    with mock.patch("catalogue.expiry.today", return_value=certificate.valid_until - datetime.timedelta(days=25)):
        call_command("notify_expiring_certificates")
        call_command("notify_expiring_certificates")
    assert len(mail.outbox) == 1
    reminder = mail.outbox[0]
    assert reminder.to == ["lan@example.vn"]
    assert "Giỏ mây đan Bao La" in reminder.body
    assert f"/dashboard/producer/applications/new/?product={basket_product.pk}" in reminder.body
