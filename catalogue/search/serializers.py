"""The search contract, written once: the parameters that ``/search/``, the
catalogue and category pages and ``GET /api/v1/search/`` (and ``suggest/``)
accept, and the JSON the API answers. The OpenAPI schema (``/api/v1/schema/``)
is generated from these classes, so the schema, the validation and the output
cannot drift apart.

How parameters are read:

- a parameter that takes several values may be repeated (``stars=4&stars=5``)
  or comma-separated (``stars=4,5``); any other takes its last value;
- an empty value (``stars_min=``) is an error like any other bad value: leave
  the parameter out instead. ``q=`` is the exception: no text, everything listed;
- every bound is checked before any query is built, each parameter on its own,
  and reported by name in the request's language; the pages apply the valid
  rest (``SearchParameters.search_query``), the API answers 400.
"""

import math
import re

from django.core.validators import RegexValidator
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from catalogue.groups import GROUP_CODES
from catalogue.search.query import (
    DEFAULT_PAGE_SIZE,
    DEFAULT_SUGGESTIONS,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    MAX_PRICE,
    MAX_QUERY_LENGTH,
    MAX_QUERY_WORDS,
    MAX_RADIUS_KM,
    MAX_SUGGEST_LENGTH,
    MAX_SUGGESTIONS,
    MIN_RADIUS_KM,
    PRODUCER_KINDS,
    SORT_DISTANCE,
    SORTS,
    STAR_LEVELS,
    SearchQuery,
)
from marketplace.languages import is_english
from marketplace.regions.resolve import RegionLookupError, match_province, match_ward
from marketplace.text import clean_text

#: White space as both Python's ``re`` and the ECMA regular expressions of JSON
#: Schema understand it (they disagree on ``\s``); control characters other
#: than these are dropped from search text, so they never separate words.
_SPACE = r"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
#: Text of at most ``MAX_QUERY_WORDS`` words (runs of non-space characters).
#: Not empty: the schema lists the empty string as a separate case.
WORDS_PATTERN = (
    rf"^(?:[{_SPACE}]+|[{_SPACE}]*[^{_SPACE}]+(?:[{_SPACE}]+[^{_SPACE}]+)"
    rf"{{0,{MAX_QUERY_WORDS - 1}}}[{_SPACE}]*)$"
)
_WORDS = re.compile(WORDS_PATTERN)
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,20}")
_DECIMAL_NUMBER = re.compile(r"[+-]?(?:[0-9]{1,20}(?:\.[0-9]{0,20})?|\.[0-9]{1,20})(?:[eE][+-]?[0-9]{1,3})?")
TRUE_VALUES = ("1", "true", "yes", "on")
FALSE_VALUES = ("0", "false", "no", "off")


class PartlyValid(serializers.ValidationError):
    """Some of a parameter's values are bad; ``valid`` holds the good ones,
    which a page still applies."""

    def __init__(self, messages: list[str], valid):
        super().__init__(messages)
        self.valid = valid


def _shown(text: str) -> str:
    """A bad value as an error message quotes it: cleaned, and not too long."""
    text = clean_text(text)
    return text if len(text) <= 50 else f"{text[:50]}…"


def _given(data, name: str) -> list[str]:
    """Every value given for ``name`` (a QueryDict may repeat it)."""
    if hasattr(data, "getlist"):
        return [str(value) for value in data.getlist(name)]
    value = data.get(name)
    if value is None:
        return []
    return [str(item) for item in value] if isinstance(value, (list, tuple)) else [str(value)]


class Parameter:
    """A query parameter: its last value when repeated, parsed strictly (ASCII
    digits, no empty value) and bounded with its own message.

    Bounds are checked while parsing, so the message names what is expected;
    the validators DRF derives from ``min_value``/``max_length``… only describe
    them in the OpenAPI schema."""

    def get_value(self, dictionary):
        values = _given(dictionary, self.field_name)
        return values[-1] if values else empty

    def run_validation(self, data=empty):
        if data is empty:
            return super().run_validation(data)  # required, default or left out
        return self.to_internal_value(data)

    def value_text(self, data) -> str:
        text = str(data).strip()
        if not text:
            raise serializers.ValidationError(_("Give a value, or leave the parameter out."))
        return text


