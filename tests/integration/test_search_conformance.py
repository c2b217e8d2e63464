"""One conformance suite for every search backend, on the same fixed dataset
(``tests.factories.create_search_dataset``).

- the database backend runs on whatever ``DATABASE_URL`` selects (PostgreSQL in
  ``make test``; the ``search_conformance`` marker runs it again on SQLite);
- the Elasticsearch backend runs against a real cluster when ELASTICSEARCH_URL is
  set, else against ``osmem-server`` (an in-memory OpenSearch-API emulator)
  started by a fixture (``tests/integration/conftest.py``).
"""

import datetime
import unicodedata

import pytest
from hypothesis import example, given

from catalogue import certification
from catalogue.search import service
from catalogue.search.backends import database_backend, elasticsearch_backend
from catalogue.search.documents import iter_documents
from catalogue.search.query import SearchQuery
from tests.factories import CertificateFactory, create_search_dataset
from tests.fuzz import FUZZ, odd_text

pytestmark = [pytest.mark.django_db, pytest.mark.search_conformance]

@pytest.fixture(params=["database", "elasticsearch"])
def backend(request):
    """The backend under test, with the dataset indexed in it."""
    if request.param == "database":
        request.getfixturevalue("database_search")
        request.node.dataset = create_search_dataset()
        return database_backend()
    request.getfixturevalue("elasticsearch_settings")
    es = elasticsearch_backend()
    es.rebuild([])  # an empty index behind the alias, then the dataset's explicit index calls
    request.node.dataset = create_search_dataset()
    es.refresh()
    return es


@pytest.fixture
def data(request, backend):
    return request.node.dataset


def skus(backend, **query) -> list[str]:
    result = backend.search(SearchQuery(**query), facets=False)
    from catalogue.models import Product

    by_id = dict(
        Product.objects.filter(pk__in=[h.product_id for h in result.hits]).values_list("pk", "upc")
    )
    return [by_id[h.product_id] for h in result.hits]


def names(data, result_skus) -> list[str]:
    by_sku = {product.upc: key for key, product in data.items()}
    return [by_sku[sku] for sku in result_skus]


def found(backend, data, **query) -> set[str]:
    return set(names(data, skus(backend, **query)))


def haversine(lat1, lon1, lat2, lon2) -> float:
    import math

    dlat, dlon = math.radians(lat2 - lat1) / 2, math.radians(lon2 - lon1) / 2
    a = (
        math.sin(dlat) ** 2
        + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlon) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


LISTED = {"tea", "lamp", "rice", "squid", "wine", "honey", "scarf"}


# Text


def test_lists_only_sellable_products(backend, data):
    result = backend.search(SearchQuery(page_size=100))
    assert result.total == 7
    assert set(names(data, skus(backend, page_size=100))) == LISTED


@pytest.mark.parametrize(
    "q, expected",
    [
        ("tra rau ma", {"tea"}),
        ("Trà rau má", {"tea"}),
        (unicodedata.normalize("NFD", "Trà rau má"), {"tea"}),
        ("TRA RAU MA", {"tea"}),
        ("den trang tri", {"lamp"}),
        ("den", {"lamp", "rice"}),
        ("pennywort", {"tea"}),
        ("squid cake", {"squid"}),
        ("Bao La", {"lamp", "scarf"}),
        ("Quảng Ninh", {"squid", "wine"}),
        ("Thừa Thiên Huế", {"tea", "lamp", "rice", "scarf"}),
        ("hoa binh", {"honey"}),
        ("Quảng Điền", {"tea"}),
        ("thủ công mỹ nghệ", {"lamp", "scarf"}),
        ("beverages", {"tea", "wine"}),
        ("tra hue", {"tea"}),
        ("chuoi gia lun", set()),
        ("huong tram", set()),
        ("banh ep", set()),
    ],
)
def test_text_matches_titles_producers_regions_and_groups_accent_insensitively(
    backend, data, q, expected
):
    assert found(backend, data, q=q, page_size=100) == expected


