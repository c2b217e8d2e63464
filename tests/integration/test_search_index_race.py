"""Concurrent reindexes of one product (real threads on PostgreSQL): index writes
are upserts, serialised per product, so the index always ends with the latest
state and never fails with a duplicate key."""

import logging
import threading

import pytest
from django.db import connection, connections
from oscar.core.loading import get_model

from catalogue.search.backends import database_backend, elasticsearch_backend
from catalogue.search.indexing import check, index_products
from catalogue.search.models import ProductSearchDocument
from marketplace.order.exceptions import OutOfStock
from tests.factories import create_product, make_basket, place_basket

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

StockRecord = get_model("partner", "StockRecord")


@pytest.fixture(autouse=True)
def _database_backend(settings):
    settings.ELASTICSEARCH_URL = None


def at_once(work, arguments) -> list[str]:
    """Run ``work(argument)`` for every argument in its own thread, all released at
    the same instant; returns the unexpected errors."""
    barrier = threading.Barrier(len(arguments))
    errors, lock = [], threading.Lock()

    def run(argument):
        try:
            barrier.wait()
            work(argument)
        except OutOfStock:
            pass
        except Exception as error:
            with lock:
                errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung (lock wait?)"
    return errors


def test_thirty_buyers_racing_for_one_product_leave_the_index_in_step(caplog):
    assert connection.vendor == "postgresql", "the race needs PostgreSQL row locking"
    product = create_product("Trà rau má Quảng Thọ", stock=10)
    baskets = [make_basket((product, 1)) for _ in range(30)]

    with caplog.at_level(logging.ERROR):
        errors = at_once(lambda basket: place_basket(basket, order_number=f"9{basket.pk:06d}"), baskets)

    assert errors == []
    # Every reindex after an order succeeded: none was lost to a duplicate key.
    assert not [r for r in caplog.records if "IntegrityError" in r.getMessage() or r.exc_info]
    assert StockRecord.objects.get(product=product).num_allocated == 10
    assert check(database_backend()) == {"missing": [], "extra": [], "stale": []}
    assert ProductSearchDocument.objects.get(pk=product.pk).in_stock is False


def reindex_racing_price_changes(product, count: int = 20) -> list[str]:
    """``count`` threads each change the product's price and reindex it."""
    record = StockRecord.objects.get(product=product)

    def reindex_after_a_change(price):
        StockRecord.objects.filter(pk=record.pk).update(price=price)
        index_products([product.pk])

    return at_once(reindex_after_a_change, [60_000 + 1_000 * i for i in range(count)])


def test_concurrent_reindexes_of_one_product_end_with_its_latest_state():
    assert connection.vendor == "postgresql"
    product = create_product("Gạo hữu cơ An Lỗ", group="food", price=60_000, stock=5)
    ProductSearchDocument.objects.all().delete()  # the first writes insert, the rest update

    assert reindex_racing_price_changes(product) == []

    latest = StockRecord.objects.get(product=product).price
    assert ProductSearchDocument.objects.get(pk=product.pk).price == int(latest)
    assert check(database_backend()) == {"missing": [], "extra": [], "stale": []}


def test_concurrent_reindexes_end_with_the_latest_state_in_elasticsearch_too(elasticsearch_settings):
    """Elasticsearch documents are written with index operations keyed by the
    product id (upserts, no delete before), in the same per-product turn."""
    es = elasticsearch_backend()
    es.rebuild([])
    product = create_product("Gạo hữu cơ An Lỗ", group="food", price=60_000, stock=5)

    assert reindex_racing_price_changes(product) == []

    es.refresh()
    for backend in (es, database_backend()):
        assert check(backend) == {"missing": [], "extra": [], "stale": []}, backend.name
