"""Certificate applications (issue 11, requirement 3): a producer submits, an OCOP
officer approves or rejects, renewals supersede without a gap, the scan stays
private."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from catalogue.certification import today
from catalogue.models import Certificate, CertificateApplication, OfficerScope, RecognitionDecision
from tests.factories import ProducerFactory, ProvinceFactory, create_product, png_scan

pytestmark = pytest.mark.django_db
User = get_user_model()


def producer_user(producer, name):
    user = User.objects.create_user(name, f"{name}@example.vn", "pw")
    user.user_permissions.add(Permission.objects.get(codename="dashboard_access"))
    producer.partner.users.add(user)
    return user


def officer(name="officer", provinces=()):
    user = User.objects.create_user(name, f"{name}@cho-ocop.vn", "pw", is_staff=False)
    user.groups.add(Group.objects.get(name=settings.OCOP_OFFICERS_GROUP))
    if provinces:
        OfficerScope.objects.create(user=user).provinces.set(provinces)
    return user


@pytest.fixture
def world():
    a, b = ProducerFactory(name="HTX Mây tre đan Bao La"), ProducerFactory(name="HTX NN Quảng Thọ II")
    return {
        "a": a, "b": b, "alice": producer_user(a, "alice"), "bob": producer_user(b, "bob"),
        "draft": create_product("Đèn mây tre Bao La", producer=a, star=None, group="handicraft"),
        "tea": create_product("Trà rau má Quảng Thọ", producer=b, valid_until=today() + datetime.timedelta(days=20)),
    }


def form(product, **overrides):
    data = {
        "product": product.pk, "decision_number": "1032/QĐ-UBND",
        "signed_on": (today() - datetime.timedelta(days=10)).isoformat(),
        "issuing_body": "UBND tỉnh Thừa Thiên Huế", "issuing_level": "province",
        "criteria_version": "148", "star": "4", "certificate_number": "", "scan": png_scan(),
    }
    data.update(overrides)
    return data


def submit(client, user, product, **overrides):
    client.force_login(user)
    return client.post("/dashboard/producer/applications/new/", form(product, **overrides))


def test_a_producer_applies_and_an_officer_approves(client, world, django_capture_on_commit_callbacks):
    response = submit(client, world["alice"], world["draft"])
    application = CertificateApplication.objects.get()
    assert response.status_code == 302
    assert application.producer == world["a"] and application.renews is None and application.is_pending
    # The scan is outside the public media root.
    assert str(settings.PRIVATE_MEDIA_ROOT) in application.scan.path
    assert str(settings.MEDIA_ROOT) not in application.scan.path
    assert not world["draft"].__class__.objects.sellable().filter(pk=world["draft"].pk).exists()

    reviewer = officer()
    client.force_login(reviewer)
    queue = client.get("/dashboard/producer/applications/").content.decode()
    assert "Đèn mây tre Bao La" in queue and "Trà rau má" not in queue
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/dashboard/producer/applications/{application.pk}/approve/")
    application.refresh_from_db()
    assert application.status == "approved"
    certificate = application.certificate
    assert certificate.star == 4 and certificate.product == world["draft"]
    assert certificate.decision.number == "1032/QĐ-UBND"
    assert world["draft"].__class__.objects.sellable().filter(pk=world["draft"].pk).exists()
    assert [e.action for e in application.events.all()] == ["submitted", "approved"]
    assert application.events.last().actor == reviewer
    # The producer is told, in Vietnamese by default.
    assert len(mail.outbox) == 1
    assert "alice@example.vn" in mail.outbox[0].to
    assert "được duyệt" in mail.outbox[0].subject.lower() or "đã duyệt" in mail.outbox[0].body.lower()
    detail = client.get(f"/dashboard/producer/applications/{application.pk}/").content.decode()
    assert "reviewer" not in detail and 'id="review"' not in detail  # decided: no more actions


def test_approval_reuses_an_existing_decision(client, world):
    decision = RecognitionDecision.objects.create(
        number="1032/QĐ-UBND", signed_on=today() - datetime.timedelta(days=10),
        issuing_body="UBND tỉnh Thừa Thiên Huế", issuing_level="province", criteria_version="148",
    )
    submit(client, world["alice"], world["draft"])
    client.force_login(officer())
    client.post(f"/dashboard/producer/applications/{CertificateApplication.objects.get().pk}/approve/")
    assert Certificate.objects.get(product=world["draft"]).decision == decision
    assert RecognitionDecision.objects.filter(number="1032/QĐ-UBND").count() == 1


def test_a_renewal_supersedes_the_old_certificate_without_a_gap(client, world):
    old = world["tea"].certificates.get()
    submit(client, world["bob"], world["tea"], star="5")
    application = CertificateApplication.objects.get()
    assert application.renews == old and application.is_renewal
    client.force_login(officer())
    client.post(f"/dashboard/producer/applications/{application.pk}/approve/")
    old.refresh_from_db()
    assert old.status == Certificate.STATUS_SUPERSEDED
    product = world["tea"].__class__.objects.get(pk=world["tea"].pk)
    assert product.current_certificate.star == 5
    assert product.current_certificate.valid_until > old.valid_until
    assert old.superseded_by == product.current_certificate  # the old code's page links to it


def test_rejection_needs_a_reason_and_is_emailed_in_the_producers_language(
    client, world, django_capture_on_commit_callbacks
):
    world["a"].language = "en"
    world["a"].save()
    submit(client, world["alice"], world["draft"])
    application = CertificateApplication.objects.get()
    client.force_login(officer())
    client.post(f"/dashboard/producer/applications/{application.pk}/reject/", {"reason": ""})
    application.refresh_from_db()
    assert application.is_pending and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/dashboard/producer/applications/{application.pk}/reject/",
                    {"reason": "Số quyết định không khớp bản scan."})
    application.refresh_from_db()
    assert application.status == "rejected"
    assert application.events.last().note == "Số quyết định không khớp bản scan."
    assert mail.outbox[0].subject.startswith("Certificate application not approved")
    assert "Số quyết định không khớp bản scan." in mail.outbox[0].body
    assert not Certificate.objects.filter(product=world["draft"]).exists()


def test_officers_limited_to_provinces_see_only_theirs(client, world):
    submit(client, world["alice"], world["draft"])
    application = CertificateApplication.objects.get()
    elsewhere = officer("elsewhere", provinces=[ProvinceFactory(code="01", name="Thành phố Hà Nội")])
    client.force_login(elsewhere)
    assert "Đèn mây tre" not in client.get("/dashboard/producer/applications/").content.decode()
    assert client.get(f"/dashboard/producer/applications/{application.pk}/scan/").status_code == 404
    client.post(f"/dashboard/producer/applications/{application.pk}/approve/")
    application.refresh_from_db()
    assert application.is_pending


def test_a_producer_cannot_approve_their_own_application(client, world):
    submit(client, world["alice"], world["draft"])
    application = CertificateApplication.objects.get()
    response = client.post(f"/dashboard/producer/applications/{application.pk}/approve/")
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.is_pending


def test_the_scan_is_served_to_the_producer_and_officers_only(client, world):
    submit(client, world["alice"], world["draft"])
    application = CertificateApplication.objects.get()
    url = f"/dashboard/producer/applications/{application.pk}/scan/"
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/png"
    assert "quyet-dinh" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    client.force_login(world["bob"])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.parametrize("overrides, error", [
    ({"scan": SimpleUploadedFile("qd.pdf", b"<html><script>alert(1)</script></html>")}, "PDF"),
    ({"scan": SimpleUploadedFile("qd.exe", b"MZ")}, "PDF, JPEG"),
    ({"signed_on": (today() + datetime.timedelta(days=3)).isoformat()}, "tương lai"),
    ({"signed_on": (today() - datetime.timedelta(days=365 * 4)).isoformat()}, "hết hạn"),
    ({"star": "3", "potential_5": "on"}, "4★"),
])
def test_bad_applications_get_a_clear_error(client, world, overrides, error):
    response = submit(client, world["alice"], world["draft"], **overrides)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not CertificateApplication.objects.exists()


def test_a_producer_cannot_apply_for_another_producers_product(client, world):
    response = submit(client, world["alice"], world["tea"])
    assert response.status_code == 200
    assert not CertificateApplication.objects.exists()


def test_one_pending_application_per_product(client, world):
    submit(client, world["alice"], world["draft"])
    response = submit(client, world["alice"], world["draft"])
    assert response.status_code == 200
    assert CertificateApplication.objects.count() == 1
