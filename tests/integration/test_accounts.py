"""Accounts: links in emails go to SITE_URL; every login door is throttled per
(account, address) and per address, with a lockout message in the user's language
and an operator unlock; unknown accounts cost the same hashing as known ones; and
neither registration nor password reset tells whether an email has an account."""

import base64
import importlib
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import Permission
from django.contrib.sites.models import Site
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from rest_framework.decorators import api_view
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory

from marketplace.accounts.sites import site_domain, sync_site

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "ocop-Tra-2025!"
URL = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture(autouse=True)
def _throttling(settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_FAILURES_PER_ADDRESS = 6
    settings.SITE_URL = "https://shop.cho-ocop.vn"
    settings.OSCAR_URL_SCHEMA = "https"
    sync_site()


@pytest.fixture
def customer():
    return User.objects.create_user("lan", "lan@example.vn", PASSWORD)


@pytest.fixture
def operator():
    user = User.objects.create_user("op", "op@cho-ocop.vn", PASSWORD, is_staff=True, is_superuser=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def links(message) -> list[str]:
    bodies = [message.body] + [content for content, _type in getattr(message, "alternatives", [])]
    return [url for body in bodies for url in URL.findall(body)
            if urlsplit(url).netloc not in ("www.w3.org", "schema.org")]


# Site and links in emails


def test_the_migration_replaced_example_com():
    from django.apps import apps

    migration = importlib.import_module("marketplace.accounts.migrations.0001_site_from_site_url")
    Site.objects.filter(pk=1).update(domain="example.com", name="example.com")
    migration.site_from_site_url(apps, None)
    site = Site.objects.get(pk=1)
    assert (site.domain, site.name) == ("shop.cho-ocop.vn", "Chợ OCOP")


def test_sync_site_follows_a_new_site_url(settings):
    settings.SITE_URL = "https://cho-ocop.vn"
    call_command("sync_site", verbosity=0)
    assert Site.objects.get_current().domain == site_domain() == "cho-ocop.vn"


def test_password_reset_email_links_to_site_url(client, customer):
    response = client.post("/password-reset/", {"email": "LAN@example.vn"})
    assert response.status_code == 302
    (message,) = mail.outbox
    urls = links(message)
    assert any(url.startswith("https://shop.cho-ocop.vn/password-reset/confirm/") for url in urls), message.body
    assert all(urlsplit(url).netloc == "shop.cho-ocop.vn" for url in urls), urls
    assert "example.com" not in message.body + message.subject
    assert "Chợ OCOP" in message.body


def test_password_reset_does_not_tell_whether_the_email_has_an_account(client, customer):
    known = client.post("/password-reset/", {"email": "lan@example.vn"})
    unknown = client.post("/password-reset/", {"email": "nobody@example.vn"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox] == [["lan@example.vn"]]


# Registration


@pytest.fixture
def register(django_capture_on_commit_callbacks):
    """Register through the form; its emails go out when the registration commits."""

    def post(client, email, password=PASSWORD):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/accounts/register/", {"email": email, "password1": password, "password2": password})

    return post


def test_registration_with_an_existing_email_looks_the_same_and_emails_the_owner(client, customer, register):
    new = register(client, "moi@example.vn")
    taken = register(client, "Lan@Example.vn")
    assert new.status_code == taken.status_code == 302
    assert new["Location"] == taken["Location"] == reverse("accounts-registration-sent")
    page = client.get(taken["Location"]).content.decode()
    assert "đã tồn tại" not in page and "already exists" not in page
    assert User.objects.filter(email__iexact="lan@example.vn").count() == 1
    assert "_auth_user_id" not in client.session  # nobody is signed in
    to_owner = next(m for m in mail.outbox if m.to == ["lan@example.vn"])
    assert "https://shop.cho-ocop.vn/accounts/login/" in to_owner.body
    assert "https://shop.cho-ocop.vn/password-reset/" in to_owner.body
    # The login page's registration form answers the same way.
    combined = client.post("/accounts/login/", {
        "registration-email": "lan@example.vn", "registration-password1": PASSWORD,
        "registration-password2": PASSWORD, "registration_submit": "1",
    })
    assert combined["Location"] == reverse("accounts-registration-sent")


def test_a_new_account_is_active_only_after_the_emailed_link(client, register):
    register(client, "moi@example.vn")
    user = User.objects.get(email="moi@example.vn")
    assert not user.is_active
    (message,) = mail.outbox
    (link,) = [url for url in links(message) if "/accounts/activate/" in url]
    assert urlsplit(link).netloc == "shop.cho-ocop.vn"
    response = client.get(urlsplit(link).path)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_active and client.session["_auth_user_id"] == str(user.pk)
    client.logout()
    assert client.get(urlsplit(link).path).status_code == 400  # used once


def test_registering_again_replaces_the_password_and_voids_the_first_link(client, register):
    register(client, "moi@example.vn", password="first-Pass-2025")
    register(client, "moi@example.vn", password="second-Pass-2025")
    first, second = (urlsplit(next(u for u in links(m) if "/activate/" in u)).path for m in mail.outbox)
    assert client.get(first).status_code == 400
    assert client.get(second).status_code == 302
    user = User.objects.get(email="moi@example.vn")
    assert user.check_password("second-Pass-2025")


# Constant-time authentication


def test_the_password_hasher_runs_as_often_for_unknown_emails(client, customer, monkeypatch):
    calls = []  # every hash computed (verify() hashes through encode())
    encode = MD5PasswordHasher.encode
    monkeypatch.setattr(MD5PasswordHasher, "encode", lambda self, *a: calls.append(1) or encode(self, *a))

    def hashing_for(email):
        calls.clear()
        client.post("/accounts/login/", {"login-username": email, "login-password": "wrong-password",
                                         "login_submit": "1"})
        return len(calls)

    known, unknown = hashing_for("lan@example.vn"), hashing_for("ghost@example.vn")
    assert known >= 1
    assert unknown == known


# Login throttling


def oscar_login(client, email, password, **extra):
    return client.post("/accounts/login/", {"login-username": email, "login-password": password,
                                            "login_submit": "1"}, **extra)


def dashboard_login(client, email, password, **extra):
    return client.post("/dashboard/login/", {"username": email, "password": password}, **extra)


def cms_login(client, email, password, **extra):
    return client.post("/cms/login/", {"username": email, "password": password}, **extra)


def admin_login(client, email, password, **extra):
    return client.post("/admin/login/", {"username": email, "password": password}, **extra)


@pytest.mark.parametrize("door", [oscar_login, dashboard_login, cms_login, admin_login])
def test_every_login_form_locks_an_account_after_repeated_failures(client, operator, door):
    for _attempt in range(2):
        assert door(client, operator.email, "guess").status_code == 200  # the form again
    assert door(client, operator.email, "guess").status_code == 429  # the third failure locks
    response = door(client, operator.email, PASSWORD)
    assert response.status_code == 429
    assert "Đăng nhập tạm dừng" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_message_speaks_english_on_english_pages(client, customer):
    for _attempt in range(3):
        client.post("/en/accounts/login/", {"login-username": customer.email, "login-password": "guess",
                                            "login_submit": "1"})
    response = client.post("/en/accounts/login/", {"login-username": customer.email,
                                                   "login-password": PASSWORD, "login_submit": "1"})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_an_attacker_elsewhere_cannot_lock_the_customer_out(client, customer):
    attacker = {"REMOTE_ADDR": "203.0.113.9"}
    for _attempt in range(5):
        oscar_login(client, customer.email, "guess", **attacker)
    assert oscar_login(client, customer.email, PASSWORD, **attacker).status_code == 429
    at_home = oscar_login(client, customer.email, PASSWORD, REMOTE_ADDR="198.51.100.20")
    assert at_home.status_code == 302 and client.session["_auth_user_id"] == str(customer.pk)


def test_one_address_cannot_spray_passwords_across_accounts(client, customer):
    sprayer = {"REMOTE_ADDR": "203.0.113.9"}
    for number in range(6):  # two tries each on three accounts: under the account limit
        oscar_login(client, f"victim{number // 2}@example.vn", "123456", **sprayer)
    assert oscar_login(client, customer.email, PASSWORD, **sprayer).status_code == 429
    assert oscar_login(client, customer.email, PASSWORD, REMOTE_ADDR="198.51.100.20").status_code == 302


def test_case_and_spaces_do_not_make_new_accounts_to_try(client, customer):
    for email in ("lan@example.vn", "LAN@example.vn", " Lan@Example.VN"):
        oscar_login(client, email, "guess")
    assert oscar_login(client, customer.email, PASSWORD).status_code == 429


def test_operators_unlock_with_axes_reset(client, customer):
    for _attempt in range(3):
        oscar_login(client, customer.email, "guess")
    assert oscar_login(client, customer.email, PASSWORD).status_code == 429
    call_command("axes_reset_username", customer.email)
    assert oscar_login(client, customer.email, PASSWORD).status_code == 302


def test_operators_see_and_delete_attempts_in_django_admin(client, customer, operator):
    for _attempt in range(3):
        oscar_login(client, customer.email, "guess")
    client.force_login(operator)
    page = client.get("/admin/axes/accessattempt/").content.decode()
    assert customer.email in page


def test_the_api_password_authentication_is_throttled(customer):
    """Today's API endpoints are public; any endpoint with the default
    authentication (the token endpoints to come) checks passwords under throttling."""

    @api_view(["GET"])
    def whoami(request):
        return Response({"email": request.user.email})

    def api(password):
        token = base64.b64encode(f"{customer.email}:{password}".encode()).decode()
        request = APIRequestFactory().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Basic {token}")
        response = whoami(request)
        response.render()
        return response

    assert api(PASSWORD).data == {"email": customer.email}
    for _attempt in range(2):
        assert api("guess").status_code in (401, 403)
    locked = api("guess")
    assert locked.status_code == 429
    assert "Quá nhiều lần đăng nhập" in locked.data["detail"]
    assert api(PASSWORD).status_code == 429
