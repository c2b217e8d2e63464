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
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.test")

from bench.common import ensure_database  # noqa: E402

PREFIX = "SRCH"
WORDS = {
    "food": ["Gạo", "Mật ong", "Chả mực", "Nước mắm", "Bánh", "Mắm", "Tỏi", "Chuối", "Cà phê", "Hạt điều"],
    "beverage": ["Trà", "Rượu", "Nước", "Cà phê", "Trà túi lọc", "Rượu mơ", "Nước cốt"],
    "herbal": ["Cao", "Tinh dầu", "Sâm", "Nghệ", "Hà thủ ô", "Trà thảo mộc"],
    "handicraft": ["Đèn", "Rổ", "Khăn", "Nón lá", "Túi", "Gốm", "Chiếu"],
    "ornamental": ["Lan", "Bonsai", "Mai", "Đào", "Cây cảnh"],
    "tourism": ["Du lịch", "Homestay", "Làng nghề", "Tour"],
}
QUALIFIERS = ["hữu cơ", "rau má", "rừng", "đen", "sen", "hoa vàng", "mây tre", "thổ cẩm", "truyền thống",
              "đặc sản", "tươi", "sấy", "xanh", "zèng", "bạc hà", "gừng", "nếp", "lứt"]
KINDS = ["enterprise", "cooperative", "cooperative_group", "household"]



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

    if Product.objects.filter(upc__startswith=PREFIX).count() == count:
        print(f"{count} benchmark products already present")
        return
    rng = random.Random(20250701)
    with transaction.atomic():
        Product.objects.filter(upc__startswith=PREFIX).delete()
        categories = ensure_groups()
        provinces = list(Province.objects.exclude(latitude=None)[:34])
        if len(provinces) < 34:
            for i in range(34 - len(provinces)):
                code = f"9{i:02d}"
                province, _ = Province.objects.get_or_create(
                    code=code,
                    defaults=dict(name=f"Tỉnh Bench {i}", short_name=f"Bench {i}", codename=f"bench_{i}",
                                  division_type="tỉnh", latitude=8.6 + i * 0.42, longitude=104.5 + (i % 7) * 0.6),
                )
                provinces.append(province)
        producers = []
        for i in range(300):
            partner, _ = Partner.objects.get_or_create(name=f"HTX Bench {i}")
            producer, _ = Producer.objects.get_or_create(
                partner=partner,
                defaults=dict(name=f"HTX Nông nghiệp Bench {i}", kind=KINDS[i % 4], tax_code=f"{9800000000 + i}",
                              province=provinces[i % len(provinces)]),
            )
            producers.append(producer)
        decisions = []
        for years in (0, 1, 2):
            decision, _ = RecognitionDecision.objects.get_or_create(
                number=f"{PREFIX}-{years}/QĐ-UBND",
                signed_on=timezone.localdate() - datetime.timedelta(days=100 + 365 * years),
                issuing_body="UBND tỉnh Bench",
                defaults={"issuing_level": "province", "criteria_version": "148"},
            )
            decisions.append(decision)
        batch = 1000
        for start in tqdm(range(0, count, batch), desc="products", unit="product", unit_scale=batch):
            size = min(batch, count - start)
            groups = [GROUP_CODES[rng.randrange(len(GROUP_CODES))] for _ in range(size)]
            titles = [
                f"{rng.choice(WORDS[g])} {rng.choice(QUALIFIERS)} {rng.choice(producers).province.short_name} {start + i}"
                for i, g in enumerate(groups)
            ]
            products = Product.objects.bulk_create([
                Product(title=titles[i], title_en=f"OCOP product {start + i}", upc=f"{PREFIX}{start + i:08d}",
                        description=f"{titles[i]}: sản phẩm OCOP {rng.choice(QUALIFIERS)}, {rng.choice(QUALIFIERS)}.",
                        slug=f"bench-search-{start + i}", product_class=product_class_for_group(groups[i]),
                        producer=producers[rng.randrange(len(producers))], is_public=True, structure="standalone")
                for i in range(size)
            ])
            ProductCategory.objects.bulk_create([
                ProductCategory(product=p, category=categories[g]) for p, g in zip(products, groups, strict=True)
            ])
            StockRecord.objects.bulk_create([
                StockRecord(product=p, partner=p.producer.partner, partner_sku=p.upc,
                            price=Decimal(rng.randrange(30, 1500) * 1000), price_currency="VND",
                            num_in_stock=rng.choice([0, 5, 20, 100]))
                for p in products
            ])
            Certificate.objects.bulk_create([
                Certificate(product=p, decision=d, star=rng.choice([3, 3, 4, 4, 5]),
                            valid_until=certificate_valid_until(d.signed_on))
                for p in products
                for d in [rng.choice(decisions)]
            ])


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

    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ocop_bench_search")
    os.environ["DATABASE_URL"] = url
    ensure_database(url)

    import django

    django.setup()
    import logging

    logging.getLogger("elastic_transport").setLevel(logging.WARNING)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    build_products(args.products)

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
