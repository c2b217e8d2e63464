"""The sales points' token API against its own OpenAPI schema, with schemathesis,
in-process through Django's WSGI application and a valid Bearer token: requests
the schema allows get answers it describes, requests it forbids a 4xx, never a
server error; without the token, a 401."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from marketplace.partner.models import LedgerSource
from marketplace.partner.stock import StockOrigin
from marketplace.sales_points.models import SalesPoint, create_sales_point_token
from marketplace.sales_points.sync import count_stock, parse_moment
from tests.factories import PartnerFactory, ProvinceFactory, create_product
from tests.fuzz import FUZZ

pytestmark = pytest.mark.django_db

CODE = "QN-BIGC-HALONG"


@pytest.fixture
def token(settings):
    # Hundreds of requests from one token: above its default budget.
    settings.SALES_POINT_API_RATE = "100000/min"
    point = SalesPoint.objects.create(
        partner=PartnerFactory(name=CODE), code=CODE, name="Góc OCOP Big C Hạ Long", kind="supermarket",
        province=ProvinceFactory(),
    )
    return create_sales_point_token(point, "till 1")[1]


@pytest.fixture
def skus(token):
    """Products the point stocks (counter sales need one)."""
    point = SalesPoint.objects.get(code=CODE)
    upcs = [create_product(f"Sản phẩm {i}").upc for i in range(5)]
    count_stock(point, [{"sku": upc, "quantity": 50, "counted_at": "2026-01-10T08:00:00+07:00"} for upc in upcs],
                StockOrigin(LedgerSource.API_COUNT))
    return upcs


@pytest.fixture
def api_schema():
    # As Django's test client does: a request must not close the connection that
    # holds the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _in_the_past(value) -> bool:
    moment = parse_moment(value) if isinstance(value, str) else None
    return moment is not None and moment <= timezone.now()


@st.composite
def at_the_point(draw, cases, skus, positive):
    """Cases for the token's own sales point. Positive ones also keep the rules
    the API documents and a JSON schema cannot state: products that exist, each
    SKU and event id once in a batch, times not in the future."""
    case = draw(cases)
    case.path_parameters = {"code": CODE}
    if positive and isinstance(case.body, dict):
        for key, moment in (("items", "counted_at"), ("events", "sold_at")):
            if isinstance(case.body.get(key), list):
                items = case.body[key] = case.body[key][:len(skus)]
                for item, sku in zip(items, draw(st.permutations(skus)), strict=False):
                    item["sku"] = sku
                    if key == "events":
                        item["event_id"] = str(draw(st.uuids()))
                    if not _in_the_past(item[moment]):
                        item[moment] = "2026-01-10T08:00:00+07:00"
    return case


OPERATIONS = [
    ("/api/v1/sales-points/{code}/stock/", "GET"),
    ("/api/v1/sales-points/{code}/stock/", "PUT"),
    ("/api/v1/sales-points/{code}/sales/", "POST"),
    ("/api/v1/sales-points/{code}/ledger/", "GET"),
]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_the_api_keeps_its_schema(api_schema, token, skus, path, method, mode):
    operation = api_schema[path][method]
    assert operation.definition.raw["security"] == [{"salesPointToken": []}]
    cases = at_the_point(operation.as_strategy(generation_mode=mode), skus, mode is GenerationMode.POSITIVE)

    @settings(FUZZ, max_examples=40)
    @given(case=cases)
    def check(case):
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"})

    check()
