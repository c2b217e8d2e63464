"""The checkout, door to door, through Django's test client: a guest, an address on
the current map, the delivery fee by zone, cash on delivery, VietQR, emails."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from checkout.payment.vietqr import transfer_note
from marketplace.order.buyer import guest_token
from marketplace.order.statuses import PaymentStatus
from tests.factories import ProducerFactory, ProvinceFactory, WardFactory, create_product

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")
ShippingZone = get_model("shipping", "ShippingZone")
ShippingZoneProvince = get_model("shipping", "ShippingZoneProvince")


@pytest.fixture
def world(settings):
    settings.FREE_SHIPPING_THRESHOLD_VND = 500_000
    settings.SHIPPING_DEFAULT_FEE_VND = 40_000
    hue = ProvinceFactory()
    ward = WardFactory(province=hue)
    quang_ninh = ProvinceFactory(code="22", name="Tỉnh Quảng Ninh", short_name="Quảng Ninh", division_type="tỉnh")
    ha_long = WardFactory(code="06500", province=quang_ninh, name="Phường Hồng Gai", short_name="Hồng Gai")
    central = ShippingZone.objects.create(name="Miền Trung", fee=25_000)
    ShippingZoneProvince.objects.create(zone=central, province=hue)
    tea = create_product("Trà rau má Quảng Thọ", price=85_000, producer=ProducerFactory(name="HTX Quảng Thọ II"))
    lamp = create_product("Đèn mây tre Bao La", group="handicraft", price=150_000,
                          producer=ProducerFactory(name="HTX Mây tre đan Bao La"))
    return {"hue": hue, "ward": ward, "quang_ninh": quang_ninh, "ha_long": ha_long, "tea": tea, "lamp": lamp}


def add(client, product, quantity=1):
    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity})
    assert response.status_code == 302


def address(world, **overrides):
    data = {
        "first_name": "Nguyễn Thị Lan", "phone_number": "0912 345 678", "line1": "12 Lê Lợi",
        "province": world["hue"].pk, "ward": world["ward"].pk, "notes": "",
    }
    data.update(overrides)
    return data


def checkout_until_payment(client, world, email="lan@example.vn", **address_overrides):
    response = client.post(reverse("checkout:index"), {"username": email, "options": "anonymous"})
    assert response.status_code == 302, response.content[:500]
    form_page = client.get(reverse("checkout:shipping-address")).content.decode()
    assert 'data-wards-url-template="' in form_page and 'name="ward"' in form_page
    response = client.post(reverse("checkout:shipping-address"), address(world, **address_overrides))
    assert response.status_code == 302, response.context["form"].errors
    response = client.get(reverse("checkout:shipping-method"))
    assert response.status_code == 302  # one method: chosen for the buyer


def place(client, method="cod"):
    response = client.post(reverse("checkout:payment-details"), {"payment_method": method})
    assert response.status_code == 302
    response = client.get(reverse("checkout:preview"))
    assert response.status_code == 200
    return client.post(reverse("checkout:preview"), {"action": "place_order"})


def test_guest_buys_from_two_producers_with_cash_on_delivery(client, world):
    add(client, world["tea"], 2)
    add(client, world["lamp"])
    checkout_until_payment(client, world)
    response = place(client, "cod")
    assert response.status_code == 302, response.context and response.context.get("error")
    assert response["Location"].endswith(reverse("checkout:thank-you"))

    order = Order.objects.get()
    assert order.guest_email == "lan@example.vn"
    assert order.payment_method == "cod"
    assert order.payment_status == PaymentStatus.AWAITING_COD
    assert order.status == "Confirmed"
    assert order.language == "vi"
    # 2 × 85.000 + 150.000 = 320.000, under the threshold: Huế's zone fee applies.
    assert order.shipping_incl_tax == Decimal("25000")
    assert order.total_incl_tax == Decimal("345000")
    assert order.shipping_address.province == world["hue"]
    assert order.shipping_address.ward == world["ward"]
    assert order.shipping_address.phone_number.as_e164 == "+84912345678"
    assert {line.partner.name for line in order.lines.all()} == {"HTX Quảng Thọ II", "HTX Mây tre đan Bao La"}
    source = order.sources.get()
    assert source.source_type.name == "Cash on delivery"
    assert source.amount_allocated == Decimal("345000") and source.amount_debited == 0
    assert StockRecord.objects.get(product=world["tea"]).num_allocated == 2

    page = client.get(reverse("checkout:thank-you")).content.decode()
    assert "345.000" in page and "HTX Mây tre đan Bao La" in page
    # Our lead, not Oscar's machine-like "số thứ tự của bạn … trích dẫn chúng".
    lead = re.search(r'<p class="lead" id="thank_you_lead">(.*?)</p>', page, re.S).group(1)
    assert f"Mã đơn hàng của bạn là <strong>{order.number}</strong>" in lead
    assert "trích dẫn" not in page and "số thứ tự" not in page
    # The payment column is a half of the row, not a half of a half.
    assert re.search(r'<div class="row shipping-payment">\s*<div class="col-sm-6">.*?</div>\s*'
                     r'<div class="col-sm-6" id="payment_instructions">', page, re.S)
    english = client.get("/en" + reverse("checkout:thank-you")).content.decode()
    assert f"Your order number is <strong>{order.number}</strong>" in english


def test_province_without_zone_pays_default_fee_and_big_orders_ship_free(client, world):
    add(client, world["lamp"])
    checkout_until_payment(client, world, province=world["quang_ninh"].pk, ward=world["ha_long"].pk)
    assert place(client).status_code == 302
    assert Order.objects.get().shipping_incl_tax == Decimal("40000")

    add(client, world["lamp"], 4)  # 600.000 ≥ 500.000
    checkout_until_payment(client, world)
    assert place(client).status_code == 302
    assert Order.objects.latest("pk").shipping_incl_tax == 0


@pytest.mark.parametrize("phone", ["0212345678", "091234567", "+44 20 7946 0958", "0912345678x"])
def test_address_refuses_landlines_and_invalid_numbers(client, world, phone):
    add(client, world["tea"])
    client.post(reverse("checkout:index"), {"username": "a@example.vn", "options": "anonymous"})
    response = client.post(reverse("checkout:shipping-address"), address(world, phone_number=phone))
    assert response.status_code == 200
    assert "phone_number" in response.context["form"].errors


def test_ward_must_belong_to_the_province(client, world):
    add(client, world["tea"])
    client.post(reverse("checkout:index"), {"username": "a@example.vn", "options": "anonymous"})
    response = client.post(
        reverse("checkout:shipping-address"), address(world, province=world["quang_ninh"].pk)
    )
    assert response.status_code == 200
    assert "ward" in response.context["form"].errors


def test_wards_endpoint_lists_one_provinces_wards(client, world):
    data = client.get(reverse("checkout:province-wards", kwargs={"code": world["hue"].pk})).json()
    codes = [ward["code"] for ward in data["wards"]]
    assert world["ward"].pk in codes
    assert set(codes) == set(world["hue"].wards.values_list("code", flat=True))
    assert world["ha_long"].pk not in codes
    assert client.get(reverse("checkout:province-wards", kwargs={"code": "999"})).status_code == 404


def test_tourism_services_need_no_address(client, world):
    tour = create_product("Du lịch cộng đồng A Lưới", group="tourism", price=300_000)
    add(client, tour)
    client.post(reverse("checkout:index"), {"username": "a@example.vn", "options": "anonymous"})
    response = client.get(reverse("checkout:shipping-address"))
    assert response["Location"].endswith(reverse("checkout:shipping-method"))  # no address asked
    client.get(reverse("checkout:shipping-method"))
    response = place(client)
    assert response.status_code == 302
    order = Order.objects.get()
    assert order.shipping_address is None
    assert order.shipping_incl_tax == 0
    assert order.total_incl_tax == Decimal("300000")


def test_sold_out_at_placement_shows_a_clear_message_and_leaves_nothing(client, world, monkeypatch):
    from checkout.payment.cod import CashOnDelivery

    add(client, world["tea"], 2)
    checkout_until_payment(client, world)
    client.post(reverse("checkout:payment-details"), {"payment_method": "cod"})
    assert client.get(reverse("checkout:preview")).status_code == 200
    take_payment = CashOnDelivery.take_payment

    def other_buyers_take_nine(self, *args, **kwargs):
        # After the pre-checks passed, before the order is written: the window
        # concurrent buyers race through.
        StockRecord.objects.filter(product=world["tea"]).update(num_allocated=9)
        return take_payment(self, *args, **kwargs)

    monkeypatch.setattr(CashOnDelivery, "take_payment", other_buyers_take_nine)
    response = client.post(reverse("checkout:preview"), {"action": "place_order"})
    assert response.status_code == 200
    from marketplace.order.exceptions import OutOfStock

    with translation.override("vi"):
        assert str(OutOfStock("Trà rau má Quảng Thọ", 1)) in response.content.decode()
    assert Order.objects.count() == 0
    assert get_model("payment", "Source").objects.count() == 0
    assert StockRecord.objects.get(product=world["tea"]).num_allocated == 9


def test_vietqr_order_shows_code_and_emails_instructions(client, world, settings, django_capture_on_commit_callbacks):
    settings.VIETQR_BANK_BIN = "970436"
    settings.VIETQR_ACCOUNT_NUMBER = "0011001932418"
    settings.VIETQR_ACCOUNT_NAME = "CONG TY CHO OCOP"
    add(client, world["tea"])
    checkout_until_payment(client, world)
    with django_capture_on_commit_callbacks(execute=True):
        assert place(client, "vietqr").status_code == 302
    order = Order.objects.get()
    assert order.payment_status == PaymentStatus.AWAITING_TRANSFER
    page = client.get(reverse("checkout:thank-you")).content.decode()
    assert "<svg" in page and transfer_note(order.number) in page
    buyer = next(m for m in mail.outbox if m.to == ["lan@example.vn"])
    assert transfer_note(order.number) in buyer.body and "0011001932418" in buyer.body
    assert "110.000" in buyer.body  # 85.000 + 25.000 delivery
    # The guest's signed link opens their order with nothing to type.
    link = reverse("buyer-order", kwargs={"number": order.number, "token": guest_token(order)})
    assert link in buyer.body
    client.logout()
    assert f'data-order="{order.number}"' in client.get(link).content.decode()


def test_emails_buyer_in_their_language_and_each_producer_only_their_lines(client, world, django_capture_on_commit_callbacks):
    tea_producer = world["tea"].producer
    tea_producer.email = "quangtho@example.vn"
    tea_producer.save()
    lamp_producer = world["lamp"].producer
    lamp_producer.email = "baola@example.vn"
    lamp_producer.save()
    with translation.override("en"):  # the buyer shops at /en/...
        add(client, world["tea"])
        add(client, world["lamp"])
        checkout_until_payment(client, world)
        with django_capture_on_commit_callbacks(execute=True):
            response = place(client)
    assert response.status_code == 302
    order = Order.objects.get()
    assert order.language == "en"
    buyer = next(m for m in mail.outbox if m.to == ["lan@example.vn"])
    assert "Thank you for your order" in buyer.body
    assert "Please have 260.000" in buyer.body  # 85.000 + 150.000 + 25.000
    tea_mail = next(m for m in mail.outbox if m.to == ["quangtho@example.vn"])
    lamp_mail = next(m for m in mail.outbox if m.to == ["baola@example.vn"])
    assert "Trà rau má" in tea_mail.body and "Đèn mây tre" not in tea_mail.body
    assert "Đèn mây tre" in lamp_mail.body and "Trà rau má" not in lamp_mail.body
    assert "150.000" not in tea_mail.body
    assert re.search(order.number, lamp_mail.subject)


def test_a_signed_in_customer_checks_out_without_the_guest_step(client, world, django_user_model):
    user = django_user_model.objects.create_user(username="lan", email="lan@example.vn", password="x")
    client.force_login(user)
    add(client, world["tea"])
    response = client.get(reverse("checkout:index"))
    assert response["Location"].endswith(reverse("checkout:shipping-address"))
    response = client.post(reverse("checkout:shipping-address"), address(world))
    assert response.status_code == 302
    client.get(reverse("checkout:shipping-method"))
    assert place(client).status_code == 302
    order = Order.objects.get()
    assert order.user == user and order.email == "lan@example.vn"
    assert order.shipping_address.ward == world["ward"]


def test_a_tourist_checks_out_with_a_foreign_mobile_stored_in_e164(client, world):
    add(client, world["tea"])
    client.post(reverse("checkout:index"), {"username": "anna@example.de", "options": "anonymous"})
    page = client.get(reverse("checkout:shipping-address")).content.decode()
    assert '<option value="VN" selected>Việt Nam (+84)</option>' in page
    assert '<option value="DE">Đức (+49)</option>' in page
    assert 'js/ocop-phone.js' in page and 'data-check-url="/checkout/phone-check/"' in page
    response = client.post(reverse("checkout:shipping-address"),
                           address(world, phone_country="DE", phone_number="0151 2345 6789"))
    assert response.status_code == 302, response.context["form"].errors
    client.get(reverse("checkout:shipping-method"))
    assert place(client).status_code == 302
    assert Order.objects.get().shipping_address.phone_number.as_e164 == "+4915123456789"


def test_a_landline_is_refused_with_an_error_tied_to_the_field(client, world):
    add(client, world["tea"])
    client.post(reverse("checkout:index"), {"username": "a@example.vn", "options": "anonymous"})
    with translation.override("en"):
        response = client.post(reverse("checkout:shipping-address"),
                               address(world, phone_country="GB", phone_number="020 7946 0958"))
    page = response.content.decode()
    (error,) = response.context["form"].errors["phone_number"]
    assert "not a mobile number in United Kingdom" in error
    assert 'aria-invalid="true"' in page
    assert re.search(r'aria-describedby="[^"]*\bid_phone_number_error\b', page)
    assert 'id="id_phone_number_error"' in page


def test_the_phone_check_answers_in_the_buyers_language(client):
    url = reverse("checkout:phone-check")
    assert client.get(url, {"number": "0912.345.678", "country": "VN"}).json() == {
        "valid": True, "e164": "+84912345678"}
    assert client.get(url, {"number": "+1 415 555 2671"}).json()["e164"] == "+14155552671"
    answer = client.get(url, {"number": "12", "country": "FR"}).json()
    assert answer["valid"] is False and "Pháp" in answer["message"]
    with translation.override("en"):
        answer = client.get(reverse("checkout:phone-check"), {"number": "01 42 68 53 00", "country": "FR"}).json()
    assert answer["valid"] is False and "France" in answer["message"] and "landline" in answer["message"]
    assert client.get(url, {"number": "x" * 500, "country": "<script>"}).json()["valid"] is False
