"""Click and collect: which points can serve a basket, placement from the point's
own stock (never the producer's, never oversold), ready → collected with the
code and the buyer's emails, and the release of uncollected orders."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from marketplace.order.exceptions import OutOfStock
from marketplace.order.utils import OrderCreator
from marketplace.sales_points import pickup
from marketplace.sales_points.models import PickUp, PickUpStatus
from marketplace.shipping.methods import ClickAndCollect
from tests.factories import create_product, create_sales_point, make_basket

pytestmark = pytest.mark.django_db

StockRecord = get_model("partner", "StockRecord")
StockLedgerEntry = get_model("partner", "StockLedgerEntry")
Basket = get_model("basket", "Basket")


def place_pickup(basket, point, **kwargs):
    basket = Basket.objects.get(pk=basket.pk)
    basket.strategy = get_class("partner.strategy", "Selector")().strategy()
    method = ClickAndCollect(point)
    charge = method.calculate(basket)
    total = get_class("checkout.calculators", "OrderTotalCalculator")().calculate(basket, charge)
    return OrderCreator().place_order(
        basket=basket, total=total, shipping_method=method, shipping_charge=charge,
        guest_email="khach@example.vn", **kwargs)


def record(point, product):
    return StockRecord.objects.get(partner=point.partner, product=product)


def test_only_points_holding_every_line_serve_the_basket():
    tea, honey = create_product("Trà"), create_product("Mật ong")
    both = create_sales_point("HUE-DAINOI", stock={tea: 5, honey: 2})
    create_sales_point("QN-BIGC", stock={tea: 5})  # no honey
    create_sales_point("HN-NOIBAI", stock={tea: 5, honey: 1})  # one honey short
    create_sales_point("DN-OFF", stock={tea: 5, honey: 5}, click_and_collect=False)
    basket = make_basket((tea, 1), (honey, 2))
    assert pickup.points_serving(basket) == [both]


def test_placement_allocates_from_the_point_and_keeps_the_online_price():
    tea = create_product("Trà", price=85_000, stock=3)
    point = create_sales_point(stock={tea: 4})
    StockRecord.objects.filter(partner=point.partner).update(price=60_000)
    order = place_pickup(make_basket((tea, 2)), point)
    line = order.lines.get()
    assert (line.partner_id, line.stockrecord_id) == (point.partner_id, record(point, tea).pk)
    assert int(line.unit_price_incl_tax) == 85_000
    assert int(order.shipping_incl_tax) == 0
    assert (record(point, tea).num_allocated, record(point, tea).num_in_stock) == (2, 4)
    producer_record = StockRecord.objects.get(partner=tea.producer.partner, product=tea)
    assert producer_record.num_allocated in (0, None)
    entry = StockLedgerEntry.objects.get(stockrecord=record(point, tea))
    assert (entry.source, entry.reference, entry.allocated_after) == ("online_order", str(order.number), 2)
    pick_up = order.pick_up
    assert pick_up.sales_point == point and pick_up.status == PickUpStatus.WAITING
    assert len(pick_up.code) == 8 and not set(pick_up.code) & set("01OIL")


def test_placement_never_oversells_the_point_and_leaves_nothing_behind():
    tea = create_product("Trà", stock=50)
    point = create_sales_point(stock={tea: 1})
    with pytest.raises(OutOfStock):
        place_pickup(make_basket((tea, 2)), point)
    assert record(point, tea).num_allocated in (0, None)
    assert not PickUp.objects.exists()


def test_ready_then_collected_with_the_code_consumes_stock_and_emails_the_buyer(django_capture_on_commit_callbacks):
    tea = create_product("Trà", stock=0)
    point = create_sales_point(stock={tea: 4}, opening_hours="7:00–22:00")
    order = place_pickup(make_basket((tea, 1)), point)
    pick_up = order.pick_up
    with django_capture_on_commit_callbacks(execute=True):
        pickup.mark_ready(None, pick_up)
    assert pick_up.code in mail.outbox[-1].body and "7:00–22:00" in mail.outbox[-1].body
    with pytest.raises(pickup.PickUpError):
        pickup.mark_collected(None, pick_up, "WRONGCODE")
    with django_capture_on_commit_callbacks(execute=True):
        pickup.mark_collected(None, pick_up, pick_up.code.lower())
    pick_up.refresh_from_db()
    order.refresh_from_db()
    assert pick_up.status == PickUpStatus.COLLECTED and order.status == "Delivered"
    assert (record(point, tea).num_in_stock, record(point, tea).num_allocated) == (3, 0)
    assert order.number in mail.outbox[-1].subject and len(mail.outbox) == 2
    with pytest.raises(pickup.PickUpError):
        pickup.mark_ready(None, pick_up)


def test_uncollected_orders_are_released_after_the_hold_days(settings):
    settings.CLICK_AND_COLLECT_HOLD_DAYS = 3
    tea = create_product("Trà", stock=0)
    point = create_sales_point(stock={tea: 4})
    old = place_pickup(make_basket((tea, 1)), point)
    fresh = place_pickup(make_basket((tea, 2)), point)
    PickUp.objects.filter(order=old).update(created_at=timezone.now() - datetime.timedelta(days=4))
    call_command("release_uncollected_pickups")
    old.refresh_from_db()
    assert old.pick_up.status == PickUpStatus.RELEASED and old.status == "Cancelled"
    assert PickUp.objects.get(order=fresh).status == PickUpStatus.WAITING
    assert (record(point, tea).num_in_stock, record(point, tea).num_allocated) == (4, 2)
    assert StockLedgerEntry.objects.filter(source="order_cancelled", reference=old.number).count() == 1
