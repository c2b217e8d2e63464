"""The search service: what views and the API call.

It asks the configured backend, falls back to the database backend when
Elasticsearch cannot answer (the shop keeps selling), labels the facet counts,
and loads the products of the page in a constant number of queries.
"""

import logging
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalogue.groups import GROUPS
from catalogue.search.backends import (
    SearchBackend,
    SearchUnavailable,
    Suggestion,
    database_backend,
    get_backend,
)
from catalogue.search.freshness import TIMEOUT_SECONDS, versioned_key
from catalogue.search.query import PRICE_BANDS, PRODUCER_KINDS, STAR_LEVELS, SearchQuery
from marketplace.languages import is_english

logger = logging.getLogger(__name__)

Product = get_model("catalogue", "Product")
Province = get_model("regions", "Province")

#: After Elasticsearch fails, searches go straight to the database for this long
#: instead of waiting on a sick cluster at every request.
RETRY_AFTER_SECONDS = 30
_es_down_until = 0.0

T = TypeVar("T")


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResults:
    query: SearchQuery
    total: int
    #: Products of this page, in result order (instances for ``render_product``).
    products: list
    #: {product id: distance in km} when the query has a location.
    distances: dict[int, float]
    facets: dict[str, list[FacetValue]]
    backend: str
    #: True when Elasticsearch failed and the database answered instead.
    degraded: bool = False
    #: What to offer when nothing matched (``no_results_help``), when asked for.
    suggestions: "NoResultsHelp | None" = None

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.query.page_size))


def _answer(ask: Callable[[SearchBackend], T]) -> tuple[SearchBackend, bool, T]:
    """Ask the configured backend, or the database backend when Elasticsearch is
    failing (now, or within the last ``RETRY_AFTER_SECONDS``). Returns the backend
    that answered, whether that was a fallback, and the answer."""
    global _es_down_until
    backend = get_backend()
    if backend.name == "database":
        return backend, False, ask(backend)
    if time.monotonic() < _es_down_until:
        backend = database_backend()
        return backend, True, ask(backend)
    try:
        return backend, False, ask(backend)
    except SearchUnavailable:
        logger.warning("Elasticsearch unavailable; answering from the database", exc_info=True)
        _es_down_until = time.monotonic() + RETRY_AFTER_SECONDS
        backend = database_backend()
        return backend, True, ask(backend)


@dataclass
class NoResultsHelp:
    """What a search that found nothing offers instead of unrelated products."""

    #: Products whose titles are closest to the words typed (typo distance).
    closest_titles: list
    #: How many products the same text finds without the filters (None: no
    #: filters were used, or no text).
    without_filters: int | None
    #: Products whose description mentions every word typed.
    in_descriptions: list

    def __bool__(self) -> bool:
        return bool(self.closest_titles or self.without_filters or self.in_descriptions)


def no_results_help(query: SearchQuery) -> NoResultsHelp:
    from catalogue.search.backends.database import closest_titles, described_products

    without_filters = None
    if query.has_text and query.has_filters:
        without_filters = search(
            SearchQuery(q=query.q, page_size=1), facets=False, load_products=False
        ).total
    if not query.has_text:
        return NoResultsHelp([], without_filters, [])
    titles = closest_titles(query.text)
    described = described_products(query)
    products = {
        product.pk: product
        for product in load([s.product_id for s in (*titles, *described)])
    }
    return NoResultsHelp(
        closest_titles=[products[s.product_id] for s in titles if s.product_id in products],
        without_filters=without_filters,
        in_descriptions=[products[s.product_id] for s in described if s.product_id in products],
    )


#: How many example words the no-results advice offers.
EXAMPLE_TERMS = 3


def example_terms(limit: int = EXAMPLE_TERMS, *, english: bool | None = None) -> list[str]:
    """The most common product kinds in the shop, as words to try when a search
    found nothing ("trà", "cà phê", "khăn"), so the advice never suggests
    something the shop does not sell. Computed from the sellable products'
    titles (``english``: from their English titles; default: the active
    language), cached until the catalogue changes (``freshness``)."""
    english = is_english() if english is None else english
    key = versioned_key("search-examples", english, limit)
    terms = cache.get(key)
    if terms is None:
        rows = Product.objects.browsable().sellable().values_list("title", "title_en")
        titles_en = [title_en for _title, title_en in rows if title_en]
        if english and titles_en:
            terms = common_heads(titles_en, limit, head_first=False)
        else:
            terms = common_heads([title for title, _title_en in rows], limit, head_first=True)
        cache.set(key, terms, TIMEOUT_SECONDS)
    return terms


