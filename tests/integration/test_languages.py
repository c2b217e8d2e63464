import pytest
from django.urls import reverse

from tests.factories import create_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def product():
    return create_product("Trà rau má Quảng Thọ", title_en="Quang Tho pennywort tea", price=85_000)


def test_vietnamese_is_the_default_language(client, product):
    html = client.get("/catalogue/").content.decode()
    assert '<html lang="vi"' in html
    assert "Thêm vào giỏ hàng" in html  # Oscar's Vietnamese catalogue
    assert "Trà rau má Quảng Thọ" in html
    assert "85.000\u00a0₫" in html


def test_english_pages_live_under_en_with_english_titles(client, product):
    html = client.get("/en/catalogue/").content.decode()
    assert '<html lang="en"' in html
    assert "Add to cart" in html  # Oscar's English catalogue says "cart"
    assert "Quang Tho pennywort tea" in html
    assert "85.000\u00a0₫" in html  # same money format in both languages


@pytest.mark.parametrize("path", ["/catalogue/", "/en/catalogue/", "/basket/"])
def test_every_page_has_the_language_switcher(client, product, path):
    html = client.get(path).content.decode()
    assert 'id="language_selector"' in html
    assert 'value="vi"' in html and 'value="en"' in html


def test_product_page_in_english(client, product):
    html = client.get("/en" + product.get_absolute_url()).content.decode()
    assert "Quang Tho pennywort tea" in html
    assert "OCOP certificate" in html


def test_switching_language_keeps_the_page(client, product):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/catalogue/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/catalogue/"
    response = client.post("/en/i18n/setlang/", {"language": "vi", "next": "/en/catalogue/"})
    assert response["Location"] == "/catalogue/"


def test_the_api_schema_documents_the_search_endpoints(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    assert "/api/v1/search/" in schema["paths"]
    assert "/api/v1/search/suggest/" in schema["paths"]
    assert not any(path.startswith("/cms/") for path in schema["paths"])
