"""axe-core (axe-playwright-python, which ships axe.min.js: no network) on every
page a buyer passes through, in Vietnamese and English: no violation of impact
"serious" or "critical" is allowed."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation

from catalogue.structure import ensure_groups

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = {"serious", "critical"}


def blocking_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
                    for node in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def assert_accessible(page, where: str, found: dict):
    problems = blocking_violations(page)
    if problems:
        found[where] = problems


@pytest.mark.parametrize("language", ["vi", "en"])
def test_buyer_pages_have_no_serious_accessibility_violations(page, buyer_shop, language):
    shop = buyer_shop
    found: dict[str, list[str]] = {}
    with translation.override(language):
        prefix = "" if language == "vi" else "/en"
        pages = {
            "home": f"{prefix}/",
            "search": f"{prefix}/search/?q=tra",
            "category": ensure_groups()["handicraft"].get_absolute_url(),
            "product": shop["tea"].get_absolute_url(),
            "expired product": shop["lapsed"].get_absolute_url(),
            "story": shop["story"].get_url() if language == "vi" else None,
        }
    for where, url in pages.items():
        if url is None:
            continue
        page.goto(url)
        assert_accessible(page, where, found)

    # The basket, each checkout step and the confirmation.
    page.goto(pages["product"])
    page.locator("#add_to_basket_form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto(f"{prefix}/basket/")
    assert_accessible(page, "basket", found)
    page.locator(f"a[href='{prefix}/checkout/']").first.click()
    page.wait_for_url("**/checkout/**")
    assert_accessible(page, "checkout: sign in or guest", found)
    page.fill("input[name=username]", "lan@example.vn")
    page.check("input[name=options][value=anonymous]")
    page.locator("#login_form button[type=submit], form button[type=submit]").filter(
        has_text="Tiếp tục" if language == "vi" else "Continue").first.click()
    page.wait_for_url("**/checkout/shipping-address/")
    assert_accessible(page, "checkout: address", found)
    # Sent empty: the errors must be tied to their fields.
    page.locator("#new_shipping_address button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page, "checkout: address with errors", found)
    page.fill("input[name=first_name]", "Nguyễn Thị Lan")
    page.fill("input[name=phone_number]", "0912 345 678")
    page.fill("input[name=line1]", "12 Lê Lợi")
    page.select_option("select[name=province]", shop["hue"].pk)
    page.wait_for_selector(f"select[name=ward] option[value='{shop['ward'].pk}']", state="attached")
    page.select_option("select[name=ward]", shop["ward"].pk)
    page.locator("#new_shipping_address button[type=submit]").click()
    page.wait_for_url("**/checkout/payment-details/")
    assert_accessible(page, "checkout: payment", found)
    page.locator("#view_preview").click()
    page.wait_for_url("**/checkout/preview/")
    assert_accessible(page, "checkout: preview", found)
    page.locator("#place-order").click()
    page.wait_for_url("**/checkout/thank-you/")
    assert_accessible(page, "order confirmation", found)

    assert found == {}, "\n".join(f"{where}: {p}" for where, ps in found.items() for p in ps)
