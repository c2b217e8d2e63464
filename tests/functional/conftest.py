"""Browser tests: Debian's Chromium driven by Playwright against live_server."""

import os

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM guard
# would otherwise refuse the test's own database calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    """The journeys run as production serves them: shared pages from the page
    cache while the visitor has no session or basket (their writes commit)."""
    settings.PAGE_CACHE = True


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make browser` (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


#: Reports every Content-Security-Policy violation (in any frame) to the console.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (e) {
    console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline")
                  + " at " + (e.sourceFile || document.location.href) + ":" + e.lineNumber);
});
"""


@pytest.fixture
def page(chromium, live_server):
    """A Chromium page on the live server. Any Content-Security-Policy violation
    (the policy is on in every environment) fails the test."""
    context = chromium.new_context(base_url=live_server.url, locale="vi-VN")
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = []
    page.on("console", lambda message: violations.append(message.text) if (
        message.text.startswith("CSP violation") or "Content Security Policy" in message.text) else None)
    yield page
    context.close()
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(violations)))


@pytest.fixture
def buyer_shop():
    """Home and a story page, a province with a ward, two sellable products and an
    expired one of one producer (the accessibility and phone tests)."""
    import datetime

    from django.utils import timezone

    from cms.sections import setup_producer_section
    from tests.factories import ProducerFactory, ProvinceFactory, WardFactory, create_product
    from tests.pages import build_site, make_story

    site = build_site()
    hue = ProvinceFactory(code="46")
    ward = WardFactory(province=hue)
    producer = ProducerFactory(name="HTX Mây tre đan Bao La", province=hue)
    tea = create_product("Trà rau má Quảng Thọ", title_en="Quang Tho pennywort tea", price=85_000,
                         producer=producer)
    lamp = create_product("Đèn mây tre Bao La", title_en="Bao La bamboo lamp", group="handicraft",
                          price=450_000, producer=producer)
    lapsed = create_product("Rổ mây tre Bao La", group="handicraft", producer=producer,
                            valid_until=timezone.localdate() - datetime.timedelta(days=1))
    section = setup_producer_section(producer)
    story = make_story(section.pages[0], title="Đèn mây tre Bao La: nghề đan bên sông Bồ",
                       products=[lamp, lapsed], producer=producer, province=hue)
    return {"site": site, "ward": ward, "hue": hue, "tea": tea, "lamp": lamp, "lapsed": lapsed,
            "story": story}
