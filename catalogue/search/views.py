"""Search, catalogue and category pages, all answered by the search service
(``catalogue.search.service``), which replaces Oscar's haystack views."""

from dataclasses import replace

from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from oscar.core.loading import get_model

from catalogue.groups import GROUPS
from catalogue.search import service
from catalogue.search.query import (
    MAX_QUERY_LENGTH,
    PRICE_BANDS,
    SORT_CHOICES,
    SORT_DISTANCE,
    SORT_NEWEST,
    SORT_RELEVANCE,
    SearchQuery,
)
from catalogue.search.serializers import SearchParameters
from marketplace.text import strip_accents

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")

FACET_TITLES = {
    "province": _("Province"),
    "stars": _("OCOP stars"),
    "group": _("Product group"),
    "producer_kind": _("Producer"),
    "price": _("Price"),
}
#: Facet → the URL parameter its values toggle.
FACET_PARAMS = {
    "province": "province",
    "stars": "stars",
    "group": "group",
    "producer_kind": "producer_kind",
}


class _ResultWindow:
    """The current page's products posing as the whole result list, so Django's
    ``Paginator``/``Page`` (and Oscar's pagination partial) work unchanged."""

    def __init__(self, total: int, offset: int, items: list):
        self.total, self.offset, self.items = total, offset, items

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if isinstance(index, slice):
            start = (index.start or 0) - self.offset
            stop = (index.stop if index.stop is not None else self.total) - self.offset
            return self.items[max(start, 0) : max(stop, 0)]
        return self.items[index - self.offset]


def query_params(query: SearchQuery) -> QueryDict:
    """Canonical URL parameters of a query (codes, not names), without the page."""
    params = QueryDict(mutable=True)
    if query.q:
        params["q"] = query.q
    params.setlist("province", list(query.provinces))
    if query.ward:
        params["ward"] = query.ward
    params.setlist("stars", [str(star) for star in query.stars])
    if query.stars_min:
        params["stars_min"] = str(query.stars_min)
    params.setlist("group", list(query.groups))
    params.setlist("producer_kind", list(query.producer_kinds))
    for name in ("price_min", "price_max", "lat", "lon", "radius_km"):
        value = getattr(query, name)
        if value is not None:
            params[name] = str(value)
    if query.in_stock:
        params["in_stock"] = "1"
    if query.sort != SORT_RELEVANCE:
        params["sort"] = query.sort
    if query.page_size != SearchQuery.page_size:
        params["page_size"] = str(query.page_size)
    return QueryDict(params.urlencode(), mutable=True)


def _toggle_url(base: QueryDict, facet: str, value: str, selected: bool) -> str:
    params = base.copy()
    if facet == "price":
        params.pop("price_min", None)
        params.pop("price_max", None)
        if not selected:
            low, high = value.split("-")
            if low and low != "0":
                params["price_min"] = low
            if high:
                params["price_max"] = high
    else:
        name = FACET_PARAMS[facet]
        values = params.getlist(name)
        values = [v for v in values if v != value] if selected else [*values, value]
        params.setlist(name, values)
    if facet == "stars":
        # Exact stars and "N★ and up" are two ways to say one thing: one at a time.
        params.pop("stars_min", None)
    return _url(params)


