"""JSON API: ``GET /api/v1/search/`` and ``GET /api/v1/search/suggest/``.

The same parameters as the ``/search/`` page (``catalogue.search.query``); a bad
parameter is a 400 naming it, never a 500.
"""

from django.urls import path
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from catalogue.groups import GROUP_CODES
from catalogue.search import service
from catalogue.search.query import (
    MAX_PAGE_SIZE,
    PRODUCER_KINDS,
    SORTS,
    SearchQueryError,
    parse_query,
)
from marketplace.languages import is_english


def _image_url(request, product) -> str | None:
    image = product.primary_image()
    original = getattr(image, "original", None)
    if not original or not getattr(original, "name", ""):
        return None
    return request.build_absolute_uri(original.url)


def product_json(request, product, distance_km: float | None = None) -> dict:
    certificate = product.current_certificate
    stockrecord = next(iter(product.stockrecords.all()), None)
    producer = product.producer
    province = producer.province if producer else None
    item = {
        "id": product.pk,
        "sku": product.upc,
        "title": product.get_title(),
        "title_vi": product.title,
        "title_en": product.title_en,
        "url": request.build_absolute_uri(product.get_absolute_url()),
        "price_vnd": int(stockrecord.price)
        if stockrecord and stockrecord.price is not None
        else None,
        "in_stock": bool(stockrecord and stockrecord.net_stock_level > 0),
        "stars": certificate.star if certificate else None,
        "potential_5": bool(certificate and certificate.potential_5),
        "certificate_valid_until": certificate.valid_until.isoformat() if certificate else None,
        "province": {"code": province.code, "name": province.short_name} if province else None,
        "producer": {"name": producer.name, "kind": producer.kind} if producer else None,
        "group": product.group.code if product.group else None,
        "image": _image_url(request, product),
    }
    if distance_km is not None:
        item["distance_km"] = round(distance_km, 2)
    return item


def facet_value_serializer(**kwargs):
    return inline_serializer(
        "SearchFacetValue",
        fields={
            "value": serializers.CharField(),
            "label": serializers.CharField(),
            "count": serializers.IntegerField(),
            "selected": serializers.BooleanField(),
        },
        **kwargs,
    )


NamedSerializer = inline_serializer(
    "SearchNamed", fields={"code": serializers.CharField(), "name": serializers.CharField()}
)
ResultSerializer = inline_serializer(
    "SearchResult",
    many=True,
    fields={
        "id": serializers.IntegerField(),
        "sku": serializers.CharField(),
        "title": serializers.CharField(help_text="In the request's language."),
        "title_vi": serializers.CharField(),
        "title_en": serializers.CharField(),
        "url": serializers.URLField(),
        "price_vnd": serializers.IntegerField(allow_null=True, help_text="Whole đồng."),
        "in_stock": serializers.BooleanField(),
        "stars": serializers.IntegerField(help_text="3, 4 or 5"),
        "potential_5": serializers.BooleanField(),
        "certificate_valid_until": serializers.DateField(),
        "province": NamedSerializer,
        "producer": inline_serializer(
            "SearchProducer",
            fields={"name": serializers.CharField(), "kind": serializers.CharField()},
        ),
        "group": serializers.CharField(),
        "image": serializers.URLField(allow_null=True),
        "distance_km": serializers.FloatField(required=False),
    },
)
SearchResponseSerializer = inline_serializer(
    "SearchResponse",
    fields={
        "count": serializers.IntegerField(),
        "page": serializers.IntegerField(),
        "page_size": serializers.IntegerField(),
        "num_pages": serializers.IntegerField(),
        "backend": serializers.CharField(),
        "results": ResultSerializer,
        "facets": serializers.DictField(child=facet_value_serializer(many=True)),
    },
)
ErrorSerializer = inline_serializer(
    "SearchError",
    fields={
        "detail": serializers.CharField(),
        "errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField())),
    },
)

