"""Login throttling with django-axes, on every door that checks a password: the
shop's login (``/accounts/login/``), the dashboard's (``/dashboard/login/``),
Wagtail's (``/cms/login/``), Django admin's (``/admin/login/``) and the API's
Basic authentication. All of them call ``django.contrib.auth.authenticate``, where
``axes.backends.AxesStandaloneBackend`` stands first.

Failures are counted under two keys with their own limits
(``AXES_LOCKOUT_PARAMETERS``): the (account, address) pair, so a customer cannot be
locked out by someone elsewhere guessing their password, and the address alone,
with a higher limit, so one address cannot try password after password across
many accounts.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

#: The login forms' email/username fields (Oscar's login form posts "login-username").
USERNAME_FIELDS = ("username", "login-username", "email")


def login_identifier(request, credentials: dict | None) -> str | None:
    """The account a login attempt names, case- and space-insensitively (emails
    are matched case-insensitively, so "An@x.vn" and "an@x.vn" are one account)."""
    source = credentials or getattr(request, "POST", {}) or {}
    for field in USERNAME_FIELDS:
        value = source.get(field)
        if value:
            return str(value).strip().lower()
    return None


class LoginThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit per lockout key: LOGIN_FAILURES_PER_ACCOUNT
    for (account, address), LOGIN_FAILURES_PER_ADDRESS for the address alone.

    Axes compares one failure count with one limit (``AXES_FAILURE_LIMIT``, the
    account limit), so each key's failures are scaled to that limit."""

    def get_failures(self, request, credentials=None) -> int:
        account_limit = settings.LOGIN_FAILURES_PER_ACCOUNT
        scaled = []
        for parameter, attempts in zip(settings.AXES_LOCKOUT_PARAMETERS, self.get_user_attempts(request, credentials), strict=False):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            limit = settings.LOGIN_FAILURES_PER_ADDRESS if parameter == "ip_address" else account_limit
            scaled.append(failures * account_limit // limit)
        return max(scaled, default=0)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful login clears that account's failures from that address, not
        the address's failures on other accounts (an attacker must not reset their
        own address's count by logging in to an account of theirs)."""
        # The identifier as typed (failures were counted under it); axes passes the
        # account's username, which for Oscar's accounts is a hash of the email.
        username = login_identifier(request, None) or login_identifier(request, credentials)
        count, _deleted = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        ).delete()
        return count


def lockout_message() -> str:
    return _(
        "Too many failed sign-in attempts. For your safety, signing in is paused for "
        "%(minutes)d minutes. If you have forgotten your password, you can reset it."
    ) % {"minutes": settings.LOGIN_LOCKOUT_MINUTES}


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out login gets (HTTP 429), in the request's language."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=429)
    return render(request, "accounts/locked_out.html", {"message": lockout_message()}, status=429)
