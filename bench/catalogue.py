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
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.test")

from bench.common import ensure_database  # noqa: E402


def build_products(count: int) -> None:
    import datetime

    from django.db import transaction
    from django.utils import timezone
    from oscar.core.loading import get_model
    from tqdm import tqdm

    from catalogue.certification import certificate_valid_until
    from catalogue.groups import GROUP_CODES
    from catalogue.structure import ensure_groups, product_class_for_group

    Product = get_model("catalogue", "Product")
    ProductCategory = get_model("catalogue", "ProductCategory")
    StockRecord = get_model("partner", "StockRecord")
    Partner = get_model("partner", "Partner")
    Producer = get_model("producers", "Producer")
    Province = get_model("regions", "Province")
    RecognitionDecision = get_model("catalogue", "RecognitionDecision")
    Certificate = get_model("catalogue", "Certificate")

    existing = Product.objects.filter(upc__startswith="BENCHCAT").count()
    if existing == count:
        print(f"{count} benchmark products already present")
        return False
    with transaction.atomic():
        Product.objects.filter(upc__startswith="BENCHCAT").delete()
        categories = ensure_groups()
        provinces = list(Province.objects.all()[:34])
        if not provinces:
            provinces = [Province.objects.create(code="46", name="Thành phố Huế", short_name="Huế",
                                                 codename="hue", division_type="thành phố trung ương")]
        producers = []
        for i in range(200):
            partner, _ = Partner.objects.get_or_create(name=f"Bench producer {i}")
            producer, _ = Producer.objects.get_or_create(
                partner=partner,
                defaults=dict(name=partner.name, kind="cooperative", tax_code=f"{9900000000 + i}",
                              province=provinces[i % len(provinces)]),
            )
            producers.append(producer)
        decision, _ = RecognitionDecision.objects.get_or_create(
            number="BENCH/QĐ-UBND", signed_on=timezone.localdate() - datetime.timedelta(days=200),
            issuing_body="UBND tỉnh Bench",
            defaults={"issuing_level": "province", "criteria_version": "148"},
        )
        valid_until = certificate_valid_until(decision.signed_on)
        batch = 1000
        for start in tqdm(range(0, count, batch), desc="products", unit_scale=batch):
            size = min(batch, count - start)
            groups = [GROUP_CODES[(start + i) % len(GROUP_CODES)] for i in range(size)]
            products = Product.objects.bulk_create([
                Product(title=f"Sản phẩm OCOP số {start + i}", upc=f"BENCHCAT{start + i:08d}",
                        slug=f"san-pham-ocop-{start + i}", product_class=product_class_for_group(groups[i]),
                        producer=producers[(start + i) % len(producers)], is_public=True,
                        structure="standalone")
                for i in range(size)
            ])
            ProductCategory.objects.bulk_create([
                ProductCategory(product=p, category=categories[g]) for p, g in zip(products, groups, strict=True)
            ])
            StockRecord.objects.bulk_create([
                StockRecord(product=p, partner=p.producer.partner, partner_sku=p.upc,
                            price=Decimal(50_000 + (i % 40) * 10_000), price_currency="VND",
                            num_in_stock=20)
                for i, p in enumerate(products)
            ])
            Certificate.objects.bulk_create([
                Certificate(product=p, decision=decision, star=3 + i % 3, valid_until=valid_until)
                for i, p in enumerate(products)
            ])
    return True


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

    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ocop_bench_catalogue")
    os.environ["DATABASE_URL"] = url
    ensure_database(url)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # response.context for the product count
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    build_products(args.products)
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
