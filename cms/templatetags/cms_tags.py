from django import template
from django.conf import settings
from django.utils.translation import get_language, get_supported_language_variant

from cms import search
from cms.models import StoryPage

register = template.Library()

#: How many stories the product page lists.
PRODUCT_STORIES_LIMIT = 5


def stories_for_product(product, language_code: str | None = None, limit: int = PRODUCT_STORIES_LIMIT):
    """Published stories in the active language that show ``product``: one query
    (the locale is matched by a join rather than a separate Locale lookup)."""
    language = get_supported_language_variant(language_code or get_language() or settings.LANGUAGE_CODE)
    return list(
        StoryPage.objects.live()
        .filter(locale__language_code=language, product_links__product=product)
        .select_related("producer")
        .order_by("-first_published_at", "-pk")[:limit]
    )


@register.inclusion_tag("cms/includes/product_stories.html", takes_context=True)
def product_stories(context, product):
    """The "stories about this product" section of the product page."""
    return {"stories": stories_for_product(product), "request": context.get("request")}


#: How many stories the search page lists beside the products.
SEARCH_STORIES_LIMIT = 5


@register.simple_tag
def stories_matching(query) -> list:
    """Published stories in the active language matching a products query's text,
    for the shop's search page: ``{% stories_matching query as stories %}``."""
    if not query.has_text:
        return []
    return list(
        search.search_stories(query.q, get_language() or "vi", limit=SEARCH_STORIES_LIMIT)
    )


@register.simple_tag
def producer_page_url(producer) -> str:
    """The producer's page in the active language (or any language when it has no
    page in this one); the producers' index when they have no page at all."""
    from cms.models import ProducerIndexPage, ProducerPage

    if producer is None:
        return ""
    language = get_supported_language_variant(get_language() or settings.LANGUAGE_CODE)
    pages = ProducerPage.objects.live().filter(producer=producer)
    page = pages.filter(locale__language_code=language).first() or pages.first()
    if page is None:
        page = ProducerIndexPage.objects.live().filter(locale__language_code=language).first()
    return page.url if page else ""