@pytest.mark.parametrize("q, first", [("đèn", "lamp"), ("đen", "rice"), ("Đèn", "lamp")])
def test_exact_accent_match_ranks_above_folded_match(backend, data, q, first):
    ranked = names(data, skus(backend, q=q))
    assert set(ranked) == {"lamp", "rice"}
    assert ranked[0] == first


def test_word_being_typed_matches_as_a_prefix(backend, data):
    assert found(backend, data, q="tra rau m") == {"tea"}


# Filters


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"provinces": ("22",)}, {"squid", "wine"}),
        ({"provinces": ("22", "25")}, {"squid", "wine", "honey"}),
        ({"ward": "TEA_WARD"}, {"tea"}),  # the tea producer's ward (Quảng Điền)
        ({"stars": (5,)}, {"rice", "squid"}),
        ({"stars": (3, 5)}, {"rice", "squid", "wine", "scarf"}),
        ({"stars_min": 4}, {"tea", "lamp", "rice", "squid", "honey"}),
        ({"stars_min": 5, "stars": (4, 5)}, {"rice", "squid"}),
        ({"groups": ("handicraft",)}, {"lamp", "scarf"}),
        ({"groups": ("food", "beverage")}, {"tea", "rice", "squid", "wine", "honey"}),
        ({"producer_kinds": ("household",)}, {"rice", "wine"}),
        ({"producer_kinds": ("enterprise", "cooperative_group")}, {"squid", "honey"}),
        ({"price_min": 100_000, "price_max": 450_000}, {"lamp", "squid", "wine", "honey"}),
        ({"price_min": 1_000_000}, {"scarf"}),
        ({"in_stock": True}, LISTED - {"squid"}),
        # "trà" is a whole word of the tea: "trang" (the lamp) is not padded in.
        ({"q": "tra", "provinces": ("46",)}, {"tea"}),
        ({"lat": 16.46, "lon": 107.59, "radius_km": 50}, {"tea", "lamp", "rice", "scarf"}),
        ({"lat": 21.03, "lon": 105.85, "radius_km": 100}, {"honey"}),
    ],
)
def test_filters(backend, data, query, expected):
    if query.get("ward") == "TEA_WARD":
        query = {**query, "ward": data["tea"].producer.ward_id}
    assert found(backend, data, page_size=100, **query) == expected


# Facets


def test_facets_count_other_filters_but_not_their_own(backend, data):
    result = backend.search(SearchQuery(provinces=("46",), stars=(4,)))
    assert result.total == 2  # tea and lamp
    # Provinces among 4★ products; stars among Huế products; the rest among both.
    assert result.facets["province"] == {"46": 2, "25": 1}
    assert result.facets["stars"] == {"3": 1, "4": 2, "5": 1}
    assert result.facets["group"] == {"beverage": 1, "handicraft": 1}
    assert result.facets["producer_kind"] == {"cooperative": 2}
    assert result.facets["price"] == {"0-100000": 1, "200000-500000": 1}


def test_facets_without_filters_cover_every_listed_product(backend, data):
    facets = backend.search(SearchQuery()).facets
    assert facets["province"] == {"46": 4, "22": 2, "25": 1}
    assert facets["stars"] == {"3": 2, "4": 3, "5": 2}
    assert facets["group"] == {"beverage": 2, "handicraft": 2, "food": 3}
    assert facets["producer_kind"] == {
        "cooperative": 3,
        "household": 2,
        "enterprise": 1,
        "cooperative_group": 1,
    }
    assert facets["price"] == {
        "0-100000": 2,
        "100000-200000": 1,
        "200000-500000": 3,
        "1000000-": 1,
    }


def test_price_facet_ignores_price_filter_and_honours_text(backend, data):
    facets = backend.search(SearchQuery(q="Huế", price_max=100_000)).facets
    assert facets["price"] == {"0-100000": 2, "200000-500000": 1, "1000000-": 1}
    assert facets["province"] == {"46": 2}