SEARCH_PARAMETERS = [
    OpenApiParameter("q", str, description="Text, with or without Vietnamese accents, or English."),
    OpenApiParameter(
        "province",
        str,
        many=True,
        description="Province code or name, current or pre-2025 (repeatable).",
    ),
    OpenApiParameter("ward", str, description="Ward/commune code or name."),
    OpenApiParameter(
        "stars", int, many=True, enum=[3, 4, 5], description="Exact star levels (repeatable)."
    ),
    OpenApiParameter("stars_min", int, description="Minimum star level, 1–5."),
    OpenApiParameter(
        "group",
        str,
        many=True,
        enum=list(GROUP_CODES),
        description="OCOP product group (repeatable).",
    ),
    OpenApiParameter(
        "producer_kind", str, many=True, enum=list(PRODUCER_KINDS), description="Repeatable."
    ),
    OpenApiParameter("price_min", int, description="Whole VND, inclusive."),
    OpenApiParameter("price_max", int, description="Whole VND, inclusive."),
    OpenApiParameter("in_stock", bool, description="Only products in stock."),
    OpenApiParameter("lat", float, description="Latitude for near-me search and distance sort."),
    OpenApiParameter("lon", float, description="Longitude for near-me search and distance sort."),
    OpenApiParameter(
        "radius_km", float, description="Only products within this distance (needs lat and lon)."
    ),
    OpenApiParameter("sort", str, enum=list(SORTS), description="Default: relevance."),
    OpenApiParameter("page", int, description="From 1."),
    OpenApiParameter("page_size", int, description=f"At most {MAX_PAGE_SIZE}; default 24."),
]


def _bad_request(error: SearchQueryError) -> Response:
    return Response({"detail": str(error), "errors": error.errors}, status=400)


class SearchAPIView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        operation_id="search_products",
        summary="Search certified OCOP products",
        parameters=SEARCH_PARAMETERS,
        responses={
            200: SearchResponseSerializer,
            400: OpenApiResponse(ErrorSerializer, description="A bad parameter."),
        },
    )
    def get(self, request):
        try:
            query = parse_query(request.query_params)
        except SearchQueryError as error:
            return _bad_request(error)
        results = service.search(query)
        return Response(
            {
                "count": results.total,
                "page": query.page,
                "page_size": query.page_size,
                "num_pages": results.num_pages,
                "backend": results.backend,
                "results": [
                    product_json(request, product, results.distances.get(product.pk))
                    for product in results.products
                ],
                "facets": {
                    name: [
                        {
                            "value": v.value,
                            "label": v.label,
                            "count": v.count,
                            "selected": v.selected,
                        }
                        for v in values
                    ]
                    for name, values in results.facets.items()
                },
            }
        )


class SuggestAPIView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        operation_id="suggest_products",
        summary="Autocomplete product titles",
        parameters=[
            OpenApiParameter("q", str, required=True, description="What has been typed so far."),
            OpenApiParameter("limit", int, description="1–20, default 8."),
        ],
        responses={
            200: inline_serializer(
                "SuggestResponse",
                fields={
                    "suggestions": inline_serializer(
                        "Suggestion",
                        fields={
                            "sku": serializers.CharField(),
                            "title": serializers.CharField(),
                            "url": serializers.URLField(),
                        },
                        many=True,
                    )
                },
            ),
            400: OpenApiResponse(ErrorSerializer, description="A bad parameter."),
        },
    )
    def get(self, request):
        q = (request.query_params.get("q") or "").strip()
        errors = {}
        if len(q) > 100:
            errors["q"] = ["Type at most 100 characters."]
        raw_limit = request.query_params.get("limit", "8")
        try:
            limit = int(raw_limit)
            if not 1 <= limit <= 20:
                raise ValueError
        except ValueError:
            errors["limit"] = ["limit must be a whole number from 1 to 20."]
            limit = 8
        if errors:
            detail = "; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items())
            return Response({"detail": detail, "errors": errors}, status=400)
        english = is_english()
        suggestions = service.suggest(q, limit) if q else []
        products = {p.pk: p for p in service.load([s.product_id for s in suggestions])}
        return Response(
            {
                "suggestions": [
                    {
                        "sku": s.sku,
                        "title": (s.title_en if english and s.title_en else s.title),
                        "url": request.build_absolute_uri(
                            products[s.product_id].get_absolute_url()
                        ),
                    }
                    for s in suggestions
                    if s.product_id in products
                ]
            }
        )


urlpatterns = [
    path("", SearchAPIView.as_view(), name="api-search"),
    path("suggest/", SuggestAPIView.as_view(), name="api-search-suggest"),
]
