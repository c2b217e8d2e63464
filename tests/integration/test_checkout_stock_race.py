"""No overselling: concurrent placements for the last units, with real threads on
PostgreSQL (row locks and the conditional UPDATE only behave for real there), and
on SQLite, the development default, where buyers queue for the one writer and
get "sold out" rather than "database is locked" (make test's SQLite pass)."""

import re
import threading

import pytest
from django.db import connection, connections
from oscar.core.loading import get_model

from marketplace.order.exceptions import OutOfStock
from tests.factories import ProducerFactory, create_product, make_basket, place_basket

pytestmark = pytest.mark.django_db(transaction=True)

Order = get_model("order", "Order")
Line = get_model("order", "Line")
StockRecord = get_model("partner", "StockRecord")


def place(basket):
    return place_basket(basket, order_number=str(100000 + basket.pk))


def race(baskets):
    """Place every basket at the same instant, one thread each; returns
    (orders placed, OutOfStock errors, other errors)."""
    barrier = threading.Barrier(len(baskets))
    placed, sold_out, crashed = [], [], []
    lock = threading.Lock()

    def buyer(basket):
        try:
            barrier.wait()
            order = place(basket)
            with lock:
                placed.append(order.number)
        except OutOfStock as error:
            with lock:
                sold_out.append(error)
        except Exception as error:  # deadlocks, integrity errors: the test fails on them
            with lock:
                crashed.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=buyer, args=(basket,)) for basket in baskets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a buyer hung (lock wait?)"
    return placed, sold_out, crashed


@pytest.mark.postgres
def test_thirty_buyers_race_for_the_last_ten_units():
    assert connection.vendor == "postgresql", "the race needs PostgreSQL row locking"
    product = create_product("Trà rau má Quảng Thọ", stock=10)
    baskets = [make_basket((product, 1)) for _ in range(30)]

    placed, sold_out, crashed = race(baskets)

    assert crashed == []
    assert len(placed) == 10
    assert len(sold_out) == 20
    assert all(error.available == 0 and error.title == "Trà rau má Quảng Thọ" for error in sold_out)
    record = StockRecord.objects.get(product=product)
    assert record.num_in_stock == 10
    assert record.num_allocated == 10
    assert Order.objects.count() == 10
    assert Line.objects.filter(product=product).count() == 10


@pytest.mark.postgres
def test_crossed_baskets_of_two_records_never_deadlock():
    """Half the buyers put A then B in their basket, half B then A: locks are taken
    in stock-record order whatever the basket order, so nobody deadlocks."""
    assert connection.vendor == "postgresql"
    producer_a, producer_b = ProducerFactory(), ProducerFactory()
    a = create_product("Gạo hữu cơ An Lỗ", group="food", stock=6, producer=producer_a)
    b = create_product("Đèn mây tre Bao La", group="handicraft", stock=6, producer=producer_b)
    baskets = [make_basket((a, 1), (b, 1)) if i % 2 else make_basket((b, 1), (a, 1)) for i in range(16)]

    placed, sold_out, crashed = race(baskets)

    assert crashed == []
    assert len(placed) == 6
    assert len(sold_out) == 10
    for product in (a, b):
        assert StockRecord.objects.get(product=product).num_allocated == 6


def test_a_short_line_rolls_back_the_whole_order():
    """Line A fits, line B does not: no order, no line, and A's allocation is undone."""
    a = create_product("Gạo hữu cơ An Lỗ", group="food", stock=5)
    b = create_product("Chuối già lùn A Lưới", group="food", stock=2)
    basket = make_basket((a, 2), (b, 2))
    StockRecord.objects.filter(product=b).update(num_allocated=1)  # someone else took one

    with pytest.raises(OutOfStock) as error:
        place(basket)

    assert (error.value.title, error.value.available) == ("Chuối già lùn A Lưới", 1)
    assert Order.objects.count() == 0
    assert Line.objects.count() == 0
    assert (StockRecord.objects.get(product=a).num_allocated or 0) == 0
    assert StockRecord.objects.get(product=b).num_allocated == 1


