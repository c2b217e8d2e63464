"""The buyer's order page: guests open it from the signed link in their emails,
signed-in buyers from their account; each line shows its status, parcel and next
step; the buyer cancels lines not yet packed and confirms deliveries."""

import datetime

import pytest
from django.db.models import F
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.order.buyer import guest_token
from marketplace.order.emails import buyer_order_url
from marketplace.order.fulfilment import change_line_status, ship_lines
from marketplace.order.statuses import LineStatus, PaymentStatus
from tests.factories import (
    ProducerFactory,
    ProvinceFactory,
    WardFactory,
    create_product,
    make_basket,
    place_basket,
    producer_user,
)

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture
def shop():
    producer = ProducerFactory(name="HTX Quảng Thọ II")
    tea = create_product("Trà rau má", price=85_000, stock=10, producer=producer)
    honey = create_product("Mật ong", price=150_000, stock=10, producer=producer)
    order = place_basket(make_basket((tea, 2), (honey, 1)), guest_email="Buyer@Example.vn")
    Order.objects.filter(pk=order.pk).update(payment_method="cod", payment_status=PaymentStatus.AWAITING_COD)
    order.refresh_from_db()
    return {"order": order, "tea": tea, "user": producer_user(producer, "quangtho"),
            "tea_line": order.lines.get(product=tea), "honey_line": order.lines.get(product=honey)}


def guest_url(order):
    return reverse("buyer-order", kwargs={"number": order.number, "token": guest_token(order)})


