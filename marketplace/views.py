from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from marketplace import currency


@require_POST
def set_currency(request):
    """Remember the currency the buyer wants approximate prices in (or none), like
    Django's ``set_language``, and go back to the page they were on."""
    next_url = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    choice = request.POST.get("currency", "")
    if choice == currency.NONE or choice in currency.currencies():
        response.set_cookie(
            currency.COOKIE_NAME,
            choice,
            max_age=365 * 24 * 3600,
            samesite=settings.COOKIE_SAMESITE,
            secure=request.is_secure(),
        )
    return response
