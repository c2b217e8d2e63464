#!/usr/bin/env python
"""Sales points' stock sync benchmark: stock takes and counter sales through the
token API, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench_stock_sync .venv/bin/python bench/stock_sync.py

Migrates and empties the database named in DATABASE_URL (created if missing; use
a database of its own), makes ``--items`` certified products
(``bench.common.build_catalogue``), a sales point and its token, then sends the
requests through the whole HTTP stack in-process (Django's test client: URL
routing, every middleware, DRF authentication, throttling and parsing). Each
request is timed server-side, from the WSGI request to the finished response
(the handler's ``get_response``), so building the JSON on the client side is not
counted.

1. ``--puts`` stock takes of all ``--items`` products (``PUT .../stock/``); the
   first adds them to the point's stock, the next ones change every count.
   Target: ≤ 1 s each. Also counts the PUT's SQL queries at 10, 200 and
   ``--items`` items: the same number whatever the size.
2. ``--batches`` batches of ``--batch-size`` counter sales (``POST .../sales/``),
   each event of a random product. Target: ≥ 500 events/s.

Prints p50/p95 of each. The token's rate limit is raised for the run
(``SALES_POINT_API_RATE``), as a till that legitimately sends this much would get.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

# Run as a script, bench/ comes first on the path and bench/http.py would shadow
# the standard library's http package: import from the project root instead.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.test")
# The benchmark sends far more than a till's default budget of 120 requests a minute.
os.environ["SALES_POINT_API_RATE"] = "100000/min"

from bench.common import build_catalogue, setup_django  # noqa: E402

PREFIX = "BENCHSP"


def percentiles(timings: list[float]) -> str:
    timings = sorted(timings)
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return f"p50 {statistics.median(timings) * 1000:.0f} ms · p95 {p95 * 1000:.0f} ms · max {timings[-1] * 1000:.0f} ms"


class TimedClient:
    """Django's test client whose requests are timed inside the handler."""

    def __init__(self, token: str):
        from django.test import Client

        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        handler = self.client.handler
        inner = handler.get_response
        self.last = 0.0

        def timed(request):
            started = time.perf_counter()
            response = inner(request)
            self.last = time.perf_counter() - started
            return response

        handler.get_response = timed

    def send(self, method: str, path: str, body: dict):
        response = getattr(self.client, method)(path, data=json.dumps(body), content_type="application/json")
        if response.status_code != 200:
            raise SystemExit(f"{method.upper()} {path}: {response.status_code} {response.content[:500]!r}")
        return response.json(), self.last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=1000, help="products in each stock take")
    parser.add_argument("--puts", type=int, default=10, help="stock takes of all the products")
    parser.add_argument("--batches", type=int, default=100, help="batches of counter sales")
    parser.add_argument("--batch-size", type=int, default=50, help="counter sales per batch")
    args = parser.parse_args()

    setup_django("ocop_bench_stock_sync")
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from oscar.core.loading import get_model

    from marketplace.sales_points.models import SalesPoint, create_sales_point_token
    from tests.factories import PartnerFactory, ProvinceFactory

    # A bench database: start from empty tables each run.
    call_command("flush", interactive=False, verbosity=0)
    build_catalogue(args.items, PREFIX)
    Product = get_model("catalogue", "Product")
    skus = list(Product.objects.filter(upc__startswith=PREFIX).order_by("upc").values_list("upc", flat=True))
    point = SalesPoint.objects.create(
        partner=PartnerFactory(name="Bench sales point"), code="BENCH-SP", name="Điểm bán bench",
        kind="supermarket", province=ProvinceFactory(),
    )
    client = TimedClient(create_sales_point_token(point, "bench till")[1])
    url = f"/api/v1/sales-points/{point.code}/"
    rng = random.Random(20260110)
    start = timezone.now() - datetime.timedelta(days=1)

    def stock_take(n: int, items: list[str]) -> dict:
        counted_at = (start + datetime.timedelta(minutes=n)).isoformat()
        return {"items": [{"sku": sku, "quantity": 500 + rng.randrange(500), "counted_at": counted_at}
                          for sku in items]}

    timings = []
    for n in range(args.puts):
        answer, seconds = client.send("put", url + "stock/", stock_take(n, skus))
        statuses = {item["status"] for item in answer["items"]}
        assert len(answer["items"]) == len(skus) and statuses <= {"applied", "unchanged"}, statuses
        timings.append(seconds)
        print(f"PUT {len(skus)} items #{n + 1}: {seconds * 1000:.0f} ms" + (" (adds them)" if n == 0 else ""))
    steady = timings[1:] or timings
    print(f"PUT of {len(skus)} items: first {timings[0] * 1000:.0f} ms; then {percentiles(steady)}  (target ≤ 1 s)")

    queries = {}
    for size in sorted({10, 200, len(skus)}):
        with CaptureQueriesContext(connection) as captured:
            client.send("put", url + "stock/", stock_take(args.puts + size, skus[:size]))
        queries[size] = len(captured)
    print("PUT SQL queries by items: " + ", ".join(f"{size}: {count}" for size, count in queries.items())
          + ("  (constant)" if len(set(queries.values())) == 1 else "  (NOT constant)"))

    timings, event = [], 0
    for _batch in range(args.batches):
        events = []
        for _ in range(args.batch_size):
            event += 1
            events.append({"event_id": f"bench-{event}", "sku": rng.choice(skus), "quantity": 1,
                           "sold_at": timezone.now().isoformat()})
        answer, seconds = client.send("post", url + "sales/", {"events": events})
        assert len(answer["events"]) == len(events)
        timings.append(seconds)
    rate = event / sum(timings)
    print(f"counter sales, batches of {args.batch_size}: {rate:.0f} events/s (target ≥ 500); "
          f"per batch {percentiles(timings)}")
    replay, seconds = client.send("post", url + "sales/", {"events": events})
    print(f"replay of the last batch (idempotent, nothing moves): {seconds * 1000:.0f} ms")


if __name__ == "__main__":
    main()
