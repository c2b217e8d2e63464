import datetime

import pytest
from django.utils import timezone

from catalogue.models import Certificate, Product
from tests.factories import create_product

pytestmark = pytest.mark.django_db


def test_valid_until_today_is_still_sellable():
    product = create_product(valid_until=timezone.localdate())
    assert Product.objects.sellable().filter(pk=product.pk).exists()
    assert Product.objects.base_queryset().get(pk=product.pk).is_sellable


def test_valid_until_yesterday_is_not_sellable():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    product = create_product(valid_until=yesterday)
    assert not Product.objects.sellable().filter(pk=product.pk).exists()
    reloaded = Product.objects.base_queryset().get(pk=product.pk)
    assert not reloaded.is_sellable
    assert reloaded.was_ever_certified


def test_revoked_certificate_is_not_sellable():
    product = create_product(status=Certificate.STATUS_REVOKED)
    assert not Product.objects.sellable().filter(pk=product.pk).exists()


def test_never_certified_product_is_not_sellable():
    product = create_product(star=None)
    assert not Product.objects.sellable().filter(pk=product.pk).exists()
    assert not Product.objects.get(pk=product.pk).was_ever_certified


def test_certificate_of_one_product_does_not_certify_the_producers_other_products():
    certified = create_product("Trà rau má")
    other = create_product("Bánh in", star=None, producer=certified.producer)
    sellable = set(Product.objects.sellable().values_list("pk", flat=True))
    assert certified.pk in sellable
    assert other.pk not in sellable
