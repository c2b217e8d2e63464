"""On a 390 px phone, a producer signs in with their email and adds a product with
a photo; every producer page fits the screen (no sideways scrolling)."""

import os

import pytest
from django.contrib.auth import get_user_model
from wagtail.images.tests.utils import get_test_image_file

from catalogue.models import Product
from marketplace.producers.invitations import invite_user
from tests.factories import ProducerFactory, create_product

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mây-tre-Bao-La-2026"
PHONE = {"width": 390, "height": 844}


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_producer_adds_a_product_with_a_photo_on_a_phone(page, tmp_path):
    producer = ProducerFactory(name="HTX Mây tre đan Bao La")
    create_product("Đèn mây tre Bao La", group="handicraft", producer=producer, is_public=True)
    user = invite_user(producer, "lan@example.vn", invited_by=None)
    user.set_password(PASSWORD)
    user.save()
    photo = tmp_path / "gio-may.png"
    photo.write_bytes(get_test_image_file().file.getvalue())

    page.set_viewport_size(PHONE)
    page.goto("/dashboard/login/")
    assert page.locator("input[name=username][type=email]").count() == 1
    page.fill("input[name=username]", "lan@example.vn")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_url("**/dashboard/producer/")
    assert page.get_by_role("heading", name="Sản phẩm của bạn").is_visible()
    assert page.get_by_text("Đang bán").first.is_visible()
    assert fits_the_screen(page)

    page.get_by_role("link", name="Thêm sản phẩm").first.click()
    page.wait_for_url("**/dashboard/producer/products/new/")
    assert fits_the_screen(page)
    page.get_by_label("Tên sản phẩm (tiếng Việt)").fill("Giỏ mây đan Bao La")
    page.get_by_label("Tên sản phẩm (tiếng Anh)").fill("Bao La rattan basket")
    page.get_by_label("Nhóm sản phẩm OCOP").select_option("handicraft")
    page.get_by_label("Mô tả (tiếng Việt)").fill("Giỏ đan tay từ mây rừng.\n\nBền, nhẹ.")
    page.get_by_label("Giá (đồng)").fill("250000")
    page.get_by_label("Số lượng tồn kho").fill("8")
    page.get_by_label("Quy cách đóng gói").fill("1 chiếc, 30 x 20 cm")
    page.locator("#id_images-0-original").set_input_files(str(photo))
    page.locator("#id_images-0-alt_text").fill("Giỏ mây màu nâu trên bàn gỗ")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_url("**/dashboard/producer/products/*/")
    assert page.get_by_text("Đã lưu “Giỏ mây đan Bao La”.").is_visible()
    assert page.locator("img[alt='Giỏ mây màu nâu trên bàn gỗ']").count() == 1
    assert fits_the_screen(page)

    basket = Product.objects.get(title="Giỏ mây đan Bao La")
    assert (basket.producer, basket.is_public, basket.images.get().alt_text) == (
        producer, False, "Giỏ mây màu nâu trên bàn gỗ")
    assert int(basket.stockrecords.get().price) == 250_000

    page.goto("/dashboard/producer/")
    assert page.get_by_text("Giỏ mây đan Bao La").is_visible()
    assert page.get_by_text("Bản nháp").first.is_visible()
    page.goto("/dashboard/producer/team/")
    assert fits_the_screen(page)
    assert get_user_model().objects.filter(email="lan@example.vn").count() == 1
