from drf_spectacular.authentication import BasicScheme
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication

from marketplace.accounts.throttling import lockout_message


class LoginLockedOut(exceptions.APIException):
    status_code = 429
    default_code = "login_locked_out"


class ThrottledBasicAuthentication(BasicAuthentication):
    """DRF's Basic authentication under login throttling.

    It authenticates through ``django.contrib.auth.authenticate`` like the login
    forms, so django-axes counts its failures and refuses locked-out attempts;
    this says so with a 429 and the lockout message instead of a plain 401. (DRF
    wraps the request, so axes' lockout flag lands on the wrapper, not on the
    request AxesMiddleware sees.)"""

    def authenticate_credentials(self, userid, password, request=None):
        try:
            return super().authenticate_credentials(userid, password, request)
        except exceptions.AuthenticationFailed:
            if request is not None and getattr(request, "axes_locked_out", False):
                raise LoginLockedOut(lockout_message()) from None
            raise


class ThrottledBasicScheme(BasicScheme):
    """The OpenAPI description of ``ThrottledBasicAuthentication``: plain HTTP Basic."""

    target_class = ThrottledBasicAuthentication
