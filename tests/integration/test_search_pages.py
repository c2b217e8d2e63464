"""The search page, the JSON API and the catalogue pages on top of the search
service (database backend; the backends themselves are covered by the
conformance suite)."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import translation

from catalogue.search.views import CatalogueView, ProductCategoryView, SearchView
from marketplace.text import strip_accents
from tests.factories import create_search_dataset

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_search")]


@pytest.fixture
def data():
    return create_search_dataset()


def listed(response) -> list[str]:
    return [product.upc for product in response.context["products"]]


def api(client, **params):
    response = client.get("/api/v1/search/", params)
    return response, json.loads(response.content)


# Routes


def test_search_page_and_catalogue_pages_are_ours():
    assert resolve("/search/").func.view_class is SearchView
    with translation.override("en"):
        assert resolve("/en/search/").func.view_class is SearchView
    assert reverse("search:search") == "/search/"  # Oscar's header form lands on our page
    # Oscar wraps its app views (permission decorators): compare the dotted path.
    assert resolve(reverse("catalogue:index"))._func_path == "catalogue.search.views.CatalogueView"
    from catalogue.views import CatalogueView as Reexported
    from catalogue.views import ProductCategoryView as ReexportedCategory

    assert (Reexported, ReexportedCategory) == (CatalogueView, ProductCategoryView)


# The HTML page


def test_search_page_finds_without_accents_and_shows_cards_and_facets(client, data):
    response = client.get("/search/", {"q": "tra rau ma"})
    assert response.status_code == 200
    assert listed(response) == [data["tea"].upc]
    html = response.content.decode()
    assert f'data-sku="{data["tea"].upc}"' in html
    assert "HTX Nông nghiệp Quảng Thọ II" in html
    provinces = next(f for f in response.context["facets"] if f["name"] == "province")
    assert [(v["label"], v["count"]) for v in provinces["values"]] == [("Huế", 1)]
    assert 'data-facet="stars"' in html


def test_facet_links_toggle_values_and_keep_other_filters(client, data):
    response = client.get("/search/", {"q": "hue", "stars": "4"})
    stars = next(f for f in response.context["facets"] if f["name"] == "stars")
    by_value = {v["value"]: v for v in stars["values"]}
    assert by_value["4"]["selected"] and by_value["4"]["count"] == 2
    assert "stars=4" not in by_value["4"]["url"] and "q=hue" in by_value["4"]["url"]
    assert "stars=4" in by_value["5"]["url"] and "stars=5" in by_value["5"]["url"]
    narrowed = client.get("/search/" + by_value["5"]["url"])
    assert set(listed(narrowed)) == {data["tea"].upc, data["lamp"].upc, data["rice"].upc}


def test_search_page_shows_bad_parameters_inline_and_still_answers(client, data):
    response = client.get("/search/", {"q": "tra", "stars": "7", "price_min": "abc", "page": "-1"})
    assert response.status_code == 200
    assert set(response.context["errors"]) == {"stars", "price_min", "page"}
    html = response.content.decode()
    assert 'data-param="stars"' in html and "<code>stars</code>" in html
    # "tra" is a whole word of the tea: the lamp ("trang trí") is not padded in.
    assert listed(response) == [data["tea"].upc]


def test_no_results_page_offers_a_broader_search_suggestions_and_groups(client, data):
    response = client.get("/search/", {"q": "tra rau", "province": "22"})
    assert response.context["products"] == []
    html = response.content.decode()
    assert "ocop-no-results" in html
    assert response.context["broader"]["count"] == 1
    assert 'href="?q=tra+rau"' in html
    titles = [product.title for product in response.context["suggestions"]]
    assert "Trà rau má Quảng Thọ" in titles
    assert "?group=handicraft" in html


def test_no_results_for_unknown_words_still_helps(client, data):
    response = client.get("/search/", {"q": "xyzzy"})
    assert response.context["paginator"].count == 0
    assert "broader" not in response.context
    assert len(response.context["groups"]) == 6


def test_no_results_advice_suggests_kinds_the_shop_sells(client, data):
    """The advice offered "mật ong" to a shop without honey: its examples now come
    from the titles of the products on sale, in the page's language."""
    page = client.get("/search/", {"q": "xyzzy"}).content.decode()
    advice = re.search(r'class="ocop-no-results__advice">(.*?)</li>', page, re.S).group(1)
    terms = re.findall(r"“(.*?)”", advice)
    titles = [product.title.lower() for product in data.values() if hasattr(product, "title")]
    assert len(terms) == 3
    assert all(any(term in title for title in titles) for term in terms), terms
    accents = re.search(r'class="ocop-no-results__accents">(.*?)</li>', page, re.S).group(1)
    plain, term = re.findall(r"“(.*?)”", accents)
    assert plain == strip_accents(term) != term and term in terms
    english = client.get("/en/search/", {"q": "xyzzy"}).content.decode()
    advice = re.search(r'class="ocop-no-results__advice">(.*?)</li>', english, re.S).group(1)
    titles_en = [product.title_en.lower() for product in data.values() if getattr(product, "title_en", "")]
    terms = re.findall(r"“(.*?)”", advice)
    assert len(terms) == 3 and all(any(term in title for title in titles_en) for term in terms), terms


