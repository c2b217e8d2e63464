"""``bench/http.py`` runs for minutes under gunicorn, outside the suite; this checks
on a tiny catalogue that every page it will load exists and shows what it should,
so the benchmark does not silently measure redirects or error pages."""

import pytest
from django.contrib.auth import get_user_model

from bench import http as bench_http
from catalogue.search.views import CatalogueView
from cms.models import HomePage, StoryPage

pytestmark = pytest.mark.django_db


def test_every_benchmarked_page_answers_with_its_content(client, monkeypatch):
    monkeypatch.setattr(CatalogueView, "paginate_by", 5)
    fixture = bench_http.build_fixture(products=40, pictures=2, stories=2)
    pages = {page.key: page for page in bench_http.build_pages(fixture, bench_http.session_cookie(fixture.customer))}

    assert list(pages) == ["floor", "home", "catalogue", "catalogue-50", "category", "product",
                           "product-signed-in", "search", "search-api", "suggest-api", "story"]
    responses = {}
    for key, page in pages.items():
        response = client.get(page.path, HTTP_COOKIE=page.cookie or "")
        assert response.status_code == 200, (key, page.path, response.status_code)
        responses[key] = response

    assert responses["floor"].content == b"ok"
    story_titles = [block.value["product"].title for block in fixture.story.body if block.block_type == "product"]
    assert len(story_titles) == bench_http.STORY_BLOCKS
    for title in story_titles:
        assert title in responses["story"].content.decode()
    assert fixture.story.title in responses["home"].content.decode()
    # 40 products, 5 a page: "page 50" becomes the last page, 8.
    assert pages["catalogue-50"].path.endswith("?page=8")
    assert responses["catalogue-50"].context["page_obj"].number == 8
    assert len(responses["catalogue-50"].context["products"]) == 5
    assert responses["category"].context["products"]
    assert all(p.categories.filter(pk=fixture.category.pk).exists()
               for p in responses["category"].context["products"])
    assert fixture.product.title in responses["product"].content.decode()
    assert fixture.product.images.exists()

    signed_in = responses["product-signed-in"].wsgi_request
    assert signed_in.user == fixture.customer
    assert signed_in.basket.num_lines == 3
    assert responses["product"].wsgi_request.user.is_anonymous

    assert responses["search"].context["results"].total >= 1
    assert responses["search-api"].json()["count"] >= 1
    assert responses["suggest-api"].json()["suggestions"]

    # A second run replaces the site, the customer's basket and the pictures instead of adding to them.
    again = bench_http.build_fixture(products=40, pictures=2, stories=2)
    assert HomePage.objects.count() == 2  # Vietnamese and English
    assert StoryPage.objects.count() == 2
    assert again.listable == fixture.listable == 40
    assert get_user_model().objects.filter(username="bench-buyer").count() == 1
    assert again.customer.baskets.get().num_lines == 3
    assert again.product.images.count() == 1
