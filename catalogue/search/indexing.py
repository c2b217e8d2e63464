"""Keeping the search index in step with the catalogue, by explicit calls.

Whoever changes what search shows (the import, certificate revocation, checkout's
stock changes, the dashboard) calls ``schedule_reindex(product_ids)`` inside its
transaction. The reindex runs as a django-tasks task once the transaction has
committed, so the index never shows a change that was rolled back and a slow or
unavailable Elasticsearch never blocks a sale.
"""

import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from oscar.core.loading import get_model

from catalogue.search.backends import database_backend, elasticsearch_backend, index_backends
from catalogue.search.backends.base import SearchBackend, comparable
from catalogue.search.documents import iter_documents, listable_products
from catalogue.search.freshness import bump_catalogue_version

logger = logging.getLogger(__name__)

Product = get_model("catalogue", "Product")
Certificate = get_model("catalogue", "Certificate")
StockRecord = get_model("partner", "StockRecord")


def schedule_reindex(product_ids: Iterable[int]) -> None:
    """Reindex these products after the current transaction commits; cached
    search answers and product fragments go stale at the same moment
    (``freshness``), so the next request shows the committed price, stock,
    certificate state and title."""
    ids = sorted({int(pk) for pk in product_ids if pk is not None})
    if ids:
        transaction.on_commit(lambda: _after_commit(ids))


def _after_commit(ids: list[int]) -> None:
    bump_catalogue_version()
    reindex_products.enqueue(ids)


@task()
def reindex_products(product_ids: list[int]) -> dict:
    return index_products(product_ids)


def index_products(product_ids: Iterable[int], backends: list[SearchBackend] | None = None) -> dict:
    """Write the current state of these products to every index: listable ones
    are (re)written, the others (revoked, hidden, deleted) removed.

    Two reindexes of one product may run at once (two orders for it commit
    together). Each takes the products' rows lock first and only then reads
    their state, so whichever writes last has read the latest state: the index
    ends in step with the catalogue, whatever order they finish in.
    """
    ids = sorted({int(pk) for pk in product_ids})
    written = {}
    failures = []
    with transaction.atomic():
        _lock_products(ids)
        documents = list(iter_documents(ids))
        gone = set(ids) - {document.product_id for document in documents}
        for backend in backends or index_backends():
            try:
                # A savepoint: one index failing must not stop the others, nor
                # leave this transaction unusable.
                with transaction.atomic():
                    written[backend.name] = backend.index_documents(documents, gone)
            except Exception as error:
                logger.exception("Reindexing %d products in %s failed", len(ids), backend.name)
                failures.append(error)
    # The index changed (committed, when this was the outermost transaction, as in
    # the reindex task): answers cached from the old one are stale.
    bump_catalogue_version()
    if failures:
        # The task is recorded as failed; `search_index --check` shows what drifted.
        raise failures[0]
    return {"indexed": written, "removed": sorted(gone)}


def _lock_products(ids: list[int]) -> None:
    """Serialise reindexes of these products: lock their rows, in primary-key
    order (so two reindexes of overlapping products cannot deadlock).

    ``FOR NO KEY UPDATE``: orders and baskets that reference a product take a key
    share lock on it, which this does not block. SQLite has no row locks; there a
    transaction that writes holds the whole database anyway."""
    list(
        Product._default_manager.filter(pk__in=ids)
        .order_by("pk")
        .select_for_update(no_key=True)
        .values_list("pk", flat=True)
    )


def rebuild(
    backends: list[SearchBackend] | None = None, *, progress: bool = False
) -> dict[str, int]:
    """Rebuild each index from the catalogue. Changes committed while a rebuild
    runs were written to the old index (or table); a catch-up pass reindexes
    what changed since the rebuild began, so none is lost in the swap."""
    total = listable_products().count()
    written = {}
    for backend in backends or index_backends():
        started = timezone.now()
        written[backend.name] = backend.rebuild(iter_documents(), total=total, progress=progress)
        changed = changed_since(started)
        if changed:
            index_products(changed, [backend])
    bump_catalogue_version()
    return written


def changed_since(moment) -> set[int]:
    """Products whose own row, stock record or certificate changed since ``moment``."""
    return (
        set(Product.objects.filter(date_updated__gte=moment).values_list("pk", flat=True))
        | set(
            StockRecord.objects.filter(date_updated__gte=moment).values_list(
                "product_id", flat=True
            )
        )
        | set(
            Certificate.objects.filter(date_updated__gte=moment).values_list(
                "product_id", flat=True
            )
        )
    )


def check(backend: SearchBackend) -> dict[str, list]:
    """Differences between the database and an index: products missing from the
    index, indexed products that should not be there, and stale documents."""
    expected = {document.product_id: comparable(document) for document in iter_documents()}
    actual = backend.indexed_state()
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    stale = sorted(
        (pk, field, expected[pk][field], actual[pk].get(field))
        for pk in set(expected) & set(actual)
        for field in expected[pk]
        if expected[pk][field] != actual[pk].get(field)
    )
    return {"missing": missing, "extra": extra, "stale": stale}


__all__ = [
    "schedule_reindex",
    "reindex_products",
    "index_products",
    "rebuild",
    "check",
    "database_backend",
    "elasticsearch_backend",
]