def _url(params: QueryDict) -> str:
    params.pop("page", None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def _without(base: QueryDict, *names: str) -> str:
    params = base.copy()
    for name in names:
        params.pop(name, None)
    return _url(params)


#: The "N★ and up" choices (5★ is the exact choice).
STARS_AT_LEAST = (3, 4)


def stars_at_least(base: QueryDict, query: SearchQuery, stars_facet) -> list[dict]:
    """"3★ and up", "4★ and up": counts summed from the star facet (whose counts
    ignore the star filters), each a link that sets or clears ``stars_min``."""
    counts = {int(v.value): v.count for v in stars_facet}
    choices = []
    for star in STARS_AT_LEAST:
        selected = query.stars_min == star
        params = base.copy()
        params.pop("stars", None)
        if selected:
            params.pop("stars_min", None)
        else:
            params["stars_min"] = str(star)
        choices.append(
            {
                "value": str(star),
                "label": _("%(star)s★ and up") % {"star": star},
                "count": sum(count for level, count in counts.items() if level >= star),
                "selected": selected,
                "url": _url(params),
            }
        )
    return choices


def chosen_filters(base: QueryDict, query: SearchQuery, facets: list[dict]) -> list[dict]:
    """The filters in force as removable chips: a label and the URL without it."""
    chips = [
        {"label": f"{facet['title']}: {v['label']}", "url": v["url"]}
        for facet in facets
        for v in facet["values"] + facet.get("at_least", [])
        if v["selected"]
    ]
    if query.stars_min and not any(
        v["selected"] for facet in facets for v in facet.get("at_least", [])
    ):
        chips.append(
            {
                "label": _("%(star)s★ and up") % {"star": query.stars_min},
                "url": _without(base, "stars_min"),
            }
        )
    if query.has_location:
        chips.append(
            {
                "label": _("Near my location"),
                "url": _without(base, "lat", "lon", "radius_km", "sort"),
            }
        )
    if query.in_stock:
        chips.append({"label": _("In stock"), "url": _without(base, "in_stock")})
    if query.ward:
        chips.append({"label": _("Ward"), "url": _without(base, "ward")})
    if (query.price_min is not None or query.price_max is not None) and not any(
        v["selected"] for facet in facets if facet["name"] == "price" for v in facet["values"]
    ):
        chips.append({"label": _("Price"), "url": _without(base, "price_min", "price_max")})
    return chips


class SearchPageMixin:
    """Parse parameters, ask the service, and lay the results out for a page."""

    paginate_by = 24
    default_sort = SORT_RELEVANCE

    def base_query_values(self) -> dict:
        return {"page_size": self.paginate_by, "sort": self.default_sort}

    def get_search_query(self) -> tuple[SearchQuery, dict[str, list[str]]]:
        """The query the parameters ask for and the errors of the bad ones (the
        page still applies the valid rest)."""
        parameters = SearchParameters(data=self.request.GET)
        parameters.is_valid()
        return parameters.search_query(**self.base_query_values()), dict(parameters.errors)

    def run_search(self):
        query, errors = self.get_search_query()
        if "q" in errors:
            # Text past the bounds is not searched for at all, not even cut short:
            # the page says why and keeps the box to edit.
            return query, errors, None
        results = service.search(query, suggestions=True)
        if not results.products and query.page > 1 and results.total:
            # Past the last page (a shared link after products sold out): show the last one.
            query = replace(query, page=results.num_pages)
            results = service.search(query, suggestions=True)
        return query, errors, results

    def search_context(self) -> dict:
        query, errors, results = self.run_search()
        if results is None:
            return {"query": query, "errors": errors, "search_stopped": True, "products": []}
        for product in results.products:
            # Shown under the card when the search has a location.
            product.search_distance_km = results.distances.get(product.pk)
        paginator = Paginator(
            _ResultWindow(results.total, query.offset, results.products), query.page_size
        )
        page_obj = paginator.page(min(query.page, paginator.num_pages))
        base = query_params(query)
        facets = []
        for name, values in results.facets.items():
            if not values:
                continue
            facet = {
                "name": name,
                "title": FACET_TITLES[name],
                "values": [
                    {
                        "value": v.value,
                        "label": v.label,
                        "count": v.count,
                        "selected": v.selected,
                        "url": _toggle_url(base, name, v.value, v.selected),
                    }
                    for v in values
                ],
            }
            if name == "stars":
                facet["at_least"] = stars_at_least(base, query, values)
            facets.append(facet)
        sort_params = base.copy()
        sort_params.pop("sort", None)
        filter_params = base.copy()
        filter_params.pop("q", None)
        context = {
            "query": query,
            "errors": errors,
            "results": results,
            "products": list(page_obj.object_list),
            "distances": results.distances,
            "page_obj": page_obj,
            "paginator": paginator,
            "is_paginated": paginator.num_pages > 1,
            "facets": facets,
            "sort_choices": [
                (value, label)
                for value, label in SORT_CHOICES
                if value != SORT_DISTANCE or query.has_location
            ],
            "sort_hidden": [
                (name, value) for name, values in sort_params.lists() for value in values
            ],
            "filter_hidden": [
                (name, value) for name, values in filter_params.lists() for value in values
            ],
            "price_bands": PRICE_BANDS,
            "search_unavailable": results.degraded,
            "has_filters": query.has_filters,
            "chosen_filters": chosen_filters(base, query, facets),
            "province_choices": next(
                (facet["values"] for facet in facets if facet["name"] == "province"), []
            ),
        }
        if not results.total:
            context.update(self.no_results_context(query, results.suggestions))
        return context

    def no_results_context(self, query: SearchQuery, suggestions) -> dict:
        """What to offer when nothing matched (``service.no_results_help``): the
        same text without filters, the closest titles, products whose
        description mentions the words, and the product groups."""
        context = {
            "groups": [(group.code, group.name) for group in GROUPS],
            "suggestions": suggestions.closest_titles if suggestions else [],
            "described": suggestions.in_descriptions if suggestions else [],
            # Words the shop has products for, not fixed examples it may not sell.
            "example_terms": ", ".join(f"“{term}”" for term in service.example_terms()),
        }
        # The longest accented kind shows best that accents may be left out ("ca phe").
        accented = max(
            (t for t in service.example_terms(english=False) if strip_accents(t) != t),
            key=lambda term: len(term.split()),
            default=None,
        )
        if accented:
            context["accents_example"] = {"term": accented, "plain": strip_accents(accented)}
        if suggestions and suggestions.without_filters:
            params = QueryDict(mutable=True)
            params["q"] = query.q
            context["broader"] = {
                "count": suggestions.without_filters,
                "url": f"?{params.urlencode()}",
            }
        return context


class SearchView(SearchPageMixin, TemplateView):
    """``/search/?q=&province=&stars=&group=&…``"""

    template_name = "catalogue/search/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.search_context())
        query = context["query"]
        stopped = context.get("search_stopped", False)
        context["summary"] = (
            _("Results for “%(q)s”") % {"q": query.q}
            if query.q and not stopped
            else _("Search certified OCOP products")
        )
        context["max_query_length"] = MAX_QUERY_LENGTH
        return context


class CatalogueView(SearchPageMixin, TemplateView):
    """All certified products, newest first, with the facet sidebar."""

    template_name = "catalogue/search/browse.html"
    default_sort = SORT_NEWEST

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.search_context())
        context["summary"] = _("All products")
        return context


class ProductCategoryView(CatalogueView):
    template_name = "catalogue/search/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=kwargs["pk"])
        expected = self.category.get_absolute_url()
        if request.path != expected and not request.path.endswith(expected.split("/", 2)[-1]):
            return redirect(expected, permanent=True)
        return super().get(request, *args, **kwargs)

    def base_query_values(self) -> dict:
        values = super().base_query_values()
        # Documents list every ancestor of their categories, so the page's own id
        # finds the products of its sub-categories too.
        values["category_ids"] = (self.category.pk,)
        return values

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        context["summary"] = self.category.get_name()
        return context
