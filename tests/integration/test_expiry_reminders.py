"""Expiry reminders (issue 11, requirement 4): ``notify_expiring_certificates`` emails a
producer 90, 30 and 7 days before a certificate lapses and on its last valid day,
once per certificate and threshold however often it runs; renewed certificates get
nothing. The clock moves by patching ``catalogue.expiry.today``."""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.template.loader import render_to_string

from catalogue.applications import approve_application, submit_application
from catalogue.expiry import THRESHOLDS
from catalogue.models import ExpiryReminder
from marketplace.producers.dashboard.sections import expiry_section
from tests.factories import ProducerFactory, create_product, png_scan

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def world():
    producer = ProducerFactory(name="HTX NN Quảng Thọ II", email="")
    user = User.objects.create_user("bob", "bob@example.vn", "pw")
    user.user_permissions.add(Permission.objects.get(codename="dashboard_access"))
    producer.partner.users.add(user)
    product = create_product("Trà rau má Quảng Thọ", producer=producer)
    return {"producer": producer, "user": user, "product": product, "certificate": product.certificates.get()}


def on(date: datetime.date):
    """Move the reminders' clock to ``date``."""
    return mock.patch("catalogue.expiry.today", return_value=date)


def run(date: datetime.date, capture) -> str:
    """Run the command on ``date`` as cron would, sending what it schedules."""
    out = StringIO()
    with on(date), capture(execute=True):
        call_command("notify_expiring_certificates", stdout=out)
    return out.getvalue()


def test_one_email_per_threshold_however_often_it_runs(world, django_capture_on_commit_callbacks):
    until = world["certificate"].valid_until
    sent_on = []
    # Daily from well before the first threshold to after expiry, twice a day.
    for day in range(95, -3, -1):
        date = until - datetime.timedelta(days=day)
        for _ in range(2):
            before = len(mail.outbox)
            run(date, django_capture_on_commit_callbacks)
            if len(mail.outbox) > before:
                sent_on.append(day)
    assert sent_on == list(THRESHOLDS) == [90, 30, 7, 0]
    assert sorted(
        ExpiryReminder.objects.filter(certificate=world["certificate"]).values_list("threshold", flat=True)
    ) == [0, 7, 30, 90]
    assert all(message.to == ["bob@example.vn"] for message in mail.outbox)


@pytest.mark.parametrize("threshold", THRESHOLDS)
def test_each_threshold_is_sent_once(world, threshold, django_capture_on_commit_callbacks):
    date = world["certificate"].valid_until - datetime.timedelta(days=threshold)
    assert run(date, django_capture_on_commit_callbacks).startswith("1 ")
    assert len(mail.outbox) == 1
    assert ExpiryReminder.objects.get(certificate=world["certificate"]).threshold == threshold
    assert run(date, django_capture_on_commit_callbacks).startswith("0 ")
    assert len(mail.outbox) == 1


def test_a_missed_run_sends_the_most_urgent_reminder_only(world, django_capture_on_commit_callbacks):
    # The command did not run for months: 20 days left → the 30-day reminder, not the 90-day one.
    run(world["certificate"].valid_until - datetime.timedelta(days=20), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert list(ExpiryReminder.objects.values_list("threshold", flat=True)) == [30]


def test_nothing_before_the_first_threshold_or_after_expiry(world, django_capture_on_commit_callbacks):
    until = world["certificate"].valid_until
    run(until - datetime.timedelta(days=91), django_capture_on_commit_callbacks)
    run(until + datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    assert mail.outbox == [] and not ExpiryReminder.objects.exists()


def test_a_renewed_certificate_gets_no_reminder(world, django_capture_on_commit_callbacks):
    old = world["certificate"]
    application = submit_application(
        world["product"], world["user"], decision_number="88/QĐ-UBND",
        signed_on=datetime.date.today() - datetime.timedelta(days=2),
        issuing_body="UBND tỉnh Thừa Thiên Huế", issuing_level="province", criteria_version="148", star=4,
        scan=png_scan(),
    )
    reviewer = User.objects.create_user("officer", "officer@cho-ocop.vn", "pw")
    reviewer.groups.add(Group.objects.get(name=settings.OCOP_OFFICERS_GROUP))
    approve_application(application, reviewer)
    old.refresh_from_db()
    assert old.status == old.STATUS_SUPERSEDED
    mail.outbox.clear()
    for threshold in THRESHOLDS:
        run(old.valid_until - datetime.timedelta(days=threshold), django_capture_on_commit_callbacks)
    assert mail.outbox == [] and not ExpiryReminder.objects.exists()


def test_a_certificate_outlived_by_another_gets_no_reminder(world, django_capture_on_commit_callbacks):
    # Another valid certificate of the same product runs longer (e.g. entered by an operator).
    from tests.factories import CertificateFactory

    later = CertificateFactory.build(product=world["product"])
    later.decision.signed_on = world["certificate"].decision.signed_on + datetime.timedelta(days=200)
    later.decision.save()
    later.decision_id = later.decision.pk
    later.valid_until = world["certificate"].valid_until + datetime.timedelta(days=200)
    later.save()
    run(world["certificate"].valid_until - datetime.timedelta(days=7), django_capture_on_commit_callbacks)
    assert mail.outbox == []


@pytest.mark.parametrize("language, subject, phrases", [
    ("vi", "Giấy chứng nhận OCOP sắp hết hạn", ["Xin chào HTX NN Quảng Thọ II", "hết hạn sau 30 ngày", "Gia hạn:"]),
    ("en", "OCOP certificates expiring soon", ["Hello HTX NN Quảng Thọ II", "expires in 30 days", "Renew:"]),
])
def test_the_email_is_in_the_producers_language_with_a_renew_link(
    world, language, subject, phrases, django_capture_on_commit_callbacks
):
    world["producer"].language = language
    world["producer"].save()
    until = world["certificate"].valid_until
    run(until - datetime.timedelta(days=30), django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.subject == subject
    for phrase in phrases:
        assert phrase in message.body
    assert "Trà rau má Quảng Thọ" in message.body and until.strftime("%d/%m/%Y") in message.body
    # The link opens the renewal form in the email's language.
    prefix = "" if language == "vi" else f"/{language}"
    path = f"{prefix}/dashboard/producer/applications/new/?product={world['product'].pk}"
    link = settings.SITE_URL.rstrip("/") + path
    assert link in message.body


def test_the_home_page_section_shows_the_same_warning(world):
    until = world["certificate"].valid_until
    with on(until - datetime.timedelta(days=7)):
        context = expiry_section(world["producer"])
    [item] = context["expiring"]
    assert item.days_left == 7 and item.threshold == 7 and not item.renewal_pending
    html = render_to_string("producers/dashboard/home/expiry.html", {"section": context})
    assert "Trà rau má Quảng Thọ: giấy chứng nhận hết hạn sau 7 ngày" in html
    assert f"/dashboard/producer/applications/new/?product={world['product'].pk}" in html
    with on(until - datetime.timedelta(days=91)):
        assert expiry_section(world["producer"])["expiring"] == []