class WholeNumber(Parameter, serializers.IntegerField):
    def __init__(self, *, message=None, **kwargs):
        #: Shown for any bad value; names the parameter and its bounds.
        self.message = message
        super().__init__(**kwargs)

    def fail_bounds(self):
        low, high = self.min_value, self.max_value
        if self.message is not None:
            message = str(self.message)
        else:
            message = _("%(name)s must be a whole number from %(low)d to %(high)d.")
        raise serializers.ValidationError(
            message % {"name": self.field_name, "low": low, "high": high, "max": high}
        )

    def to_internal_value(self, data):
        text = self.value_text(data)
        if not _WHOLE_NUMBER.fullmatch(text):
            self.fail_bounds()
        number = int(text)
        if (self.min_value is not None and number < self.min_value) or (
            self.max_value is not None and number > self.max_value
        ):
            self.fail_bounds()
        return number


class Price(WholeNumber):
    def __init__(self, **kwargs):
        super().__init__(
            min_value=0,
            max_value=MAX_PRICE,
            message=gettext_lazy("Enter a price in whole đồng from 0 to %(max)d, e.g. 150000."),
            help_text="Whole VND, inclusive.",
            **kwargs,
        )


class Number(Parameter, serializers.FloatField):
    """A finite decimal number (``16.46``, ``-1e-3``) within bounds."""

    def __init__(self, *, message, **kwargs):
        self.message = message
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        text = self.value_text(data)
        number = float(text) if _DECIMAL_NUMBER.fullmatch(text) else math.nan
        if not (
            math.isfinite(number)
            and (self.min_value is None or number >= self.min_value)
            and (self.max_value is None or number <= self.max_value)
        ):
            raise serializers.ValidationError(
                str(self.message)
                % {"name": self.field_name, "low": self.min_value, "high": self.max_value}
            )
        return number


class Flag(Parameter, serializers.BooleanField):
    def to_internal_value(self, data):
        text = self.value_text(data).lower()
        if text in TRUE_VALUES:
            return True
        if text in FALSE_VALUES:
            return False
        raise serializers.ValidationError(
            _("Use in_stock=1 (only products in stock) or in_stock=0.")
        )


class Choice(Parameter, serializers.ChoiceField):
    """One of a fixed list of values; ``message`` gets the value and the choices."""

    def __init__(self, choices, *, message, **kwargs):
        self.message = message
        super().__init__(choices, **kwargs)

    def to_internal_value(self, data):
        text = self.value_text(data)
        if text in self.choice_strings_to_values:
            return self.choice_strings_to_values[text]
        raise serializers.ValidationError(
            str(self.message)
            % {"value": _shown(text), "choices": ", ".join(str(choice) for choice in self.choices)}
        )


class Province(Parameter, serializers.CharField):
    """A province: its code or a name, current or pre-2025 ("46", "Huế",
    "Thừa Thiên Huế") → the current province's code."""

    def __init__(self, **kwargs):
        super().__init__(min_length=1, max_length=100, **kwargs)

    def to_internal_value(self, data):
        text = self.value_text(data)
        if len(text) <= self.max_length:
            try:
                return match_province(clean_text(text)).code
            except RegionLookupError:
                pass
        raise serializers.ValidationError(
            _("Unknown province: “%(value)s”.") % {"value": _shown(text)}
        )


class Ward(Parameter, serializers.CharField):
    """A ward or commune's code or name; resolved against the province once the
    provinces are known (``SearchParameters``)."""

    def __init__(self, **kwargs):
        super().__init__(max_length=100, **kwargs)

    def to_internal_value(self, data):
        text = self.value_text(data)
        if len(text) > self.max_length:
            raise serializers.ValidationError(
                _("Unknown ward or commune: “%(value)s”.") % {"value": _shown(text)}
            )
        return clean_text(text)


class SearchText(Parameter, serializers.CharField):
    """Typed text: at most ``max_length`` characters and ``MAX_QUERY_WORDS``
    words as sent; control characters removed, white space collapsed."""

    def __init__(self, **kwargs):
        super().__init__(
            allow_blank=True,
            trim_whitespace=False,
            validators=[RegexValidator(WORDS_PATTERN)],
            **kwargs,
        )

    def to_internal_value(self, data):
        text = str(data)
        if len(text) > self.max_length:
            raise PartlyValid(
                [_("Search text is limited to %(max)d characters.") % {"max": self.max_length}],
                clean_text(text[: self.max_length]),
            )
        if text and not _WORDS.fullmatch(text):
            words = clean_text(text).split()
            raise PartlyValid(
                [_("Search text is limited to %(max)d words.") % {"max": MAX_QUERY_WORDS}],
                " ".join(words[:MAX_QUERY_WORDS]),
            )
        return clean_text(text)


