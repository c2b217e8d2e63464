from django import template
from django.utils.translation import gettext as _

from catalogue.issuers import issuer_in_english
from marketplace.languages import is_english
from marketplace.richtext import render_rich_text

register = template.Library()


@register.inclusion_tag("oscar/catalogue/partials/ocop_badge.html")
def ocop_badge(certificate, size: str = "") -> dict:
    """The star badge of a valid certificate ("4★ OCOP"), nothing otherwise."""
    return {"certificate": certificate, "size": size}


@register.filter
def star_label(star: int | None) -> str:
    if not star:
        return ""
    return _("%(star)s-star OCOP") % {"star": star}


@register.filter
def star_glyphs(star: int | None) -> str:
    return "★" * int(star or 0)


@register.filter
def rich_text(value: str):
    """A product description as formatted text (``marketplace.richtext``)."""
    return render_rich_text(value)


@register.filter
def issuer_english(issuing_body: str) -> str | None:
    """English rendering of an issuing body on English pages (``catalogue.issuers``);
    None on Vietnamese pages, where the name as printed is enough."""
    return issuer_in_english(issuing_body) if is_english() else None
