"""The buyer follows a shipped order on a 390 px phone from the signed link:
the parcel's tracking link is there and nothing scrolls sideways."""

import pytest
from django.urls import reverse

from marketplace.order.buyer import guest_token
from marketplace.order.fulfilment import ship_lines
from marketplace.order.statuses import PaymentStatus
from tests.factories import (
    ProducerFactory,
    create_product,
    make_basket,
    place_basket,
    producer_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_guest_follows_the_parcel_on_a_phone_and_cancels_a_line(page):
    producer = ProducerFactory(name="Hợp tác xã Nông nghiệp Dịch vụ Tổng hợp Quảng Thọ II")
    tea = create_product("Trà rau má túi lọc Quảng Thọ hộp giấy 25 gói × 2 g (đặc sản Thừa Thiên Huế)",
                         price=85_000, stock=10, producer=producer)
    honey = create_product("Mật ong", price=150_000, stock=10, producer=producer)
    order = place_basket(make_basket((tea, 2), (honey, 1)), guest_email="buyer@example.vn")
    order.__class__.objects.filter(pk=order.pk).update(payment_method="cod",
                                                         payment_status=PaymentStatus.AWAITING_COD)
    order.refresh_from_db()
    ship_lines(producer_user(producer, "quangtho"), order, [order.lines.get(product=tea).pk],
               "vnpost", "EE123456789VN")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("buyer-order", kwargs={"number": order.number, "token": guest_token(order)}))
    link = page.locator("a.buyer-order__track")
    assert link.get_attribute("href") == "https://ems.com.vn/tra-cuu/tra-cuu-buu-gui?code=EE123456789VN"
    assert page.locator("#buyer_order").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # Cancelling asks first (a page, no script): what goes and that nothing was paid.
    page.get_by_role("link", name="Hủy sản phẩm này").click()
    page.wait_for_selector("#cancel_confirm")
    assert "Mật ong" in page.locator("#cancel_confirm").inner_text()
    assert "chưa thanh toán" in page.locator("#cancel_refund").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="Có, hủy sản phẩm này").click()
    page.wait_for_selector("#buyer_order")
    honey_line = page.locator(f'[data-line="{order.lines.get(product=honey).pk}"]')
    assert honey_line.get_attribute("data-status") == "Cancelled"
    assert "Đã hủy" in honey_line.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