def common_heads(titles: list[str], limit: int, *, head_first: bool) -> list[str]:
    """The most frequent kinds of product named in ``titles``, lower-cased.

    A Vietnamese title names the kind first ("Trà rau má Quảng Thọ", "Cà phê
    Arabica Cầu Đất"), an English one last ("Quảng Thọ pennywort tea"); the pack
    size in brackets and an English title's place ("… from Lác village") are
    not part of it. A kind is one word, or two when every title with that word
    continues alike (Vietnamese words are syllables: "cà" alone is not coffee,
    "cà phê" is)."""
    one: Counter[str] = Counter()
    two: Counter[str] = Counter()
    for title in titles:
        name = title.split("(")[0].split(",")[0].lower()
        if not head_first:
            # "Thái brocade scarf from Lác village": the kind comes before the place.
            name = re.split(r"\s(?:from|in|at)\s", name)[0]
        words = name.split()
        if not words:
            continue
        if not head_first:
            words.reverse()
        one[words[0]] += 1
        if len(words) > 1:
            two[(words[0], words[1])] += 1
    heads = []
    for word, count in one.most_common(limit):
        pairs = [(pair, n) for pair, n in two.items() if pair[0] == word and n == count]
        if pairs:
            pair = pairs[0][0]
            word = " ".join(pair if head_first else reversed(pair))
        heads.append(word)
    return heads


def search(
    query: SearchQuery,
    *,
    facets: bool = True,
    load_products: bool = True,
    suggestions: bool = False,
) -> SearchResults:
    """Search with the configured backend; ``suggestions``: when nothing
    matches, also what to offer instead (``no_results_help``)."""
    backend_name, degraded, result = _cached_answer(query, facets)
    ids = [hit.product_id for hit in result.hits]
    products = load(ids) if load_products else []
    return SearchResults(
        query=query,
        total=result.total,
        products=products,
        distances={
            hit.product_id: hit.distance_km for hit in result.hits if hit.distance_km is not None
        },
        facets=label_facets(result.facets, query) if facets else {},
        backend=backend_name,
        degraded=degraded,
        suggestions=no_results_help(query) if suggestions and not result.total else None,
    )


def _cached_answer(query: SearchQuery, facets: bool) -> tuple[str, bool, object]:
    """The backend's answer (ids, total, facet counts), shared by every buyer who
    asks the same thing until the catalogue changes (``freshness``). A fallback
    answer is not kept: Elasticsearch answers again as soon as it is back."""
    key = versioned_key("search", get_backend().name, get_language(), repr(query), facets)
    cached = cache.get(key)
    if cached is not None:
        return cached[0], False, cached[1]
    backend, degraded, result = _answer(lambda backend: backend.search(query, facets=facets))
    if not degraded:
        cache.set(key, (backend.name, result), TIMEOUT_SECONDS)
    return backend.name, degraded, result


def suggest(prefix: str, limit: int = 8) -> list[Suggestion]:
    return _answer(lambda backend: backend.suggest(prefix, limit))[2]


def load(ids: list[int]) -> list:
    """Products for ``ids`` in that order, with everything a card shows prefetched."""
    if not ids:
        return []
    # sellable() again: even a stale index entry never puts a lapsed product on a page.
    products = Product.objects.browsable().sellable().base_queryset().filter(pk__in=ids)
    by_id = {product.pk: product for product in products}
    return [by_id[pk] for pk in ids if pk in by_id]


def price_band_label(key: str) -> str:
    from oscar.templatetags.currency_filters import currency

    low, high = key.split("-")
    if not low or low == "0":
        return _("Under %(high)s") % {"high": currency(int(high), "VND")}
    if not high:
        return _("%(low)s and more") % {"low": currency(int(low), "VND")}
    return f"{currency(int(low), 'VND')} – {currency(int(high), 'VND')}"


def label_facets(
    counts: dict[str, dict[str, int]], query: SearchQuery
) -> dict[str, list[FacetValue]]:
    """Facet values with labels, in a stable order; selected values always shown."""
    from marketplace.producers.models import Producer

    selected = {
        "province": set(query.provinces),
        "stars": {str(star) for star in query.stars},
        "group": set(query.groups),
        "producer_kind": set(query.producer_kinds),
        "price": {
            key
            for key, low, high in PRICE_BANDS
            if (query.price_min, query.price_max) == (low, high)
            and (low is not None or high is not None)
        },
    }
    kind_labels = dict(Producer.KIND_CHOICES)
    province_counts = counts.get("province", {})
    province_labels = dict(
        Province.objects.filter(pk__in=set(province_counts) | selected["province"]).values_list(
            "code", "short_name"
        )
    )
    facets: dict[str, list[FacetValue]] = {}

    def values(facet: str, ordered: list[tuple[str, str]]) -> list[FacetValue]:
        facet_counts = counts.get(facet, {})
        return [
            FacetValue(value, label, facet_counts.get(value, 0), value in selected[facet])
            for value, label in ordered
            if facet_counts.get(value) or value in selected[facet]
        ]

    provinces = sorted(
        set(province_counts) | selected["province"],
        key=lambda code: (-province_counts.get(code, 0), province_labels.get(code, code)),
    )
    facets["province"] = values(
        "province", [(code, province_labels.get(code, code)) for code in provinces]
    )
    facets["stars"] = values(
        "stars", [(str(star), f"{star}★") for star in sorted(STAR_LEVELS, reverse=True)]
    )
    facets["group"] = values(
        "group", [(group.code, group.name) for group in GROUPS]
    )
    facets["producer_kind"] = values(
        "producer_kind", [(kind, str(kind_labels[kind])) for kind in PRODUCER_KINDS]
    )
    facets["price"] = values(
        "price", [(key, price_band_label(key)) for key, _low, _high in PRICE_BANDS]
    )
    return facets
