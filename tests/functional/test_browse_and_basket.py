import io

import pytest
from django.core.files.base import ContentFile
from oscar.core.loading import get_model
from PIL import Image

from tests.factories import create_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ProductImage = get_model("catalogue", "ProductImage")


def _with_image(product):
    buffer = io.BytesIO()
    Image.new("RGB", (400, 400), (200, 16, 46)).save(buffer, "JPEG")
    ProductImage.objects.create(
        product=product, original=ContentFile(buffer.getvalue(), name="tea.jpg"), display_order=0
    )
    return product


def test_buyer_finds_a_product_sees_its_certificate_and_adds_it_to_the_basket(page):
    product = _with_image(create_product("Trà rau má Quảng Thọ", star=4, price=85_000))
    create_product("Chuối già lùn A Lưới", star=None)  # never certified: never shown
    decision = product.certificates.get().decision

    page.goto("/")
    card = page.locator(f'article.ocop-card[data-sku="{product.upc}"]')
    assert card.count() == 1
    assert page.locator("article.ocop-card").count() == 1
    assert "85.000" in card.inner_text()
    assert card.locator("img").evaluate("img => img.naturalWidth") > 0

    card.locator("h3 a").click()
    page.wait_for_url(f"**{product.get_absolute_url()}")
    certificate = page.locator("#certificate")
    assert decision.number in certificate.inner_text()
    assert decision.issuing_body in certificate.inner_text()

    page.locator("#add_to_basket_form").get_by_role("button", name="Thêm vào giỏ hàng").click()
    page.wait_for_load_state()
    page.goto("/basket/")
    basket = page.locator("#basket_formset")
    assert "Trà rau má Quảng Thọ" in basket.inner_text()
    assert page.locator("#basket_formset input[name$='-quantity']").input_value() == "1"
