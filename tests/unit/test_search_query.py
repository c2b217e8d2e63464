"""The search contract's parameters and text folding (no database)."""

import unicodedata

import pytest
from django.http import QueryDict

from catalogue.search.query import SearchQuery
from catalogue.search.serializers import SearchParameters
from marketplace.text import fold, normalize_exact


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Trà rau má", "tra rau ma"),
        ("Đèn trang trí", "den trang tri"),
        (unicodedata.normalize("NFD", "Đèn trang trí"), "den trang tri"),
        ("Khăn choàng zèng A Lưới!", "khan choang zeng a luoi"),
        ("Mật ong — bạc hà, 500g", "mat ong bac ha 500g"),
        ("  ", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_normalize_exact_keeps_accents_in_nfc():
    decomposed = unicodedata.normalize("NFD", "Đèn")
    assert normalize_exact(decomposed) == "đèn"
    assert normalize_exact(decomposed) == unicodedata.normalize("NFC", "đèn")


def read(query_string: str, **defaults) -> tuple[SearchQuery, dict[str, list[str]]]:
    """The query and the errors, as a page reads them."""
    parameters = SearchParameters(data=QueryDict(query_string))
    parameters.is_valid()
    return parameters.search_query(**defaults), parameters.errors


def parse(query_string: str) -> SearchQuery:
    query, errors = read(query_string)
    assert errors == {}
    return query


def test_parse_reads_every_parameter():
    query = parse(
        "q=tra+rau+ma&stars=4&stars=5&stars_min=3&group=food&group=beverage&producer_kind=household"
        "&price_min=50000&price_max=200000&in_stock=1&lat=16.46&lon=107.59&radius_km=25"
        "&sort=distance&page=2&page_size=12"
    )
    assert query == SearchQuery(
        q="tra rau ma",
        stars=(4, 5),
        stars_min=3,
        groups=("food", "beverage"),
        producer_kinds=("household",),
        price_min=50_000,
        price_max=200_000,
        in_stock=True,
        lat=16.46,
        lon=107.59,
        radius_km=25.0,
        sort="distance",
        page=2,
        page_size=12,
    )
    assert query.offset == 12


def test_parse_accepts_comma_lists_and_normalises_text():
    query = parse("stars=5,4,4&q=" + unicodedata.normalize("NFD", "Trà"))
    assert query.stars == (4, 5)
    assert query.q == "Trà" and unicodedata.is_normalized("NFC", query.q)


def test_defaults():
    assert parse("") == SearchQuery()
    assert read("", sort="newest", page_size=24)[0].sort == "newest"
    assert read("sort=price", sort="newest")[0].sort == "price"


@pytest.mark.parametrize(
    "query_string, parameter",
    [
        ("stars=7", "stars"),
        ("stars=abc", "stars"),
        ("stars_min=0", "stars_min"),
        ("group=weapons", "group"),
        ("producer_kind=state", "producer_kind"),
        ("price_min=abc", "price_min"),
        ("price_min=-1", "price_min"),
        ("price_min=9&price_max=1", "price_max"),
        ("in_stock=perhaps", "in_stock"),
        ("lat=91&lon=0", "lat"),
        ("lat=1&lon=181", "lon"),
        ("lat=1", "lon"),
        ("lon=1", "lat"),
        ("radius_km=5", "radius_km"),
        ("lat=1&lon=1&radius_km=0", "radius_km"),
        ("lat=1&lon=1&radius_km=inf", "radius_km"),
        ("sort=distance", "sort"),
        ("sort=best", "sort"),
        ("page=-1", "page"),
        ("page=x", "page"),
        ("page_size=0", "page_size"),
        ("page_size=101", "page_size"),
        ("page=1000&page_size=100", "page"),
    ],
)
def test_bad_parameters_are_named(query_string, parameter):
    _query, errors = read(query_string)
    assert list(errors) == [parameter]
    assert errors[parameter][0]


def test_error_keeps_the_valid_rest_of_the_query():
    query, errors = read("q=tra&stars=7&stars=5&price_min=abc&group=food")
    assert set(errors) == {"stars", "price_min"}
    assert query == SearchQuery(q="tra", stars=(5,), groups=("food",))


def test_facet_helpers():
    query = SearchQuery(q="tra", provinces=("46",), stars=(4,), stars_min=4, price_min=1)
    assert query.without_facet("stars") == SearchQuery(q="tra", provinces=("46",), price_min=1)
    assert query.has_filters and not SearchQuery(q="tra", sort="price").has_filters
