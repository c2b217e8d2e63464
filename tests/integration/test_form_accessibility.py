"""Every shop form, sent with errors: each invalid field says so (aria-invalid)
and points at its message (aria-describedby → an element holding the message);
contact and address fields carry autofill hints (WCAG 1.3.1, 1.3.5, 3.3.1)."""

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.urls import reverse
from oscar.apps.catalogue.reviews.forms import ProductReviewForm

from tests.factories import ProvinceFactory, WardFactory, create_product, create_sales_point

pytestmark = pytest.mark.django_db


def field(html: str, name: str):
    tags = BeautifulSoup(html, "html.parser").find_all(attrs={"name": name})
    assert tags, f"no field {name!r}"
    return tags[0]


def assert_invalid_with_message(html: str, name: str, message: str):
    """The field is marked invalid and one of the elements it is described by
    holds the message."""
    soup = BeautifulSoup(html, "html.parser")
    tag = soup.find(attrs={"name": name})
    assert tag is not None, f"no field {name!r}"
    assert tag.get("aria-invalid") == "true", tag
    ids = (tag.get("aria-describedby") or "").split()
    assert ids, f"{name} is described by nothing: {tag}"
    texts = [" ".join(soup.find(id=i).get_text().split()) for i in ids if soup.find(id=i)]
    assert any(message in text for text in texts), (name, ids, texts)


def assert_valid(html: str, name: str):
    assert field(html, name).get("aria-invalid") is None


@pytest.fixture
def tea():
    return create_product("Trà rau má Quảng Thọ", price=85_000, stock=10)


def start_checkout(client, product):
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    response = client.post(reverse("checkout:index"), {"username": "lan@example.vn", "options": "anonymous"})
    assert response.status_code == 302


def test_shipping_address_errors_are_tied_to_their_fields_and_fields_autofill(client, tea):
    hue = ProvinceFactory()
    WardFactory(province=hue)
    start_checkout(client, tea)
    html = client.post(reverse("checkout:shipping-address"), {
        "first_name": "", "phone_number": "12345", "line1": "12 Lê Lợi", "province": hue.pk, "ward": "",
    }).content.decode()
    assert_invalid_with_message(html, "first_name", "bắt buộc")
    assert_invalid_with_message(html, "phone_number", "+84 912 345 678")
    assert_invalid_with_message(html, "ward", "bắt buộc")
    assert_valid(html, "line1")
    assert_valid(html, "province")
    hints = {name: field(html, name).get("autocomplete")
             for name in ("first_name", "phone_number", "line1", "province", "ward")}
    assert hints == {"first_name": "name", "phone_number": "tel", "line1": "address-line1",
                     "province": "address-level1", "ward": "address-level2"}


def test_click_and_collect_errors_are_tied_to_their_fields(client, tea):
    create_sales_point("QN-BIGC", name="Góc OCOP Big C Hạ Long", stock={tea: 3})
    start_checkout(client, tea)
    html = client.post(reverse("checkout:pick-up"),
                       {"first_name": "Lan", "phone_number": "", "sales_point": "NOWHERE"}).content.decode()
    assert_invalid_with_message(html, "phone_number", "bắt buộc")
    assert_invalid_with_message(html, "sales_point", "chọn điểm khác")
    assert field(html, "first_name").get("autocomplete") == "name"
    assert field(html, "phone_number").get("autocomplete") == "tel"


def test_payment_method_error_is_tied_to_the_choices(client, tea):
    hue = ProvinceFactory()
    ward = WardFactory(province=hue)
    start_checkout(client, tea)
    client.post(reverse("checkout:shipping-address"), {
        "first_name": "Lan", "phone_number": "0912 345 678", "line1": "12 Lê Lợi", "province": hue.pk,
        "ward": ward.pk, "notes": "",
    })
    client.get(reverse("checkout:shipping-method"))
    html = client.post(reverse("checkout:payment-details"), {"payment_method": "gold-bars"}).content.decode()
    assert_invalid_with_message(html, "payment_method", "gold-bars")


def test_sign_in_and_registration_errors_and_hints(client):
    html = client.post(reverse("customer:login"), {
        "login_submit": "1", "login-username": "not-an-email", "login-password": "",
    }).content.decode()
    assert_invalid_with_message(html, "login-password", "bắt buộc")
    assert field(html, "login-username").get("autocomplete") == "email"
    assert field(html, "login-password").get("autocomplete") == "current-password"

    html = client.post(reverse("customer:login"), {
        "registration_submit": "1", "registration-email": "lan", "registration-password1": "a",
        "registration-password2": "b",
    }).content.decode()
    assert_invalid_with_message(html, "registration-email", "email")
    assert_invalid_with_message(html, "registration-password2", "")
    assert field(html, "registration-email").get("autocomplete") == "email"
    assert field(html, "registration-password1").get("autocomplete") == "new-password"


def test_checkout_sign_in_step_hints(client, tea):
    client.post(reverse("basket:add", kwargs={"pk": tea.pk}), {"quantity": 1})
    html = client.get(reverse("checkout:index")).content.decode()
    assert field(html, "username").get("autocomplete") == "email"
    assert field(html, "password").get("autocomplete") == "current-password"


def test_basket_quantity_error_is_tied_to_the_quantity(client, tea):
    client.post(reverse("basket:add", kwargs={"pk": tea.pk}), {"quantity": 1})
    line = client.get("/basket/").context["basket"].all_lines()[0]
    data = {"form-TOTAL_FORMS": 1, "form-INITIAL_FORMS": 1, "form-MIN_NUM_FORMS": 0, "form-MAX_NUM_FORMS": 1000,
            "form-0-id": line.pk, "form-0-quantity": "３"}
    html = client.post("/basket/", data, follow=True).content.decode()
    assert_invalid_with_message(html, "form-0-quantity", "chữ số 0–9")


def test_review_form_errors_are_tied_to_their_fields(tea):
    form = ProductReviewForm(tea, user=None, data={"title": "", "score": "", "body": "", "name": "", "email": "x"})
    assert not form.is_valid()
    html = render_to_string("oscar/partials/form_fields.html", {"form": form})
    for name in ("title", "body", "name", "email"):
        assert_invalid_with_message(html, name, str(form.errors[name][0]))
    assert field(html, "name").get("autocomplete") == "name"
    assert field(html, "email").get("autocomplete") == "email"