# Sorting and paging


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("price", ["rice", "tea", "wine", "honey", "squid", "lamp", "scarf"]),
        ("-price", ["scarf", "lamp", "squid", "honey", "wine", "tea", "rice"]),
        ("newest", ["scarf", "honey", "wine", "squid", "rice", "lamp", "tea"]),
        ("stars", ["squid", "rice", "honey", "lamp", "tea", "scarf", "wine"]),
        ("relevance", ["squid", "rice", "honey", "lamp", "tea", "scarf", "wine"]),
    ],
)
def test_sorts(backend, data, sort, expected):
    assert names(data, skus(backend, sort=sort, page_size=100)) == expected


def test_distance_sort_and_distances(backend, data):
    result = backend.search(
        SearchQuery(lat=21.03, lon=105.85, sort="distance", page_size=100), facets=False
    )
    ordered = names(data, skus(backend, lat=21.03, lon=105.85, sort="distance", page_size=100))
    assert ordered[0] == "honey"
    assert set(ordered[1:3]) == {"squid", "wine"}
    assert set(ordered[3:]) == {"tea", "lamp", "rice", "scarf"}
    distances = [hit.distance_km for hit in result.hits]
    assert distances == sorted(distances)
    phu_tho = data["honey"].producer.province
    assert distances[0] == pytest.approx(
        haversine(21.03, 105.85, phu_tho.latitude, phu_tho.longitude), abs=0.5
    )
    assert 450 < distances[-1] < 650  # Hà Nội → Huế


def test_paging(backend, data):
    everything = skus(backend, sort="price", page_size=100)
    pages = [skus(backend, sort="price", page_size=3, page=page) for page in (1, 2, 3)]
    assert pages[0] + pages[1] + pages[2] == everything
    assert len(pages[2]) == 1
    result = backend.search(SearchQuery(sort="price", page_size=3, page=3), facets=False)
    assert result.total == 7
    assert skus(backend, sort="price", page_size=3, page=4) == []


# Certification at query time


def test_expiry_applies_by_date_without_reindexing(backend, data, monkeypatch):
    scarf_valid_until = data["scarf"].certificates.get().valid_until
    monkeypatch.setattr(certification, "today", lambda: scarf_valid_until)
    assert "scarf" in found(backend, data, page_size=100)
    monkeypatch.setattr(
        certification, "today", lambda: scarf_valid_until + datetime.timedelta(days=1)
    )
    assert found(backend, data, page_size=100) == LISTED - {"scarf"}
    assert "3" not in backend.search(SearchQuery(groups=("handicraft",))).facets["stars"]


def test_a_product_with_two_valid_certificates_holds_the_higher_star(backend, data, monkeypatch):
    from catalogue.search.indexing import index_products

    # The 4★ tea is recognised 5★ by a later decision that runs out sooner.
    today = certification.today()
    five = CertificateFactory(
        product=data["tea"], star=5, valid_until=today + datetime.timedelta(days=200)
    )
    index_products([data["tea"].pk])
    if hasattr(backend, "refresh"):
        backend.refresh()
    assert found(backend, data, stars=(5,)) == {"rice", "squid", "tea"}
    assert found(backend, data, stars=(4,)) == {"lamp", "honey"}
    assert found(backend, data, stars_min=5) == {"rice", "squid", "tea"}
    assert backend.search(SearchQuery()).facets["stars"] == {"3": 2, "4": 2, "5": 3}
    assert set(names(data, skus(backend, sort="stars")[:3])) == {"rice", "squid", "tea"}

    # The day after the 5★ lapses the tea is a 4★ again, without a reindex.
    monkeypatch.setattr(certification, "today", lambda: five.valid_until + datetime.timedelta(days=1))
    assert found(backend, data, stars=(5,)) == {"rice", "squid"}
    assert found(backend, data, stars=(4,)) == {"tea", "lamp", "honey"}
    assert found(backend, data, stars_min=5) == {"rice", "squid"}
    assert backend.search(SearchQuery()).facets["stars"] == {"3": 2, "4": 3, "5": 2}


def test_revocation_removes_the_product_at_once(backend, data, django_capture_on_commit_callbacks):
    from catalogue.certificates import revoke_certificate

    with django_capture_on_commit_callbacks(execute=True):
        revoke_certificate(data["honey"].certificates.get(), reason="Failed the annual inspection")
    if hasattr(backend, "refresh"):
        backend.refresh()
    assert found(backend, data, page_size=100) == LISTED - {"honey"}
    assert found(backend, data, q="mat ong") == set()


