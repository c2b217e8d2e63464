"""Producers create and edit their own products: both languages, rich text that
reaches the shop as formatted text, ordered photos with alt text, price in whole
đồng, stock, pack size; drafts stay hidden; a certified product's new name waits
for an officer."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model
from wagtail.images.tests.utils import get_test_image_file

from catalogue.models import Product
from marketplace.producers.listings import DRAFT, listing_state, listings_of
from marketplace.producers.models import ListingChange
from marketplace.richtext import clean_html, render_rich_text
from tests.factories import ProducerFactory, create_product

pytestmark = pytest.mark.django_db
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture
def producer(django_user_model):
    producer = ProducerFactory(name="HTX Quảng Thọ II")
    user = django_user_model.objects.create_user("qt", "qt@example.vn", "pw")
    user.user_permissions.add(Permission.objects.get(codename="dashboard_access"))
    producer.partner.users.add(user)
    producer.user = user
    return producer


WITH_PHOTO = {"images-0-alt_text": "Hộp trà gừng", "images-0-alt_text_en": "A box of ginger tea",
              "images-0-ORDER": "1"}


def photo(name="tra.png"):
    return SimpleUploadedFile(name, get_test_image_file().file.getvalue(), content_type="image/png")


def form_data(**overrides):
    data = {
        "product-title": "Trà gừng Quảng Thọ", "product-title_en": "Quang Tho ginger tea",
        "product-group_code": "beverage",
        "product-description": '<p>Gừng <strong>tươi</strong></p><script>alert(1)</script><p onclick="x()">Hai</p>',
        "product-description_en": "<p>Fresh <em>ginger</em></p>",
        "product-price": "95000", "product-stock": "12", "product-pack_size": "hộp 20 gói",
        "product-weight_grams": "250",
        "images-TOTAL_FORMS": "2", "images-INITIAL_FORMS": "0", "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "8",
    }
    data.update(overrides)
    return data


def test_a_producer_creates_a_draft_with_photo_price_and_sanitised_text(client, producer):
    client.force_login(producer.user)
    data = form_data(**WITH_PHOTO)
    data["images-0-original"] = photo()
    response = client.post(reverse("producer-dashboard:producer-product-create"), data)
    assert response.status_code == 302, (response.context["form"].errors, response.context["image_formset"].errors)
    product = Product.objects.get(title="Trà gừng Quảng Thọ")
    assert product.producer == producer and product.title_en == "Quang Tho ginger tea"
    assert product.description == "<p>Gừng <strong>tươi</strong></p><p>Hai</p>"
    assert (product.pack_size, product.weight_grams, product.group.code) == ("hộp 20 gói", 250, "beverage")
    record = StockRecord.objects.get(product=product)
    assert (record.partner, int(record.price), record.num_in_stock) == (producer.partner, 95_000, 12)
    image = product.images.get()
    assert (image.alt_text, image.alt_text_en) == ("Hộp trà gừng", "A box of ginger tea")
    assert listing_state(listings_of(producer).get(pk=product.pk)) == DRAFT
    # Not certified: invisible to buyers even once shown.
    assert client.get(product.get_absolute_url()).status_code == 404


def test_a_photo_needs_its_description(client, producer):
    client.force_login(producer.user)
    data = form_data(**{**WITH_PHOTO, "images-0-alt_text": ""})
    data["images-0-original"] = photo()
    response = client.post(reverse("producer-dashboard:producer-product-create"), data)
    assert response.status_code == 400
    assert "mô tả ngắn gọn nội dung ảnh" in response.content.decode()
    assert not Product.objects.filter(title="Trà gừng Quảng Thọ").exists()


def test_price_is_whole_dong(client, producer):
    client.force_login(producer.user)
    response = client.post(reverse("producer-dashboard:producer-product-create"), form_data(**{"product-price": "95000.50"}))
    assert response.status_code == 400
    assert not Product.objects.exists()


def test_editing_an_uncertified_product_renames_it(client, producer):
    product = create_product("Trà sen", star=None, producer=producer)
    client.force_login(producer.user)
    url = reverse("producer-dashboard:producer-product-update", kwargs={"pk": product.pk})
    response = client.post(url, form_data(**{"product-title": "Trà sen Tây Hồ"}))
    assert response.status_code == 302, (response.context["form"].errors, response.context["image_formset"].errors)
    product.refresh_from_db()
    assert product.title == "Trà sen Tây Hồ"
    assert not ListingChange.objects.exists()


def test_a_certified_products_new_name_waits_for_an_officer(client, producer, django_user_model):
    product = create_product("Trà rau má Quảng Thọ", producer=producer, is_public=True)
    client.force_login(producer.user)
    url = reverse("producer-dashboard:producer-product-update", kwargs={"pk": product.pk})
    response = client.post(url, form_data(**{"product-title": "Trà rau má túi lọc", "product-price": "99000"}), follow=True)
    assert "đang chờ cán bộ duyệt" in response.content.decode()
    product.refresh_from_db()
    assert product.title == "Trà rau má Quảng Thọ"  # the certified title stays on sale
    assert int(StockRecord.objects.get(product=product).price) == 99_000  # the rest applies at once
    change = ListingChange.objects.get(product=product, status="pending")
    assert (change.previous_title, change.title) == ("Trà rau má Quảng Thọ", "Trà rau má túi lọc")

    # The producer cannot decide; an operator (officer) can.
    decide = reverse("producer-dashboard:producer-listing-change", kwargs={"pk": change.pk})
    assert client.post(decide, {"decision": "approve"}).status_code in (302, 403)
    product.refresh_from_db()
    assert product.title == "Trà rau má Quảng Thọ"
    client.force_login(django_user_model.objects.create_superuser("op", "op@cho-ocop.vn", "pw"))
    assert "Trà rau má túi lọc" in client.get(reverse("producer-dashboard:producer-listing-changes")).content.decode()
    client.post(decide, {"decision": "approve"})
    product.refresh_from_db()
    assert product.title == "Trà rau má túi lọc"
    assert mail.outbox == []


def test_a_refusal_needs_a_reason_and_keeps_the_name(client, producer, django_user_model):
    product = create_product("Trà rau má Quảng Thọ", producer=producer, is_public=True)
    client.force_login(producer.user)
    client.post(reverse("producer-dashboard:producer-product-update", kwargs={"pk": product.pk}),
                form_data(**{"product-title": "Trà thần dược"}))
    change = ListingChange.objects.get()
    client.force_login(django_user_model.objects.create_superuser("op", "op@cho-ocop.vn", "pw"))
    decide = reverse("producer-dashboard:producer-listing-change", kwargs={"pk": change.pk})
    assert client.post(decide, {"decision": "reject"}).status_code == 200
    client.post(decide, {"decision": "reject", "reason": "Tên khác với giấy chứng nhận."})
    change.refresh_from_db()
    product.refresh_from_db()
    assert (change.status, product.title) == ("rejected", "Trà rau má Quảng Thọ")


def test_another_producers_product_is_not_found(client, producer):
    other = create_product("Đèn mây tre", producer=ProducerFactory())
    client.force_login(producer.user)
    url = reverse("producer-dashboard:producer-product-update", kwargs={"pk": other.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, form_data()).status_code == 404
    other.refresh_from_db()
    assert other.title == "Đèn mây tre"


def test_descriptions_render_as_formatted_text_in_both_languages(client):
    product = create_product(
        "Trà rau má", title_en="Pennywort tea", is_public=True,
        description="<p>Trà <strong>rau má</strong> sấy lạnh</p>", description_en="<p>Freeze-dried <em>pennywort</em></p>",
    )
    page = client.get(product.get_absolute_url()).content.decode()
    assert "<p>Trà <strong>rau má</strong> sấy lạnh</p>" in page
    assert "&lt;p&gt;" not in page
    english = client.get("/en" + product.get_absolute_url()).content.decode()
    assert "<p>Freeze-dried <em>pennywort</em></p>" in english


def test_plain_text_descriptions_still_render_as_paragraphs():
    assert render_rich_text("Dòng một\nvẫn một\n\n1 < 2 & 3") == "<p>Dòng một<br>vẫn một</p>\n\n<p>1 &lt; 2 &amp; 3</p>"
    assert render_rich_text('<p>A</p><img src=x onerror="alert(1)">') == "<p>A</p>"
    assert clean_html('<a href="javascript:alert(1)">x</a>') == '<a rel="noopener noreferrer nofollow">x</a>'
