"""Search answers are cached and shared between buyers (issue 16), yet a change of
price, stock or certificate state is seen on the very next request: the same
calls that schedule a reindex make the cached answers stale once they commit
(``catalogue.search.freshness``)."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.certificates import revoke_certificate
from marketplace.producers.listings import ListingData, update_listing
from tests.factories import create_product

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_search")]


@pytest.fixture
def honey():
    return create_product("Mật ong rừng U Minh", group="food", price=120_000, stock=10)


@pytest.fixture(params=["anonymous", "signed in"])
def buyer(request, client):
    if request.param == "signed in":
        client.force_login(get_user_model().objects.create_user("lan", "lan@example.vn", "x-password-1"))
    return client


def api_item(client) -> dict | None:
    response = client.get("/api/v1/search/", {"q": "mat ong"})
    assert response.status_code == 200
    results = json.loads(response.content)["results"]
    return results[0] if results else None


def search_page(client) -> str:
    response = client.get("/search/", {"q": "mat ong"})
    assert response.status_code == 200
    return response.content.decode()


def edit(producer, product, *, price: int, stock: int, commit) -> None:
    """The producer edits the listing (title unchanged); the edit commits."""
    with commit(execute=True):
        update_listing(producer, product, ListingData(
            title=product.title, title_en=product.title_en, description="", description_en="",
            group_code="food", price=price, stock=stock, is_public=True,
        ), user=None)


def test_a_repeated_search_is_answered_from_the_cache(client, honey):
    first = api_item(client)
    with CaptureQueriesContext(connection) as queries:
        again = api_item(client)
    assert again == first and first["price_vnd"] == 120_000
    assert len(queries) == 0, [q["sql"][:100] for q in queries]


def test_a_new_price_is_seen_on_the_next_request(buyer, honey, django_capture_on_commit_callbacks):
    assert api_item(buyer)["price_vnd"] == 120_000
    assert "120.000" in search_page(buyer)
    edit(honey.producer, honey, price=95_000, stock=10, commit=django_capture_on_commit_callbacks)
    assert api_item(buyer)["price_vnd"] == 95_000
    page = search_page(buyer)
    assert "95.000" in page and "120.000" not in page


def test_stock_at_zero_is_seen_on_the_next_request(buyer, honey, django_capture_on_commit_callbacks):
    assert api_item(buyer)["in_stock"] is True
    edit(honey.producer, honey, price=120_000, stock=0, commit=django_capture_on_commit_callbacks)
    assert api_item(buyer)["in_stock"] is False


def test_a_revoked_certificate_is_seen_on_the_next_request(buyer, honey, django_capture_on_commit_callbacks):
    assert api_item(buyer)["sku"] == honey.upc
    assert honey.upc in buyer.get("/api/v1/search/suggest/", {"q": "mat"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        revoke_certificate(honey.certificates.get(), "Không đạt kiểm tra định kỳ")
    assert api_item(buyer) is None
    assert "Mật ong rừng U Minh" not in search_page(buyer)
    assert honey.upc not in buyer.get("/api/v1/search/suggest/", {"q": "mat"}).content.decode()


def test_the_language_is_part_of_the_cached_answer(client):
    create_product("Trà rau má", title_en="Pennywort tea", group="beverage")
    vietnamese = client.get("/api/v1/search/", {"q": "tra"}, HTTP_ACCEPT_LANGUAGE="vi")
    english = client.get("/api/v1/search/", {"q": "tra"}, HTTP_ACCEPT_LANGUAGE="en")
    assert json.loads(vietnamese.content)["results"][0]["title"] == "Trà rau má"
    assert json.loads(english.content)["results"][0]["title"] == "Pennywort tea"


def test_a_lost_version_never_revives_old_answers(client, honey, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    from catalogue.search.freshness import VERSION_KEY

    assert api_item(client)["price_vnd"] == 120_000
    cache.delete(VERSION_KEY)  # evicted
    with django_capture_on_commit_callbacks(execute=True):
        honey.stockrecords.update(price=99_000)
    # No reindex was scheduled, but the lost version is replaced by a new one.
    assert api_item(client)["price_vnd"] == 99_000


def test_the_product_page_strips_follow_a_revocation_and_a_new_price(buyer, honey, django_capture_on_commit_callbacks):
    """The strips' product ids are cached; their products, prices and the
    sellable rule are read fresh, and a revocation makes the ids stale."""
    other = create_product("Mật ong hoa cà phê", group="food", price=150_000, producer=honey.producer)
    page = buyer.get(honey.get_absolute_url()).content.decode()
    assert "Mật ong hoa cà phê" in page and "150.000" in page
    edit(other.producer, other, price=140_000, stock=5, commit=django_capture_on_commit_callbacks)
    page = buyer.get(honey.get_absolute_url()).content.decode()
    assert "140.000" in page and "150.000" not in page
    with django_capture_on_commit_callbacks(execute=True):
        revoke_certificate(other.certificates.get(), "Không đạt kiểm tra định kỳ")
    assert "Mật ong hoa cà phê" not in buyer.get(honey.get_absolute_url()).content.decode()


def test_search_page_cards_follow_stock_title_and_language(buyer, honey, django_capture_on_commit_callbacks):
    """Rendered product cards are cached (``catalogue.templatetags.product_cards``);
    stock at zero, a new title and the language are seen on the next request."""
    from django.urls import reverse

    add_url = reverse("basket:add", kwargs={"pk": honey.pk})
    assert add_url in search_page(buyer)
    assert add_url in search_page(buyer)  # from the cache
    edit(honey.producer, honey, price=120_000, stock=0, commit=django_capture_on_commit_callbacks)
    page = search_page(buyer)
    assert "Mật ong rừng U Minh" in page and add_url not in page
    edit(honey.producer, honey, price=120_000, stock=5, commit=django_capture_on_commit_callbacks)
    honey.refresh_from_db()
    honey.title, honey.title_en = "Mật ong rừng U Minh Hạ", "U Minh forest honey"
    honey.save()  # the back office renames it (no reindex scheduled)
    page = search_page(buyer)
    assert "Mật ong rừng U Minh Hạ" in page and add_url in page
    english = buyer.get("/en/search/", {"q": "mat ong"}).content.decode()
    assert "U Minh forest honey" in english


def test_a_cached_card_carries_each_buyers_own_csrf_token(honey, client):
    """The add-to-basket form of a card cached for another buyer posts with this
    buyer's own token (the token is never part of the cached text)."""
    from django.test import Client
    from django.urls import reverse

    from catalogue.templatetags.product_cards import CSRF_PLACEHOLDER

    first = search_page(client)  # caches the card
    other = Client(enforce_csrf_checks=True)
    page = search_page(other)

    def form_token(html):
        return html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    assert CSRF_PLACEHOLDER not in page and form_token(page) != form_token(first)
    response = other.post(reverse("basket:add", kwargs={"pk": honey.pk}),
                          {"quantity": 1, "csrfmiddlewaretoken": form_token(page)})
    assert response.status_code == 302
    assert "Mật ong rừng U Minh" in other.get(reverse("basket:summary")).content.decode()


