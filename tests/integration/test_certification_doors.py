"""The certification rule at every door: lists, category pages, product page,
basket (form and crafted POST), basket revalidation and order placement."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from oscar.core.loading import get_class, get_model

from catalogue.models import Certificate
from catalogue.structure import ensure_groups
from marketplace.partner.availability import NotCertified
from tests.factories import create_product

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
OrderCreator = get_class("order.utils", "OrderCreator")
ProductNotCertified = get_class("order.exceptions", "ProductNotCertified")

YESTERDAY = lambda: timezone.localdate() - datetime.timedelta(days=1)  # noqa: E731


@pytest.fixture
def catalogue_world():
    return {
        "valid": create_product("Trà rau má Quảng Thọ", upc="8930000000011"),
        "expired": create_product("Chuối già lùn A Lưới", upc="8930000000028", valid_until=YESTERDAY()),
        "revoked": create_product("Hương sạch Tân Nguyên", upc="8930000000035", status=Certificate.STATUS_REVOKED),
        "never": create_product("Bánh ép Huế", upc="8930000000042", star=None),
    }


def listed_skus(response) -> set[str]:
    return {p.upc for p in response.context["products"]}


def test_catalogue_lists_only_sellable_products(client, catalogue_world):
    response = client.get(reverse("catalogue:index"))
    assert listed_skus(response) == {"8930000000011"}
    assert "Trà rau má Quảng Thọ" in response.content.decode()
    assert "Chuối già lùn" not in response.content.decode()


def test_category_page_lists_only_sellable_products(client, catalogue_world):
    beverages = ensure_groups()["beverage"]
    response = client.get(beverages.get_absolute_url())
    assert response.status_code == 200
    assert listed_skus(response) == {"8930000000011"}


def test_product_page_of_certified_product_shows_certificate_and_basket_form(client, catalogue_world):
    product = catalogue_world["valid"]
    certificate = product.certificates.get()
    html = client.get(product.get_absolute_url()).content.decode()
    assert certificate.decision.number in html
    assert certificate.decision.issuing_body in html
    assert certificate.valid_until.strftime("%d/%m/%Y") in html
    assert product.producer.name in html
    assert reverse("basket:add", kwargs={"pk": product.pk}) in html


@pytest.mark.parametrize("key", ["expired", "revoked"])
def test_product_page_of_lapsed_product_has_notice_and_no_basket_form(client, catalogue_world, key):
    product = catalogue_world[key]
    response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "ocop-not-certified" in html
    assert reverse("basket:add", kwargs={"pk": product.pk}) not in html


def test_never_certified_product_has_no_public_page(client, catalogue_world):
    assert client.get(catalogue_world["never"].get_absolute_url()).status_code == 404


@pytest.mark.parametrize("key", ["expired", "revoked", "never"])
def test_crafted_basket_post_for_uncertified_product_is_refused(client, catalogue_world, key):
    product = catalogue_world[key]
    response = client.post(
        reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1}, follow=True
    )
    basket = response.context["request"].basket
    assert basket.num_items == 0
    messages = [str(m) for m in response.context["messages"]]
    with translation.override("vi"):
        refusal = str(NotCertified().is_purchase_permitted(1)[1])
    assert any(refusal in m for m in messages), messages


def test_basket_form_adds_certified_product(client, catalogue_world):
    product = catalogue_world["valid"]
    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 2}, follow=True)
    assert response.context["request"].basket.num_items == 2


def test_basket_line_that_lapsed_is_flagged_and_blocks_checkout(client, catalogue_world):
    product = catalogue_world["valid"]
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    product.certificates.update(valid_until=YESTERDAY())

    basket_html = client.get(reverse("basket:summary")).content.decode()
    assert 'class="availability not-certified"' in basket_html

    response = client.get(reverse("checkout:index"), follow=True)
    assert response.redirect_chain, "checkout must not start with an uncertified line"
    assert response.redirect_chain[-1][0].endswith(reverse("basket:summary"))


def test_order_placement_rechecks_certification(catalogue_world):
    from decimal import Decimal

    from oscar.apps.shipping.methods import Free
    from oscar.core.prices import Price

    product = catalogue_world["valid"]
    basket = Basket.objects.create()
    basket.strategy = get_class("partner.strategy", "Selector")().strategy()
    basket.add_product(product, 1)
    product.certificates.update(status=Certificate.STATUS_REVOKED)

    total = Price(currency="VND", excl_tax=Decimal("120000"), incl_tax=Decimal("120000"))
    with pytest.raises(ProductNotCertified):
        OrderCreator().place_order(
            basket=basket, total=total, shipping_method=Free(), shipping_charge=Free().calculate(basket)
        )
    assert Order.objects.count() == 0
    assert product.stockrecords.get().num_allocated in (0, None)
