"""The product page that sells: buy now, producer and related products, delivery
estimate, sharing and structured data, verified-purchase reviews, and the English
renderings of what it shows (issuer, revocation reason, approximate prices)."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from catalogue.certificates import revoke_certificate
from catalogue.related import related_products
from marketplace import currency
from tests.factories import (
    ProducerFactory,
    ProvinceFactory,
    create_product,
    make_basket,
    place_basket,
)

pytestmark = pytest.mark.django_db

ShippingZone = get_model("shipping", "ShippingZone")
ShippingZoneProvince = get_model("shipping", "ShippingZoneProvince")
ProductReview = get_model("reviews", "ProductReview")


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD script with a nonce"
    return json.loads(match.group(1))


def english_url(product) -> str:
    with translation.override("en"):
        return product.get_absolute_url()


def vietnamese_url(product) -> str:
    # A request leaves its language active in the thread: reverse in Vietnamese explicitly.
    with translation.override("vi"):
        return product.get_absolute_url()


def test_structured_data_open_graph_and_share_links(client):
    product = create_product("Trà rau má Quảng Thọ", price=120_000, stock=5)
    html = client.get(product.get_absolute_url()).content.decode()
    data = json_ld(html)
    assert data["@type"] == "Product"
    assert data["name"] == "Trà rau má Quảng Thọ"
    assert data["offers"] == {
        "@type": "Offer",
        "url": f"http://testserver{product.get_absolute_url()}",
        "priceCurrency": "VND",
        "price": "120000",
        "availability": "https://schema.org/InStock",
    }
    assert '<meta property="og:title" content="Trà rau má Quảng Thọ">' in html
    assert "https://sp.zalo.me/share_to_zalo?url=http%3A%2F%2Ftestserver" in html
    assert "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver" in html
    assert "data-copy-link=" in html


def test_the_stock_level_reads_as_vietnamese(client):
    """Oscar's Vietnamese for it was "Trong kho ( 5 có sẵn)"."""
    product = create_product("Trà rau má Quảng Thọ", price=120_000, stock=5)
    html = client.get(vietnamese_url(product), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Còn hàng (còn 5 sản phẩm)" in html and "có sẵn" not in html
    assert "In stock (5 available)" in client.get(english_url(product)).content.decode()


def test_sold_out_product_is_out_of_stock_in_structured_data(client):
    product = create_product("Mật ong U Minh", stock=0)
    data = json_ld(client.get(product.get_absolute_url()).content.decode())
    assert data["offers"]["availability"] == "https://schema.org/OutOfStock"


def test_buy_now_adds_the_quantity_and_goes_to_checkout(client):
    product = create_product("Trà rau má Quảng Thọ", stock=10)
    html = client.get(product.get_absolute_url()).content.decode()
    assert 'name="quantity"' in html and "data-buy-now" in html
    response = client.post(
        reverse("basket:add", kwargs={"pk": product.pk}),
        {"quantity": 3, "next": reverse("checkout:index")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("checkout:index")
    basket_html = client.get(reverse("basket:summary"))
    assert basket_html.context["basket"].num_items == 3


def test_related_products_are_sellable_same_group_and_province(client):
    hue = ProvinceFactory(code="46", name="Thành phố Huế", short_name="Huế", codename="hue")
    other = ProvinceFactory(code="01", name="Thành phố Hà Nội", short_name="Hà Nội", codename="ha_noi")
    producer = ProducerFactory(province=hue)
    product = create_product("Trà rau má", producer=producer)
    neighbour = create_product("Trà cung đình", producer=ProducerFactory(province=hue))
    create_product("Nón lá", group="handicraft", producer=ProducerFactory(province=hue))
    create_product("Trà Shan tuyết", producer=ProducerFactory(province=other))
    create_product("Trà vằng", producer=ProducerFactory(province=hue), valid_until=None, star=None)
    revoked = create_product("Trà gừng", producer=ProducerFactory(province=hue))
    revoke_certificate(revoked.certificates.get(), "Không đạt kiểm tra")
    sibling = create_product("Mè xửng", group="food", producer=producer)

    assert related_products(product) == [neighbour]
    response = client.get(product.get_absolute_url())
    assert response.context["related_products"] == [neighbour]
    assert response.context["producer_products"] == [sibling]


def test_related_products_cost_a_fixed_number_of_queries(client):
    hue = ProvinceFactory(code="46", name="Thành phố Huế", short_name="Huế", codename="hue")
    product = create_product("Trà rau má", producer=ProducerFactory(province=hue))
    create_product("Trà cung đình", producer=ProducerFactory(province=hue))
    with CaptureQueriesContext(connection) as few:
        related_products(product)
    for index in range(5):
        create_product(f"Trà {index}", producer=ProducerFactory(province=hue))
    with CaptureQueriesContext(connection) as many:
        assert len(related_products(product)) == 4
    assert len(many) == len(few)


def test_delivery_fee_and_time_to_the_chosen_province(client):
    hue = ProvinceFactory(code="46", name="Thành phố Huế", short_name="Huế", codename="hue")
    zone = ShippingZone.objects.create(name="Miền Trung", fee=25_000, delivery_days_min=1, delivery_days_max=3)
    ShippingZoneProvince.objects.create(zone=zone, province=hue)
    product = create_product("Trà rau má")
    with translation.override("en"):
        response = client.get(english_url(product), {"province": "46"})
    text = re.sub(r"[ \t\n]+", " ", response.content.decode())
    assert "To Thành phố Huế: delivery 25.000\u00a0₫, arrives in 1–3 days." in text
    default = client.get(english_url(product)).content.decode()
    assert "choose your province for the exact fee" in re.sub(r"[ \t\n]+", " ", default)
    assert "35.000" in default  # SHIPPING_DEFAULT_FEE_VND


def test_reviews_are_open_only_to_buyers_who_received_the_product(client, django_user_model):
    product = create_product("Trà rau má", stock=10)
    buyer = django_user_model.objects.create_user(username="an", email="an@example.vn", password="x")
    client.force_login(buyer)
    add_url = reverse("catalogue:reviews-add", kwargs={"product_slug": product.slug, "product_pk": product.pk})
    assert not product.is_review_permitted(buyer)
    assert client.get(add_url).status_code == 302  # sent back to the product page

    order = place_basket(make_basket((product, 1)), user=buyer)
    assert not product.is_review_permitted(buyer)  # bought, not yet received
    order.lines.update(status="Delivered")
    assert product.is_review_permitted(buyer)

    response = client.post(add_url, {"score": 5, "title": "Rất thơm", "body": "Uống ngon, giao nhanh.", "name": "An", "email": "an@example.vn"})
    assert response.status_code == 302
    review = ProductReview.objects.get(product=product)
    assert review.status == ProductReview.FOR_MODERATION
    assert "Rất thơm" not in client.get(product.get_absolute_url()).content.decode()

    review.status = ProductReview.APPROVED
    review.save()
    product.refresh_from_db()
    html = client.get(product.get_absolute_url()).content.decode()
    assert "Rất thơm" in html
    assert not product.is_review_permitted(buyer)  # once


def test_review_score_on_cards_is_not_the_ocop_badge(client):
    product = create_product("Trà rau má", star=4)
    product.rating = 4.5
    product.save()
    with translation.override("en"):
        html = client.get(reverse("catalogue:index")).content.decode()
    card = html[html.index(f'data-sku="{product.upc}"'):]
    card = card[: card.index("</article>")]
    assert "4.5/5 from buyers" in card
    assert 'class="ocop-review-rating"' in card and "ocop-badge" in card


def test_english_page_renders_issuer_and_revocation_reason_next_to_the_text_as_printed(client):
    product = create_product("Trà rau má", title_en="Pennywort tea")
    certificate = product.certificates.get()
    certificate.decision.issuing_body = "UBND tỉnh Thừa Thiên Huế"
    certificate.decision.save()
    revoke_certificate(
        certificate, "Không đạt kiểm tra định kỳ", reason_en="Failed the periodic inspection"
    )
    english = client.get(english_url(product)).content.decode()
    assert "UBND tỉnh Thừa Thiên Huế" in english
    assert "Provincial People&#x27;s Committee of Thừa Thiên Huế" in english
    assert "Không đạt kiểm tra định kỳ" in english
    assert "Failed the periodic inspection" in english
    vietnamese = client.get(vietnamese_url(product)).content.decode()
    assert "Provincial People" not in vietnamese
    assert "Failed the periodic inspection" not in vietnamese


def test_approximate_price_in_the_chosen_currency(client, settings):
    settings.CURRENCY_RATES = {"USD": "25000", "JPY": "170", "EUR": "30000"}
    product = create_product("Trà rau má", price=120_000)
    english = client.get(english_url(product)).content.decode()
    assert "≈ $4.80 approx." in english  # English pages default to US dollars
    assert "price-approx" not in client.get(vietnamese_url(product)).content.decode()

    response = client.post(reverse("set-currency"), {"currency": "JPY", "next": vietnamese_url(product)})
    assert response["Location"] == vietnamese_url(product)
    assert response.cookies[currency.COOKIE_NAME].value == "JPY"
    vietnamese = client.get(vietnamese_url(product)).content.decode()
    assert re.search(r'class="price-approx">≈ 706[^<]*\(ước tính\)<', vietnamese)

    client.post(reverse("set-currency"), {"currency": "none"})
    assert "price-approx" not in client.get(english_url(product)).content.decode()

    client.post(reverse("set-currency"), {"currency": "XXX"})  # unknown: choice unchanged
    assert client.cookies[currency.COOKIE_NAME].value == "none"


def test_set_currency_does_not_redirect_elsewhere(client):
    response = client.post(reverse("set-currency"), {"currency": "USD", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_basket_and_checkout_totals_show_the_approximate_amount(client, settings):
    settings.CURRENCY_RATES = {"USD": "25000", "JPY": "170", "EUR": "30000"}
    product = create_product("Trà rau má", price=120_000, stock=5)
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 2})
    with translation.override("en"):
        basket = client.get(reverse("basket:summary")).content.decode()
    # The order total (lines and the delivery estimate) stays in đồng, the dollars beside it.
    total, dollars = re.search(
        r'([\d.]+)\s*₫\s*</h3>\s*<span class="price-approx">≈ \$([\d.]+) approx\.</span>', basket).groups()
    assert int(total.replace(".", "")) >= 240_000
    assert f"{int(total.replace('.', '')) / 25_000:.2f}" == dollars
    client.post(reverse("set-currency"), {"currency": "EUR"})
    with translation.override("en"):
        basket = client.get(reverse("basket:summary")).content.decode()
    euros = f"€{int(total.replace('.', '')) / 30_000:.2f}"
    assert f'<span class="price-approx">≈ {euros} approx.</span>' in basket