def test_a_guest_opens_their_order_from_the_signed_link_without_typing(client, shop):
    order = shop["order"]
    assert buyer_order_url(order).endswith(guest_url(order))
    page = client.get(guest_url(order), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Trà rau má" in page and "Mật ong" in page
    assert "Đã xác nhận" in page  # the line status in the buyer's language


def test_the_thank_you_page_opens_our_order_page_for_a_guest_not_oscars_status_form(client, shop):
    """Oscar's "View order status" led guests to its form asking for the email again
    (in English) and then to its own order page, without our statuses and actions."""
    order = shop["order"]
    session = client.session
    session["checkout_order_id"] = order.pk
    session.save()
    page = client.get(reverse("checkout:thank-you"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert f'id="order_page_link" href="{guest_url(order)}"' in page
    assert "order-status" not in page
    assert "Mở trang đơn hàng của bạn" in page
    assert client.get(guest_url(order)).status_code == 200


def test_the_order_page_names_the_ward_and_province_once_and_dates_day_first(client, shop):
    order = shop["order"]
    hue = ProvinceFactory(code="46", name="Thành phố Huế", short_name="Huế", division_type="thành phố")
    ward = WardFactory(province=hue, name="Xã A Lưới 1", short_name="A Lưới 1")
    country, _ = get_model("address", "Country").objects.get_or_create(
        iso_3166_1_a2="VN", defaults={"name": "Việt Nam", "printable_name": "Việt Nam"})
    address = get_model("order", "ShippingAddress").objects.create(
        first_name="Nguyễn Thị Lan", line1="12 Lê Lợi", line4=hue.name, country=country, ward=ward, province=hue)
    Order.objects.filter(pk=order.pk).update(shipping_address=address, date_placed=datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.UTC))
    for language in ("vi", "en"):
        page = client.get(guest_url(order), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert page.count("Thành phố Huế") == 1, language  # the ward's name alone, then the province
        assert "Xã A Lưới 1, Thành phố Huế</p>" in page
        assert "01/12/2026" in page, language  # never 12/01/2026 in English


@pytest.mark.parametrize("tamper", ["token", "number", "email"])
def test_a_wrong_or_stale_link_finds_nothing(client, shop, tamper):
    order = shop["order"]
    token = guest_token(order)
    other = place_basket(make_basket((shop["tea"], 1)), guest_email="other@example.vn")
    if tamper == "token":
        url = reverse("buyer-order", kwargs={"number": order.number, "token": token[:-1] + "x"})
    elif tamper == "number":
        url = reverse("buyer-order", kwargs={"number": other.number, "token": token})
    else:  # the order's email changed: the old link no longer opens it
        Order.objects.filter(pk=order.pk).update(guest_email="someone@else.vn")
        url = guest_url(order)
    assert client.get(url).status_code == 404


def test_the_page_shows_the_parcel_and_the_buyer_confirms_delivery(client, shop):
    order, line = shop["order"], shop["tea_line"]
    ship_lines(shop["user"], order, [line.pk], "ghn", "lbk7xh9n")
    page = client.get(guest_url(order), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="https://donhang.ghn.vn/?order_code=LBK7XH9N"' in page
    assert "Đang trên đường giao" in page
    action = reverse("buyer-guest-order-line", kwargs={
        "number": order.number, "token": guest_token(order), "line_id": line.pk, "action": "delivered"})
    client.post(action)
    line.refresh_from_db()
    assert line.status == LineStatus.DELIVERED
    assert order.shipping_events.filter(event_type__name="Delivered", lines=line).exists()


def test_the_buyer_cancels_a_line_not_yet_packed_and_not_a_packed_one(client, shop):
    order, tea, honey = shop["order"], shop["tea_line"], shop["honey_line"]
    change_line_status(shop["user"], order, [honey.pk], LineStatus.PACKED)

    def post(line, action="cancel"):
        client.post(reverse("buyer-guest-order-line", kwargs={
            "number": order.number, "token": guest_token(order), "line_id": line.pk, "action": action}),
            {"confirm": "yes"})
        line.refresh_from_db()
        return line.status

    assert post(honey) == LineStatus.PACKED
    assert post(tea) == LineStatus.CANCELLED
    assert StockRecord.objects.get(product=shop["tea"]).num_allocated == 0
    assert post(tea, "delivered") == LineStatus.CANCELLED


def test_cancelling_asks_first_showing_that_an_unpaid_line_costs_nothing(client, shop):
    order, tea = shop["order"], shop["tea_line"]
    url = reverse("buyer-guest-order-line", kwargs={
        "number": order.number, "token": guest_token(order), "line_id": tea.pk, "action": "cancel"})
    page = client.get(guest_url(order)).content.decode()
    assert f'href="{url}"' in page  # a link to the confirmation step, not a one-click form
    for response in (client.get(url), client.post(url)):  # neither cancels by itself
        body = response.content.decode()
        assert response.status_code == 200 and 'id="cancel_confirm"' in body
        assert "Trà rau má" in body and "170.000" in body and "chưa thanh toán" in body
        assert 'name="confirm" value="yes"' in body and f'href="{guest_url(order)}"' in body
        tea.refresh_from_db()
        assert tea.status == LineStatus.CONFIRMED
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    tea.refresh_from_db()
    assert tea.status == LineStatus.CANCELLED


def test_cancelling_a_paid_line_says_what_comes_back_and_how(client, shop):
    from checkout.refunds import cancel_lines, plan_refund

    order, tea, honey = shop["order"], shop["tea_line"], shop["honey_line"]
    Order.objects.filter(pk=order.pk).update(payment_method="vietqr", payment_status=PaymentStatus.PAID,
                                             shipping_incl_tax=30_000, shipping_excl_tax=30_000,
                                             total_incl_tax=F("total_incl_tax") + 30_000,
                                             total_excl_tax=F("total_excl_tax") + 30_000)
    order.refresh_from_db()
    url = reverse("buyer-guest-order-line", kwargs={
        "number": order.number, "token": guest_token(order), "line_id": tea.pk, "action": "cancel"})
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "170.000" in body and "chuyển khoản lại" in body
    plan = plan_refund(order, [tea])
    assert (plan.paid, plan.lines_amount, plan.delivery_amount) == (True, 170_000, 0)
    # The last line left also gives the delivery fee back.
    cancel_lines(None, order, [tea.pk])  # a refund due of 170.000 ₫ for the transfer
    order.refresh_from_db()
    plan = plan_refund(order, [honey])
    assert (plan.lines_amount, plan.delivery_amount, plan.total) == (150_000, 30_000, 180_000)
    body = client.get(reverse("buyer-guest-order-line", kwargs={
        "number": order.number, "token": guest_token(order), "line_id": honey.pk, "action": "cancel"})).content.decode()
    assert "Phí giao hàng được hoàn lại" in body and "30.000" in body and "180.000" in body


def test_signed_in_buyers_see_their_orders_and_no_one_elses(client, shop, django_user_model):
    buyer = django_user_model.objects.create_user(username="lan", email="lan@example.vn", password="x")
    order = shop["order"]
    Order.objects.filter(pk=order.pk).update(user=buyer)
    client.force_login(buyer)
    assert buyer_order_url(Order.objects.get(pk=order.pk)).endswith(f"/accounts/orders/{order.number}/")
    page = client.get(reverse("customer:order", kwargs={"order_number": order.number})).content.decode()
    assert 'id="buyer_order"' in page and "Hủy sản phẩm này" in page
    # A guest link does not open a signed-in buyer's order, and others cannot act on it.
    assert client.get(guest_url(Order.objects.get(pk=order.pk))).status_code == 404
    client.force_login(django_user_model.objects.create_user(username="mallory", password="x"))
    action = reverse("buyer-order-line", kwargs={"number": order.number, "line_id": shop["tea_line"].pk,
                                                 "action": "cancel"})
    assert client.post(action).status_code == 404
    shop["tea_line"].refresh_from_db()
    assert shop["tea_line"].status == LineStatus.CONFIRMED


def test_the_account_lists_the_buyers_orders_with_status_in_few_queries(
        client, shop, django_user_model, django_assert_max_num_queries):
    buyer = django_user_model.objects.create_user(username="lan", email="lan@example.vn", password="x")
    Order.objects.filter(pk=shop["order"].pk).update(user=buyer)
    for _ in range(3):
        extra = place_basket(make_basket((shop["tea"], 1)), user=buyer)
        Order.objects.filter(pk=extra.pk).update(payment_status=PaymentStatus.AWAITING_COD)
    place_basket(make_basket((shop["tea"], 1)), guest_email="other@example.vn")
    client.force_login(buyer)
    with django_assert_max_num_queries(16):  # one query for the orders, whatever their number
        page = client.get(reverse("customer:order-list")).content.decode()
    assert page.count("data-order=") == 4 and shop["order"].number in page
    assert "Đã xác nhận" in page and "COD: thanh toán khi nhận hàng" in page


def test_a_line_packed_meanwhile_is_not_cancelled_by_the_buyer(shop):
    """The page offered "cancel" while the line was confirmed; the producer packed it
    before the buyer's click arrived: the check under the lock refuses."""
    from checkout.refunds import cancel_lines
    from marketplace.order.fulfilment import InvalidLineTransition

    order, line = shop["order"], shop["tea_line"]
    change_line_status(shop["user"], order, [line.pk], LineStatus.PACKED)
    with pytest.raises(InvalidLineTransition):
        cancel_lines(None, order, [line.pk], only_from=LineStatus.CONFIRMED)
    line.refresh_from_db()
    assert line.status == LineStatus.PACKED