def test_no_results_without_filters_has_no_empty_filters_column(client, data):
    nothing = client.get("/search/", {"q": "xyzzy"}).content.decode()
    assert "ocop-filters" not in nothing and '<div class="col-12">' in nothing
    # With a filter on, the column stays: it holds what clears the filters.
    filtered = client.get("/search/", {"q": "xyzzy", "province": "22"}).content.decode()
    assert "ocop-filters" in filtered and "ocop-clear-filters" in filtered


def test_search_page_paginates(client, data):
    first = client.get("/search/", {"sort": "price", "page_size": "3"})
    third = client.get("/search/", {"sort": "price", "page_size": "3", "page": "3"})
    assert first.context["paginator"].num_pages == 3 and first.context["page_obj"].has_next()
    assert listed(third) == [data["scarf"].upc]
    beyond = client.get("/search/", {"sort": "price", "page_size": "3", "page": "9"})
    assert listed(beyond) == [data["scarf"].upc]  # past the end: the last page


def test_the_pager_speaks_the_pages_language_and_keeps_repeated_filters(client, data):
    """Oscar's pager read "Page 2 of 3" and "Kết tiếp" on Vietnamese pages."""
    params = {"sort": "price", "page_size": "3", "page": "2", "stars": ["3", "4", "5"]}
    page = client.get("/search/", params, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Trang 2 / 3" in page and "Page 2 of 3" not in page and "Kết tiếp" not in page
    assert ">Trước</a>" in page and ">Sau</a>" in page
    assert "stars=3&amp;stars=4&amp;stars=5" in page  # every chosen star kept on the next page
    english = client.get("/en/search/", params).content.decode()
    assert "Page 2 of 3" in english and ">Next</a>" in english


def test_search_page_lists_matching_stories_when_the_cms_offers_them(client, data, monkeypatch):
    import cms.search

    calls = []

    class Story:
        title, url = "Những người giữ nghề trà rau má", "/stories/tra-rau-ma/"

    def fake_search_stories(query, locale, limit=5):
        calls.append((query, locale, limit))
        return [Story()]

    monkeypatch.setattr(cms.search, "search_stories", fake_search_stories)
    html = client.get("/search/", {"q": "rau má"}).content.decode()
    assert calls == [("rau má", "vi", 5)]
    assert 'href="/stories/tra-rau-ma/"' in html


def test_search_page_query_count_does_not_grow_with_results(client, data):
    def count(params):
        client.get("/search/", params)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/search/", params)
        return len(ctx.captured_queries), len(response.context["products"])

    few, shown_few = count({"q": "rau ma"})
    many, shown_many = count({"q": "Huế"})
    assert (shown_few, shown_many) == (1, 4)
    assert many == few


def test_english_page_uses_english_titles_and_group_names(client, data):
    response = client.get("/en/search/", {"q": "pennywort"})
    assert listed(response) == [data["tea"].upc]
    groups = next(f for f in response.context["facets"] if f["name"] == "group")
    assert [v["label"] for v in groups["values"]] == ["Beverages"]


# Catalogue and category pages


def test_catalogue_page_uses_the_search_service_with_facets(client, data):
    response = client.get(reverse("catalogue:index"))
    assert len(listed(response)) == 7
    assert listed(response)[0] == data["scarf"].upc  # newest first
    names = [f["name"] for f in response.context["facets"]]
    assert names == ["province", "stars", "group", "producer_kind", "price"]
    narrowed = client.get(reverse("catalogue:index"), {"province": "22"})
    assert set(listed(narrowed)) == {data["squid"].upc, data["wine"].upc}


def test_category_page_lists_the_group_and_its_subcategories(client, data):
    from catalogue.structure import ensure_groups

    handicraft = ensure_groups()["handicraft"]
    weaving = handicraft.add_child(name="Dệt thổ cẩm", name_en="Weaving")
    from catalogue.models import ProductCategory
    from catalogue.search.indexing import index_products

    ProductCategory.objects.filter(product=data["scarf"]).update(category=weaving)
    index_products([data["scarf"].pk])
    response = client.get(handicraft.get_absolute_url())
    assert set(listed(response)) == {data["lamp"].upc, data["scarf"].upc}
    response = client.get(weaving.get_absolute_url())
    assert listed(response) == [data["scarf"].upc]
    assert response.context["category"] == weaving


# JSON API


def test_api_returns_results_and_facets(client, data):
    response, body = api(client, q="tra rau ma")
    assert response.status_code == 200
    assert body["count"] == 1
    (item,) = body["results"]
    assert item["sku"] == data["tea"].upc
    assert item["title"] == "Trà rau má Quảng Thọ"
    assert item["price_vnd"] == 85_000 and isinstance(item["price_vnd"], int)
    assert item["stars"] == 4
    assert item["province"] == {"code": "46", "name": "Huế"}
    assert item["producer"] == {"name": "HTX Nông nghiệp Quảng Thọ II", "kind": "cooperative"}
    assert item["url"].endswith(data["tea"].get_absolute_url())
    assert set(body["facets"]) == {"province", "stars", "group", "producer_kind", "price"}
    assert body["facets"]["province"] == [
        {"value": "46", "label": "Huế", "count": 1, "selected": False}
    ]


def test_api_takes_repeated_parameters_and_reports_distance(client, data):
    _, body = api(
        client, stars=["4", "5"], group="food", lat="21.03", lon="105.85", sort="distance"
    )
    assert [item["sku"] for item in body["results"]] == [
        data["honey"].upc,
        data["squid"].upc,
        data["rice"].upc,
    ]
    assert 30 < body["results"][0]["distance_km"] < 100  # Hà Nội → Phú Thọ's centroid
    assert body["results"][0]["potential_5"] is True
    stars = {v["value"]: v for v in body["facets"]["stars"]}
    assert (
        stars["4"]["selected"] and stars["5"]["selected"] and not stars.get("3", {}).get("selected")
    )


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"stars": "7"}, "stars"),
        ({"stars_min": "six"}, "stars_min"),
        ({"province": "Atlantis"}, "province"),
        ({"ward": "99999"}, "ward"),
        ({"group": "weapons"}, "group"),
        ({"producer_kind": "state"}, "producer_kind"),
        ({"price_min": "abc"}, "price_min"),
        ({"price_max": "-5"}, "price_max"),
        ({"price_min": "500000", "price_max": "100000"}, "price_max"),
        ({"in_stock": "maybe"}, "in_stock"),
        ({"page": "-1"}, "page"),
        ({"page": "0"}, "page"),
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "20", "page": "600"}, "page"),
        ({"radius_km": "10"}, "radius_km"),
        ({"lat": "16.4"}, "lon"),
        ({"lat": "95", "lon": "107"}, "lat"),
        ({"lat": "nan", "lon": "107"}, "lat"),
        ({"lat": "16", "lon": "107", "radius_km": "-1"}, "radius_km"),
        ({"sort": "cheapest"}, "sort"),
        ({"sort": "distance"}, "sort"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_api_rejects_bad_parameters_naming_them(client, data, params, parameter):
    response, body = api(client, **params)
    assert response.status_code == 400
    assert list(body["errors"]) == [parameter]
    assert parameter in body["detail"]


def test_api_reports_every_bad_parameter_at_once(client, data):
    response, body = api(client, stars="7", price_min="abc", page="-1")
    assert response.status_code == 400
    assert set(body["errors"]) == {"stars", "price_min", "page"}


def test_suggest_api(client, data):
    response = client.get("/api/v1/search/suggest/", {"q": "tra r"})
    body = json.loads(response.content)
    assert response.status_code == 200
    assert body["suggestions"][0]["sku"] == data["tea"].upc
    assert body["suggestions"][0]["url"].endswith(data["tea"].get_absolute_url())
    assert json.loads(client.get("/api/v1/search/suggest/", {"q": ""}).content) == {
        "suggestions": []
    }
    bad = client.get("/api/v1/search/suggest/", {"q": "tra", "limit": "500"})
    assert bad.status_code == 400 and "limit" in json.loads(bad.content)["errors"]


def test_api_is_documented_in_the_openapi_schema():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/search/"]["get"]
    parameters = {p["name"] for p in operation["parameters"]}
    assert {
        "q",
        "province",
        "ward",
        "stars",
        "stars_min",
        "group",
        "producer_kind",
        "price_min",
        "price_max",
        "in_stock",
        "lat",
        "lon",
        "radius_km",
        "sort",
        "page",
        "page_size",
    } <= parameters
    assert "400" in operation["responses"]
    assert "/api/v1/search/suggest/" in schema["paths"]


def test_the_schema_carries_every_parameters_bounds():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]

    def parameters(path):
        return {p["name"]: p for p in paths[path]["get"]["parameters"]}

    search, suggest = parameters("/api/v1/search/"), parameters("/api/v1/search/suggest/")
    bounds = {
        name: {key: search[name]["schema"].get(key) for key in ("minimum", "maximum")}
        for name in ("page", "page_size", "stars_min", "radius_km", "lat", "lon", "price_min")
    }
    assert bounds == {
        "page": {"minimum": 1, "maximum": 100},
        "page_size": {"minimum": 1, "maximum": 100},
        "stars_min": {"minimum": 1, "maximum": 5},
        "radius_km": {"minimum": 0.1, "maximum": 2000},
        "lat": {"minimum": -90, "maximum": 90},
        "lon": {"minimum": -180, "maximum": 180},
        "price_min": {"minimum": 0, "maximum": 2_000_000_000},
    }
    text = search["q"]["schema"]["oneOf"][0]
    assert text["maxLength"] == 200 and "{0,19}" in text["pattern"]
    assert search["stars"]["schema"]["items"]["enum"] == [3, 4, 5]
    assert search["province"]["schema"]["maxItems"] == 34
    assert suggest["q"]["required"] is True
    assert suggest["q"]["schema"]["oneOf"][0]["maxLength"] == 100
    assert suggest["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 20, "default": 8}


def test_api_prices_and_availability_come_from_the_shops_strategy(client, data, monkeypatch):
    from decimal import Decimal

    from oscar.apps.partner.availability import Unavailable
    from oscar.apps.partner.prices import FixedPrice

    from marketplace.partner.strategy import Default

    def pricing_policy(self, product, stockrecord):
        return FixedPrice("VND", excl_tax=Decimal(1_000), tax=Decimal(0))

    monkeypatch.setattr(Default, "pricing_policy", pricing_policy)
    monkeypatch.setattr(Default, "availability_policy", lambda self, product, record: Unavailable())
    _, body = api(client, q="tra rau ma")
    assert [(item["price_vnd"], item["in_stock"]) for item in body["results"]] == [(1_000, False)]


def test_api_query_count_does_not_grow_with_results(client, data):
    def count(params):
        client.get("/api/v1/search/", params)
        with CaptureQueriesContext(connection) as ctx:
            body = json.loads(client.get("/api/v1/search/", params).content)
        return len(ctx.captured_queries), len(body["results"])

    few, shown_few = count({"q": "rau ma"})
    many, shown_many = count({"q": "Huế"})
    assert (shown_few, shown_many) == (1, 4)
    assert many == few


def test_api_answers_in_the_language_asked_for(client, data):
    english = json.loads(
        client.get("/api/v1/search/", {"q": "tra rau ma", "stars": "7"}, headers={"accept-language": "en"}).content
    )
    assert english["errors"]["stars"] == ["“7” is not an OCOP star level; use 3, 4 or 5."]
    english = json.loads(
        client.get("/api/v1/search/", {"q": "tra rau ma"}, headers={"accept-language": "en"}).content
    )
    assert english["results"][0]["title"] == "Quang Tho pennywort tea"
    assert {v["label"] for v in english["facets"]["group"]} == {"Beverages"}
    vietnamese = json.loads(client.get("/api/v1/search/", {"q": "tra rau ma"}).content)
    assert vietnamese["results"][0]["title"] == "Trà rau má Quảng Thọ"


# Regions by name


@pytest.mark.parametrize(
    "province, expected",
    [
        ("46", {"tea", "lamp", "rice", "scarf"}),
        ("Huế", {"tea", "lamp", "rice", "scarf"}),
        ("Thành phố Huế", {"tea", "lamp", "rice", "scarf"}),
        ("Thừa Thiên Huế", {"tea", "lamp", "rice", "scarf"}),  # the pre-2025 name
        ("Tỉnh Hòa Bình", {"honey"}),  # merged into Phú Thọ in 2025
        ("hoa binh", {"honey"}),
        ("Quang Ninh", {"squid", "wine"}),
    ],
)
def test_province_accepts_codes_and_current_or_old_names(client, data, province, expected):
    _, body = api(client, province=province)
    by_sku = {product.upc: key for key, product in data.items()}
    assert {by_sku[item["sku"]] for item in body["results"]} == expected


def test_ward_accepts_a_code_or_an_old_district_name(client, data):
    for ward in (data["tea"].producer.ward_id, "Quảng Điền", "Huyện Quảng Điền"):
        _, body = api(client, ward=ward, province="46")
        assert [item["sku"] for item in body["results"]] == [data["tea"].upc], ward


def test_near_me_shows_distances_under_the_cards(client, data):
    response = client.get(
        "/search/", {"lat": "21.03", "lon": "105.85", "radius_km": "200", "sort": "distance"}
    )
    assert listed(response) == [data["honey"].upc, data["wine"].upc, data["squid"].upc]
    html = response.content.decode()
    assert html.count('class="small text-muted mt-1 mb-0 ocop-distance"') == 3
    assert 30 < response.context["products"][0].search_distance_km < 100


def test_no_results_offers_the_closest_titles_by_typo_distance(client, data):
    # "xyzzy" matches nothing, so nothing is listed; "lomg" is one letter off "Long".
    response = client.get("/search/", {"q": "chả mực lomg xyzzy"})
    assert response.context["products"] == []
    suggestions = response.context["suggestions"]
    assert suggestions[0].pk == data["squid"].pk
    assert data["lamp"].pk not in {product.pk for product in suggestions}
    assert f'href="{data["squid"].get_absolute_url()}"' in response.content.decode()


def test_no_results_offers_products_whose_description_mentions_the_words(client, data):
    # "tươi" (fresh) is only in the tea's description: not a result, but offered.
    response = client.get("/search/", {"q": "tươi"})
    assert response.context["products"] == []
    assert [product.pk for product in response.context["described"]] == [data["tea"].pk]
    html = response.content.decode()
    assert "Sản phẩm có mô tả nhắc đến “tươi”" in html
    assert f'href="{data["tea"].get_absolute_url()}"' in html


def test_api_answers_suggestions_only_when_nothing_matched(client, data):
    body = json.loads(
        client.get("/api/v1/search/", {"q": "fresh"}, HTTP_ACCEPT_LANGUAGE="en").content
    )
    assert body["count"] == 0 and body["results"] == []
    suggestions = body["suggestions"]
    assert [item["sku"] for item in suggestions["in_descriptions"]] == [data["tea"].upc]
    assert suggestions["in_descriptions"][0]["title"] == "Quang Tho pennywort tea"
    assert suggestions["in_descriptions"][0]["url"].endswith(data["tea"].get_absolute_url())
    assert suggestions["without_filters"] is None

    _response, filtered = api(client, q="tra rau", province="22")
    assert filtered["count"] == 0
    assert filtered["suggestions"]["without_filters"] == 1
    assert filtered["suggestions"]["closest_titles"][0]["sku"] == data["tea"].upc

    _response, found = api(client, q="tra rau")
    assert found["count"] == 1 and found["suggestions"] is None
