"""Every page a producer reaches, in Vietnamese on a 390 px phone in Chromium: no
sideways scrolling, and none of the English or jargon found there before
(issue 11, requirement 6)."""

import os
import re

import pytest

from catalogue.applications import submit_application
from cms.sections import ensure_moderation, setup_producer_section
from tests.factories import (
    ProducerFactory,
    create_product,
    make_basket,
    place_basket,
    png_scan,
    producer_user,
)
from tests.pages import build_site, make_story

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mây-tre-Bao-La-2026"
PHONE = {"width": 390, "height": 844}
#: English that showed on these pages, and jargon a cooperative would not know.
LEFTOVERS = re.compile(
    r"\b(Dashboard|Orders|Order|Products|Search engine optimisation|UPC|Story review|Save draft|Page title|"
    r"Submit to|Status|Customer|Pending|Shipped|Delivered|Cancelled|Processing|Skip to main content|Editing|"
    r"Promote|More actions|comma-separated|Multi-word|as you'd like)\b"
)


def test_every_producer_page_is_vietnamese_and_fits_a_phone(page):
    site = build_site()
    ensure_moderation(site.home.values())
    producer = ProducerFactory(name="HTX Mây tre đan Bao La")
    lamp = create_product("Đèn mây tre Bao La", group="handicraft", price=450_000, producer=producer)
    basket = create_product("Giỏ mây Bao La", group="handicraft", star=None, producer=producer, is_public=True)
    user = producer_user(producer, "lan")
    user.set_password(PASSWORD)
    user.save()
    section = setup_producer_section(producer)
    story = make_story(section.pages[0], title="Nghề đan mây bên sông Bồ", products=[lamp], producer=producer)
    application = submit_application(
        basket, user, decision_number="1032/QĐ-UBND", signed_on=lamp.certificates.get().decision.signed_on,
        issuing_body="UBND thành phố Huế", issuing_level="province", criteria_version="148", star=3,
        scan=png_scan(),
    )
    order = place_basket(make_basket((lamp, 1)), guest_email="minh@example.vn")

    page.set_viewport_size(PHONE)
    page.goto("/dashboard/login/")
    page.fill("input[name=username]", "lan@example.vn")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_url("**/dashboard/producer/")
    found = {}
    for path in (
        "/dashboard/producer/", "/dashboard/producer/products/new/", f"/dashboard/producer/products/{lamp.pk}/",
        "/dashboard/producer/team/", "/dashboard/producer/applications/",
        f"/dashboard/producer/applications/{application.pk}/", "/dashboard/producer/applications/new/",
        "/dashboard/producer/sales/", "/dashboard/orders/", f"/dashboard/orders/{order.number}/",
        "/dashboard/catalogue/certificates/",
        f"/cms/pages/{story.pk}/edit/",
    ):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        text = page.locator("body").inner_text()
        problems = sorted(set(LEFTOVERS.findall(text)))
        if width > PHONE["width"] or problems:
            found[path] = (width, problems)
    assert found == {}, "page: (width in px, English left)"
