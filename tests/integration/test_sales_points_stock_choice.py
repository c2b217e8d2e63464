"""Which stock record sells: home delivery the producer's, whatever sales points
stock the product (their records are never the online price or stock)."""

import pytest
from oscar.core.loading import get_class, get_model

from catalogue.search.documents import iter_documents
from tests.factories import create_product, create_sales_point

pytestmark = pytest.mark.django_db

StockRecord = get_model("partner", "StockRecord")
Selector = get_class("partner.strategy", "Selector")


def test_online_price_and_stock_come_from_the_producer_even_when_a_point_record_is_older():
    tea = create_product("Trà rau má", price=85_000, stock=0)
    point = create_sales_point(stock={tea: 40})
    StockRecord.objects.filter(partner=point.partner).update(price=60_000)
    # Recreate the producer's record so the point's is the first one by id:
    # "first stock record wins" would now sell the point's.
    producer_record = StockRecord.objects.get(partner=tea.producer.partner)
    producer_record.delete()
    producer_record.pk = None
    producer_record.save()

    info = Selector().strategy().fetch_for_product(tea)
    assert info.stockrecord.partner_id == tea.producer.partner_id
    assert int(info.price.incl_tax) == 85_000
    assert not info.availability.is_available_to_buy  # the producer has none; the point's 40 don't count
    [document] = list(iter_documents([tea.pk]))
    assert (document.price, document.in_stock) == (85_000, False)


def test_a_product_only_a_sales_point_stocks_is_not_sold_for_delivery():
    tea = create_product(stock=5)
    create_sales_point(stock={tea: 9})
    StockRecord.objects.filter(partner=tea.producer.partner).delete()
    assert Selector().strategy().fetch_for_product(tea).stockrecord is None
