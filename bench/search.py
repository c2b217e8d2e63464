#!/usr/bin/env python
"""Search benchmark: p50/p95 latency of typical queries per backend, and indexing
throughput (full rebuild).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench_search .venv/bin/python bench/search.py
    ... bench/search.py --products 10000 --repeat 50 --osmem     # also the Elasticsearch backend on osmem-server
    ELASTICSEARCH_URL=http://localhost:9200 ... bench/search.py  # also a real Elasticsearch 8 cluster

It (re)creates N synthetic certified products (Vietnamese titles and descriptions,
34 provinces with centroids, all star levels, groups and producer kinds) in the
given database, rebuilds the search indexes while timing them, then times each
query through the backend (facets included, 24 results a page). Targets on
PostgreSQL: database backend p95 <= 80 ms at 10,000 products; a full rebuild of
10,000 products <= 30 s.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.test")

from bench.common import build_catalogue, setup_django  # noqa: E402

PREFIX = "SRCH"


def time_rebuild(backend, total: int) -> float:
    from catalogue.search.documents import iter_documents

    started = time.perf_counter()
    written = backend.rebuild(iter_documents(), total=total, progress=True)
    elapsed = time.perf_counter() - started
    print(f"{backend.name}: rebuilt {written} products in {elapsed:.1f} s ({written / elapsed:,.0f} products/s)")
    return elapsed


def queries():
    from catalogue.search.query import SearchQuery

    return {
        "text": [SearchQuery(q=q) for q in ("tra", "mat ong rung", "gạo hữu cơ", "den may tre", "nuoc mam")],
        "text + filters": [
            SearchQuery(q="tra", stars=(4, 5), price_max=500_000),
            SearchQuery(q="mat ong", groups=("food",), in_stock=True, sort="price"),
            SearchQuery(q="gao", stars_min=4, producer_kinds=("cooperative", "household")),
        ],
        # Up to three text matches: whole words fail, the prefix tier fails, then
        # typos (a misspelt word; a word nothing resembles).
        "typos / nothing": [SearchQuery(q=q) for q in ("nuocc mam", "tinh dauu", "xyzzy")],
        "facets only": [SearchQuery(), SearchQuery(groups=("beverage",)), SearchQuery(stars=(5,), page=5)],
        "geo": [
            SearchQuery(lat=16.46, lon=107.59, radius_km=150, sort="distance"),
            SearchQuery(q="tra", lat=21.03, lon=105.85, radius_km=300),
        ],
    }


def measure(backend, repeat: int) -> None:
    print(f"\n{backend.name}: {repeat} runs of each query (facets on, 24 a page)")
    print(f"{'query':<18}{'p50 ms':>9}{'p95 ms':>9}{'hits':>8}")
    for label, items in queries().items():
        for query in items:  # warm caches and plans
            backend.search(query)
        timings, totals = [], []
        for _ in range(repeat):
            for query in items:
                started = time.perf_counter()
                result = backend.search(query)
                timings.append((time.perf_counter() - started) * 1000)
                totals.append(result.total)
        p95 = statistics.quantiles(timings, n=20)[18]
        print(f"{label:<18}{statistics.median(timings):>9.1f}{p95:>9.1f}{int(statistics.mean(totals)):>8}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--osmem", action="store_true", help="also bench Elasticsearch on osmem-server (in-memory)")
    args = parser.parse_args()

    setup_django("ocop_bench_search")
    import logging

    logging.getLogger("elastic_transport").setLevel(logging.WARNING)
    from django.conf import settings
    from django.db import connection

    build_catalogue(args.products, PREFIX)

    from catalogue.search.backends.database import DatabaseBackend
    from catalogue.search.documents import listable_products

    total = listable_products().count()
    print(f"\n{total} listable products, {settings.DATABASES['default']['ENGINE']}")
    backends = [DatabaseBackend()]
    time_rebuild(backends[0], total)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE catalogue_productsearchdocument")

    server = None
    if settings.ELASTICSEARCH_URL or args.osmem:
        from catalogue.search.backends.elasticsearch import ElasticsearchBackend, make_client

        if settings.ELASTICSEARCH_URL:
            client = make_client()
        else:
            from elastic_transport import Urllib3HttpNode
            from osmem_server import OsmemServer

            class PlainJsonNode(Urllib3HttpNode):
                """osmem-server answers 406 to the ES 8 client's versioned media type."""

                def perform_request(self, method, target, body=None, request_timeout=None, headers=None):
                    headers = {k: (v.replace("vnd.elasticsearch+", "").split(";")[0]
                                   if k.lower() in ("accept", "content-type") else v)
                               for k, v in dict(headers or {}).items()}
                    return super().perform_request(method, target, body=body, request_timeout=request_timeout,
                                                   headers=headers)

            server = OsmemServer.start(japanese=False)
            from elasticsearch import Elasticsearch

            client = Elasticsearch(server.url, node_class=PlainJsonNode, request_timeout=60)
        es = ElasticsearchBackend(client=client, alias="ocop-bench-products")
        time_rebuild(es, total)
        backends.append(es)
    try:
        for backend in backends:
            measure(backend, args.repeat)
    finally:
        if server is not None:
            server.close()


if __name__ == "__main__":
    main()
