"""Click and collect through the pages: the pick-up step at checkout, the emails
(the point's staff, never a producer, for the point's stock), and the point's
staff pages (ready, collected with the code, the stock take by file)."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.sales_points.models import PickUpStatus
from tests.factories import (
    ProducerFactory,
    ProvinceFactory,
    WardFactory,
    create_product,
    create_sales_point,
    sales_point_user,
)

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
StockLedgerEntry = get_model("partner", "StockLedgerEntry")


@pytest.fixture
def world(settings):
    settings.SHIPPING_DEFAULT_FEE_VND = 40_000
    quang_ninh = ProvinceFactory(code="22", name="Tỉnh Quảng Ninh", short_name="Quảng Ninh", division_type="tỉnh")
    ward = WardFactory(code="06500", province=quang_ninh, name="Phường Hồng Gai", short_name="Hồng Gai")
    producer = ProducerFactory(name="HTX Quảng Thọ II", email="htx@example.vn")
    tea = create_product("Trà rau má Quảng Thọ", price=85_000, producer=producer, stock=10)
    honey = create_product("Mật ong Hạ Long", price=120_000, stock=10)
    point = create_sales_point(
        "QN-BIGC-HALONG", name="Góc OCOP Big C Hạ Long", province=quang_ninh, ward=ward,
        address_line="Lô H1, đường Trần Quốc Nghiễn", opening_hours="8:00–22:00 hằng ngày", stock={tea: 3},
    )
    other = create_sales_point("HUE-DAINOI", name="Cửa hàng Đại Nội", province=quang_ninh, stock={tea: 5})
    staff = sales_point_user(point, "ngan")
    other_staff = sales_point_user(other, "hoa")
    return {"tea": tea, "honey": honey, "point": point, "other": other, "staff": staff,
            "other_staff": other_staff, "ward": ward, "province": quang_ninh, "producer": producer}


def start_checkout(client, *lines):
    for product, quantity in lines:
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity})
    response = client.post(reverse("checkout:index"), {"username": "khach@example.vn", "options": "anonymous"})
    assert response.status_code == 302


def choose_point(client, point, **overrides):
    data = {"first_name": "Trần Văn Khách", "phone_number": "0912 345 678", "sales_point": point.code, **overrides}
    return client.post(reverse("checkout:pick-up"), data)


def place_cod(client):
    assert client.post(reverse("checkout:payment-details"), {"payment_method": "cod"}).status_code == 302
    return client.post(reverse("checkout:preview"), {"action": "place_order"})


def test_a_guest_picks_up_at_a_point_and_its_staff_are_told(client, world, django_capture_on_commit_callbacks):
    start_checkout(client, (world["tea"], 2))
    address_page = client.get(reverse("checkout:shipping-address")).content.decode()
    assert 'href="/checkout/pick-up/"' in address_page and "Nhận hàng tại điểm bán" in address_page
    page = client.get(reverse("checkout:pick-up")).content.decode()
    assert "Góc OCOP Big C Hạ Long" in page and "8:00–22:00 hằng ngày" in page and "Cửa hàng Đại Nội" in page

    response = choose_point(client, world["point"])
    assert response.status_code == 302 and response["Location"].endswith(reverse("checkout:payment-details"))
    with django_capture_on_commit_callbacks(execute=True):
        response = place_cod(client)
    assert response.status_code == 302, response.context and response.context.get("error")

    order = Order.objects.get()
    assert order.shipping_code == "click-and-collect" and order.shipping_incl_tax == Decimal(0)
    assert order.total_incl_tax == Decimal(170_000)
    assert order.pick_up.sales_point == world["point"]
    address = order.shipping_address
    assert (address.first_name, address.phone_number.as_e164) == ("Trần Văn Khách", "+84912345678")
    assert (address.line1, address.province, address.ward) == ("Góc OCOP Big C Hạ Long", world["province"], world["ward"])
    point_record = StockRecord.objects.get(partner=world["point"].partner)
    assert point_record.num_allocated == 2
    assert StockRecord.objects.get(partner=world["producer"].partner).num_allocated in (0, None)

    to = {tuple(message.to): message for message in mail.outbox}
    assert set(to) == {("khach@example.vn",), ("ngan@example.vn",)}  # no producer email
    assert order.pick_up.code in to[("khach@example.vn",)].body
    notice = to[("ngan@example.vn",)]
    assert order.number in notice.subject and "Trần Văn Khách" in notice.body and "170.000" in notice.body
    assert f"/dashboard/sales-point/QN-BIGC-HALONG/pick-ups/{order.pick_up.pk}/" in notice.body


def test_only_points_holding_the_whole_basket_are_offered(client, world):
    start_checkout(client, (world["tea"], 4))  # Big C holds 3
    page = client.get(reverse("checkout:pick-up")).content.decode()
    assert "Cửa hàng Đại Nội" in page and "Góc OCOP Big C Hạ Long" not in page
    response = choose_point(client, world["point"])
    assert response.status_code == 200 and "sales_point" in response.context["form"].errors
    errors = choose_point(client, world["other"], phone_number="12345").context["form"].errors
    assert "phone_number" in errors


def test_no_point_holds_it_so_there_is_no_choice(client, world):
    start_checkout(client, (world["honey"], 1))
    assert "checkout/pick-up/" not in client.get(reverse("checkout:shipping-address")).content.decode()
    response = client.get(reverse("checkout:pick-up"))
    assert response.status_code == 302 and response["Location"].endswith(reverse("checkout:shipping-address"))


def test_choosing_home_delivery_after_pick_up_delivers_home(client, world):
    start_checkout(client, (world["tea"], 1))
    choose_point(client, world["point"])
    form = client.get(reverse("checkout:shipping-address")).context["form"]
    assert form.initial == {"first_name": "Trần Văn Khách", "phone_number": "+84 912 345 678", "phone_country": "VN"}
    response = client.post(reverse("checkout:shipping-address"), {
        "first_name": "Trần Văn Khách", "phone_number": "0912 345 678", "line1": "12 Lê Lợi",
        "province": world["province"].pk, "ward": world["ward"].pk, "notes": "",
    })
    assert response.status_code == 302
    client.get(reverse("checkout:shipping-method"))
    assert place_cod(client).status_code == 302
    order = Order.objects.get()
    assert order.shipping_code == "home-delivery" and order.shipping_incl_tax == Decimal(40_000)
    assert not hasattr(order, "pick_up") or order.pick_up is None


# The point's staff


@pytest.fixture
def pick_up(client, world):
    start_checkout(client, (world["tea"], 1))
    choose_point(client, world["point"])
    place_cod(client)
    client.logout()
    return Order.objects.get().pick_up


def detail_url(pick_up, code=None):
    return reverse("sales-point-dashboard:pickup-detail",
                   kwargs={"code": code or pick_up.sales_point.code, "pk": pick_up.pk})


def test_staff_mark_ready_then_collected_with_the_code(client, world, pick_up, django_capture_on_commit_callbacks):
    client.force_login(world["staff"])
    response = client.get(reverse("sales-point-dashboard:home"))
    assert response["Location"] == reverse("sales-point-dashboard:pickup-list", kwargs={"code": "QN-BIGC-HALONG"})
    listing = client.get(response["Location"]).content.decode()
    assert pick_up.order.number in listing and "Trần Văn Khách" in listing

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(detail_url(pick_up), {"action": "ready"}).status_code == 302
    pick_up.refresh_from_db()
    assert pick_up.status == PickUpStatus.READY and pick_up.code in mail.outbox[-1].body

    response = client.post(detail_url(pick_up), {"action": "collected", "code": "ABCDEFGH"})
    assert response.status_code == 400
    assert response.context["collect_form"].errors["code"]
    pick_up.refresh_from_db()
    assert pick_up.status == PickUpStatus.READY

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail_url(pick_up), {"action": "collected", "code": pick_up.code.lower()})
    assert response.status_code == 302
    pick_up.refresh_from_db()
    assert pick_up.status == PickUpStatus.COLLECTED
    record = StockRecord.objects.get(partner=world["point"].partner)
    assert (record.num_in_stock, record.num_allocated) == (2, 0)
    entry = StockLedgerEntry.objects.filter(stockrecord=record).latest("pk")
    assert entry.user_id == world["staff"].pk


def test_staff_signing_in_land_on_their_point_not_oscars_statistics(client, world):
    """The dashboard's front page showed a point's staff the shop's statistics, all
    zero for them; they start at their point's pick-ups, as producers at their home."""
    client.force_login(world["staff"])
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("sales-point-dashboard:home")
    followed = client.get(reverse("dashboard:index"), follow=True)
    assert followed.redirect_chain[-1][0] == reverse("sales-point-dashboard:pickup-list",
                                                     kwargs={"code": "QN-BIGC-HALONG"})