def test_price_and_stock_changes_follow_explicit_reindex(
    backend, data, django_capture_on_commit_callbacks
):
    from catalogue.search.indexing import schedule_reindex

    stockrecord = data["tea"].stockrecords.get()
    with django_capture_on_commit_callbacks(execute=True):
        stockrecord.price = 95_000
        stockrecord.num_in_stock = 0
        stockrecord.save()
        schedule_reindex([data["tea"].pk])
    if hasattr(backend, "refresh"):
        backend.refresh()
    assert "tea" not in found(backend, data, in_stock=True, page_size=100)
    assert found(backend, data, price_min=90_000, price_max=100_000) == {"tea"}


# Odd input: random unicode, quotes, operators, very long text of many words


@FUZZ
@given(q=odd_text())
@example(q="\ud800tra")  # a lone surrogate: never from HTTP, but a caller may pass one
def test_any_text_gets_an_answer(backend, data, q):
    listed = {data[name].pk for name in LISTED}
    result = backend.search(SearchQuery(q=q, page_size=100))
    assert {hit.product_id for hit in result.hits} <= listed
    assert result.total == len(result.hits)
    assert {suggestion.product_id for suggestion in backend.suggest(q)} <= listed


# Suggest


@pytest.mark.parametrize(
    "prefix, expected", [("tra r", "tea"), ("chả", "squid"), ("Gao d", "rice"), ("apricot", "wine")]
)
def test_suggest(backend, data, prefix, expected):
    suggestions = backend.suggest(prefix)
    assert suggestions, prefix
    assert suggestions[0].product_id == data[expected].pk


def test_suggest_never_offers_unsellable_products(backend, data):
    assert backend.suggest("chuoi") == []
    assert backend.suggest("banh") == []


# The service on top of the backend


def test_service_loads_products_in_result_order_and_labels_facets(backend, data):
    results = service.search(SearchQuery(sort="price"))
    assert [p.upc for p in results.products] == skus(backend, sort="price")
    provinces = {v.value: (v.label, v.count) for v in results.facets["province"]}
    assert provinces == {"46": ("Huế", 4), "22": ("Quảng Ninh", 2), "25": ("Phú Thọ", 1)}
    assert [v.value for v in results.facets["stars"]] == ["5", "4", "3"]


# Elasticsearch only: analysis, typo tolerance, rebuild with alias swap, --check,
# and what happens when the cluster is down.


@pytest.fixture
def es(elasticsearch_settings):
    backend = elasticsearch_backend()
    backend.rebuild([])
    return backend


@pytest.fixture
def es_data(es):
    products = create_search_dataset()
    es.refresh()
    return products


def test_folding_analyzer_keeps_the_original_and_adds_the_folded_form(es):
    tokens = es.analyze("Đèn trang trí Hòa Bình")
    assert {"đèn", "den", "trang", "trí", "tri", "hòa", "hoa", "bình", "binh"} <= set(tokens)
    assert es.analyze("Đèn trang trí", "ocop_exact") == ["đèn", "trang", "trí"]


def test_mapping_has_exact_subfields_keywords_integer_price_geo_point_and_suggest(es):
    mapping = es.client.indices.get_mapping(index=es.alias).body
    properties = next(iter(mapping.values()))["mappings"]["properties"]
    assert properties["title"]["analyzer"] == "ocop_folding"
    assert properties["title"]["fields"]["exact"]["analyzer"] == "ocop_exact"
    assert properties["province"]["type"] == "keyword"
    assert properties["price"]["type"] == "integer"
    assert properties["location"]["type"] == "geo_point"
    assert properties["suggest"]["type"] == "search_as_you_type"


@pytest.mark.parametrize(
    "q, expected",
    [
        ("pennywart", {"tea"}),
        ("khan choamg", {"scarf"}),
        ("apricott wine", {"wine"}),
        ("ninh hue", set()),
    ],
)
def test_typos_are_tolerated_on_elasticsearch(es, es_data, q, expected):
    assert found(es, es_data, q=q) == expected


