"""The sales report (issue 11, requirement 5): a producer's own line totals by month
and by product (no delivery fees, no other producers' lines, no cancelled lines),
as a page with a chart and as CSV; operators see any producer and the whole shop."""

import csv
import datetime
import io
import zoneinfo
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from marketplace.order.statuses import LineStatus
from tests.factories import ProducerFactory, create_product, make_basket, place_basket

pytestmark = pytest.mark.django_db
User = get_user_model()
Order = get_model("order", "Order")
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
RANGE = {"start": "2025-01-01", "end": "2025-03-31"}


def placed(order, when: datetime.datetime, delivery_fee: int = 0):
    """Date the order (as if placed then) and charge a delivery fee on it."""
    Order.objects.filter(pk=order.pk).update(
        date_placed=when, shipping_incl_tax=delivery_fee, shipping_excl_tax=delivery_fee,
        total_incl_tax=F("total_incl_tax") + delivery_fee,
    )
    return order


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=HCM)


@pytest.fixture
def world():
    a, b = ProducerFactory(name="HTX Mây tre đan Bao La"), ProducerFactory(name="HTX NN Quảng Thọ II")
    alice = User.objects.create_user("alice", "alice@example.vn", "pw")
    alice.user_permissions.add(Permission.objects.get(codename="dashboard_access"))
    a.partner.users.add(alice)
    lamp = create_product("Đèn mây tre Bao La", producer=a, group="handicraft", price=350_000)
    basket = create_product("Giỏ mây Bao La", producer=a, group="handicraft", price=120_000)
    tea = create_product("Trà rau má Quảng Thọ", producer=b, price=120_000)
    # January: two lamps next to B's tea, with a delivery fee on the order.
    placed(place_basket(make_basket((lamp, 2), (tea, 1))), local(2025, 1, 15, 10), delivery_fee=30_000)
    # Half past midnight on 1 January in Vietnam (still 31 December in UTC): January.
    placed(place_basket(make_basket((lamp, 1))), local(2025, 1, 1, 0, 30))
    # March: three baskets and a lamp line that was cancelled.
    march = placed(place_basket(make_basket((basket, 3), (lamp, 1))), local(2025, 3, 5, 9))
    march.lines.filter(product=lamp).update(status=LineStatus.CANCELLED)
    # Ten past midnight on 1 April in Vietnam (31 March in UTC): outside the range.
    placed(place_basket(make_basket((basket, 1))), local(2025, 4, 1, 0, 10))
    operator = User.objects.create_superuser("op", "op@cho-ocop.vn", "pw")
    return {"a": a, "b": b, "alice": alice, "operator": operator, "lamp": lamp, "basket": basket, "tea": tea}


def rows(report_rows):
    return [(row.label, row.units, row.revenue) for row in report_rows]


def test_a_producer_sees_their_own_line_totals_only(client, world):
    client.force_login(world["alice"])
    response = client.get("/dashboard/producer/sales/", RANGE)
    report = response.context["report"]
    assert response.context["producer"] == world["a"]
    assert rows(report.by_month) == [
        ("01/2025", 3, Decimal(1_050_000)), ("02/2025", 0, Decimal(0)), ("03/2025", 3, Decimal(360_000)),
    ]
    assert rows(report.by_product) == [
        ("Đèn mây tre Bao La", 3, Decimal(1_050_000)), ("Giỏ mây Bao La", 3, Decimal(360_000)),
    ]
    assert (report.units, report.revenue) == (6, Decimal(1_410_000))
    html = response.content.decode()
    assert "1.410.000\xa0₫" in html and "Trà rau má" not in html and "30.000" not in html
    assert html.count('class="sales-chart-bar"') == 3


def test_another_producer_in_the_query_is_ignored_for_producers(client, world):
    client.force_login(world["alice"])
    response = client.get("/dashboard/producer/sales/", {**RANGE, "producer": world["b"].pk})
    assert response.context["producer"] == world["a"]
    assert response.context["report"].revenue == Decimal(1_410_000)


def test_the_csv_holds_the_same_figures(client, world):
    client.force_login(world["alice"])
    response = client.get("/dashboard/producer/sales/", {**RANGE, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == (
        f'attachment; filename="sales-{world["a"].pk}-20250101-20250331.csv"'
    )
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table == [
        ["Tháng", "Số lượng", "Doanh thu (VND)"],
        ["01/2025", "3", "1050000"], ["02/2025", "0", "0"], ["03/2025", "3", "360000"],
        [],
        ["Sản phẩm", "Số lượng", "Doanh thu (VND)"],
        ["Đèn mây tre Bao La", "3", "1050000"], ["Giỏ mây Bao La", "3", "360000"],
        [],
        ["Tổng cộng", "6", "1410000"],
    ]


def test_operators_see_any_producer_and_the_whole_shop(client, world):
    client.force_login(world["operator"])
    shop = client.get("/dashboard/producer/sales/", RANGE)
    assert shop.context["producer"] is None
    assert (shop.context["report"].units, shop.context["report"].revenue) == (7, Decimal(1_530_000))
    assert "Toàn bộ cửa hàng" in shop.content.decode()
    b = client.get("/dashboard/producer/sales/", {**RANGE, "producer": world["b"].pk})
    assert b.context["producer"] == world["b"]
    assert rows(b.context["report"].by_product) == [("Trà rau má Quảng Thọ", 1, Decimal(120_000))]


@pytest.mark.parametrize("query, error", [
    ({"start": "2025-03-01", "end": "2025-01-01"}, "Ngày bắt đầu sau ngày kết thúc."),
    ({"start": "2015-01-01", "end": "2025-01-01"}, "tối đa năm năm"),
])
def test_a_bad_range_gets_a_clear_error(client, world, query, error):
    client.force_login(world["alice"])
    assert error in client.get("/dashboard/producer/sales/", query).content.decode()


def test_the_query_count_does_not_grow_with_products_or_months(client, world):
    client.force_login(world["alice"])

    def queries(query):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/dashboard/producer/sales/", query).status_code == 200
        return len(captured)

    small = queries({"start": "2025-03-01", "end": "2025-03-31"})
    for n in range(5):
        extra = create_product(f"Nón lá Bao La {n}", producer=world["a"], group="handicraft")
        placed(place_basket(make_basket((extra, 1))), local(2025, 2, 1 + n, 9))
    assert queries({"start": "2024-01-01", "end": "2025-12-31"}) == small
