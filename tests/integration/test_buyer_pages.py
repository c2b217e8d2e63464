"""Buyers' pages: "N★ and up" and removable chips on the search pages, the header
every page shares (skip link, <main>, search box, currency), a product page that
cannot be sold, and the delivery province picker's order."""

import datetime

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from catalogue.certificates import revoke_certificate
from tests.factories import ProducerFactory, ProvinceFactory, create_product, create_search_dataset

pytestmark = pytest.mark.django_db

Province = get_model("regions", "Province")


def listed(response) -> set[str]:
    return {product.upc for product in response.context["products"]}


def stars_facet(response) -> dict:
    return next(f for f in response.context["facets"] if f["name"] == "stars")


@pytest.mark.usefixtures("database_search")
def test_stars_and_up_counts_filters_and_shows_a_removable_chip(client):
    create_search_dataset()
    response = client.get("/search/", {"q": "hue"})
    facet = stars_facet(response)
    counts = {int(v["value"]): v["count"] for v in facet["values"]}
    at_least = {int(v["value"]): v for v in facet["at_least"]}
    assert set(at_least) == {3, 4}
    for star, choice in at_least.items():
        assert choice["count"] == sum(c for level, c in counts.items() if level >= star)
        assert not choice["selected"]

    four_up = client.get("/search/" + at_least[4]["url"])
    expected = listed(client.get("/search/", {"q": "hue", "stars": ["4", "5"]}))
    assert expected and listed(four_up) == expected
    chosen = four_up.context["chosen_filters"]
    assert len(chosen) == 1 and "4★" in chosen[0]["label"]
    html = four_up.content.decode()
    assert 'class="ocop-chip"' in html and 'data-stars-min="4"' in html
    # Removing the chip gives back every star level.
    back = client.get("/search/" + chosen[0]["url"])
    assert "stars_min" not in chosen[0]["url"] and listed(back) == listed(response)
    # An exact star replaces "and up" (one star filter at a time).
    five = next(v for v in stars_facet(four_up)["values"] if v["value"] == "5")
    assert "stars_min" not in five["url"] and "stars=5" in five["url"]


@pytest.mark.usefixtures("database_search")
def test_every_chosen_filter_is_a_chip_that_removes_only_itself(client):
    create_search_dataset()
    response = client.get(
        "/search/", {"q": "tra", "province": "46", "lat": "16.46", "lon": "107.59", "radius_km": "50"}
    )
    chips = {chip["label"]: chip["url"] for chip in response.context["chosen_filters"]}
    assert len(chips) == 2
    near = next(url for label, url in chips.items() if "province" in url)
    assert "lat=" not in near and "q=tra" in near
    province = next(url for label, url in chips.items() if "lat=" in url)
    assert "province" not in province and "q=tra" in province
    # The province picker offered when the location is refused lists the provinces found.
    assert [v["value"] for v in response.context["province_choices"]] == ["46"]
    assert 'id="id_near_province"' in response.content.decode()


def test_every_page_has_a_skip_link_main_search_and_currency(client):
    product = create_product("Trà rau má Quảng Thọ")
    for url in (product.get_absolute_url(), "/basket/", "/catalogue/"):
        html = client.get(url).content.decode()
        assert '<a class="skip-link" href="#main">' in html, url
        assert html.count('<main id="main"') == 1, url
        assert 'id="currency-select"' in html and html.count('id="currency-select"') == 1, url
        assert 'name="q"' in html, url
    # One menu button only (the categories), not a second one for the account bar.
    assert html.count('class="navbar-toggler"') == 1


def test_a_revoked_product_offers_alternatives_not_alerts(client):
    hue = ProvinceFactory(code="46")
    producer = ProducerFactory(province=hue)
    honey = create_product("Mật ong bạc hà", group="food", producer=producer)
    other = create_product("Mật ong rừng", group="food", producer=ProducerFactory(province=hue))
    elsewhere = create_product("Mật ong Hà Giang", group="food",
                               producer=ProducerFactory(province=ProvinceFactory(code="02")))
    also_lapsed = create_product("Mật ong hoa nhãn", group="food", producer=producer,
                                 valid_until=timezone.localdate() - datetime.timedelta(days=1))
    revoke_certificate(honey.certificates.get(), "Không đạt kiểm tra định kỳ")

    response = client.get(honey.get_absolute_url())
    html = response.content.decode()
    assert [p.pk for p in response.context["alternatives"]] == [other.pk]
    assert other.get_absolute_url() in html
    assert elsewhere.get_absolute_url() not in html and also_lapsed.get_absolute_url() not in html
    assert "product_main--not-certified" in html
    assert 'id="alert_form"' not in html
    assert "Hiệu lực đến" not in html and "Valid until" not in html
    assert "ocop-badge" not in html.split('id="certificate"')[0].split("product_main")[0]


def test_delivery_provinces_are_in_vietnamese_alphabetical_order(client):
    for code, name in (("96", "Cà Mau"), ("04", "Cao Bằng"), ("01", "Hà Nội"), ("79", "Hồ Chí Minh")):
        Province.objects.update_or_create(code=code, defaults={"name": name, "short_name": name})
    product = create_product()
    names = [p.name for p in client.get(product.get_absolute_url()).context["provinces"]]
    assert names.index("Cà Mau") < names.index("Cao Bằng") < names.index("Hà Nội") < names.index("Hồ Chí Minh")
