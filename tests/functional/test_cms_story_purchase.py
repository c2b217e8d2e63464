"""A reader finds a story on the home page, reads it, and buys a product from it."""

import datetime
import os

import pytest
from django.utils import timezone, translation

from cms.sections import setup_producer_section
from tests.factories import ProducerFactory, create_product
from tests.pages import build_site, make_story

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_buys_a_product_from_a_story(page):
    build_site()
    producer = ProducerFactory(name="HTX Mây tre đan Bao La")
    lamp = create_product("Đèn mây tre Bao La", price=450_000, group="handicraft", producer=producer)
    lapsed = create_product(
        "Rổ mây tre Bao La", producer=producer, group="handicraft",
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    section = setup_producer_section(producer)
    story = make_story(
        section.pages[0], title="Đèn mây tre Bao La: nghề đan bên sông Bồ",
        products=[lamp, lapsed], producer=producer, province=producer.province,
        text="Ở Bao La, mây và tre được chẻ, vót và đan thành rổ, rá.",
    )

    page.goto("/")
    page.get_by_role("link", name=story.title).first.click()
    page.wait_for_url(f"**{story.url}")
    assert page.locator("h1").inner_text() == story.title
    assert "mây và tre được chẻ" in page.locator(".cms-story__body").inner_text()

    # The lapsed product is shown, marked unavailable, with nothing to click.
    lapsed_card = page.locator(f'article.ocop-card[data-sku="{lapsed.upc}"]')
    with translation.override("vi"):
        notice = translation.gettext("Not currently available")
    assert notice in lapsed_card.locator(".ocop-card__notice").inner_text()
    assert lapsed_card.locator("form").count() == 0

    card = page.locator(f'article.ocop-card[data-sku="{lamp.upc}"]')
    assert "450.000" in card.inner_text()
    assert "4★" in card.inner_text()
    card.locator("form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto("/basket/")
    basket = page.locator("#basket_formset")
    assert "Đèn mây tre Bao La" in basket.inner_text()
    assert "Rổ mây tre Bao La" not in basket.inner_text()
    assert page.locator("#basket_formset input[name$='-quantity']").input_value() == "1"
