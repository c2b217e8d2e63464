"""Public verification pages: ``/verify/`` (search) and ``/verify/<code>/``.

They are the same for everyone, so they are rendered without the request's
context processors (those read the session for the user, the basket and the
notifications) and set no cookie: a CDN can cache them by URL, and the language
is in the URL (``/en/verify/…``). Scans are counted by a beacon image that is
never cached (``scan``), not by the page.
"""

from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect
from django.template.loader import get_template
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from oscar.core.loading import get_model

from catalogue.certification import STATE_REVOKED, STATE_SUPERSEDED, STATE_VALID
from catalogue.verification.codes import normalise_code
from catalogue.verification.links import absolute_url
from catalogue.verification.register import search_certificates
from catalogue.verification.scans import record_scan

Certificate = get_model("catalogue", "Certificate")

#: A 1×1 transparent GIF: the scan beacon's answer.
PIXEL = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def certificates_for_page():
    """Everything a verification page shows, in two queries (the certificate with
    its decision, product, producer, province and successor; the product's images)."""
    return Certificate.objects.select_related(
        "decision", "product__producer__province", "superseded_by"
    ).prefetch_related("product__images")


def _render(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    """Render without context processors (nothing from the session) and mark the
    response cacheable by browsers and CDNs."""
    language = translation.get_language()
    context |= {
        "LANGUAGE_CODE": language,
        "shop_name": settings.OSCAR_SHOP_NAME,
        "homepage_url": reverse("home"),
        "search_url": reverse("catalogue-verify-index"),
        "languages": [_language_link(request, code, name) for code, name in settings.LANGUAGES],
    }
    response = HttpResponse(get_template(template).render(context), status=status)
    patch_cache_control(response, public=True, max_age=settings.VERIFY_CACHE_SECONDS)
    # Oscar's basket middleware reads the session on every request (its pricing
    # strategy asks whether the user is signed in), so SessionMiddleware would add
    # "Vary: Cookie" and a CDN would keep one copy per visitor. This page reads
    # nothing from the session: it does not vary by cookie.
    session = getattr(request, "session", None)
    if session is not None and not session.modified:
        session.accessed = False
    return response


def _language_link(request, code: str, name: str) -> dict:
    url = translate_url(request.get_full_path(), code)
    return {"code": code, "name": name, "url": url, "absolute_url": absolute_url(url)}


@require_safe
def index(request):
    """The search box; a full verification code goes straight to its page."""
    query = request.GET.get("q", "").strip()[:200]
    code = normalise_code(query)
    if code and Certificate.objects.filter(code=code).exists():
        return redirect("catalogue-verify", code=code)
    results = list(search_certificates(query))
    return _render(
        request,
        "catalogue/verification/index.html",
        {"query": query, "results": results},
    )


@require_safe
def certificate_page(request, code: str):
    canonical = normalise_code(code)
    if canonical and canonical != code:
        # Typed by hand: "abcd-2345km" → "ABCD2345KM", one URL per certificate.
        return HttpResponsePermanentRedirect(reverse("catalogue-verify", kwargs={"code": canonical}))
    certificate = certificates_for_page().filter(code=canonical).first() if canonical else None
    if certificate is None:
        return _render(
            request,
            "catalogue/verification/index.html",
            {"query": code[:40], "not_found": True, "results": []},
            status=404,
        )
    state = certificate.state()
    product = certificate.product
    image = product.primary_image()
    return _render(
        request,
        "catalogue/verification/certificate.html",
        {
            "certificate": certificate,
            "product": product,
            "producer": product.producer,
            "decision": certificate.decision,
            "state": state,
            "image": image,
            "summary": state_summary(certificate, state),
            "page_url": absolute_url(request.path),
            "shop_url": product.get_absolute_url() if state == STATE_VALID and product.is_public else "",
        },
    )


def state_summary(certificate, state: str) -> str:
    """One line for link previews (Open Graph) and the page description."""
    values = {
        "star": certificate.star,
        "until": certificate.valid_until.strftime("%d/%m/%Y"),
        "revoked": certificate.revoked_on.strftime("%d/%m/%Y") if certificate.revoked_on else "",
        "producer": certificate.product.producer.name if certificate.product.producer else "",
    }
    if state == STATE_VALID:
        text = _("Valid %(star)s★ OCOP certificate, until %(until)s.") % values
    elif state == STATE_REVOKED and values["revoked"]:
        text = _("OCOP certificate revoked on %(revoked)s: the OCOP mark is no longer valid.") % values
    elif state == STATE_REVOKED:
        text = _("OCOP certificate revoked: the OCOP mark is no longer valid.")
    elif state == STATE_SUPERSEDED:
        text = _("This OCOP certificate was replaced by a newer one.")
    else:
        text = _("OCOP certificate expired (valid until %(until)s): the OCOP mark is no longer valid.") % values
    if values["producer"]:
        text = f"{text} {values['producer']}"
    return text


def scan(request, code: str):
    """The page's beacon: counts one scan, answers a transparent pixel, never cached
    (each opening of the page counts, also from the browser's or a CDN's cache).
    Link-preview robots fetch the page, not its images, so they are not counted;
    neither are browser prefetches."""
    purpose = request.headers.get("Sec-Purpose") or request.headers.get("Purpose") or ""
    if request.method == "GET" and "prefetch" not in purpose:
        record_scan(normalise_code(code))
    response = HttpResponse(PIXEL, content_type="image/gif")
    patch_cache_control(response, no_store=True, max_age=0)
    return response
