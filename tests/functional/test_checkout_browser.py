"""A guest buys two producers' products with cash on delivery in real Chromium,
from the product pages to the confirmation page; the order then shows in the
dashboard with both producers' lines."""

import os

import pytest
from django.conf import settings
from django.test import Client
from oscar.core.loading import get_model

from tests.factories import ProducerFactory, ProvinceFactory, WardFactory, create_product
from tests.functional.steps import check_out_as_guest_with_cash_on_delivery

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Order = get_model("order", "Order")


def test_guest_buys_from_two_producers_with_cash_on_delivery(page, live_server, django_user_model):
    hue = ProvinceFactory()
    ward = WardFactory(province=hue)
    tea = create_product("Trà rau má Quảng Thọ", price=85_000, producer=ProducerFactory(name="HTX Quảng Thọ II"))
    lamp = create_product("Đèn mây tre Bao La", group="handicraft", price=150_000,
                          producer=ProducerFactory(name="HTX Mây tre đan Bao La"))

    for product in (tea, lamp):
        page.goto(product.get_absolute_url())
        page.locator("#add_to_basket_form").get_by_role("button", name="Thêm vào giỏ hàng").click()
        page.wait_for_load_state()

    page.goto("/basket/")
    page.locator("a[href='/checkout/']").first.click()
    check_out_as_guest_with_cash_on_delivery(page, "lan@example.vn", hue, ward)
    order = Order.objects.get()
    body = page.locator("body").inner_text()
    assert order.number in body
    assert page.locator(".ocop-producer-lines").count() == 2
    expected_total = 85_000 + 150_000 + settings.SHIPPING_DEFAULT_FEE_VND
    assert f"{expected_total:,}".replace(",", ".") in page.locator("#order_total").inner_text()
    assert order.payment_method == "cod"

    # An operator opens the order in the dashboard: both producers' lines are there.
    admin = django_user_model.objects.create_superuser("admin", "admin@example.vn", "x")
    client = Client()
    client.force_login(admin)
    page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])
    page.goto(f"/dashboard/orders/{order.number}/")
    dashboard = page.locator("#lines").inner_text()
    for text in ("HTX Quảng Thọ II", "HTX Mây tre đan Bao La", "Trà rau má Quảng Thọ", "Đèn mây tre Bao La"):
        assert text in dashboard