class Repeatable(Parameter, serializers.ListField):
    """A parameter taking several values: repeated or comma-separated, at most
    ``max_length`` values, duplicates ignored (and the values sorted when
    ``ordered``). Bad values are reported one by one; the good ones are kept
    (``PartlyValid``)."""

    def __init__(self, *, ordered: bool = False, **kwargs):
        self.ordered = ordered
        super().__init__(**kwargs)

    def get_value(self, dictionary):
        return _given(dictionary, self.field_name) or empty

    def to_internal_value(self, data):
        parts = [part for value in data for part in (value.split(",") if value.strip() else [value])]
        messages, valid = [], []
        if len(data) > self.max_length or len(parts) > self.max_length:
            messages.append(_("Give at most %(max)d values.") % {"max": self.max_length})
            parts = parts[: self.max_length]
        for part in parts:
            try:
                value = self.child.run_validation(part)
            except serializers.ValidationError as error:
                messages.extend(str(message) for message in error.detail)
                continue
            if value not in valid:
                valid.append(value)
        valid = tuple(sorted(valid) if self.ordered else valid)
        if messages:
            raise PartlyValid(messages, valid)
        return valid


class ParametersSerializer(serializers.Serializer):
    """Reads query parameters, checking each on its own: ``errors`` names every
    bad one, and ``valid_values`` keeps what the others ask for."""

    def to_internal_value(self, data):
        values, errors = {}, {}
        for field in self._writable_fields:
            try:
                value = field.run_validation(field.get_value(data))
            except PartlyValid as error:
                errors[field.field_name] = [str(message) for message in error.detail]
                value = error.valid
            except serializers.ValidationError as error:
                errors[field.field_name] = [str(message) for message in error.detail]
                continue
            except serializers.SkipField:
                continue
            if value is not None:
                values[field.source] = value
        self.check_combinations(values, errors)
        self.valid_values = values
        if errors:
            raise serializers.ValidationError(errors)
        return values

    def check_combinations(self, values: dict, errors: dict[str, list[str]]) -> None:
        """Rules between parameters; an offending value is dropped from ``values``."""

    @property
    def detail(self) -> str:
        """The errors in one line, for the API's ``detail``."""
        return "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in self.errors.items()
        )


