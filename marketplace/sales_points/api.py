"""The sales points' token API (/api/v1/sales-points/{code}/...): stock, counts,
counter sales and the stock ledger, for tills and stock-keeping software.

Each sales point's tools authenticate with ``Authorization: Bearer <token>``
(``SalesPointToken``); a token works only for its own point (another code → 403),
is rate-limited on its own (``SALES_POINT_API_RATE``), and never goes through
django-axes: no password is checked, and tokens carry 256 random bits, so failed
attempts neither count towards nor suffer from login lockouts."""

import datetime

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from oscar.core.loading import get_model
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from marketplace.partner.models import LedgerSource
from marketplace.partner.stock import StockOrigin
from marketplace.sales_points.models import SalesPointToken, hash_token
from marketplace.sales_points.sync import (
    MAX_IDENTIFIER,
    MAX_PRICE,
    MAX_QUANTITY,
    BatchInvalid,
    count_stock,
    parse_moment,
    record_counter_sales,
)

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
StockLedgerEntry = get_model("partner", "StockLedgerEntry")

#: Most items (counts) or events (sales) in one request.
MAX_BATCH_ITEMS = 5000


class TokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <token>`` → the token's sales point (``request.auth``)."""

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != b"bearer":
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token as “Authorization: Bearer <token>”."))
        token = (
            SalesPointToken.objects.usable().select_related("sales_point")
            .filter(key_hash=hash_token(header[1].decode("latin-1"))).first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is unknown or revoked."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
            # At most one write a minute per token, not one per request.
            SalesPointToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return AnonymousUser(), token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    """The schema's description of ``TokenAuthentication`` (an HTTP bearer token)."""

    target_class = TokenAuthentication
    name = "salesPointToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "A sales point's API token (manage.py create_sales_point_token CODE)."}


class OwnSalesPointOnly(BasePermission):
    """The token's sales point is the one in the URL."""

    message = gettext_lazy("This token belongs to another sales point.")

    def has_permission(self, request, view):
        token = request.auth
        return isinstance(token, SalesPointToken) and token.sales_point.code == view.kwargs.get("code")


class TokenRateThrottle(SimpleRateThrottle):
    """Each token's own request budget, ``SALES_POINT_API_RATE`` (e.g. ``120/min``)."""

    scope = "sales_point_token"

    def get_rate(self):
        return settings.SALES_POINT_API_RATE

    def get_cache_key(self, request, view):
        if isinstance(request.auth, SalesPointToken):
            return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
        return None


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request is too large.")
    default_code = "too_large"


class Paging(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_page_size(self, request):
        """``page_size`` from 1 to 1000, or a 400 (DRF would quietly use another size)."""
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not value.isdigit() or not 1 <= int(value) <= self.max_page_size:
            raise exceptions.ParseError(
                _("Give page_size as a whole number from 1 to %(max)s.") % {"max": self.max_page_size}
            )
        return int(value)

    def get_page_number(self, request, paginator):
        """``page`` is a whole number from 1 (DRF reads an empty ``page=`` as page 1)."""
        value = request.query_params.get(self.page_query_param)
        if value is not None and not (value.isdigit() and int(value) >= 1):
            raise exceptions.ParseError(_("Give page as a whole number from 1."))
        return super().get_page_number(request, paginator)


#: The paging parameters, as the schema describes them.
PAGING_PARAMETERS = [
    OpenApiParameter("page", {"type": "integer", "minimum": 1}, description="From 1; past the last page → 404."),
    OpenApiParameter("page_size", {"type": "integer", "minimum": 1, "maximum": Paging.max_page_size},
                     description="Items per page, at most 1000 (default 100)."),
]


def _invalid(errors) -> Response:
    return Response({"errors": [error.as_dict() for error in errors]}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)


def _no_nul(value: str | None, field: str) -> str | None:
    if value is not None and "\x00" in value:
        raise exceptions.ParseError(_("“%(field)s” contains a NUL character.") % {"field": field})
    return value


class SalesPointAPIView(APIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [OwnSalesPointOnly]
    throttle_classes = [TokenRateThrottle]
    # JSON only: tills send JSON, and the schema then offers nothing else.
    parser_classes = [JSONParser]

    #: The query parameters each method takes (by lower-case method name); any
    #: other is a 400, so a misspelt filter never silently answers everything.
    query_parameters: dict[str, set[str]] = {}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        allowed = self.query_parameters.get(request.method.lower(), set())
        if unknown := sorted(set(request.query_params) - allowed):
            raise exceptions.ParseError(
                _("Unknown query parameter: %(unknown)s. This request takes: %(allowed)s.")
                % {"unknown": ", ".join(unknown), "allowed": ", ".join(sorted(allowed)) or "-"}
            )
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.SALES_POINT_API_MAX_BODY:
            raise RequestTooLarge(_("The body is larger than %(max)s bytes.") % {"max": settings.SALES_POINT_API_MAX_BODY})

    @property
    def sales_point(self):
        return self.request.auth.sales_point

    def batch(self, key: str) -> list:
        """The request body's ``key`` list: 413 beyond MAX_BATCH_ITEMS, 422 when missing."""
        data = self.request.data
        items = data.get(key) if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise BatchInvalid([])
        if len(items) > MAX_BATCH_ITEMS:
            raise RequestTooLarge(_("At most %(max)s items in one request.") % {"max": MAX_BATCH_ITEMS})
        return items

    def origin(self, source: str) -> StockOrigin:
        return StockOrigin(source, actor=self.request.auth.name)


# Serializers describe the requests and answers (the OpenAPI schema) and write the answers.


class StockItemSerializer(serializers.Serializer):
    sku = serializers.CharField(source="partner_sku")
    title = serializers.CharField(source="product.title")
    quantity = serializers.IntegerField(source="num_in_stock")
    allocated = serializers.SerializerMethodField()
    available = serializers.SerializerMethodField()
    price_vnd = serializers.SerializerMethodField()
    counted_at = serializers.DateTimeField(allow_null=True)
    sellable = serializers.BooleanField(source="is_sellable_now")

    def get_allocated(self, record) -> int:
        return record.num_allocated or 0

    def get_available(self, record) -> int:
        return max((record.num_in_stock or 0) - (record.num_allocated or 0), 0)

    def get_price_vnd(self, record) -> int | None:
        return int(record.price) if record.price is not None else None


class CountItemSerializer(serializers.Serializer):
    sku = serializers.CharField(max_length=MAX_IDENTIFIER)
    quantity = serializers.IntegerField(min_value=0, max_value=MAX_QUANTITY)
    counted_at = serializers.DateTimeField(help_text="ISO 8601 with its UTC offset; not in the future.")
    price_vnd = serializers.IntegerField(min_value=1, max_value=MAX_PRICE, required=False, allow_null=True,
                                         help_text="A new price in whole đồng; omit to keep the current one.")


class CountResultSerializer(serializers.Serializer):
    sku = serializers.CharField()
    status = serializers.ChoiceField(choices=["applied", "unchanged", "stale", "conflict"])
    before = serializers.IntegerField()
    after = serializers.IntegerField()
    allocated = serializers.IntegerField()


class SaleEventSerializer(serializers.Serializer):
    event_id = serializers.CharField(max_length=MAX_IDENTIFIER)
    sku = serializers.CharField(max_length=MAX_IDENTIFIER)
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)
    sold_at = serializers.DateTimeField()


class SaleResultSerializer(serializers.Serializer):
    event_id = serializers.CharField()
    sku = serializers.CharField()
    quantity = serializers.IntegerField()
    status = serializers.ChoiceField(source="outcome", choices=["recorded", "oversold"])
    before = serializers.IntegerField(source="quantity_before")
    after = serializers.IntegerField(source="quantity_after")


class LedgerEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source = serializers.ChoiceField(choices=LedgerSource.values)
    sku = serializers.CharField(source="stockrecord.partner_sku")
    quantity_before = serializers.IntegerField()
    quantity_after = serializers.IntegerField()
    allocated_before = serializers.IntegerField()
    allocated_after = serializers.IntegerField()
    by = serializers.CharField(source="actor")
    at = serializers.DateTimeField(source="created_at")
    reference = serializers.CharField(help_text="The counter sale's event id or the order number.")


ERRORS = inline_serializer("BatchErrors", {"errors": serializers.ListField(child=inline_serializer(
    "ItemError", {"index": serializers.IntegerField(allow_null=True, help_text="The item's index from 0; null for the "
                                                 "whole body (its list missing)."),
                  "field": serializers.CharField(),
                  "message": serializers.CharField()}))})
COMMON = {
    401: OpenApiResponse(description="Missing, unknown or revoked token."),
    403: OpenApiResponse(description="The token belongs to another sales point."),
    429: OpenApiResponse(description="Too many requests for this token; see Retry-After."),
}
LISTING = {**COMMON, 400: OpenApiResponse(description="An unknown or invalid query parameter."),
           404: OpenApiResponse(description="No such page.")}
BATCH = {**COMMON, 400: OpenApiResponse(description="Malformed JSON, or a query parameter given."),
         413: OpenApiResponse(description="Body over 1 MB or over 5,000 items."),
         415: OpenApiResponse(description="The body is not JSON (Content-Type: application/json)."),
         422: OpenApiResponse(ERRORS, description="Every error by item index and field; nothing applied.")}


class StockView(SalesPointAPIView):
    query_parameters = {"get": {"sku", "page", "page_size"}}

    @extend_schema(
        summary="The sales point's stock",
        parameters=[OpenApiParameter("sku", str, description="Only this SKU."),
                    *PAGING_PARAMETERS],
        responses={200: inline_serializer("StockPage", {
            "sales_point": serializers.CharField(), "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True), "previous": serializers.URLField(allow_null=True),
            "items": StockItemSerializer(many=True)}), **LISTING},
    )
    def get(self, request, code):
        records = (
            StockRecord._default_manager.filter(partner_id=self.sales_point.partner_id)
            .select_related("product")
            .annotate(is_sellable_now=Exists(Product._default_manager.sellable().filter(pk=OuterRef("product_id"))))
            .order_by("partner_sku", "pk")
        )
        if sku := _no_nul(request.query_params.get("sku"), "sku"):
            records = records.filter(partner_sku=sku)
        paging = Paging()
        page = paging.paginate_queryset(records, request, view=self)
        return Response({
            "sales_point": code, "count": paging.page.paginator.count,
            "next": paging.get_next_link(), "previous": paging.get_previous_link(),
            "items": StockItemSerializer(page, many=True).data,
        })

    @extend_schema(
        summary="Apply a stock take (absolute counts)",
        request=inline_serializer("StockCounts", {"items": CountItemSerializer(many=True)}),
        responses={200: inline_serializer("StockCountResults", {
            "sales_point": serializers.CharField(), "items": CountResultSerializer(many=True)}), **BATCH},
    )
    def put(self, request, code):
        try:
            results = count_stock(self.sales_point, self.batch("items"), self.origin(LedgerSource.API_COUNT))
        except BatchInvalid as invalid:
            return _invalid(invalid.errors or [_MissingList("items")])
        return Response({"sales_point": code, "items": CountResultSerializer(results, many=True).data})


class _MissingList:
    def __init__(self, field):
        self.field = field

    def as_dict(self):
        return {"index": None, "field": self.field, "message": _("Give a list of items.")}


class SalesView(SalesPointAPIView):
    @extend_schema(
        summary="Record counter sales (idempotent by event_id)",
        request=inline_serializer("CounterSales", {"events": SaleEventSerializer(many=True)}),
        responses={200: inline_serializer("CounterSaleResults", {
            "sales_point": serializers.CharField(), "events": SaleResultSerializer(many=True)}), **BATCH},
    )
    def post(self, request, code):
        try:
            sales = record_counter_sales(
                self.sales_point, self.batch("events"), self.origin(LedgerSource.API_SALE), token=request.auth
            )
        except BatchInvalid as invalid:
            return _invalid(invalid.errors or [_MissingList("events")])
        return Response({"sales_point": code, "events": SaleResultSerializer(sales, many=True).data})


class LedgerView(SalesPointAPIView):
    query_parameters = {"get": {"since", "page", "page_size"}}

    @extend_schema(
        summary="Every stock change at the sales point, oldest first",
        parameters=[OpenApiParameter("since", datetime.datetime, description="ISO 8601 with offset."),
                    *PAGING_PARAMETERS],
        responses={200: inline_serializer("LedgerPage", {
            "sales_point": serializers.CharField(), "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True), "previous": serializers.URLField(allow_null=True),
            "entries": LedgerEntrySerializer(many=True)}), **LISTING},
    )
    def get(self, request, code):
        entries = (
            StockLedgerEntry._default_manager.filter(stockrecord__partner_id=self.sales_point.partner_id)
            .select_related("stockrecord").order_by("pk")
        )
        since = _no_nul(request.query_params.get("since"), "since")
        if since is not None:  # an empty "since=" is a mistake, not "from the start"
            moment = parse_moment(since) if since else None
            if moment is None:
                raise exceptions.ParseError(_("Give “since” as an ISO 8601 date and time with its UTC offset."))
            entries = entries.filter(created_at__gte=moment)
        paging = Paging()
        page = paging.paginate_queryset(entries, request, view=self)
        return Response({
            "sales_point": code, "count": paging.page.paginator.count,
            "next": paging.get_next_link(), "previous": paging.get_previous_link(),
            "entries": LedgerEntrySerializer(page, many=True).data,
        })
