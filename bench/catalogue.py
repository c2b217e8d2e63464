#!/usr/bin/env python
"""Catalogue list benchmark: server time and SQL queries per page with N products.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench_catalogue .venv/bin/python bench/catalogue.py --products 10000

It (re)creates N synthetic certified products in the given database (migrating it
first), then requests catalogue and category pages through Django's test client
and prints p50/p95 server time and the query count of each page.
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


def prepare_database() -> None:
    """Fresh planner statistics (as autovacuum would have after a real import) and
    the search table/index the catalogue pages read."""
    from django.core.management import call_command
    from django.db import connection

    call_command("search_index", "--rebuild")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure(client, url: str, repeat: int) -> tuple[list[float], int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    timings = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        queries = len(ctx.captured_queries)
        assert response.status_code == 200, (url, response.status_code)
    return timings, queries, len(response.context["products"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()

    setup_django("ocop_bench_catalogue")
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # response.context for the product count
    settings.ALLOWED_HOSTS = ["*"]
    build_catalogue(args.products, "BENCHCAT")
    prepare_database()

    from catalogue.structure import ensure_groups

    food = ensure_groups()["food"]
    client = Client()
    pages = {
        "catalogue page 1": "/catalogue/",
        "catalogue page 100": "/catalogue/?page=100",
        "category page 1": food.get_absolute_url(),
    }
    print(f"\n{args.products} products, {settings.DATABASES['default']['ENGINE']}, {args.repeat} requests each")
    print(f"{'page':<22}{'shown':>6}{'queries':>9}{'p50 ms':>9}{'p95 ms':>9}")
    for label, path in pages.items():
        timings, queries, shown = measure(client, path, args.repeat)
        p95 = statistics.quantiles(timings, n=20)[18]
        print(f"{label:<22}{shown:>6}{queries:>9}{statistics.median(timings):>9.1f}{p95:>9.1f}")


if __name__ == "__main__":
    main()
