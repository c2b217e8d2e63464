"""Basket quantities in ASCII digits only, and the basket's messages in Vietnamese."""

import pytest
from django.utils import translation

from tests.factories import create_product

pytestmark = pytest.mark.django_db


def add(client, product, quantity, **extra):
    return client.post(f"/basket/add/{product.pk}/", {"quantity": quantity}, follow=True, **extra)


def test_full_width_digits_are_refused_with_a_clear_message(client, certified_product):
    response = add(client, certified_product, "１２", HTTP_REFERER="/")
    assert response.context["request"].basket.num_items == 0
    page = response.content.decode()
    assert "Nhập số lượng bằng các chữ số 0–9" in page


def test_changing_a_line_to_full_width_digits_is_refused(client, certified_product):
    add(client, certified_product, "2")
    basket = client.get("/basket/").context["basket"]
    line = basket.all_lines()[0]
    data = {"form-TOTAL_FORMS": 1, "form-INITIAL_FORMS": 1, "form-MIN_NUM_FORMS": 0, "form-MAX_NUM_FORMS": 1000,
            "form-0-id": line.pk, "form-0-quantity": "３"}
    page = client.post("/basket/", data, follow=True).content.decode()
    line.refresh_from_db()
    assert line.quantity == 2
    assert "Nhập số lượng bằng các chữ số 0–9" in page


def test_the_new_total_message_is_vietnamese(client, certified_product):
    page = add(client, certified_product, "2").content.decode()
    assert "Your basket total is now" not in page
    assert "Tổng giỏ hàng của bạn hiện là" in page


def test_library_messages_have_our_vietnamese():
    with translation.override("vi"):
        assert translation.gettext("Null characters are not allowed.") != "Null characters are not allowed."
        unavailable = translation.gettext("'%(product)s' is no longer available") % {"product": "Trà"}
        assert unavailable == "“Trà” hiện không còn bán"


def test_an_unavailable_line_warns_in_vietnamese(client):
    from catalogue.models import Certificate

    product = create_product("Trà rau má")
    add(client, product, "1")
    Certificate.objects.filter(product=product).update(status=Certificate.STATUS_REVOKED, revocation_reason="x")
    page = client.get("/basket/").content.decode()
    assert "is no longer available" not in page
    assert "hiện không còn bán" in page


def test_every_cookie_has_samesite(client, certified_product, settings):
    response = client.post(f"/basket/add/{certified_product.pk}/", {"quantity": "1"})
    basket_cookie = response.cookies[settings.OSCAR_BASKET_COOKIE_OPEN]
    assert basket_cookie["samesite"] == "Lax"
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert all(morsel["samesite"] == "Lax" for morsel in response.cookies.values())
    settings.SESSION_COOKIE_SECURE = True  # production
    response = client.post(f"/basket/add/{certified_product.pk}/", {"quantity": "1"})
    assert all(morsel["secure"] for morsel in response.cookies.values())
