"""No overselling: concurrent placements for the last units, with real threads on
PostgreSQL (row locks and the conditional UPDATE only behave for real there)."""

import threading

import pytest
from django.db import connection, connections
from oscar.core.loading import get_class, get_model

from marketplace.order.exceptions import OutOfStock
from marketplace.order.utils import OrderCreator
from tests.factories import ProducerFactory, create_product

pytestmark = pytest.mark.django_db(transaction=True)

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Line = get_model("order", "Line")
StockRecord = get_model("partner", "StockRecord")
Selector = get_class("partner.strategy", "Selector")
Free = get_class("shipping.methods", "Free")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")


def make_basket(*items):
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product, quantity in items:
        basket.add_product(product, quantity)
    return basket


def place(basket):
    basket = Basket.objects.get(pk=basket.pk)
    basket.strategy = Selector().strategy()
    method = Free()
    charge = method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, charge)
    return OrderCreator().place_order(
        basket=basket, total=total, shipping_method=method, shipping_charge=charge,
        order_number=str(100000 + basket.pk),
    )


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
                sold_out.append(str(error))
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
    assert all("sold out" in message for message in sold_out)
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

    assert "Only 1 of “Chuối già lùn A Lưới”" in str(error.value)
    assert Order.objects.count() == 0
    assert Line.objects.count() == 0
    assert (StockRecord.objects.get(product=a).num_allocated or 0) == 0
    assert StockRecord.objects.get(product=b).num_allocated == 1