def test_the_category_menu_is_cached_and_follows_category_edits(client, django_capture_on_commit_callbacks):
    """The menu's categories cost no query once cached; a new or renamed
    category is in the menu on the next request, in each language."""
    from django.utils import translation
    from oscar.apps.catalogue.categories import create_from_breadcrumbs

    from catalogue.templatetags.category_menu import menu_categories

    def menu(language="vi"):
        with translation.override(language):
            return [entry.get_name() for entry in menu_categories()]

    with django_capture_on_commit_callbacks(execute=True):
        create_from_breadcrumbs("Đặc sản vùng cao")
    assert "Đặc sản vùng cao" in client.get("/search/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert menu() == ["Đặc sản vùng cao"]
    assert len(queries) == 0
    with django_capture_on_commit_callbacks(execute=True):
        category = create_from_breadcrumbs("Quà tặng")
    assert menu() == ["Đặc sản vùng cao", "Quà tặng"]
    assert menu("en") == ["Đặc sản vùng cao", "Quà tặng"]
    category.name, category.name_en = "Quà tặng Tết", "Lunar New Year gifts"
    with django_capture_on_commit_callbacks(execute=True):
        category.save()
    assert menu() == ["Đặc sản vùng cao", "Quà tặng Tết"]
    assert "Lunar New Year gifts" in client.get("/en/search/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        category.delete()
    assert menu() == ["Đặc sản vùng cao"]
