"""The sales points' token API: contract, every error code, isolation,
idempotency, stale counts, and the ledger."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from marketplace.sales_points.models import SalesPoint, create_sales_point_token
from tests.factories import PartnerFactory, ProvinceFactory, create_product

pytestmark = pytest.mark.django_db

StockRecord = get_model("partner", "StockRecord")
StockLedgerEntry = get_model("partner", "StockLedgerEntry")
NOW = "2026-01-10T08:00:00+07:00"


def make_point(code="QN-BIGC-HALONG"):
    return SalesPoint.objects.create(
        partner=PartnerFactory(name=code), code=code, name=f"Điểm bán {code}", kind="supermarket",
        province=ProvinceFactory(),
    )


@pytest.fixture
def point():
    return make_point()


@pytest.fixture
def token(point):
    return create_sales_point_token(point, "till 1")[1]


def call(client, method, path, token, body=None, **extra):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if body is not None and not isinstance(body, (str, bytes)):
        body = json.dumps(body)
    return getattr(client, method)(path, data=body, content_type="application/json", **headers, **extra)


def url(code, what="stock"):
    return f"/api/v1/sales-points/{code}/{what}/"


def test_counts_add_stock_then_stale_and_unchanged_and_get_lists_it(client, point, token):
    tea = create_product("Trà rau má", stock=50, price=85_000)
    response = call(client, "put", url(point.code), token,
                    {"items": [{"sku": tea.upc, "quantity": 12, "counted_at": NOW}]})
    assert response.status_code == 200, response.content
    assert response.json()["items"] == [
        {"sku": tea.upc, "status": "applied", "before": 0, "after": 12, "allocated": 0}]
    record = StockRecord.objects.get(partner=point.partner, product=tea)
    assert (record.num_in_stock, int(record.price)) == (12, 85_000)  # the producer's price
    older = call(client, "put", url(point.code), token,
                 {"items": [{"sku": tea.upc, "quantity": 3, "counted_at": "2026-01-09T08:00:00+07:00"}]})
    assert older.json()["items"][0]["status"] == "stale"
    same = call(client, "put", url(point.code), token,
                {"items": [{"sku": tea.upc, "quantity": 12, "counted_at": "2026-01-10T09:00:00+07:00"}]})
    assert same.json()["items"][0]["status"] == "unchanged"
    listing = call(client, "get", url(point.code) + f"?sku={tea.upc}", token).json()
    assert listing["items"] == [{
        "sku": tea.upc, "title": "Trà rau má", "quantity": 12, "allocated": 0, "available": 12,
        "price_vnd": 85_000, "counted_at": "2026-01-10T09:00:00+07:00", "sellable": True}]
    # The producer's own stock is untouched: a separate record.
    assert StockRecord.objects.get(partner=tea.producer.partner, product=tea).num_in_stock == 50


def test_count_below_allocation_is_a_conflict(client, point, token):
    tea = create_product(stock=10)
    call(client, "put", url(point.code), token, {"items": [{"sku": tea.upc, "quantity": 5, "counted_at": NOW}]})
    StockRecord.objects.filter(partner=point.partner).update(num_allocated=3)
    response = call(client, "put", url(point.code), token,
                    {"items": [{"sku": tea.upc, "quantity": 1, "counted_at": "2026-01-10T09:00:00+07:00"}]})
    assert response.json()["items"][0] == {"sku": tea.upc, "status": "conflict", "before": 5, "after": 3,
                                           "allocated": 3}


def test_bad_batch_lists_every_error_and_applies_nothing(client, point, token):
    good, lapsed = create_product(), create_product(star=None)
    response = call(client, "put", url(point.code), token, {"items": [
        {"sku": good.upc, "quantity": 4, "counted_at": NOW},
        {"sku": "nope", "quantity": -1, "counted_at": "2026-01-10 08:00"},
        {"sku": lapsed.upc, "quantity": 1.5, "counted_at": "2999-01-01T00:00:00+00:00", "price_vnd": 10.5},
        {"sku": good.upc, "quantity": 1, "counted_at": NOW},
        {"sku": good.upc},
    ]})
    assert response.status_code == 422
    errors = {(error["index"], error["field"]) for error in response.json()["errors"]}
    assert errors == {(1, "sku"), (1, "quantity"), (1, "counted_at"), (2, "sku"), (2, "quantity"),
                      (2, "counted_at"), (2, "price_vnd"), (3, "sku"), (4, "sku"), (4, "quantity"),
                      (4, "counted_at")}
    assert not StockRecord.objects.filter(partner=point.partner).exists()


def test_counter_sales_are_idempotent_and_oversell_is_flagged(client, point, token):
    tea = create_product()
    call(client, "put", url(point.code), token, {"items": [{"sku": tea.upc, "quantity": 3, "counted_at": NOW}]})
    batch = {"events": [{"event_id": "T1-0001", "sku": tea.upc, "quantity": 2, "sold_at": NOW},
                        {"event_id": "T1-0002", "sku": tea.upc, "quantity": 2, "sold_at": NOW}]}
    first = call(client, "post", url(point.code, "sales"), token, batch)
    assert first.status_code == 200
    assert [(e["status"], e["before"], e["after"]) for e in first.json()["events"]] == [
        ("recorded", 3, 1), ("oversold", 1, 0)]
    again = call(client, "post", url(point.code, "sales"), token, batch)
    assert again.json() == first.json()
    assert StockRecord.objects.get(partner=point.partner).num_in_stock == 0
    ledger = call(client, "get", url(point.code, "ledger"), token).json()["entries"]
    assert [(e["source"], e["quantity_before"], e["quantity_after"], e["by"], e["reference"]) for e in ledger] == [
        ("api_count", 0, 3, "till 1", ""), ("api_sale", 3, 1, "till 1", "T1-0001"),
        ("api_sale", 1, 0, "till 1", "T1-0002")]
    later = call(client, "get", url(point.code, "ledger") + "?since=2999-01-01T00:00:00%2B00:00", token)
    assert later.json()["entries"] == []
    assert call(client, "get", url(point.code, "ledger") + "?since=yesterday", token).status_code == 400
    assert call(client, "get", url(point.code, "ledger") + "?since=", token).status_code == 400


def test_auth_isolation_and_size_errors(client, point, token, settings):
    other = make_point("HUE-DAINOI")
    producer_product = create_product()
    assert call(client, "get", url(point.code), None).status_code == 401
    assert call(client, "get", url(point.code), "sp_wrong").status_code == 401
    # Another point's code, or a code that does not exist: 403, never its data.
    assert call(client, "get", url(other.code), token).status_code == 403
    assert call(client, "get", url(producer_product.producer.partner.code or "X"), token).status_code == 403
    assert call(client, "put", url(point.code), token, "{not json").status_code == 400
    assert call(client, "put", url(point.code), token, {"items": "x"}).status_code == 422
    too_many = {"items": [{"sku": str(i), "quantity": 1, "counted_at": NOW} for i in range(5001)]}
    assert call(client, "put", url(point.code), token, too_many).status_code == 413
    settings.SALES_POINT_API_MAX_BODY = 100
    assert call(client, "put", url(point.code), token, {"items": [], "pad": "x" * 200}).status_code == 413
    token_record = point.tokens.get()
    token_record.revoke()
    assert call(client, "get", url(point.code), token).status_code == 401


def test_throttled_per_token_with_retry_after(client, point, token, settings):
    settings.SALES_POINT_API_RATE = "2/min"
    other_token = create_sales_point_token(point, "till 2")[1]
    assert [call(client, "get", url(point.code), token).status_code for _ in range(3)] == [200, 200, 429]
    limited = call(client, "get", url(point.code), token)
    assert int(limited["Retry-After"]) > 0
    assert call(client, "get", url(point.code), other_token).status_code == 200


def test_bad_tokens_do_not_lock_out_logins(client, point, settings):
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    user = get_user_model().objects.create_user(
        username="staff", email="staff@example.com", password="correct horse battery")
    for _ in range(settings.LOGIN_FAILURES_PER_ADDRESS + 1):
        assert call(client, "get", url(point.code), "sp_guess").status_code == 401
    response = client.post("/accounts/login/", {"login-username": user.email,
                                                "login-password": "correct horse battery",
                                                "login_submit": "1"})
    assert response.status_code == 302 and client.session.get("_auth_user_id") == str(user.pk)


@pytest.mark.parametrize("size", [10, 200])
def test_put_query_count_does_not_grow_with_items(client, point, token, size):
    products = [create_product(f"Sản phẩm {i}", star=4) for i in range(size)]
    body = {"items": [{"sku": p.upc, "quantity": 5, "counted_at": NOW} for p in products]}
    call(client, "put", url(point.code), token, body)  # creates the records
    body = {"items": [{"sku": p.upc, "quantity": 7, "counted_at": "2026-01-10T09:00:00+07:00"}
                      for p in products]}
    with CaptureQueriesContext(connection) as queries:
        response = call(client, "put", url(point.code), token, body)
    assert {item["status"] for item in response.json()["items"]} == {"applied"}
    assert len(queries) == PUT_QUERIES, "\n".join(q["sql"][:100] for q in queries)


#: token lookup, products by sku, locked records (the existing ones), one UPDATE
#: from unnest(), one ledger INSERT, savepoint pair
PUT_QUERIES = 7
