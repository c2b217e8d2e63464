"""JSON API: ``GET /api/v1/search/`` and ``GET /api/v1/search/suggest/``.

Parameters, answers and their OpenAPI schema all come from the search contract
(``catalogue.search.serializers``); a bad parameter is a 400 naming it, in the
request's language, never a 500.
"""

from django.core.cache import cache
from django.urls import path
from django.utils import translation
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from catalogue.search import service
from catalogue.search.freshness import TIMEOUT_SECONDS, versioned_key
from catalogue.search.serializers import (
    ErrorSerializer,
    ParametersSerializer,
    SearchParameters,
    SearchResponseSerializer,
    SuggestParameters,
    SuggestResponseSerializer,
)

LANGUAGE_NOTE = (
    "Titles, labels and error messages are in the language of `Accept-Language`: "
    "Vietnamese (the default) or English."
)
BAD_REQUEST = OpenApiResponse(ErrorSerializer, description="Bad parameters, each named.")


def bad_request(parameters: ParametersSerializer) -> Response:
    return Response({"detail": parameters.detail, "errors": parameters.errors}, status=400)


class PublicSearchView(APIView):
    """Public, read-only, in the language the client asks for: API paths carry
    no language prefix, so ``Accept-Language`` (or the shop's language cookie)
    chooses between Vietnamese, the default, and English, for titles, facet
    labels and error messages alike."""

    permission_classes = [AllowAny]
    authentication_classes = []

    def initial(self, request, *args, **kwargs):
        language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        super().initial(request, *args, **kwargs)

    def shared_answer(self, request, build) -> Response:
        """``build()``'s JSON, computed once for everyone asking the same URL in
        the same language until the catalogue changes (``freshness``): the answer
        holds nothing of the asker (no authentication, no session)."""
        key = versioned_key(type(self).__name__, request.LANGUAGE_CODE, request.build_absolute_uri())
        data = cache.get(key)
        if data is None:
            data = build()
            cache.set(key, data, TIMEOUT_SECONDS)
        return Response(data)


class SearchAPIView(PublicSearchView):
    @extend_schema(
        operation_id="search_products",
        summary="Search certified OCOP products",
        description=(
            "The parameters of the /search/ page. `lat` and `lon` come together; "
            "`radius_km` and `sort=distance` need them; `price_max` is not below "
            "`price_min`; province and ward names must be known ones. An empty value "
            "is rejected (leave the parameter out), except `q=`. " + LANGUAGE_NOTE
        ),
        parameters=[SearchParameters],
        responses={200: SearchResponseSerializer, 400: BAD_REQUEST},
    )
    def get(self, request):
        parameters = SearchParameters(data=request.query_params)
        if not parameters.is_valid():
            return bad_request(parameters)
        return self.shared_answer(request, lambda: SearchResponseSerializer(
            service.search(parameters.search_query(), suggestions=True), context={"request": request}
        ).data)


class SuggestAPIView(PublicSearchView):

    @extend_schema(
        operation_id="suggest_products",
        summary="Autocomplete product titles",
        description="Titles that start like what has been typed, best first. " + LANGUAGE_NOTE,
        parameters=[SuggestParameters],
        responses={200: SuggestResponseSerializer, 400: BAD_REQUEST},
    )
    def get(self, request):
        parameters = SuggestParameters(data=request.query_params)
        if not parameters.is_valid():
            return bad_request(parameters)
        q, limit = parameters.validated_data["q"], parameters.validated_data["limit"]

        def build():
            suggestions = service.suggest(q, limit) if q else []
            products = {product.pk: product for product in service.load([s.product_id for s in suggestions])}
            return SuggestResponseSerializer(
                {"suggestions": [s for s in suggestions if s.product_id in products]},
                context={"request": request, "products": products},
            ).data

        return self.shared_answer(request, build)


urlpatterns = [
    path("", SearchAPIView.as_view(), name="api-search"),
    path("suggest/", SuggestAPIView.as_view(), name="api-search-suggest"),
]