def test_decomposed_unicode_in_the_catalogue_is_found_by_precomposed_queries(es, es_data):
    from tests.factories import create_product

    product = create_product(unicodedata.normalize("NFD", "Nước mắm Cửa Đại"), upc="8930000100116")
    es.refresh()
    for backend in (es, database_backend()):
        hits = backend.search(SearchQuery(q="Nước mắm"), facets=False).hits
        assert [hit.product_id for hit in hits] == [product.pk]


def test_rebuild_fills_a_new_index_and_swaps_the_alias(es, es_data):
    from catalogue.search.indexing import rebuild

    before = es.current_indices()
    assert len(before) == 1
    rebuild([es])
    after = es.current_indices()
    assert len(after) == 1 and after != before
    assert after[0].startswith(f"{es.alias}-")
    assert not es.client.indices.exists(index=before[0])
    assert found(es, es_data, page_size=100) == LISTED


def test_rebuild_failure_keeps_the_old_index_serving(es, es_data, monkeypatch):
    before = es.current_indices()

    def broken():
        yield from iter_documents()
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        es.rebuild(broken())
    assert es.current_indices() == before
    assert found(es, es_data, page_size=100) == LISTED


def test_check_reports_missing_extra_and_stale_documents(es, es_data):
    from django.core.management import call_command

    from catalogue.search.indexing import check

    assert check(es) == {"missing": [], "extra": [], "stale": []}
    es.client.delete(index=es.alias, id=str(es_data["tea"].pk), refresh=True)
    es_data["wine"].stockrecords.update(price=175_000)
    report = check(es)
    assert report["missing"] == [es_data["tea"].pk]
    assert report["extra"] == []
    assert report["stale"] == [(es_data["wine"].pk, "price", 175_000, 150_000)]
    with pytest.raises(SystemExit) as exit_info:
        call_command("search_index", "--check", "--backend", "elasticsearch", "--no-progress")
    assert exit_info.value.code == 1
    call_command("search_index", "--rebuild", "--backend", "elasticsearch", "--no-progress")
    assert check(elasticsearch_backend()) == {"missing": [], "extra": [], "stale": []}


def test_search_falls_back_to_the_database_while_elasticsearch_is_down(
    settings, es_data, monkeypatch
):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    monkeypatch.setattr(service, "_es_down_until", 0.0)
    results = service.search(SearchQuery(q="tra rau ma"))
    assert results.degraded and results.backend == "database"
    assert [p.upc for p in results.products] == [es_data["tea"].upc]
    assert [s.product_id for s in service.suggest("tra r")] == [es_data["tea"].pk]


def test_catalogue_changes_still_commit_while_elasticsearch_is_down(
    settings, es_data, monkeypatch, django_capture_on_commit_callbacks
):
    from catalogue.certificates import revoke_certificate
    from catalogue.search.models import ProductSearchDocument

    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    certificate = es_data["honey"].certificates.get()
    with django_capture_on_commit_callbacks(execute=True):
        revoke_certificate(certificate, reason="Revoked by the province")  # no exception
    certificate.refresh_from_db()
    assert certificate.status == "revoked"
    assert not ProductSearchDocument.objects.filter(pk=es_data["honey"].pk).exists()


def test_changes_committed_during_a_rebuild_are_caught_up(backend, data, monkeypatch):
    from catalogue.search import indexing

    real = indexing.iter_documents

    def racing(product_ids=None, **kwargs):
        if product_ids is not None:
            return real(product_ids, **kwargs)
        documents = list(real())  # built before the change below
        stockrecord = data["wine"].stockrecords.get()
        stockrecord.price = 175_000
        stockrecord.save()
        return iter(documents)

    monkeypatch.setattr(indexing, "iter_documents", racing)
    indexing.rebuild([backend])
    if hasattr(backend, "refresh"):
        backend.refresh()
    assert found(backend, data, price_min=170_000, price_max=180_000) == {"wine"}
