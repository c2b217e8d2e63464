"""axe-core (axe-playwright-python, which ships axe.min.js: no network) on every
page a buyer passes through, in Vietnamese and English: no violation of impact
"serious" or "critical" is allowed."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation

from catalogue.structure import ensure_groups
from tests.functional.steps import continue_as_guest, deliver_to, place_order_with_cash_on_delivery

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
    continue_as_guest(page, "lan@example.vn", language=language)
    assert_accessible(page, "checkout: address", found)
    # Sent empty: the errors must be tied to their fields.
    page.locator("#new_shipping_address button[type=submit]").click()
    page.wait_for_load_state()
    assert_accessible(page, "checkout: address with errors", found)
    deliver_to(page, shop["hue"], shop["ward"])
    place_order_with_cash_on_delivery(page, lambda where: assert_accessible(page, where, found))

    assert found == {}, "\n".join(f"{where}: {p}" for where, ps in found.items() for p in ps)
