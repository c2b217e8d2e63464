#!/usr/bin/env python
"""Order placement benchmark: N concurrent buyers placing orders on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench_checkout .venv/bin/python bench/checkout.py

Migrates and empties the database named in DATABASE_URL (created if missing;
use a database of its own), makes a small
catalogue of certified products from several producers, prepares one basket per
order (1-3 lines from a shared set of hot products, so buyers contend for the same
stock rows), then lets ``--buyers`` processes (like gunicorn workers; ``--threads`` for threads
of one process) place them at once through the
project's ``OrderCreator`` (certificate re-check, conditional stock allocation,
lines, totals) and prints orders/s and p50/p95/max placement time. It checks the
result too: allocations equal the quantities ordered and nothing was oversold.

By default every buyer places its orders back to back: the machine is saturated and
a placement waits about buyers / throughput (Little's law), so p95 measures the CPU
cost of a placement times the queue. ``--think-ms 500`` gives each buyer a pause
between orders, like shoppers who do not all click "Place order" in the same
instant.
"""

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.test")

from bench.common import ensure_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--buyers", type=int, default=20, help="concurrent buyers (processes, or threads with --threads)")
    parser.add_argument("--orders", type=int, default=20, help="orders per buyer")
    parser.add_argument("--products", type=int, default=12, help="hot products shared by all buyers")
    parser.add_argument("--think-ms", type=int, default=0,
                        help="pause of each buyer between two orders (default 0: every buyer places "
                             "orders back to back, the saturation case)")
    parser.add_argument("--threads", action="store_true",
                        help="buyers as threads of one process instead of one process each")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    ensure_database(url)

    import django
    from django.conf import settings

    # Production queues the search reindex in the database (django-tasks-db) and a
    # worker runs it; the immediate backend would run it inside each placement.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from oscar.core.loading import get_model
    from tqdm import tqdm

    call_command("migrate", verbosity=0)
    # A bench database: start from empty tables each run (factories number from 1).
    call_command("flush", interactive=False, verbosity=0)

    from tests.factories import ProducerFactory, create_product, make_basket, place_basket

    Line = get_model("order", "Line")
    StockRecord = get_model("partner", "StockRecord")

    producers = [ProducerFactory(name=f"Bench checkout producer {i}") for i in range(4)]
    total_orders = args.buyers * args.orders
    products = [
        create_product(f"Bench product {i}", upc=f"BENCHCO{i:05d}", stock=total_orders * 3,
                       producer=producers[i % len(producers)], price=50_000 + 1_000 * i)
        for i in range(args.products)
    ]
    rng = random.Random(4)
    baskets = [
        make_basket(*[(product, rng.randint(1, 3)) for product in rng.sample(products, rng.randint(1, 3))])
        for _ in tqdm(range(total_orders), desc="baskets", unit="basket")
    ]

    def place(basket) -> float:
        if args.think_ms:
            time.sleep(args.think_ms / 1000)
        started = time.perf_counter()
        # Reloads the basket and prices it as a checkout request would, then places it.
        place_basket(basket, order_number=f"B{basket.pk}")
        return time.perf_counter() - started

    chunks = [baskets[i :: args.buyers] for i in range(args.buyers)]
    timings: list[float] = []
    failures: list[str] = []
    progress = tqdm(total=total_orders, desc="orders", unit="order", mininterval=2)

    if args.threads:
        # One process, one thread per buyer: Python's GIL serialises the ORM work.
        lock = threading.Lock()
        barrier = threading.Barrier(args.buyers)

        def buyer(my_baskets: list) -> None:
            try:
                barrier.wait()
                for basket in my_baskets:
                    try:
                        elapsed = place(basket)
                    except Exception as error:  # reported below, the run goes on
                        with lock:
                            failures.append(repr(error))
                        continue
                    with lock:
                        timings.append(elapsed)
                        progress.update()
            finally:
                connections.close_all()

        workers = [threading.Thread(target=buyer, args=(chunk,)) for chunk in chunks]
    else:
        # One process per buyer, like gunicorn workers (the default).
        context = multiprocessing.get_context("fork")
        results = context.Queue()
        start_gate = context.Barrier(args.buyers)
        connections.close_all()  # children open their own connections

        def buyer(my_baskets: list) -> None:
            start_gate.wait()
            for basket in my_baskets:
                try:
                    results.put(("ok", place(basket)))
                except Exception as error:
                    results.put(("failed", repr(error)))
            connections.close_all()

        workers = [context.Process(target=buyer, args=(chunk,)) for chunk in chunks]

    wall = time.perf_counter()
    for worker in workers:
        worker.start()
    if not args.threads:
        for _ in range(total_orders):
            kind, value = results.get()
            (timings if kind == "ok" else failures).append(value)
            progress.update()
    for worker in workers:
        worker.join()
    wall = time.perf_counter() - wall
    progress.close()

    ordered = {
        row["stockrecord_id"]: row["total"]
        for row in Line.objects.filter(order__number__startswith="B")
        .values("stockrecord_id").annotate(total=django.db.models.Sum("quantity"))
    }
    for record in StockRecord.objects.filter(product__in=products):
        assert (record.num_allocated or 0) == ordered.get(record.pk, 0), "allocation drifted"
        assert (record.num_allocated or 0) <= record.num_in_stock, "oversold"

    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    print(f"database        {connections['default'].vendor} ({url.rsplit('/', 1)[-1]})")
    mode = "threads in one process" if args.threads else "processes"
    print(f"buyers          {args.buyers} concurrent ({mode}), {args.orders} orders each, "
          f"{args.products} hot products, {os.cpu_count()} CPUs"
          + (f", {args.think_ms} ms between a buyer's orders" if args.think_ms else ", back to back"))
    print(f"orders placed   {len(timings)} (failed: {len(failures)})")
    print(f"throughput      {len(timings) / wall:.1f} orders/s")
    print(f"placement time  p50 {statistics.median(timings) * 1000:.0f} ms · "
          f"p95 {p95 * 1000:.0f} ms · max {timings[-1] * 1000:.0f} ms  (target p95 ≤ 300 ms)")
    if failures:
        print("first failures:", *failures[:5], sep="\n  ")


if __name__ == "__main__":
    main()