def test_staff_of_another_point_see_nothing_of_this_one(client, world, pick_up):
    client.force_login(world["other_staff"])
    assert client.get(detail_url(pick_up)).status_code == 404
    # Their own point's code with this pick-up's id: not theirs either.
    assert client.get(detail_url(pick_up, code="HUE-DAINOI")).status_code == 404
    assert client.post(detail_url(pick_up, code="HUE-DAINOI"),
                       {"action": "collected", "code": pick_up.code}).status_code == 404
    for name in ("pickup-list", "stock-take", "stock-template"):
        assert client.get(reverse(f"sales-point-dashboard:{name}", kwargs={"code": "QN-BIGC-HALONG"})).status_code == 404
    listing = client.get(reverse("sales-point-dashboard:pickup-list", kwargs={"code": "HUE-DAINOI"})).content.decode()
    assert pick_up.order.number not in listing
    pick_up.refresh_from_db()
    assert pick_up.status == PickUpStatus.WAITING


def test_a_producer_has_no_sales_point_pages(client, world, pick_up, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("htx", "htx-user@example.vn", "x")
    user.user_permissions.add(Permission.objects.get(codename="dashboard_access"))
    world["producer"].partner.users.add(user)
    client.force_login(user)
    assert client.get(reverse("sales-point-dashboard:home")).status_code == 404
    assert client.get(detail_url(pick_up)).status_code == 404


# The stock take by file


def upload(client, point, content: bytes):
    return client.post(reverse("sales-point-dashboard:stock-take", kwargs={"code": point.code}),
                       {"file": SimpleUploadedFile("kiem-kho.csv", content, content_type="text/csv")})


def test_an_excel_file_with_bom_and_semicolons_is_applied(client, world):
    client.force_login(world["staff"])
    now = timezone.localtime().replace(microsecond=0).isoformat()
    content = f"sku;quantity;counted_at\r\n{world['tea'].upc};7;{now}\r\n{world['honey'].upc};2;{now}\r\n;;\r\n"
    response = upload(client, world["point"], "\ufeff".encode() + content.encode())
    assert response.status_code == 200, response.context.get("file_errors")
    assert {record.product_id: record.num_in_stock
            for record in StockRecord.objects.filter(partner=world["point"].partner)} == {
        world["tea"].pk: 7, world["honey"].pk: 2}
    assert StockLedgerEntry.objects.filter(source="csv", user_id=world["staff"].pk).count() == 2


def test_a_file_with_errors_names_every_line_and_changes_nothing(client, world):
    client.force_login(world["staff"])
    now = timezone.localtime().replace(microsecond=0).isoformat()
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    content = (f"sku,quantity,counted_at\n{world['tea'].upc},7,{now}\nNO-SUCH-SKU,1,{now}\n"
               f"{world['honey'].upc},-1,{now}\n{world['honey'].upc},1,{future}\n")
    response = upload(client, world["point"], content.encode())
    assert response.status_code == 400
    lines = [(error.line, error.message.split(":")[0]) for error in response.context["file_errors"]]
    assert lines == [(3, "sku"), (4, "quantity"), (5, "sku"), (5, "counted_at")]
    assert "Dòng 3" in response.content.decode() or "Line 3" in response.content.decode()
    assert StockRecord.objects.get(partner=world["point"].partner).num_in_stock == 3


@pytest.mark.parametrize(("content", "problem"), [
    (b"sku,quantity\nX,1\n", 1),
    (b"sku,quantity,counted_at\n", 0),
    ("sku,quantity,counted_at\nTRÀ,1,2026-01-01T00:00:00+07:00\n".encode("cp1258"), 0),
])
def test_a_file_that_cannot_be_read_says_why(client, world, content, problem):
    client.force_login(world["staff"])
    response = upload(client, world["point"], content)
    assert response.status_code == 400
    assert [error.line for error in response.context["file_errors"]] == [problem]


def test_the_template_lists_the_points_current_stock(client, world):
    client.force_login(world["staff"])
    response = client.get(reverse("sales-point-dashboard:stock-template", kwargs={"code": "QN-BIGC-HALONG"}))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffsku,quantity,counted_at,title\r\n")
    assert f"{world['tea'].upc},3," in text and "Trà rau má Quảng Thọ" in text
    assert world["honey"].upc not in text
    # What was downloaded uploads as it is.
    assert upload(client, world["point"], response.content).status_code == 200
