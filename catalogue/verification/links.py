"""Absolute links to verification pages: what a QR code, a label and a shared
link carry, built from ``SITE_URL`` (the request's host may be a CDN, an
internal address or a test server; a printed label must point at the shop)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def absolute_url(path_or_url: str) -> str:
    if path_or_url.startswith(("http://", "https://")):
        return path_or_url
    return settings.SITE_URL + path_or_url


def verification_url(certificate, language: str | None = None) -> str:
    """The certificate's public page, in Vietnamese (no prefix) unless ``language``."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return absolute_url(reverse("catalogue-verify", kwargs={"code": certificate.code}))
