"""A buyer searches without accents, narrows by province and stars, and opens a
result (real Chromium, database search backend)."""

import os

import pytest

from tests.factories import ProvinceFactory, create_product, create_search_dataset

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(database_search):
    data = create_search_dataset()
    hue = ProvinceFactory(code="46")
    from tests.factories import ProducerFactory

    tinh_tam = ProducerFactory(name="HTX Sen Tịnh Tâm", province=hue)
    data["lotus"] = create_product(
        "Trà sen Tịnh Tâm",
        title_en="Tinh Tam lotus tea",
        group="beverage",
        star=5,
        price=320_000,
        producer=tinh_tam,
        upc="8930000100123",
    )
    quang_ninh = ProvinceFactory(code="22")
    data["camellia"] = create_product(
        "Trà hoa vàng Ba Chẽ",
        title_en="Ba Che golden camellia tea",
        group="beverage",
        star=5,
        price=540_000,
        producer=ProducerFactory(name="HTX Hoa vàng Ba Chẽ", province=quang_ninh),
        upc="8930000100130",
    )
    return data


def skus_on(page) -> set[str]:
    return set(
        page.locator("ol.ocop-results article.ocop-card").evaluate_all(
            "els => els.map(e => e.dataset.sku)"
        )
    )


def test_search_without_accents_narrow_by_province_and_stars_and_open_a_result(page, catalogue):
    page.goto("/search/")
    page.fill("#id_search_q", "tra")
    page.press("#id_search_q", "Enter")
    page.wait_for_url("**/search/?q=tra*")
    # "trà" typed without accents; the lamp ("trang") only matches as a prefix,
    # so whole-word matches leave it out.
    assert skus_on(page) == {catalogue[key].upc for key in ("tea", "lotus", "camellia")}

    page.locator('[data-facet="province"] a[data-value="46"]').click()
    page.wait_for_url("**province=46*")
    assert skus_on(page) == {catalogue[key].upc for key in ("tea", "lotus")}
    stars = page.locator('[data-facet="stars"]')
    assert "5★" in stars.inner_text() and "4★" in stars.inner_text()

    stars.locator('a[data-value="5"]').click()
    page.wait_for_url("**stars=5*")
    assert skus_on(page) == {catalogue["lotus"].upc}
    assert (
        page.locator('[data-facet="province"] a[data-value="46"]').get_attribute("aria-current")
        == "true"
    )

    page.locator(f'article.ocop-card[data-sku="{catalogue["lotus"].upc}"] h3 a').click()
    page.wait_for_url(f"**{catalogue['lotus'].get_absolute_url()}")
    assert "Trà sen Tịnh Tâm" in page.locator("h1").inner_text()
    assert "HTX Sen Tịnh Tâm" in page.content()


def test_bad_parameters_show_inline_messages_not_an_error_page(page, catalogue):
    response = page.goto("/search/?q=tra&stars=7&price_min=abc")
    assert response.status == 200
    errors = page.locator(".ocop-search-errors")
    assert errors.locator('[data-param="stars"]').count() == 1
    assert errors.locator('[data-param="price_min"]').count() == 1
    assert skus_on(page) == {catalogue[key].upc for key in ("tea", "lotus", "camellia")}


def test_on_a_phone_in_english_sort_autocomplete_and_text_past_the_bounds(chromium, live_server, catalogue):
    context = chromium.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto("/en/search/?q=tea")
        page.select_option("#id_sort", "price")  # submits itself (catalogue/search.js)
        page.wait_for_url("**sort=price*")
        prices = [catalogue[key].stockrecords.get().price for key in ("tea", "lotus", "camellia")]
        assert prices == sorted(prices)
        assert page.locator("ol.ocop-results article.ocop-card").evaluate_all(
            "els => els.map(e => e.dataset.sku)"
        ) == [catalogue[key].upc for key in ("tea", "lotus", "camellia")]

        page.fill("#id_search_q", "ba ch")  # suggestions in the page's language
        page.wait_for_function("() => document.querySelectorAll('#ocop-suggestions option').length > 0")
        options = page.locator("#ocop-suggestions option").evaluate_all("els => els.map(e => e.value)")
        assert options == ["Ba Che golden camellia tea"]

        page.fill("#id_search_q", " ".join(["tea"] * 21))
        page.press("#id_search_q", "Enter")
        page.wait_for_load_state()
        stopped = page.locator(".ocop-search-errors")
        assert "limited to 20 words" in stopped.inner_text()
        assert "Nothing was searched for" in stopped.inner_text()
        assert page.locator("ol.ocop-results").count() == 0
        assert page.locator(".ocop-no-results").count() == 0
    finally:
        context.close()
