"""A shopper opens a product, follows its certificate's verification link and sees
that the certificate is valid: in Vietnamese on a desktop, in English on a 390 px
phone (nothing scrolls sideways), with the scan counted by the page's beacon."""

import pytest

from catalogue.models import CertificateScan
from tests.factories import create_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_shopper_follows_the_verification_link_and_sees_valid(page, chromium, live_server):
    product = create_product("Trà rau má Quảng Thọ", title_en="Quang Tho pennywort tea", star=4)
    certificate = product.certificates.get()

    page.goto(product.get_absolute_url())
    page.get_by_role("link", name="Kiểm tra giấy chứng nhận này").click()
    page.wait_for_url(f"**/verify/{certificate.code}/")
    state = page.locator(".verify-state")
    assert "Chứng nhận OCOP còn hiệu lực" in state.inner_text()
    assert certificate.valid_until.strftime("%d/%m/%Y") in state.inner_text()
    assert certificate.decision.number in page.locator(".verify-details").inner_text()
    # The beacon image counted the visit (and nothing else wrote anything).
    page.wait_for_function("() => document.querySelector('.verify-beacon').complete")
    assert CertificateScan.objects.get(certificate=certificate).count == 1
    # Back to the shop from the certificate.
    page.get_by_role("link", name="Xem sản phẩm này trong cửa hàng").click()
    page.wait_for_url(f"**{product.get_absolute_url()}")

    phone = chromium.new_context(base_url=live_server.url, locale="en-US", viewport={"width": 390, "height": 844})
    try:
        mobile = phone.new_page()
        mobile.goto("/en" + product.get_absolute_url())
        mobile.get_by_role("link", name="Check this certificate").click()
        mobile.wait_for_url(f"**/en/verify/{certificate.code}/")
        assert "Valid OCOP certificate" in mobile.locator(".verify-state").inner_text()
        assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
        mobile.get_by_role("link", name="Tiếng Việt").click()
        mobile.wait_for_url(f"**/verify/{certificate.code}/")
        assert "Chứng nhận OCOP còn hiệu lực" in mobile.locator(".verify-state").inner_text()
    finally:
        phone.close()
