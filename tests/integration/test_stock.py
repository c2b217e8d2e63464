"""The stock module: allocate, release, consume, all or nothing, and Oscar's
low-stock alerts kept in step at checkout, cancellation, and restocks."""

import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from django.urls import reverse
from oscar.core.loading import get_model

from catalogue.importing import import_products
from marketplace.order.exceptions import OutOfStock
from marketplace.partner.stock import (
    InsufficientStock,
    StockMove,
    StockOrigin,
    allocate_stock,
    consume_stock,
    free_stock,
    release_stock,
)
from tests.factories import create_product, make_basket, place_basket

pytestmark = pytest.mark.django_db

StockRecord = get_model("partner", "StockRecord")
StockAlert = get_model("partner", "StockAlert")
ORIGIN = StockOrigin("dashboard", actor="test")
DATA = Path(__file__).resolve().parents[1] / "data" / "import"


def record(product):
    return StockRecord.objects.get(product=product)


def counts(product):
    stock = record(product)
    return stock.num_in_stock, stock.num_allocated or 0


def test_allocation_is_all_or_nothing_and_names_the_short_record():
    rice = create_product("Gạo hữu cơ An Lỗ", group="food", stock=5)
    banana = create_product("Chuối già lùn A Lưới", group="food", stock=2)
    moves = [StockMove(record(banana).pk, 3), StockMove(record(rice).pk, 2)]

    with pytest.raises(InsufficientStock) as short, transaction.atomic():  # the caller's transaction
        allocate_stock(moves, ORIGIN)

    assert (short.value.stockrecord_id, short.value.available) == (record(banana).pk, 2)
    assert counts(rice) == (5, 0) and counts(banana) == (2, 0)
    levels = allocate_stock([StockMove(record(banana).pk, 2), StockMove(record(rice).pk, 2)], ORIGIN)
    # In stock-record id order (the lock order), with the counts after the change.
    assert [level.stockrecord_id for level in levels] == sorted([record(rice).pk, record(banana).pk])
    assert {level.stockrecord_id: level.free for level in levels} == {record(rice).pk: 3, record(banana).pk: 0}
    assert free_stock(record(banana).pk) == 0


def test_release_never_goes_below_zero_and_consume_needs_the_allocation():
    tea = create_product(stock=10)
    move = StockMove(record(tea).pk, 4)
    allocate_stock([move], ORIGIN)
    consume_stock([StockMove(record(tea).pk, 1)], ORIGIN)
    assert counts(tea) == (9, 3)
    with pytest.raises(InsufficientStock), transaction.atomic():
        consume_stock([move], ORIGIN)  # only 3 allocated
    assert counts(tea) == (9, 3)
    release_stock([move], ORIGIN)
    assert counts(tea) == (9, 0)


def test_placement_below_the_threshold_opens_one_alert_and_cancelling_closes_it(client, django_user_model):
    tea = create_product("Trà rau má Quảng Thọ", stock=10)
    StockRecord.objects.filter(product=tea).update(low_stock_threshold=5)

    place_basket(make_basket((tea, 4)), guest_email="a@example.vn")  # 6 free: no alert
    assert not StockAlert.objects.exists()
    order = place_basket(make_basket((tea, 2)), guest_email="b@example.vn")  # 4 free < 5
    alert = StockAlert.objects.get()
    assert (alert.stockrecord, alert.status, alert.threshold) == (record(tea), StockAlert.OPEN, 5)
    place_basket(make_basket((tea, 1)), guest_email="c@example.vn")  # still below: the same alert
    assert StockAlert.objects.filter(status=StockAlert.OPEN).count() == 1

    # The producer cancels the 2-unit line: 5 free again, the alert closes.
    producer_user = django_user_model.objects.create_user(username="p", email="p@example.vn", password="x")
    producer_user.user_permissions.add(Permission.objects.get(codename="dashboard_access"))
    tea.producer.partner.users.add(producer_user)
    client.force_login(producer_user)
    line = order.lines.get()
    client.post(reverse("dashboard:order-detail", kwargs={"number": order.number}),
                {"line_action": "change_line_statuses", "selected_line": [line.pk],
                 f"selected_line_qty_{line.pk}": line.quantity, "new_status": "Cancelled"})
    assert counts(tea) == (10, 5)
    alert.refresh_from_db()
    assert alert.status == StockAlert.CLOSED and alert.date_closed is not None


def test_sold_out_placement_opens_no_alert_and_leaves_the_stock():
    tea = create_product(stock=1)
    StockRecord.objects.filter(product=tea).update(low_stock_threshold=1)
    with pytest.raises(OutOfStock):
        place_basket(make_basket((tea, 2)))
    assert counts(tea) == (1, 0)
    assert not StockAlert.objects.exists()


def test_a_restock_closes_the_alert_by_import_and_by_dashboard_edit(tmp_path):
    for name in ("good.csv", "tea.jpg"):
        shutil.copy(DATA / name, tmp_path / name)
    csv_path = tmp_path / "good.csv"
    import_products(csv_path)
    tea = get_model("catalogue", "Product").objects.get(upc="8936000000011")  # 120 in stock
    StockRecord.objects.filter(product=tea).update(low_stock_threshold=100)
    place_basket(make_basket((tea, 30)))  # 90 free < 100
    assert StockAlert.objects.get().status == StockAlert.OPEN

    # The province's next list brings the stock up to 200: 170 free.
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace(",85000,120,", ",85000,200,"), encoding="utf-8")
    import_products(csv_path)
    assert counts(tea) == (200, 30)
    assert StockAlert.objects.get().status == StockAlert.CLOSED

    # Below again, then an operator edits the stock in the dashboard (a model
    # save: Oscar's own receiver closes the alert).
    place_basket(make_basket((tea, 80)))  # 90 free
    assert StockAlert.objects.filter(status=StockAlert.OPEN).count() == 1
    stock = record(tea)
    stock.num_in_stock = 300
    stock.save()
    assert not StockAlert.objects.filter(status=StockAlert.OPEN).exists()


def test_shipping_a_line_the_shelf_no_longer_covers_is_refused_and_changes_nothing(admin_user):
    from marketplace.order.fulfilment import InvalidLineTransition, change_line_status

    tea = create_product(stock=10)
    order = place_basket(make_basket((tea, 4)))
    line = order.lines.get()
    change_line_status(admin_user, order, [line.pk], "Packed")
    StockRecord.objects.filter(product=tea).update(num_in_stock=3)  # miscounted in the dashboard
    with pytest.raises(InvalidLineTransition):
        change_line_status(admin_user, order, [line.pk], "Shipped")
    line.refresh_from_db()
    assert (line.status, line.num_allocated) == ("Packed", 4)
    assert counts(tea) == (3, 4)