class SearchParameters(ParametersSerializer):
    """``/search/``, the catalogue and category pages and ``/api/v1/search/``.

    Rules between parameters: ``lat`` and ``lon`` come together; ``radius_km``
    and ``sort=distance`` need them; ``price_max`` is not below ``price_min``;
    ``ward`` is looked up within the province when exactly one is given."""

    q = SearchText(
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=(
            "Text, with or without Vietnamese accents, or English; "
            f"at most {MAX_QUERY_WORDS} words."
        ),
    )
    province = Repeatable(
        child=Province(),
        source="provinces",
        required=False,
        max_length=34,
        help_text="Province code or name, current or pre-2025 (repeatable, or comma-separated).",
    )
    ward = Ward(required=False, help_text="Ward or commune code or name.")
    stars = Repeatable(
        child=Choice(
            STAR_LEVELS,
            message=gettext_lazy("“%(value)s” is not an OCOP star level; use 3, 4 or 5."),
        ),
        required=False,
        ordered=True,
        max_length=len(STAR_LEVELS),
        help_text="Exact star levels (repeatable, or comma-separated).",
    )
    stars_min = WholeNumber(
        required=False,
        min_value=1,
        max_value=5,
        message=gettext_lazy("Minimum stars must be a whole number from 1 to 5."),
        help_text="Minimum star level.",
    )
    group = Repeatable(
        child=Choice(
            GROUP_CODES,
            message=gettext_lazy("Unknown product group “%(value)s”; use one of: %(choices)s."),
        ),
        source="groups",
        required=False,
        max_length=len(GROUP_CODES),
        help_text="OCOP product group (repeatable, or comma-separated).",
    )
    producer_kind = Repeatable(
        child=Choice(
            PRODUCER_KINDS,
            message=gettext_lazy("Unknown producer kind “%(value)s”; use one of: %(choices)s."),
        ),
        source="producer_kinds",
        required=False,
        max_length=len(PRODUCER_KINDS),
        help_text="Repeatable, or comma-separated.",
    )
    price_min = Price(required=False)
    price_max = Price(required=False)
    in_stock = Flag(required=False, help_text="Only products in stock: 1 or 0.")
    lat = Number(
        required=False,
        min_value=-90,
        max_value=90,
        message=gettext_lazy("%(name)s must be a number between %(low)d and %(high)d."),
        help_text="Latitude for near-me search and distance sort (with lon).",
    )
    lon = Number(
        required=False,
        min_value=-180,
        max_value=180,
        message=gettext_lazy("%(name)s must be a number between %(low)d and %(high)d."),
        help_text="Longitude for near-me search and distance sort (with lat).",
    )
    radius_km = Number(
        required=False,
        min_value=MIN_RADIUS_KM,
        max_value=MAX_RADIUS_KM,
        message=gettext_lazy("The radius must be a number of kilometres from %(low)s to %(high)s."),
        help_text="Only products within this distance (needs lat and lon).",
    )
    sort = Choice(
        SORTS,
        required=False,
        message=gettext_lazy("Unknown sort “%(value)s”; use one of: %(choices)s."),
        help_text="Default: relevance; distance needs lat and lon.",
    )
    page = WholeNumber(
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        help_text="From 1; narrow the search rather than going deeper.",
    )
    page_size = WholeNumber(
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        help_text=f"Default {DEFAULT_PAGE_SIZE}.",
    )

    def check_combinations(self, values: dict, errors: dict[str, list[str]]) -> None:
        def error(name: str, message: str) -> None:
            errors.setdefault(name, []).append(message)
            values.pop(name, None)

        given = {name for name in ("lat", "lon") if name in values or name in errors}
        if given == {"lat"}:
            error("lon", _("Give both lat and lon for a location."))
            values.pop("lat", None)
        elif given == {"lon"}:
            error("lat", _("Give both lat and lon for a location."))
            values.pop("lon", None)
        located = "lat" in values and "lon" in values
        if "radius_km" in values and not located and not given:
            error("radius_km", _("radius_km needs a location: give lat and lon too."))
        elif not located:
            values.pop("radius_km", None)
        if values.get("sort") == SORT_DISTANCE and not located:
            error("sort", _("Sorting by distance needs a location: give lat and lon."))
        if values.get("price_max") is not None and values.get("price_min", 0) > values["price_max"]:
            error("price_max", _("The highest price is below the lowest price."))
        if "ward" in values:
            provinces = values.get("provinces", ())
            try:
                province = match_province(provinces[0]) if len(provinces) == 1 else None
                values["ward"] = match_ward(values["ward"], province).code
            except RegionLookupError as lookup:
                error("ward", str(lookup))

    def search_query(self, **defaults) -> SearchQuery:
        """The query asked for (after ``is_valid()``); on errors, what the valid
        parameters ask for. ``defaults`` are a page's own (sort, category)."""
        return SearchQuery(**{**defaults, **self.valid_values})


class SuggestParameters(ParametersSerializer):
    q = SearchText(
        max_length=MAX_SUGGEST_LENGTH,
        help_text="What has been typed so far; empty gives no suggestions.",
        error_messages={"required": gettext_lazy("Give q: what has been typed so far.")},
    )
    limit = WholeNumber(
        required=False,
        min_value=1,
        max_value=MAX_SUGGESTIONS,
        default=DEFAULT_SUGGESTIONS,
        help_text="How many suggestions.",
    )


# Responses


class ErrorSerializer(serializers.Serializer):
    """A 400: every bad parameter, by name."""

    detail = serializers.CharField(help_text="The errors in one line.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Parameter name → what is wrong with it.",
    )


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(source="short_name")


class ProducerSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=PRODUCER_KINDS)


