"""``manage.py create_sales_point_token``: prints a working token once."""

import io

import pytest
from django.core.management import CommandError, call_command

from marketplace.sales_points.models import SalesPoint, SalesPointToken, hash_token
from tests.factories import PartnerFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def point():
    return SalesPoint.objects.create(
        partner=PartnerFactory(name="Huế"), code="HUE-DAINOI", name="Cửa hàng Đại Nội", kind="tourist_site",
        province=ProvinceFactory(),
    )


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_sales_point_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_prints_a_token_that_authenticates_for_its_point(client, point):
    token, note = run("hue-dainoi", "--name", "till 1")
    stored = SalesPointToken.objects.get()
    assert (stored.sales_point, stored.name) == (point, "till 1")
    assert stored.key_hash == hash_token(token) and token not in stored.key_hash
    assert token.startswith(stored.key_prefix)
    assert "till 1" in note and token not in note
    response = client.get(f"/api/v1/sales-points/{point.code}/stock/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.json()["sales_point"] == point.code
    again, _ = run(point.code)
    assert again != token and SalesPointToken.objects.count() == 2


def test_unknown_code_is_a_clear_error(point):
    with pytest.raises(CommandError, match="NOPE") as error:
        run("NOPE")
    assert point.code in str(error.value)  # lists the known codes
    assert not SalesPointToken.objects.exists()


def test_inactive_point_and_bad_name_are_refused(point):
    with pytest.raises(CommandError):
        run(point.code, "--name", "  ")
    SalesPoint.objects.filter(pk=point.pk).update(is_active=False)
    with pytest.raises(CommandError, match=point.code):
        run(point.code)
    assert not SalesPointToken.objects.exists()
