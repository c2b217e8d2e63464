"""Orders across producers in the Oscar dashboard: each producer sees only orders
holding their lines, only their own lines and prices (also when guessing URLs),
and moves their lines along; the order's status follows its lines."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.order.fulfilment import derive_order_status
from marketplace.order.statuses import PaymentStatus
from tests.factories import (
    ProducerFactory,
    create_product,
    make_basket,
    place_basket,
    producer_user,
)

pytestmark = pytest.mark.django_db

StockRecord = get_model("partner", "StockRecord")


def place(*items):
    return place_basket(make_basket(*items), guest_email="buyer@example.vn")



@pytest.fixture
def shop(django_user_model):
    quang_tho = ProducerFactory(name="HTX Quảng Thọ II")
    bao_la = ProducerFactory(name="HTX Mây tre đan Bao La")
    tea = create_product("Trà rau má Quảng Thọ", price=85_000, stock=10, producer=quang_tho)
    lamp = create_product("Đèn mây tre Bao La", group="handicraft", price=777_000, stock=10, producer=bao_la)
    both = place((tea, 2), (lamp, 1))
    lamp_only = place((lamp, 1))
    return {
        "tea": tea, "lamp": lamp, "both": both, "lamp_only": lamp_only,
        "tea_user": producer_user(quang_tho, "quangtho"),
        "lamp_user": producer_user(bao_la, "baola"),
    }


def test_producer_lists_only_orders_with_their_lines_and_only_their_amounts(client, shop):
    client.force_login(shop["tea_user"])
    page = client.get(reverse("dashboard:order-list")).content.decode()
    assert f'data-order="{shop["both"].number}"' in page
    assert f'data-order="{shop["lamp_only"].number}"' not in page
    assert "170.000" in page  # 2 × 85.000, their own lines
    assert "947.000" not in page  # the order total includes the other producer's lamp


def test_producer_sees_only_their_lines_and_prices(client, shop):
    client.force_login(shop["tea_user"])
    page = client.get(reverse("dashboard:order-detail", kwargs={"number": shop["both"].number})).content.decode()
    assert "Trà rau má Quảng Thọ" in page
    assert "Đèn mây tre Bao La" not in page
    assert "777.000" not in page and "947.000" not in page


def test_url_guessing_finds_nothing(client, shop):
    client.force_login(shop["tea_user"])
    other = shop["lamp_only"]
    assert client.get(reverse("dashboard:order-detail", kwargs={"number": other.number})).status_code == 404
    lamp_line = shop["both"].lines.get(product=shop["lamp"])
    url = reverse("dashboard:order-line-detail", kwargs={"number": shop["both"].number, "line_id": lamp_line.pk})
    assert client.get(url).status_code == 404
    # Posting another producer's line id to their own order's page changes nothing.
    client.post(reverse("dashboard:order-detail", kwargs={"number": shop["both"].number}),
                {"line_action": "change_line_statuses", "selected_line": [lamp_line.pk],
                 f"selected_line_qty_{lamp_line.pk}": 1, "new_status": "Cancelled"})
    lamp_line.refresh_from_db()
    assert lamp_line.status == "Confirmed"
    # Order-level actions and the statistics are for operators only.
    client.post(reverse("dashboard:order-detail", kwargs={"number": shop["both"].number}),
                {"order_action": "change_order_status", "new_status": "Cancelled"})
    shop["both"].refresh_from_db()
    assert shop["both"].status == "Confirmed"
    assert client.get(reverse("dashboard:order-stats")).status_code == 403


def test_producers_move_their_lines_and_the_order_follows(client, shop):
    order = shop["both"]
    tea_line = order.lines.get(product=shop["tea"])
    lamp_line = order.lines.get(product=shop["lamp"])
    url = reverse("dashboard:order-detail", kwargs={"number": order.number})

    def move(user, line, status):
        client.force_login(user)
        client.post(url, {"line_action": "change_line_statuses", "selected_line": [line.pk],
                          f"selected_line_qty_{line.pk}": line.quantity, "new_status": status,
                          "carrier": "own"})
        line.refresh_from_db()
        order.refresh_from_db()
        return line.status, order.status

    assert move(shop["tea_user"], tea_line, "Packed") == ("Packed", "Processing")
    assert move(shop["tea_user"], tea_line, "Delivered") == ("Packed", "Processing")  # skipping is refused
    assert move(shop["tea_user"], tea_line, "Shipped") == ("Shipped", "Processing")
    # Shipping consumes the allocation: the units left the producer's stock.
    tea_stock = StockRecord.objects.get(product=shop["tea"])
    assert (tea_stock.num_in_stock, tea_stock.num_allocated) == (8, 0)
    assert move(shop["lamp_user"], lamp_line, "Packed") == ("Packed", "Processing")
    assert move(shop["lamp_user"], lamp_line, "Shipped") == ("Shipped", "Shipped")
    assert move(shop["tea_user"], tea_line, "Delivered") == ("Delivered", "Shipped")
    assert move(shop["lamp_user"], lamp_line, "Delivered") == ("Delivered", "Delivered")


def test_cancelling_a_line_releases_its_allocation(client, shop):
    order = shop["lamp_only"]
    line = order.lines.get()
    assert StockRecord.objects.get(product=shop["lamp"]).num_allocated == 2
    client.force_login(shop["lamp_user"])
    client.post(reverse("dashboard:order-detail", kwargs={"number": order.number}),
                {"line_action": "change_line_statuses", "selected_line": [line.pk],
                 f"selected_line_qty_{line.pk}": 1, "new_status": "Cancelled"})
    line.refresh_from_db()
    order.refresh_from_db()
    assert line.status == "Cancelled" and order.status == "Cancelled"
    assert StockRecord.objects.get(product=shop["lamp"]).num_allocated == 1


def test_staff_see_every_line_of_an_order(client, shop, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("dashboard:order-detail", kwargs={"number": shop["both"].number})).content.decode()
    assert "HTX Quảng Thọ II" in page and "HTX Mây tre đan Bao La" in page


@pytest.mark.parametrize("statuses, expected", [
    (["Confirmed", "Confirmed"], "Confirmed"),
    (["Packed", "Confirmed"], "Processing"),
    (["Shipped", "Delivered"], "Shipped"),
    (["Delivered", "Cancelled"], "Delivered"),
    (["Cancelled", "Cancelled"], "Cancelled"),
])
def test_order_status_is_derived_from_lines(statuses, expected):
    assert derive_order_status(statuses) == expected


def test_operator_marks_a_vietqr_transfer_paid_and_producers_cannot(client, shop, admin_user):
    Order = get_model("order", "Order")
    order = shop["lamp_only"]
    Order.objects.filter(pk=order.pk).update(payment_method="vietqr", payment_status=PaymentStatus.AWAITING_TRANSFER)
    url = reverse("dashboard:order-detail", kwargs={"number": order.number})

    client.force_login(shop["lamp_user"])
    client.post(url, {"order_action": "mark_paid", "reference": "FT123"})
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.AWAITING_TRANSFER

    client.force_login(admin_user)
    assert 'id="mark_paid_form"' in client.get(url).content.decode()
    client.post(url, {"order_action": "mark_paid", "reference": "FT123"})
    order.refresh_from_db()
    assert order.payment_status == PaymentStatus.PAID
    event = order.payment_events.get()
    assert (event.event_type.name, event.amount, event.reference) == ("Paid", order.total_incl_tax, "FT123")
    client.post(url, {"order_action": "mark_paid", "reference": "again"})
    assert order.payment_events.count() == 1
