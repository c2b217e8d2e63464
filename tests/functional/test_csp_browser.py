"""The shop, Oscar's dashboard, Wagtail's admin and Django admin work under the
Content-Security-Policy: the ``page`` fixture fails a test on any violation."""

import os

import pytest
from django.contrib.auth import get_user_model

from cms.sections import ensure_moderation
from tests.factories import create_product
from tests.pages import build_site, make_story

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "ocop-Csp-2025!"


@pytest.fixture
def shop():
    site = build_site()
    ensure_moderation(site.home.values())
    tea = create_product("Trà rau má Quảng Thọ", title_en="Pennywort tea")
    story = make_story(site.stories["vi"], title="Chuyện trà rau má", products=[tea])
    operator = get_user_model().objects.create_superuser("op", "op@cho-ocop.vn", PASSWORD)
    return {"tea": tea, "story": story, "operator": operator}


def test_shop_pages_run_under_the_policy(page, shop):
    policy = page.goto("/").headers["content-security-policy"]
    assert "script-src 'self' 'nonce-" in policy and "https://js.stripe.com" in policy
    for path in ("/", "/en/", "/search/?q=tra", shop["tea"].get_absolute_url(), shop["story"].url,
                 "/accounts/login/", "/password-reset/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    # Inline behaviour moved to static files still works: sorting submits on change.
    page.goto("/search/?q=tra")
    with page.expect_navigation():
        page.select_option("#id_sort", "price")
    assert "sort=price" in page.url
    page.goto(shop["tea"].get_absolute_url())
    page.locator("#add_to_basket_form").get_by_role("button", name="Thêm vào giỏ hàng").click()
    page.wait_for_load_state()
    page.goto("/basket/")
    page.wait_for_load_state("networkidle")


def test_dashboard_and_django_admin_run_under_the_policy(page, shop):
    page.goto("/dashboard/login/")
    page.fill("input[name=username]", shop["operator"].email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_url("**/dashboard/")
    for path in ("/dashboard/", "/dashboard/catalogue/", f"/dashboard/catalogue/products/{shop['tea'].pk}/",
                 "/dashboard/orders/", "/admin/", "/admin/catalogue/recognitiondecision/add/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    assert page.locator("#recognitiondecision_form").count() == 1


def test_wagtail_admin_and_page_editor_run_under_the_policy(page, shop):
    page.goto("/cms/login/")
    page.fill("input[name=username]", shop["operator"].email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/cms/")
    page.goto(f"/cms/pages/{shop['story'].pk}/edit/")
    page.wait_for_load_state("networkidle")
    # The editor's scripts ran: the StreamField's blocks are drawn by JavaScript.
    assert page.locator("[data-streamfield-stream-container], [data-contentpath=body]").count() >= 1
    page.locator("[data-contentpath=title] input, #id_title").first.fill("Chuyện trà rau má Quảng Thọ")
    page.goto(f"/cms/pages/{shop['story'].get_parent().pk}/")
    page.wait_for_load_state("networkidle")


def test_api_docs_render_under_the_policy(page):
    """Swagger UI (drf-spectacular's sidecar, served by the shop) draws the API's
    operations from /api/v1/schema/ with no violation (the fixture fails on any)."""
    response = page.goto("/api/v1/docs/")
    directives = dict(d.strip().split(" ", 1) for d in response.headers["content-security-policy"].split(";"))
    # The shop's strict policy: scripts from the shop only, never inline.
    assert directives["script-src"].startswith("'self' ") and "'unsafe-inline'" not in directives["script-src"]
    page.wait_for_load_state("networkidle")
    # The UI's scripts ran and fetched the schema: the operations are listed.
    page.locator(".swagger-ui .opblock").first.wait_for(timeout=20_000)
    body = page.locator(".swagger-ui").inner_text()
    assert "/api/v1/sales-points/{code}/stock/" in body and "/api/v1/search/" in body
