"""An OCOP officer approves a certificate application in Chromium; the application
pages fit a 390 px phone without sideways scrolling (issue 11, requirement 3)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from catalogue.applications import submit_application
from catalogue.models import CertificateApplication
from tests.factories import ProducerFactory, create_product, officers_group, png_scan
from tests.functional.steps import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
User = get_user_model()
PASSWORD = "mật-khẩu-dài-123"
PHONE = {"width": 390, "height": 844}


def no_sideways_scroll(page, path):
    page.goto(path)
    page.wait_for_load_state("networkidle")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} is {width}px wide at {PHONE['width']}px"


def test_an_officer_approves_an_application_on_a_phone(page):
    producer = ProducerFactory(name="HTX Mây tre đan Bao La")
    alice = User.objects.create_user("alice", "alice@example.vn", PASSWORD)
    alice.user_permissions.add(Permission.objects.get(codename="dashboard_access"))
    producer.partner.users.add(alice)
    lamp = create_product("Đèn mây tre Bao La", producer=producer, star=None, group="handicraft")
    application = submit_application(
        lamp, alice, decision_number="1032/QĐ-UBND", signed_on=datetime.date.today() - datetime.timedelta(days=10),
        issuing_body="UBND tỉnh Thừa Thiên Huế", issuing_level="province", criteria_version="148", star=4,
        scan=png_scan(),
    )
    reviewer = User.objects.create_user("officer", "officer@cho-ocop.vn", PASSWORD)
    reviewer.groups.add(officers_group())
    page.set_viewport_size(PHONE)

    sign_in(page, "officer@cho-ocop.vn", PASSWORD)
    no_sideways_scroll(page, "/dashboard/producer/applications/")
    page.get_by_role("link", name="Đèn mây tre Bao La").click()
    page.wait_for_load_state()
    no_sideways_scroll(page, page.url)
    page.locator("#approve").click()
    page.wait_for_load_state()
    application.refresh_from_db()
    assert application.status == CertificateApplication.STATUS_APPROVED
    assert application.certificate.star == 4 and application.events.last().actor == reviewer
    assert page.locator("#review").count() == 0  # decided: nothing left to do

    sign_in(page, "alice@example.vn", PASSWORD)
    for path in ("/dashboard/producer/applications/", "/dashboard/producer/applications/new/",
                 f"/dashboard/producer/applications/{application.pk}/", "/dashboard/producer/sales/"):
        no_sideways_scroll(page, path)
    assert "Đã duyệt" in page.goto(f"/dashboard/producer/applications/{application.pk}/").text()
