"""One product, two valid certificates of different stars: every door of the shop
(home page rows, region page filter, search page and its facets, the product page,
the JSON API) says it holds the higher star, and the lower one once the higher
certificate lapses, with no reindex in between."""

import datetime

import pytest
from django.utils import timezone

from catalogue import certification
from cms.models import RegionPage
from cms.sections import publish
from tests.factories import CertificateFactory, ProducerFactory, create_product
from tests.pages import build_site

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_backend(settings):
    settings.ELASTICSEARCH_URL = None


@pytest.fixture
def shop():
    site = build_site()
    producer = ProducerFactory(name="HTX Nông nghiệp An Lỗ")
    today = timezone.localdate()
    upgraded = create_product("Gạo hữu cơ An Lỗ", star=4, group="food", producer=producer)
    # Recognised 5★ later; this certificate runs out before the 4★ one.
    five = CertificateFactory(product=upgraded, star=5, valid_until=today + datetime.timedelta(days=200))
    from catalogue.search.indexing import index_products

    index_products([upgraded.pk])
    four = create_product("Đèn mây tre", star=4, group="handicraft", producer=producer)
    region = RegionPage(title="Huế", slug="hue", province=producer.province)
    site.regions["vi"].add_child(instance=region)
    publish(region)
    return {"upgraded": upgraded, "five": five, "four": four, "region": region}


def stars_seen(client, shop) -> dict[str, object]:
    """The upgraded product's star as each door of the shop shows it."""
    product, region = shop["upgraded"], shop["region"]
    home = client.get("/").context
    rows = {5: home["five_star_products"], 4: home["four_star_products"]}
    search = client.get("/search/", {"q": "gao an lo"}).context
    facets = next(f for f in search["facets"] if f["name"] == "stars")
    api = client.get("/api/v1/search/", {"q": "gao an lo"}).json()
    return {
        "home rows": [star for star, row in rows.items() if product in row],
        "region filter": [
            star
            for star in (5, 4, 3)
            if f'data-sku="{product.upc}"' in client.get(f"{region.url}?star={star}").content.decode()
        ],
        "search filter": [
            star
            for star in (5, 4, 3)
            if [p.upc for p in client.get("/search/", {"stars": star}).context["products"]].count(
                product.upc
            )
        ],
        "search facet": [int(v["value"]) for v in facets["values"] if v["count"]],
        "product page": client.get(product.get_absolute_url()).context["certificate"].star,
        "api": [item["stars"] for item in api["results"]],
        "api facet": [int(v["value"]) for v in api["facets"]["stars"] if v["count"]],
    }


def test_every_door_agrees_on_the_higher_star_while_both_are_valid(client, shop):
    assert stars_seen(client, shop) == {
        "home rows": [5],
        "region filter": [5],
        "search filter": [5],
        "search facet": [5],
        "product page": 5,
        "api": [5],
        "api facet": [5],
    }
    home = client.get("/").context
    assert list(home["four_star_products"]) == [shop["four"]]


def test_every_door_falls_back_to_the_lower_star_when_the_higher_lapses(client, shop, monkeypatch):
    after = shop["five"].valid_until + datetime.timedelta(days=1)
    monkeypatch.setattr(certification, "today", lambda: after)
    assert stars_seen(client, shop) == {
        "home rows": [4],
        "region filter": [4],
        "search filter": [4],
        "search facet": [4],
        "product page": 4,
        "api": [4],
        "api facet": [4],
    }
