"""Phones first: at 390×844 and 360×740 the home page's headline and call to
action are on the first screen, search is one tap away on every page, the search
page shows results first (filters in a closed panel), tap targets are at least
44×44 px, no page scrolls sideways, and a product that cannot be sold says so on
the first screen."""

import io
import os

import pytest
from django.core.files.base import ContentFile
from oscar.core.loading import get_model
from PIL import Image
from playwright.sync_api import expect

from catalogue.structure import ensure_groups
from tests.factories import create_sales_point
from tests.functional.steps import (
    check_out_as_guest_with_cash_on_delivery,
    continue_as_guest,
    deliver_to,
)
from tests.functional.tap_targets import (
    TAP,
    no_sideways_scroll,
    sideways_overflow,
    tap_target_problems,
)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONES = [(390, 844), (360, 740)]

ProductImage = get_model("catalogue", "ProductImage")
ProductReview = get_model("reviews", "ProductReview")


#: Prices, star badges and titles on product cards that spill out of their box or
#: their card (a strip's price lost its "₫", the potential-5★ note ran off the card).
CLIPPED_IN_CARDS = """() => [...document.querySelectorAll('.ocop-card')].flatMap(card => {
    const c = card.getBoundingClientRect();
    return [...card.querySelectorAll('.price_color, .ocop-badge, .ocop-card__title')].filter(e => {
        const r = e.getBoundingClientRect();
        return e.scrollWidth > e.clientWidth + 1 || r.right > c.right + 1 || r.left < c.left - 1;
    }).map(e => e.textContent.replace(/\\s+/g, ' ').trim());
})"""


#: The chosen currency's text against the room the select gives it (the phone cut
#: "không (chỉ tiền đồng)" to "không (chỉ tiề…").
CURRENCY_TEXT_AND_ROOM = """e => { const s = getComputedStyle(e);
    const c = document.createElement('canvas').getContext('2d'); c.font = s.font;
    return [c.measureText(e.options[e.selectedIndex].text).width,
            e.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)]; }"""

#: How far each share button's text sits from its box's middle, vertically
#: ("Zalo" and "Facebook" sat 4 px high in their 44 px links).
SHARE_TEXT_OFF_CENTRE = """els => els.map(e => { const b = e.getBoundingClientRect();
    const r = document.createRange(); r.selectNodeContents(e); const t = r.getBoundingClientRect();
    return [e.textContent.trim(), Math.abs((t.top + t.bottom) / 2 - (b.top + b.bottom) / 2)]; })"""


