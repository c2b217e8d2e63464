"""Issue 17's journey in real Chromium: a line is delivered and paid, the
holding period passes (the shop's clock is moved for the whole process, the live
server's thread included), an operator creates and approves the statement and
marks it paid in the dashboard, and the producer sees it paid on their money page
on a phone (390 px)."""

import datetime

import pytest
from django.utils import timezone

from marketplace.order.statuses import PaymentStatus
from marketplace.payouts import bank_accounts
from marketplace.payouts.models import PayoutStatement, StatementStatus
from tests.factories import ProducerFactory, create_product, producer_user
from tests.functional.steps import sign_in
from tests.integration.test_payouts import deliver, order_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def moved_clock(monkeypatch):
    """``timezone.now`` moved forward, for every thread of the process."""
    real_now = timezone.now
    offset = {"days": 0}
    monkeypatch.setattr(timezone, "now", lambda: real_now() + datetime.timedelta(days=offset["days"]))
    return offset


def test_a_paid_line_clears_is_paid_by_statement_and_the_producer_sees_it(page, settings, moved_clock,
                                                                          django_user_model):
    settings.PAYOUT_HOLDING_DAYS = 7
    settings.PAYOUT_MINIMUM_VND = 200_000
    settings.PAYOUT_DEFAULT_COMMISSION_PERCENT = "10"
    producer = ProducerFactory(name="HTX Quảng Thọ II")
    tea = create_product("Trà rau má", price=85_000, stock=50, producer=producer)
    producer_login = producer_user(producer, "quangtho")
    django_user_model.objects.create_user("operator", "operator@example.vn", "x", is_staff=True)
    order = order_of((tea, 3), status=PaymentStatus.PAID, method="stripe")
    deliver(producer_login, order)
    account = bank_accounts.request_account(producer, producer_login, "970436", "0071000123456", "HTX Quảng Thọ II")

    # Not cleared yet: the producer sees it pending.
    sign_in(page, "quangtho@example.vn", "x")
    page.set_viewport_size(PHONE)
    page.goto("/dashboard/producer/money/")
    assert "229.500" in page.locator("#money-pending").inner_text()
    assert "0" in page.locator("#money-available").inner_text()

    moved_clock["days"] = 8  # the holding period has passed

    sign_in(page, "operator@example.vn", "x")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/dashboard/producer/payouts/bank-accounts/")
    page.locator("#pending-accounts").get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state()
    account.refresh_from_db()
    assert account.status == "confirmed"

    page.goto("/dashboard/producer/payouts/")
    page.fill("#create-statements input[name=until]", timezone.localdate().isoformat())
    page.locator("#create-statements button[type=submit]").click()
    page.wait_for_load_state()
    statement = PayoutStatement.objects.get()
    assert statement.total == 229_500
    page.get_by_role("link", name=statement.number).click()
    page.wait_for_load_state()
    page.check("#id_confirm")
    page.locator("#approve-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Đã duyệt" in page.locator("#statement-status").inner_text()

    page.goto("/dashboard/producer/payouts/")
    with page.expect_download() as download:
        page.locator("#bank-file").click()
    content = open(download.value.path(), encoding="utf-8").read()
    assert f"970436,0071000123456,HTX QUANG THO II,229500,CHO OCOP THANH TOAN {statement.number}" in content

    page.goto(f"/dashboard/producer/payouts/{statement.pk}/")
    page.fill("#paid-form input[name=reference]", "FT26335 5566")
    page.locator("#paid-form button[type=submit]").click()
    page.wait_for_load_state()
    statement.refresh_from_db()
    assert (statement.status, statement.bank_reference) == (StatementStatus.PAID, "FT26335 5566")

    # The producer, on a phone: paid.
    sign_in(page, "quangtho@example.vn", "x")
    page.set_viewport_size(PHONE)
    page.goto("/dashboard/producer/money/")
    row = page.locator("#statements tbody tr").filter(has_text=statement.number)
    assert "Đã thanh toán" in row.locator(".statement-status").inner_text()
    assert "229.500" in page.locator("#money-paid").inner_text()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    row.get_by_role("link", name=statement.number).click()
    page.wait_for_load_state()
    assert "Đã thanh toán" in page.locator("#statement-status").inner_text()
    assert page.locator("#statement-lines").get_by_text(str(order.number), exact=True).is_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
