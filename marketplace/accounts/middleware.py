from django.conf import settings


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
