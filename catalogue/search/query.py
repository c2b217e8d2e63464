"""The search query: the value every backend receives, and the bounds of its
parameters.

Request parameters become a ``SearchQuery`` through the search contract
(``catalogue.search.serializers``), which the HTML pages, the JSON API and its
OpenAPI schema share.
"""

from dataclasses import dataclass, replace
from functools import cached_property

from django.utils.translation import gettext_lazy

from marketplace.text import clean_text, fold, normalize_exact

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
#: Elasticsearch's default ``index.max_result_window`` (deeper pages need
#: search_after): ``page`` × ``page_size`` stays within it.
MAX_RESULT_WINDOW = 10_000
MAX_PAGE = MAX_RESULT_WINDOW // MAX_PAGE_SIZE
#: Search text: characters as sent, and words (runs of non-space characters).
#: Every backend's work grows with the words, so they are bounded before any
#: query is built.
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 20
MAX_SUGGEST_LENGTH = 100
MAX_SUGGESTIONS = 20
DEFAULT_SUGGESTIONS = 8
MIN_RADIUS_KM = 0.1
MAX_RADIUS_KM = 2_000
#: Whole VND; the Elasticsearch mapping stores prices as 32-bit integers.
MAX_PRICE = 2_000_000_000

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



def bounded_text(text: str) -> str:
    """Text as a backend searches for it: without control characters, at most
    ``MAX_QUERY_WORDS`` words and ``MAX_QUERY_LENGTH`` characters.

    The contract rejects longer text before any query is built; this keeps a
    backend's work bounded when its input comes some other way."""
    text = clean_text(text)
    words = normalize_exact(text).split()
    if len(text) <= MAX_QUERY_LENGTH and len(words) <= MAX_QUERY_WORDS:
        return text
    return " ".join(words[:MAX_QUERY_WORDS])[:MAX_QUERY_LENGTH]


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

    @cached_property
    def text(self) -> str:
        return bounded_text(self.q)

    @property
    def text_exact(self) -> str:
        return normalize_exact(self.text)

    @property
    def text_folded(self) -> str:
        return fold(self.text)

    @property
    def has_text(self) -> bool:
        return bool(self.text_folded)

    @property
    def has_location(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

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
