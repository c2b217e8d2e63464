"""The search query: one dataclass that the HTML page, the JSON API and the
catalogue pages all build, and that every backend understands.

``parse_query`` reads request parameters and validates each one on its own, so a
bad parameter is reported by name ("stars: 7 is not a star level...") and the
others still apply on the HTML page.
"""

import math
from dataclasses import dataclass, replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue.groups import GROUP_CODES
from catalogue.search import regions
from marketplace.text import fold, nfc, normalize_exact

#: ``sort`` values, in the order a sort menu shows them.
SORT_RELEVANCE = "relevance"
SORT_STARS = "stars"
SORT_PRICE = "price"
SORT_PRICE_DESC = "-price"
SORT_NEWEST = "newest"
SORT_DISTANCE = "distance"
SORT_CHOICES = [
    (SORT_RELEVANCE, gettext_lazy("Best match")),
    (SORT_STARS, gettext_lazy("Most stars")),
    (SORT_PRICE, gettext_lazy("Price: low to high")),
    (SORT_PRICE_DESC, gettext_lazy("Price: high to low")),
    (SORT_NEWEST, gettext_lazy("Newest")),
    (SORT_DISTANCE, gettext_lazy("Nearest")),
]
SORTS = tuple(value for value, _label in SORT_CHOICES)

STAR_LEVELS = (3, 4, 5)
PRODUCER_KINDS = ("enterprise", "cooperative", "cooperative_group", "household")
DEFAULT_PAGE_SIZE = 24
MAX_PAGE_SIZE = 100
#: Elasticsearch's default ``index.max_result_window``: deeper pages need search_after.
MAX_RESULT_WINDOW = 10_000
MAX_QUERY_LENGTH = 200
MAX_RADIUS_KM = 2_000

#: Price bands of the price facet, whole VND: (key, lower bound, upper bound).
PRICE_BANDS: tuple[tuple[str, int | None, int | None], ...] = (
    ("0-100000", None, 100_000),
    ("100000-200000", 100_000, 200_000),
    ("200000-500000", 200_000, 500_000),
    ("500000-1000000", 500_000, 1_000_000),
    ("1000000-", 1_000_000, None),
)

#: The facets, and the query fields each one's filter reads (multi-select: a
#: facet's counts ignore these fields and honour every other filter).
FACETS: dict[str, tuple[str, ...]] = {
    "province": ("provinces",),
    "stars": ("stars", "stars_min"),
    "group": ("groups",),
    "producer_kind": ("producer_kinds",),
    "price": ("price_min", "price_max"),
}

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


