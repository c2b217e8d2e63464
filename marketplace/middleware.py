"""Project-wide middleware."""

import re

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import Http404


class SameSiteCookiesMiddleware:
    """Give every cookie a SameSite attribute.

    Django's own cookies take theirs from settings, but Oscar sets its basket cookie
    without one; a browser then applies its own default, which differs between
    browsers. Sits above the middlewares that set cookies so it sees them all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        for morsel in response.cookies.values():
            if not morsel["samesite"]:
                morsel["samesite"] = settings.COOKIE_SAMESITE
            if settings.SESSION_COOKIE_SECURE and not morsel["secure"]:
                # Production serves HTTPS only: no cookie travels in clear.
                morsel["secure"] = True
        return response


#: What Django's integer fields say when a lookup gets a value that is not a number.
NOT_A_NUMBER = re.compile(r"^Field '\w+' expected a number but got ")


class MalformedIdMiddleware:
    """A lookup by an id that is not a number finds nothing: 404, not 500.

    Oscar's and Wagtail's views take some ids as strings (``<str:pk>``, ``?id=``,
    posted ``note_id``) and pass them to the ORM, which raises ValueError for
    "abc". Only that error of Django's integer fields is turned into a 404; any
    other exception stays a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ValueError) and NOT_A_NUMBER.match(str(exception)):
            raise Http404(str(exception)) from exception
        return None


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, with inline scripts allowed (and so no nonce) under
    CSP_INLINE_SCRIPT_PREFIXES: Wagtail's admin writes inline scripts of its own."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path.startswith(tuple(settings.CSP_INLINE_SCRIPT_PREFIXES)):
            parts.replace = {**(parts.replace or {}), "script-src": [SELF, UNSAFE_INLINE]}
            parts.nonce = None
        return parts
