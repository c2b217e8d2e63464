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

#: Measured when the ceilings were set (before the placement service: 36 and 63);
#: lower them as placement gets cheaper. Each allocated line writes its stock
#: ledger entry (+3 for three lines).
PLACE_ORDER_QUERIES = 42
CHECKOUT_CLICK_QUERIES = 67


@pytest.fixture
def three_products():
    return [create_product(f"Sản phẩm {i}", group="food", producer=ProducerFactory()) for i in range(3)]


def test_placing_a_three_line_basket(three_products):
    place_basket(make_basket(*[(product, 1) for product in three_products]), order_number="100001")
    basket = make_basket(*[(product, 1) for product in three_products])
    with CaptureQueriesContext(connection) as queries:
        place_basket(basket, order_number="100002")
    assert len(queries) <= PLACE_ORDER_QUERIES, "\n".join(q["sql"][:120] for q in queries)


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
