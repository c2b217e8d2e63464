"""The contract every search backend keeps: the same ``SearchQuery`` in, the same
``BackendResult`` out (hit ids in order, total, raw facet counts)."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from catalogue.search.documents import ProductDocument
from catalogue.search.query import SearchQuery


class SearchUnavailable(RuntimeError):
    """The backend cannot answer (server down, index missing); callers fall back."""


@dataclass(frozen=True)
class Hit:
    product_id: int
    #: Backend relevance score (not comparable across backends).
    score: float | None = None
    #: Kilometres from the query's location, when it has one.
    distance_km: float | None = None


@dataclass
class BackendResult:
    hits: list[Hit]
    total: int
    #: {facet name: {value: count}}; values are strings (star levels too).
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Suggestion:
    product_id: int
    title: str
    title_en: str
    sku: str


class SearchBackend:
    name = "base"

    def search(self, query: SearchQuery, *, facets: bool = True) -> BackendResult:
        raise NotImplementedError

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        raise NotImplementedError

    def index_documents(
        self, documents: Iterable[ProductDocument], delete_ids: Iterable[int] = ()
    ) -> int:
        """Write these documents and remove ``delete_ids``; returns documents written."""
        raise NotImplementedError

    def rebuild(
        self,
        documents: Iterable[ProductDocument],
        *,
        total: int | None = None,
        progress: bool = False,
    ) -> int:
        raise NotImplementedError

    def indexed_state(self) -> dict[int, dict]:
        """{product id: comparable fields} of everything in the index (for --check)."""
        raise NotImplementedError


def comparable(document: ProductDocument) -> dict:
    """The fields ``search_index --check`` compares between the database and an index."""
    return {
        "sku": document.sku,
        "province": document.province,
        "group": document.group,
        "price": document.price,
        "in_stock": document.in_stock,
        "valid_until": document.valid_until.isoformat(),
        "until": {str(star): day.isoformat() for star, day in sorted(document.until.items())},
    }