def click_race(product, buyers: int) -> tuple[list, list]:
    """``buyers`` guests each with ``product`` in their basket at the preview page,
    clicking "place order" at the same instant; returns (responses, errors)."""
    from django.test import Client
    from django.urls import reverse

    from tests.factories import ProvinceFactory, WardFactory

    hue = ProvinceFactory()
    ward = WardFactory(province=hue)
    clients = []
    for i in range(buyers):
        client = Client()
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
        client.post(reverse("checkout:index"), {"username": f"buyer{i}@example.vn", "options": "anonymous"})
        client.post(reverse("checkout:shipping-address"), {
            "first_name": f"Buyer {i}", "phone_number": "0912345678", "line1": "1 Lê Lợi",
            "province": hue.pk, "ward": ward.pk,
        })
        client.get(reverse("checkout:shipping-method"))
        client.post(reverse("checkout:payment-details"), {"payment_method": "cod"})
        assert client.get(reverse("checkout:preview")).status_code == 200
        clients.append(client)

    barrier = threading.Barrier(len(clients))
    responses, crashed = [], []
    lock = threading.Lock()

    def click(client):
        try:
            barrier.wait()
            response = client.post(reverse("checkout:preview"), {"action": "place_order"})
            with lock:
                responses.append(response)
        except Exception as error:
            with lock:
                crashed.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return responses, crashed


def assert_exactly_the_stock_was_sold(product, stock: int, responses, crashed):
    """Every buyer got a page (confirmation, or a clear sold-out message), never an
    error page, and exactly ``stock`` orders were placed."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override("vi"):
        sold_out_message = str(OutOfStock(product.get_title(), 0))
    assert crashed == []
    assert all(response.status_code in (200, 302) for response in responses)
    placed = [r for r in responses if r.status_code == 302 and r["Location"].endswith(reverse("checkout:thank-you"))]
    assert len(placed) == stock
    for response in responses:
        if response not in placed:
            # Either the placement found the stock gone (message on the preview page)
            # or the pre-checks already did (back to the basket with a message).
            if response.status_code == 200:
                assert sold_out_message in response.content.decode(), re.findall(r"alert.{0,400}", response.content.decode(), re.S)[:3]
            else:
                assert response["Location"].endswith(reverse("basket:summary"))
    assert Order.objects.count() == stock
    record = StockRecord.objects.get(product=product)
    assert record.num_allocated == stock


@pytest.mark.postgres
def test_thirty_buyers_click_place_order_for_the_last_ten_units():
    """The same race through the real checkout views."""
    assert connection.vendor == "postgresql"
    product = create_product("Trà rau má Quảng Thọ", stock=10)
    responses, crashed = click_race(product, 30)
    assert_exactly_the_stock_was_sold(product, 10, responses, crashed)


def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's locking: runs in make test's SQLite pass")


@pytest.mark.sqlite
def test_on_sqlite_buyers_queue_for_the_last_units_instead_of_failing():
    sqlite_only()
    product = create_product("Trà rau má Quảng Thọ", stock=3)
    placed, sold_out, crashed = race([make_basket((product, 1)) for _ in range(8)])
    assert crashed == []  # no "database is locked"
    assert len(placed) == 3
    assert len(sold_out) == 5 and all(error.available == 0 for error in sold_out)
    assert StockRecord.objects.get(product=product).num_allocated == 3


@pytest.mark.sqlite
def test_on_sqlite_buyers_clicking_place_order_see_sold_out_not_an_error():
    sqlite_only()
    product = create_product("Trà rau má Quảng Thọ", stock=3)
    responses, crashed = click_race(product, 8)
    assert_exactly_the_stock_was_sold(product, 3, responses, crashed)
