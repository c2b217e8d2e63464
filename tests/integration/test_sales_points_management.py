"""Operators manage sales points in the dashboard (add, edit, staff), and a
point's tokens are made (shown once), listed and revoked there. Isolation by URL
guessing: a point's staff never reach another point's pages, a producer none."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.sales_points.models import SalesPoint, SalesPointToken, hash_token
from tests.factories import (
    ProducerFactory,
    ProvinceFactory,
    create_product,
    create_sales_point,
    producer_user,
    sales_point_user,
)

pytestmark = pytest.mark.django_db

Partner = get_model("partner", "Partner")


@pytest.fixture
def world():
    tea = create_product("Trà rau má Quảng Thọ")
    point = create_sales_point("QN-BIGC-HALONG", name="Góc OCOP Big C Hạ Long", stock={tea: 3})
    other = create_sales_point("HUE-DAINOI", name="Cửa hàng Đại Nội", stock={tea: 5})
    operator = get_user_model().objects.create_user("op", "op@cho-ocop.vn", "x", is_staff=True)
    return {"tea": tea, "point": point, "other": other, "operator": operator,
            "staff": sales_point_user(point, "ngan"), "other_staff": sales_point_user(other, "hoa")}


def url(name, **kwargs):
    return reverse(f"sales-point-dashboard:{name}", kwargs=kwargs)


def test_operator_adds_a_point_with_its_own_partner_and_staff(client, world):
    client.force_login(world["operator"])
    province = ProvinceFactory()
    listing = client.get(url("point-list")).content.decode()
    assert "QN-BIGC-HALONG" in listing and "HUE-DAINOI" in listing
    response = client.post(url("point-create"), {
        "code": "HN-NOIBAI-T2", "name": "Quầy OCOP sân bay Nội Bài", "kind": "airport", "province": province.pk,
        "address_line": "Nhà ga T2", "latitude": "21.2187", "longitude": "105.8042",
        "opening_hours": "5:00–23:00", "phone": "024 3884 0000", "click_and_collect": "on",
        "staff": [world["other_staff"].pk], "is_active": "on",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    point = SalesPoint.objects.get(code="HN-NOIBAI-T2")
    assert point.partner.name == "Quầy OCOP sân bay Nội Bài" and point.partner.sales_point == point
    assert list(point.staff.all()) == [world["other_staff"]] and point.click_and_collect
    # Bad input: clear errors, nothing saved.
    response = client.post(url("point-create"), {
        "code": "bad code", "name": "X", "kind": "airport", "province": province.pk, "latitude": "21.2",
    })
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "code" in errors and "__all__" in errors  # latitude without longitude
    assert SalesPoint.objects.count() == 3


def test_operator_edits_a_point_but_not_its_code(client, world):
    client.force_login(world["operator"])
    point = world["point"]
    response = client.post(url("point-edit", code=point.code), {
        "code": "CHANGED", "name": "Góc OCOP Big C Hạ Long (tầng 1)", "kind": "supermarket",
        "province": point.province_id, "opening_hours": "8:00–21:00", "staff": [world["staff"].pk],
    })
    assert response.status_code == 302
    point.refresh_from_db()
    assert (point.code, point.name, point.opening_hours) == ("QN-BIGC-HALONG", "Góc OCOP Big C Hạ Long (tầng 1)",
                                                              "8:00–21:00")
    assert not point.is_active and not point.click_and_collect  # unticked boxes
    assert Partner.objects.get(pk=point.partner_id).name == "Góc OCOP Big C Hạ Long (tầng 1)"


def test_staff_make_a_token_shown_once_then_revoke_it(client, world):
    client.force_login(world["staff"])
    point = world["point"]
    response = client.post(url("token-list", code=point.code), {"name": "quầy 1"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    token = response.context["new_token"]
    record = SalesPointToken.objects.get(sales_point=point)
    assert record.key_hash == hash_token(token) and record.name == "quầy 1" and record.created_by == world["staff"]
    assert token in response.content.decode()
    # The list never shows it again, only its first characters.
    listing = client.get(url("token-list", code=point.code)).content.decode()
    assert token not in listing and record.key_prefix in listing and "quầy 1" in listing
    api = f"/api/v1/sales-points/{point.code}/stock/"
    assert client.get(api, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    response = client.post(url("token-revoke", code=point.code, pk=record.pk))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.is_revoked
    assert client.get(api, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    assert client.post(url("token-list", code=point.code), {"name": ""}).context["form"].errors["name"]


@pytest.mark.parametrize("page", ["pickup-list", "stock-take", "stock-template", "token-list"])
def test_staff_of_one_point_never_reach_another_points_pages(client, world, page):
    client.force_login(world["staff"])
    assert client.get(url(page, code="HUE-DAINOI")).status_code == 404
    assert client.get(url(page, code="QN-BIGC-HALONG")).status_code == 200


def test_staff_cannot_revoke_another_points_token_nor_manage_points(client, world):
    other_token = SalesPointToken.objects.create(sales_point=world["other"], name="t", key_hash="a" * 64,
                                                 key_prefix="sp_a")
    client.force_login(world["staff"])
    assert client.post(url("token-revoke", code="HUE-DAINOI", pk=other_token.pk)).status_code == 404
    # Their own point's URL with the other point's token id: not found either.
    assert client.post(url("token-revoke", code="QN-BIGC-HALONG", pk=other_token.pk)).status_code == 404
    other_token.refresh_from_db()
    assert not other_token.is_revoked
    for name, kwargs in (("point-list", {}), ("point-create", {}), ("point-edit", {"code": "QN-BIGC-HALONG"})):
        response = client.get(url(name, **kwargs))
        assert response.status_code in (302, 403) and "Đại Nội" not in response.content.decode()


def test_a_producer_reaches_no_sales_point_page(client, world):
    client.force_login(producer_user(ProducerFactory(), "nsx"))
    for code in ("QN-BIGC-HALONG", "HUE-DAINOI"):
        for page in ("pickup-list", "stock-take", "stock-template", "token-list"):
            assert client.get(url(page, code=code)).status_code == 404
    for name, kwargs in (("point-list", {}), ("point-create", {}), ("point-edit", {"code": "HUE-DAINOI"})):
        assert client.get(url(name, **kwargs)).status_code in (302, 403)
    assert client.get(url("home")).status_code == 404


def test_point_list_query_count_is_pinned(client, world, django_assert_max_num_queries):
    for n in range(10):
        create_sales_point(f"EXTRA-{n}")
    client.force_login(world["operator"])
    client.get(url("point-list"))
    with django_assert_max_num_queries(20):
        body = client.get(url("point-list")).content.decode()
    assert body.count("data-code=") == 12