def on_first_screen(page, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


def small_targets(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all(
        f"""els => els.filter(e => e.offsetParent !== null).filter(e => {{
            const r = e.getBoundingClientRect(); return r.width < {TAP} || r.height < {TAP};
        }}).map(e => e.textContent.trim() + ' ' + Math.round(e.getBoundingClientRect().width) + 'x'
                     + Math.round(e.getBoundingClientRect().height))"""
    )


@pytest.mark.parametrize("width,height", PHONES)
def test_phone_pages(page, buyer_shop, width, height):
    shop = buyer_shop
    page.set_viewport_size({"width": width, "height": height})
    sideways = []

    page.goto("/")
    assert on_first_screen(page, ".cms-hero h1")
    assert on_first_screen(page, ".cms-hero a.btn-primary")
    assert page.locator("#id_q").is_visible()  # the header's search box, not in a menu
    assert tap_target_problems(page, ".site-footer") == []
    text, room = page.locator("#currency-select").evaluate(CURRENCY_TEXT_AND_ROOM)
    assert text <= room + 1, f"the currency choice is cut: {text} px of text in {room} px"

    pages = {
        "category": ensure_groups()["handicraft"].get_absolute_url(),
        "product": shop["tea"].get_absolute_url(),
        "story": shop["story"].get_url(),
    }
    for where, url in pages.items():
        page.goto(url)
        assert page.locator("#id_q").is_visible(), where
        if not no_sideways_scroll(page):
            sideways.append(where)
    page.goto("/")
    if not no_sideways_scroll(page):
        sideways.append("home")

    # Search from the header: results first, filters in a closed panel.
    page.fill("#id_q", "mây tre")
    page.press("#id_q", "Enter")
    page.wait_for_url("**/search/?q=*")
    first = page.locator("ol.ocop-results article.ocop-card").first.bounding_box()
    assert first["y"] + 150 <= height, f"first result at {first['y']} px"  # its picture shows
    assert page.locator("details.ocop-filters").get_attribute("open") is None
    page.locator("details.ocop-filters summary").click()
    page.locator('[data-stars-min="3"]').click()
    page.wait_for_url("**stars_min=3*")
    chip = page.locator(".ocop-chip")
    assert chip.count() == 1 and "3★" in chip.inner_text()
    assert small_targets(page, ".ocop-chip, .ocop-facet__value, .ocop-filters summary") == []
    if not no_sideways_scroll(page):
        sideways.append("search")
    chip.click()
    page.wait_for_load_state()
    assert "stars_min" not in page.url and page.locator(".ocop-chip").count() == 0

    # A product that cannot be sold: the notice and alternatives on the first screen.
    page.goto(shop["lapsed"].get_absolute_url())
    assert on_first_screen(page, ".ocop-not-certified strong")
    assert page.locator(".ocop-not-certified .ocop-alternatives a", has_text="Đèn mây tre Bao La").count() == 1
    assert page.locator("#alert_form").count() == 0
    assert page.locator(".ocop-gallery .ocop-badge, .product_main .ocop-badge").count() == 0

    # Basket and checkout steps.
    page.goto(shop["tea"].get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto("/basket/")
    if not no_sideways_scroll(page):
        sideways.append("basket")
    page.locator("a[href='/checkout/']").first.click()
    page.wait_for_url("**/checkout/**")

    def check(where):
        if not no_sideways_scroll(page):
            sideways.append(where)

    check_out_as_guest_with_cash_on_delivery(page, "lan@example.vn", shop["hue"], shop["ward"], at_each_page=check)
    assert sideways == []


def _add_pictures(product, count: int) -> None:
    for number in range(count):
        buffer = io.BytesIO()
        Image.new("RGB", (600, 600), (30 * number, 107, 58)).save(buffer, "JPEG")
        ProductImage.objects.create(product=product, display_order=number,
                                    original=ContentFile(buffer.getvalue(), name=f"tea-{number}.jpg"))


@pytest.mark.parametrize("width,height", PHONES)
def test_tap_targets_and_no_sideways_scroll_where_buyers_buy(page, buyer_shop, width, height):
    """Every link, button and field a buyer taps on the product page (gallery,
    quantity, sales points, sharing, breadcrumbs, reviews), the basket (two lines,
    voucher form), each checkout step and the sales points list is 44×44 px, a link
    in a sentence, or spaced out; and none of these pages scrolls sideways."""
    shop = buyer_shop
    tea = shop["tea"]
    _add_pictures(tea, 3)
    create_sales_point("HUE-DAINOI", name="Cửa hàng OCOP Đại Nội Huế", province=shop["hue"], stock={tea: 5},
                       address_line="Cửa Ngọ Môn, phường Thuận Hòa", opening_hours="7:00–17:30 hằng ngày")
    ProductReview.objects.create(product=tea, score=5, title="Thơm, dịu", body="Uống mát, đóng gói cẩn thận.",
                                 name="Chị Hoa", email="hoa@example.vn", status=ProductReview.APPROVED)
    # The lamp, in the tea's "more from this producer" strip, awaits national 5★ review.
    certificate = shop["lamp"].certificates.get()
    certificate.potential_5 = True
    certificate.save()
    page.set_viewport_size({"width": width, "height": height})
    problems: dict[str, list[str]] = {}

    def check(where: str) -> None:
        small = tap_target_problems(page)
        if small:
            problems[where] = small
        if not no_sideways_scroll(page):
            problems[f"{where} (scrolls sideways)"] = sideways_overflow(page)

    page.goto(tea.get_absolute_url())
    assert page.locator(".ocop-gallery__thumb").count() == 3
    assert page.locator("#sales-points li").count() == 1
    assert page.locator(".ocop-review").count() == 1
    assert page.locator("#add_to_basket_form input[name=quantity]").is_visible()
    assert page.locator(".ocop-share__button").count() == 3
    assert [name for name, off in page.locator(".ocop-share__button").evaluate_all(SHARE_TEXT_OFF_CENTRE) if off > 2] == []
    assert page.locator(".breadcrumb a").count() >= 1
    assert page.locator("section[aria-labelledby=more-from-producer] .ocop-badge__pending").count() == 1
    check("product")
    clipped = page.evaluate(CLIPPED_IN_CARDS)
    if clipped:
        problems["product: cards (clipped)"] = clipped
    page.locator("#add_to_basket_form button[type=submit]:not([data-buy-now])").click()
    page.wait_for_load_state()
    page.goto(shop["lamp"].get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]:not([data-buy-now])").click()
    page.wait_for_load_state()

    page.goto("/basket/")
    assert page.locator("input[name$='quantity']").count() == 2
    page.locator("#voucher_form_link a").click()
    page.locator("#voucher_form").wait_for(state="visible")
    check("basket")

    page.goto("/sales-points/")
    assert page.locator(".ocop-sp-card").count() == 1
    check("sales points")

    page.goto("/checkout/")
    check("checkout: sign in or guest")
    continue_as_guest(page, "lan@example.vn")
    check("checkout: address")
    page.goto("/checkout/pick-up/")  # the other way to receive it: collect at a sales point
    check("checkout: pick up at a sales point")
    page.goto("/checkout/shipping-address/")
    deliver_to(page, shop["hue"], shop["ward"])
    check("checkout: payment")
    page.locator("#view_preview").click()
    page.wait_for_url("**/checkout/preview/")
    check("checkout: preview")

    assert problems == {}, "\n".join(f"{where}:\n  " + "\n  ".join(found) for where, found in problems.items())


def test_near_me_refused_offers_a_province_picker(chromium, live_server, buyer_shop):
    """Location refused (no permission granted): a message and a province picker."""
    context = chromium.new_context(base_url=live_server.url, locale="vi-VN",
                                   viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto("/search/?q=m%C3%A2y+tre")
        page.locator(".ocop-near-me").click()
        picker = page.locator(".ocop-province-picker")
        picker.wait_for(state="visible")
        assert page.locator(".ocop-near-me-refused").is_visible()
        page.select_option("#id_near_province", "46")
        picker.locator("button[type=submit]").click()
        page.wait_for_url("**province=46*")
        assert "q=m" in page.url
    finally:
        context.close()


def test_a_tourists_mobile_is_checked_on_leaving_the_field(page, buyer_shop):
    """A foreign landline is refused as soon as the buyer leaves the field, in
    Vietnamese, naming the country, tied to the field; a foreign mobile then passes
    and the order keeps it in E.164."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(buyer_shop["tea"].get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto("/checkout/")
    page.fill("input[name=username]", "anna@example.de")
    page.check("input[name=options][value=anonymous]")
    page.locator("form button[type=submit]", has_text="Tiếp tục").first.click()
    page.wait_for_url("**/checkout/shipping-address/")
    assert page.locator("select[name=phone_country] option:checked").inner_text() == "Việt Nam (+84)"

    phone = page.locator("input[name=phone_number]")
    page.select_option("select[name=phone_country]", "GB")
    phone.fill("020 7946 0958")
    phone.press("Tab")
    error = page.locator("#id_phone_number_error .error-block")
    error.wait_for()
    assert "Vương quốc Anh" in error.inner_text() and "di động" in error.inner_text()
    assert phone.get_attribute("aria-invalid") == "true"
    assert "id_phone_number_error" in phone.get_attribute("aria-describedby")

    page.select_option("select[name=phone_country]", "DE")
    phone.fill("0151 2345 6789")
    phone.press("Tab")
    expect(phone).to_have_attribute("aria-invalid", "false")
    assert error.count() == 0
    assert no_sideways_scroll(page)
