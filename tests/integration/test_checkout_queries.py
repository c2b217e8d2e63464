"""What placing an order costs in SQL queries, pinned as a ceiling (issue 16 makes
it cheaper): a 3-line basket from three producers, cash on delivery, once the
shop has taken orders before (payment and analytics rows exist)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    ProducerFactory,
    ProvinceFactory,
    WardFactory,
    create_product,
    make_basket,
    place_basket,
)

pytestmark = pytest.mark.django_db

#: Placing costs the same whatever the number of lines (issue 16): the basket and
#: its lines as the basket middleware loads them (6), the order (savepoint, order,
#: vouchers, release: 4), lines, prices, stock, ledger (one each), the analytics
#: counters (one) and the commission in force stored on each line (the products'
#: groups, the rates, the rows: 3). Before issue 16: 42 for three lines, 62 for
#: five; the click 67 for three lines.
PLACE_ORDER_QUERIES = 18
CHECKOUT_CLICK_QUERIES = 38


@pytest.fixture
def three_products():
    return [create_product(f"Sản phẩm {i}", group="food", producer=ProducerFactory()) for i in range(3)]


def test_placing_a_three_line_basket(three_products):
    place_basket(make_basket(*[(product, 1) for product in three_products]), order_number="100001")
    basket = make_basket(*[(product, 1) for product in three_products])
    with CaptureQueriesContext(connection) as queries:
        place_basket(basket, order_number="100002")
    assert len(queries) <= PLACE_ORDER_QUERIES, "\n".join(q["sql"][:120] for q in queries)


@pytest.mark.parametrize("size", [1, 5])
def test_placing_costs_the_same_whatever_the_number_of_lines(size):
    """Lines, prices, stock, ledger and counters are written in batches: a 5-line
    basket costs what a 1-line one does, each line allocated and counted."""
    from oscar.core.loading import get_model

    products = [create_product(f"Hàng {i}", group="food", producer=ProducerFactory()) for i in range(5)]
    place_basket(make_basket(*[(product, 1) for product in products]), order_number="100001")
    counts = {}
    for number, lines in (("100002", 1), ("100003", size)):
        basket = make_basket(*[(product, 2) for product in products[:lines]])
        with CaptureQueriesContext(connection) as queries:
            order = place_basket(basket, order_number=number)
        counts[lines] = len(queries)
        assert order.lines.count() == lines
    assert counts[size] == counts[1] <= PLACE_ORDER_QUERIES
    StockRecord = get_model("partner", "StockRecord")
    ProductRecord = get_model("analytics", "ProductRecord")
    allocated = dict(StockRecord.objects.filter(product__in=products).values_list("product_id", "num_allocated"))
    assert allocated[products[0].pk] == 1 + 2 + 2
    assert all(allocated[product.pk] == 1 + 2 for product in products[1:size])
    purchases = dict(ProductRecord.objects.filter(product__in=products).values_list("product_id", "num_purchases"))
    assert purchases[products[0].pk] == 5 and all(purchases[p.pk] == 3 for p in products[1:size])


def test_clicking_place_order_for_a_three_line_basket(client, three_products):
    hue = ProvinceFactory()
    ward = WardFactory(province=hue)

    def checkout_to_preview(email):
        for product in three_products:
            client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
        client.post(reverse("checkout:index"), {"username": email, "options": "anonymous"})
        client.post(reverse("checkout:shipping-address"), {
            "first_name": "Lan", "phone_number": "0912345678", "line1": "1 Lê Lợi",
            "province": hue.pk, "ward": ward.pk,
        })
        client.get(reverse("checkout:shipping-method"))
        client.post(reverse("checkout:payment-details"), {"payment_method": "cod"})
        assert client.get(reverse("checkout:preview")).status_code == 200

    checkout_to_preview("first@example.vn")
    assert client.post(reverse("checkout:preview"), {"action": "place_order"}).status_code == 302
    checkout_to_preview("second@example.vn")
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("checkout:preview"), {"action": "place_order"})
    assert response.status_code == 302 and response["Location"].endswith(reverse("checkout:thank-you"))
    assert len(queries) <= CHECKOUT_CLICK_QUERIES, "\n".join(q["sql"][:120] for q in queries)
