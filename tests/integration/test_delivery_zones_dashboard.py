"""Operators edit the delivery fee table in Oscar's dashboard (Fulfilment → Delivery
fees); checkout charges what the table says; producers cannot reach it."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.shipping.repository import delivery_fee

pytestmark = pytest.mark.django_db

ShippingZone = get_model("shipping", "ShippingZone")
Province = get_model("regions", "Province")


@pytest.fixture
def hue_and_hanoi():
    return Province.objects.get(pk="46"), Province.objects.get(pk="01")


def test_an_operator_creates_a_zone_and_checkout_charges_its_fee(admin_client, hue_and_hanoi, settings):
    settings.SHIPPING_DEFAULT_FEE_VND = 35_000
    hue, hanoi = hue_and_hanoi
    assert delivery_fee(hue.pk)[0] == 35_000
    menu = admin_client.get(reverse("dashboard:index")).content.decode()
    assert reverse("dashboard:shipping-zone-list") in menu

    response = admin_client.post(
        reverse("dashboard:shipping-zone-create"),
        {"name": "Miền Trung", "fee": "25000", "delivery_days_min": "1", "delivery_days_max": "3", "provinces": [hue.pk]},
    )
    assert (response.status_code, response["Location"]) == (302, reverse("dashboard:shipping-zone-list"))
    zone = ShippingZone.objects.get(name="Miền Trung")
    assert list(zone.memberships.values_list("province_id", flat=True)) == [hue.pk]
    assert delivery_fee(hue.pk)[0] == 25_000
    assert delivery_fee(hanoi.pk)[0] == 35_000

    page = admin_client.get(reverse("dashboard:shipping-zone-list")).content.decode()
    assert "Miền Trung" in page and "25.000\xa0₫" in page
    assert "Thành phố Hà Nội" in page.split('id="provinces-without-zone"')[1]

    # Edit: a new fee, Hà Nội in, Huế out.
    response = admin_client.post(
        reverse("dashboard:shipping-zone-update", args=[zone.pk]),
        {"name": "Miền Trung", "fee": "28000", "delivery_days_min": "1", "delivery_days_max": "3", "provinces": [hanoi.pk]},
    )
    assert (response.status_code, response["Location"]) == (302, reverse("dashboard:shipping-zone-list"))
    assert (delivery_fee(hanoi.pk)[0], delivery_fee(hue.pk)[0]) == (28_000, 35_000)

    response = admin_client.post(reverse("dashboard:shipping-zone-delete", args=[zone.pk]))
    assert (response.status_code, response["Location"]) == (302, reverse("dashboard:shipping-zone-list"))
    assert not ShippingZone.objects.exists()
    assert delivery_fee(hanoi.pk)[0] == 35_000


def test_a_province_cannot_be_in_two_zones(admin_client, hue_and_hanoi):
    hue, hanoi = hue_and_hanoi
    north = ShippingZone.objects.create(name="Miền Bắc", fee=20_000)
    north.memberships.create(province=hanoi)
    response = admin_client.post(
        reverse("dashboard:shipping-zone-create"),
        {"name": "Xa", "fee": "50000", "delivery_days_min": "4", "delivery_days_max": "7", "provinces": [hue.pk, hanoi.pk]},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["provinces"]
    assert "Thành phố Hà Nội" in errors[0] and "Miền Bắc" in errors[0]
    assert not ShippingZone.objects.filter(name="Xa").exists()
    assert delivery_fee(hanoi.pk)[0] == 20_000


def test_bad_fees_are_refused(admin_client):
    response = admin_client.post(reverse("dashboard:shipping-zone-create"), {"name": "Xa", "fee": "-1"})
    assert response.status_code == 200 and "fee" in response.context["form"].errors
    assert not ShippingZone.objects.exists()


def test_producers_cannot_open_the_fee_table(client, django_user_model):
    from django.contrib.auth.models import Permission

    producer_user = django_user_model.objects.create_user(
        username="producer", email="producer@example.com", password="x"
    )
    producer_user.user_permissions.add(Permission.objects.get(codename="dashboard_access"))
    client.force_login(producer_user)
    zone = ShippingZone.objects.create(name="Miền Bắc", fee=20_000)
    for url in (reverse("dashboard:shipping-zone-list"), reverse("dashboard:shipping-zone-update", args=[zone.pk])):
        assert client.get(url).status_code == 403
    assert client.post(reverse("dashboard:shipping-zone-delete", args=[zone.pk])).status_code == 403
    assert ShippingZone.objects.filter(pk=zone.pk).exists()


def test_a_zone_delivery_time_cannot_end_before_it_starts(admin_client):
    response = admin_client.post(
        reverse("dashboard:shipping-zone-create"),
        {"name": "Xa", "fee": "50000", "delivery_days_min": "5", "delivery_days_max": "2"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["delivery_days_max"] == [
        "Thời gian giao lâu nhất không được ngắn hơn thời gian giao nhanh nhất."
    ]
    assert not ShippingZone.objects.filter(name="Xa").exists()
