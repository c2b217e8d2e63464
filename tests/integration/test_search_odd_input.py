"""Odd and hostile input on the search page, the JSON API and the story search:
bounded before any query is built, control characters dropped, backend syntax
harmless; a clear message (a 400 on the API), never a server error. Also run on
SQLite (``search_conformance``), where the stories are searched with FTS5."""

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.search.backends.database import relevance
from catalogue.search.models import ProductSearchDocument
from catalogue.search.query import MAX_QUERY_LENGTH, MAX_QUERY_WORDS, SearchQuery
from catalogue.search.serializers import SearchParameters
from cms.search import search_stories
from tests.factories import create_search_dataset
from tests.fuzz import FUZZ, SPECIAL, odd_text
from tests.pages import build_site, make_story

pytestmark = [pytest.mark.django_db, pytest.mark.search_conformance]

PARAMETERS = list(SearchParameters().fields)


@pytest.fixture(autouse=True)
def _database_backend(settings):
    settings.ELASTICSEARCH_URL = None


@pytest.fixture
def data():
    products = create_search_dataset()
    site = build_site()
    make_story(
        site.stories["vi"],
        title="Trà rau má Quảng Thọ",
        products=[products["tea"]],
        text="Rau má được sấy khô thành trà túi lọc.",
    )
    return products


def listed(response) -> set[str]:
    return {product.upc for product in response.context["products"]}


def api(client, path="/api/v1/search/", language="vi", **params):
    response = client.get(path, params, headers={"accept-language": language})
    return response, json.loads(response.content)


def stories_listed(response) -> list[str]:
    """Titles in the page's "Stories" section (the template asks the CMS for them)."""
    html = response.content.decode()
    if 'class="ocop-stories' not in html:
        return []
    section = html.split('class="ocop-stories', 1)[1].split("</section>", 1)[0]
    return re.findall(r"<li><a [^>]*>([^<]*)</a></li>", section)


@pytest.mark.parametrize("q", ['trà "', 'a"b', "trà\x00", '"; DROP TABLE catalogue_product; --'])
def test_search_page_answers_backend_syntax_and_nul_as_plain_words(client, data, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    assert response.context["errors"] == {}
    if q.startswith("trà"):
        assert listed(response) == {data["tea"].upc}  # "trà" whole: not "trang" (the lamp)
        assert stories_listed(response) == ["Trà rau má Quảng Thọ"]


def test_control_characters_are_dropped_from_the_text(client, data):
    response = client.get("/search/", {"q": "trà\x00 rau\x07\tmá\ufeff"})
    assert response.context["query"].q == "trà rau má"
    assert listed(response) == {data["tea"].upc}
    _, body = api(client, q="tra\x00 rau ma")
    assert [item["sku"] for item in body["results"]] == [data["tea"].upc]


@pytest.mark.parametrize(
    "q, message",
    [
        ("x" * 12_000, f"limited to {MAX_QUERY_LENGTH} characters"),
        (" ".join("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq"), f"limited to {MAX_QUERY_WORDS} words"),
        (" ".join(["a"] * 76), f"limited to {MAX_QUERY_WORDS} words"),
    ],
)
def test_text_past_the_bounds_stops_the_search_with_a_message(client, data, q, message):
    response = client.get("/en/search/", {"q": q})
    assert response.status_code == 200
    assert response.context["search_stopped"] is True
    assert message in response.context["errors"]["q"][0]
    assert response.context["products"] == [] and stories_listed(response) == []
    html = response.content.decode()
    assert 'data-param="q"' in html and "ocop-search-stopped" in html
    assert "ocop-no-results" not in html  # not "nothing matches": nothing was searched
    assert len(response.context["query"].q) <= MAX_QUERY_LENGTH  # kept in the box to edit

    api_response, body = api(client, q=q, language="en")
    assert api_response.status_code == 400
    assert list(body["errors"]) == ["q"] and message in body["errors"]["q"][0]


def test_the_word_bound_counts_words_not_characters(client, data):
    words = " ".join(["rau"] * MAX_QUERY_WORDS)
    assert api(client, q=words)[0].status_code == 200
    assert api(client, q=words + " má")[0].status_code == 400
    assert api(client, q=f"  {words}  ")[0].status_code == 200


def test_relevance_does_not_nest_deeper_with_more_words():
    def depth(words: int) -> int:
        query = SearchQuery(q=" ".join(f"w{n}" for n in range(words)))
        sql = str(ProductSearchDocument.objects.annotate(score=relevance(query)).query)
        deepest = level = 0
        for char in sql:
            level += {"(": 1, ")": -1}.get(char, 0)
            deepest = max(deepest, level)
        return deepest

    assert depth(2) == depth(MAX_QUERY_WORDS)


def test_an_empty_value_is_an_error_not_a_silent_default(client, data):
    response, body = api(client, stars_min="", q="tra")
    assert response.status_code == 400 and list(body["errors"]) == ["stars_min"]
    assert "leave the parameter out" in api(client, stars_min="", language="en")[1]["detail"]
    assert api(client, stars="4,")[0].status_code == 400
    assert api(client, q="")[0].status_code == 200  # no text: everything, as the page lists it
    page = client.get("/search/", {"q": "tra", "stars_min": ""})
    assert set(page.context["errors"]) == {"stars_min"}
    assert listed(page) == {data["tea"].upc}


def test_suggest_requires_q_and_speaks_the_requests_language(client, data):
    response, body = api(client, "/api/v1/search/suggest/")
    assert response.status_code == 400 and list(body["errors"]) == ["q"]
    _, english = api(client, "/api/v1/search/suggest/", q="tra", limit="500", language="en")
    _, vietnamese = api(client, "/api/v1/search/suggest/", q="tra", limit="500", language="vi")
    assert english["errors"]["limit"] == ["limit must be a whole number from 1 to 20."]
    assert vietnamese["errors"]["limit"] == ["limit phải là số nguyên từ 1 đến 20."]
    assert api(client, "/api/v1/search/suggest/", q="x" * 101)[0].status_code == 400
    assert api(client, "/api/v1/search/suggest/", q="")[1] == {"suggestions": []}


# Fuzzing: whatever is typed, a page or a clear 400


@FUZZ
@given(q=odd_text())
def test_any_text_gets_a_page_an_answer_and_stories(client, data, q):
    page = client.get("/search/", {"q": q})
    assert page.status_code == 200
    assert set(page.context["errors"]) <= {"q"}
    response, body = api(client, q=q)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert list(body["errors"]) == ["q"]
    assert api(client, "/api/v1/search/suggest/", q=q)[0].status_code in (200, 400)
    assert isinstance(search_stories(q, "vi"), list)
    assert isinstance(search_stories(q, "en"), list)


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(PARAMETERS),
        st.one_of(odd_text(), st.lists(st.sampled_from(SPECIAL + ["4", "46", "food", "1"]), max_size=4)),
        max_size=5,
    )
)
def test_any_parameter_value_gets_a_page_or_names_the_parameter(client, data, params):
    page = client.get("/search/", params)
    assert page.status_code == 200
    response, body = api(client, **params)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert set(body["errors"]) <= set(PARAMETERS)
        assert all(re.search(rf"\b{name}: ", body["detail"]) for name in body["errors"])
