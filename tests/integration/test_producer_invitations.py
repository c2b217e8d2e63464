"""Operators invite a producer's user, producers invite colleagues; the invitee
chooses a password from an emailed link (in their language, valid a few days,
once) and signs in with their email to land on their producer's home page."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from marketplace.producers.invitations import invite_user
from tests.factories import ProducerFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "mây-tre-đan-2026"


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


@pytest.fixture
def producer():
    return ProducerFactory(name="HTX Mây tre đan Bao La")


def accept(client, url, password=PASSWORD):
    path = "/" + url.split("/", 3)[3]
    return client.post(path, {"new_password1": password, "new_password2": password})


def test_operator_invites_in_vietnamese_and_the_invitee_lands_on_the_home_page(
    client, producer, django_capture_on_commit_callbacks
):
    operator = User.objects.create_superuser("op", "op@cho-ocop.vn", "pw")
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("producer-dashboard:producer-operator-invite"),
                               {"producer": producer.pk, "email": "Lan@Example.vn", "language": "vi"})
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["Lan@example.vn"]
    assert "HTX Mây tre đan Bao La" in message.subject and "Bạn được mời" in message.subject
    user = User.objects.get(email="Lan@example.vn")
    assert not user.has_usable_password() and user in producer.partner.users.all()

    client.logout()
    response = accept(client, link_in(message))
    assert response["Location"] == reverse("producer-dashboard:producer-home")
    assert client.get(response["Location"]).status_code == 200
    # The link works once.
    assert accept(client, link_in(message)).status_code == 400

    # Later, the email login (the form says email) lands on the producer's home.
    client.logout()
    login = client.get("/accounts/login/").content.decode()
    assert "Địa chỉ email" in login
    response = client.post("/accounts/login/", {"login_submit": "1", "login-username": "lan@example.vn",
                                                 "login-password": PASSWORD})
    assert response["Location"] == reverse("producer-dashboard:producer-home")


def test_the_dashboard_login_asks_for_an_email(client, producer):
    page = client.get(reverse("dashboard:login")).content.decode()
    assert 'type="email"' in page and "Địa chỉ email" in page


def test_a_producer_invites_a_colleague_in_english(client, producer, django_capture_on_commit_callbacks):
    first = invite_user(producer, "lan@example.vn", invited_by=None)
    first.set_password(PASSWORD)
    first.save()
    client.force_login(first)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("producer-dashboard:producer-team"), {"email": "minh@example.vn", "language": "en"})
    message = mail.outbox[-1]
    assert message.to == ["minh@example.vn"] and "You are invited" in message.subject
    minh = User.objects.get(email="minh@example.vn")
    assert minh.producer_profile.language == "en" and minh.producer_profile.invited_by == first
    assert minh.has_perm("partner.dashboard_access")
    team = client.get(reverse("producer-dashboard:producer-team")).content.decode()
    assert "minh@example.vn" in team and "chưa đặt mật khẩu" in team


def test_an_existing_account_is_added_and_told_without_a_password_link(producer, django_capture_on_commit_callbacks):
    User.objects.create_user("buyer", "an@example.vn", PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        invite_user(producer, "an@example.vn", invited_by=None)
    [message] = mail.outbox
    assert "/dashboard/login/" in message.body and "invitation" not in message.body
    assert User.objects.get(email="an@example.vn").check_password(PASSWORD)


def test_an_expired_link_is_refused(client, producer, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite_user(producer, "lan@example.vn", invited_by=None)
    settings.PASSWORD_RESET_TIMEOUT = -1
    assert accept(client, link_in(mail.outbox[0])).status_code == 400
    assert not User.objects.get(email="lan@example.vn").has_usable_password()


def test_a_customer_cannot_invite(client, producer):
    client.force_login(User.objects.create_user("buyer", "b@example.vn", "pw"))
    response = client.post(reverse("producer-dashboard:producer-operator-invite"),
                           {"producer": producer.pk, "email": "x@example.vn", "language": "vi"})
    assert response.status_code in (302, 403)
    assert not User.objects.filter(email="x@example.vn").exists()
