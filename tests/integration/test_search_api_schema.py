"""The search API against its own OpenAPI schema (``/api/v1/schema/``), with
schemathesis, in-process through Django's WSGI application: schema-valid
requests are answered 200 with JSON the schema describes, schema-violating ones
400, never a server error."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from tests.factories import create_search_dataset
from tests.fuzz import FUZZ

pytestmark = pytest.mark.django_db

#: Names the dataset's provinces go by (codes, current and pre-2025 names).
KNOWN_PROVINCES = ["46", "Huế", "Thừa Thiên Huế", "Tỉnh Hòa Bình", "quang ninh", "22"]


@pytest.fixture
def api_schema(settings):
    settings.ELASTICSEARCH_URL = None
    create_search_dataset()
    # As Django's test client does: a request must not close the connection that
    # holds the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@st.composite
def within_documented_rules(draw, cases):
    """Schema-valid cases that also keep the rules the operation's description
    states and an OpenAPI document cannot: lat and lon together, radius_km and
    sort=distance with them, price_max not below price_min, region names that
    exist (unknown ones are a 400, tested with the other bad parameters)."""
    case = draw(cases)
    query = case.query
    if query:
        if "province" in query:
            query["province"] = draw(st.lists(st.sampled_from(KNOWN_PROVINCES), min_size=1, max_size=3))
        query.pop("ward", None)
        if ("lat" in query) != ("lon" in query):
            query.pop("lat", None)
            query.pop("lon", None)
        if "lat" not in query:
            query.pop("radius_km", None)
            if query.get("sort") == "distance":
                del query["sort"]
        low, high = query.get("price_min"), query.get("price_max")
        if low is not None and high is not None and low > high:
            query["price_min"], query["price_max"] = high, low
    return case


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize("path", ["/api/v1/search/", "/api/v1/search/suggest/"])
def test_the_api_keeps_its_schema(api_schema, path, mode):
    cases = api_schema[path]["GET"].as_strategy(generation_mode=mode)
    if mode is GenerationMode.POSITIVE:
        cases = within_documented_rules(cases)

    @settings(FUZZ, max_examples=60)
    @given(case=cases)
    def check(case):
        case.call_and_validate()

    check()