class ProductResultSerializer(serializers.Serializer):
    """A product of the results. Price and availability come from the shop's
    strategy (``request.strategy``), as on every page; ``distance_km`` only when
    the search has a location."""

    id = serializers.IntegerField(source="pk")
    sku = serializers.CharField(source="upc")
    title = serializers.CharField(source="get_title", help_text="In the request's language.")
    title_vi = serializers.CharField(source="title")
    title_en = serializers.CharField()
    url = serializers.SerializerMethodField()
    price_vnd = serializers.SerializerMethodField(help_text="Whole đồng, tax included.")
    in_stock = serializers.SerializerMethodField()
    stars = serializers.IntegerField(
        source="current_certificate.star", allow_null=True, help_text="3, 4 or 5."
    )
    potential_5 = serializers.SerializerMethodField(
        help_text="Scored 5★ by the province, awaiting the national review."
    )
    certificate_valid_until = serializers.DateField(
        source="current_certificate.valid_until", allow_null=True
    )
    province = CodeNameSerializer(source="producer.province", allow_null=True)
    producer = ProducerSerializer(allow_null=True)
    group = serializers.ChoiceField(source="group.code", choices=GROUP_CODES, allow_null=True)
    image = serializers.SerializerMethodField()
    distance_km = serializers.FloatField(
        required=False, help_text="From lat/lon, when given; two decimals."
    )

    def _purchase(self, product):
        """Oscar's purchase info (price, availability), once per product."""
        cache = self.context.setdefault("purchase_info", {})
        if product.pk not in cache:
            cache[product.pk] = self.context["request"].strategy.fetch_for_product(product)
        return cache[product.pk]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, product) -> str:
        return self.context["request"].build_absolute_uri(product.get_absolute_url())

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_price_vnd(self, product) -> int | None:
        price = self._purchase(product).price
        return int(price.incl_tax) if price.exists else None

    def get_potential_5(self, product) -> bool:
        certificate = product.current_certificate
        return bool(certificate and certificate.potential_5)

    def get_in_stock(self, product) -> bool:
        return self._purchase(product).availability.is_available_to_buy

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_image(self, product) -> str | None:
        original = getattr(product.primary_image(), "original", None)
        if not original or not getattr(original, "name", ""):
            return None
        return self.context["request"].build_absolute_uri(original.url)

    def to_representation(self, product):
        data = super().to_representation(product)
        distance = self.context.get("distances", {}).get(product.pk)
        if distance is not None:
            data["distance_km"] = round(distance, 2)
        return data


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField(help_text="In the request's language.")
    count = serializers.IntegerField(help_text="Products with this value, among the other filters.")
    selected = serializers.BooleanField()


class FacetsSerializer(serializers.Serializer):
    """Counts per facet value; a facet's counts ignore its own filter (multi-select)."""

    province = FacetValueSerializer(many=True)
    stars = FacetValueSerializer(many=True)
    group = FacetValueSerializer(many=True)
    producer_kind = FacetValueSerializer(many=True)
    price = FacetValueSerializer(many=True)


class SuggestedProductSerializer(serializers.Serializer):
    """A product offered when the search found nothing."""

    id = serializers.IntegerField(source="pk")
    sku = serializers.CharField(source="upc")
    title = serializers.CharField(source="get_title", help_text="In the request's language.")
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, product) -> str:
        return self.context["request"].build_absolute_uri(product.get_absolute_url())


class NoResultsSuggestionsSerializer(serializers.Serializer):
    """``service.NoResultsHelp``: what a search that found nothing offers."""

    closest_titles = SuggestedProductSerializer(
        many=True, help_text="Products whose titles are closest to the words typed."
    )
    without_filters = serializers.IntegerField(
        allow_null=True,
        help_text="Products the same `q` finds without the filters; null without filters.",
    )
    in_descriptions = SuggestedProductSerializer(
        many=True,
        help_text="Products whose description mentions every word of `q` (descriptions "
        "alone never list a product).",
    )


class SearchResponseSerializer(serializers.Serializer):
    """``service.SearchResults`` as the API answers it."""

    count = serializers.IntegerField(source="total")
    page = serializers.IntegerField(source="query.page")
    page_size = serializers.IntegerField(source="query.page_size")
    num_pages = serializers.IntegerField()
    backend = serializers.ChoiceField(
        choices=["database", "elasticsearch"], help_text="The backend that answered."
    )
    results = ProductResultSerializer(source="products", many=True)
    facets = FacetsSerializer()
    suggestions = NoResultsSuggestionsSerializer(
        allow_null=True, help_text="Only when nothing matched (`count` 0); else null."
    )

    def to_representation(self, results):
        # The group comes from the categories: one query for the page, not one per product.
        prefetch_related_objects(results.products, "categories")
        self.context["distances"] = results.distances
        return super().to_representation(results)


class SuggestionSerializer(serializers.Serializer):
    sku = serializers.CharField()
    title = serializers.SerializerMethodField(help_text="In the request's language.")
    url = serializers.SerializerMethodField()

    def get_title(self, suggestion) -> str:
        return suggestion.title_en if is_english() and suggestion.title_en else suggestion.title

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, suggestion) -> str:
        product = self.context["products"][suggestion.product_id]
        return self.context["request"].build_absolute_uri(product.get_absolute_url())


class SuggestResponseSerializer(serializers.Serializer):
    suggestions = SuggestionSerializer(many=True)
