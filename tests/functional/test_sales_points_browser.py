"""A buyer on a phone (390 px) finds sales points: the list, "near me" with the
browser's location, a point's page and the product page's list, with no page
scrolling sideways and no Content-Security-Policy violation (the ``page`` fixture)."""

import os
from decimal import Decimal

import pytest

from tests.factories import ProvinceFactory, create_product, create_sales_point

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_sales_points_on_a_phone(page):
    quang_ninh = ProvinceFactory(code="22", name="Tỉnh Quảng Ninh", short_name="Quảng Ninh")
    hue = ProvinceFactory()
    tea = create_product("Trà hoa vàng Ba Chẽ đặc sản thượng hạng hộp quà tặng 500 gam")
    create_sales_point(
        "QN-BIGC-HALONG", name="Góc OCOP Big C Hạ Long", province=quang_ninh, stock={tea: 5},
        latitude=Decimal("20.9533"), longitude=Decimal("107.0800"), opening_hours="8:00–22:00 hằng ngày",
        address_line="Lô H1, đường Trần Quốc Nghiễn, khu đô thị mới Cột 8", phone="0203 3123 456",
    )
    create_sales_point("HUE-DAINOI", name="Cửa hàng OCOP Đại Nội", province=hue, stock={tea: 2},
                       latitude=Decimal("16.4698"), longitude=Decimal("107.5776"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 16.4637, "longitude": 107.5909})  # Huế

    page.goto("/sales-points/")
    assert no_sideways_scroll(page)
    names = page.locator(".ocop-sp-card h3").all_inner_texts()
    assert names == ["Cửa hàng OCOP Đại Nội", "Góc OCOP Big C Hạ Long"]  # Huế, then Quảng Ninh
    with page.expect_navigation():
        page.get_by_role("button", name="Điểm bán gần tôi").click()
    assert "lat=16.4637" in page.url
    assert page.locator(".ocop-sp-card h3").first.inner_text() == "Cửa hàng OCOP Đại Nội"
    assert "km" in page.locator(".ocop-sp-distance").first.inner_text()
    assert no_sideways_scroll(page)

    page.get_by_role("link", name="Góc OCOP Big C Hạ Long").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Góc OCOP Big C Hạ Long"
    assert page.locator(".ocop-sp-products [data-sku]").count() == 1
    assert no_sideways_scroll(page)

    page.goto(tea.get_absolute_url())
    offers = page.locator("#sales-points li")
    assert offers.count() == 2
    assert no_sideways_scroll(page)
