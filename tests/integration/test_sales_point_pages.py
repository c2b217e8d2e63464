"""The shop shows sales points: on the product page (who has it now, how far, map
links), the list by province with "near me", and each point's page with its
products (sellable, in stock, paginated, a pinned number of queries)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from tests.factories import ProvinceFactory, create_product, create_sales_point

pytestmark = pytest.mark.django_db

StockRecord = get_model("partner", "StockRecord")
Certificate = get_model("catalogue", "Certificate")

HALONG = (Decimal("20.953300"), Decimal("107.080000"))
HUE = (Decimal("16.469800"), Decimal("107.577600"))


@pytest.fixture
def points():
    quang_ninh = ProvinceFactory(code="22", name="Tỉnh Quảng Ninh", short_name="Quảng Ninh", latitude=21.0064, longitude=107.2925)
    hue = ProvinceFactory(name="Thành phố Huế", short_name="Huế")
    tea = create_product("Trà hoa vàng Ba Chẽ")
    halong = create_sales_point(
        "QN-BIGC-HALONG", name="Góc OCOP Big C Hạ Long", province=quang_ninh, stock={tea: 5},
        latitude=HALONG[0], longitude=HALONG[1], opening_hours="8:00–22:00 hằng ngày", phone="0203 3123 456",
        address_line="Đường 25/4",
    )
    dainoi = create_sales_point(
        "HUE-DAINOI", name="Cửa hàng OCOP Đại Nội", province=hue, stock={tea: 2},
        latitude=HUE[0], longitude=HUE[1], opening_hours="7:00–17:30", click_and_collect=False,
    )
    return {"tea": tea, "halong": halong, "dainoi": dainoi, "quang_ninh": quang_ninh, "hue": hue}


def test_product_page_lists_points_with_free_units_and_map_links(client, points):
    tea = points["tea"]
    # Every unit at Đại Nội is promised to online orders: not offered there.
    StockRecord.objects.filter(partner=points["dainoi"].partner).update(num_allocated=2)
    body = client.get(tea.get_absolute_url()).content.decode()
    assert 'id="sales-points"' in body
    assert "Góc OCOP Big C Hạ Long" in body and "8:00–22:00 hằng ngày" in body
    assert "Cửa hàng OCOP Đại Nội" not in body
    assert "https://www.openstreetmap.org/?mlat=20.953300&amp;mlon=107.080000" in body
    assert "https://www.google.com/maps/search/?api=1&amp;query=20.953300%2C107.080000" in body
    assert "km away" not in body and "km" not in body.split('id="sales-points"')[1].split("</section>")[0]


def test_product_page_gives_distances_nearest_first_when_the_buyer_shared_a_location(client, points):
    # In Huế city: Đại Nội is about 1 km away, Hạ Long about 500 km.
    body = client.get(points["tea"].get_absolute_url() + "?lat=16.4637&lon=107.5909",
                      HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    section = body.split('id="sales-points"')[1].split("</section>")[0]
    assert section.index("Cửa hàng OCOP Đại Nội") < section.index("Góc OCOP Big C Hạ Long")
    assert "1,6 km" in section or "1.6 km" in section
    halong_km = [part for part in section.split("ocop-sp-distance") if "Hạ Long" not in part][-1]
    assert "km" in halong_km


def test_product_page_lists_no_point_once_the_product_is_not_sellable(client, points):
    tea = points["tea"]
    Certificate.objects.filter(product=tea).update(status=Certificate.STATUS_REVOKED,
                                                   revoked_on=timezone.localdate() - datetime.timedelta(days=1))
    body = client.get(tea.get_absolute_url()).content.decode()
    assert 'id="sales-points"' not in body


def test_list_groups_points_by_province_in_both_languages(client, points):
    body = client.get("/sales-points/").content.decode()
    assert "Điểm bán OCOP" in body
    hue_at, qn_at = body.index('id="province-' + points["hue"].code), body.index('id="province-' + points["quang_ninh"].code)
    assert hue_at < qn_at  # Huế before Quảng Ninh
    assert body.index("Cửa hàng OCOP Đại Nội") > hue_at and body.index("Góc OCOP Big C Hạ Long") > qn_at
    assert reverse("sales-points:detail", kwargs={"code": "QN-BIGC-HALONG"}) in body
    english = client.get("/en/sales-points/").content.decode()
    assert "OCOP sales points" in english and "/en/sales-points/QN-BIGC-HALONG/" in english
    assert "ocop-sp-near-me" in body and "js/sales-points.js" in body


def test_list_nearest_first_and_province_picker(client, points):
    body = client.get("/sales-points/?lat=20.95&lon=107.08").content.decode()
    assert body.index("Góc OCOP Big C Hạ Long") < body.index("Cửa hàng OCOP Đại Nội")
    assert "ocop-sp-distance" in body
    only_hue = client.get(f"/sales-points/?province={points['hue'].code}").content.decode()
    assert "Cửa hàng OCOP Đại Nội" in only_hue and "Góc OCOP Big C Hạ Long" not in only_hue
    # Nonsense coordinates and provinces: the whole list, no error.
    for query in ("?lat=abc&lon=1", "?lat=91&lon=0", "?province=nowhere"):
        response = client.get("/sales-points/" + query)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Cửa hàng OCOP Đại Nội" in page and "Góc OCOP Big C Hạ Long" in page


def test_inactive_points_are_hidden(client, points):
    points["dainoi"].is_active = False
    points["dainoi"].save()
    assert "Cửa hàng OCOP Đại Nội" not in client.get("/sales-points/").content.decode()
    assert client.get("/sales-points/HUE-DAINOI/").status_code == 404
    assert "Cửa hàng OCOP Đại Nội" not in client.get(points["tea"].get_absolute_url()).content.decode()


def test_point_page_shows_its_details_and_only_sellable_products_in_stock(client, points):
    halong = points["halong"]
    lapsed = create_product("Mật ong bạc hà", valid_until=timezone.localdate() - datetime.timedelta(days=1))
    sold_out = create_product("Nước mắm Cái Rồng")
    for product, quantity in ((lapsed, 4), (sold_out, 0)):
        StockRecord.objects.create(product=product, partner=halong.partner, partner_sku=product.upc,
                                   price=Decimal(90_000), price_currency="VND", num_in_stock=quantity)
    StockRecord.objects.filter(partner=halong.partner, product=points["tea"]).update(price=Decimal(135_000))
    body = client.get("/sales-points/QN-BIGC-HALONG/").content.decode()
    assert "Góc OCOP Big C Hạ Long" in body and "Đường 25/4" in body and "0203 3123 456" in body
    assert "8:00–22:00 hằng ngày" in body and "ocop-sp-collect" in body
    assert "Trà hoa vàng Ba Chẽ" in body and "135.000" in body and "5 " in body
    assert "Mật ong bạc hà" not in body and "Nước mắm Cái Rồng" not in body
    assert client.get("/sales-points/NO-SUCH-POINT/").status_code == 404


def test_point_page_is_paginated_with_a_pinned_query_count(client, points, django_assert_max_num_queries):
    halong = points["halong"]
    for n in range(30):
        product = create_product(f"Sản phẩm {n:02d}")
        StockRecord.objects.create(product=product, partner=halong.partner, partner_sku=product.upc,
                                   price=Decimal(50_000), price_currency="VND", num_in_stock=3)
    client.get("/sales-points/QN-BIGC-HALONG/")  # warm caches (site, translations)
    with django_assert_max_num_queries(12):
        first = client.get("/sales-points/QN-BIGC-HALONG/")
    assert first.context["paginator"].count == 31 and len(first.context["records"]) == 24
    second = client.get("/sales-points/QN-BIGC-HALONG/?page=2").content.decode()
    assert "Trà hoa vàng Ba Chẽ" in second and "Sản phẩm 29" in second


def test_list_page_query_count_is_pinned(client, points, django_assert_max_num_queries):
    for n in range(10):
        create_sales_point(f"EXTRA-{n}", province=points["hue"])
    client.get("/sales-points/")
    with django_assert_max_num_queries(8):
        body = client.get("/sales-points/").content.decode()
    assert body.count("ocop-sp-card") == 12


def test_footer_links_to_the_sales_points(client, points):
    assert 'href="/sales-points/"' in client.get("/sales-points/HUE-DAINOI/").content.decode()
