"""Click and collect in real Chromium: a tourist on a phone (390 px) chooses a
sales point at checkout and pays at the counter; the point's staff mark the order
ready, then collected with the code the buyer shows; the buyer gets both emails."""

import os
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from oscar.core.loading import get_model

from marketplace.sales_points.models import PickUpStatus
from tests.factories import ProvinceFactory, create_product, create_sales_point, sales_point_user
from tests.functional.steps import continue_as_guest, place_order_with_cash_on_delivery

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])


def test_a_buyer_picks_up_at_a_sales_point_and_staff_hand_it_over(page, live_server, chromium):
    tea = create_product("Trà rau má Quảng Thọ", price=85_000, stock=2)
    point = create_sales_point("HUE-DAINOI", name="Cửa hàng OCOP Đại Nội Huế", province=ProvinceFactory(),
                               address_line="Cửa Ngọ Môn", opening_hours="7:00–17:30 hằng ngày", stock={tea: 5})
    staff = sales_point_user(point, "chau")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(tea.get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]:not([data-buy-now])").click()
    page.wait_for_load_state()
    page.goto("/basket/")
    page.locator("a[href='/checkout/']").first.click()
    continue_as_guest(page, "du-khach@example.vn")

    page.get_by_role("link", name="Nhận hàng tại điểm bán").click()
    page.wait_for_url("**/checkout/pick-up/")
    assert "7:00–17:30 hằng ngày" in page.locator("#pick_up_form").inner_text()
    page.get_by_label(re.compile("Cửa hàng OCOP Đại Nội Huế")).check()
    page.fill("input[name=first_name]", "Trần Văn Khách")
    page.fill("input[name=phone_number]", "0912 345 678")
    page.locator("#pick_up_form button[type=submit]").click()

    page.wait_for_url("**/checkout/payment-details/")
    place_order_with_cash_on_delivery(page)

    order = Order.objects.get()
    pick_up = order.pick_up
    assert order.number in page.locator("body").inner_text()
    assert pick_up.sales_point == point and int(order.shipping_incl_tax) == 0
    assert StockRecord.objects.get(partner=point.partner).num_allocated == 1

    # The point's staff, at the counter (a desktop).
    staff_page = chromium.new_context(base_url=live_server.url, locale="vi-VN").new_page()
    sign_in(staff_page, live_server, staff)
    staff_page.goto("/dashboard/sales-point/")
    staff_page.get_by_role("link", name=order.number).click()
    staff_page.get_by_role("button", name=re.compile("sẵn sàng")).click()
    staff_page.wait_for_load_state()
    pick_up.refresh_from_db()
    assert pick_up.status == PickUpStatus.READY
    assert "sẵn sàng" in staff_page.locator("#pickup-status").inner_text().lower()
    staff_page.fill("input[name=code]", "AAAAAAAA")
    staff_page.get_by_role("button", name=re.compile("đã giao")).click()
    assert staff_page.locator(".invalid-feedback").is_visible()
    staff_page.fill("input[name=code]", pick_up.code.lower())
    staff_page.get_by_role("button", name=re.compile("đã giao")).click()
    staff_page.wait_for_load_state()
    pick_up.refresh_from_db()
    assert pick_up.status == PickUpStatus.COLLECTED
    staff_page.context.close()

    buyer_mail = [message for message in mail.outbox if message.to == ["du-khach@example.vn"]]
    assert len(buyer_mail) == 3  # confirmation, ready (with the code), collected
    assert pick_up.code in buyer_mail[0].body and pick_up.code in buyer_mail[1].body
    assert any(message.to == ["chau@example.vn"] for message in mail.outbox)
