"""Whole pages served from the cache to visitors without state (issue 16,
``marketplace/page_cache.py``): shared, yet never stale and never carrying one
visitor's token or nonce to another."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from oscar.core.loading import get_model

from catalogue.certificates import revoke_certificate
from cms.sections import publish
from marketplace import page_cache
from marketplace.producers.listings import ListingData, update_listing
from tests.factories import create_product
from tests.pages import build_site, make_story

# Pages go stale when a write commits: these tests commit (transactional database).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("database_search")]

ProductRecord = get_model("analytics", "ProductRecord")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NONCE = re.compile(r'<script[^>]* nonce="([^"]+)"')


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def honey():
    return create_product("Mật ong rừng U Minh", group="food", price=120_000, stock=10,
                          title_en="U Minh forest honey")


@pytest.fixture
def site():
    return build_site()


def get(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, path
    return response


def test_second_visit_is_served_from_the_cache_with_the_visitors_own_token_and_nonce(honey):
    first_visitor, second_visitor = Client(), Client()
    url = honey.get_absolute_url()
    miss = get(first_visitor, url)
    with CaptureQueriesContext(connection) as queries:
        hit = get(second_visitor, url)
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    # Only Oscar's view bookkeeping: the view counted in one round trip whose commit
    # does not wait for the disk.
    assert [q["sql"] for q in queries] == [
        'SET LOCAL synchronous_commit TO OFF; UPDATE "analytics_productrecord" '
        f"SET num_views = num_views + 1 WHERE product_id = {honey.pk}"
    ]

    tokens = []
    for response, visitor in ((miss, first_visitor), (hit, second_visitor)):
        html = response.content.decode()
        assert "ocop-csrf-placeholder" not in html and "ocop-nonce-placeholder" not in html
        assert "Mật ong rừng U Minh" in html and "120.000" in html
        token = TOKEN.search(html).group(1)
        assert token and visitor.cookies["csrftoken"].value  # the cookie the token pairs with
        tokens.append(token)
        nonces = set(NONCE.findall(html))
        assert len(nonces) == 1 and f"'nonce-{nonces.pop()}'" in response["Content-Security-Policy"]
    assert tokens[0] != tokens[1]


def test_the_cached_token_is_accepted_when_the_visitor_adds_to_the_basket(honey):
    Client().get(honey.get_absolute_url())  # fills the cache
    visitor = Client(enforce_csrf_checks=True)
    html = get(visitor, honey.get_absolute_url()).content.decode()
    token = TOKEN.search(html).group(1)
    stockrecord = honey.stockrecords.get()
    added = visitor.post(f"/basket/add/{honey.pk}/", {"quantity": 1, "csrfmiddlewaretoken": token,
                                                    "stockrecord": stockrecord.pk})
    assert added.status_code == 302
    assert get_model("basket", "Line").objects.filter(product=honey).count() == 1
    # With a basket cookie the visitor's pages are their own again.
    assert "X-Page-Cache" not in get(visitor, honey.get_absolute_url())


def test_every_view_from_the_cache_is_counted_and_remembered(honey):
    for _ in range(3):
        visitor = Client()
        response = get(visitor, honey.get_absolute_url())
        assert str(honey.pk) in visitor.cookies["oscar_history"].value
    assert response["X-Page-Cache"] == "hit"
    assert ProductRecord.objects.get(product=honey).num_views == 3


@pytest.mark.parametrize("path", ["/", "/en/", "/catalogue/", "/search/?q=mat+ong", "/api/v1/search/?q=mat+ong"])
def test_shared_pages_are_cached_and_rendering_them_writes_nothing_that_empties_the_cache(site, honey, path):
    assert get(Client(), path)["X-Page-Cache"] == "miss"
    assert get(Client(), path)["X-Page-Cache"] == "hit"


def test_languages_and_currencies_get_their_own_pages(site, honey):
    with translation.override("vi"):
        url_vi = honey.get_absolute_url()
    with translation.override("en"):
        url_en = honey.get_absolute_url()
    assert url_en == "/en" + url_vi
    vietnamese = get(Client(), url_vi).content.decode()
    english = get(Client(), url_en).content.decode()
    assert 'lang="vi"' in vietnamese and 'lang="en"' in english
    euros = Client()
    euros.cookies["display_currency"] = "EUR"
    in_euros = get(euros, url_en)
    assert in_euros["X-Page-Cache"] == "miss" and "€" in in_euros.content.decode()


def test_signed_in_buyers_are_never_served_a_shared_page(client, honey):
    get(Client(), honey.get_absolute_url())
    client.force_login(get_user_model().objects.create_user("lan", "lan@example.vn", "x-password-1"))
    response = get(client, honey.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "Đăng xuất" in response.content.decode() or "Logout" in response.content.decode()


def edit(producer, product, *, price: int, stock: int, commit) -> None:
    with commit(execute=True):
        update_listing(producer, product, ListingData(
            title=product.title, title_en=product.title_en, description="", description_en="",
            group_code="food", price=price, stock=stock, is_public=True,
        ), user=None)


def test_a_new_price_and_empty_stock_are_seen_on_the_next_request(honey, django_capture_on_commit_callbacks):
    url = honey.get_absolute_url()
    get(Client(), url)
    assert get(Client(), url)["X-Page-Cache"] == "hit"
    edit(honey.producer, honey, price=95_000, stock=10, commit=django_capture_on_commit_callbacks)
    html = get(Client(), url).content.decode()
    assert "95.000" in html and "120.000" not in html
    edit(honey.producer, honey, price=95_000, stock=0, commit=django_capture_on_commit_callbacks)
    assert f"/basket/add/{honey.pk}/" not in get(Client(), url).content.decode()


def test_a_revoked_certificate_takes_the_product_off_at_once(honey, django_capture_on_commit_callbacks):
    url = honey.get_absolute_url()
    get(Client(), url)
    with django_capture_on_commit_callbacks(execute=True):
        revoke_certificate(honey.certificates.get(), "Không đạt kiểm tra định kỳ")
    response = Client().get(url)
    assert response.status_code == 404 or f"/basket/add/{honey.pk}/" not in response.content.decode()


def test_a_published_story_is_seen_at_once(site, honey, django_capture_on_commit_callbacks):
    story = make_story(site.stories["vi"], title="Mật ong U Minh", products=[honey])
    url = story.url
    assert "Mật ong U Minh" in get(Client(), url).content.decode()
    assert get(Client(), url)["X-Page-Cache"] == "hit"
    story.title = "Mùa ong rừng U Minh"
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision()
        publish(story)
    html = get(Client(), url).content.decode()
    assert "Mùa ong rừng U Minh" in html


def test_errors_and_redirects_are_not_kept(honey):
    assert Client().get("/catalogue/no-such-product_999999/").status_code == 404
    missing = Client().get("/catalogue/no-such-product_999999/")
    assert missing.status_code == 404 and "X-Page-Cache" not in missing
    renamed = Client().get(f"/catalogue/old-slug_{honey.pk}/")
    assert renamed.status_code == 301 and "X-Page-Cache" not in renamed


def test_off_switch(settings, honey):
    settings.PAGE_CACHE = False
    get(Client(), honey.get_absolute_url())
    assert "X-Page-Cache" not in get(Client(), honey.get_absolute_url())


def test_a_transaction_makes_pages_stale_once_when_it_commits(honey, monkeypatch):
    bumps = []
    bump = page_cache.bump_page_version
    monkeypatch.setattr(page_cache, "bump_page_version", lambda: (bumps.append(1), bump()))
    version = page_cache.page_version()
    with transaction.atomic():
        for price in (100_000, 110_000, 130_000):
            stockrecord = honey.stockrecords.get()
            stockrecord.price = price
            stockrecord.save()
        assert page_cache.page_version() == version and bumps == []  # nothing before the commit
    assert bumps == [1] and page_cache.page_version() != version
    with transaction.atomic():
        honey.save()
        transaction.set_rollback(True)
    assert bumps == [1]  # a rolled-back write changes no page


def test_the_api_answers_each_client_in_the_language_it_asks_for(honey):
    for language, title in (("vi", "Mật ong rừng U Minh"), ("en", honey.title_en), ("vi", "Mật ong rừng U Minh")):
        response = Client(HTTP_ACCEPT_LANGUAGE=language).get("/api/v1/search/", {"q": "mat ong"})
        assert response.json()["results"][0]["title"] == title


def test_writes_pages_make_while_rendering_leave_the_cache_in_place():
    Rendition = get_model("wagtailimages", "Rendition")
    KVStore = get_model("thumbnail", "KVStore")
    assert not page_cache.shown_on_pages(Rendition)
    assert not page_cache.shown_on_pages(KVStore)
    assert not page_cache.shown_on_pages(ProductRecord)
    assert page_cache.shown_on_pages(get_model("catalogue", "Product"))
    assert page_cache.shown_on_pages(get_model("wagtailcore", "Page"))


def test_compressed_pages_are_built_from_pieces_compressed_once(settings, honey):
    """Where production compresses pages, a page from the cache is one gzip member
    made of the pieces compressed when it was stored and this visitor's token and
    nonce: any gzip reader gets the page back, with their own token."""
    import gzip
    import zlib

    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
                      "django.middleware.gzip.GZipMiddleware")
    settings.MIDDLEWARE = middleware
    url = honey.get_absolute_url()
    Client().get(url)  # stored
    plain = get(Client(), url)
    assert plain["X-Page-Cache"] == "hit" and "Content-Encoding" not in plain
    pages = []
    for _ in range(2):
        visitor = Client(HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        response = get(visitor, url)
        assert response["X-Page-Cache"] == "hit" and response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert int(response["Content-Length"]) == len(response.content)
        html = gzip.decompress(response.content).decode()
        assert zlib.decompress(response.content, wbits=31).decode() == html  # one member, CRC and length right
        token, nonce = TOKEN.search(html).group(1), NONCE.search(html).group(1)
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        assert "ocop-csrf-placeholder" not in html and "ocop-nonce-placeholder" not in html
        pages.append((html, token))
        # Apart from token and nonce, the very page served uncompressed.
        normalise = lambda text: NONCE.sub("N", TOKEN.sub("T", text))  # noqa: E731
        assert normalise(html) == normalise(plain.content.decode())
    assert pages[0][1] != pages[1][1]


def test_a_view_from_the_cache_creates_the_counter_when_it_is_missing(honey):
    get(Client(), honey.get_absolute_url())
    ProductRecord.objects.all().delete()
    assert get(Client(), honey.get_absolute_url())["X-Page-Cache"] == "hit"
    assert ProductRecord.objects.get(product=honey).num_views == 1
