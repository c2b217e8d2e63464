"""Product cards rendered once and shared between buyers (issue 16).

A card (``oscar/catalogue/partials/product.html``, through Oscar's
``render_product``) shows what every buyer sees alike: title, picture, producer,
star badge, price and whether it can be added to the basket. Rendering it was
most of a list page's time, so the rendered card is cached, keyed by
(``catalogue.search.freshness``):

- the catalogue version (replaced after every change that schedules a reindex)
  and today's date (a certificate lapses at midnight);
- a fingerprint of the already-loaded product: title, last update, each stock
  record's price and counts, the current certificate and star, the rating, so a
  price, stock or certificate change is seen on the next request even if it came
  through a path that does not schedule a reindex;
- the language and the buyer's display currency (the "≈ US$" line).

Per-buyer parts stay out of the cached text: the add-to-basket form's CSRF token
is rendered as a placeholder and replaced with this request's token on the way
out. Cards hold no script, so no CSP nonce."""

from django import template
from django.core.cache import cache
from django.template.loader import select_template
from django.utils import translation
from django.utils.safestring import mark_safe

from catalogue.search.freshness import TIMEOUT_SECONDS, versioned_key

register = template.Library()

#: Stands for the buyer's CSRF token in a cached card.
CSRF_PLACEHOLDER = "ocop-csrf-placeholder-7f3a"


def card_key(product, display_currency) -> str:
    certificate = product.current_certificate
    records = sorted(
        (record.pk, record.partner_id, str(record.price), record.num_in_stock, record.num_allocated)
        for record in product.stockrecords.all()
    )
    return versioned_key(
        "card", product.pk, translation.get_language(), display_currency, product.get_title(),
        product.date_updated.isoformat() if product.date_updated else None, records,
        (certificate.pk, certificate.star, certificate.valid_until.isoformat()) if certificate else None,
        product.rating,
    )


@register.simple_tag(takes_context=True)
def product_card(context, product) -> str:
    """Oscar's ``render_product``, served from the cache when the product is unchanged."""
    if not product:
        return ""
    key = card_key(product, context.get("display_currency"))
    html = cache.get(key)
    if html is None:
        template_ = select_template([
            f"oscar/catalogue/partials/product/upc-{product.upc}.html",
            f"oscar/catalogue/partials/product/class-{product.get_product_class().slug}.html",
            "oscar/catalogue/partials/product.html",
        ])
        flat = context.flatten()
        flat.update(product=product, csrf_token=CSRF_PLACEHOLDER)
        html = template_.render(flat)
        cache.set(key, html, TIMEOUT_SECONDS)
    token = context.get("csrf_token")
    return mark_safe(html.replace(CSRF_PLACEHOLDER, str(token) if token else ""))