@dataclass(frozen=True)
class SearchQuery:
    #: Text as typed, NFC-normalised.
    q: str = ""
    #: Current province codes (names and old names are resolved on parsing).
    provinces: tuple[str, ...] = ()
    ward: str | None = None
    #: Exact star levels (any of them).
    stars: tuple[int, ...] = ()
    stars_min: int | None = None
    groups: tuple[str, ...] = ()
    producer_kinds: tuple[str, ...] = ()
    #: Whole VND, inclusive.
    price_min: int | None = None
    price_max: int | None = None
    in_stock: bool = False
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None
    #: Category ids (a category page and its descendants); not a URL parameter.
    category_ids: tuple[int, ...] = ()
    sort: str = SORT_RELEVANCE
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    @property
    def text_exact(self) -> str:
        return normalize_exact(self.q)

    @property
    def text_folded(self) -> str:
        return fold(self.q)

    @property
    def has_text(self) -> bool:
        return bool(self.text_folded)

    @property
    def has_location(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def effective_sort(self) -> str:
        return self.sort

    def without(self, *fields: str) -> "SearchQuery":
        """A copy with the given fields back at their defaults."""
        defaults = SearchQuery()
        return replace(self, **{name: getattr(defaults, name) for name in fields})

    def without_facet(self, facet: str) -> "SearchQuery":
        return self.without(*FACETS[facet])

    @property
    def has_filters(self) -> bool:
        return self != replace(
            SearchQuery(),
            q=self.q,
            sort=self.sort,
            page=self.page,
            page_size=self.page_size,
            category_ids=self.category_ids,
        )


class SearchQueryError(ValueError):
    """Bad parameters. ``errors`` maps each parameter name to its messages;
    ``query`` is the query built from the parameters that were valid."""

    def __init__(self, errors: dict[str, list[str]], query: SearchQuery):
        self.errors = errors
        self.query = query
        super().__init__("; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in errors.items()))


def _values(params, name: str) -> list[str]:
    if hasattr(params, "getlist"):
        raw = params.getlist(name)
    else:
        value = params.get(name)
        raw = value if isinstance(value, (list, tuple)) else ([] if value is None else [value])
    values = []
    for item in raw:
        # "stars=4,5" is accepted as well as "stars=4&stars=5".
        values.extend(part.strip() for part in str(item).split(",") if part.strip())
    return values


def _single(params, name: str) -> str | None:
    values = _values(params, name)
    return values[-1] if values else None


def _int(value: str) -> int:
    value = (
        value.strip().replace(".", "").replace("_", "") if value.count(".") > 1 else value.strip()
    )
    return int(value)


def parse_query(params, *, defaults: dict | None = None) -> SearchQuery:
    """Build a ``SearchQuery`` from request parameters (a QueryDict or a dict).

    Raises ``SearchQueryError`` naming every bad parameter; its ``query`` holds
    the valid rest so a page can still show something useful.
    """
    errors: dict[str, list[str]] = {}
    values: dict = dict(defaults or {})

    def error(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    q = nfc(_single_raw(params, "q") or "").strip()
    if len(q) > MAX_QUERY_LENGTH:
        error("q", _("Search text is limited to %(max)d characters.") % {"max": MAX_QUERY_LENGTH})
        q = q[:MAX_QUERY_LENGTH]
    values["q"] = q

    provinces = []
    for value in _values(params, "province"):
        code = regions.province_code(value)
        if code is None:
            error("province", _("Unknown province: “%(value)s”.") % {"value": value})
        elif code not in provinces:
            provinces.append(code)
    if provinces:
        values["provinces"] = tuple(provinces)

    ward = _single(params, "ward")
    if ward:
        code = regions.ward_code(ward, tuple(provinces))
        if code is None:
            error("ward", _("Unknown ward or commune: “%(value)s”.") % {"value": ward})
        else:
            values["ward"] = code

    stars = []
    for value in _values(params, "stars"):
        try:
            star = int(value)
        except ValueError:
            star = None
        if star not in STAR_LEVELS:
            error(
                "stars",
                _("“%(value)s” is not an OCOP star level; use 3, 4 or 5.") % {"value": value},
            )
        elif star not in stars:
            stars.append(star)
    if stars:
        values["stars"] = tuple(sorted(stars))

    stars_min = _single(params, "stars_min")
    if stars_min is not None:
        try:
            number = int(stars_min)
        except ValueError:
            number = None
        if number is None or not 1 <= number <= 5:
            error("stars_min", _("Minimum stars must be a whole number from 1 to 5."))
        else:
            values["stars_min"] = number

    groups = []
    for value in _values(params, "group"):
        if value not in GROUP_CODES:
            error(
                "group",
                _("Unknown product group “%(value)s”; use one of: %(choices)s.")
                % {"value": value, "choices": ", ".join(GROUP_CODES)},
            )
        elif value not in groups:
            groups.append(value)
    if groups:
        values["groups"] = tuple(groups)

    kinds = []
    for value in _values(params, "producer_kind"):
        if value not in PRODUCER_KINDS:
            error(
                "producer_kind",
                _("Unknown producer kind “%(value)s”; use one of: %(choices)s.")
                % {"value": value, "choices": ", ".join(PRODUCER_KINDS)},
            )
        elif value not in kinds:
            kinds.append(value)
    if kinds:
        values["producer_kinds"] = tuple(kinds)

    for name in ("price_min", "price_max"):
        raw = _single(params, name)
        if raw is None:
            continue
        try:
            amount = int(raw)
        except ValueError:
            error(name, _("Enter a price in whole đồng, e.g. 150000."))
            continue
        if amount < 0:
            error(name, _("A price cannot be negative."))
            continue
        values[name] = amount
    if (
        values.get("price_min") is not None
        and values.get("price_max") is not None
        and values["price_min"] > values["price_max"]
    ):
        error("price_max", _("The highest price is below the lowest price."))
        values.pop("price_max")

    in_stock = _single(params, "in_stock")
    if in_stock is not None:
        if in_stock.lower() in TRUE_VALUES:
            values["in_stock"] = True
        elif in_stock.lower() in FALSE_VALUES:
            values["in_stock"] = False
        else:
            error("in_stock", _("Use in_stock=1 (only products in stock) or in_stock=0."))

    coordinates = {}
    for name, limit in (("lat", 90), ("lon", 180)):
        raw = _single(params, name)
        if raw is None:
            continue
        try:
            number = float(raw)
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or abs(number) > limit:
            error(
                name,
                _("%(name)s must be a number between -%(limit)d and %(limit)d.")
                % {"name": name, "limit": limit},
            )
        else:
            coordinates[name] = number
    has_lat, has_lon = _single(params, "lat") is not None, _single(params, "lon") is not None
    if has_lat != has_lon:
        error("lon" if has_lat else "lat", _("Give both lat and lon for a location."))
    elif len(coordinates) == 2:
        values.update(coordinates)

    radius = _single(params, "radius_km")
    if radius is not None:
        try:
            number = float(radius)
        except ValueError:
            number = math.nan
        if not has_lat or not has_lon:
            error("radius_km", _("radius_km needs a location: give lat and lon too."))
        elif not math.isfinite(number) or not 0 < number <= MAX_RADIUS_KM:
            error(
                "radius_km",
                _("The radius must be a number of kilometres above 0 and at most %(max)d.")
                % {"max": MAX_RADIUS_KM},
            )
        elif "lat" in values:
            values["radius_km"] = number

    sort = _single(params, "sort")
    if sort is not None:
        if sort not in SORTS:
            error(
                "sort",
                _("Unknown sort “%(value)s”; use one of: %(choices)s.")
                % {"value": sort, "choices": ", ".join(SORTS)},
            )
        elif sort == SORT_DISTANCE and not (has_lat and has_lon):
            error("sort", _("Sorting by distance needs a location: give lat and lon."))
        else:
            values["sort"] = sort

    for name, low, high in (("page", 1, None), ("page_size", 1, MAX_PAGE_SIZE)):
        raw = _single(params, name)
        if raw is None:
            continue
        try:
            number = int(raw)
        except ValueError:
            number = None
        if number is None or number < low or (high is not None and number > high):
            if high is None:
                error(
                    name,
                    _("%(name)s must be a whole number of at least %(low)d.")
                    % {"name": name, "low": low},
                )
            else:
                error(
                    name,
                    _("%(name)s must be a whole number from %(low)d to %(high)d.")
                    % {"name": name, "low": low, "high": high},
                )
        else:
            values[name] = number
    page_size = values.get("page_size", DEFAULT_PAGE_SIZE)
    if values.get("page", 1) * page_size > MAX_RESULT_WINDOW:
        error("page", _("That page is too far back; narrow the search instead."))
        values.pop("page")

    query = SearchQuery(**values)
    if errors:
        raise SearchQueryError(errors, query)
    return query


def _single_raw(params, name: str) -> str | None:
    """Last value as given (no comma splitting): for free text."""
    if hasattr(params, "getlist"):
        raw = params.getlist(name)
        return raw[-1] if raw else None
    value = params.get(name)
    if isinstance(value, (list, tuple)):
        return value[-1] if value else None
    return value
