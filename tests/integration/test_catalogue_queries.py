"""The catalogue list must cost the same number of SQL queries however many
products a page shows (Oscar's most-reported problem is N+1 on lists)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ProducerFactory, create_product

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15


def _count_queries(client, url) -> tuple[int, int]:
    client.get(url)  # warm per-process caches (content types, site, thumbnails)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.context["products"])


def _add_products(count: int, start: int) -> None:
    producers = [ProducerFactory() for _ in range(3)]
    for i in range(count):
        create_product(f"Sản phẩm {start + i}", producer=producers[i % 3], upc=f"89300{start + i:08d}")


@pytest.mark.parametrize("url_name", ["catalogue:index"])
def test_catalogue_list_query_count_is_constant(client, url_name):
    url = reverse(url_name)
    _add_products(3, 0)
    few_queries, few_shown = _count_queries(client, url)
    _add_products(21, 100)
    many_queries, many_shown = _count_queries(client, url)

    assert (few_shown, many_shown) == (3, 24)
    assert many_queries == few_queries, "queries grow with the number of products shown"
    assert many_queries <= MAX_QUERIES
